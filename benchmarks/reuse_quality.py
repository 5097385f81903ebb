"""Reuse detection quality: pair precision, recall and F1 per class, beside a datasketch baseline.

Needs the `bench` extra (datasketch, for the baseline): `make bench-deps`.

    .venv/bin/python benchmarks/reuse_quality.py [--families N] [--seed S] [--db URL] [--skip-clough]

1. Generates a labelled corpus (reuse_corpus.py) in a temporary folder, ingests
   it with `prov`'s own ingest path into a fresh SQLite database (fingerprints and
   links are built on ingest, one document at a time), and scores the stored reuse
   links against the labels. Gold relations per pair:
   origin/copies/repost among themselves = copy; any of those with the excerpt =
   excerpt; with the light or heavy rewrite = rewrite; anything with a distractor
   or another family = none. Pairs between two derived documents (excerpt and
   rewrite, say) have no single right answer and are not scored.
   Predicted duplicate and repost count as copy.
2. In the same run, a plain datasketch MinHashLSH (Jaccard threshold 0.5, 128
   permutations, 5-word shingles) over the same documents; it finds pairs but
   cannot name a relation, so it gets the "found" (any relation) figures.
3. When ../shared/reuse/clough exists: its 5 sources and 95 answers are ingested
   the same way and each answer's link to its task's source is read: no link = non,
   duplicate/repost/excerpt = cut, rewrite = light or heavy by the answer's containment in its
   source (its share inside verbatim runs, stored on the link; threshold chosen leave-one-task-out, so
   never on the task scored). Chosen on tasks a-c among single features (containment 0.703 there, link
   similarity 0.674, vector features 0.66-0.67); on tasks d-e with a-c's threshold containment scores
   0.650 and similarity 0.658: the gain is in the leave-one-task-out figure (0.639 -> 0.695), not a
   clear one on the held-out tasks. The split by similarity is printed beside it.
   Prints the 4x4 confusion matrix, per-class P/R/F1, macro-F1, 3-class macro-F1
   and binary derived-vs-non precision and recall.
4. When ../shared/reuse/counter exists (COUNTER, real Urdu agency and newspaper stories):
   its 600 files are ingested as text files named by a hash (headline, blank line, body),
   and each newspaper story's links are read. A pair counts as linked when the newspaper
   story has a reuse link (duplicate, repost, excerpt or rewrite; not quote-only) to its
   agency story or to a copy of the same agency text. Prints the share of non-derived (ND)
   pairs linked (target <= 0.05), derived (WD+PD) precision (target >= 0.95) and recall,
   the relations by label, and the quote-only links of ND pairs. Then the 3 classes (WD, PD, ND):
   no link = ND, a link whose passages (verbatim or aligned sentences) cover a share of the newspaper
   story at least a cut chosen on the pairs numbered 1 mod 4 = WD, else PD; with derived recall,
   precision and 3-class macro-F1 on the pairs numbered 1 mod 4 (where align.py's sentence thresholds
   were chosen), on those numbered 3 mod 4 (checked only), and on all.
   For Clough, also how many heavy revisions have their source among their reuse candidates.

`--only counter` (or `clough`, `corpus`) runs one part. `--meaning` runs each part twice, with the sentence
vectors off and then on (PROV_MEANING=on: rewrites by meaning, reuse/meaningful.py), and prints both; the
vectors are cached by sentence (benchmarks/vector_cache.py), so only the first run embeds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from provenance.config import Settings
from provenance.db import Database
from provenance.ingest import Overrides, expand_sources, ingest_sources
from provenance.models import ReuseLink

sys.path.insert(0, str(Path(__file__).resolve().parent))
import os as _os

import reuse_corpus  # noqa: E402
import vector_cache  # noqa: E402
from needs import require  # noqa: E402

# Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
# measured here but trace candidates: off unless PROV_MEANING says otherwise (PROV_MEANING=on to measure with).
_os.environ.setdefault("PROV_MEANING", "off")

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((base / "shared" for base in (ROOT.parent, ROOT.parent.parent) if (base / "shared" / "reuse").exists()),
              ROOT.parent / "shared")  # beside the repository, or beside the folder of worktrees
CLOUGH = SHARED / "reuse" / "clough"
COUNTER = SHARED / "reuse" / "counter" / "xml"
COPY_ROLES = {"origin", "copy", "copy2", "repost"}
CLASSES = ["copy", "excerpt", "rewrite"]


def gold_relation(x: dict, y: dict) -> str | None:
    """The labelled relation of two corpus documents; 'skip' when no single answer is right."""
    if x["family"] != y["family"] or "distractor" in (x["role"], y["role"]):
        return "none"
    roles = {x["role"], y["role"]}
    others = roles - COPY_ROLES
    if not others:
        return "copy"
    if len(others) == 1 and len(roles) == 2:
        other = next(iter(others))
        return "excerpt" if other == "excerpt" else "rewrite"
    return "skip"


def predicted_class(relation: str | None) -> str:
    return {"duplicate": "copy", "repost": "copy", None: "none"}.get(relation, relation or "none")


def ingest_folder(url: str, folder: Path) -> tuple[dict[str, int], float]:
    """Ingest every file of a folder with prov; returns file name -> document id and seconds taken."""
    db = Database(url)
    settings = Settings(processes=1)
    items = expand_sources([str(folder)])
    start = time.perf_counter()
    results = ingest_sources(db, items, settings=settings, overrides=Overrides(), on_result=lambda r: None)
    elapsed = time.perf_counter() - start
    ids = {Path(r.input).name: r.document_id for r in results if r.document_id is not None}
    db.dispose()
    return ids, elapsed


def stored_links(url: str) -> dict[tuple[int, int], ReuseLink]:
    db = Database(url)
    with db.session() as session:
        links = {(link.document_a_id, link.document_b_id): link for link in session.scalars(select(ReuseLink))}
        session.expunge_all()
    db.dispose()
    return links


def baseline_pairs(folder: Path, names: list[str]) -> tuple[set[tuple[str, str]], float]:
    """Pairs a plain datasketch MinHashLSH finds (threshold 0.5, 128 permutations, 5-word shingles)."""
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    hashes = {}
    for name in names:
        words = re.findall(r"\w+", (folder / name).read_text(encoding="utf-8").lower())
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))])
        hashes[name] = m
        lsh.insert(name, m)
    pairs = set()
    for name, m in hashes.items():
        for other in lsh.query(m):
            if other != name:
                pairs.add(tuple(sorted((name, other))))
    return pairs, time.perf_counter() - start


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_corpus(families: int, seed: int, db_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        info = reuse_corpus.generate(out / "corpus", families, seed)
        labels = {json.loads(line)["file"]: json.loads(line) for line in (out / "corpus" / "labels.jsonl").open()}
        url = db_url or f"sqlite:///{out / 'quality.db'}"
        ids, elapsed = ingest_folder(url, out / "corpus" / "docs")
        links = stored_links(url)
        name_of = {v: k for k, v in ids.items()}
        names = sorted(ids)
        base, base_time = baseline_pairs(out / "corpus" / "docs", names)
    print(f"corpus: {info['documents']} documents, {families} families, from {info['source']}")
    print(f"prov ingest (text, metadata, fingerprints, links): {elapsed:.1f} s; datasketch baseline: {base_time:.1f} s")
    gold: dict[tuple[str, str], str] = {}
    for i, x in enumerate(names):
        for y in names[i + 1:]:
            relation = gold_relation(labels[x], labels[y])
            if relation != "skip":
                gold[(x, y)] = relation
    predicted: dict[tuple[str, str], str] = {}
    for (a, b), link in links.items():
        pair = tuple(sorted((name_of[a], name_of[b])))
        predicted[pair] = predicted_class(link.relation)
    matrix: Counter[tuple[str, str]] = Counter()
    for pair, relation in gold.items():
        matrix[(relation, predicted.get(pair, "none"))] += 1
    print()
    print("prov, per class (pairs):")
    print(f"{'class':10} {'gold':>6} {'pred':>6} {'P':>6} {'R':>6} {'F1':>6}   found (any relation)")
    for cls in CLASSES:
        tp = matrix[(cls, cls)]
        fp = sum(n for (g, p), n in matrix.items() if p == cls and g != cls)
        fn = sum(n for (g, p), n in matrix.items() if g == cls and p != cls)
        found = sum(n for (g, p), n in matrix.items() if g == cls and p != "none")
        p, r, f = prf(tp, fp, fn)
        total = tp + fn
        print(f"{cls:10} {total:6} {tp + fp:6} {p:6.3f} {r:6.3f} {f:6.3f}   {found / total if total else 0:.3f}")
    false_links = sum(n for (g, p), n in matrix.items() if g == "none" and p in CLASSES)
    quote_only = sum(n for (g, p), n in matrix.items() if g == "none" and p == "quote-only")
    print(f"unrelated pairs linked as reuse: {false_links} of {sum(n for (g, _), n in matrix.items() if g == 'none')}; "
          f"sharing only a quotation (quote-only, not reuse): {quote_only}")
    print("confusion (gold -> predicted):", dict(sorted((f"{g}->{p}", n) for (g, p), n in matrix.items() if g != p)))
    excerpt_shares = [labels[x]["share"] for x in names if labels[x]["role"] == "excerpt"]
    print(f"excerpts: {min(excerpt_shares):.0%}-{max(excerpt_shares):.0%} of their origin")
    print()
    print("datasketch MinHashLSH baseline (finds pairs, names no relation):")
    print(f"{'class':10} {'gold':>6} {'found':>6} {'recall':>7}")
    for cls in CLASSES:
        pairs = [pair for pair, relation in gold.items() if relation == cls]
        found = sum(1 for pair in pairs if pair in base)
        print(f"{cls:10} {len(pairs):6} {found:6} {found / len(pairs) if pairs else 0:7.3f}")
    wrong = sum(1 for pair in base if gold.get(pair) == "none")
    scored = [pair for pair in base if pair in gold]
    print(f"precision of found pairs: {(len(scored) - wrong) / len(scored) if scored else 0:.3f} "
          f"({wrong} unrelated pairs found)")


def read_clough(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def score_clough(db_url: str | None) -> None:
    truth = [json.loads(line) for line in (CLOUGH / "truth.jsonl").open()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "clough"
        folder.mkdir()
        # Copied as UTF-8 .txt files: the corpus mixes UTF-8 and Windows-1252.
        for path in (CLOUGH / "texts").glob("*.txt"):
            (folder / path.name).write_text(read_clough(path), encoding="utf-8")
        url = db_url or f"sqlite:///{Path(tmp) / 'clough.db'}"
        ids, _ = ingest_folder(url, folder)
        links = stored_links(url)
        proposed = proposed_sources(url, [(ids[Path(t["file"]).name], ids[Path(t["source"]).name])
                                          for t in truth if t["category"] == "heavy"])
    rows = []
    for item in truth:
        a, s = ids[Path(item["file"]).name], ids[Path(item["source"]).name]
        link = links.get((min(a, s), max(a, s)))
        # Light or heavy by the answer's share inside verbatim runs of its source (containment, stored on the link):
        # a light revision keeps more of its source's words in a row than a heavy one.
        kept = (link.a_in_b if link.document_a_id == a else link.b_in_a) if link else 0.0
        rows.append((item["task"], item["category"], link.relation if link else None, kept or 0.0,
                     (link.similarity or 0.0) if link else 0.0))
    predicted = four_classes(rows, 3)
    before = four_classes(rows, 4)
    labels = ["cut", "light", "heavy", "non"]
    matrix = Counter((r[1], p) for r, p in zip(rows, predicted, strict=True))
    print()
    print(f"../shared/reuse (Clough & Stevenson): {len(rows)} answers, each against its task's source")
    print("gold \\ pred " + " ".join(f"{x:>6}" for x in labels))
    for g in labels:
        print(f"{g:11} " + " ".join(f"{matrix[(g, p)]:6}" for p in labels))
    f1s = []
    for cls in labels:
        tp = matrix[(cls, cls)]
        fp = sum(matrix[(g, cls)] for g in labels if g != cls)
        fn = sum(matrix[(cls, p)] for p in labels if p != cls)
        p, r, f = prf(tp, fp, fn)
        f1s.append(f)
        print(f"  {cls:6} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print(f"4-class macro-F1: {sum(f1s) / 4:.3f}; accuracy {sum(matrix[(c, c)] for c in labels) / len(rows):.3f}")
    three = {"cut": "excerpt", "light": "rewrite", "heavy": "rewrite", "non": "none"}
    m3 = Counter((three[g], three[p]) for (g, p), n in matrix.items() for _ in range(n))
    f3 = [prf(m3[(c, c)], sum(m3[(g, c)] for g in three.values() if g != c) // 1,
              sum(m3[(c, p)] for p in set(three.values()) if p != c))[2] for c in ("excerpt", "rewrite", "none")]
    print(f"3-class macro-F1 (excerpt, rewrite, none): {sum(f3) / 3:.3f}")
    tp = sum(n for (g, p), n in matrix.items() if g != "non" and p != "non")
    fp = sum(n for (g, p), n in matrix.items() if g == "non" and p != "non")
    fn = sum(n for (g, p), n in matrix.items() if g != "non" and p == "non")
    p, r, _ = prf(tp, fp, fn)
    print(f"derived vs non: precision {p:.3f}, recall {r:.3f}")
    print("light/heavy split: the answer's containment in its source (its share in verbatim runs), threshold fit on "
          "the other four tasks (leave-one-task-out)")
    old = Counter((r[1], p) for r, p in zip(rows, before, strict=True))
    f1_old = [prf(old[(c, c)], sum(old[(g, c)] for g in labels if g != c),
                  sum(old[(c, p)] for p in labels if p != c))[2] for c in labels]
    print(f"  (split by the link's sentence similarity instead, as before: 4-class macro-F1 {sum(f1_old) / 4:.3f}, "
          f"light F1 {f1_old[1]:.3f}, heavy F1 {f1_old[2]:.3f})")
    print(f"heavy revisions whose source is a reuse candidate (the archive complete): {sum(proposed)}/{len(proposed)}")


def four_classes(rows: list[tuple], feature: int) -> list[str]:
    """Clough's classes for each row (task, category, relation, containment, similarity): no link = non,
    a copy or an excerpt = cut, a rewrite = light when ROW[FEATURE] reaches a threshold fit leave-one-task-out."""
    predicted = []
    for row in rows:
        task, relation = row[0], row[2]
        if relation is None or relation == "quote-only":
            predicted.append("non")
        elif relation in ("duplicate", "repost", "excerpt"):
            predicted.append("cut")
        else:
            train = [(r[0], r[1], r[2], r[feature]) for r in rows
                     if r[0] != task and r[2] == "rewrite" and r[1] in ("light", "heavy")]
            predicted.append("light" if row[feature] >= best_split(train) else "heavy")
    return predicted


def proposed_sources(url: str, pairs: list[tuple[int, int]]) -> list[bool]:
    """For each (answer, source): whether the source is among the answer's reuse candidates (fingerprints or
    rare words), looked up with every document stored."""
    from provenance.models import Document
    from provenance.reuse.index import analyse, candidates, posting_holders
    from provenance.reuse.rare import rare_candidates

    db = Database(url)
    found = []
    with db.session() as session:
        for answer, source in pairs:
            analysed = analyse(session.get(Document, answer).text)
            holders = posting_holders(session, analysed.fingerprint.winnowed, exclude=answer)
            near = candidates(session, answer, analysed.fingerprint, holders, tokens=len(analysed.tokens))
            found.append(source in near or source in rare_candidates(session, answer, analysed.tokens))
    db.dispose()
    return found


def read_counter(path: Path) -> tuple[str, str, str]:
    """(label, agency-or-paper text as headline + body, the newspaper field) of one COUNTER file."""
    root = ET.parse(path).getroot()
    headline = (root.findtext("headline") or "").strip()
    body = (root.findtext("body") or "").strip()
    return root.get("classification", ""), f"{headline}\n\n{body}\n", root.get("newspaper", "")


def score_counter(db_url: str | None, *, show: bool = False) -> None:
    files = sorted(COUNTER.glob("*.xml"))
    texts = {path.stem: read_counter(path) for path in files}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "counter"
        folder.mkdir()
        names = {}
        for stem, (_label, text, _paper) in texts.items():
            # Names that reveal neither the pair nor the label.
            name = hashlib.sha1(stem.encode()).hexdigest()[:12] + ".txt"
            (folder / name).write_text(text, encoding="utf-8")
            names[stem] = name
        url = db_url or f"sqlite:///{Path(tmp) / 'counter.db'}"
        ids, elapsed = ingest_folder(url, folder)
        links = stored_links(url)
    doc = {stem: ids[name] for stem, name in names.items() if name in ids}
    # Agency stories with the same text are one source: a link to any of them is right.
    same_text: dict[str, set[int]] = {}
    for stem, (_label, text, _paper) in texts.items():
        if not stem.endswith("p") and stem in doc:
            same_text.setdefault(text, set()).add(doc[stem])
    reuse = {"duplicate", "repost", "excerpt", "rewrite"}
    by_label: Counter[tuple[str, str]] = Counter()
    linked = {"WD": 0, "PD": 0, "ND": 0}
    pairs = Counter()
    wrong_source = 0
    scored: list[tuple[int, str, float | None]] = []  # (pair number, label, newspaper share in passages or None)
    for stem in sorted(texts):
        if not stem.endswith("p") or stem not in doc or stem[:-1] not in doc:
            continue
        label, paper_text, _paper = texts[stem]
        paper, agencies = doc[stem], same_text[texts[stem[:-1]][1]]
        pairs[label] += 1
        keys = [(min(paper, a), max(paper, a)) for a in agencies]
        found_links = [links[key] for key in keys if key in links]
        relations = [link.relation for link in found_links]
        best = next((r for r in ("duplicate", "repost", "excerpt", "rewrite", "quote-only") if r in relations), None)
        by_label[(label, best or "none")] += 1
        reused = max((paper_share(link, paper, len(paper_text)) for link in found_links if link.relation in reuse),
                     default=None)
        scored.append((int(stem[:-1]), label, reused))
        if best in reuse:
            linked[label] += 1
            if show and label == "ND":
                print(f"  ND linked: {stem} ({best})")
        agency_ids = {doc[s] for s in doc if not s.endswith("p")}
        wrong_source += sum(1 for (a, b), link in links.items() if link.relation in reuse and paper in (a, b)
                            and (b if a == paper else a) in agency_ids - agencies)
    derived = pairs["WD"] + pairs["PD"]
    found = linked["WD"] + linked["PD"]
    print()
    print(f"../shared/reuse/counter (COUNTER, Urdu): {sum(pairs.values())} pairs "
          f"(WD {pairs['WD']}, PD {pairs['PD']}, ND {pairs['ND']}), ingested in {elapsed:.1f} s")
    relations = ["duplicate", "repost", "excerpt", "rewrite", "quote-only", "none"]
    print("gold \\ link " + " ".join(f"{r:>10}" for r in relations))
    for label in ("WD", "PD", "ND"):
        print(f"{label:11} " + " ".join(f"{by_label[(label, r)]:10}" for r in relations))
    nd = linked["ND"] / pairs["ND"] if pairs["ND"] else 0.0
    precision = found / (found + linked["ND"]) if found + linked["ND"] else 0.0
    print(f"non-derived pairs linked: {nd:.3f} ({linked['ND']}/{pairs['ND']}; target <= 0.05)")
    print(f"derived precision {precision:.3f} (target >= 0.95), recall {found / derived if derived else 0:.3f} "
          f"(WD {linked['WD']}/{pairs['WD']}, PD {linked['PD']}/{pairs['PD']})")
    print(f"newspaper stories linked to another pair's agency story: {wrong_source}")
    three_class(scored)


def paper_share(link: ReuseLink, paper: int, length: int) -> float:
    """Share of the newspaper story's characters inside the link's passages (verbatim or aligned sentences)."""
    covered = [False] * length
    for a0, a1, b0, b1, kind, *_ in link.passages:
        if kind in ("text", "sentence"):
            start, end = (a0, a1) if link.document_a_id == paper else (b0, b1)
            covered[start:end] = [True] * (min(end, length) - start)
    return sum(covered) / length if length else 0.0


def macro_f1(rows: list[tuple[int, str, float | None]], cut: float) -> float:
    """COUNTER's 3 classes: no link = ND, a link covering CUT or more of the newspaper story = WD, else PD."""
    predicted = ["ND" if share is None else "WD" if share >= cut else "PD" for _n, _label, share in rows]
    f1s = []
    for cls in ("WD", "PD", "ND"):
        tp = sum(1 for r, p in zip(rows, predicted, strict=True) if r[1] == cls and p == cls)
        fp = sum(1 for r, p in zip(rows, predicted, strict=True) if r[1] != cls and p == cls)
        fn = sum(1 for r, p in zip(rows, predicted, strict=True) if r[1] == cls and p != cls)
        f1s.append(prf(tp, fp, fn)[2])
    return sum(f1s) / 3


