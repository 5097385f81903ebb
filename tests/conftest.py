"""Shared fixtures: every database test runs on a real SQLite file and a real PostgreSQL.

`db_url` is parametrized over both; the PostgreSQL server is started once per test
session (per xdist worker) in a temporary folder, and each test gets a fresh
database on it. Set PROV_TEST_SKIP_POSTGRES=1 to run the SQLite half alone.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgserver import PostgresServer, PostgresUnavailable  # noqa: E402
from provenance.cli import cli  # noqa: E402
from provenance.db import Database  # noqa: E402
from webserver import FixtureServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
STORY_HTML = FIXTURES / "story" / "html"
STORY_TEXT = FIXTURES / "story" / "text"
STORY_WARC = FIXTURES / "warc" / "story.warc.gz"
# The meaning layer embeds every sentence ingested (about 10 a second per core): off for the suite, on
# in the tests of it (tests/test_meaning.py), which keep to a few dozen sentences.
os.environ.setdefault("PROV_MEANING", "off")
BACKENDS = ["sqlite"] if os.environ.get("PROV_TEST_SKIP_POSTGRES") == "1" else ["sqlite", "postgresql"]
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, or a new database on the test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'prov.db'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return server.create_database(f"t_{worker}_{next(_counter)}")


@pytest.fixture
def another_db_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> Callable[[], str]:
    """Makes more fresh, empty databases on the same backend as `db_url`."""
    def make() -> str:
        if db_url.startswith("sqlite"):
            return f"sqlite:///{tmp_path / f'other-{next(_counter)}.db'}"
        server: PostgresServer = request.getfixturevalue("pg_server")
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        return server.create_database(f"t_{worker}_{next(_counter)}")

    return make


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    database.ensure_schema()
    yield database
    database.dispose()


@dataclass
class Prov:
    """Runs `prov --db URL ...` in-process through click's CliRunner."""

    db_url: str

    def __call__(self, *args: str, input: str | None = None) -> Result:  # noqa: A002
        return CliRunner().invoke(cli, ["--db", self.db_url, *args], input=input, catch_exceptions=False)

    def json(self, *args: str) -> object:
        result = self(*args, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def json_lines(self, *args: str) -> list[dict]:
        result = self(*args, "--format", "json")
        return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def prov(db_url: str) -> Prov:
    return Prov(db_url)


@pytest.fixture(scope="session")
def web() -> Iterator[FixtureServer]:
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture
def count_rows(db_url: str) -> Callable[[str], int]:
    """Rows in a table of the test database (opened separately from the code under test)."""
    from sqlalchemy import text

    def count(table: str) -> int:
        database = Database(db_url)
        try:
            with database.engine.connect() as conn:
                return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
        finally:
            database.dispose()

    return count
