"""Does reuse detection cost the same per document at 100,000 stored documents as at 1,000?

Needs the `bench` extra (datasketch, for the baseline; not with --no-baseline) and, for
--backends postgresql, the `postgres` extra and PostgreSQL's server programs: `make bench-deps`.

    .venv/bin/python benchmarks/reuse_scale.py [--sizes 1000,100000] [--backends sqlite,postgresql]
                                               [--new 60] [--processes N]

For each backend and size N:

1. N documents of about 600 words are written straight into a fresh database
   (text from a word-bigram model of real articles, with one in ten a copy or
   an excerpt of an earlier one, so there is real reuse to find);
2. `prov reindex`, run as its own process, builds the reuse index over them: wall
   time and peak memory (its process and its workers together, sampled from /proc)
   are printed;
3. `--new` more documents (copies, excerpts and new texts) are ingested as text
   files through `prov`'s own ingest path, one transaction each: the time per
   document, in total and for the reuse step alone (fingerprints, candidate
   lookup, alignment, links), is printed.

4. `prov trace` of sentences from five stored documents runs as a user runs it (a
   new process, start-up included), on its own and with `prov serve` running
   (`trace_latency.py`): medians and slowest wall times are printed.

The ratio of per-document times at the largest and smallest size is the figure
that matters (target: at most 1.3). Beside it, a plain datasketch MinHashLSH
(threshold 0.5, 128 permutations, 5-word shingles) indexes and queries the same
N documents in memory, for scale. PostgreSQL runs on a temporary server started
like the test suite's (tests/pgserver.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import os as _os

import reuse_corpus  # noqa: E402
import trace_latency  # noqa: E402
from needs import require  # noqa: E402

from provenance.config import Settings, default_processes  # noqa: E402
from provenance.db import Database  # noqa: E402
from provenance.ingest import Overrides, expand_sources, ingest_sources  # noqa: E402
from provenance.ingest import store as ingest_store  # noqa: E402
from provenance.models import Document, ReuseLink  # noqa: E402

# Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
# measured here but trace candidates: off unless PROV_MEANING says otherwise (PROV_MEANING=on to measure with).
_os.environ.setdefault("PROV_MEANING", "off")


def make_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    bases, _ = reuse_corpus.load_bases()
    model = reuse_corpus.Bigram(bases, random.Random(seed + 1))
    texts: list[str] = []
    for i in range(n):
        if texts and i % 10 == 9:
            source = texts[rng.randrange(len(texts))]
            if rng.random() < 0.5:
                texts.append(source)  # a verbatim copy
            else:
                paragraphs = source.split("\n\n")
                part = paragraphs[rng.randrange(len(paragraphs))]
                texts.append(model.text(300) + "\n\n" + part + "\n\n" + model.text(200))
        else:
            texts.append(model.text(600))
    return texts


def fill(db: Database, texts: list[str]) -> None:
    now = dt.datetime.now(dt.UTC)
    with db.session() as session, session.begin():
        for start in range(0, len(texts), 2000):
            session.execute(insert(Document), [
                {"locator": f"bench:{start + i}", "text": body, "content_kind": "text", "retrieved_at": now,
                 "text_hash": hashlib.sha256(body.encode()).hexdigest(), "metadata_sources": {}}
                for i, body in enumerate(texts[start:start + 2000])
            ])


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and every descendant, in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        p = int(status.parent.name)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(p)
        rss[p] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / 1024


def ingest_new(db: Database, texts: list[str], folder: Path, count: int, seed: int) -> tuple[float, float]:
    """Ingest COUNT new documents (copies, excerpts, new text); seconds per document, total and reuse step."""
    rng = random.Random(seed)
    bases, _ = reuse_corpus.load_bases()
    model = reuse_corpus.Bigram(bases, random.Random(seed + 5))
    folder.mkdir()
    for i in range(count):
        kind = i % 3
        if kind == 0:
            body = texts[rng.randrange(len(texts))]
        elif kind == 1:
            body = model.text(250) + "\n\n" + texts[rng.randrange(len(texts))][:1500] + "\n\n" + model.text(150)
        else:
            body = model.text(600)
        (folder / f"new{i:04d}.txt").write_text(body, encoding="utf-8")
    spent = [0.0]
    original = ingest_store.index_document

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    # One document first, untimed: loading the language model and warming caches is not per-document work.
    warm = folder.parent / (folder.name + "-warm")
    warm.mkdir()
    (warm / "warm.txt").write_text(model.text(300), encoding="utf-8")
    ingest_sources(db, expand_sources([str(warm)]), overrides=Overrides(), settings=Settings(processes=1),
                   on_result=lambda r: None)
    ingest_store.index_document = timed
    try:
        start = time.perf_counter()
        results = ingest_sources(db, expand_sources([str(folder)]), overrides=Overrides(),
                                 settings=Settings(processes=1), on_result=lambda r: None)
        elapsed = time.perf_counter() - start
    finally:
        ingest_store.index_document = original
    assert all(r.status == "new" for r in results), [r for r in results if r.status != "new"][:3]
    return elapsed / count, spent[0] / count


def baseline(texts: list[str]) -> float:
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches = []
    for i, body in enumerate(texts):
        words = re.findall(r"\w+", body.lower())
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(words[j:j + 5]).encode() for j in range(max(1, len(words) - 4))])
        lsh.insert(i, m)
        sketches.append(m)
    for m in sketches:
        lsh.query(m)
    return time.perf_counter() - start


def run(backend: str, url: str, size: int, args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    texts = make_texts(size, seed=size)
    db = Database(url)
    db.ensure_schema()
    start = time.perf_counter()
    fill(db, texts)
    filled = time.perf_counter() - start
    # `prov reindex` in its own process; its memory is sampled from /proc every half second: the
    # resident memory of the process and all its workers together, at its highest.
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "provenance", "--db", url, "reindex", "-q", "--processes",
                             str(args.processes)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = 0.0
    while proc.poll() is None:
        memory = max(memory, tree_rss_mb(proc.pid))
        time.sleep(0.5)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"prov reindex failed: {proc.stderr.read().strip() if proc.stderr else ''}")
    with db.session() as session:
        links = session.scalar(select(func.count()).select_from(ReuseLink)) or 0
    per_doc, reuse_part = ingest_new(db, texts, tmp / f"{backend}-{size}", args.new, seed=size + 1)
    db.dispose()
    # `prov trace` as a user runs it (a new process each time), on its own and with `prov serve`.
    trace = trace_latency.measure(url, trace_latency.pick_claims(url, 5), repeat=3)
    row = {"size": size, "fill": filled, "reindex": took, "memory": memory, "links": links,
           "per_doc_ms": per_doc * 1000, "reuse_ms": reuse_part * 1000, "trace_s": trace["cold_median"],
           "served_trace_s": trace["served_median"]}
    print(f"{backend:10} {size:>7}  fill {filled:7.1f} s  reindex {took:7.1f} s ({links} links, "
          f"peak {memory:5.0f} MB)  ingest {row['per_doc_ms']:6.1f} ms/doc, of which reuse {row['reuse_ms']:5.1f} ms",
          flush=True)
    print(f"{'':10} {'':>7}  {trace_latency.describe(trace)}", flush=True)
    if args.baseline:
        print(f"{'':10} {'':>7}  datasketch MinHashLSH, same documents in memory: {baseline(texts):7.1f} s",
              flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--new", type=int, default=60)
    parser.add_argument("--processes", type=int, default=default_processes())
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    args = parser.parse_args()
    if args.baseline:
        require(__file__, "bench", "datasketch")
    if "postgresql" in args.backends.split(","):
        require(__file__, "postgres", "psycopg")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"reuse at scale: sizes {sizes}, {args.new} new documents each, {args.processes} worker processes")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for backend in args.backends.split(","):
            server = None
            if backend == "postgresql":
                from pgserver import PostgresServer

                server = PostgresServer()
                server.start()
            try:
                rows = []
                for size in sizes:
                    url = (f"sqlite:///{tmp / f'scale-{size}.db'}" if server is None
                           else server.create_database(f"scale_{size}"))
                    rows.append(run(backend, url, size, args, tmp))
                if len(rows) > 1:
                    first, last = rows[0], rows[-1]
                    print(f"{backend:10} per-document ingest at {last['size']} / at {first['size']}: "
                          f"{last['per_doc_ms'] / first['per_doc_ms']:.2f} (reuse step alone "
                          f"{last['reuse_ms'] / first['reuse_ms']:.2f})", flush=True)
            finally:
                if server is not None:
                    server.stop()


if __name__ == "__main__":
    main()