def three_class(rows: list[tuple[int, str, float | None]]) -> None:
    """3-class macro-F1 (WD, PD, ND), the WD/PD cut chosen on the pairs numbered 1 mod 4, reported on those
    numbered 3 mod 4 and on all; derived recall and precision on each half (the split the thresholds of
    align.py were chosen on)."""
    tune = [r for r in rows if r[0] % 4 == 1]
    check = [r for r in rows if r[0] % 4 == 3]
    cuts = sorted({round(r[2], 2) for r in tune if r[2] is not None}) or [0.5]
    cut = max(cuts, key=lambda c: (macro_f1(tune, c), -abs(c - 0.5)))
    for name, part in (("tune (1 mod 4)", tune), ("check (3 mod 4)", check), ("all", rows)):
        derived = [r for r in part if r[1] != "ND"]
        found = sum(1 for r in derived if r[2] is not None)
        false = sum(1 for r in part if r[1] == "ND" and r[2] is not None)
        print(f"  {name:16} derived recall {found / len(derived) if derived else 0:.3f}, precision "
              f"{found / (found + false) if found + false else 0:.3f}, 3-class macro-F1 {macro_f1(part, cut):.3f}")
    print(f"3-class (WD, PD, ND): WD when the link's passages cover {cut:.2f} or more of the newspaper story "
          "(chosen on the tune half)")


