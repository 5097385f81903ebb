"""Finding, listing and describing stored documents (`prov docs`, `prov show`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from provenance.errors import NotFoundError
from provenance.graph import EdgeView
from provenance.lineage import document_edges
from provenance.memento import archived_copy
from provenance.models import Attribution, Document, DocumentAuthor, Outlet
from provenance.outlets import find_outlet
from provenance.search import fulltext_matches


def find_document(session: Session, ref: str) -> Document:
    """A document by id, URL (its own or canonical), or the path it was ingested from.

    Raises:
        NotFoundError: nothing matches.
    """
    doc: Document | None = None
    if ref.isdigit():
        doc = session.get(Document, int(ref))
    if doc is None:
        doc = session.scalar(
            select(Document).where(or_(Document.locator == ref, Document.url == ref)).limit(1)
        )
    if doc is None and "://" not in ref:
        path = str(Path(ref).expanduser().resolve())
        doc = session.scalar(
            select(Document)
            .where(or_(Document.locator == "file://" + path, Document.source_path == path))
            .order_by(Document.id)
            .limit(1)
        )
    if doc is None:
        doc = session.scalar(select(Document).where(Document.canonical_url == ref).limit(1))
    if doc is None:
        raise NotFoundError(f"{ref}: no such document (give an id, a URL or an ingested path)")
    return doc


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    query: str | None = None
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 50


def list_documents(session: Session, flt: DocumentFilter) -> list[Document]:
    """Documents matching the filter: by search rank when a query is given, else newest first.

    Raises:
        UnknownOutletError: the outlet filter names no known outlet (AmbiguousOutletError: two or more).
    """
    stmt = select(Document).options(
        selectinload(Document.outlet).selectinload(Outlet.domains),
        selectinload(Document.author_links).selectinload(DocumentAuthor.author),
        selectinload(Document.snapshots),
        selectinload(Document.revisions),
    )
    if flt.outlet:
        outlet = find_outlet(session, flt.outlet)
        if outlet.id is None:  # a registry outlet not stored yet: no document of it either
            return []
        stmt = stmt.where(Document.outlet_id == outlet.id)
    if flt.since:
        stmt = stmt.where(Document.published >= flt.since)
    if flt.until:
        stmt = stmt.where(Document.published <= flt.until)
    if flt.query:
        matches = fulltext_matches(session, flt.query).subquery()
        stmt = stmt.join(matches, matches.c.id == Document.id).order_by(matches.c.rank, Document.id)
    else:
        stmt = stmt.order_by(Document.published.desc().nulls_last(), Document.id.desc())
    if flt.limit:
        stmt = stmt.limit(flt.limit)
    return list(session.scalars(stmt))


@dataclass(frozen=True, slots=True)
class OutletRef:
    """A document's outlet as `prov show` names it."""

    id: int | None
    name: str
    domain: str | None


@dataclass(frozen=True, slots=True)
class AttributionView:
    """What the document says about a source, with the words that say it."""

    kind: str
    source: str | None
    source_outlet_id: int | None
    source_outlet: str | None  # the outlet the name was resolved to, by its own name
    source_url: str | None
    source_kind: str  # outlet, or study | journal | data | release | document
    stored_kind: str | None  # the stored source_kind (None for an outlet)
    evidence: str
    start: int | None
    end: int | None
    pattern: str | None
    confidence: float
    audit: str | None
    self_credit: bool  # (the JSON's `self`) the credit is to the page's own outlet
    ambiguous: Any
    # a link-only credit nothing supports: kept as evidence, no lineage edge (links.link_support)
    unsupported: bool


