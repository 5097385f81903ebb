"""`prov export` and `prov import`: the whole archive out, for backup and analysis, and back in.

jsonl: a header line, then one line per row of every table that holds what people
and documents said (outlets, authors, documents with their metadata and hashes,
snapshots with their stored bytes, revisions, attributions, quotes, reuse links,
lineage edges, corrections, and any table added later), in an order that keeps
references valid, and last an end record with the number of rows of each table. The
reuse index's fingerprint tables are left out: they are computed from the texts, and
`prov import` computes them again. `prov import` checks what it reads (rowcheck.py) and
refuses the whole file on the first line it cannot restore.

prov-json: the whole lineage graph as W3C PROV (the report's mapping, for every
document and edge).

warc: every stored snapshot as a WARC record (warcio): fetched pages and archived
records as `response` records with their HTTP status and headers, files read from
disk as `resource` records, each with the document id and SHA-256 as extra fields.
"""

from __future__ import annotations

import base64
import codecs
import datetime as dt
import io
import json
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from provenance import __version__
from provenance.db import HEAD_REVISION, Database
from provenance.errors import InputError
from provenance.graph import Graph, GraphEdge, GraphNode, SnapshotRef, document_key, source_node_key
from provenance.models import Base, Document, DocumentAuthor, LineageEdge, Outlet, Snapshot
from provenance.rowcheck import RowChecker, RowError

FORMAT_NAME = "provenance-export"
END_NAME = "provenance-export-end"
# 2: the export ends with an END_NAME record counting its rows per table. Exports of format 1,
# written before it, have none; they are still read (see import_jsonl).
FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)
# Schemas whose tables an export of this one fits: migrations since then added indexes only
# (0004), the character pairs of texts written without spaces (0005), rebuilt on import, and
# nullable columns (0006: source_kind, source_name), which an older export's rows lack: they are
# null there, as those rows are credits and edges to outlets; sentence vectors (0007), not exported.
SAME_TABLES = {"0003", "0004", "0005", "0006", HEAD_REVISION}
# Computed from the texts, rebuilt on import; sentence vectors (hours of model time for a large archive)
# are not: `prov reindex --vectors` computes them.
DERIVED_TABLES = {"reuse_signature", "reuse_band", "reuse_posting", "reuse_common", "reuse_state",
                  "meaning_document"}
BATCH = 500


def exported_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in DERIVED_TABLES]


def encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return value


def export_jsonl(session: Session, out: IO[str]) -> dict[str, int]:
    """Every exported table, row by row, then the end record; the number of rows written per table."""
    counts: dict[str, int] = {}
    out.write(json.dumps({"type": FORMAT_NAME, "version": FORMAT_VERSION, "schema": HEAD_REVISION,
                          "tool_version": __version__,
                          "exported": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}) + "\n")
    for table in exported_tables():
        key = [c for c in table.primary_key.columns]
        n = 0
        for row in session.execute(select(table).order_by(*key)).mappings().yield_per(BATCH):
            out.write(json.dumps({"table": table.name, "row": {k: encode(v) for k, v in row.items()}},
                                 ensure_ascii=False) + "\n")
            n += 1
        counts[table.name] = n
    # The last line: an export cut short anywhere, even at a line's end, lacks it or disagrees with it.
    out.write(json.dumps({"type": END_NAME, "rows": counts}) + "\n")
    return counts


