"""Inputs to bytes: URLs (a careful HTTP client), files, folders and WARC archives.

Nothing here touches the database. Each function returns `Fetched` records (the
bytes exactly as received plus where and when they came from) or raises an
`InputError` whose message names the input and the reason.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import ipaddress
import os
import re
import socket
import time
import urllib.parse
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin

import httpcore
import httpx
from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader

from provenance.config import Settings
from provenance.errors import FetchError, InputError
from provenance.untrusted import is_utf8
from provenance.urls import MAX_URL_LENGTH, printable, web_url_problem

USER_AGENT = "provenance/0.1 (prov ingest; fact-checking archive; +https://pypi.org/project/provenance/)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
WARC_SUFFIXES = (".warc", ".warc.gz")
GZIP_SUFFIX = ".gz"
INGESTIBLE_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + WARC_SUFFIXES
GZIP_MAGIC = b"\x1f\x8b"
MARKUP_START = re.compile(rb"\s*(<!doctype\s+html|<html|<head|<body|<\?xml|<!--|<meta|<title|<div|<p[\s>])", re.I)


@dataclass(slots=True)
class Fetched:
    """Raw bytes of one document and the facts of how they were obtained."""

    input: str
    body: bytes
    origin: str  # http | file | warc
    kind: str  # html | text
    fetched_at: dt.datetime
    url: str | None = None
    requested_url: str | None = None
    final_url: str | None = None
    source_path: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    warc_record_id: str | None = None
    # The identity of a WARC record that names no web address (see `archive_locator`).
    locator: str | None = None
    sha256: str = ""
    compressed: bytes = b""

    def __post_init__(self) -> None:
        # Done where the bytes arrive (a worker thread when fetching or reading ahead):
        # both release the GIL, so they overlap with extraction of the previous page.
        self.sha256 = hashlib.sha256(self.body).hexdigest()
        # Level 1: most of the size saving of level 6 at a fraction of its time.
        self.compressed = zlib.compress(self.body, 1)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")


def is_url(source: str) -> bool:
    """Whether a source argument is meant as a URL (has a scheme), not a path; never raises, so a
    malformed URL reaches `fetch_url` to be refused with its reason."""
    return URL_SCHEME.match(source) is not None


def human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def content_kind(content_type: str | None) -> str | None:
    """html, text, or None for a media type we do not ingest."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in HTML_TYPES:
        return "html"
    if media in TEXT_TYPES:
        return "text"
    return None


