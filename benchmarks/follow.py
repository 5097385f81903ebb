"""`prov follow` over two webs on loopback: the fixture web of outlets, and a generated web of linked pages.

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/follow.py [--pages 200] [--delay 0.0]

1. The fixture web (tests/outletweb.py): a forum post ingested with `--follow 3`, its chain followed
   to the city's notice, which is gone and comes from the TimeGate the web serves.
2. A generated web of PAGES pages over four outlets, page i crediting pages 2i and 2i+1 by a link:
   page 1 ingested, then `prov follow 1 --depth 10 --max-fetch PAGES` until every page is reached.

For each it prints the documents reached, the HTTP requests made and the wall time, into a fresh
SQLite database. `--delay` is the per-host delay (0 here: the pages are local; `prov` defaults to 1 s).
"""

from __future__ import annotations

import argparse
import os as _os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from outletweb import FORUM, OutletWeb, generated_web  # noqa: E402
from provenance.config import Settings  # noqa: E402
from provenance.db import Database  # noqa: E402
from provenance.follow import FollowOptions, follow_documents  # noqa: E402
from provenance.ingest import Overrides, expand_sources, ingest_sources  # noqa: E402

# Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
# measured here but trace candidates: off unless PROV_MEANING says otherwise (PROV_MEANING=on to measure with).
_os.environ.setdefault("PROV_MEANING", "off")


def run(web: OutletWeb, start: str, *, depth: int, max_fetch: int, delay: float, archive: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/follow.db")
        settings = Settings(allow_private=True)
        started = time.perf_counter()
        results = ingest_sources(db, expand_sources([start]), overrides=Overrides(), settings=settings,
                                 on_result=lambda _: None)
        ids = [r.document_id for r in results if r.document_id is not None]
        result = follow_documents(db, ids, settings=settings,
                                  options=FollowOptions(depth=depth, max_fetch=max_fetch, per_host_delay=delay,
                                                        archive=archive))
        wall = time.perf_counter() - started
        s = result.as_json()
        print(f"  reached {s['reached']} ({s['archived']} archived), held {s['already_held']}, refused {s['refused']}, "
              f"failed {s['failed']}, left {s['left']}; {s['fetches'] + 1} requests (the first page included); "
              f"wall {wall:.1f} s ({wall / max(1, s['reached'] + 1) * 1000:.0f} ms a document)")
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    web = OutletWeb().start()
    try:
        print("fixture web: a forum post, --follow 3, gone page from the TimeGate")
        run(web, web.url("forum", FORUM), depth=3, max_fetch=50, delay=args.delay,
            archive=web.url("archive", "/timegate/"))
    finally:
        web.stop()
    web = OutletWeb(generated_web(args.pages)).start()
    try:
        print(f"generated web: {args.pages} pages, each crediting two others, --depth 10")
        run(web, web.url("courier", "/gen/1/port-report"), depth=10, max_fetch=args.pages, delay=args.delay,
            archive=None)
    finally:
        web.stop()


if __name__ == "__main__":
    main()
