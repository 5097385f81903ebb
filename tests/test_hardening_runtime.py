"""Issue 18, the runtime side: which database `prov` opens and how, and the `prov serve` it talks to.

A --db that is not an archive, a mistyped SQLite path, an archive in a folder the user may not write,
a database written by a newer prov, an unsupported database URL; a runtime folder another user made,
a stopped server, a server running older code; a very long claim. Each gives one line (or is
answered as if no server ran), never a traceback.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from conftest import STORY_TEXT
from provenance.cli import cli
from provenance.db import Database

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"


def run(*args: str, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


# --- the database named by --db -------------------------------------------------------------------


def test_a_text_file_is_not_an_archive(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("minutes of the Tuesday meeting\n" * 40, encoding="utf-8")
    before = notes.read_bytes()
    for args in (["docs"], ["trace", CLAIM], ["ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt")]):
        result = run("--db", f"sqlite:///{notes}", *args)
        assert result.exit_code == 1, args
        assert result.output == f"Error: sqlite:///{notes}: not a prov archive (file is not a database)\n", args
    assert notes.read_bytes() == before


def test_a_sqlite_database_of_something_else_is_not_turned_into_an_archive(tmp_path: Path) -> None:
    other = tmp_path / "bookmarks.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE bookmark (url TEXT)")
    for args in (["docs"], ["ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt")]):
        result = run("--db", f"sqlite:///{other}", *args)
        assert result.exit_code == 1
        assert result.output == (f"Error: sqlite:///{other}: not a prov archive "
                                 "(a SQLite database with other tables)\n")
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["bookmark"]


READ_ONLY_COMMANDS = [["docs"], ["show", "1"], ["trace", CLAIM], ["trace", "--doc", "1"], ["report", "1"],
                      ["report", "--claim", CLAIM], ["export"], ["outlets"], ["outlet", "list"],
                      ["outlet", "show", "Reuters"], ["corrections"], ["reuse", "1"], ["db", "current"]]


def test_read_only_commands_on_a_mistyped_path_make_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "archvie" / "prov.db"  # neither the folder nor the file exists
    for args in READ_ONLY_COMMANDS:
        result = run("--db", f"sqlite:///{typo}", *args)
        assert result.exit_code == 1, args
        assert result.output == f"Error: no archive at {typo} (check the path; `prov ingest` makes a new archive)\n"
    assert not typo.parent.exists()
    # An empty file (`touch`) holds no archive either, and stays empty.
    typo.parent.mkdir()
    typo.touch()
    assert run("--db", f"sqlite:///{typo}", "docs").output == f"Error: no archive at {typo} (the file is empty)\n"
    assert typo.stat().st_size == 0
    # Commands that write make the archive.
    assert run("--db", f"sqlite:///{typo}", "ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt")).exit_code == 0
    listed = run("--db", f"sqlite:///{typo}", "docs")
    assert listed.exit_code == 0 and "The Meridian Review" in listed.output
    fresh = tmp_path / "new" / "prov.db"
    assert run("--db", f"sqlite:///{fresh}", "db", "upgrade").exit_code == 0
    assert run("--db", f"sqlite:///{fresh}", "docs").output == "no documents\n"


def test_the_default_archive_before_anything_is_stored(tmp_path: Path) -> None:
    env: dict[str, str | None] = {"PROV_DB": None, "XDG_DATA_HOME": str(tmp_path / "data")}
    default = tmp_path / "data" / "provenance" / "prov.db"
    result = run("docs", env=env)
    assert result.exit_code == 1
    assert result.output == (f"Error: no archive at {default} (nothing is stored yet: `prov ingest SOURCES` "
                             "makes it, or give --db URL)\n")
    assert not default.parent.exists()
    assert run("ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt"), env=env).exit_code == 0
    assert "The Meridian Review" in run("docs", env=env).output


def test_db_current_on_an_archive_of_a_newer_prov_says_to_upgrade_prov(db: Database, prov) -> None:  # type: ignore[no-untyped-def]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    current = prov("db", "current")
    assert current.exit_code == 0
    assert current.stdout.startswith("ffff9999 (written by a newer version of prov, which this one")
    assert current.stdout.endswith("cannot read: upgrade prov itself)\n")
    assert "prov db upgrade" not in current.stdout
    upgrade = prov("db", "upgrade")
    assert upgrade.exit_code == 1
    assert upgrade.stderr.endswith("(it was written by a newer version); upgrade prov\n")
    assert upgrade.stderr.count("\n") == 1


@pytest.mark.parametrize("url", ["mysql://reader:secret@db.example/news", "mysql+pymysql://db.example/news",
                                 "oracle://db.example/news", "mssql+pyodbc://db.example/news"])
def test_a_database_prov_does_not_support_is_named(url: str) -> None:
    result = run("--db", url, "docs")
    assert result.exit_code == 1
    scheme = url.split("://")[0]
    shown = url.replace(":secret@", ":***@")
    assert result.output == (f"Error: {shown}: prov works with SQLite (sqlite:///FILE) and PostgreSQL "
                             f"(postgresql://...) databases only, not {scheme}\n")
    assert "pip install" not in result.output


def test_postgresql_without_its_driver_is_told_what_to_install() -> None:
    # As if psycopg were not installed: importing it fails in this child.
    script = "import sys; sys.modules['psycopg'] = None\nfrom provenance.cli import cli\ncli(sys.argv[1:])"
    done = subprocess.run([sys.executable, "-c", script, "--db", "postgresql://reader@db.example/news", "docs"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == ("Error: postgresql+psycopg://reader@db.example/news: driver psycopg is not installed "
                           "(pip install 'provenance[postgres]')\n")


# --- an archive this user may read but not write ------------------------------------------------

# Root writes anything: the commands run as an unprivileged user for real, in a child process.
AS_NOBODY = """
import os, sys, argparse, sqlite3, encodings.idna, concurrent.futures.thread, concurrent.futures.process
import multiprocessing, logging.config, getpass
import sqlalchemy.dialects.sqlite.pysqlite
import alembic.command, alembic.config, alembic.script, alembic.runtime.migration, alembic.runtime.environment
import provenance.cli, provenance.server, provenance.ingest, provenance.reuse.index, provenance.lineage
import provenance.report, provenance.report.model, provenance.exchange, provenance.credibility
if os.geteuid() == 0:
    os.setgid(65534); os.setuid(65534)
