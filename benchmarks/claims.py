"""Claims in other words, and near misses, about real English news pages (issue 20).

Needs nothing beyond `make install`, and the pages in ../shared/realworld.

    .venv/bin/python benchmarks/claims.py [--db URL] [--keep DIR] [--show]

Reads `benchmarks/labels/claims_paraphrased.jsonl` (how the pages, sentences and claims
were chosen: `benchmarks/labels/README.md`): each `paraphrase` line is a claim written in
other words about one sentence (or two) of a page, each `near-miss` line the same claim
with one fact changed (a number, a date, the actor, the direction, a negation). It checks
that every label still points at its sentence (sha1 of the page's text in
`scrapinghub/truth.jsonl` at the label's offsets), writes the pages into a WARC file
(resource records with their URLs), ingests it into a fresh SQLite database with the
installed `prov` (or rescoring the database given with --db), and traces every claim with
the library (`trace_claim`, the JSON of `prov trace --format json` through views.trace_json).

Prints, for the paraphrases:
  - recall: the page (or a page listed in `also`, which states the same fact) is an
    occurrence that `states` the claim (an occurrence without `agreement`, today's build,
    counts as `states`);
  - first: the first `states` occurrence (best score) is such a page;
and for the near misses:
  - as states: the page is an occurrence that `states` the claim (the error);
  - as differs: the page is an occurrence marked `differs` (shown as contradicting);
  - returned: the page is an occurrence at all (what issue 20 measured: ~3 in 4).
Targets (issue 20): recall >= 0.90, first >= 0.80, near misses as states <= 0.10.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from credits_recall import find_realworld, prov_command, write_warc  # noqa: E402

LABELS = Path(__file__).resolve().parent / "labels" / "claims_paraphrased.jsonl"


def run_ingest(prov: str, db: str, source: Path) -> None:
    """Ingest SOURCE (a WARC or a folder) into DB with the installed prov, in one process."""
    env = {**os.environ, "PROV_SERVER": "off"}
    done = subprocess.run([prov, "--db", db, "ingest", str(source), "-q", "--processes", "1"],
                          capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"prov ingest failed ({done.returncode}): {done.stderr.strip()[:300]}")


def stored_documents(prov: str, db: str) -> list[dict]:
    """Every stored document as `prov docs --format json` gives it."""
    env = {**os.environ, "PROV_SERVER": "off"}
    done = subprocess.run([prov, "--db", db, "docs", "--format", "json", "--limit", "0"], capture_output=True,
                          text=True, env=env)
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip().startswith("{")]


def ingest(prov: str, db: str, warc: Path) -> dict[str, int]:
    """Document id by URL, ingesting WARC into DB."""
    run_ingest(prov, db, warc)
    return doc_ids(prov, db)


def doc_ids(prov: str, db: str) -> dict[str, int]:
    return {d["url"]: d["id"] for d in stored_documents(prov, db)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prov", help="the prov command that ingests (default: the one next to this Python)")
    parser.add_argument("--db", help="rescore this database (built by an earlier run with --keep)")
    parser.add_argument("--keep", help="keep the database and WARC in this folder")
    parser.add_argument("--show", action="store_true", help="list every miss and every near miss stated")
    parser.add_argument("--labels", type=Path, default=LABELS,
                        help="the label file (default: claims_paraphrased.jsonl; claims_heldout.jsonl is the set "
                             "written after the comparison was)")
    args = parser.parse_args()
    realworld = find_realworld()
    if realworld is None:
        print("../shared/realworld/scrapinghub not found: this benchmark reads the shared real-world pages")
        return 1
    rows = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    truth = {}
    for line in (realworld / "scrapinghub" / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        truth["scrapinghub/" + d["file"]] = d
    page_file = {r["page"]: r["file"] for r in rows}
    bad = [r for r in rows if hashlib.sha1(truth[r["file"]]["text"][r["start"]:r["end"]].encode()).hexdigest()
           != r["sentence_sha1"]]
    also = {p for r in rows for p in r.get("also", ())}
    missing_also = also - set(page_file)
    if missing_also:  # a page that states a claim too, not itself labelled: find its file by its id
        for d in truth.values():
            name = Path(d["file"]).name
            if name[:16] in missing_also:
                page_file[name[:16]] = "scrapinghub/" + d["file"]
    url_of = {p: truth[f]["url"] for p, f in page_file.items()}
    para = [r for r in rows if r["type"] == "paraphrase"]
    near = [r for r in rows if r["type"] == "near-miss"]
    print(f"labels: {len(para)} claims in other words, {len(near)} near misses, {len(page_file)} pages; "
          f"{len(rows) - len(bad)}/{len(rows)} offsets verified by sha1")

    from provenance.db import Database
    from provenance.trace import trace_claim
    from provenance.views import trace_json

    with tempfile.TemporaryDirectory(prefix="claims.") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        prov = prov_command(args.prov)
        if args.db:
            db = args.db
            ids = doc_ids(prov, db)
        else:
            warc = work / "pages.warc"
            write_warc(warc, [(url_of[p], gzip.decompress((realworld / f).read_bytes())) for p, f in
                              sorted(page_file.items())])
            path = work / "prov.db"
            if path.exists():
                path.unlink()
            db = f"sqlite:///{path}"
            ids = ingest(prov, db, warc)
        doc_of = {p: ids.get(url) for p, url in url_of.items()}
        print(f"database: {db}; {sum(v is not None for v in doc_of.values())}/{len(doc_of)} pages ingested")
        database = Database(db)
        got: dict[str, list[dict]] = {}
        with database.session() as session:
            for r in rows:
                got[r["id"]] = trace_json(trace_claim(session, r["claim"]))["occurrences"]
        database.dispose()

    def agreement(o: dict) -> str:
        return o.get("agreement", "states")

    found = first = 0
    kinds: Counter[str] = Counter()
    stated: Counter[str] = Counter()
    differs = returned = 0
    misses, wrong = [], []
    for r in para:
        want = {doc_of[p] for p in [r["page"], *r.get("also", ())]} - {None}
        states = [o for o in got[r["id"]] if agreement(o) == "states"]
        hit = any(o["document_id"] in want for o in states)
        found += hit
        first += bool(states) and states[0]["document_id"] in want
        if not hit:
            occ = {o["document_id"]: (o["score"], agreement(o), [f"{d['kind']}: {d['claim']} vs {d['document']}"
                                                               for d in o.get("differences", ())])
                   for o in got[r["id"]]}
            misses.append(f"  miss {r['id']} {r['page']}: {r['claim']}  -> {occ.get(doc_of[r['page']])}")
    for r in near:
        doc = doc_of[r["page"]]
        occ = [o for o in got[r["id"]] if o["document_id"] == doc]
        kinds[r["differs"]] += 1
        if occ:
            returned += 1
            if agreement(occ[0]) == "states":
                stated[r["differs"]] += 1
                wrong.append(f"  stated {r['id']} ({r['differs']}, {occ[0]['score']}): {r['claim']}")
            else:
                differs += 1
    n, m = len(para), len(near)
    print(f"paraphrases: recall {found / n:.3f} ({found}/{n}), article ranked first {first / n:.3f} ({first}/{n})"
          "  [targets 0.90, 0.80]")
    print(f"near misses: as states {sum(stated.values()) / m:.3f} ({sum(stated.values())}/{m}) [target <= 0.10], "
          f"as differs {differs / m:.3f} ({differs}/{m}), returned at all {returned / m:.3f} ({returned}/{m})")
    print("near misses as states by kind: " + ", ".join(f"{k} {stated[k]}/{kinds[k]}" for k in sorted(kinds)))
    if args.show:
        print("\n".join([*misses, *wrong]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