@dataclass(frozen=True, slots=True)
class QuoteView:
    text: str
    speaker: str | None
    primary: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SnapshotView:
    """One stored snapshot: the evidence a report cites."""

    fetched_at: dt.datetime
    origin: str
    http_status: int | None
    size: int
    sha256: str
    where: str  # its final URL, else the path it was read from
    # A web archive's copy of a gone page (prov follow --archive): Memento-Datetime, archive, memento URL.
    archived: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class DocumentView:
    """`prov show` and `prov docs`: a document's metadata, evidence, credits, quotes and lineage edges."""

    id: int
    url: str | None
    canonical_url: str | None
    path: str | None
    title: str | None
    outlet: OutletRef | None
    authors: tuple[str, ...]
    published: dt.date | None
    date_source: str | None
    retrieved: dt.datetime
    language: str | None
    sha256: str | None  # of the latest snapshot
    revisions: int
    metadata_sources: Mapping[str, Any]
    text: str
    attributions: tuple[AttributionView, ...]
    quotes: tuple[QuoteView, ...]
    sources: tuple[EdgeView, ...]  # this document's own edges (derived = this document)
    derivatives: tuple[EdgeView, ...]  # edges whose source is this document
    flags: tuple[str, ...]
    snapshots: tuple[SnapshotView, ...]
    archived: Mapping[str, str] | None = None  # the latest snapshot's, when it is a web archive's copy


def attribution_view(a: Attribution) -> AttributionView:
    detail = a.detail or {}
    return AttributionView(
        a.kind, a.source_name, a.source_outlet_id, a.source_outlet.name if a.source_outlet is not None else None,
        a.source_url, a.source_kind or "outlet", a.source_kind, a.evidence, a.start, a.end, detail.get("pattern"),
        a.confidence, detail.get("audit"), bool(detail.get("self")), detail.get("ambiguous"),
        bool(detail.get("unsupported")))


def describe_document(session: Session, doc: Document) -> DocumentView:
    """DOC as `prov show` describes it, with its lineage edges both ways."""
    latest = doc.snapshots[-1] if doc.snapshots else None
    outlet = doc.outlet
    sources, derivatives, flags = document_edges(session, doc)
    return DocumentView(
        id=doc.id, url=doc.url, canonical_url=doc.canonical_url, path=doc.source_path, title=doc.title,
        outlet=OutletRef(outlet.id, outlet.name, outlet.domains[0].domain if outlet.domains else None)
        if outlet is not None else None,
        authors=tuple(doc.authors), published=doc.published, date_source=doc.date_source,
        retrieved=doc.retrieved_at, language=doc.language, sha256=latest.sha256 if latest else None,
        revisions=len(doc.revisions), metadata_sources=dict(doc.metadata_sources or {}), text=doc.text,
        attributions=tuple(attribution_view(a) for a in doc.attributions),
        quotes=tuple(QuoteView(q.text, q.speaker, q.primary, q.start, q.end) for q in doc.quotes),
        sources=sources, derivatives=derivatives, flags=flags,
        archived=archived_copy(latest.headers) if latest else None,
        snapshots=tuple(SnapshotView(snap.fetched_at, snap.origin, snap.http_status, snap.size, snap.sha256,
                                     snap.final_url or snap.source_path or "", archived_copy(snap.headers))
                  for snap in doc.snapshots))


def describe_documents(session: Session, flt: DocumentFilter) -> list[DocumentView]:
    """`prov docs`: the documents matching FLT (see list_documents), each described.

    Raises:
        UnknownOutletError: the outlet filter names no known outlet (AmbiguousOutletError: two or more).
    """
    return [describe_document(session, doc) for doc in list_documents(session, flt)]


def evidence_lines(doc: DocumentView) -> list[str]:
    """Human lines describing each stored snapshot: what a report would cite."""
    lines = []
    for snap in doc.snapshots:
        status = f" HTTP {snap.http_status}" if snap.http_status else ""
        copy = snap.archived
        archived = (f" archived copy (Memento-Datetime {copy['memento_datetime']}, from {copy['archive']})"
                    if copy else "")
        lines.append(
            f"{snap.fetched_at:%Y-%m-%d %H:%M:%SZ} {snap.origin}{status} {snap.size} bytes "
            f"sha256:{snap.sha256} {snap.where}".rstrip() + archived
        )
    return lines