sys.argv[0] = "prov"
provenance.server.main()
"""


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged child may enter (the test's own tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="prov-ro-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def as_user(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PROV_SERVER": "off", "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-c", AS_NOBODY, *args], capture_output=True, text=True, timeout=120,
                          env=env, cwd="/")


@pytest.mark.parametrize("locked", ["folder", "file and folder"])
def test_an_archive_in_a_read_only_folder_can_be_read(shared_folder: Path, locked: str) -> None:
    archive = shared_folder / "prov.db"
    url = f"sqlite:///{archive}"
    assert run("--db", url, "ingest", "-q", str(STORY_TEXT)).exit_code == 0
    expected = {name: run("--db", url, *args).output for name, args in
                [("docs", ["docs"]), ("trace", ["trace", CLAIM, "--format", "json"])]}
    archive.chmod(0o444 if "file" in locked else 0o666)
    shared_folder.chmod(0o555)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    listed = as_user("--db", url, "docs")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout == expected["docs"]
    traced = as_user("--db", url, "trace", CLAIM, "--format", "json")
    assert (traced.returncode, traced.stdout) == (0, expected["trace"]), traced.stderr
    for args in (["show", "1"], ["outlets"], ["export"], ["report", "--claim", CLAIM], ["db", "current"]):
        done = as_user("--db", url, *args)
        assert done.returncode == 0, (args, done.stderr)
    # A command that writes says why it cannot, in one line.
    where = "the file" if "file" in locked else f"its folder {shared_folder}"
    for args in (["ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt")], ["outlet", "add", "Harbour Desk"]):
        refused = as_user("--db", url, *args)
        assert refused.returncode == 1, args
        assert refused.stderr == f"Error: {url}: cannot write to this archive ({where} is read-only for you)\n"
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in shared_folder.iterdir()) == ["prov.db"]
