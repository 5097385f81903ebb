"""What `prov import` checks in each row of an export before it goes into the database.

Every row is checked against its table: each column present and of its type (dates are
dates, numbers numbers in range, text within its length and free of NUL), its key and
unique columns not taken by an earlier row, and every reference naming a row earlier in
the file (an export lists parents before children). A snapshot's stored bytes must be
the bytes its SHA-256 and size describe: the evidence an export carries is checked, not
trusted. A failure is a reason in words; the caller names the file and the line.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import zlib
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from provenance.models import UTCDateTime
from provenance.untrusted import is_utf8

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
CHUNK = 1 << 20


class RowError(ValueError):
    """A row that cannot be restored; the message is the reason."""


def decode(column: Column[Any], value: Any) -> Any:
    """A value as the export encoded it ({"$b64"}, {"$dt"}, {"$date"}) back to bytes, datetime, date."""
    if isinstance(column.type, JSON) or not (isinstance(value, dict) and len(value) == 1):
        return value
    ((tag, raw),) = value.items()
    try:
        if tag == "$b64":
            return base64.b64decode(raw, validate=True)
        if tag == "$dt":
            return dt.datetime.fromisoformat(raw)
        if tag == "$date":
            return dt.date.fromisoformat(raw)
    except (TypeError, ValueError, binascii.Error):
        kind = {"$b64": "base64 data", "$dt": "a date and time", "$date": "a date (YYYY-MM-DD)"}[tag]
        raise RowError(f"{column.table.name}.{column.name}: {str(raw)[:40]!r} is not {kind}") from None
    return value


def type_problem(column: Column[Any], value: Any) -> str | None:
    """Why VALUE cannot go into COLUMN, or None when it can."""
    kind = column.type
    if isinstance(kind, Boolean):
        return None if isinstance(value, bool) else "is not true or false"
    if isinstance(kind, Integer):  # (BigInteger too)
        low, high = INT64 if isinstance(kind, BigInteger) else INT32
        if not isinstance(value, int) or isinstance(value, bool):
            return "is not a whole number"
        return None if low <= value <= high else "is out of range"
    if isinstance(kind, Float):
        return None if isinstance(value, int | float) and not isinstance(value, bool) else "is not a number"
    if isinstance(kind, UTCDateTime | DateTime):
        if not isinstance(value, dt.datetime):
            return f"{str(value)[:40]!r} is not a date and time"
        return None if value.tzinfo is not None else "is a date and time without its time zone"
    if isinstance(kind, Date):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            return f"{str(value)[:40]!r} is not a date (YYYY-MM-DD)"
        return None
    if isinstance(kind, LargeBinary):
        return None if isinstance(value, bytes) else "is not bytes"
    if isinstance(kind, JSON):
        return None
    if isinstance(kind, String):  # (Text too)
        if not isinstance(value, str):
            return "is not text"
        if "\x00" in value:
            return "holds a NUL character"
        if not is_utf8(value):
            return "holds a lone surrogate (\\ud800-\\udfff), which is not text"
        if kind.length is not None and len(value) > kind.length:
            return f"is longer than {kind.length} characters"
    return None


def unique_sets(table: Table) -> list[tuple[str, ...]]:
    """The column sets of TABLE no two rows may share: its key, unique constraints and indexes."""
    sets = [tuple(c.name for c in table.primary_key.columns)]
    sets += [tuple(c.name for c in u.columns) for u in table.constraints if isinstance(u, UniqueConstraint)]
    sets += [tuple(c.name for c in ix.columns) for ix in table.indexes if ix.unique]
    sets += [(c.name,) for c in table.columns if c.unique]
    return [s for i, s in enumerate(sets) if s and s not in sets[:i]]


def snapshot_problem(row: dict[str, Any]) -> str | None:
    """Why a snapshot's stored bytes are not the evidence its row describes, or None."""
    body: bytes = row.get("body") or b""
    compression = row.get("compression")
    digest, size = hashlib.sha256(), 0
    if compression == "zlib":
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(body, CHUNK)
            while data:  # in bounded pieces: a forged body cannot make one huge buffer
                digest.update(data)
                size += len(data)
                data = inflater.decompress(inflater.unconsumed_tail, CHUNK)
            data = inflater.flush()
        except zlib.error:
            return "its stored bytes are not zlib data"
        if not inflater.eof:
            return "its stored bytes are cut short"
    elif compression in ("", "none", None):
        data = body
    else:
        return f"stored with unknown compression {str(compression)[:20]!r}"
    digest.update(data)
    size += len(data)
    if digest.hexdigest() != row.get("sha256"):
        return "its bytes do not match its SHA-256 (the evidence was changed or damaged)"
    if size != row.get("size"):
        return f"its bytes are {size} long where its size says {row.get('size')}"
    return None


class RowChecker:
    """Checks the rows of an export one by one, remembering the keys seen so far."""

    def __init__(self, tables: dict[str, Table]) -> None:
        self.unique = {name: unique_sets(t) for name, t in tables.items()}
        self.taken: dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]] = {}
        self.refs = {name: [(c, fk.column.table.name, fk.column.name) for c in t.columns for fk in c.foreign_keys]
                     for name, t in tables.items()}
        self.targets = {(target, col) for refs in self.refs.values() for _, target, col in refs}
        self.present: dict[tuple[str, str], set[Any]] = {key: set() for key in self.targets}
        # The documents each table has rows for (a document without a snapshot lost its evidence).
        self.owners: dict[str, set[int]] = {name: set() for name, t in tables.items() if "document_id" in t.columns}

    def check(self, table: Table, raw: dict[str, Any]) -> dict[str, Any]:
        """The row decoded and checked, ready to insert.

        Raises:
            RowError: a column is missing or of the wrong type, a key is taken, a reference
                names no earlier row, or a snapshot's bytes do not match its hash.
        """
        row: dict[str, Any] = {}
        for column in table.columns:
            if column.name in raw:
                value = decode(column, raw[column.name])
            elif isinstance(column.default, ScalarElementColumnDefault):
                value = column.default.arg
            else:
                value = None
            if value is None:
                if not column.nullable or column.primary_key:
                    raise RowError(f"{table.name}.{column.name} is missing")
            elif problem := type_problem(column, value):
                raise RowError(f"{table.name}.{column.name} {problem}")
            row[column.name] = value
        for column, target, col in self.refs[table.name]:
            value = row[column.name]
            if value is not None and value not in self.present[(target, col)]:
                raise RowError(f"{table.name}.{column.name} refers to {target} {value}, which the export "
                               "does not hold before this line")
        for names in self.unique[table.name]:
            values = tuple(row[n] for n in names)
            if any(v is None for v in values):
                continue
            seen = self.taken.setdefault((table.name, names), set())
            if values in seen:
                shown = ", ".join(f"{n} {v[:100]!r}" if isinstance(v, str) else f"{n} {v}"
                                  for n, v in zip(names, values, strict=True))
                raise RowError(f"a second {table.name} row with {shown}")
            seen.add(values)
        if table.name in ("lineage_edge", "correction") and row.get("source_document_id") is not None \
                and row["source_document_id"] == row.get("derived_id"):
            raise RowError(f"{table.name} {row.get('id')}: document {row['derived_id']} derived from itself")
        if table.name == "snapshot" and (problem := snapshot_problem(row)):
            raise RowError(f"snapshot {row['id']}: {problem}")
        for column in table.columns:
            if (table.name, column.name) in self.targets:
                self.present[(table.name, column.name)].add(row[column.name])
        if table.name in self.owners:
            self.owners[table.name].add(row["document_id"])
        return row
