"""Translations linked to their originals: two documents in different languages whose sentences say the
same things in the same order, found by the meaning layer's sentence vectors.

A translation shares no run of words with its original, so the reuse index never links them. The
vectors of multilingual-e5 are comparable across languages: a sentence and its translation are
nearer each other than any other sentence of either text. So:

1. candidates: the CANDIDATES stored documents in another language whose centroid (the mean of their
   sentence vectors, less the mean centroid of their language: see `centred_similarity`) is nearest
   this document's; the centroids are held per process and read incrementally, like the sentence
   vectors (a document costs one product of its centroid with the archive's, not a search per sentence);
2. alignment: the longest chain of sentence pairs in order on both sides (a monotone alignment, one to
   one) among the pairs at least MIN_SIMILARITY alike and each the other's nearest sentence in the other
   text; numbers written in both sentences of a pair must agree, or the pair is not taken;
3. a link when at least MIN_PAIRS pairs align and they cover at least MIN_SHARE of the shorter text's
   sentences (by characters): then it is stored as a `rewrite` reuse link whose passages are the
   aligned sentence pairs, of kind `translated`, and `similarity` their mean similarity. The lineage
   reads it like any rewrite (the earlier-dated or the credited one is the source) and the edge is
   flagged `translated`.

Two documents in one language are not compared here (the reuse index and its alignment do that), and
without the meaning model nothing is linked: names and numbers alone are no evidence of a translation.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from provenance.db import Database
from provenance.meaning.model import DIMENSIONS, MODEL_NAME
from provenance.meaning.store import unpack
from provenance.models import Document, MeaningDocument, ReuseLink, table_of

KIND = "translated"  # the kind of a translated link's passages
CANDIDATES = 16  # (a story translated into many languages: its translations are as near as its original)
LANGUAGE_MEAN = 5
MIN_SIMILARITY = 0.82
MIN_PAIRS = 3
MIN_SHARE = 0.5
MIN_UNITS = 3  # sentences a document needs to be compared at all
LANGUAGE_CHARS = 1500
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")  # (\d: the digits of every script; int() reads them all)
DIGIT = re.compile(r"\d")
SEPARATORS = re.compile(r"[.,]")


@dataclass(frozen=True, slots=True)
class Pair:
    """One aligned sentence pair: the spans in each text and their similarity."""

    this: tuple[int, int]
    other: tuple[int, int]
    similarity: float


@dataclass(frozen=True, slots=True)
class Translation:
    """THIS document and OTHER say the same sentences in two languages."""

    other_id: int
    languages: tuple[str, str]  # this one's, the other's
    pairs: tuple[Pair, ...]
    this_share: float  # of this text's sentences (by characters) aligned
    other_share: float
    similarity: float  # mean over the pairs


@dataclass
class _Centroids:
    """The centroids a process has read from one database (one row per vectors row, latest wins)."""

    last_id: int = 0
    ids: list[int] = field(default_factory=list)
    languages: list[str | None] = field(default_factory=list)  # as stored (None: not known)
    rows: list[np.ndarray] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))
    position: dict[int, int] = field(default_factory=dict)


_cache: dict[str, _Centroids] = {}
_lock = threading.Lock()


def centroid(vectors: np.ndarray) -> np.ndarray:
    """The unit-length mean of a document's sentence vectors."""
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).astype(np.float32)


def centroids(session: Session) -> _Centroids:
    """This database's document centroids as held by the process, brought up to date (rows written since
    are read; a deleted document's row stays, harmless: its vectors are read again before any use)."""
    key = session.get_bind().engine.url.render_as_string(hide_password=False)
    top = session.scalar(select(func.max(MeaningDocument.id))) or 0
    with _lock:
        held = _cache.get(key)
        if held is None or top < held.last_id:  # (a database made again at the same address)
            held = _cache[key] = _Centroids()
        fresh = session.execute(
            select(MeaningDocument.id, MeaningDocument.document_id, MeaningDocument.units, MeaningDocument.spans,
                   MeaningDocument.vectors, Document.language)
            .join(Document, Document.id == MeaningDocument.document_id)
            .where(MeaningDocument.id > held.last_id, MeaningDocument.model == MODEL_NAME,
                   MeaningDocument.units >= MIN_UNITS).order_by(MeaningDocument.id)).all()
        if fresh:
            for row_id, document_id, units, spans, vectors, language in fresh:
                held.position[document_id] = len(held.ids)
                held.ids.append(document_id)
                held.languages.append(language.split("-")[0].lower() if language else None)
                held.rows.append(centroid(unpack(units, spans, vectors)[1]))
                held.last_id = row_id
            held.matrix = np.vstack(held.rows)
        return held


