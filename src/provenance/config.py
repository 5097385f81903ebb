"""Settings from options, environment and defaults (option > env var > default)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_DB = "PROV_DB"
APP_NAME = "provenance"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_JOBS = 4


def default_processes() -> int:
    """Extraction processes by default: the machine's cores, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


def default_database_url() -> str:
    """A SQLite file in the user's application data directory."""
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{data_dir / 'prov.db'}"


def resolve_database_url(option: str | None) -> str:
    """The database URL: the --db option, else $PROV_DB, else the default file."""
    return option or os.environ.get(ENV_DB) or default_database_url()


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