def best_split(rows: list[tuple[str, str, str | None, float]]) -> float:
    """The similarity threshold that best separates light (above) from heavy (below)."""
    values = sorted({r[3] for r in rows})
    best, best_score = 0.5, -1
    for v in values:
        score = sum(1 for r in rows if (r[3] >= v) == (r[1] == "light"))
        if score > best_score:
            best, best_score = v, score
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--skip-clough", action="store_true")
    parser.add_argument("--only", choices=["corpus", "clough", "counter"], help="run one part only")
    parser.add_argument("--show", action="store_true", help="list the COUNTER non-derived pairs linked")
    parser.add_argument("--meaning", action="store_true",
                        help="run each part twice: sentence vectors off, then on (PROV_MEANING=on), the vectors "
                             "kept in --vector-cache so that a second run embeds nothing again")
    parser.add_argument("--vector-cache", type=Path, default=vector_cache.DEFAULT,
                        help=f"sentence vectors cached by sentence (default {vector_cache.DEFAULT})")
    args = parser.parse_args()
    if args.meaning and args.db:
        parser.error("--db holds one run: give it without --meaning (PROV_MEANING=on for vectors)")
    if args.meaning or _os.environ["PROV_MEANING"].lower() not in ("0", "off", "no", "false"):
        counts = vector_cache.install(args.vector_cache)
        print(f"sentence vectors cached in {args.vector_cache} ({counts['held']} held)")
    for mode in ("off", "on") if args.meaning else (_os.environ["PROV_MEANING"],):
        _os.environ["PROV_MEANING"] = mode
        if args.meaning:
            print(f"\n===== sentence vectors {mode} (PROV_MEANING={mode}) =====")
        if args.only in (None, "corpus"):
            require(__file__, "bench", "datasketch")
            score_corpus(args.families, args.seed, args.db)
        if CLOUGH.exists() and not args.skip_clough and args.only in (None, "clough"):
            score_clough(args.db)
        if COUNTER.exists() and args.only in (None, "counter"):
            score_counter(args.db, show=args.show)


if __name__ == "__main__":
    main()
