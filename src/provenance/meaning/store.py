"""Sentence vectors in the database: written with their document, searched by cosine similarity.

Neither index made for vectors installs here (no pgvector among Debian's packages; this Python's
sqlite3 cannot load extensions, which sqlite-vec needs), so a document's vectors are bytes in one row
of a plain table on both databases (`meaning_document`) and the search is exact: every stored
vector is compared with the claim's, in numpy. A process keeps the vectors it read (as float32) and
reads only the rows written since (`prov serve` answers traces from memory); a one-shot `prov trace`
reads them all (benchmarks/vector_search.py).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from provenance.meaning.model import DIMENSIONS, MODEL_NAME
from provenance.meaning.units import DocumentVectors
from provenance.models import Document, MeaningDocument, table_of

READ_BATCH = 2_000  # documents
# A stored vector: its scale, then its values as int8 (value = int8 * scale): 388 bytes, a quarter of
# float32, and read back into float32 several times faster than float16 is. A unit vector's dot
# products move by about 0.001 (tests/test_meaning.py).
RECORD = np.dtype([("scale", "<f4"), ("values", "i1", (DIMENSIONS,))])


def pack(vectors: np.ndarray) -> bytes:
    """Vectors (n x DIMENSIONS) as stored records."""
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIMENSIONS)
    scale = np.abs(vectors).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    out = np.empty(len(vectors), dtype=RECORD)
    out["scale"] = scale
    out["values"] = np.rint(vectors / scale[:, None]).astype(np.int8)
    return out.tobytes()


def unpack_vectors(data: bytes) -> np.ndarray:
    """Stored records as vectors (n x DIMENSIONS float32)."""
    records = np.frombuffer(data, dtype=RECORD)
    return records["values"].astype(np.float32) * records["scale"][:, None]


@dataclass(frozen=True, slots=True)
class Near:
    """A stored sentence near a claim: its document, its span, and the cosine similarity."""

    document_id: int
    start: int
    end: int
    similarity: float


def write_vectors(session: Session, document_id: int, found: DocumentVectors | None, *, replace: bool) -> None:
    """Store a document's sentence vectors in the session's transaction (the old ones go with REPLACE);
    nothing when none were computed (the model is unavailable): `prov reindex --vectors` adds them later."""
    if replace:
        session.execute(delete(MeaningDocument).where(MeaningDocument.document_id == document_id))
    if found is None:
        return
    spans = np.asarray(found.spans, dtype="<i4").reshape(len(found.spans), 2)
    session.execute(insert(table_of(MeaningDocument)), [{
        "document_id": document_id, "model": found.model, "units": len(spans), "spans": spans.tobytes(),
        "vectors": pack(found.vectors)}])


def unpack(units: int, spans: bytes, vectors: bytes) -> tuple[np.ndarray, np.ndarray]:
    """A row's spans (units x 2 int) and vectors (units x DIMENSIONS float32)."""
    assert len(vectors) == units * RECORD.itemsize
    return np.frombuffer(spans, dtype="<i4").reshape(units, 2), unpack_vectors(vectors)


@dataclass
class _Loaded:
    """The vectors a process has read from one database: one row per sentence."""

    last_id: int = 0
    count: int = 0
    documents: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    spans: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))


_cache: dict[str, _Loaded] = {}
_cache_lock = threading.Lock()


