"""The reuse index in the database: fingerprints, candidate lookup, reuse links.

Every step is SQL on indexed columns and bounded however large the archive:

- A document's LSH band keys and winnowed fingerprints are stored in
  `reuse_band` and `reuse_posting`, keyed for lookup.
- A fingerprint held by more than POSTING_CAP documents is boilerplate or a stock
  phrase: it moves to `reuse_common` and its postings are dropped, so no lookup
  ever reads more than POSTING_CAP rows per fingerprint. A band key keeps its
  first BAND_CAP documents (the oldest copies of a widely syndicated text).
- Candidates are the documents sharing a band key or at least MIN_SHARED (2 for short texts)
  fingerprints, best MAX_CANDIDATES first; each is aligned (align.py) and the
  pairs with a relation become `reuse_link` rows.
"""

from __future__ import annotations

from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from provenance.config import ANALYSED_CHARS
from provenance.models import Document, ReuseBand, ReuseCommon, ReuseLink, ReusePosting, ReuseSignature, table_of
from provenance.reuse import meaningful
from provenance.reuse.align import Alignment, align
from provenance.reuse.fingerprint import VERSION, Fingerprint, fingerprint
from provenance.reuse.rare import rare_candidates
from provenance.reuse.text import Tokens, tokenise

POSTING_CAP = 50
BAND_CAP = 100
MIN_SHARED = 3  # fingerprints in common; every labelled pair in the benchmark corpus shares 3 or more ...
SHORT_TEXT, MIN_SHARED_SHORT = 400, 2  # ... and 2 do when either text is under 400 tokens: it has fewer to share
MAX_CANDIDATES = 30
CHROME_DOCS = 3  # a fingerprint in this many documents of one outlet is that site's own text
SAME_ARTICLE = 0.8  # ... unless they hold this share of its fingerprints: the same article again


@dataclass
class Analysed:
    tokens: Tokens
    fingerprint: Fingerprint


def analyse(text: str) -> Analysed:
    """Tokens and fingerprints of one text (of its first ANALYSED_CHARS characters: the cost of one
    huge document stays bounded; spans index into the text all the same)."""
    tokens = tokenise(text[:ANALYSED_CHARS])
    return Analysed(tokens, fingerprint(tokens))


_recent: OrderedDict[int, tuple[str, Analysed]] = OrderedDict()
RECENT = 512


def analyse_stored(document_id: int, text: str) -> Analysed:
    """`analyse` for a stored document, remembering recent ones: a batch of one story's
    copies meets the same candidates again and again."""
    hit = _recent.get(document_id)
    if hit is not None and hit[0] == text:
        _recent.move_to_end(document_id)
        return hit[1]
    analysed = analyse(text)
    remember_analysed(document_id, text, analysed)
    return analysed


def remember_analysed(document_id: int, text: str, analysed: Analysed) -> None:
    """Keep a document's analysis for `analyse_stored` (a document just stored is the next ones' candidate)."""
    _recent[document_id] = (text, analysed)
    _recent.move_to_end(document_id)
    if len(_recent) > RECENT:
        _recent.popitem(last=False)


def signature_row(document_id: int, analysed: Analysed, *, linked: bool) -> dict[str, Any]:
    return {"document_id": document_id, "version": VERSION, "tokens": len(analysed.tokens),
            "minhash": analysed.fingerprint.signature.astype("<u4").tobytes(), "linked": linked}


def clear_document(session: Session, document_id: int) -> None:
    """Remove a document's fingerprints and reuse links (before it is indexed again)."""
    for table in (ReuseBand, ReusePosting, ReuseSignature):
        session.execute(delete(table).where(table.document_id == document_id))
    session.execute(delete(ReuseLink).where(
        or_(ReuseLink.document_a_id == document_id, ReuseLink.document_b_id == document_id)))


def store_fingerprints(session: Session, document_id: int, analysed: Analysed, *, linked: bool = False
                       ) -> dict[int, list[int]]:
    """Write a document's signature (LINKED: marked linked already), band keys and postings, keeping the caps.

    Returns:
        For each of its fingerprints still indexed, the other documents holding it.
    """
    fp = analysed.fingerprint
    holders = posting_holders(session, fp.winnowed, exclude=document_id)
    common = set(session.scalars(select(ReuseCommon.hash).where(ReuseCommon.hash.in_(bindparam("h", expanding=True))),
                                 {"h": fp.winnowed}).all()) if fp.winnowed else set()
    fresh = [h for h in fp.winnowed if h not in common and len(holders.get(h, ())) < POSTING_CAP]
    now_common = [h for h in fp.winnowed if h not in common and len(holders.get(h, ())) >= POSTING_CAP]
    if now_common:
        session.execute(insert(table_of(ReuseCommon)), [{"hash": h} for h in now_common])
        session.execute(delete(ReusePosting).where(ReusePosting.hash.in_(now_common)))
        for h in now_common:
            holders.pop(h, None)
    if fresh:
        session.execute(insert(table_of(ReusePosting)), [{"hash": h, "document_id": document_id} for h in fresh])
    if fp.bands:
        full = set(session.scalars(
            select(ReuseBand.key).where(ReuseBand.key.in_(fp.bands)).group_by(ReuseBand.key)
            .having(func.count() >= BAND_CAP)).all())
        rows = [{"key": k, "document_id": document_id} for k in set(fp.bands) - full]
        if rows:
            session.execute(insert(table_of(ReuseBand)), rows)
    session.execute(insert(table_of(ReuseSignature)), [signature_row(document_id, analysed, linked=linked)])
    return holders


