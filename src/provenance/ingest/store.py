"""Store one fetched and extracted document: dedupe by locator and text hash, keep revisions.

Every function takes the session first and never commits: the caller owns the
transaction, so each document is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from provenance.attribution import Found
from provenance.derived import derive_document
from provenance.ingest.analysis import Analysis, analysis_for
from provenance.ingest.extract import Extracted, text_hash
from provenance.ingest.fetch import Fetched
from provenance.meaning.store import write_vectors
from provenance.models import (
    Attribution,
    Author,
    Document,
    DocumentAuthor,
    Outlet,
    OutletDomain,
    Quote,
    Revision,
    Snapshot,
    table_of,
)
from provenance.outlets import (
    add_alias_keys,
    bare_domain_outlet,
    create_unverified,
    domain_outlet_for_name,
    looks_like_domain,
    merge_outlets,
    resolve_domain,
    resolve_name,
    slugify,
)
from provenance.quotes import quotes_of
from provenance.textmeta import looks_like_name
from provenance.untrusted import terminal
from provenance.urls import hostname_of


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


def domain_of(url: str | None) -> str | None:
    """The host of a URL without www., lower-cased; None for files and bad URLs."""
    if not url:
        return None
    host = hostname_of(url)
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def own_outlet(session: Session, url: str | None, extracted: Extracted) -> tuple[Outlet | None, str]:
    """A document's own outlet, by trust: its domain, its markup, a masthead line, its chrome.

    Returns:
        (outlet or None, how it was found: domain | markup | masthead | chrome)
    """
    for address, how in ((url, "domain"), (extracted.canonical_url, "markup")):
        if address and domain_of(address):
            outlet = resolve_domain(session, address)
            if outlet is None:
                outlet = get_or_create_outlet(session, name=extracted.sitename, domain=domain_of(address))
            elif bare_domain_outlet(outlet) and (extracted.sitename or extracted.outlet_name):
                outlet = name_domain_outlet(session, outlet, extracted.sitename or extracted.outlet_name or "")
            return outlet, how
    for name, how in ((extracted.sitename, "markup"), (extracted.outlet_name, extracted.outlet_source or "text")):
        if name:
            found = resolve_name(session, name)
            return found.outlet or domain_outlet_for_name(session, name) or create_unverified(session, name), how
    # A first line that is the name of an outlet already met (in a credit, say) is its masthead,
    # even when the name has no "News" or "Times" in it.
    first = (extracted.raw_text or extracted.text or "").lstrip().split("\n", 1)[0].strip()
    if first and looks_like_name(first):
        found = resolve_name(session, first)
        if found.outlet is not None:
            return found.outlet, "masthead"
    return None, ""


def name_domain_outlet(session: Session, outlet: Outlet, name: str) -> Outlet:
    """A domain-only outlet meets its site name: it joins the outlet of that name met before without a
    domain, or takes the name."""
    named = resolve_name(session, name).outlet
    if named is not None and named.id != outlet.id and not named.domains:
        return merge_outlets(session, named, outlet)
    if named is None:
        outlet.name = name
        add_alias_keys(session, outlet, [name])
    return outlet


def get_or_create_outlet(session: Session, *, name: str | None, domain: str | None) -> Outlet | None:
    """The outlet with this domain (or, without a domain, this name), created unverified when unknown.

    A site name read from a page is not trusted to merge two domains into one
    outlet: a new domain gets an outlet of its own, named after the site name
    (with the domain added to its slug if another outlet has that name).
    """
    if domain:
        outlet = session.scalar(select(Outlet).join(OutletDomain).where(OutletDomain.domain == domain))
        if outlet is not None:
            return outlet
        # A site name that is itself a domain (some pages give their host as their name) says
        # nothing more than the domain: it is not looked up as a name.
        named = resolve_name(session, name).outlet if name and looks_like_domain(name) is None else None
        if named is not None and not named.domains:
            # The outlet met before by name only (a masthead in a saved text) publishes at this domain.
            session.add(OutletDomain(outlet_id=named.id, domain=domain))
            return named
        if named is not None and named.domains and named.kind == "wire":
            # A wire agency's name as the site name of another domain (an AP story on a paper's site
            # says "Associated Press"): the page is the agency's copy, hosted there. The host is not the
            # agency: its outlet takes the domain's name, so the agency's name stays one outlet's.
            name = None
        display = name or domain
        slug = slugify(display)
        if session.scalar(select(Outlet.id).where(Outlet.slug == slug)) is not None:
            slug = slugify(f"{display} {domain}")
        outlet = Outlet(name=display, slug=slug, verified=False)
        session.add(outlet)
        session.flush()
        session.add(OutletDomain(outlet_id=outlet.id, domain=domain))
        if name:
            add_alias_keys(session, outlet, [name], new=True)
        return outlet
    if not name:
        return None
    found = resolve_name(session, name)
    return found.outlet or create_unverified(session, name)


def get_or_create_author(session: Session, name: str) -> Author:
    key = name_key(name)
    author = session.scalar(select(Author).where(Author.key == key))
    if author is None:
        author = Author(name=name, key=key)
        session.add(author)
        session.flush()
    return author


DOCUMENT = table_of(Document)
SNAPSHOT = table_of(Snapshot)
REVISION = table_of(Revision)


def snapshot_values(fetched: Fetched, extracted: Extracted) -> dict[str, Any]:
    """The evidence record: raw bytes compressed, their SHA-256, and how they came."""
    return {
        "sha256": fetched.sha256,
        "origin": fetched.origin,
        "requested_url": fetched.requested_url,
        "final_url": fetched.final_url,
        "source_path": fetched.source_path,
        "http_status": fetched.http_status,
        "content_type": fetched.content_type,
        "encoding": extracted.encoding,
        "headers": fetched.headers,
        "warc_record_id": fetched.warc_record_id,
        "fetched_at": fetched.fetched_at,
        "size": len(fetched.body),
        "compression": "zlib",
        "body": fetched.compressed,
    }


def locator_for(fetched: Fetched, overrides: Overrides) -> str:
    """What identifies the document across ingests: its URL, else its archive record, else its file path."""
    if overrides.url:
        return overrides.url
    if fetched.url:
        return fetched.url
    if fetched.locator:
        return fetched.locator
    assert fetched.source_path is not None
    return "file://" + fetched.source_path


def resolve_metadata(
    session: Session, fetched: Fetched, extracted: Extracted, overrides: Overrides
) -> tuple[dict[str, Any], list[Author]]:
    """Document column values and authors from what was read and what the user gave.

    Returns:
        (column values for the document row, authors in byline order)
    """
    sources = dict(extracted.sources)
    url = overrides.url or fetched.url
    # Names read from a document are stored without escape sequences or control characters (the
    # snapshot keeps the bytes as they came): a title is shown in terminals, listings and reports.
    extracted = replace(extracted, sitename=metadata_text(extracted.sitename),
                        outlet_name=metadata_text(extracted.outlet_name))
    values: dict[str, Any] = {
        "url": url,
        "source_path": fetched.source_path,
        "canonical_url": extracted.canonical_url,
        "language": extracted.language,
        "title": metadata_text(overrides.title or extracted.title),
        "published": extracted.published,
        "date_source": extracted.date_source,
    }
    if overrides.title:
        sources["title"] = "user"
    if overrides.published:
        values["published"], values["date_source"] = overrides.published, "user"
        sources["published"] = "user"
    if overrides.authors:
        sources["authors"] = "user"
    names = [metadata_text(n) for n in (list(overrides.authors) or extracted.authors)]
    authors = [get_or_create_author(session, n) for n in dict.fromkeys(n for n in names if n)]
    if overrides.outlet and metadata_text(overrides.outlet):
        outlet = get_or_create_outlet(session, name=metadata_text(overrides.outlet), domain=None)
        sources["outlet"] = "user"
    else:
        outlet, how = own_outlet(session, url, extracted)
        if outlet is not None:
            sources["outlet"] = how
    values["outlet_id"] = outlet.id if outlet else None
    values["metadata_sources"] = sources
    return values, authors


def metadata_text(value: str | None) -> str | None:
    """A title or name as stored: one line, no escape sequence or control character; None when empty."""
    return " ".join(terminal(value).split()) or None


def write_authors(session: Session, document_id: int, authors: list[Author], *, replace: bool) -> None:
    if replace:
        session.execute(delete(DocumentAuthor).where(DocumentAuthor.document_id == document_id))
    if authors:
        session.execute(
            insert(DocumentAuthor),
            [{"document_id": document_id, "author_id": a.id, "position": i} for i, a in enumerate(authors)],
        )


def store_document(
    session: Session, fetched: Fetched, extracted: Extracted, overrides: Overrides
) -> Stored:
    """Write one document (new, revised or unchanged) into the session's transaction.

    The rows are written with plain INSERT/UPDATE statements rather than through
    the unit of work: this is the hot path of every ingest, and the ORM's
    bookkeeping for five new objects cost more than the SQL itself.

    Returns:
        The status and the document's id.
    """
    locator = locator_for(fetched, overrides)
    digest = text_hash(extracted.text)
    row = session.execute(
        select(Document.id, Document.text_hash, Document.url, Document.title, Document.published,
               Document.metadata_sources).where(Document.locator == locator)
    ).first()
    if row is None and locator == fetched.locator:
        # An archive record that names no web address, holding bytes already kept as evidence (the
        # WARC `prov export` writes, read back): that document, unchanged. It never changes it.
        same = session.execute(
            select(Snapshot.document_id, Document.url).join(Document, Document.id == Snapshot.document_id)
            .where(Snapshot.sha256 == fetched.sha256).order_by(Snapshot.id).limit(1)
        ).first()
        if same is not None:
            return Stored("unchanged", same.document_id, same.url)
    values, authors = resolve_metadata(session, fetched, extracted, overrides)
    if row is not None and says_the_same(session, row, fetched, extracted, digest):
        if overrides != Overrides():
            session.execute(update(Document).where(Document.id == row.id), values)
            write_authors(session, row.id, authors, replace=True)
        return Stored("unchanged", row.id, values["url"] if overrides.url else row.url)
    values.update(
        text=extracted.text,
        raw_text=extracted.raw_text if extracted.raw_text != extracted.text else None,
        text_hash=digest,
        retrieved_at=fetched.fetched_at,
        content_kind=fetched.kind,
    )
    conn = session.connection()
    if row is None:
        # Parameters passed apart from the statement keep its compiled form cached.
        document_id = conn.execute(
            DOCUMENT.insert().returning(DOCUMENT.c.id), {"locator": locator, **values}
        ).scalar_one()
        number = 1
    else:
        document_id = row.id
        session.execute(update(Document).where(Document.id == document_id), values)
        latest = session.scalar(select(func.max(Revision.number)).where(Revision.document_id == document_id))
        number = (latest or 0) + 1
    snapshot_id = conn.execute(
        SNAPSHOT.insert().returning(SNAPSHOT.c.id), {"document_id": document_id, **snapshot_values(fetched, extracted)}
    ).scalar_one()
    conn.execute(
        REVISION.insert(),
        {"document_id": document_id, "number": number, "snapshot_id": snapshot_id, "title": values["title"],
         "text": extracted.text, "text_hash": digest, "retrieved_at": fetched.fetched_at},
    )
    write_authors(session, document_id, authors, replace=row is not None)
    analysis = analysis_for(extracted.text, extracted.analysis)
    write_evidence(session, document_id, extracted, values["outlet_id"], replace=row is not None, analysis=analysis)
    # (the vectors first: deriving links the document with its translations by them)
    write_vectors(session, document_id, extracted.vectors, replace=row is not None)
    derive_document(session, document_id, title=values["title"], outlet_id=values["outlet_id"], analysis=analysis,
                    replace=row is not None)
    return Stored("revised" if row is not None else "new", document_id, values["url"])


def says_the_same(session: Session, row: Any, fetched: Fetched, extracted: Extracted, digest: str) -> bool:
    """Whether a document read again says what its stored version says: then it is `unchanged`.

    What a document says is its text and what it states of itself: its headline, its byline and its
    date. A change of any of them is a new revision; a change of boilerplate, markup or line wrapping
    alone is not. The values a user gave on the command line are theirs, not the document's: they are
    not compared. The same bytes as the latest snapshot are the same document, whatever a newer version
    of prov reads in them.
    """
    if row.text_hash != digest:
        return False
    given = row.metadata_sources or {}
    stored_keys = session.scalars(
        select(Author.key).join(DocumentAuthor).where(DocumentAuthor.document_id == row.id)
        .order_by(DocumentAuthor.position)
    ).all() if given.get("authors") != "user" else None
    differs = (
        given.get("title") != "user" and (extracted.title or None) != (row.title or None)
        or given.get("published") != "user" and extracted.published != row.published
        or stored_keys is not None and [name_key(a) for a in extracted.authors] != list(stored_keys)
    )
    if not differs:
        return True
    latest = session.scalar(
        select(Snapshot.sha256).where(Snapshot.document_id == row.id).order_by(Snapshot.id.desc()).limit(1))
    return latest == fetched.sha256


def write_evidence(
    session: Session, document_id: int, extracted: Extracted, outlet_id: int | None, *, replace: bool,
    analysis: Analysis | None = None,
) -> None:
    """Store the document's attributions (sources resolved to outlets) and quotes (from ANALYSIS, the
    analysis of its text, when given)."""
    if replace:
        session.execute(delete(Attribution).where(Attribution.document_id == document_id))
        session.execute(delete(Quote).where(Quote.document_id == document_id))
    own = session.get(Outlet, outlet_id) if outlet_id else None
    own_names = [own.name] if own else []
    rows = []
    for found in extracted.attributions:
        source_outlet, detail = attribution_outlet(session, found)
        if own is not None and source_outlet is not None and source_outlet.id == own.id:
            detail["self"] = True  # "told The Diplomat" in The Diplomat: it is the primary source
            own_names.append(found.source or "")
        elif own is not None and found.source_kind and own_work(found.source or "", own):
            detail["self"] = True  # "a new CBS News poll" on CBS News: its own figures, it is their source
        rows.append({
            "document_id": document_id, "kind": found.kind, "source_name": found.source, "source_url": found.url,
            "source_outlet_id": source_outlet.id if source_outlet else None, "source_kind": found.source_kind,
            "evidence": found.evidence,
            "start": found.start, "end": found.end, "confidence": found.confidence,
            "detail": {"pattern": found.pattern, **found.detail, **detail},
        })
    if rows:
        session.execute(insert(Attribution), rows)
    scan = analysis_for(extracted.text, analysis).quotes
    quotes = quotes_of(scan, own_outlet_names=tuple(own_names))
    if quotes:
        session.execute(insert(Quote), [
            {"document_id": document_id, "text": q.text, "speaker": q.speaker, "primary": q.primary,
             "start": q.start, "end": q.end} for q in quotes
        ])


def own_work(name: str, own: Outlet) -> bool:
    """Whether a study, poll, figures or release named NAME is the page's own outlet's ("CBS News
    Battleground Tracker" on CBS News): the name starts with the outlet's name or one of its aliases."""
    words = name.casefold().removeprefix("the ").split()
    for label in (own.name, *(a.alias for a in own.aliases)):
        head = label.casefold().removeprefix("the ").split()
        if head and words[:len(head)] == head:
            return True
    return False


def attribution_outlet(session: Session, found: Found) -> tuple[Outlet | None, dict[str, object]]:
    """The outlet an attribution names: by URL or domain, else by name; unknown names become
    unverified outlets, ambiguous names resolve to nothing (the raw name is kept)."""
    if found.detail.get("audit"):
        return None, {}  # markup that misdirects names no source
    if found.source_kind is not None:
        return None, {}  # a study, a journal, figures, a release or a document: a source of its own kind
    if found.detail.get("link") and found.source and not looks_like_domain(found.source):
        # A named credit with a link: the name says which outlet; the link is where its story is
        # (a Reuters story read on a portal that carries it is still Reuters's).
        return named_credit_outlet(session, found)
    address = found.url or (found.source if found.source and looks_like_domain(found.source) else None)
    if address:
        outlet = resolve_domain(session, address)
        host = domain_of(address if "://" in address else "http://" + address)
        if outlet is None and host:
            outlet = resolve_name(session, host).outlet  # a known outlet by its name, or a new unverified one
        return outlet, {}
    if not found.source:
        return None, {}
    resolution = resolve_name(session, found.source)
    if resolution.ambiguous:
        return None, {"ambiguous": list(resolution.ambiguous)}
    return resolution.outlet or create_unverified(session, found.source), {}


def named_credit_outlet(session: Session, found: Found) -> tuple[Outlet | None, dict[str, object]]:
    """The outlet of a named credit that carries a link: by its name; a name several outlets go by is
    the one the link's site belongs to, when it is one of them."""
    resolution = resolve_name(session, found.source or "")
    if resolution.ambiguous:
        linked = resolve_domain(session, found.url) if found.url else None
        if linked is not None and linked.name in resolution.ambiguous:
            return linked, {}
        return None, {"ambiguous": list(resolution.ambiguous)}
    return resolution.outlet or create_unverified(session, found.source or ""), {}
