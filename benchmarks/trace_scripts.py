"""Tracing claims in scripts written without spaces, on the real pages that hold them.

Needs nothing beyond `make install`, and the pages of ../shared/realworld.

    .venv/bin/python benchmarks/trace_scripts.py [--seed S]

Reads every page of ../shared/realworld (all three sets) holding more than 50 runs of
Chinese, Japanese, Thai, Lao, Khmer or Myanmar characters, ingests them into a fresh
SQLite database, and from each stored text traces one sentence (its first 60
characters, chosen at random among sentences with at least 12 such characters).
Prints how many claims found the page they were taken from, and the median and
slowest trace time in process. There is no target: it checks that the pairs of
characters (grams.py) find what the word index cannot.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os as _os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from provenance.config import Settings
from provenance.db import Database
from provenance.grams import RUN
from provenance.ingest import Overrides, expand_sources, ingest_sources
from provenance.models import Document
from provenance.trace import trace_claim
from provenance.views import trace_json

# Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
# measured here but trace candidates: off unless PROV_MEANING says otherwise (PROV_MEANING=on to measure with).
_os.environ.setdefault("PROV_MEANING", "off")

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"
SENTENCE_END = re.compile(r"(?<=[。！？.!?])\s*")


def pages() -> dict[str, bytes]:
    """The real pages holding such text, by file name (a page in two sets once)."""
    found: dict[str, bytes] = {}
    for name in ("trafilatura", "htmldate", "scrapinghub"):
        for line in (REALWORLD / name / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            path = (REALWORLD / name / json.loads(line)["file"]).resolve()
            data = gzip.decompress(path.read_bytes())
            if len(RUN.findall(data.decode("utf-8", "replace"))) > 50:
                found[path.name.removesuffix(".gz")] = data
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not REALWORLD.exists():
        print(f"{REALWORLD}: not found (this benchmark reads the shared real-world pages)", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        held = pages()
        for name, data in held.items():
            (folder / name).write_bytes(data)
        db = Database(f"sqlite:///{tmp}/prov.db")
        db.ensure_schema()
        ingest_sources(db, expand_sources([str(folder)]), overrides=Overrides(), settings=Settings(processes=1),
                       on_result=lambda result: None)
        with db.session() as session:
            docs = session.execute(select(Document.id, Document.text).order_by(Document.id)).all()
            languages = Counter(session.scalars(select(Document.language)))
        found, times, missed = 0, [], []
        for doc_id, text in docs:
            sentences = [s for s in SENTENCE_END.split(text) if sum(len(r) for r in RUN.findall(s)) >= 12]
            if not sentences:
                continue
            claim = rng.choice(sentences)[:60]
            with db.session() as session:
                start = time.perf_counter()
                result = trace_json(trace_claim(session, claim))
                times.append(time.perf_counter() - start)
            if doc_id in {o["document_id"] for o in result["occurrences"]}:
                found += 1
            else:
                missed.append(claim)
        db.dispose()
    print(f"pages in scripts written without spaces: {len(held)}, stored {len(docs)} "
          f"({', '.join(f'{lang} {n}' for lang, n in languages.most_common())})")
    print(f"claims traced: {len(times)}; found the page they came from: {found}/{len(times)}")
    for claim in missed:
        print(f"  missed: {claim}")
    if times:
        print(f"trace time in process: median {statistics.median(times) * 1000:.0f} ms, "
              f"slowest {max(times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