def _read(session: Session, after: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    docs, spans, blobs = [], [], []
    query = (select(MeaningDocument.document_id, MeaningDocument.units, MeaningDocument.spans,
                    MeaningDocument.vectors)
             .where(MeaningDocument.model == MODEL_NAME, MeaningDocument.id > after, MeaningDocument.units > 0)
             .order_by(MeaningDocument.id))
    for document_id, units, span_bytes, vector_bytes in session.execute(
            query.execution_options(yield_per=READ_BATCH)):
        docs.append(np.full(units, document_id, dtype=np.int64))
        spans.append(np.frombuffer(span_bytes, dtype="<i4").reshape(units, 2))
        blobs.append(vector_bytes)
    if not blobs:
        return (np.zeros(0, dtype=np.int64), np.zeros((0, 2), dtype=np.int64),
                np.zeros((0, DIMENSIONS), dtype=np.float32))
    matrix = unpack_vectors(b"".join(blobs))
    return np.concatenate(docs), np.concatenate(spans).astype(np.int64), matrix


def loaded(session: Session) -> _Loaded:
    """This database's vectors as held by the process, brought up to date: rows written since are read;
    a row removed since (a document deleted, revised or embedded again) makes it read them all again."""
    key = session.get_bind().engine.url.render_as_string(hide_password=False)
    last, count = session.execute(select(func.coalesce(func.max(MeaningDocument.id), 0), func.count())
                                  .select_from(MeaningDocument)).one()
    with _cache_lock:
        held = _cache.get(key) or _Loaded()
        if held.last_id == last and held.count == count:
            return held
        kept = held.count and held.count == (session.scalar(
            select(func.count()).select_from(MeaningDocument).where(MeaningDocument.id <= held.last_id)) or 0)
        if not kept:
            held = _Loaded()
        docs, spans, matrix = _read(session, held.last_id)
        held = _Loaded(int(last), int(count), np.concatenate([held.documents, docs]),
                       np.concatenate([held.spans, spans]),
                       np.concatenate([held.matrix, matrix]) if len(held.matrix) else matrix)
        _cache[key] = held
        return held


def nearest(session: Session, vector: np.ndarray, *, limit: int, at_least: float) -> dict[int, Near]:
    """The documents holding the LIMIT stored sentences most similar to VECTOR (at least AT_LEAST), each
    with its most similar sentence, most similar first."""
    held = loaded(session)
    if not len(held.documents):
        return {}
    sims = held.matrix @ vector.astype(np.float32)
    take = min(limit, len(sims))
    top = np.argpartition(-sims, take - 1)[:take] if take < len(sims) else np.arange(len(sims))
    top = top[np.argsort(-sims[top], kind="stable")]
    out: dict[int, Near] = {}
    for i in top:
        if sims[i] < at_least:
            break
        doc = int(held.documents[i])
        if doc not in out:
            out[doc] = Near(doc, int(held.spans[i, 0]), int(held.spans[i, 1]), round(float(sims[i]), 3))
    return out


def span_similarity(session: Session, vector: np.ndarray, spans: dict[int, tuple[int, int]]) -> dict[int, float]:
    """For each document of SPANS, the greatest similarity to VECTOR of its stored sentences that overlap
    the span (a matched window of up to three sentences); documents without vectors are left out."""
    if not spans:
        return {}
    out: dict[int, float] = {}
    query = vector.astype(np.float32)
    for doc, units, span_bytes, vector_bytes in session.execute(
            select(MeaningDocument.document_id, MeaningDocument.units, MeaningDocument.spans,
                   MeaningDocument.vectors)
            .where(MeaningDocument.model == MODEL_NAME, MeaningDocument.document_id.in_(list(spans)),
                   MeaningDocument.units > 0)):
        at, vectors = unpack(units, span_bytes, vector_bytes)
        lo, hi = spans[doc]
        overlapping = (at[:, 0] < hi) & (lo < at[:, 1])
        if overlapping.any():
            out[doc] = round(float((vectors[overlapping] @ query).max()), 3)
    return out


def any_vectors(session: Session) -> bool:
    """Whether the archive holds any sentence vector (else a claim need not be embedded)."""
    return session.scalar(select(MeaningDocument.id).where(MeaningDocument.units > 0).limit(1)) is not None


def documents_without(session: Session, after: int, limit: int) -> list[tuple[int, str]]:
    """(id, text) of up to LIMIT documents past AFTER whose vectors are missing or of another model."""
    done = select(MeaningDocument.document_id).where(MeaningDocument.model == MODEL_NAME)
    return [(r.id, r.text) for r in session.execute(
        select(Document.id, Document.text).where(Document.id > after, Document.id.not_in(done))
        .order_by(Document.id).limit(limit))]
