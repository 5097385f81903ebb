"""Sentence vectors in the database: written with their document, searched by cosine similarity.

Neither index made for vectors installs here (no pgvector among Debian's packages; this Python's
sqlite3 cannot load extensions, which sqlite-vec needs), so a document's vectors are bytes in one row
of a plain table on both databases (`meaning_document`), searched in numpy. A process keeps the
vectors it read (as stored, int8: meaning.index) and reads only the rows written since (`prov serve`
answers traces from memory); a one-shot `prov trace` reads them all (benchmarks/vector_search.py).
Up to meaning.index.EXACT_UP_TO sentences the search is exact; past that it goes through one bit a
dimension and compares the nearest by their bits exactly.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from provenance.meaning.index import Held
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


_cache: dict[str, Held] = {}
_cache_lock = threading.Lock()


def _read(session: Session, after: int, upto: int, held: Held) -> None:
    """Append to HELD the sentences of the rows written after AFTER up to UPTO (the last row counted: one
    written meanwhile is read next time, not twice), READ_BATCH rows at a time."""
    query = (select(MeaningDocument.document_id, MeaningDocument.units, MeaningDocument.spans,
                    MeaningDocument.vectors)
             .where(MeaningDocument.model == MODEL_NAME, MeaningDocument.id > after, MeaningDocument.id <= upto,
                    MeaningDocument.units > 0)
             .order_by(MeaningDocument.id))
    docs: list[np.ndarray] = []
    spans: list[np.ndarray] = []
    blobs: list[bytes] = []

    def flush() -> None:
        if blobs:
            records = np.frombuffer(b"".join(blobs), dtype=RECORD)
            held.extend(np.concatenate(docs), np.concatenate(spans), records["values"], records["scale"])
            docs.clear()
            spans.clear()
            blobs.clear()

    for document_id, units, span_bytes, vector_bytes in session.execute(
            query.execution_options(yield_per=READ_BATCH)):
        docs.append(np.full(units, document_id, dtype=np.int64))
        spans.append(np.frombuffer(span_bytes, dtype="<i4").reshape(units, 2))
        blobs.append(vector_bytes)
        if len(blobs) == READ_BATCH:
            flush()
    flush()


def loaded(session: Session) -> Held:
    """This database's vectors as held by the process, brought up to date: rows written since are read;
    a row removed since (a document deleted, revised or embedded again) makes it read them all again."""
    key = session.get_bind().engine.url.render_as_string(hide_password=False)
    last, count = session.execute(select(func.coalesce(func.max(MeaningDocument.id), 0), func.count())
                                  .select_from(MeaningDocument)).one()
    with _cache_lock:
        held = _cache.get(key) or Held()
        if held.last_id == last and held.count == count:
            return held
        kept = held.count and held.count == (session.scalar(
            select(func.count()).select_from(MeaningDocument).where(MeaningDocument.id <= held.last_id)) or 0)
        if not kept:
            held = Held()
        try:
            _read(session, held.last_id, int(last), held)
        except BaseException:
            _cache.pop(key, None)  # half read: the next search reads all again
            raise
        held.last_id, held.count = int(last), int(count)
        _cache[key] = held
        return held


def nearest(session: Session, vector: np.ndarray, *, limit: int, at_least: float) -> dict[int, Near]:
    """The documents holding the LIMIT stored sentences most similar to VECTOR (at least AT_LEAST), each
    with its most similar sentence, most similar first (meaning.index: exact up to EXACT_UP_TO held
    sentences, through their bits past that)."""
    held = loaded(session)
    rows, sims = held.search(vector, limit)
    out: dict[int, Near] = {}
    for i, sim in zip(rows.tolist(), sims.tolist(), strict=True):
        if sim < at_least:
            break
        doc = int(held.documents[i])
        if doc not in out:
            out[doc] = Near(doc, int(held.spans[i, 0]), int(held.spans[i, 1]), round(float(sim), 3))
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
