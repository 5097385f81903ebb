"""Metadata and main-text quality on real pages, `prov` beside plain trafilatura, in one run.

Needs nothing beyond `make install`, and the pages of ../shared/realworld.

    .venv/bin/python benchmarks/metadata.py [--set trafilatura|htmldate|scrapinghub] [--limit N]

Reads ../shared/realworld/<set>/truth.jsonl (third-party gold values; see its
README). Scoring, per field, only on pages whose gold has that key:
- date exact: our date equals a gold date, over pages with a gold date;
  wrong dates: a date where gold has none, or a different date, over all pages
  with a date key (gold date or gold empty).
- author same-set: the set of names equals gold's (case and spacing folded),
  over pages with a gold author.
- title exact: equal after folding case and spacing, over pages with a gold title.
- sitename exact, as title.
- text snippets (trafilatura set): a must-contain snippet found is a true
  positive, missing a false negative; a must-not-contain snippet found is a
  false positive. F1 over all snippets.
Targets on the trafilatura set: date exact >= 0.90 with wrong <= 0.05; author
>= 0.70; title >= 0.80; snippet F1 >= 0.926.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from provenance.errors import ProvenanceError
from provenance.ingest.extract import extract

ROOT = Path(__file__).resolve().parents[1]
REALWORLD = ROOT.parent / "shared" / "realworld"


@dataclass
class Result:
    title: str | None
    authors: list[str]
    date: str | None
    sitename: str | None
    text: str


def norm(value: str | None) -> str:
    return " ".join((value or "").replace("\u2019", "'").split()).casefold()


def author_set(value: object) -> set[str]:
    if not value:
        return set()
    items = value if isinstance(value, list) else [value]
    names: set[str] = set()
    for item in items:
        for part in re.split(r";|,|\s+(?:and|und|et|y|i)\s+|\s*&\s*|\|", str(item)):
            if norm(part):
                names.add(norm(part))
    return names


def run_trafilatura(page: bytes, url: str | None) -> Result:
    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True)
    if doc is None:
        return Result(None, [], None, None, "")
    return Result(doc.title, [doc.author] if doc.author else [], doc.date, doc.sitename, doc.text or "")


def run_prov(page: bytes, url: str | None) -> Result:
    try:
        got = extract(page, kind="html", charset=None, url=url, source=url or "page")
    except ProvenanceError:
        return Result(None, [], None, None, "")
    return Result(got.title, got.authors, got.published.isoformat() if got.published else None,
                  got.sitename, got.text)


class Score:
    def __init__(self) -> None:
        self.n: dict[str, int] = {}

    def add(self, key: str, amount: int = 1) -> None:
        self.n[key] = self.n.get(key, 0) + amount

    def ratio(self, num: str, den: str) -> float:
        return self.n.get(num, 0) / self.n[den] if self.n.get(den) else float("nan")


def score(rows: list[dict], folder: Path, runner: Callable[[bytes, str | None], Result]) -> tuple[Score, float]:
    s = Score()
    started = time.perf_counter()
    for row in rows:
        page = gzip.decompress((folder / row["file"]).read_bytes())
        got = runner(page, row.get("url"))
        if "date" in row:
            s.add("date_keyed")
            if row["date"]:
                s.add("date_gold")
                s.add("date_exact", got.date == row["date"])
            if got.date and got.date != row["date"]:
                s.add("date_wrong")
        if row.get("author"):
            s.add("author_gold")
            s.add("author_same", author_set(got.authors) == author_set(row["author"]))
        elif "author" in row:
            s.add("author_empty_gold")
            s.add("author_invented", bool(got.authors))
        if row.get("title"):
            s.add("title_gold")
            s.add("title_exact", norm(got.title) == norm(row["title"]))
        if row.get("sitename"):
            s.add("site_gold")
            s.add("site_exact", norm(got.sitename) == norm(row["sitename"]))
        text = norm(got.text)
        for snippet in row.get("text_must_contain") or []:
            s.add("tp" if norm(snippet) in text else "fn")
        for snippet in row.get("text_must_not_contain") or []:
            s.add("fp" if norm(snippet) in text else "tn")
    return s, time.perf_counter() - started


def f1(s: Score) -> float:
    tp, fp, fn = s.n.get("tp", 0), s.n.get("fp", 0), s.n.get("fn", 0)
    if not tp:
        return float("nan")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="trafilatura", choices=["trafilatura", "htmldate", "scrapinghub"])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    folder = REALWORLD / args.set
    if not folder.exists():
        print(f"{folder} not found: this benchmark reads ../shared/realworld", file=sys.stderr)
        return 1
    rows = [json.loads(line) for line in (folder / "truth.jsonl").read_text().splitlines() if line.strip()]
    rows = rows[: args.limit] if args.limit else rows
    results = {name: score(rows, folder, runner) for name, runner in
               (("trafilatura", run_trafilatura), ("prov", run_prov))}
    print(f"{args.set}: {len(rows)} pages")
    print(f"{'':32}{'trafilatura':>12}{'prov':>10}   target")
    lines = [
        ("date exact (of gold dates)", lambda s: s.ratio("date_exact", "date_gold"), ">= 0.90"),
        ("wrong dates (of date keys)", lambda s: s.ratio("date_wrong", "date_keyed"), "<= 0.05"),
        ("author same-set", lambda s: s.ratio("author_same", "author_gold"), ">= 0.70"),
        ("author where gold has none", lambda s: s.ratio("author_invented", "author_empty_gold"), ""),
        ("title exact", lambda s: s.ratio("title_exact", "title_gold"), ">= 0.80"),
        ("sitename exact", lambda s: s.ratio("site_exact", "site_gold"), ""),
        ("text snippet F1", f1, ">= 0.926"),
    ]
    for label, fn, target in lines:
        values = [fn(results[name][0]) for name in ("trafilatura", "prov")]
        print(f"{label:32}" + "".join(f"{v:>12.3f}" if i == 0 else f"{v:>10.3f}" for i, v in enumerate(values))
              + f"   {target}")
    print(f"{'seconds':32}{results['trafilatura'][1]:>12.1f}{results['prov'][1]:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
