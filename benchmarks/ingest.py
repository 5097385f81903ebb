"""Ingest speed beside bare trafilatura extraction, on the same pages, in one run.

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/ingest.py [--folder DIR] [--limit N]

Pages: ../shared/realworld/scrapinghub/html when present (gzip files, unpacked
into a temporary folder first), else a generated set. It times
`trafilatura.bare_extraction` over every page with the options `prov` uses
(metadata on, deduplication off, comments off), then `prov ingest` of the same
folder into a fresh SQLite database (reading, decoding, extraction, snapshot
compression and hashing, storage, revisions, full-text index). Target: ingest
at least 0.8x the bare rate.
"""

from __future__ import annotations

import argparse
import gzip
import os as _os
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

from provenance.config import Settings, default_processes
from provenance.db import Database
from provenance.ingest import Overrides, expand_sources, ingest_sources

# Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
# measured here but trace candidates: off unless PROV_MEANING says otherwise (PROV_MEANING=on to measure with).
_os.environ.setdefault("PROV_MEANING", "off")

ROOT = Path(__file__).resolve().parents[1]
PAGES = Path("shared") / "realworld" / "scrapinghub" / "html"
# beside the repository, or beside the folder of worktrees
REALWORLD = next((base / PAGES for base in (ROOT.parent, ROOT.parent.parent) if (base / PAGES).exists()),
                 ROOT.parent / PAGES)


def prepare_pages(folder: Path | None, limit: int, out: Path) -> tuple[list[Path], str]:
    """Plain .html files in `out`: unpacked from the real-world set, or generated."""
    source = folder or (REALWORLD if REALWORLD.exists() else None)
    pages: list[Path] = []
    if source is not None:
        for i, path in enumerate(sorted(source.iterdir())):
            if limit and len(pages) >= limit:
                break
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = gzip.decompress(data)
            target = out / f"{i:05d}.html"
            target.write_bytes(data)
            pages.append(target)
        return pages, str(source)
    sys.path.insert(0, str(ROOT / "tests"))
    from webserver import generated_page

    for i in range(limit or 200):
        target = out / f"{i:05d}.html"
        target.write_bytes(generated_page(i))
        pages.append(target)
    return pages, "generated pages"


def bare_rate(pages: list[Path]) -> float:
    start = time.perf_counter()
    for path in pages:
        trafilatura.bare_extraction(
            path.read_bytes(), with_metadata=True, deduplicate=False, include_comments=False,
        )
    return len(pages) / (time.perf_counter() - start)


def ingest_rate(pages_dir: Path, db_path: Path, count: int, processes: int = 1) -> tuple[float, int]:
    db = Database(f"sqlite:///{db_path}")
    db.ensure_schema()  # creating the schema is once per database, not per page
    failed = 0

    def on_result(result) -> None:  # type: ignore[no-untyped-def]
        nonlocal failed
        failed += result.status == "failed"

    start = time.perf_counter()
    ingest_sources(db, expand_sources([str(pages_dir)]), overrides=Overrides(), settings=Settings(processes=processes),
                   on_result=on_result)
    elapsed = time.perf_counter() - start
    db.dispose()
    return count / elapsed, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, help="folder of .html or .html.gz pages")
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages (0: all)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds; the best of each counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages_dir = Path(tmp) / "pages"
        pages_dir.mkdir()
        pages, source = prepare_pages(args.folder, args.limit, pages_dir)
        bare_rate(pages[:5])  # warm both code paths up: imports, caches
        bare, rate, parallel, failed = 0.0, 0.0, 0.0, 0
        for n in range(args.rounds):  # alternate, keep the best of each: the machine is shared
            bare = max(bare, bare_rate(pages))
            this_rate, failed = ingest_rate(pages_dir, Path(tmp) / f"bench{n}.db", len(pages))
            rate = max(rate, this_rate)
            this_rate, _ = ingest_rate(pages_dir, Path(tmp) / f"par{n}.db", len(pages), default_processes())
            parallel = max(parallel, this_rate)
    print(f"pages: {len(pages)} from {source}; best of {args.rounds} alternating rounds")
    print(f"bare trafilatura.bare_extraction: {bare:7.1f} pages/s")
    print(f"prov ingest, one process:         {rate:7.1f} pages/s  ({failed} pages failed: no article text)")
    print(f"ratio ingest/bare, one process:   {rate / bare:7.2f}  (the cost of storage, indexing and analysis)")
    print(f"prov ingest, {default_processes()} extraction processes: {parallel:5.1f} pages/s  "
          f"(the default for batches)")
    print(f"ratio ingest/bare, default:       {parallel / bare:7.2f}  (target >= 0.80)")


if __name__ == "__main__":
    main()
