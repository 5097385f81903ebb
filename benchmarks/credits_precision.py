"""Precision of the credits and reuse links `prov` finds on the real pages, against our labels.

Needs nothing beyond `make install`, and the pages in ../shared/realworld.

    .venv/bin/python benchmarks/credits_precision.py [--db URL] [--keep DIR] [--list]

Decompresses every page of ../shared/realworld (trafilatura, scrapinghub, and the
htmldate pages that are not byte-identical copies of trafilatura ones: 1,610 files)
into a temporary folder, ingests the folder into a fresh SQLite database with the
installed `prov` (`--processes 1`, no URLs given: as issue 17 measured; about 8 minutes
on this machine), then reads `prov docs --format json --limit 0` (attributions and
sources of every document) and `prov reuse ID --format json` for every document.
`--db URL` scores a database that already holds these pages (ingested from files
named SET__NAME.html, as this script names them) and skips the ingest.

Labels (benchmarks/labels/, see README.md there):
- attributions_found.jsonl: every attribution today's build found, labelled `credit`,
  `self` or `not`, keyed by page file, prov's source name and the sha1 of prov's evidence.
- reuse_links.jsonl: every reuse link between two documents, labelled `same-page`,
  `syndication`, `boilerplate`, `same-event` or `unrelated`, keyed by the two page files.

Figures:
- credits used for lineage: the attributions behind a `sources` edge of their document
  (the edge names the attribution's source, a leading "the" aside, or the outlet it resolved to, and its basis
  holds the attribution's kind). Precision = labelled `credit` over labelled `credit` or
  `not`; those labelled `self` are left out (and counted apart); unlabelled ones are listed
  and not counted. Target (issue 17): >= 0.95. Also per edge: an edge is right when one
  of its attributions is a `credit`.
- reuse links between different pages: precision = `syndication` over every labelled link
  that is not `same-page` and whose relation claims reuse (duplicate, repost, excerpt,
  rewrite). Target: >= 0.9. A `quote-only` link (the texts share only a quotation; it makes
  no lineage edge) is counted apart, by label, and the precision over links of any relation
  is printed too.
- counts by label and reason, for all attributions found and for those used for lineage.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks" / "labels"
SETS = ("trafilatura", "scrapinghub", "htmldate")


def find_realworld() -> Path | None:
    """../shared/realworld beside the repository (or beside the folder of worktrees)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "realworld" / "trafilatura" / "truth.jsonl").exists():
            return base / "shared" / "realworld"
    return None