def charset_of(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


# --- files and folders -------------------------------------------------------


def kind_of_path(path: Path) -> str | None:
    """html, text, warc, or None, from the file name (page.html.gz is a gzip-compressed html file)."""
    return kind_of_name(path.name)


def kind_of_name(name: str) -> str | None:
    name = name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    name = name.removesuffix(GZIP_SUFFIX)
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def walk_folder(folder: Path) -> list[Path | InputError]:
    """Ingestible files under a folder, recursively, in a stable order, and an error for each
    folder inside it that cannot be read (the rest is still walked).

    Hidden files and folders (a name starting with a dot) are left out, and links to folders are
    not followed (a link cycle would never end).

    Raises:
        InputError: the folder holds nothing ingestible and no folder in it failed.
    """
    found: list[tuple[Path, Path | InputError]] = []

    def failed(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        reason = "permission denied (cannot read the folder)" if isinstance(exc, PermissionError) else (
            f"cannot read the folder ({exc.strerror or exc})")
        found.append((where, InputError(str(where), reason)))

    for root, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root) / name
            if name.startswith(".") or not kind_of_path(path):
                continue
            if not is_utf8(name):
                found.append((path, InputError(str(path), "the file name is not UTF-8 text (rename the file)")))
                continue
            try:
                regular = path.is_file()
            except OSError as exc:  # a folder that can be listed but not entered
                failed(exc)
                continue
            if regular:
                found.append((path, path))
    if not found:
        raise InputError(
            str(folder), "no ingestible files in this folder (.html, .htm, .txt, .md, .warc, and any of these with .gz)"
        )
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


def read_file(path: Path, *, given: str, settings: Settings, kind: str | None = None) -> Fetched:
    """Read one HTML or text file exactly as stored on disk.

    Raises:
        InputError: missing, unreadable, empty, too large, or not a regular file.
    """
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(given, "not a regular file")
        if size > settings.max_bytes:
            raise InputError(
                given, f"file is {human_size(size)}, over the {human_size(settings.max_bytes)} limit"
            )
        body = path.read_bytes()
    except FileNotFoundError:
        raise InputError(given, "no such file or folder") from None
    except PermissionError:
        raise InputError(given, "permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise InputError(given, "is a folder") from None
    except OSError as exc:
        raise InputError(given, f"cannot read the file ({exc.strerror or exc})") from None
    headers: dict[str, str] = {}
    if body.startswith(GZIP_MAGIC):
        # The snapshot is the document, as for a page sent gzip-compressed over HTTP: the decompressed
        # bytes and their SHA-256; the file's own SHA-256 is kept beside them.
        headers = {"Content-Encoding": "gzip", "X-Provenance-File-SHA256": hashlib.sha256(body).hexdigest(),
                   "X-Provenance-File-Size": str(len(body))}
        inner_name = gzip_file_name(body)
        body = gunzip_limited(body, given=given, limit=settings.max_bytes)
        kind = kind or kind_of_path(path) or (kind_of_name(inner_name) if inner_name else None) or (
            "html" if MARKUP_START.match(body[:1024]) else "text")
    if not body.strip():
        raise InputError(given, "empty file")
    return Fetched(
        input=given,
        body=body,
        origin="file",
        kind=kind or kind_of_path(path) or "text",
        fetched_at=now(),
        source_path=str(path.resolve()),
        headers=headers,
    )


def gunzip_limited(data: bytes, *, given: str, limit: int) -> bytes:
    """The bytes of gzip-compressed DATA (every member), refusing more than LIMIT bytes decompressed.

    Raises:
        InputError: corrupt, cut short, or over the limit once decompressed (a gzip bomb stays bounded).
    """
    out: list[bytes] = []
    total = 0
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            chunk = inflater.decompress(rest, limit + 1 - total)
            while True:
                total += len(chunk)
                if total > limit:
                    raise InputError(given, f"over the {human_size(limit)} limit once decompressed")
                out.append(chunk)
                if not inflater.unconsumed_tail:
                    break
                chunk = inflater.decompress(inflater.unconsumed_tail, limit + 1 - total)
            if not inflater.eof:
                raise InputError(given, "the gzip-compressed file is cut short")
            rest = inflater.unused_data
            if rest and not rest.startswith(GZIP_MAGIC):
                if rest.strip(b"\x00"):  # zero padding after the last member is harmless
                    raise InputError(given, "the gzip-compressed file has data after its end")
                break
    except zlib.error as exc:
        raise InputError(given, f"the gzip-compressed file is corrupt ({exc})") from None
    return b"".join(out)


def gzip_file_name(data: bytes) -> str | None:
    """The original file name a gzip header records (FNAME), if any."""
    if len(data) < 10 or not data[3] & 0x08:
        return None
    at = 10
    if data[3] & 0x04:  # FEXTRA comes first: two bytes of length, then that many bytes
        at += 2 + int.from_bytes(data[10:12], "little")
    end = data.find(b"\x00", at, at + 4096)
    return data[at:end].decode("latin-1") if end > at else None


# --- WARC --------------------------------------------------------------------


class StrictRecordLoader(ArcWarcRecordLoader):
    """warcio's record parser, refusing a response or request record without a target URI
    (warcio itself fails on one with an AttributeError: a header cut short, say)."""

    def load_http_headers(self, rec_type, uri, stream, length):
        if uri is None and rec_type in self.HTTP_RECORDS and length != 0:
            raise ArchiveLoadFailed(f"a {rec_type} record without a WARC-Target-URI")
        return super().load_http_headers(rec_type, uri, stream, length)


class StrictWARCIterator(WARCIterator):
    """WARC records only, digests checked, and no warnings printed behind our back.

    warcio is lenient: it writes a warning to stderr for a record whose length is
    wrong and goes on. We count those (err_count) and report them as malformed.
    """

    INC_RECORD = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.loader = StrictRecordLoader(verify_http=False, arc2warc=self.mixed_arc_warc)


# What warcio raises on bytes that are not a well-formed WARC.
WARC_FAILURES = (ArchiveLoadFailed, ValueError, OSError, EOFError, zlib.error)
GZIP_MAGIC = b"\x1f\x8b"
# Content-Type and WARC-Record-ID are stored in columns of this width (models.Snapshot).
HEADER_LENGTH = 200
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class GzipExtent:
    """How much of a gzip file is whole: `intact` bytes of complete members, of `size`."""

    intact: int
    size: int
    error: str | None = None  # zlib's reason when the bytes after `intact` are not gzip at all
    members: int = 0  # whole members: one for a WARC gzipped as a whole file (`gzip crawl.warc`)

    def problem(self) -> str | None:
        if self.error:
            return f"corrupt gzip data in the member at byte {self.intact:,} ({self.error})"
        if self.intact < self.size:
            return f"the file is cut short inside the gzip member at byte {self.intact:,}"
        return None


def gzip_extent(stream: BinaryIO) -> GzipExtent:
    """Decompress every member once (output thrown away, bounded) to find where the whole ones end.

    warcio reads a gzip member cut short as if it ended there: the cut record would be
    stored as complete. Reading only the whole members, and saying the rest is cut, is
    what keeps it out.
    """
    intact = consumed = members = 0
    member = zlib.decompressobj(wbits=31)
    pending = b""
    while True:
        if not pending:
            pending = stream.read(1 << 16)  # small: each member start copies what is left of it
            if not pending:
                # Output zlib still holds (a member's input all read, its output not yet given) ends it.
                while consumed > intact and not member.eof and member.decompress(b"", 1 << 20):
                    pass
                return GzipExtent(consumed if member.eof else intact, consumed, None, members + member.eof)
        try:
            member.decompress(pending, 1 << 20)  # at most 1 MB out per call: a bomb stays bounded
        except zlib.error as exc:
            reason = str(exc).removeprefix("Error -3 while decompressing data: ")
            return GzipExtent(intact, consumed + len(pending), reason, members)
        rest = member.unused_data if member.eof else member.unconsumed_tail
        consumed += len(pending) - len(rest)
        pending = rest
        if member.eof:
            intact = consumed
            members += 1
            member = zlib.decompressobj(wbits=31)


class Prefix(io.RawIOBase):
    """The first `limit` bytes of a binary file, as a file of its own."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self.raw, self.left, self.position = raw, limit, 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:  # warcio reports record offsets from it
        return self.position

    def readinto(self, buffer) -> int:
        data = self.raw.read(min(len(buffer), self.left))
        buffer[: len(data)] = data
        self.left -= len(data)
        self.position += len(data)
        return len(data)


def bad_header(value: str | None) -> bool:
    """A header value too long for its column, or holding control characters (PostgreSQL refuses NUL)."""
    return value is not None and (len(value) > HEADER_LENGTH or CONTROL.search(value) is not None)


def archive_locator(archive: Path, claimed: str | None, record_id: str | None, offset: int) -> str:
    """The identity of a record whose target URI is no web address: this archive's record of that name.

    It starts with `warc:`, so it can never be a local file's (`file://...`) or a URL's.
    """
    base = f"warc:{archive.as_uri()}#"
    for name in (claimed, record_id):
        if name:
            locator = base + urllib.parse.quote(name, safe=":/?#[]@!$&'()*+,;=%~")
            if len(locator) <= MAX_URL_LENGTH:
                return locator
    return f"{base}offset-{offset}"


def read_warc(path: Path, *, given: str, settings: Settings) -> Iterator[Fetched | InputError]:
    """Each HTML or text response (or resource) record of a WARC file, in file order.

    Records that are not successful HTML/text responses or resources (requests,
    metadata, images, redirects) are skipped. A record names a document by its
    WARC-Target-URI only when that is an http(s) URL prov would fetch; any other
    (file:///etc/passwd, none) is this archive's record (`archive_locator`): an
    archive never speaks for a local file. A malformed or cut record yields an
    `InputError` and ends the file, before that record is yielded: what came before
    it stays ingested.
    """
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        yield InputError(given, "no such file or folder")
        return
    except PermissionError:
        yield InputError(given, "permission denied (cannot read the file)")
        return
    with stream:
        archive = path.resolve()
        try:
            gzipped = stream.read(2) == GZIP_MAGIC
            stream.seek(0)
            extent = gzip_extent(stream) if gzipped else None
            stream.seek(0)
        except OSError as exc:
            yield InputError(given, f"cannot read the file ({exc.strerror or exc})")
            return
        source = io.BufferedReader(Prefix(stream, extent.intact)) if extent else stream
        whole_file = extent is not None and extent.members == 1
        if whole_file:
            # A WARC gzipped as one file rather than record by record: warcio reads only the latter,
            # so it is given the decompressed bytes (record offsets are then in those).
            source = io.BufferedReader(gzip.GzipFile(fileobj=source))  # type: ignore[assignment]
        iterator = StrictWARCIterator(source, check_digests="raise")
        count = 0
        try:
            for record in iterator:
                if record.rec_type == "response" and record.http_headers is not None:
                    status: int | None = int(record.http_headers.get_statuscode() or 0)
                    ctype = record.http_headers.get_header("Content-Type")
                    headers = dict(record.http_headers.headers)
                elif record.rec_type == "resource":
                    # Content kept without a protocol exchange (a saved file, as `prov export --format warc`
                    # writes files read from disk).
                    status, ctype, headers = None, record.rec_headers.get_header("Content-Type"), {}
                else:
                    check_warc_record(record, iterator)
                    continue
                kind = content_kind(ctype)
                if kind is None or status is not None and not 200 <= status < 300:
                    check_warc_record(record, iterator)
                    continue
                claimed = record.rec_headers.get_header("WARC-Target-URI")
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                body = record.content_stream().read(settings.max_bytes + 1)
                # Asking for the offset reads the record to its end: only after the body.
                offset = iterator.get_record_offset()
                check_warc_record(record, iterator)  # a cut record is never yielded
                label = f"{given} record at offset {offset}"
                count += 1
                if len(body) > settings.max_bytes:
                    yield InputError(label, f"body over the {human_size(settings.max_bytes)} limit")
                    continue
                if not body.strip():
                    yield InputError(label, "empty response body")
                    continue
                if bad_header(ctype) or bad_header(record_id):
                    yield InputError(label, f"a Content-Type or WARC-Record-ID over {HEADER_LENGTH} characters "
                                            "or with control characters")
                    continue
                uri = claimed if claimed and web_url_problem(claimed) is None else None
                yield Fetched(
                    input=given,
                    body=body,
                    origin="warc",
                    kind=kind,
                    fetched_at=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
                    url=uri,
                    requested_url=uri,
                    final_url=uri,
                    source_path=str(archive),
                    http_status=status,
                    content_type=ctype,
                    charset=charset_of(ctype),
                    headers=headers,
                    warc_record_id=record_id,
                    locator=None if uri else archive_locator(archive, claimed, record_id, offset),
                )
        except (*WARC_FAILURES, AttributeError, TypeError, OverflowError) as exc:
            # warcio's own AttributeError: a request or response record without a target URI; its TypeError:
            # a header it cannot use (a digest whose algorithm name holds a NUL); OverflowError: a length
            # beyond any index
            if isinstance(exc, AttributeError):
                reason = "a record without its WARC-Target-URI"
            elif isinstance(exc, TypeError):
                reason = "a record header that cannot be read"
            elif isinstance(exc, OverflowError):
                reason = "a record's Content-Length is too large"
            else:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            yield InputError(given, f"malformed WARC after {count} good records ({reason})")
            return
        problem = extent.problem() if extent else None
        readable = extent.intact if extent else os.fstat(stream.fileno()).st_size
        if iterator.offset < readable and not problem and not whole_file:
            # warcio ends quietly when the file stops inside a record's header.
            problem = f"the file ends inside the header of the record at byte {iterator.offset:,}"
        if problem:
            yield InputError(given, f"malformed WARC after {count} good records ({problem})")
        elif count == 0:
            yield InputError(given, "no HTML or text response or resource records in this WARC file")


def check_warc_record(record, iterator: StrictWARCIterator) -> None:
    """Raise ValueError for a record that was cut short or whose length is wrong.

    Reads the record to its end first (and the blank lines after it).
    """
    iterator.read_to_end()
    length = record.rec_headers.get_header("Content-Length") or ""
    name = printable(record.rec_headers.get_header("WARC-Target-URI") or record.rec_type)
    if not length.strip().isdigit():
        raise ValueError(f"the record for {name} has no valid Content-Length")
    if record.raw_stream.limit > 0:
        got = int(length) - record.raw_stream.limit
        raise ValueError(f"the record for {name} is cut short ({got:,} of its {int(length):,} bytes)")
    if iterator.err_count:
        raise ValueError(f"the record for {name} does not end where its Content-Length says")


def parse_warc_date(value: str | None) -> dt.datetime:
    if value:
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    return now()


# --- HTTP --------------------------------------------------------------------


class AddressRefused(Exception):
    """Raised inside the HTTP client when a host may not be connected to; fetch_url names the URL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_address(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The addresses a host resolves to, once, all of them public unless ALLOW_PRIVATE.

    Raises:
        AddressRefused: the host does not resolve, or resolves to a refused address.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise AddressRefused(f"cannot resolve host {host}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for text in addresses:
            address = ipaddress.ip_address(text)
            if not address.is_global:
                raise AddressRefused(
                    f"refusing to fetch from non-public address {address} "
                    "(use --allow-private to allow loopback and private networks)"
                )
    return addresses


class CheckedBackend(httpcore.SyncBackend):
    """Opens every TCP connection to an address it has just checked, never to a name.

    Resolving a name to check it and letting the socket resolve it again to connect
    (DNS rebinding: public the first time, 127.0.0.1 the next) would reach a host we
    refused. Here the name is resolved once per connection, every address checked, and
    the socket given the checked address itself. The URL is untouched, so the Host
    header, TLS SNI and certificate check still use the name.
    """

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = check_address(host, port, allow_private=self.allow_private)
        for i, address in enumerate(addresses):
            try:
                # An address literal: create_connection does no name lookup for it.
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError:
                if i == len(addresses) - 1:
                    raise
        raise httpcore.ConnectError(f"no address for {host}")


class CheckedTransport(httpx.HTTPTransport):
    """httpx's transport with a connection pool whose connections go through `CheckedBackend`."""

    def __init__(self, *, allow_private: bool) -> None:
        super().__init__(trust_env=False)
        # httpx builds its pool without a way to pass a network backend: we build the same pool with one.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=CheckedBackend(allow_private=allow_private),
        )


def make_client(settings: Settings) -> httpx.Client:
    """An HTTP client with our timeouts and User-Agent that connects only to checked addresses;
    redirects are followed by hand."""
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.connect_timeout,
    )
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"},
        trust_env=False,
        transport=CheckedTransport(allow_private=settings.allow_private),
    )


def fetch_url(url: str, *, settings: Settings, client: httpx.Client,
              headers: dict[str, str] | None = None) -> Fetched:
    """Fetch one http(s) URL, following at most `settings.max_redirects` redirects (HEADERS sent with
    every hop besides the client's: a Memento TimeGate's Accept-Datetime).

    Every hop is checked before it is requested (`web_url_problem`), and the client
    connects only to addresses it checked (`CheckedBackend`).

    Raises:
        FetchError: malformed URL, bad scheme, refused address, network failure, timeout,
            HTTP error status, redirect loop, unsupported content type, oversized body.
    """
    seen: list[str] = []
    current = url
    started = time.monotonic()
    deadline = settings.connect_timeout + 4 * settings.read_timeout
    while True:
        problem = web_url_problem(current)
        if problem:
            where = "" if current == url else f" (redirected to {printable(current)})"
            raise FetchError(printable(url), f"{problem}{where}")
        seen.append(current)
        try:
            with client.stream("GET", current, headers=headers) as response:
                if response.is_redirect:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(url, f"HTTP {response.status_code} redirect without a Location")
                    try:
                        target = urljoin(current, location)
                    except ValueError:
                        raise FetchError(url, f"malformed URL (redirected to {printable(location)})") from None
                    if target in seen:
                        raise FetchError(url, f"redirect loop ({current} -> {target})")
                    if len(seen) > settings.max_redirects:
                        raise FetchError(url, f"too many redirects (more than {settings.max_redirects})")
                    current = target
                    continue
                if not response.is_success:
                    reason = response.reason_phrase or ""
                    raise FetchError(url, f"HTTP {response.status_code} {reason}".rstrip())
                ctype = response.headers.get("Content-Type")
                if bad_header(ctype):
                    raise FetchError(url, f"Content-Type header over {HEADER_LENGTH} characters or with "
                                          "control characters")
                kind = content_kind(ctype) if ctype else "html"
                if kind is None:
                    media = ctype.split(";")[0].strip() if ctype else "unknown"
                    raise FetchError(url, f"unsupported content type {media} (only HTML and text)")
                body = read_limited(url, response, settings=settings, started=started, deadline=deadline)
                return Fetched(
                    input=url,
                    body=body,
                    origin="http",
                    kind=kind,
                    fetched_at=now(),
                    url=str(response.url),
                    requested_url=url,
                    final_url=str(response.url),
                    http_status=response.status_code,
                    content_type=ctype,
                    charset=charset_of(ctype),
                    headers=dict(response.headers),
                )
        except AddressRefused as exc:
            where = "" if current == url else f" (redirected to {current})"
            raise FetchError(url, f"{exc.reason}{where}") from None
        except (httpx.InvalidURL, UnicodeError) as exc:  # UnicodeError: a host name IDNA refuses
            where = "" if current == url else f", redirected to {printable(current)}"
            raise FetchError(printable(url), f"malformed URL ({describe(exc)}{where})") from None
        except httpx.TimeoutException as exc:
            phase = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for the reply"
            limit = settings.connect_timeout if phase == "connecting" else settings.read_timeout
            raise FetchError(url, f"timed out after {limit:g} s {phase}") from None
        except httpx.DecodingError:
            raise FetchError(url, "the reply's compressed body is corrupt") from None
        except httpx.RemoteProtocolError as exc:
            # httpx reads a redirect's Location even when it does not follow it.
            text = str(exc)
            if text.startswith("Invalid URL in location header"):
                raise FetchError(url, f"redirect to a malformed URL ({text.partition(': ')[2].rstrip('.')})") from None
            raise FetchError(url, f"network error ({describe(exc)})") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"network error ({describe(exc)})") from None


def read_limited(
    url: str, response: httpx.Response, *, settings: Settings, started: float, deadline: float
) -> bytes:
    """The decoded body, refusing more than `max_bytes` or a reply that drips past the deadline."""
    declared = response.headers.get("Content-Length")
    encoded = "Content-Encoding" in response.headers
    if declared and declared.isdigit() and not encoded and int(declared) > settings.max_bytes:
        raise FetchError(
            url, f"body is {human_size(int(declared))}, over the {human_size(settings.max_bytes)} limit"
        )
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > settings.max_bytes:
            raise FetchError(url, f"body over the {human_size(settings.max_bytes)} limit")
        if time.monotonic() - started > deadline:
            raise FetchError(url, f"reply took longer than {deadline:g} s")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise FetchError(url, f"HTTP {response.status_code} with an empty body")
    return body


def describe(exc: BaseException) -> str:
    """A one-line reason from a network exception chain."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        inner = exc.__cause__ or exc.__context__
        if inner is None or not str(inner):
            break
        exc = inner
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.replace(os.linesep, " ")
