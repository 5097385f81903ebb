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
import provenance.cli, provenance.launcher, provenance.server, provenance.ingest, provenance.reuse.index, provenance.lineage
import provenance.report, provenance.report.model, provenance.exchange, provenance.credibility
if os.geteuid() == 0:
    os.setgid(65534); os.setuid(65534)
sys.argv[0] = "prov"
provenance.launcher.main()
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
    expected = {name: run("--db", url, *args, env={"COLUMNS": "120"}).output for name, args in
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


def test_an_archive_in_a_read_only_folder_that_needs_upgrading_says_so(shared_folder: Path) -> None:
    from alembic import command

    from provenance.db import HEAD_REVISION, alembic_config

    archive = shared_folder / "prov.db"
    url = f"sqlite:///{archive}"
    assert run("--db", url, "ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt")).exit_code == 0
    database = Database(url)
    with database.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004")  # as an archive made by the previous prov
    database.dispose()
    archive.chmod(0o444)
    shared_folder.chmod(0o555)
    done = as_user("--db", url, "docs")
    assert done.returncode == 1
    assert done.stderr == (f"Error: {url}: the archive is at schema revision 0004 and this version of prov needs "
                           f"{HEAD_REVISION}, but the file is read-only for you: ask its owner to run "
                           "`prov db upgrade`, or work on a copy\n")


# --- the runtime folder and the server ----------------------------------------------------------


