"""Inputs to bytes: URLs (a careful HTTP client), files, folders and WARC archives.

Nothing here touches the database. Each function returns `Fetched` records (the
bytes exactly as received plus where and when they came from) or raises an
`InputError` whose message names the input and the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
import socket
import time
import urllib.parse
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed

from provenance.config import Settings
from provenance.errors import FetchError, InputError

USER_AGENT = "provenance/0.1 (prov ingest; fact-checking archive; +https://pypi.org/project/provenance/)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
WARC_SUFFIXES = (".warc", ".warc.gz")
INGESTIBLE_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + WARC_SUFFIXES


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


def is_url(source: str) -> bool:
    """Whether a source argument is meant as a URL (has a scheme), not a path."""
    scheme = urlsplit(source).scheme
    return len(scheme) > 1 and "://" in source


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
    """html, text, warc, or None, from the file name."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def walk_folder(folder: Path) -> list[Path]:
    """Ingestible files under a folder, recursively, in a stable order.

    Raises:
        InputError: the folder holds nothing ingestible.
    """
    found = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and kind_of_path(p) and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not found:
        raise InputError(
            str(folder), "no ingestible files in this folder (.html, .htm, .txt, .md, .warc, .warc.gz)"
        )
    return found


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
    if not body.strip():
        raise InputError(given, "empty file")
    return Fetched(
        input=given,
        body=body,
        origin="file",
        kind=kind or kind_of_path(path) or "text",
        fetched_at=now(),
        source_path=str(path.resolve()),
    )


# --- WARC --------------------------------------------------------------------


class StrictWARCIterator(WARCIterator):
    """WARC records only, digests checked, and no warnings printed behind our back.

    warcio is lenient: it writes a warning to stderr for a record whose length is
    wrong and goes on. We count those (err_count) and report them as malformed.
    """

    INC_RECORD = ""


def read_warc(path: Path, *, given: str, settings: Settings) -> Iterator[Fetched | InputError]:
    """Each HTML or text response (or resource) record of a WARC file, in file order.

    Records that are not successful HTML/text responses or resources (requests,
    metadata, images, redirects) are skipped. A malformed record yields an `InputError`
    and ends the file: what came before it stays ingested.
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
        iterator = StrictWARCIterator(stream, check_digests="raise")
        count = 0
        previous = None
        try:
            for record in iterator:
                check_warc_record(previous, iterator)
                previous = record
                if record.rec_type == "response" and record.http_headers is not None:
                    status: int | None = int(record.http_headers.get_statuscode() or 0)
                    ctype = record.http_headers.get_header("Content-Type")
                    headers = dict(record.http_headers.headers)
                elif record.rec_type == "resource":
                    # Content kept without a protocol exchange (a saved file, as `prov export --format warc`
                    # writes files read from disk).
                    status, ctype, headers = None, record.rec_headers.get_header("Content-Type"), {}
                else:
                    continue
                kind = content_kind(ctype)
                if kind is None or status is not None and not 200 <= status < 300:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                source_path = str(path.resolve())
                if uri and uri.startswith("file://"):
                    # A file archived by path: it stands for that file, as when it was read from disk.
                    source_path, uri = urllib.parse.unquote(uri.removeprefix("file://")), None
                body = record.content_stream().read(settings.max_bytes + 1)
                # Asking for the offset reads the record to its end: only after the body.
                label = f"{given} record at offset {iterator.get_record_offset()}"
                count += 1
                if len(body) > settings.max_bytes:
                    yield InputError(label, f"body over the {human_size(settings.max_bytes)} limit")
                    continue
                if uri and not parses(uri):
                    yield InputError(label, f"WARC-Target-URI {uri!r} is not a valid URL")
                    continue
                if not body.strip():
                    yield InputError(label, "empty response body")
                    continue
                yield Fetched(
                    input=given,
                    body=body,
                    origin="warc",
                    kind=kind,
                    fetched_at=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
                    url=uri,
                    requested_url=uri,
                    final_url=uri,
                    source_path=source_path,
                    http_status=status,
                    content_type=ctype,
                    charset=charset_of(ctype),
                    headers=headers,
                    warc_record_id=record.rec_headers.get_header("WARC-Record-ID"),
                )
            check_warc_record(previous, iterator)
        except (ArchiveLoadFailed, ValueError, OSError, EOFError, AttributeError, TypeError, OverflowError) as exc:
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
        if count == 0:
            yield InputError(given, "no HTML or text response or resource records in this WARC file")


def parses(url: str) -> bool:
    """Whether a URL can be split into its parts (`http://[::1/x` cannot)."""
    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


def check_warc_record(record, iterator: StrictWARCIterator) -> None:  # type: ignore[no-untyped-def]
    """Raise ValueError for a record that was cut short or whose length is wrong.

    Called once the iterator has read the record to its end (on moving past it).
    """
    if record is None:
        return
    length = record.rec_headers.get_header("Content-Length") or ""
    name = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type
    if not length.strip().isdigit():
        raise ValueError(f"the record for {name} has no valid Content-Length")
    if iterator.err_count or record.raw_stream.limit > 0:
        raise ValueError(f"the record for {name} is truncated or its Content-Length is wrong")


def parse_warc_date(value: str | None) -> dt.datetime:
    if value:
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    return now()


# --- HTTP --------------------------------------------------------------------


def check_address(url: str, host: str, port: int, *, allow_private: bool) -> None:
    """Refuse hosts that resolve to loopback, private or otherwise non-public addresses.

    Raises:
        FetchError: the host does not resolve, or resolves to a refused address.
    """
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise FetchError(url, f"cannot resolve host {host}") from None
    if allow_private:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(
                url,
                f"refusing to fetch from non-public address {address} "
                "(use --allow-private to allow loopback and private networks)",
            )


def make_client(settings: Settings) -> httpx.Client:
    """An HTTP client with our timeouts and User-Agent; redirects are followed by hand."""
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
    )


def fetch_url(url: str, *, settings: Settings, client: httpx.Client) -> Fetched:
    """Fetch one http(s) URL, following at most `settings.max_redirects` redirects.

    Raises:
        FetchError: bad scheme, refused address, network failure, timeout, HTTP
            error status, redirect loop, unsupported content type, oversized body.
    """
    seen: list[str] = []
    current = url
    started = time.monotonic()
    deadline = settings.connect_timeout + 4 * settings.read_timeout
    while True:
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https"):
            where = "" if current == url else f" (redirected to {current})"
            raise FetchError(url, f"only http and https URLs{where}")
        if not parts.hostname:
            raise FetchError(url, "URL has no host")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        check_address(url, parts.hostname, port, allow_private=settings.allow_private)
        seen.append(current)
        try:
            with client.stream("GET", current) as response:
                if response.is_redirect:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(url, f"HTTP {response.status_code} redirect without a Location")
                    target = urljoin(current, location)
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
        except httpx.TimeoutException as exc:
            phase = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for the reply"
            limit = settings.connect_timeout if phase == "connecting" else settings.read_timeout
            raise FetchError(url, f"timed out after {limit:g} s {phase}") from None
        except httpx.DecodingError:
            raise FetchError(url, "the reply's compressed body is corrupt") from None
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
