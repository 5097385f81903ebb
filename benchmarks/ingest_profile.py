"""Where ingest spends its CPU: the extraction worker and the storing process, profiled apart.

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/ingest_profile.py [--folder DIR] [--limit N] [--top 25]

Pages as in benchmarks/ingest.py (../shared/realworld/scrapinghub/html, gzip files unpacked).
First every page goes through `ingest.extract_one` (what a worker process runs: trafilatura, our
readers of text and markup, the text analysis) under cProfile; then every extracted page is
stored (`ingest.store_one`, one transaction each, into a fresh SQLite file) under a second
profile. Prints CPU-seconds per page of each (process time, which depends less on the load of a
shared machine than the wall clock), bare trafilatura's CPU-seconds per page for scale, and the
functions with the most cumulative time in each profile.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

os.environ.setdefault("PROV_MEANING", "off")  # as benchmarks/ingest.py

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import prepare_pages  # noqa: E402

from provenance.config import Settings  # noqa: E402
from provenance.db import Database  # noqa: E402
from provenance.errors import InputError  # noqa: E402
from provenance.ingest import Overrides, extract_one, store_one  # noqa: E402
from provenance.ingest.fetch import read_file  # noqa: E402


def cpu(fn):  # type: ignore[no-untyped-def]
    """(result, CPU seconds of this process) of FN()."""
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


def show(profile: cProfile.Profile, title: str, top: int) -> None:
    print(f"\n== {title}: top {top} by cumulative time ==")
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, help="folder of .html or .html.gz pages")
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages (0: all)")
    parser.add_argument("--top", type=int, default=25, help="functions listed per profile")
    parser.add_argument("--no-profile", action="store_true", help="CPU-seconds only (cProfile's own cost left out)")
    args = parser.parse_args()
    settings = Settings(processes=1)
    with tempfile.TemporaryDirectory() as tmp:
        pages_dir = Path(tmp) / "pages"
        pages_dir.mkdir()
        pages, source = prepare_pages(args.folder, args.limit, pages_dir)
        fetched = [read_file(p, given=str(p), settings=settings) for p in pages]
        for f in fetched[:5]:  # warm up: imports, caches
            extract_one(f, f.url)
            trafilatura.bare_extraction(f.body, with_metadata=True, deduplicate=False, include_comments=False)
        _, bare_cpu = cpu(lambda: [trafilatura.bare_extraction(
            f.body, with_metadata=True, deduplicate=False, include_comments=False) for f in fetched])

        extracting = cProfile.Profile()
        if not args.no_profile:
            extracting.enable()
        extracted, extract_cpu = cpu(lambda: [extract_one(f, f.url) for f in fetched])
        extracting.disable()

        db = Database(f"sqlite:///{Path(tmp) / 'profile.db'}")
        db.ensure_schema()
        storing = cProfile.Profile()
        failed = 0

        def store_all() -> None:
            nonlocal failed
            for f, e in zip(fetched, extracted, strict=True):
                if isinstance(e, InputError):
                    failed += 1
                    continue
                store_one(db, f, e, Overrides())

        if not args.no_profile:
            storing.enable()
        _, store_cpu = cpu(store_all)
        storing.disable()
        db.dispose()
    n = len(pages)
    print(f"pages: {n} from {source} ({failed} without article text)")
    print(f"bare trafilatura.bare_extraction: {1000 * bare_cpu / n:6.1f} CPU-ms/page")
    print(f"extraction (ingest.extract_one):  {1000 * extract_cpu / n:6.1f} CPU-ms/page "
          f"({extract_cpu / bare_cpu:.2f}x bare){' under cProfile' if not args.no_profile else ''}")
    print(f"storing (ingest.store_one):       {1000 * store_cpu / n:6.1f} CPU-ms/page"
          f"{' under cProfile' if not args.no_profile else ''}")
    if not args.no_profile:
        show(extracting, "extraction", args.top)
        show(storing, "storing", args.top)


if __name__ == "__main__":
    main()
