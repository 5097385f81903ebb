"""`prov export` and `prov import`: the whole archive out, for backup and analysis, and back in.

jsonl: a header line, then one line per row of every table that holds what people
and documents said (outlets, authors, documents with their metadata and hashes,
snapshots with their stored bytes, revisions, attributions, quotes, reuse links,
lineage edges, corrections, and any table added later), in an order that keeps
references valid. The reuse index's fingerprint tables are left out: they are
computed from the texts, and `prov import` computes them again.

prov-json: the whole lineage graph as W3C PROV (the report's mapping, for every
document and edge).

warc: every stored snapshot as a WARC record (warcio): fetched pages and archived
records as `response` records with their HTTP status and headers, files read from
disk as `resource` records, each with the document id and SHA-256 as extra fields.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from provenance import __version__
from provenance.db import HEAD_REVISION, Database
from provenance.errors import InputError
from provenance.models import Base, Document, LineageEdge, Outlet, Snapshot

FORMAT_NAME = "provenance-export"
FORMAT_VERSION = 1
# Schemas whose tables an export of this one fits: migrations since then added indexes only
# (0004) and the character pairs of texts written without spaces (0005), rebuilt on import.
SAME_TABLES = {"0003", "0004", HEAD_REVISION}
# Computed from the texts, rebuilt on import.
DERIVED_TABLES = {"reuse_signature", "reuse_band", "reuse_posting", "reuse_common", "reuse_state"}
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


def decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        if tag == "$b64":
            return base64.b64decode(raw)
        if tag == "$dt":
            return dt.datetime.fromisoformat(raw)
        if tag == "$date":
            return dt.date.fromisoformat(raw)
    return value


def export_jsonl(session: Session, out: IO[str]) -> dict[str, int]:
    """Every exported table, row by row; the number of rows written per table."""
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
    return counts


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each line's JSON object with its line number.

    Raises:
        InputError: a line that is not UTF-8, not JSON, nested too deep, or not an object.
    """
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                raise InputError(str(path), f"line {number} is not UTF-8 text") from None
            except json.JSONDecodeError as exc:
                raise InputError(str(path), f"line {number} is not JSON ({exc.msg})") from None
            except RecursionError:
                raise InputError(str(path), f"line {number} is not JSON (nested too deep)") from None
            if not isinstance(record, dict):
                raise InputError(str(path), f"line {number} is not a JSON object")
            yield number, record


def import_jsonl(db: Database, path: Path, *, processes: int = 1,
                 progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Restore an export into an empty database, in one transaction; then index the texts for reuse.

    Raises:
        InputError: the file is not a provenance export, is of another schema, or the database is not empty.
    """
    tables = {t.name: t for t in exported_tables()}
    lines = read_jsonl(path)
    first = next(lines, None)
    if first is None or first[1].get("type") != FORMAT_NAME:
        raise InputError(str(path), "not a prov export (run prov export --format jsonl to make one)")
    header = first[1]
    if header.get("version") != FORMAT_VERSION or header.get("schema") not in SAME_TABLES:
        raise InputError(str(path), f"made for schema {header.get('schema')} (format {header.get('version')}); "
                                    f"this prov uses schema {HEAD_REVISION} (format {FORMAT_VERSION})")
    counts: dict[str, int] = {}
    with db.session() as session, session.begin():
        held = session.scalar(select(func.count()).select_from(Document)) or 0
        held += session.scalar(select(func.count()).select_from(Outlet)) or 0
        if held:
            raise InputError(str(path), "the database is not empty: import into a new one (--db)")
        pending: dict[str, list[dict[str, Any]]] = {}
        for number, record in lines:
            name = record.get("table")
            table = tables.get(name) if isinstance(name, str) else None
            if table is None or not isinstance(record.get("row"), dict):
                raise InputError(str(path), f"line {number}: not a row of a known table")
            row = decode_row(table, record["row"], f"line {number}", str(path))
            batch = pending.setdefault(table.name, [])
            batch.append(row)
            counts[table.name] = counts.get(table.name, 0) + 1
            if len(batch) >= BATCH:
                flush(session, tables, pending, str(path))
        flush(session, tables, pending, str(path))
        if db.dialect == "postgresql":
            for table in tables.values():
                if "id" in table.columns and table.columns["id"].autoincrement is not False:
                    session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
    index_imported(db, processes=processes, progress=progress)
    return counts


def decode_row(table: Table, raw: dict[str, Any], where: str, path: str) -> dict[str, Any]:
    """A row of TABLE from its exported form: every column there, each tagged value well formed.

    Raises:
        InputError: a column missing, or a $b64 / $dt / $date value that does not decode.
    """
    row = {}
    for column in [c.key for c in table.columns]:
        if column not in raw:
            raise InputError(path, f"{where}: a {table.name} row without its {column}")
        try:
            row[column] = decode(raw[column])
        except (ValueError, TypeError) as exc:  # binascii.Error is a ValueError
            raise InputError(path, f"{where}: {table.name}.{column} is not a valid value ({exc})") from None
    return row


def flush(session: Session, tables: dict[str, Table], pending: dict[str, list[dict[str, Any]]], path: str) -> None:
    """Insert the pending rows in the export's table order (parents before children).

    Raises:
        InputError: the database refuses a row (a broken reference, a duplicate, a value of the wrong type).
    """
    for name in [t for t in tables if t in pending]:
        if pending[name]:
            try:
                session.execute(insert(tables[name]), pending[name])
            except (StatementError, OverflowError) as exc:
                orig = getattr(exc, "orig", None) or exc
                reason = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
                raise InputError(path, f"a {name} row cannot be restored ({reason})") from None
            pending[name] = []


def index_imported(db: Database, *, processes: int, progress: Callable[[str, int, int], None] | None) -> None:
    """Fingerprints for the imported texts; the links and edges came with the export."""
    from provenance.models import ReuseSignature
    from provenance.reuse.rebuild import apply_caps, fingerprint_all, set_state, worker_map

    report = progress or (lambda phase, done, total: None)
    from provenance.grams import fill_grams

    with db.session() as session, session.begin():
        fill_grams(session)
        set_state(session, "fingerprint")
    with worker_map(processes) as run:
        fingerprint_all(db, run, report)
    apply_caps(db)
    with db.session() as session, session.begin():
        session.execute(ReuseSignature.__table__.update().values(linked=True))
        session.execute(text("DELETE FROM reuse_state"))


def export_prov(session: Session) -> str:
    """The whole lineage graph as PROV-JSON."""
    from provenance.report.interchange import render_prov
    from provenance.report.model import ReportBuilder, node_key

    builder = ReportBuilder(session)
    for doc_id in session.scalars(select(Document.id).order_by(Document.id)):
        builder.add_node(doc_id, None, None)
    for edge in session.scalars(select(LineageEdge).order_by(LineageEdge.id)):
        outlet = builder.outlets.get(edge.source_outlet_id) if edge.source_outlet_id is not None else None
        source = builder.add_node(edge.source_document_id, outlet.name if outlet else None, edge.source_url,
                                  node_key(edge.source_document_id, outlet.slug if outlet else None, edge.source_url))
        builder.add_edge(f"doc:{edge.derived_id}", source, edge, {"relation": edge.relation, "basis": edge.basis,
                                                                   "flags": edge.flags})
    report = builder.finish({"kind": "archive"}, {"chains": [], "origins": []}, set())
    return render_prov(report, "prov-json")


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