def centred_similarity(held: _Centroids, vector: np.ndarray, language: str) -> np.ndarray:
    """The similarity of each held centroid with VECTOR (a document's in LANGUAGE), once each has lost the
    mean centroid of its language: a centroid says first what language a text is in (Icelandic texts
    are nearer each other, 0.97, than one is to its English original), then what it is about. A language
    of fewer than LANGUAGE_MEAN documents loses the mean of all."""
    languages = np.asarray(held.languages, dtype=object)
    # (an archive of a few documents: nothing to take away, all of them are candidates anyway)
    overall = held.matrix.mean(axis=0) if len(held.matrix) >= 4 * LANGUAGE_MEAN else np.zeros(DIMENSIONS)
    means = {}
    for name in {*held.languages, language}:
        rows = held.matrix[languages == name]
        means[name] = rows.mean(axis=0) if len(rows) >= LANGUAGE_MEAN else overall
    centred = held.matrix - np.stack([means[name] for name in held.languages])
    query = vector - means[language]
    norms = np.linalg.norm(centred, axis=1) * (float(np.linalg.norm(query)) or 1.0)
    return (centred @ query) / np.where(norms > 0, norms, 1.0)


def vectors_of(session: Session, ids: list[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """(spans, vectors) of the documents IDS that have sentence vectors of this model."""
    out = {}
    for document_id, units, spans, vectors in session.execute(
            select(MeaningDocument.document_id, MeaningDocument.units, MeaningDocument.spans, MeaningDocument.vectors)
            .where(MeaningDocument.document_id.in_(ids), MeaningDocument.model == MODEL_NAME,
                   MeaningDocument.units >= MIN_UNITS)):
        out[document_id] = unpack(units, spans, vectors)
    return out


def numbers(text: str) -> frozenset[str]:
    """The numbers written in TEXT, as plain digits (Devanagari or Arabic-Indic digits read as theirs)."""
    return frozenset(str(int(SEPARATORS.sub("", m.group()))) for m in NUMBER.finditer(text)) if DIGIT.search(text) \
        else frozenset()


def align(sims: np.ndarray, agree: np.ndarray, *, at_least: float = MIN_SIMILARITY) -> list[tuple[int, int]]:
    """The longest chain of pairs (i, j), increasing in both, with SIMS[i, j] >= AT_LEAST and AGREE[i, j]
    (of equal length, the greater total similarity): a monotone one-to-one alignment of two texts."""
    rows, cols = np.nonzero((sims >= at_least) & agree)  # (row-major: sorted by i, then j)
    if not len(rows):
        return []
    # A chain's worth: its length first, its total similarity (less than 1 a pair) second.
    gain = 1000.0 + sims[rows, cols].astype(np.float64)
    best = np.zeros(len(rows))
    back = np.full(len(rows), -1)
    for k in range(len(rows)):
        before = (rows[:k] < rows[k]) & (cols[:k] < cols[k])
        if before.any():
            q = int(np.argmax(np.where(before, best[:k], -1.0)))
            best[k], back[k] = best[q] + gain[k], q
        else:
            best[k] = gain[k]
    k = int(np.argmax(best))
    chain = []
    while k >= 0:
        chain.append((int(rows[k]), int(cols[k])))
        k = int(back[k])
    return chain[::-1]


def compare(this_text: str, this: tuple[np.ndarray, np.ndarray], other_text: str,
            other: tuple[np.ndarray, np.ndarray]) -> tuple[list[Pair], float, float]:
    """The aligned sentence pairs of two texts (their spans and vectors), and the share of each text's
    sentences (by characters) they cover."""
    spans_a, vec_a = this
    spans_b, vec_b = other
    sims = vec_a @ vec_b.T
    # Each sentence's nearest in the other text, both ways: in some languages every sentence is near every
    # other of the same topic (Pashto, Urdu and Dari ones about COVID-19 at 0.86-0.88), a translation's
    # sentence is still nearest its own.
    ok = ((sims >= sims.max(axis=1, keepdims=True)) & (sims >= sims.max(axis=0, keepdims=True))
          & (sims >= MIN_SIMILARITY))
    for i, j in zip(*np.nonzero(ok), strict=True):
        x = numbers(this_text[spans_a[i, 0]:spans_a[i, 1]])
        y = numbers(other_text[spans_b[j, 0]:spans_b[j, 1]])
        if x and y and not x & y:
            ok[i, j] = False  # (numbers written in both, none the same: another fact)
    chain = align(sims, ok)
    pairs = [Pair((int(spans_a[i, 0]), int(spans_a[i, 1])), (int(spans_b[j, 0]), int(spans_b[j, 1])),
                  round(float(sims[i, j]), 3)) for i, j in chain]
    size_a = float((spans_a[:, 1] - spans_a[:, 0]).sum()) or 1.0
    size_b = float((spans_b[:, 1] - spans_b[:, 0]).sum()) or 1.0
    share_a = sum(p.this[1] - p.this[0] for p in pairs) / size_a
    share_b = sum(p.other[1] - p.other[0] for p in pairs) / size_b
    return pairs, share_a, share_b


def language_of(doc: Document) -> str | None:
    """The document's language as stored, else as its text reads (short texts are stored without one)."""
    if doc.language:
        return doc.language.split("-")[0].lower()
    if len(doc.text.strip()) < 20:
        return None
    import py3langid

    return str(py3langid.classify(doc.text[:LANGUAGE_CHARS])[0])


def find_translations(session: Session, document_id: int, *, before: bool = False) -> list[Translation]:
    """The stored documents in another language that DOCUMENT_ID translates or is translated by.

    Args:
        session: an open unit of work.
        document_id: a stored document with sentence vectors (none: nothing is found).
        before: only documents stored before it (a bulk rebuild compares each pair once).

    Returns:
        The translations found, the closest first.
    """
    own = vectors_of(session, [document_id]).get(document_id)
    doc = session.get(Document, document_id)
    if own is None or doc is None:
        return []
    mine = language_of(doc)
    if mine is None:
        return []
    held = centroids(session)
    sims = centred_similarity(held, centroid(own[1]), mine)
    ids = np.asarray(held.ids, dtype=np.int64)
    # Not itself, nor a document in its language (the reuse index's to compare); in a rebuild, only earlier ones.
    allowed = (np.asarray(held.languages, dtype=object) != mine) & (ids != document_id)
    if before:
        allowed &= ids < document_id
    kept = np.nonzero(allowed)[0]
    order = kept[np.argsort(-sims[kept], kind="stable")][:CANDIDATES * 3]
    wanted: list[int] = []
    seen: set[int] = set()
    for k in order:
        other_id = held.ids[int(k)]
        if other_id == document_id or other_id in seen or held.position.get(other_id) != int(k):
            continue  # (itself, or a centroid its document has replaced since)
        seen.add(other_id)
        wanted.append(other_id)
    if not wanted:
        return []
    others = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(wanted)))}
    languages = {i: held.languages[held.position[i]] or language_of(others[i]) for i in wanted if i in others}
    for i, language in languages.items():
        held.languages[held.position[i]] = language  # (read from the text once a process)
    chosen = [i for i in wanted if languages.get(i) not in (None, mine)][:CANDIDATES]
    their_vectors = vectors_of(session, chosen)
    found = []
    for other_id in chosen:
        if other_id not in their_vectors:
            continue
        pairs, share_this, share_other = compare(doc.text, own, others[other_id].text, their_vectors[other_id])
        if len(pairs) < MIN_PAIRS or max(share_this, share_other) < MIN_SHARE:
            continue
        found.append(Translation(other_id, (mine, str(languages[other_id])), tuple(pairs), round(share_this, 4),
                                 round(share_other, 4), round(sum(p.similarity for p in pairs) / len(pairs), 4)))
    found.sort(key=lambda t: (-min(t.this_share, t.other_share), t.other_id))
    return found


