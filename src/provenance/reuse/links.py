"""A document's reuse links as `prov reuse` shows them: a typed result, read from the stored links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from provenance.models import Document, ReuseLink
from provenance.reuse.index import unindexed_count
from provenance.reuse.translated import is_translated

# How the links are listed: the closest relation first, then by how much is shared.
RELATION_ORDER = {"duplicate": 0, "repost": 1, "excerpt": 2, "rewrite": 3, "quote-only": 4}


@dataclass(frozen=True, slots=True)
class PassageView:
    """One aligned passage: character offsets in each document's text, and this document's words."""

    this: tuple[int, int]
    other: tuple[int, int]
    kind: str  # text, sentence (an aligned sentence pair of a rewrite), or a kind not counted (quote, chrome...)
    text: str
    similarity: float | None = None  # of an aligned sentence pair


@dataclass(frozen=True, slots=True)
class ReuseLinkView:
    """Another document that shares text with this one: how much each way, and where."""

    document_id: int
    relation: str
    this_in_other: float
    other_in_this: float
    similarity: float | None
    passages: tuple[PassageView, ...]
    title: str | None
    outlet: str | None
    published: dt.date | None
    # A translation (reuse/translated.py): its passages are aligned sentence pairs; the two languages.
    translated: bool = False
    languages: tuple[str | None, str | None] | None = None


@dataclass(frozen=True, slots=True)
class ReuseView:
    """`prov reuse DOC`."""

    document_id: int
    links: tuple[ReuseLinkView, ...]
    unindexed_documents: int  # documents not in the reuse index yet (`prov reindex`)


def document_reuse(session: Session, document: Document) -> ReuseView:
    """DOCUMENT's reuse links, containment and passages from its side, with what the other documents are."""
    rows = session.scalars(select(ReuseLink).where(
        or_(ReuseLink.document_a_id == document.id, ReuseLink.document_b_id == document.id))).all()
    other_ids = [link.document_b_id if link.document_a_id == document.id else link.document_a_id for link in rows]
    others = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(other_ids))
                                               .options(selectinload(Document.outlet)))} if rows else {}
    links = []
    for link, other_id in zip(rows, other_ids, strict=True):
        this_is_a = link.document_a_id == document.id
        passages = []
        for a0, a1, b0, b1, kind, *rest in link.passages:
            this, there = ((a0, a1), (b0, b1)) if this_is_a else ((b0, b1), (a0, a1))
            passages.append(PassageView(this, there, kind, document.text[this[0]:this[1]], rest[0] if rest else None))
        other = others[other_id]
        translated = is_translated(link.passages)
        links.append(ReuseLinkView(
            other_id, link.relation, link.a_in_b if this_is_a else link.b_in_a,
            link.b_in_a if this_is_a else link.a_in_b, link.similarity, tuple(passages), other.title,
            other.outlet.name if other.outlet else None, other.published, translated,
            (document.language, other.language) if translated else None))
    links.sort(key=lambda r: (RELATION_ORDER.get(r.relation, 9), -max(r.this_in_other, r.other_in_this),
                              r.document_id))
    return ReuseView(document.id, tuple(links), unindexed_count(session))