def posting_holders(session: Session, hashes: list[int], *, exclude: int, below: int | None = None
                    ) -> dict[int, list[int]]:
    """Documents holding each fingerprint (at most POSTING_CAP per fingerprint)."""
    if not hashes:
        return {}
    query = select(ReusePosting.hash, ReusePosting.document_id).where(
        ReusePosting.hash.in_(bindparam("h", expanding=True)), ReusePosting.document_id != exclude)
    if below is not None:
        query = query.where(ReusePosting.document_id < below)
    holders: dict[int, list[int]] = defaultdict(list)
    for h, doc in session.execute(query, {"h": hashes}):
        holders[h].append(doc)
    return holders


def min_shared(tokens: int) -> int:
    """Fingerprints a candidate must share with a text of this many tokens."""
    return MIN_SHARED_SHORT if tokens < SHORT_TEXT else MIN_SHARED


def candidates(session: Session, document_id: int, fp: Fingerprint, holders: dict[int, list[int]],
               *, tokens: int, below: int | None = None) -> list[int]:
    """Documents worth aligning with this one, best first, at most MAX_CANDIDATES."""
    shared = Counter(doc for docs in holders.values() for doc in docs)
    band_hits: Counter[int] = Counter()
    if fp.bands:
        query = select(ReuseBand.document_id, func.count()).where(
            ReuseBand.key.in_(bindparam("k", expanding=True)), ReuseBand.document_id != document_id)
        if below is not None:
            query = query.where(ReuseBand.document_id < below)
        band_hits.update(dict(session.execute(query.group_by(ReuseBand.document_id), {"k": fp.bands}).all()))
    # The threshold follows the shorter text of each pair: its sizes come from the signatures.
    maybe = [doc for doc, n in shared.items() if n >= MIN_SHARED_SHORT]
    sizes = dict(session.execute(select(ReuseSignature.document_id, ReuseSignature.tokens).where(
        ReuseSignature.document_id.in_(maybe))).all()) if maybe else {}
    found = {doc for doc in maybe if shared[doc] >= min_shared(min(tokens, sizes.get(doc, 0)))} | set(band_hits)
    return sorted(found, key=lambda d: (-band_hits[d], -shared[d], d))[:MAX_CANDIDATES]


def chrome_hashes(holders: dict[int, list[int]], outlet_of: dict[int, int | None], outlet_id: int | None,
                  fingerprints: int) -> frozenset[int]:
    """Fingerprints this document shares with CHROME_DOCS - 1 or more other articles of its own outlet.

    A document of the outlet holding nearly all of this one's FINGERPRINTS is the same
    article stored again (the page and a saved copy of it), not another article: what
    they share is the article, so it is not counted as evidence of site chrome.
    """
    if outlet_id is None:
        return frozenset()
    own = {d for d, o in outlet_of.items() if o == outlet_id}
    shared = Counter(d for docs in holders.values() for d in docs if d in own)
    others = {d for d in own if shared[d] < SAME_ARTICLE * fingerprints}
    return frozenset(h for h, docs in holders.items() if sum(1 for d in docs if d in others) >= CHROME_DOCS - 1)


@dataclass
class Candidate:
    document_id: int
    outlet_id: int | None
    text: str
    vectors: meaningful.Stored | None = None  # its sentence vectors, when the meaning layer is on


def link_document(session: Session, document_id: int, analysed: Analysed, outlet_id: int | None,
                  holders: dict[int, list[int]], *, below: int | None = None, marked: bool = False
                  ) -> list[tuple[int, Alignment]]:
    """Align a document with its candidates and write the reuse links found (MARKED: its signature says
    linked already, in this transaction).

    Returns:
        (other document id, alignment) for every link written.
    """
    found = candidates(session, document_id, analysed.fingerprint, holders, tokens=len(analysed.tokens), below=below)
    found += [d for d in rare_candidates(session, document_id, analysed.tokens, below=below) if d not in found]
    own = meaningful.stored_vectors(session, [document_id]).get(document_id) if found else None
    pairs = compare(document_id, analysed, outlet_id, holders, load_candidates(session, found), vectors=own)
    write_links(session, document_id, [link_row(document_id, other, al) for other, al in pairs], marked=marked)
    return pairs