def link_row(document_id: int, found: Translation) -> dict[str, Any]:
    """The reuse_link row (a < b) of a translation found from DOCUMENT_ID's side."""
    # (the sixth value, as on a reworded rewrite's sentence pairs: the pair's similarity)
    passages = [[p.this[0], p.this[1], p.other[0], p.other[1], KIND, round(p.similarity, 4)] for p in found.pairs]
    row: dict[str, Any] = {"relation": "rewrite", "similarity": found.similarity}
    if document_id < found.other_id:
        return {**row, "document_a_id": document_id, "document_b_id": found.other_id, "a_in_b": found.this_share,
                "b_in_a": found.other_share, "passages": passages}
    return {**row, "document_a_id": found.other_id, "document_b_id": document_id, "a_in_b": found.other_share,
            "b_in_a": found.this_share, "passages": [[b0, b1, a0, a1, k, sim] for a0, a1, b0, b1, k, sim in passages]}


def link_translations(session: Session, document_id: int, *, before: bool = False) -> list[int]:
    """Store DOCUMENT_ID's translation links (in the caller's transaction) with the documents not yet
    linked to it by any reuse link; the ids of the documents linked.

    Args:
        session: the unit of work storing or rebuilding the document.
        document_id: the document, its sentence vectors stored.
        before: only with documents stored before it (see find_translations).
    """
    found = find_translations(session, document_id, before=before)
    if not found:
        return []
    linked: dict[int, ReuseLink] = {}
    for link in session.scalars(select(ReuseLink).where(
            or_(ReuseLink.document_a_id == document_id, ReuseLink.document_b_id == document_id))):
        linked[link.document_b_id if link.document_a_id == document_id else link.document_a_id] = link
    rows: list[dict[str, Any]] = []
    done: list[int] = []
    for t in found:
        held = linked.get(t.other_id)
        if held is not None and held.relation != "quote-only":
            continue  # (linked by their words already)
        row = link_row(document_id, t)
        if held is not None:
            # A quotation left in the original's words (a translation keeps what was said in English):
            # the link is the translation's, the quotation a passage of it.
            row["passages"] = [*row["passages"], *held.passages]
            session.execute(delete(ReuseLink).where(ReuseLink.id == held.id))
        rows.append(row)
        done.append(t.other_id)
    if rows:
        session.execute(insert(table_of(ReuseLink)), rows)
    return done


def is_translated(passages: list[Any]) -> bool:
    """Whether a reuse link's passages are aligned translated sentences (a quotation kept in the
    original's words may be among them)."""
    return any(p[4] == KIND for p in passages)


def reset() -> None:
    """Forget the centroids held (tests make databases one after another at one address)."""
    with _lock:
        _cache.clear()


BATCH = 200  # documents a transaction of the bulk pass links


def link_all_translations(db: Database, report: Callable[[str, int, int], None]) -> int:
    """Every document's translation links with the documents stored before it (`prov reindex`), in
    batches of BATCH, each its own transaction; the number of links stored. Nothing without vectors."""
    with db.session() as session:
        ids = list(session.scalars(select(MeaningDocument.document_id).where(
            MeaningDocument.model == MODEL_NAME, MeaningDocument.units >= MIN_UNITS)
            .order_by(MeaningDocument.document_id)))
    stored = 0
    for start in range(0, len(ids), BATCH):
        with db.session() as session, session.begin():
            for document_id in ids[start:start + BATCH]:
                stored += len(link_translations(session, document_id, before=True))
        report("translations", min(start + BATCH, len(ids)), len(ids))
    return stored
