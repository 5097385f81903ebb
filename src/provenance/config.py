"""Settings from options, environment and defaults (option > env var > default)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from provenance.location import APP_NAME, ENV_DB, default_database_url, resolve_database_url

__all__ = ["APP_NAME", "ENV_ARCHIVE", "ENV_DB", "Settings", "default_database_url", "default_processes",
           "resolve_database_url"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_JOBS = 4
# The Memento TimeGate `prov follow` asks for a copy of a gone page (none by default).
ENV_ARCHIVE = "PROV_ARCHIVE"
# How much of one document's text (characters, from its start) is analysed for reuse, attributions and
# quotes, and scored whole by `prov trace`. The longest news articles run to some 60,000: the bound is for
# the document of many megabytes (a book, a log, a dump), whose evidence and text are still stored whole
# and searchable, but whose analysis would otherwise cost minutes and gigabytes (benchmarks/huge_document.py).
ANALYSED_CHARS = 200_000


def default_processes() -> int:
    """Extraction processes by default: the machine's cores, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits that apply to fetching and reading inputs."""

    max_bytes: int = DEFAULT_MAX_BYTES
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    jobs: int = DEFAULT_JOBS
    allow_private: bool = False
    # Worker processes for extraction (1: extract in the storing process itself).
    processes: int = 1