def load_candidates(session: Session, ids: list[int]) -> list[Candidate]:
    if not ids:
        return []
    rows = session.execute(select(Document.id, Document.outlet_id, Document.text).where(Document.id.in_(ids)))
    vectors = meaningful.stored_vectors(session, ids)
    return [Candidate(*row, vectors.get(row[0])) for row in rows]


def compare(document_id: int, analysed: Analysed, outlet_id: int | None, holders: dict[int, list[int]],
            found: list[Candidate], *, vectors: meaningful.Stored | None = None) -> list[tuple[int, Alignment]]:
    """Align one document with each candidate; the pairs that are related by reuse (VECTORS: the document's
    sentence vectors, so a pair its words leave unrelated may be a rewrite by meaning: reuse/meaningful.py)."""
    outlet_of = {c.document_id: c.outlet_id for c in found}
    own_chrome = chrome_hashes(holders, outlet_of, outlet_id, len(analysed.fingerprint.winnowed))
    pairs = []
    for candidate in found:
        other = analyse_stored(candidate.document_id, candidate.text)
        chrome = own_chrome if outlet_id is not None and candidate.outlet_id == outlet_id else frozenset()
        # With both texts' vectors, a pair its words leave unrelated is read again by meaning, which needs the
        # whole alignment (the passages set aside): the early stop for unrelated pairs is for words alone.
        by_meaning = candidate.vectors if vectors is not None else None
        alignment = align(analysed.tokens, analysed.fingerprint, other.tokens, other.fingerprint,
                          chrome_hashes=chrome, related_only=by_meaning is None)
        if by_meaning is not None and vectors is not None:
            meaningful.reconsider(alignment, analysed.tokens, vectors, other.tokens, by_meaning)
        if alignment.relation is not None:
            pairs.append((candidate.document_id, alignment))
    return pairs


def write_links(session: Session, document_id: int, rows: list[dict[str, Any]], *, marked: bool = False) -> None:
    """Store a document's reuse links and mark it linked (MARKED: it is already)."""
    if rows:
        session.execute(insert(table_of(ReuseLink)), rows)
    if not marked:
        session.execute(update(ReuseSignature).where(ReuseSignature.document_id == document_id).values(linked=True))


def link_row(this: int, other: int, al: Alignment) -> dict[str, Any]:
    """A reuse_link row (ordered a < b) from an alignment of THIS against OTHER."""
    # An aligned sentence pair carries its similarity as a sixth value.
    passages = [[p.a[0], p.a[1], p.b[0], p.b[1], p.kind, *([p.similarity] if p.similarity is not None else [])]
                for p in al.passages]
    row = {"relation": al.relation, "similarity": round(al.similarity, 4)}
    if this < other:
        return {**row, "document_a_id": this, "document_b_id": other, "a_in_b": round(al.a_in_b, 4),
                "b_in_a": round(al.b_in_a, 4), "passages": passages}
    flipped = [[b0, b1, a0, a1, *rest] for a0, a1, b0, b1, *rest in passages]
    return {**row, "document_a_id": other, "document_b_id": this, "a_in_b": round(al.b_in_a, 4),
            "b_in_a": round(al.a_in_b, 4), "passages": flipped}


def index_document(session: Session, document_id: int, text: str, outlet_id: int | None, *,
                   analysed: Analysed | None = None, new: bool = False) -> list[tuple[int, Alignment]]:
    """Fingerprint a new or revised document and link it with the archive, in the caller's transaction.

    Args:
        session: an open unit of work (the one storing the document).
        document_id: the stored document.
        text: its text.
        outlet_id: its outlet, so its site's own repeated text is recognised.
        analysed: `analyse(text)` when already computed (by an extraction worker).
        new: the document was inserted in this transaction: it has no fingerprints or links to clear, and
            its signature is written as linked at once (the transaction links it before it commits).

    Returns:
        (other document id, alignment) for every reuse link written.
    """
    if not new:
        clear_document(session, document_id)
    if analysed is None or analysed.tokens.text != text[:ANALYSED_CHARS]:
        analysed = analyse(text)
    remember_analysed(document_id, text, analysed)  # (the documents stored next meet it as a candidate)
    holders = store_fingerprints(session, document_id, analysed, linked=new)
    return link_document(session, document_id, analysed, outlet_id, holders, marked=new)


def unindexed_count(session: Session) -> int:
    """Documents whose fingerprints are missing or from an older version of the index."""
    return session.scalar(
        select(func.count()).select_from(Document).outerjoin(ReuseSignature, ReuseSignature.document_id == Document.id)
        .where(or_(ReuseSignature.document_id.is_(None), ReuseSignature.version != VERSION,
                   ReuseSignature.linked.is_(False)))
    ) or 0


def signature_array(row: bytes) -> np.ndarray:
    return np.frombuffer(row, dtype="<u4")