# The first bytes of files people may take for an export, and what to tell them.
NOT_EXPORTS = (
    (b"WARC/", "a WARC file (add its records with prov ingest FILE)"),
    (b"PK\x03\x04", "a zip archive"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (b"SQLite format 3\x00", "a SQLite database (give it to prov as --db sqlite:///FILE)"),
)
EXPECTED = "prov import reads the JSON lines that prov export --format jsonl writes"
PROV_JSON = re.compile(r'\{\s*"(prefix|entity|activity|agent|wasDerivedFrom|wasAttributedTo)"\s*:\s*\{')
HEAD_BYTES = 4096


def what_file(head: bytes) -> str | None:
    """What a file whose first bytes are HEAD is, when it cannot be a jsonl export; None when it may be one."""
    if not head.strip():
        return "an empty file"
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            inner = b""
        if inner.startswith(b"WARC/"):
            return ("a gzip-compressed WARC file, as prov export --format warc writes "
                    "(add its records with prov ingest FILE)")
        if inner.lstrip().startswith(b'{"type": "' + FORMAT_NAME.encode()):
            return "a gzip-compressed export (gunzip it first)"
        return "a gzip-compressed file"
    for magic, what in NOT_EXPORTS:
        if head.startswith(magic):
            return what
    # Judged by its first line (the header, in an export: short); later lines are judged one by one.
    line, newline, _ = head.lstrip().partition(b"\n")
    cut = not newline and len(head) >= HEAD_BYTES  # a first line longer than any header
    try:
        first = codecs.getincrementaldecoder("utf-8-sig")().decode(line).strip()
    except UnicodeDecodeError:
        return "a binary file, not UTF-8 text"
    if "\x00" in first:
        return "a binary file"
    if PROV_JSON.match(first):
        return "PROV-JSON, as prov export --format prov-json writes (it holds the lineage graph, not the archive)"
    try:
        header = None if cut else json.loads(first)
    except json.JSONDecodeError:
        return "JSON, but not one object per line" if first.startswith(("{", "[")) else "text, not JSON"
    if isinstance(header, dict) and header.get("type") == FORMAT_NAME:
        return None
    if header is None and not first.startswith(("{", "[")):
        return "text, not JSON"
    return "JSON, but its first line is not the header of a prov export"


def read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError(str(path), f"line {number} is not UTF-8 text") from None
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), f"line {number} is not JSON ({exc.msg})") from None
                except RecursionError:
                    raise InputError(str(path), f"line {number} is not JSON (nested too deep)") from None