def write_pages(realworld: Path, folder: Path) -> dict[str, str]:
    """Decompress the pages into folder as SET__NAME.html; {file name: page key}."""
    names: dict[str, str] = {}
    for name in SETS:
        for line in (realworld / name / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["file"].startswith("../"):
                continue  # an htmldate page that is a trafilatura file byte for byte
            key = f"{name}/{row['file']}"
            stem = row["file"].rsplit("/", 1)[-1].removesuffix(".html.gz")
            target = f"{name}__{stem}.html"
            if target not in names:
                (folder / target).write_bytes(gzip.decompress((realworld / key).read_bytes()))
                names[target] = key
    return names


def page_key(path: str | None) -> str | None:
    """The label key (SET/html/NAME.html.gz) of a document ingested from SET__NAME.html."""
    if not path:
        return None
    base = Path(path).name
    if "__" not in base or not base.endswith(".html"):
        return None
    name, stem = base.split("__", 1)
    return f"{name}/html/{stem.removesuffix('.html')}.html.gz"


def prov_json_lines(prov: list[str], args: list[str]) -> list[dict]:
    out = subprocess.run(prov + args, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def reuse_links(db_url: str, doc_ids: list[int]) -> list[dict]:
    """`prov reuse ID --format json` for each document, in this process (one start, not 1,600)."""
    from provenance.cli import run_here

    found = []
    for doc_id in doc_ids:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = run_here(["--db", db_url, "reuse", str(doc_id), "--format", "json"])
        if code != 0:
            raise SystemExit(f"prov reuse {doc_id} failed ({code})")
        found.append(json.loads(buf.getvalue()))
    return found


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def source_key(source: str | None) -> tuple[str, str | None]:
    """How a label names prov's source: long names (a citation string) by a prefix and a sha1."""
    if source is not None and len(source) > 80:
        return source[:40], sha1(source)
    return source or "", None


def fold(name: str | None) -> str:
    """A name as an edge and an attribution are matched: spaces collapsed, casefolded, a leading "the"
    dropped (a source that is not an outlet is named without it: "the United Nations" -> "United Nations")."""
    return " ".join((name or "").split()).casefold().removeprefix("the ")


def edges_with_credits(doc: dict, outlets: dict[int, str]) -> list[tuple[dict, list[int]]]:
    """The document's source edges made from its credits, each with the indexes (in
    doc["attributions"]) of the attributions behind it; an edge from text reuse alone is left out."""
    out = []
    for edge in doc["sources"]:
        name = fold(edge.get("outlet") or edge.get("name"))
        behind = [i for i, a in enumerate(doc["attributions"])
                  if a["kind"] in edge["basis"]
                  and name in (fold(a["source"]), fold(outlets.get(a["source_outlet_id"])))]
        if behind:
            out.append((edge, behind))
    return out


def read_labels() -> dict[tuple, list[dict]]:
    """attributions_found.jsonl by key: (page, source or prefix, sha1 of a long source, sha1 of evidence)."""
    attr_labels: dict[tuple, list[dict]] = defaultdict(list)
    for line in (LABELS / "attributions_found.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        attr_labels[(row["page"], row["source"] or "", row.get("source_sha1"), row["evidence_sha1"])].append(row)
    return attr_labels


def label_in(attr_labels: dict[tuple, list[dict]], page: str | None, attribution: dict) -> dict | None:
    """The label of one attribution prov found on PAGE, or None."""
    shown, long_sha = source_key(attribution["source"])
    rows = attr_labels.get((page, shown, long_sha, sha1(attribution["evidence"] or "")))
    if not rows:
        return None
    # The same words twice on a page: the label nearest prov's offset.
    return min(rows, key=lambda r: abs((r["start"] or 0) - (attribution["start"] or 0)))


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else "n/a (0/0)"


def main() -> int:
    # Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
    # measured here: off unless PROV_MEANING says otherwise (set here, not on import: other benchmarks import this).
    os.environ.setdefault("PROV_MEANING", "off")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="score this database (already holding the pages) instead of ingesting")
    parser.add_argument("--keep", metavar="DIR", help="ingest into DIR/prov.db and keep it (for --db later)")
    parser.add_argument("--list", action="store_true", help="list every wrong credit and link")
    args = parser.parse_args()
    os.environ["PROV_SERVER"] = "off"
    prov = [str(Path(sys.executable).with_name("prov"))]
    if not Path(prov[0]).exists():
        prov = [sys.executable, "-m", "provenance"]

    realworld = find_realworld()
    if realworld is None:
        print("../shared/realworld not found: this benchmark reads the shared real-world pages", file=sys.stderr)
        return 1

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="credits_precision."))
    try:
        if args.db:
            db_url = args.db
        else:
            folder = tmp / "pages"
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            names = write_pages(realworld, folder)
            db_path = tmp / "prov.db"
            if db_path.exists():
                db_path.unlink()
            db_url = f"sqlite:///{db_path}"
            started = time.monotonic()
            results = subprocess.run(prov + ["--db", db_url, "ingest", str(folder), "--processes", "1",
                                             "--format", "json", "-q"], capture_output=True, text=True)
            statuses = Counter(json.loads(line)["status"] for line in results.stdout.splitlines() if line.strip())
            print(f"ingested {len(names)} pages in {time.monotonic() - started:.0f} s: "
                  + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
        docs = prov_json_lines(prov, ["--db", db_url, "docs", "--format", "json", "--limit", "0"])
        outlets = {o["id"]: o["name"] for o in prov_json_lines(prov, ["--db", db_url, "outlets", "--format", "json"])}
        links = reuse_links(db_url, [d["id"] for d in docs])
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    page_of = {d["id"]: page_key(d.get("path")) for d in docs}
    print(f"{len(docs)} documents; {sum(len(d['attributions']) for d in docs)} attributions; "
          f"{sum(len(d['sources']) for d in docs)} source edges")

    # --- attributions ---------------------------------------------------------------
    attr_labels = read_labels()

    def label_of(page: str | None, attribution: dict) -> dict | None:
        return label_in(attr_labels, page, attribution)

    found_counts: Counter = Counter()
    used_counts: Counter = Counter()
    used_unlabelled: list[tuple] = []
    used_wrong: list[tuple] = []
    edge_right = edge_wrong = edge_self = edge_unlabelled = 0
    for doc in docs:
        page = page_of[doc["id"]]
        labelled = [(a, label_of(page, a)) for a in doc["attributions"]]
        for _, row in labelled:
            found_counts[(row["label"], row["reason"]) if row else ("unlabelled", "-")] += 1
        used_here: set[int] = set()
        for _edge, behind in edges_with_credits(doc, outlets):
            used_here.update(behind)
            kinds = {labelled[i][1]["label"] if labelled[i][1] else None for i in behind}
            if "credit" in kinds:
                edge_right += 1
            elif "not" in kinds:
                edge_wrong += 1
            elif "self" in kinds:
                edge_self += 1
            else:
                edge_unlabelled += 1
        for i in sorted(used_here):
            attribution, row = labelled[i]
            if row is None:
                used_unlabelled.append((page, attribution["source"], attribution["start"], attribution["kind"]))
                continue
            used_counts[(row["label"], row["reason"])] += 1
            if row["label"] == "not":
                used_wrong.append((page, attribution["source"], row["reason"]))

    def total(counts: Counter, label: str) -> int:
        return sum(n for (lab, _), n in counts.items() if lab == label)

    credit, wrong, own = total(used_counts, "credit"), total(used_counts, "not"), total(used_counts, "self")
    print()
    print("Credits prov uses for lineage (attributions behind a source edge)")
    print(f"  precision {ratio(credit, credit + wrong)}   target >= 0.95")
    print(f"  labelled self, left out: {own}   (prov made a source of the page's own outlet)")
    print(f"  per edge: right {ratio(edge_right, edge_right + edge_wrong)}; edges from self only {edge_self}; "
          f"unlabelled {edge_unlabelled}")
    print(f"  unlabelled (not counted): {len(used_unlabelled)}")
    for page, source, start, kind in used_unlabelled:
        print(f"    {page}  {source!r} ({kind} at {start})")
    if args.list:
        for page, source, reason in used_wrong:
            print(f"    not a credit: {page}  {source!r}  [{reason}]")

    # --- reuse links ----------------------------------------------------------------
    link_labels = {}
    for line in (LABELS / "reuse_links.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        link_labels[(row["page_a"], row["page_b"])] = row
    pairs: dict[tuple, str] = {}
    for answer in links:
        for link in answer["links"]:
            a, b = page_of.get(answer["document_id"]), page_of.get(link["document_id"])
            pairs.setdefault(tuple(sorted((a or "?", b or "?"))), link["relation"])
    link_counts: Counter = Counter()
    link_unlabelled = []
    for pair, relation in sorted(pairs.items()):
        row = link_labels.get(pair)
        if row is None:
            link_unlabelled.append((pair, relation))
        else:
            link_counts[(row["label"], row["reason"])] += 1
            if args.list and row["label"] not in ("syndication", "same-page"):
                wrong = "quote-only link" if relation == "quote-only" else "wrong link"
                print(f"    {wrong} ({row['label']}): {pair[0]} {pair[1]} [{relation}]")
    right = total(link_counts, "syndication")
    between = sum(n for (lab, _), n in link_counts.items() if lab != "same-page")
    # A quote-only link says the two texts share only a quotation: that is no claim of reuse (it makes
    # no lineage edge), and for two reports of one event it is what they share.
    reuse_labels: Counter = Counter()
    quote_only: Counter = Counter()
    for pair, relation in pairs.items():
        row = link_labels.get(pair)
        if row is not None and row["label"] != "same-page":
            (quote_only if relation == "quote-only" else reuse_labels)[row["label"]] += 1
    print()
    print(f"Reuse links prov makes: {len(pairs)}")
    print(f"  between different pages, relation duplicate/repost/excerpt/rewrite: precision "
          f"{ratio(reuse_labels['syndication'], sum(reuse_labels.values()))}   target >= 0.9")
    print("    quote-only links between different pages (shared quotation, no reuse claimed): "
          + (", ".join(f"{lab} {n}" for lab, n in sorted(quote_only.items())) or "none"))
    print(f"  between different pages, any relation (quote-only counted as a link): precision {ratio(right, between)}")
    print(f"  same page (two copies of one page), left out: {total(link_counts, 'same-page')}")
    print(f"  unlabelled (not counted): {len(link_unlabelled)}")
    for pair, relation in link_unlabelled:
        print(f"    {pair[0]}  {pair[1]}  ({relation})")

    # --- counts by reason -------------------------------------------------------------
    def show(title: str, counts: Counter) -> None:
        print()
        print(title)
        for label in sorted({lab for lab, _ in counts}):
            reasons = sorted(((n, r) for (lab, r), n in counts.items() if lab == label), reverse=True)
            print(f"  {label:12} {sum(n for n, _ in reasons):4}: " + ", ".join(f"{r} {n}" for n, r in reasons))

    show(f"All attributions found ({sum(found_counts.values())}), by label and reason", found_counts)
    show(f"Attributions used for lineage ({sum(used_counts.values()) + len(used_unlabelled)}), by label and reason",
         used_counts)
    show(f"Reuse links ({sum(link_counts.values())}), by label and reason", link_counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