def prov_process(db_url: str, *args: str, env: dict[str, str], timeout: float = 60,
                 cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "provenance", "--db", db_url, *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def archive(tmp_path: Path) -> str:
    """A SQLite archive with the story's text copies."""
    url = f"sqlite:///{tmp_path / 'prov.db'}"
    assert run("--db", url, "ingest", "-q", str(STORY_TEXT)).exit_code == 0
    return url


def test_a_runtime_folder_another_user_made_first_is_not_used(tmp_path: Path, archive: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a folder owned by another user takes root")
    if Path(f"/run/user/{os.getuid()}").is_dir():
        pytest.skip("this user has a runtime folder: /tmp/runtime-UID is not the one used")
    temp = tmp_path / "tmp"
    temp.mkdir(mode=0o700)
    squatted = temp / f"runtime-{os.getuid()}"  # /tmp/runtime-UID, made first by another local user
    squatted.mkdir(mode=0o700)
    os.chown(squatted, 65534, 65534)
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_RUNTIME_DIR", "PROV_RUNTIME_DIR")}
    env.update(TMPDIR=str(temp), COLUMNS="100")
    expected = prov_process(archive, "docs", env={**env, "PROV_SERVER": "off"})
    assert expected.returncode == 0 and "The Meridian Review" in expected.stdout
    for mode in ("auto", "start"):  # start: as from a terminal, a server would be started for the next commands
        for args in (["docs"], ["trace", CLAIM], ["show", "1"]):
            done = prov_process(archive, *args, env={**env, "PROV_SERVER": mode})
            assert done.returncode == 0, done.stderr
            assert done.stderr.startswith("prov: no server used (runtime directory ")
            assert f"{squatted} is owned by uid 65534" in done.stderr
            assert done.stderr.endswith("; running the command here\n") and done.stderr.count("\n") == 1
            if args == ["docs"]:
                assert done.stdout == expected.stdout
    assert list(squatted.iterdir()) == []
    served = prov_process(archive, "serve", env=env)
    assert served.returncode == 1
    assert served.stderr.startswith("Error: cannot listen for commands: runtime directory ")
    assert served.stderr.count("\n") == 1


def unusable(kind: str, tmp_path: Path) -> Path:
    """A runtime folder of the KIND that cannot be used."""
    if kind == "a file":
        (tmp_path / "run").write_text("not a folder\n")
        return tmp_path / "run"
    if kind == "another user's":
        if os.geteuid() != 0:
            pytest.skip("making a folder owned by another user takes root")
        (tmp_path / "run").mkdir(mode=0o700)
        os.chown(tmp_path / "run", 65534, 65534)
        return tmp_path / "run"
    if kind == "not writable":
        if os.geteuid() == 0:
            pytest.skip("root writes in any folder")
        (tmp_path / "run").mkdir(mode=0o500)
        return tmp_path / "run"
    if kind == "too long":
        return tmp_path / ("r" * 120)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["a file", "another user's", "not writable", "too long"])
def test_an_unusable_runtime_folder_runs_commands_here(tmp_path: Path, archive: str, kind: str) -> None:
    folder = unusable(kind, tmp_path)
    env = {**os.environ, "PROV_RUNTIME_DIR": str(folder), "COLUMNS": "100", "PROV_SERVER": "start"}
    expected = prov_process(archive, "docs", env={**env, "PROV_SERVER": "off"})
    for args in (["docs"], ["trace", CLAIM, "--format", "json"]):
        done = prov_process(archive, *args, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stderr.startswith("prov: no server used (") and done.stderr.count("\n") == 1, done.stderr
        assert "Traceback" not in done.stderr
    assert prov_process(archive, "docs", env=env).stdout == expected.stdout
    served = prov_process(archive, "serve", env=env)
    assert served.returncode == 1
    assert served.stderr.startswith("Error: cannot listen for commands: ") and served.stderr.count("\n") == 1
    if kind == "a file":
        assert folder.read_text() == "not a folder\n"
    elif kind != "too long":
        assert list(folder.iterdir()) == []


def test_a_runtime_folder_reached_by_a_symbolic_link_is_not_trusted(tmp_path: Path, archive: str) -> None:
    # A server really answers in the folder the link points to: the link is still not followed.
    from test_server import start_server

    server = start_server(archive, tmp_path / "real")
    try:
        link = tmp_path / "link"
        link.symlink_to(tmp_path / "real")
        env = {**server.env, "PROV_RUNTIME_DIR": str(link)}
        done = prov_process(archive, "docs", env=env)
        assert done.returncode == 0 and "The Meridian Review" in done.stdout
        assert done.stderr == f"prov: no server used ({link} is a symbolic link); running the command here\n"
        assert server.prov("docs").returncode == 0  # (through the folder itself: answered)
    finally:
        log = server.stop()
    assert log.count("docs: exit 0") == 1, log


def test_a_stopped_server_does_not_hang_commands(tmp_path: Path, archive: str) -> None:
    import signal
    import time

    from test_server import start_server

    server = start_server(archive, tmp_path / "run")
    try:
        expected = server.prov("docs", local=True)
        os.kill(server.proc.pid, signal.SIGSTOP)  # Ctrl-Z in the server's terminal
        for args in (["docs"], ["trace", CLAIM]):
            started = time.monotonic()
            done = prov_process(archive, *args, env=server.env, timeout=60)
            assert time.monotonic() - started < 30
            assert done.returncode == 0, done.stderr
            assert done.stderr == (f"prov: the server on {server.socket} did not answer within 3 s (stopped?); "
                                   "running the command here\n")
            if args == ["docs"]:
                assert done.stdout == expected.stdout
        os.kill(server.proc.pid, signal.SIGCONT)  # resumed, it answers again
        again = server.prov("docs")
        assert (again.returncode, again.stdout, again.stderr) == (0, expected.stdout, "")
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
        log = server.stop()
    assert log.count("docs: exit 0") >= 1, log


SLOW_SERVER = """
import sys, time
from provenance import __version__
from provenance.server import Server

def slow(argv):
    time.sleep(4)
    print("answered", argv[-1])
    return 0

server = Server(sys.argv[1], slow, idle=60, version=__version__, log=lambda line: print(line, file=sys.stderr))
server.serve(server.bind(), ready=lambda: print("ready", file=sys.stderr, flush=True))
"""


def test_callers_wait_for_a_busy_server_as_long_as_it_works(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Each request takes 4 s, longer than a caller waits for a silent server: heard at work, it waits.
    import threading

    from provenance import __version__
    from provenance.server import SILENCE_TIMEOUT, exchange, socket_path

    assert SILENCE_TIMEOUT < 4
    url = f"sqlite:///{tmp_path / 'prov.db'}"
    monkeypatch.setenv("PROV_RUNTIME_DIR", str(tmp_path / "run"))
    proc = subprocess.Popen([sys.executable, "-c", SLOW_SERVER, url], stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ))
    try:
        assert proc.stderr is not None and proc.stderr.readline() == "ready\n"
        replies: dict[str, object] = {}

        def ask(name: str) -> None:
            replies[name] = exchange(socket_path(url), ["--db", url, "docs", name], version=__version__)

        callers = [threading.Thread(target=ask, args=(name,)) for name in ("first", "second")]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join(timeout=60)
        for name in ("first", "second"):  # the second waited some 8 s, hearing the server at work
            reply, problem = replies[name]  # type: ignore[misc]
            assert problem is None
            assert reply["code"] == 0 and reply["out"] == f"answered {name}\n"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_server_running_older_code_of_the_same_version_is_not_used(tmp_path: Path) -> None:
    # An installation of its own, upgraded in place while its server runs, keeping the version string.
    from conftest import ROOT

    shutil.copytree(ROOT / "src" / "provenance", tmp_path / "src" / "provenance",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "alembic", tmp_path / "alembic", ignore=shutil.ignore_patterns("__pycache__"))
    url = f"sqlite:///{tmp_path / 'prov.db'}"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src"), "PROV_RUNTIME_DIR": str(tmp_path / "run"),
           "PROV_SERVER": "manual"}
    assert prov_process(url, "db", "upgrade", env=env).returncode == 0
    proc = subprocess.Popen([sys.executable, "-m", "provenance", "--db", url, "serve"], env=env,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None and "answering read-only commands" in proc.stderr.readline()
        assert prov_process(url, "docs", env=env).stdout == "no documents\n"
        render = tmp_path / "src" / "provenance" / "render.py"
        render.write_text(render.read_text(encoding="utf-8").replace('"no documents"', '"nothing stored yet"'),
                          encoding="utf-8")
        upgraded = prov_process(url, "docs", env=env)
        assert (upgraded.returncode, upgraded.stdout, upgraded.stderr) == (0, "nothing stored yet\n", "")
        assert proc.wait(timeout=30) == 0  # the old server stopped: it no longer answers anyone
    finally:
        if proc.poll() is None:
            proc.kill()
        log = proc.communicate(timeout=30)[1]
    assert "docs: exit 0" in log and log.count("docs: exit") == 1, log
    assert "prov's code changed since this server started: stopping" in log


# --- a very long claim ----------------------------------------------------------------------------


def made_up_words(count: int, seed: int) -> list[str]:
    """COUNT lowercase words of seven letters, no two sharing their first five (each its own lookup)."""
    import random

    pick = random.Random(seed)
    words: dict[str, str] = {}
    while len(words) < count:
        word = "".join(pick.choice("bcdfghjklmnpqrstvwxz") + pick.choice("aeiou") for _ in range(3)) + "n"
        words.setdefault(word[:5], word)
    return list(words.values())


def test_a_claim_of_thousands_of_words_traces(prov, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # One sentence of 700 words, in a document of its own: a claim that is that sentence finds it,
    # although the lookup is made of its heaviest words only.
    sentence = " ".join(made_up_words(700, 1)).capitalize() + "."
    page = tmp_path / "long.txt"
    page.write_text(f"A very long sentence\n\n{sentence}\n\nThe end of the page comes after it.\n", encoding="utf-8")
    assert prov("ingest", "-q", str(page), str(STORY_TEXT)).exit_code == 0
    found = prov.json("trace", sentence)
    assert [(o["document_id"], o["score"]) for o in found["occurrences"]] == [(1, 1.0)]  # (long.txt)
    # A few thousand words, most in no document: traced, nothing found, no error.
    claim = CLAIM + " " + " ".join(made_up_words(3000, 2))
    for fmt in ("json", "text"):
        result = prov("trace", claim, "--format", fmt)
        assert result.exit_code == 0, result.output
    assert prov.json("trace", claim)["occurrences"] == []
    report = prov("report", "--claim", claim, "--format", "md")
    assert report.exit_code == 0
