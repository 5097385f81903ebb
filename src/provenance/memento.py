"""Copies from web archives (Memento, RFC 7089): how a TimeGate is asked, and how a stored copy says so.

A leaf module: `prov follow` writes these headers into a snapshot; `prov show`, the trace and the
reports read them back.
"""

from __future__ import annotations

from typing import Any

# Snapshot headers written for a copy from a web archive, besides the archive's own Memento-Datetime.
ARCHIVE_HEADER = "x-provenance-archive"
MEMENTO_HEADER = "x-provenance-memento"


def timegate_url(archive: str, url: str) -> str:
    """The TimeGate request for URL: ARCHIVE with `{url}` replaced, or URL appended (`.../timegate/URL`)."""
    if "{url}" in archive:
        return archive.replace("{url}", url)
    return archive + url if archive.endswith(("/", "=")) else archive + "/" + url


def archived_copy(headers: dict[str, Any] | None) -> dict[str, str] | None:
    """What a snapshot's headers say of a copy from a web archive: its Memento-Datetime, the archive
    (the TimeGate asked) and the memento's own address; None for a page fetched from its site."""
    lowered = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    if ARCHIVE_HEADER not in lowered or "memento-datetime" not in lowered:
        return None
    return {"memento_datetime": lowered["memento-datetime"], "archive": lowered[ARCHIVE_HEADER],
            "memento_url": lowered.get(MEMENTO_HEADER, "")}
