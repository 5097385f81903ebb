"""Finding, listing and describing stored documents (`prov docs`, `prov show`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, object_session, selectinload

from provenance.errors import NotFoundError
from provenance.lineage import edges_json
from provenance.memento import archived_copy
from provenance.models import Document, DocumentAuthor, Outlet
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


def outlet_json(outlet: Outlet | None) -> dict[str, Any] | None:
    if outlet is None:
        return None
    return {
        "id": outlet.id,
        "name": outlet.name,
        "domain": outlet.domains[0].domain if outlet.domains else None,
    }


def document_json(doc: Document, *, with_text: bool = True) -> dict[str, Any]:
    """The contract's `prov show` shape, with the document's lineage edges both ways."""
    latest = doc.snapshots[-1] if doc.snapshots else None
    data: dict[str, Any] = {
        "id": doc.id,
        "url": doc.url,
        "canonical_url": doc.canonical_url,
        "path": doc.source_path,
        "title": doc.title,
        "outlet": outlet_json(doc.outlet),
        "authors": doc.authors,
        "published": doc.published.isoformat() if doc.published else None,
        "date_source": doc.date_source,
        "retrieved": doc.retrieved_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "language": doc.language,
        "sha256": latest.sha256 if latest else None,
        # A copy a web archive held of a gone page (prov follow --archive): its Memento-Datetime and the archive.
        "archived": archived_copy(latest.headers) if latest else None,
        "revisions": len(doc.revisions),
        "metadata_sources": doc.metadata_sources,
    }
    if with_text:
        data["text"] = doc.text
    data.update(
        {
            "attributions": [
                {
                    "kind": a.kind,
                    "source": a.source_name,
                    "source_outlet_id": a.source_outlet_id,
                    "source_url": a.source_url,
                    "source_kind": a.source_kind or "outlet",
                    "evidence": a.evidence,
                    "start": a.start,
                    "end": a.end,
                    "pattern": (a.detail or {}).get("pattern"),
                    "confidence": a.confidence,
                    "audit": (a.detail or {}).get("audit"),
                    "self": bool((a.detail or {}).get("self")),
                    "ambiguous": (a.detail or {}).get("ambiguous"),
                    # a link-only credit nothing supports: kept as evidence, no lineage edge (links.link_support)
                    "unsupported": bool((a.detail or {}).get("unsupported")),
                }
                for a in doc.attributions
            ],
            "quotes": [
                {"text": q.text, "speaker": q.speaker, "primary": q.primary, "start": q.start, "end": q.end}
                for q in doc.quotes
            ],
        }
    )
    session = object_session(doc)
    sources, derivatives, flags = edges_json(session, doc) if session is not None else ([], [], [])
    data.update(sources=sources, derivatives=derivatives, flags=flags)
    return data


def evidence_lines(doc: Document) -> list[str]:
    """Human lines describing each stored snapshot: what a report would cite."""
    lines = []
    for snap in doc.snapshots:
        where = snap.final_url or snap.source_path or ""
        status = f" HTTP {snap.http_status}" if snap.http_status else ""
        copy = archived_copy(snap.headers)
        archived = (f" archived copy (Memento-Datetime {copy['memento_datetime']}, from {copy['archive']})"
                    if copy else "")
        lines.append(
            f"{snap.fetched_at:%Y-%m-%d %H:%M:%SZ} {snap.origin}{status} {snap.size} bytes "
            f"sha256:{snap.sha256} {where}".rstrip() + archived
        )
    return lines
