"""`prov follow` and `prov ingest --follow`: fetch what documents credit by URL, up the chain.

A document's open placeholders with an address (a hyperlinked credit, an `original-source`,
`syndication-source` or canonical tag, a URL in a marker line: the lineage edges whose source is
a URL not in the archive) are fetched, stored like `prov ingest` stores a URL (one transaction
per document, lineage updated, so the placeholder becomes the document), and their own
placeholders followed in turn, breadth first, up to `depth` hops. The bounds are a careful
person's: at most `max_fetch` fetches a run, one request at a time and `per_host_delay` seconds
between two requests to one host, the fetch rules of `prov ingest` for every hop and redirect
(`fetch_url`: addresses checked, size and type limits), http(s) pages only, a source already held
never fetched again, a document reached twice taken once (a loop is reported, not walked).

A credited page that is gone (HTTP 404 or 410, or its host no longer resolves) is asked of a web
archive's Memento TimeGate (RFC 7089) when one is set: the copy is stored under the address it
was credited at, and its snapshot keeps the `Memento-Datetime`, the archive and the memento's
own address in its headers (see `archived_copy`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.config import Settings
from provenance.db import Database
from provenance.errors import FetchError, InputError
from provenance.memento import ARCHIVE_HEADER, MEMENTO_HEADER, archived_copy, timegate_url
from provenance.models import Attribution, LineageEdge, Snapshot
from provenance.urls import hostname_of, printable, web_url_problem

if TYPE_CHECKING:
    import httpx

__all__ = ["ARCHIVE_HEADER", "FollowOptions", "FollowResult", "Followed", "archived_copy", "follow_documents",
           "open_documents", "timegate_url"]

DEFAULT_DEPTH = 3  # `--follow` alone
DEFAULT_MAX_FETCH = 50
DEFAULT_PER_HOST_DELAY = 1.0
# Not pages: a credited link to one of these is not fetched (the content type is checked after a fetch too).
NOT_PAGE = re.compile(r"\.(?:pdf|jpe?g|png|gif|webp|svg|mp[34]|mov|avi|zip|gz|docx?|xlsx?|pptx?|rss|atom|xml)$",
                      re.I)
FEED_PATH = re.compile(r"/(?:feed|rss)/?$", re.I)
# Fetch failures that are the rules refusing the source, not the network failing.
REFUSALS = ("refusing to fetch", "only http and https", "URL has", "unsupported content type", "body is",
            "body over", "over the", "malformed URL", "redirect to a malformed URL")
GONE = re.compile(r"^(?:HTTP 404|HTTP 410|cannot resolve host)")


@dataclass(frozen=True, slots=True)
class FollowOptions:
    """How far and how fast to follow."""

    depth: int = DEFAULT_DEPTH
    max_fetch: int = DEFAULT_MAX_FETCH
    per_host_delay: float = DEFAULT_PER_HOST_DELAY
    archive: str | None = None  # a Memento TimeGate (or aggregator) URL prefix


@dataclass(frozen=True, slots=True)
class Followed:
    """One credited address and what became of it.

    status: reached (fetched and stored) | held (already in the archive: not fetched) |
    refused (the fetch rules refused it) | failed (the network or the site failed) |
    left (not fetched: the run reached --max-fetch).
    """

    url: str
    credited_by: int
    hop: int
    status: str
    document_id: int | None = None
    stored: str | None = None  # new | unchanged | revised, for a reached source
    error: str | None = None
    archived: str | None = None  # the Memento-Datetime of a copy from a web archive
    loop_to: int | None = None  # a reached document crediting a document earlier in its own chain

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "credited_by": self.credited_by, "hop": self.hop, "status": self.status,
                "document_id": self.document_id, "stored": self.stored, "error": self.error,
                "archived": self.archived, "loop_to": self.loop_to}


@dataclass(frozen=True, slots=True)
class FollowResult:
    """A run: every credited address looked at, in order, and the requests it made."""

    sources: tuple[Followed, ...]
    fetches: int

    def count(self, status: str) -> int:
        return sum(1 for s in self.sources if s.status == status)

    def as_json(self) -> dict[str, Any]:
        return {"followed": len(self.sources), "reached": self.count("reached"), "already_held": self.count("held"),
                "refused": self.count("refused"), "failed": self.count("failed"), "left": self.count("left"),
                "archived": sum(1 for s in self.sources if s.archived), "loops": sum(
                    1 for s in self.sources if s.loop_to is not None), "fetches": self.fetches,
                "sources": [s.as_json() for s in self.sources]}


def open_documents(session: Session) -> list[int]:
    """Documents with an open placeholder that has an address (what `prov follow --all` starts from)."""
    return list(session.scalars(select(LineageEdge.derived_id).where(
        LineageEdge.source_document_id.is_(None), LineageEdge.source_url.is_not(None))
        .distinct().order_by(LineageEdge.derived_id)))


def open_sources(session: Session, doc_id: int) -> list[str]:
    """The addresses of DOC's open placeholders, in the order its edges were written, with the other
    addresses its credits give for the same placeholder (one edge stands for an outlet not in the archive,
    however many of its pages the document links: each page is followed)."""
    edges = session.execute(select(LineageEdge.source_url, LineageEdge.source_outlet_id).where(
        LineageEdge.derived_id == doc_id, LineageEdge.source_document_id.is_(None),
        (LineageEdge.source_url.is_not(None)) | (LineageEdge.source_outlet_id.is_not(None)))
        .order_by(LineageEdge.id)).all()
    outlets = {outlet for _, outlet in edges if outlet is not None}
    urls = [url for url, _ in edges if url]
    if outlets:
        for attr in session.scalars(select(Attribution).where(
                Attribution.document_id == doc_id, Attribution.source_outlet_id.in_(sorted(outlets)),
                Attribution.source_url.is_not(None)).order_by(Attribution.id)):
            detail = attr.detail or {}
            if not (detail.get("audit") or detail.get("self") or detail.get("unsupported")):
                urls.append(attr.source_url or "")
    return [u for u in dict.fromkeys(urls) if u]


def credited_documents(session: Session, doc_id: int) -> list[tuple[int, str]]:
    """The stored documents DOC credits (a credit, not only shared text), with their addresses: walked
    through as held, so a run goes on up a chain an earlier run began."""
    from provenance.models import Document

    rows = session.execute(select(LineageEdge.source_document_id, LineageEdge.basis, Document.url).join(
        Document, Document.id == LineageEdge.source_document_id).where(LineageEdge.derived_id == doc_id)
        .order_by(LineageEdge.id)).all()
    return [(i, url) for i, basis, url in rows if url and set(basis or ()) & {"marker", "markup", "prose"}]


def held_document(session: Session, url: str) -> int | None:
    """The stored document at URL: by its address or canonical address, or one fetched from URL
    and stored under the address it redirected to."""
    from provenance.lineage import document_at

    doc = document_at(session, url)
    if doc is not None:
        return doc.id
    return session.scalar(select(Snapshot.document_id).where(Snapshot.requested_url == url).limit(1))


class Fetcher:
    """One request at a time, and PER_HOST_DELAY seconds between two requests to one host."""

    def __init__(self, settings: Settings, client: httpx.Client, delay: float) -> None:
        self.settings, self.client, self.delay = settings, client, delay
        self.last: dict[str, float] = {}
        self.requests = 0

    def get(self, url: str, headers: dict[str, str] | None = None):  # -> Fetched
        from provenance.ingest.fetch import fetch_url

        host = hostname_of(url) or ""
        wait = self.last.get(host, float("-inf")) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.requests += 1
        try:
            return fetch_url(url, settings=self.settings, client=self.client, headers=headers)
        finally:
            self.last[host] = time.monotonic()


def page_problem(url: str) -> str | None:
    """Why a credited address is not followed without asking: not http(s), or not a page."""
    problem = web_url_problem(url)
    if problem:
        return problem
    path = url.split("?", 1)[0].split("#", 1)[0]
    if NOT_PAGE.search(path) or FEED_PATH.search(path):
        return "not a page (a file, an image or a feed)"
    return None


def refusal(error: InputError) -> bool:
    return any(error.reason.startswith(word) or f" {word}" in error.reason[:60] for word in REFUSALS)


def follow_documents(db: Database, start: Iterable[int], *, settings: Settings, options: FollowOptions,
                     on_source: Callable[[Followed], None] = lambda _: None) -> FollowResult:
    """Follow the credited addresses of the START documents, and theirs, up to `options.depth` hops.

    Args:
        db: the archive (each document is stored in its own transaction, as `prov ingest` does).
        start: ids of documents already stored.
        settings: the fetch limits of `prov ingest` (`allow_private`, `max_bytes`, timeouts).
        options: depth, --max-fetch, --per-host-delay and the web archive to ask for gone pages.
        on_source: called for each credited address as its outcome is known.

    Returns:
        Every address looked at, and the number of HTTP requests made (redirects not counted).
    """
    from provenance.ingest import extract_one, make_client, store_one
    from provenance.ingest.store import Overrides

    db.ensure_schema()
    sources: list[Followed] = []
    # (document, hop, the documents before it in the chain that reached it)
    queue: deque[tuple[int, int, tuple[int, ...]]] = deque((i, 0, ()) for i in dict.fromkeys(start))
    taken: set[int] = {i for i, _, _ in queue}
    looked: set[str] = set()
    fetched_count = 0

    def note(item: Followed) -> None:
        sources.append(item)
        on_source(item)

    with contextlib.ExitStack() as stack:
        client = stack.enter_context(make_client(settings))
        fetcher = Fetcher(settings, client, options.per_host_delay)
        while queue:
            doc_id, hop, chain = queue.popleft()
            if hop >= options.depth:
                continue
            with db.session() as session:
                urls = open_sources(session, doc_id)
                credited = credited_documents(session, doc_id)
            for held_id, url in credited:
                from provenance.lineage import url_key

                if (url_key(url) or url) in looked:
                    continue
                looked.add(url_key(url) or url)
                note(Followed(url, doc_id, hop + 1, "held", held_id))
                if held_id not in taken:
                    taken.add(held_id)
                    queue.append((held_id, hop + 1, (*chain, doc_id)))
            for url in urls:
                from provenance.lineage import url_key

                key = url_key(url) or url
                if key in looked:
                    continue
                looked.add(key)
                with db.session() as session:
                    held = held_document(session, url)
                if held is not None:
                    note(Followed(url, doc_id, hop + 1, "held", held))
                    if held not in taken:
                        taken.add(held)
                        queue.append((held, hop + 1, (*chain, doc_id)))
                    continue
                problem = page_problem(url)
                if problem:
                    note(Followed(url, doc_id, hop + 1, "refused", error=f"{printable(url)}: {problem}"))
                    continue
                if fetched_count >= options.max_fetch:
                    note(Followed(url, doc_id, hop + 1, "left", error=f"over --max-fetch {options.max_fetch}"))
                    continue
                fetched_count += 1
                item = fetch_and_store(db, url, doc_id, hop + 1, fetcher, options, extract_one, store_one,
                                       Overrides())
                reached = item.document_id
                if reached is not None:
                    settle(db, doc_id, reached)
                    with db.session() as session:
                        back = {i for i, _ in credited_documents(session, reached)} & {*chain, doc_id}
                    if back:
                        item = Followed(item.url, item.credited_by, item.hop, item.status, reached,
                                        item.stored, item.error, item.archived, min(back))
                    elif reached not in taken:
                        taken.add(reached)
                        queue.append((reached, hop + 1, (*chain, doc_id)))
                note(item)
    return FollowResult(tuple(sources), fetcher.requests)


def settle(db: Database, derived_id: int, source_id: int) -> None:
    """Recompute DERIVED's edges when none points at SOURCE, just stored from an address it credits (its
    edge named another page of the same outlet, and storing SOURCE did not touch it)."""
    from provenance.lineage import update_lineage

    session = db.session()
    try:
        with session.begin():
            if session.scalar(select(LineageEdge.id).where(LineageEdge.derived_id == derived_id,
                                                           LineageEdge.source_document_id == source_id).limit(1)):
                return
            update_lineage(session, [derived_id])
    finally:
        session.close()


def fetch_and_store(db: Database, url: str, credited_by: int, hop: int, fetcher: Fetcher, options: FollowOptions,
                    extract_one: Callable[..., Any], store_one: Callable[..., Any], overrides: Any) -> Followed:
    """Fetch one credited address (or its archived copy when it is gone) and store it."""
    archived = None
    try:
        try:
            fetched = fetcher.get(url)
        except FetchError as exc:
            if not (options.archive and GONE.match(exc.reason)):
                raise
            fetched = from_archive(fetcher, url, options.archive, gone=exc, when=credited_on(db, credited_by))
            archived = fetched.headers.get("memento-datetime")
        extracted = extract_one(fetched, fetched.url)
        if isinstance(extracted, InputError):
            raise extracted
        result = store_one(db, fetched, extracted, overrides)
    except InputError as exc:
        status = "refused" if refusal(exc) else "failed"
        return Followed(url, credited_by, hop, status, error=str(exc))
    return Followed(url, credited_by, hop, "reached", result.document_id, result.status, archived=archived)


def credited_on(db: Database, doc_id: int) -> dt.date | None:
    """The published date of the document crediting a gone page: the archive's copy nearest to it is asked."""
    from provenance.models import Document

    with db.session() as session:
        return session.scalar(select(Document.published).where(Document.id == doc_id))


