"""Store one fetched and extracted document: dedupe by locator and text hash, keep revisions.

Every function takes the session first and never commits: the caller owns the
transaction, so each document is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from dataclasses import dataclass
from hashlib import sha256
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.ingest.extract import Extracted, text_hash
from provenance.ingest.fetch import Fetched
from provenance.models import (
    Author,
    Document,
    DocumentAuthor,
    Outlet,
    OutletAlias,
    OutletDomain,
    Revision,
    Snapshot,
)


@dataclass(frozen=True, slots=True)
class Overrides:
    """Metadata the user gives on the command line; it wins over what is read."""

    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    status: str  # new | unchanged | revised
    document_id: int
    url: str | None


def name_key(name: str) -> str:
    """A name folded for matching: case, accents, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", folded)


def slugify(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "-", folded).strip("-") or "outlet"


def domain_of(url: str | None) -> str | None:
    """The host of a URL without www., lower-cased; None for files and bad URLs."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def find_outlet(session: Session, *, name: str | None = None, domain: str | None = None) -> Outlet | None:
    """An outlet by one of its domains, or by name, slug or alias."""
    if domain:
        outlet = session.scalar(
            select(Outlet).join(OutletDomain).where(OutletDomain.domain == domain)
        )
        if outlet:
            return outlet
    if name:
        outlet = session.scalar(select(Outlet).where(Outlet.slug == slugify(name)))
        if outlet:
            return outlet
        return session.scalar(
            select(Outlet).join(OutletAlias).where(OutletAlias.key == name_key(name)).limit(1)
        )
    return None


def get_or_create_outlet(session: Session, *, name: str | None, domain: str | None) -> Outlet | None:
    """The outlet with this domain or name, created (unverified) when unknown.

    A name alone finds or creates an outlet by name; a domain not yet known is
    attached to the outlet of the same name, or to a new one named after the
    site name or the domain.
    """
    if not name and not domain:
        return None
    outlet = find_outlet(session, name=name, domain=domain)
    if outlet is None:
        display = name or domain or "unknown"
        outlet = Outlet(name=display, slug=slugify(display), verified=False)
        session.add(outlet)
        session.flush()
    if domain and not any(d.domain == domain for d in outlet.domains):
        taken = session.scalar(select(OutletDomain).where(OutletDomain.domain == domain))
        if taken is None:
            outlet.domains.append(OutletDomain(domain=domain))
    return outlet


def get_or_create_author(session: Session, name: str) -> Author:
    key = name_key(name)
    author = session.scalar(select(Author).where(Author.key == key))
    if author is None:
        author = Author(name=name, key=key)
        session.add(author)
        session.flush()
    return author


def make_snapshot(fetched: Fetched, extracted: Extracted) -> Snapshot:
    """The evidence record: raw bytes compressed, their SHA-256, and how they came."""
    return Snapshot(
        sha256=sha256(fetched.body).hexdigest(),
        origin=fetched.origin,
        requested_url=fetched.requested_url,
        final_url=fetched.final_url,
        source_path=fetched.source_path,
        http_status=fetched.http_status,
        content_type=fetched.content_type,
        encoding=extracted.encoding,
        headers=fetched.headers,
        warc_record_id=fetched.warc_record_id,
        fetched_at=fetched.fetched_at,
        size=len(fetched.body),
        compression="zlib",
        body=zlib.compress(fetched.body, 6),
    )


def locator_for(fetched: Fetched, overrides: Overrides) -> str:
    """What identifies the document across ingests: its URL, else its file path."""
    if overrides.url:
        return overrides.url
    if fetched.url:
        return fetched.url
    assert fetched.source_path is not None
    return "file://" + fetched.source_path


def apply_metadata(
    session: Session, doc: Document, fetched: Fetched, extracted: Extracted, overrides: Overrides
) -> None:
    """Set title, date, authors, outlet and language from the read values and user overrides."""
    sources = dict(extracted.sources)
    doc.url = overrides.url or fetched.url
    doc.source_path = fetched.source_path
    doc.canonical_url = extracted.canonical_url
    doc.language = extracted.language
    doc.title = overrides.title or extracted.title
    if overrides.title:
        sources["title"] = "user"
    if overrides.published:
        doc.published, doc.date_source = overrides.published, "user"
        sources["published"] = "user"
    else:
        doc.published, doc.date_source = extracted.published, extracted.date_source
    names = list(overrides.authors) or extracted.authors
    if overrides.authors:
        sources["authors"] = "user"
    wanted = [get_or_create_author(session, n) for n in names]
    current = [link.author_id for link in doc.author_links]
    if current != [a.id for a in wanted]:
        doc.author_links.clear()
        session.flush()
        doc.author_links.extend(
            DocumentAuthor(author=a, author_id=a.id, position=i) for i, a in enumerate(wanted)
        )
    domain = domain_of(doc.url) or domain_of(doc.canonical_url)
    if overrides.outlet:
        doc.outlet = get_or_create_outlet(session, name=overrides.outlet, domain=None)
        sources["outlet"] = "user"
    else:
        doc.outlet = get_or_create_outlet(session, name=extracted.sitename, domain=domain)
        if doc.outlet is not None:
            sources["outlet"] = "domain" if domain else "markup"
    doc.metadata_sources = sources


def store_document(
    session: Session, fetched: Fetched, extracted: Extracted, overrides: Overrides
) -> Stored:
    """Write one document (new, revised or unchanged) into the session's transaction.

    Returns:
        The status and the document's id.
    """
    locator = locator_for(fetched, overrides)
    digest = text_hash(extracted.text)
    doc = session.scalar(select(Document).where(Document.locator == locator))
    if doc is not None and doc.text_hash == digest:
        if overrides != Overrides():
            apply_metadata(session, doc, fetched, extracted, overrides)
        return Stored("unchanged", doc.id, doc.url)
    status = "revised" if doc is not None else "new"
    if doc is None:
        doc = Document(locator=locator, content_kind=fetched.kind)
        session.add(doc)
    doc.text = extracted.text
    doc.raw_text = extracted.raw_text
    doc.text_hash = digest
    doc.retrieved_at = fetched.fetched_at
    doc.content_kind = fetched.kind
    apply_metadata(session, doc, fetched, extracted, overrides)
    snapshot = make_snapshot(fetched, extracted)
    doc.snapshots.append(snapshot)
    session.flush()
    doc.revisions.append(
        Revision(
            number=len(doc.revisions) + 1,
            snapshot_id=snapshot.id,
            title=doc.title,
            text=doc.text,
            text_hash=digest,
            retrieved_at=fetched.fetched_at,
        )
    )
    session.flush()
    return Stored(status, doc.id, doc.url)
