"""Whether two builds of prov store the same thing: ingest a folder, dump every row and every document's view.

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/ingest_diff.py dump OUT.jsonl [--folder DIR] [--limit N] [--processes N]
    .venv/bin/python benchmarks/ingest_diff.py dump OUT.jsonl --from-db URL
    .venv/bin/python benchmarks/ingest_diff.py compare A.jsonl B.jsonl

`dump` ingests the pages (as benchmarks/ingest.py finds them: ../shared/realworld/scrapinghub/html, gzip
files unpacked) into a fresh SQLite database with the build it runs under (run it under the other build
with PYTHONPATH=OTHER/src), then writes `prov export` (every table, row by row) and `prov show --format
json` of every document, in id order. Times and the export's header, which differ from run to run, are
left out, and the temporary folder the pages are read from is written PAGES.
`dump --from-db URL` dumps a database another benchmark built instead (`reuse_quality.py --only counter --db
URL`, say: COUNTER's 600 stories), with the temporary folders its files were read from written TMP.
`compare` prints the lines that differ (at most 20) and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("PROV_MEANING", "off")  # as benchmarks/ingest.py

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import prepare_pages  # noqa: E402

from provenance.config import Settings  # noqa: E402
from provenance.db import Database  # noqa: E402
from provenance.documents import describe_document, find_document  # noqa: E402
from provenance.exchange import export_jsonl  # noqa: E402
from provenance.ingest import Overrides, expand_sources, ingest_sources  # noqa: E402
from provenance.models import Document  # noqa: E402
from provenance.render import dumps  # noqa: E402
from provenance.views import document_json  # noqa: E402

# Values that are the clock's, not the document's.
VOLATILE = ("created_at", "retrieved_at", "fetched_at", "retrieved", "updated_at", "exported", "decided_at")


def steady(value: object) -> object:
    """VALUE without the clock's fields, at any depth."""
    if isinstance(value, dict):
        return {k: steady(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [steady(v) for v in value]
    return value


def dump(out: Path, folder: Path | None, limit: int, processes: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pages_dir = Path(tmp) / "pages"
        pages_dir.mkdir()
        pages, source = prepare_pages(folder, limit, pages_dir)
        db = Database(f"sqlite:///{Path(tmp) / 'diff.db'}")
        ingest_sources(db, expand_sources([str(pages_dir)]), overrides=Overrides(),
                       settings=Settings(processes=processes), on_result=lambda result: None)
        lines = dump_lines(db)
        db.dispose()
    # (the pages are read from a temporary folder of another name on each run)
    out.write_text("\n".join(line.replace(str(pages_dir), "PAGES") for line in lines) + "\n", encoding="utf-8")
    print(f"{len(pages)} pages from {source}: {len(lines)} lines written to {out}")


def dump_database(out: Path, url: str) -> None:
    db = Database(url)
    lines = dump_lines(db)
    db.dispose()
    temporary = re.compile(re.escape(tempfile.gettempdir()) + r"/tmp[\w-]+")
    out.write_text("\n".join(temporary.sub("TMP", line) for line in lines) + "\n", encoding="utf-8")
    print(f"{url}: {len(lines)} lines written to {out}")


def dump_lines(db: Database) -> list[str]:
    """Every row of the export and every document's view, in id order, without the clock's values."""
    lines: list[str] = []
    with db.session() as session:
        exported = io.StringIO()
        export_jsonl(session, exported)
        for line in exported.getvalue().splitlines()[1:]:  # (the header: the tool's version and the time)
            lines.append(json.dumps(steady(json.loads(line)), ensure_ascii=False, sort_keys=True))
        for doc_id in session.scalars(Document.__table__.select().with_only_columns(Document.id)
                                      .order_by(Document.id)):
            view = document_json(describe_document(session, find_document(session, str(doc_id))))
            lines.append(dumps(steady(view)))
    return lines


def compare(a: Path, b: Path) -> int:
    left, right = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    differing = [(i, x, y) for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y]
    for i, x, y in differing[:20]:
        print(f"line {i + 1}:\n  {a.name}: {x[:400]}\n  {b.name}: {y[:400]}")
    if len(left) != len(right):
        print(f"{a.name} has {len(left)} lines, {b.name} {len(right)}")
    same = not differing and len(left) == len(right)
    print(f"{len(left)} and {len(right)} lines, {len(differing)} differ" + (": the same" if same else ""))
    return 0 if same else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--folder", type=Path, help="folder of .html or .html.gz pages")
    dumping.add_argument("--limit", type=int, default=0, help="at most this many pages (0: all)")
    dumping.add_argument("--processes", type=int, default=2, help="extraction processes (default 2)")
    dumping.add_argument("--from-db", help="dump this database (a URL) instead of ingesting pages")
    comparing = commands.add_parser("compare")
    comparing.add_argument("a", type=Path)
    comparing.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "dump" and args.from_db:
        dump_database(args.out, args.from_db)
    elif args.command == "dump":
        dump(args.out, args.folder, args.limit, args.processes)
    else:
        sys.exit(compare(args.a, args.b))


if __name__ == "__main__":
    main()
