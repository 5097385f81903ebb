"""Sentence vectors in the database: written with their document, searched by cosine similarity.

Neither index made for vectors installs here (no pgvector among Debian's packages; this Python's
sqlite3 cannot load extensions, which sqlite-vec needs), so the vectors are float16 bytes in a plain
table on both databases and the search is exact: every stored vector is compared with the claim's,
in numpy. A process keeps the vectors it read (as float32) and reads only the rows added since
(`prov serve` answers traces from memory); a one-shot `prov trace` reads them all.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from provenance.meaning.model import DIMENSIONS, MODEL_NAME
from provenance.meaning.units import DocumentVectors
from provenance.models import MeaningDocument, SentenceVector, table_of

READ_BATCH = 50_000


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
        session.execute(delete(SentenceVector).where(SentenceVector.document_id == document_id))
        session.execute(delete(MeaningDocument).where(MeaningDocument.document_id == document_id))
    if found is None:
        return
    rows = [{"document_id": document_id, "start": start, "end": end, "vector": vector.astype("<f2").tobytes()}
            for (start, end), vector in zip(found.spans, found.vectors, strict=True)]
    if rows:
        session.execute(insert(table_of(SentenceVector)), rows)
    session.execute(insert(table_of(MeaningDocument)),
                    [{"document_id": document_id, "model": found.model, "units": len(rows)}])


@dataclass
class _Loaded:
    """The vectors a process has read from one database."""

    last_id: int = 0
    count: int = 0
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    documents: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    spans: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))


_cache: dict[str, _Loaded] = {}
_cache_lock = threading.Lock()


def _rows(session: Session, after: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    ids, docs, spans, blobs = [], [], [], []
    query = (select(SentenceVector.id, SentenceVector.document_id, SentenceVector.start, SentenceVector.end,
                    SentenceVector.vector)
             .join(MeaningDocument, MeaningDocument.document_id == SentenceVector.document_id)
             .where(MeaningDocument.model == MODEL_NAME, SentenceVector.id > after).order_by(SentenceVector.id))
    for row in session.execute(query.execution_options(yield_per=READ_BATCH)):
        ids.append(row.id)
        docs.append(row.document_id)
        spans.append((row.start, row.end))
        blobs.append(row.vector)
    matrix = (np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), DIMENSIONS).astype(np.float32)
              if blobs else np.zeros((0, DIMENSIONS), dtype=np.float32))
    return (np.asarray(ids, dtype=np.int64), np.asarray(docs, dtype=np.int64),
            np.asarray(spans, dtype=np.int64).reshape(len(ids), 2), matrix)


def loaded(session: Session) -> _Loaded:
    """This database's vectors as held by the process, brought up to date (rows added since are read;
    a document removed or re-embedded since makes it read them all again)."""
    bind = session.get_bind()
    key = bind.engine.url.render_as_string(hide_password=False)
    last, count = session.execute(select(func.coalesce(func.max(SentenceVector.id), 0), func.count())
                                  .select_from(SentenceVector)).one()
    with _cache_lock:
        held = _cache.get(key) or _Loaded()
        if held.last_id == last and held.count == count:
            return held
        grown = last > held.last_id and count >= held.count and held.count == int(
            session.scalar(select(func.count()).select_from(SentenceVector)
                           .where(SentenceVector.id <= held.last_id)) or 0)
        if not grown:
            held = _Loaded()
        ids, docs, spans, matrix = _rows(session, held.last_id)
        held = _Loaded(int(last), int(count), np.concatenate([held.ids, ids]),
                       np.concatenate([held.documents, docs]), np.concatenate([held.spans, spans]),
                       np.concatenate([held.matrix, matrix]) if len(held.matrix) else matrix)
        _cache[key] = held
        return held


def nearest(session: Session, vector: np.ndarray, *, limit: int, at_least: float) -> dict[int, Near]:
    """The documents holding the LIMIT stored sentences most similar to VECTOR (at least AT_LEAST), each
    with its most similar sentence, most similar first."""
    held = loaded(session)
    if not len(held.ids):
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
    rows = session.execute(
        select(SentenceVector.document_id, SentenceVector.start, SentenceVector.end, SentenceVector.vector)
        .join(MeaningDocument, MeaningDocument.document_id == SentenceVector.document_id)
        .where(MeaningDocument.model == MODEL_NAME, SentenceVector.document_id.in_(list(spans))))
    query = vector.astype(np.float32)
    for doc, start, end, blob in rows:
        lo, hi = spans[doc]
        if start < hi and lo < end:
            sim = float(np.frombuffer(blob, dtype="<f2").astype(np.float32) @ query)
            out[doc] = max(out.get(doc, -1.0), round(sim, 3))
    return out


def documents_without(session: Session, after: int, limit: int) -> list[tuple[int, str]]:
    """(id, text) of up to LIMIT documents past AFTER whose vectors are missing or of another model."""
    done = select(MeaningDocument.document_id).where(MeaningDocument.model == MODEL_NAME)
    from provenance.models import Document

    return [(r.id, r.text) for r in session.execute(
        select(Document.id, Document.text).where(Document.id > after, Document.id.not_in(done))
        .order_by(Document.id).limit(limit))]


def any_vectors(session: Session) -> bool:
    """Whether the archive holds any sentence vector (else a claim need not be embedded)."""
    return session.scalar(select(SentenceVector.id).limit(1)) is not None