def open_export(path: Path) -> tuple[dict[str, Any], Iterator[tuple[int, Any]]]:
    """The export's header and an iterator over its other lines.

    Raises:
        InputError: the file cannot be read, is not a jsonl export (saying what it is), or is of
            another schema or format.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    what = what_file(head)
    if what is not None:
        raise InputError(str(path), f"not a prov export but {what}; {EXPECTED}")
    lines = read_jsonl(path)
    first = next(lines, None)
    if first is None or not isinstance(first[1], dict) or first[1].get("type") != FORMAT_NAME:
        raise InputError(str(path), f"not a prov export; {EXPECTED}")
    header = first[1]
    if header.get("version") not in READ_VERSIONS or header.get("schema") not in SAME_TABLES:
        raise InputError(str(path), f"made for schema {header.get('schema')} (format {header.get('version')}); "
                                    f"this prov uses schema {HEAD_REVISION} (format {FORMAT_VERSION})")
    return header, lines


def import_jsonl(db: Database, path: Path, *, processes: int = 1,
                 progress: Callable[[str, int, int], None] | None = None,
                 warn: Callable[[str], None] | None = None) -> dict[str, int]:
    """Restore an export into an empty database, in one transaction; then index the texts for reuse.

    Every row is checked first (see rowcheck): its columns, keys and references, and each
    snapshot's bytes against its SHA-256. An export carries an end record with its row counts;
    one made before prov wrote it (format 1) is restored when every document has its snapshot
    and its revision, with a warning (WARN) that a cut at a line's end cannot be told apart.

    Raises:
        InputError: the file is not a provenance export, is of another schema, is cut short, holds
            a row that cannot be restored (named by its line), or the database is not empty.
    """
    tables = {t.name: t for t in exported_tables()}
    header, lines = open_export(path)
    where = str(path)
    checker = RowChecker(tables)
    counts: dict[str, int] = {}
    end: tuple[int, Any] | None = None
    with db.session() as session, session.begin():
        held = session.scalar(select(func.count()).select_from(Document)) or 0
        held += session.scalar(select(func.count()).select_from(Outlet)) or 0
        if held:
            raise InputError(where, "the database is not empty: import into a new one", option="db_url")
        pending: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        for number, record in lines:
            if end is not None:
                raise InputError(where, f"line {number}: more lines after the end record (line {end[0]})")
            if isinstance(record, dict) and record.get("type") == END_NAME and header["version"] >= 2:
                end = (number, record.get("rows"))
                continue
            name = record.get("table") if isinstance(record, dict) else None
            table = tables.get(name) if isinstance(name, str) else None
            if table is None or not isinstance(record.get("row"), dict):
                raise InputError(where, f"line {number}: not a row of a known table")
            try:
                row = checker.check(table, record["row"])
            except RowError as exc:
                raise InputError(where, f"line {number}: {exc}") from None
            batch = pending.setdefault(table.name, [])
            batch.append((number, row))
            counts[table.name] = counts.get(table.name, 0) + 1
            if len(batch) >= BATCH:
                flush(session, tables, pending, where)
        check_complete(header, end, counts, checker, where, warn)
        flush(session, tables, pending, where)
        if db.dialect == "postgresql":
            for table in tables.values():
                if "id" in table.columns and table.columns["id"].autoincrement is not False:
                    session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
    index_imported(db, processes=processes, progress=progress)
    return counts


def check_complete(header: dict[str, Any], end: tuple[int, Any] | None, counts: dict[str, int],
                   checker: RowChecker, where: str, warn: Callable[[str], None] | None) -> None:
    """Refuse an export cut short or thinned: its end record missing or counting other rows than it
    holds, or a document without its snapshot (the evidence) or its revision."""
    if header["version"] >= 2:
        if end is None:
            raise InputError(where, "ends without its end record: the file is cut short (export it again)")
        stated = end[1]
        if not isinstance(stated, dict):
            raise InputError(where, f"line {end[0]}: the end record has no row counts")
        for name in sorted(set(stated) | set(counts)):
            if stated.get(name, 0) != counts.get(name, 0):
                raise InputError(where, f"holds {counts.get(name, 0)} {name} row(s) where its end record "
                                        f"(line {end[0]}) says {stated.get(name, 0)}: the file is cut or edited")
    # prov stores every document with the bytes it was read from and its text, and never drops either.
    for name in ("snapshot", "revision"):
        missing = sorted(checker.present[("document", "id")] - checker.owners[name])
        if missing and header["version"] >= 2:
            raise InputError(where, f"document {missing[0]} has no {name}: the file is cut or edited")
        if missing:
            raise InputError(where, f"document {missing[0]} has no {name}: the file is cut short "
                                    "(an export of an earlier prov, without the end record that would tell)")
    if header["version"] < 2 and warn is not None:
        warn(f"{where}: made by an earlier prov (format 1, no end record): every document has its snapshot "
             "and revision, but a file cut short after them cannot be told from a whole one")


def flush(session: Session, tables: dict[str, Table], pending: dict[str, list[tuple[int, dict[str, Any]]]],
          where: str) -> None:
    """Insert the pending rows in the export's table order (parents before children).

    Each batch goes in under a savepoint; should the database still refuse a row the checks let
    through, the batch is tried row by row to name its line.
    """
    for name in [t for t in tables if t in pending]:
        rows = pending[name]
        if not rows:
            continue
        pending[name] = []
        try:
            with session.begin_nested():
                session.execute(insert(tables[name]), [row for _, row in rows])
        except DBAPIError:
            for number, row in rows:
                try:
                    with session.begin_nested():
                        session.execute(insert(tables[name]), [row])
                except DBAPIError as exc:
                    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "refused"
                    raise InputError(where, f"line {number}: the database refused this {name} row "
                                            f"({reason})") from None


def index_imported(db: Database, *, processes: int, progress: Callable[[str, int, int], None] | None) -> None:
    """The derived data of the imported documents that an export does not carry (fingerprints, pairs of
    characters); their reuse links and lineage edges came with it."""
    from provenance.derived import derive_all

    derive_all(db, processes=processes, progress=progress, imported=True)


def stored_graph(session: Session) -> Graph:
    """Every document and every stored lineage edge as one graph.

    Returns:
        The documents by id, with their authors and snapshots, then the sources known only by outlet, URL
        or name in the order the edges (by id) first name them; one edge per pair of nodes, the first.
    """
    outlets = {o.id: o for o in session.scalars(select(Outlet))}
    nodes: dict[str, GraphNode] = {}
    docs = session.scalars(select(Document).order_by(Document.id).options(
        selectinload(Document.snapshots), selectinload(Document.author_links).selectinload(DocumentAuthor.author)))
    for doc in docs:
        outlet = outlets[doc.outlet_id].name if doc.outlet_id in outlets else None
        snapshots = tuple(SnapshotRef(s.sha256, s.fetched_at, s.origin, s.size,
                                      s.final_url or s.requested_url or s.source_path) for s in doc.snapshots)
        nodes[document_key(doc.id)] = GraphNode(document_key(doc.id), doc.id, outlet, doc.url, doc.title,
                                                doc.published, tuple(doc.authors), "outlet", outlet, snapshots)
    edges: dict[tuple[str, str], GraphEdge] = {}
    for edge in session.scalars(select(LineageEdge).order_by(LineageEdge.id)):
        named = outlets.get(edge.source_outlet_id) if edge.source_outlet_id is not None else None
        key = source_node_key(edge.source_document_id, named.slug if named else None, edge.source_url,
                              kind=edge.source_kind, name=edge.source_name)
        if key not in nodes:  # a source known only by outlet, URL or name
            kind = edge.source_kind if edge.source_document_id is None and edge.source_kind else "outlet"
            outlet = named.name if named else None
            nodes[key] = GraphNode(key, edge.source_document_id, outlet, edge.source_url, source_kind=kind,
                                   name=edge.source_name if kind != "outlet" else outlet)
        pair = (document_key(edge.derived_id), key)
        if pair not in edges:
            edges[pair] = GraphEdge(*pair, edge.relation, tuple(edge.basis or ()), tuple(edge.flags or ()),
                                    edge.confidence)
    return Graph(tuple(nodes.values()), tuple(edges.values()))


def export_prov(session: Session) -> str:
    """The whole lineage graph as PROV-JSON."""
    from provenance.report.interchange import graph_prov_json

    return graph_prov_json(stored_graph(session))


def snapshot_bytes(snap: Snapshot) -> bytes:
    if snap.compression == "zlib":
        return zlib.decompress(snap.body)
    if snap.compression in ("", "none", None):
        return snap.body
    raise InputError(f"snapshot {snap.id}", f"stored with unknown compression {snap.compression!r}")


def export_warc(session: Session, out: IO[bytes]) -> int:
    """Every stored snapshot as a WARC record; the number written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=True)
    written = 0
    query = select(Snapshot).order_by(Snapshot.id).execution_options(yield_per=100)
    for snap in session.scalars(query):
        body = snapshot_bytes(snap)
        doc = session.get(Document, snap.document_id)
        uri = snap.final_url or snap.requested_url or (doc.url if doc else None) or \
            Path(snap.source_path or f"snapshot-{snap.id}").absolute().as_uri()
        fields = {"WARC-Date": snap.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "X-Provenance-Document": str(snap.document_id), "X-Provenance-SHA256": snap.sha256}
        content_type = snap.content_type
        if not content_type:  # a file read from disk: the kind it was read as, in the encoding it was decoded from
            content_type = "text/html" if doc is not None and doc.content_kind == "html" else "text/plain"
            if snap.encoding:
                content_type += f"; charset={snap.encoding}"
        if snap.http_status:
            headers = [(k, str(v)) for k, v in (snap.headers or {}).items()
                       if k.lower() not in ("content-length", "transfer-encoding", "content-encoding")]
            if not any(k.lower() == "content-type" for k, _ in headers):
                headers.append(("Content-Type", content_type))
            status = StatusAndHeaders(str(snap.http_status), headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                               http_headers=status, warc_headers_dict=fields)
        else:
            record = writer.create_warc_record(uri, "resource", payload=io.BytesIO(body), length=len(body),
                                               warc_content_type=content_type, warc_headers_dict=fields)
        writer.write_record(record)
        written += 1
    return written