def from_archive(fetcher: Fetcher, url: str, archive: str, *, gone: FetchError,
                 when: dt.date | None = None):  # -> Fetched
    """The archive's copy of a gone page, as a document at its original address: the copy nearest to WHEN
    (the day it was credited, at noon UTC: RFC 7089's Accept-Datetime), else the archive's latest.

    Raises:
        FetchError: the archive has no copy (or its reply is no memento); the message says why the page
            itself could not be fetched too.
    """
    gate = timegate_url(archive, url)
    try:
        ask = {"Accept-Datetime": f"{dt.datetime.combine(when, dt.time(12), dt.UTC):%a, %d %b %Y %H:%M:%S GMT}"
               } if when else None
        fetched = fetcher.get(gate, ask)
    except FetchError as exc:
        raise FetchError(printable(url), f"{gone.reason}; no copy in the web archive ({exc.reason})") from None
    if "memento-datetime" not in {k.lower() for k in fetched.headers}:
        raise FetchError(printable(url), f"{gone.reason}; the web archive's reply is no memento "
                                         "(no Memento-Datetime header)")
    headers = {k.lower(): v for k, v in fetched.headers.items()}
    headers[ARCHIVE_HEADER] = archive
    headers[MEMENTO_HEADER] = fetched.final_url or gate
    fetched.headers = headers
    fetched.input = url
    fetched.url = url  # the document is the page credited at this address; the snapshot says whence
    fetched.requested_url = url
    return fetched
