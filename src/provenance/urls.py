"""URLs from users, pages and archives: which ones are web addresses, and their host, never raising.

A leaf module: fetching, extraction, storing and outlet resolution all read hosts
off URLs that came from untrusted places (a list file, a page's markup, a WARC
header), and the standard library raises ValueError on some of them.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

# Whitespace and C0/C1 control characters: never part of a URL anyone meant.
UNPRINTABLE = re.compile(r"[\x00-\x20\x7f-\x9f]")
# As long as a URL may be: locators and URLs are stored in columns of this width (models.URL_LENGTH).
MAX_URL_LENGTH = 2048
IPV6_REASONS = {"Invalid IPv6 URL": "unbalanced [ ] around an IPv6 address"}


def split(url: str | None) -> SplitResult | None:
    """The parts of a URL, or None when it cannot be parsed (unbalanced brackets, bad IPv6)."""
    if not url:
        return None
    try:
        return urlsplit(url)
    except ValueError:
        return None


def hostname_of(url: str | None) -> str | None:
    """The real host of a URL (never its user name or port), lower-cased, without a trailing dot.

    None for a URL without a host or one that cannot be parsed.
    """
    parts = split(url)
    if parts is None:
        return None
    try:
        host = parts.hostname
    except ValueError:
        return None
    host = (host or "").lower().rstrip(".")
    return host or None


def printable(text: str) -> str:
    """TEXT with whitespace other than a plain space and control characters escaped (\\x01), on one line."""
    return UNPRINTABLE.sub(lambda m: m.group() if m.group() == " " else f"\\x{ord(m.group()):02x}", text)


def web_url_problem(url: str) -> str | None:
    """Why URL is not an http(s) address prov fetches or names a document by; None when it is one.

    A URL with a user name or password (`http://www.reuters.com@host/`) is refused rather than
    cleaned: it names a different site from the one it seems to, or carries a secret that would be
    sent and stored with the evidence.
    """
    if UNPRINTABLE.search(url):
        return "URL has spaces or control characters"
    if len(url) > MAX_URL_LENGTH:
        return f"URL is longer than {MAX_URL_LENGTH:,} characters"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"malformed URL ({IPV6_REASONS.get(str(exc), str(exc))})"
    if parts.scheme not in ("http", "https"):
        return "only http and https URLs"
    if "@" in parts.netloc:
        return "URL has a user name or password before the host (user@host); give it without"
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        return f"malformed URL ({str(exc).lower() if 'out of range' in str(exc) else 'bad port'})"
    if not host:
        return "URL has no host"
    if port == 0:
        return "malformed URL (bad port)"
    return None
