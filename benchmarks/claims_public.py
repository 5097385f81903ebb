"""`prov trace` on two public claim sets: MRPC (macro-F1) and CLEF CheckThat! 2022 task 2A (MAP@5).

Needs nothing beyond `make install`, and ../shared/claims (see its README). Never copies their text.

    .venv/bin/python benchmarks/claims_public.py mrpc [--split report|choose] [--min-score S | --sweep] [--db URL]
    .venv/bin/python benchmarks/claims_public.py checkthat [--split dev|train] [--limit N] [--db URL]
    (both: [--keep DIR] [--rarity P] [--kind-power K])

MRPC (`mrpc/msr_paraphrase_train.txt`, 4,076 labelled pairs): the pairs are split by position, odd lines
`report`, even lines `choose` (choose settings on one, report on the other). Every `#2` sentence of the split
is written as one text file and ingested into a fresh SQLite database; every `#1` sentence is traced; a pair
is predicted a paraphrase when its `#2` document is an occurrence that `states` it (an occurrence with no
`agreement`, an older build, counts as states). Prints macro-F1 over the two classes, and precision and
recall of the paraphrase class.

CheckThat (`checkthat-2022-2a`): every verified claim of `vclaims.tar.gz` (14,231) is one document (its
`vclaim`, `title` and `subtitle`, one per line); each tweet of the split (`dev`: the 200 of the Dev qrels,
`train`: the 999 of the Train qrels) is traced with --min-score 0.05 (a ranking, not a decision: the task
ranks every claim) and the occurrences ranked by score (those that state it first). MAP@5 and recall at 1
and 5 against the qrels. --limit takes the first N tweets. Ingesting the pool takes a while: --keep DIR keeps
the database, --db URL rescores it.

Trace weighs claim words by rarity (trace.RARITY, KIND_WITH_RARITY): --rarity P and --kind-power K set them for
one run, to choose them on the train split (CheckThat) or the choose split (MRPC) and report on the others.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claims import run_ingest, stored_documents  # noqa: E402
from credits_recall import prov_command  # noqa: E402

# Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
# measured here but trace candidates: off unless PROV_MEANING says otherwise (PROV_MEANING=on to measure with).
os.environ.setdefault("PROV_MEANING", "off")

HERE = Path(__file__).resolve().parent
CANDIDATES = [HERE.parent / "shared" / "claims", HERE.parent.parent / "shared" / "claims",
              Path("/work/shared/claims")]


def find_claims() -> Path | None:
    return next((p for p in CANDIDATES if (p / "mrpc").exists()), None)


def ingest_folder(prov: str, db: str, folder: Path) -> dict[str, int]:
    """Document id by file stem, after ingesting FOLDER into DB."""
    run_ingest(prov, db, folder)
    return doc_ids(prov, db)


def doc_ids(prov: str, db: str) -> dict[str, int]:
    return {Path(d["path"]).stem: d["id"] for d in stored_documents(prov, db) if d.get("path")}


def traced(db: str, claims: list[str], min_score: float) -> list[list[dict]]:
    from provenance.db import Database
    from provenance.trace import trace_claim
    from provenance.views import trace_json

    database = Database(db)
    out = []
    with database.session() as session:
        for claim in claims:
            out.append(trace_json(trace_claim(session, claim, min_score=min_score))["occurrences"])
    database.dispose()
    return out


def states(o: dict) -> bool:
    return o.get("agreement", "states") == "states"


def mrpc(args: argparse.Namespace, root: Path, work: Path) -> None:
    lines = (root / "mrpc" / "msr_paraphrase_train.txt").read_text(encoding="utf-8-sig").splitlines()[1:]
    rows = [line.split("\t") for line in lines if line.strip()]
    rows = [r for n, r in enumerate(rows) if (n % 2 == 1) == (args.split == "report")]
    if args.limit:
        rows = rows[:args.limit]
    prov = prov_command(None)
    if args.db:
        db = args.db
        ids = doc_ids(prov, db)
    else:
        folder = work / "mrpc"
        folder.mkdir(parents=True, exist_ok=True)
        for n, r in enumerate(rows):
            (folder / f"s{n:05d}.txt").write_text(r[4] + "\n", encoding="utf-8")
        db = f"sqlite:///{work / 'mrpc.db'}"
        ids = ingest_folder(prov, db, folder)
    bars = [round(0.3 + 0.05 * k, 2) for k in range(13)] if args.sweep else [args.min_score]
    got = traced(db, [r[3] for r in rows], min(bars))
    print(f"MRPC {args.split} split: {len(rows)} pairs ({sum(r[0] == '1' for r in rows)} paraphrases), min score "
          f"{args.min_score if not args.sweep else 'swept'}; database {db}")
    for bar in bars:
        if args.sweep:
            print(f" min score {bar}:")
        score_mrpc(rows, [[o for o in occ if o["score"] >= bar - 1e-9] for occ in got], ids)


def score_mrpc(rows: list[list[str]], got: list[list[dict]], ids: dict[str, int]) -> None:
    """Macro-F1 of the pairs found, counting any occurrence, then only those that state the claim."""
    # MRPC's "paraphrase" is loose (770 deaths against 767, $9.99 against $9.95 are paraphrases there): a pair is
    # counted found when the other sentence is an occurrence (as issue 20 measured), and apart when it `states`.
    for label, counts in (("occurrence", lambda o: True), ("states", states)):
        tp = fp = fn = tn = 0
        for n, (r, occ) in enumerate(zip(rows, got, strict=True)):
            doc = ids.get(f"s{n:05d}")
            said = any(o["document_id"] == doc and counts(o) for o in occ)
            gold = r[0] == "1"
            tp += said and gold
            fp += said and not gold
            fn += gold and not said
            tn += not gold and not said
        pos, neg = f1(tp, fp, fn), f1(tn, fn, fp)
        print(f"  found as {label}: macro-F1 {(pos + neg) / 2:.3f}  (F1 paraphrase {pos:.3f}, not {neg:.3f}); "
              f"paraphrase precision {tp / max(1, tp + fp):.3f}, recall {tp / max(1, tp + fn):.3f}")


def f1(a: int, b: int, c: int) -> float:
    return 2 * a / (2 * a + b + c) if a else 0.0


def checkthat(args: argparse.Namespace, root: Path, work: Path) -> None:
    base = root / "checkthat-2022-2a"
    qrels_file = base / ("CT2022-Task2A-EN-Dev_QRELs.tsv" if args.split == "dev" else
                         "CT2022-Task2A-EN-Train_QRELs.tsv")
    qrels: dict[str, set[str]] = {}
    for line in qrels_file.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            qrels.setdefault(parts[0], set()).add(parts[2])
    tweets = {}
    # Tweet ids repeat across splits with other tweets: the queries file lists train then dev.
    queries = [line.split("\t", 1) for line in
               (base / "CT2022-Task2A-EN-Train-Dev_Queries.tsv").read_text(encoding="utf-8").splitlines()
               if "\t" in line]
    pool = queries[999:] if args.split == "dev" else queries[:999]
    for tid, text in pool:
        if tid in qrels:
            tweets[tid] = text
    chosen = list(tweets.items())[:args.limit] if args.limit else list(tweets.items())
    prov = prov_command(None)
    if args.db:
        db = args.db
        ids = doc_ids(prov, db)
    else:
        folder = work / "vclaims"
        folder.mkdir(parents=True, exist_ok=True)
        with tarfile.open(base / "vclaims.tar.gz") as tar:
            for member in tar:
                if not member.isfile() or not member.name.endswith(".json"):
                    continue
                data = json.load(tar.extractfile(member))  # type: ignore[arg-type]
                text = "\n".join(str(data.get(k) or "") for k in ("vclaim", "title", "subtitle")) + "\n"
                (folder / f"{data['vclaim_id']}.txt").write_text(text, encoding="utf-8")
        db = f"sqlite:///{work / 'checkthat.db'}"
        ids = ingest_folder(prov, db, folder)
    claim_of = {v: k for k, v in ids.items()}
    got = traced(db, [t for _, t in chosen], 0.05)
    n = len(chosen)
    print(f"CheckThat 2A {args.split}: {n} tweets against {len(ids)} verified claims; database {db}")
    # Ranked as trace lists them (those that state it first), and by score alone.
    orders = (("as listed", lambda occ: occ), ("by score", lambda occ: sorted(occ, key=lambda o: -o["score"])))
    for label, order in orders:
        ap = r1 = r5 = 0.0
        for (tid, _), occ in zip(chosen, got, strict=True):
            ranked = [claim_of.get(o["document_id"]) for o in order(occ)][:5]
            want = qrels[tid]
            hits, precision_sum = 0, 0.0
            for k, c in enumerate(ranked, 1):
                if c in want:
                    hits += 1
                    precision_sum += hits / k
            ap += precision_sum / min(len(want), 5)
            r1 += bool(ranked[:1] and ranked[0] in want)
            r5 += bool(set(ranked) & want)
        print(f"  {label}: MAP@5 {ap / n:.3f}, recall@1 {r1 / n:.3f}, recall@5 {r5 / n:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", choices=["mrpc", "checkthat"])
    parser.add_argument("--split", help="mrpc: report (default) or choose; checkthat: dev (default) or train")
    parser.add_argument("--min-score", type=float, default=0.6, help="mrpc: trace's threshold (default 0.6)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pairs or tweets")
    parser.add_argument("--db", help="rescore this database (built by an earlier run with --keep)")
    parser.add_argument("--keep", help="keep the files and database in this folder")
    parser.add_argument("--sweep", action="store_true",
                        help="mrpc: trace once and score every min score from 0.3 to 0.9 (to choose one)")
    parser.add_argument("--rarity", type=float, help="trace.RARITY for this run (0: words weigh by kind only)")
    parser.add_argument("--kind-power", type=float, help="trace.KIND_WITH_RARITY for this run")
    args = parser.parse_args()
    import provenance.trace as trace

    if args.rarity is not None:
        trace.RARITY = args.rarity
    if args.kind_power is not None:
        trace.KIND_WITH_RARITY = args.kind_power
    print(f"trace weights: rarity power {trace.RARITY}, kind power with rarity {trace.KIND_WITH_RARITY}, "
          f"from {trace.RARITY_FROM} documents")
    args.split = args.split or ("report" if args.set == "mrpc" else "dev")
    root = find_claims()
    if root is None:
        print("../shared/claims not found: this benchmark reads the shared claim sets")
        return 1
    with tempfile.TemporaryDirectory(prefix="claims_public.") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        (mrpc if args.set == "mrpc" else checkthat)(args, root, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
