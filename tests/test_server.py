"""`prov serve`: read-only commands answered by a resident process give exactly what running them here gives.

The server and the commands run as real processes (`python -m provenance`), talking over the
Unix socket, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES, STORY_TEXT
from provenance import __version__
from provenance.server import canonical_url, request, socket_path, split_global

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"


@dataclass
class Served:
    db_url: str
    env: dict[str, str]
    proc: subprocess.Popen[str]
    socket: Path

    def prov(self, *args: str, cwd: Path | None = None, local: bool = False) -> subprocess.CompletedProcess[str]:
        env = {**self.env, "PROV_SERVER": "off"} if local else self.env
        return subprocess.run([sys.executable, "-m", "provenance", "--db", self.db_url, *args], env=env,
                              cwd=cwd, capture_output=True, text=True, timeout=120)

    def stop(self) -> str:
        """Stop the server; its log."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        _, log = self.proc.communicate(timeout=30)
        return log


def start_server(db_url: str, runtime: Path, *extra: str) -> Served:
    env = {**os.environ, "PROV_RUNTIME_DIR": str(runtime), "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "provenance", "--db", db_url, "serve", *extra], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    old = os.environ.get("PROV_RUNTIME_DIR")
    os.environ["PROV_RUNTIME_DIR"] = str(runtime)
    try:
        path = socket_path(db_url)
    finally:
        if old is None:
            del os.environ["PROV_RUNTIME_DIR"]
        else:
            os.environ["PROV_RUNTIME_DIR"] = old
    ready = proc.stderr.readline() if proc.stderr else ""  # its first line, once it listens
    if "answering read-only commands" not in ready:
        proc.kill()
        pytest.fail(f"prov serve did not start: {ready}{proc.communicate()[1]}")
    assert path.exists()
    return Served(db_url, env, proc, path)


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[Served]:
    server = start_server(db_url, tmp_path / "run")
    yield server
    server.stop()


def test_read_only_commands_answer_as_they_do_here(served: Served, tmp_path: Path) -> None:
    # Stored while the server runs (ingest is never forwarded): the server's answers see it.
    stored = served.prov("ingest", "-q", str(STORY_TEXT))
    assert stored.returncode == 0, stored.stderr
    commands = [
        ("trace", CLAIM, "--format", "json"),
        ("trace", CLAIM),
        ("show", "story/text/03-forum-repost.txt"),  # a path relative to the caller's folder
        ("docs", "--format", "json"),
        ("reuse", "story/text/02-kestrel-rewrite.txt", "--format", "json"),
        ("outlets",),
        ("trace",),  # a usage error: same message, same exit code
        ("show", "no-such-document"),
    ]
    for args in commands:
        remote = served.prov(*args, cwd=FIXTURES)
        here = served.prov(*args, cwd=FIXTURES, local=True)
        assert (remote.returncode, remote.stdout, remote.stderr) == (here.returncode, here.stdout, here.stderr), args
    traced = json.loads(served.prov("trace", CLAIM, "--format", "json").stdout)
    assert traced["independent_origins"] >= 1 and len(traced["occurrences"]) >= 5
    # A report written with a relative -o lands in the caller's folder, not the server's.
    written = served.prov("report", "--claim", CLAIM, "--format", "md", "-o", "out.md", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert "Valdoria" in (tmp_path / "out.md").read_text(encoding="utf-8")
    log = served.stop()
    answered = [line for line in log.splitlines() if ": exit " in line]
    assert len(answered) == len(commands) + 2, log
    assert not any(line.startswith("prov serve: ingest") for line in answered)
    assert sum(": exit 0 " in line for line in answered) == len(commands)
    assert not served.socket.exists()


def test_without_a_live_server_commands_run_here(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'prov.db'}"
    server = start_server(db_url, tmp_path / "run")
    try:
        assert server.prov("ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt")).returncode == 0
        # Another version of prov is refused, so its caller runs the command itself.
        assert request(server.socket, ["trace", CLAIM], version=__version__ + "-other") is None
        assert request(server.socket, ["ingest", "x.txt"], version=__version__) is None
        answered = request(server.socket, ["trace", CLAIM], version=__version__)
        assert answered is not None and answered["code"] == 0 and "Valdoria" in answered["out"]
        # Killed without cleaning up: its socket file stays, and commands run here instead.
        server.proc.kill()
        server.proc.wait(timeout=30)
        assert server.socket.exists()
        result = server.prov("trace", CLAIM, "--format", "json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["occurrences"]
        # A new server takes the place of the dead one's socket.
        again = start_server(db_url, tmp_path / "run")
        assert again.prov("docs").returncode == 0
        assert "docs: exit 0" in again.stop()
    finally:
        if server.proc.poll() is None:
            server.proc.kill()


def test_one_server_per_database_and_it_stops_when_idle(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'prov.db'}"
    # 15 seconds: long enough for the second `prov serve` to start on a loaded machine and meet it
    first = start_server(db_url, tmp_path / "run", "--idle", "0.25")
    second = subprocess.run([sys.executable, "-m", "provenance", "--db", db_url, "serve"], env=first.env,
                            capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    assert second.stderr.startswith("Error: ") and "already answers" in second.stderr
    assert first.proc.wait(timeout=60) == 0
    assert "idle for 15 s: stopping" in first.stop()
    assert not first.socket.exists()
    assert oct(first.socket.parent.stat().st_mode & 0o777) == "0o700"


def test_database_urls_and_command_lines() -> None:
    assert canonical_url("postgresql://u@h/d") == canonical_url("postgresql+psycopg://u@h/d")
    assert canonical_url("sqlite:///x.db", "/data") == "sqlite:////data/x.db"
    assert canonical_url("sqlite:////abs/x.db", "/data") == "sqlite:////abs/x.db"
    assert split_global(["--db", "sqlite:///a.db", "trace", "c"]) == ("sqlite:///a.db", 2)
    assert split_global(["--db=sqlite:///a.db", "show", "1"]) == ("sqlite:///a.db", 1)
    assert split_global(["trace", "--db", "x"]) == (None, 0)
    assert split_global(["--version"]) is None
    assert split_global([]) is None


def test_a_socket_in_a_folder_others_can_enter_is_not_trusted(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'prov.db'}"
    server = start_server(db_url, tmp_path / "run")
    try:
        os.chmod(server.socket.parent, 0o755)
        result = server.prov("docs")
        assert result.returncode == 0, result.stderr
    finally:
        os.chmod(server.socket.parent, 0o700)
    assert "docs: exit" not in server.stop()  # the command ran on its own


def wait_for_server(log: Path, nth: int = 1) -> int:
    """The pid of the NTH server that wrote to LOG, once it answers."""
    for _ in range(600):
        ready = log.read_text() if log.exists() else ""
        if ready.count("answering read-only commands") >= nth:
            return int(ready.split("(pid ")[nth].split(")")[0])
        assert "Error" not in ready, ready
        time.sleep(0.1)
    pytest.fail(f"no server answered: {log.read_text() if log.exists() else 'no log'}")


def test_a_command_run_here_starts_a_server_for_the_ones_after_it(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'prov.db'}"
    runtime = tmp_path / "run"
    env = {**os.environ, "PROV_RUNTIME_DIR": str(runtime), "PROV_SERVER": "start"}

    def prov(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "provenance", "--db", db_url, *args], env=env,
                              capture_output=True, text=True, timeout=120)

    # No database yet: a read-only command starts nothing (a server would create the file).
    assert "no archive at" in prov("docs").stderr
    assert not runtime.exists()
    assert prov("db", "upgrade").returncode == 0  # an empty archive
    first = prov("trace", CLAIM, "--format", "json")  # answered here, a server starts
    assert first.returncode == 0, first.stderr
    [log] = list(runtime.glob("*.log"))
    pid = wait_for_server(log)
    try:
        again = prov("trace", CLAIM, "--format", "json")
        assert again.stdout == first.stdout
        assert "trace: exit 0" in log.read_text()  # answered by the server, not here
        # Another command, while it runs, starts no second server; nor does an ingest.
        assert prov("docs").returncode == 0
        assert prov("ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt")).returncode == 0
        assert log.read_text().count("answering read-only commands") == 1
        assert "Meridian" in prov("docs").stdout  # the server sees what was stored since
    finally:
        os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if not list(runtime.glob("*.sock")):
            break
        time.sleep(0.1)
    # With no server running, a finished ingest starts one: the trace that usually follows is answered by it.
    done = prov("ingest", "-q", str(STORY_TEXT / "03-forum-repost.txt"))
    assert done.returncode == 0, done.stderr
    pid = wait_for_server(log, 2)
    try:
        traced = prov("trace", CLAIM, "--format", "json")
        assert json.loads(traced.stdout)["occurrences"]
        assert log.read_text().count("trace: exit 0") == 2
    finally:
        os.kill(pid, signal.SIGTERM)


def test_no_server_is_started_from_scripts_or_when_turned_off(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'prov.db'}"
    runtime = tmp_path / "run"
    for mode in (None, "manual", "off"):  # None: not a terminal (captured output), the default mode
        env = {**os.environ, "PROV_RUNTIME_DIR": str(runtime)}
        env.pop("PROV_SERVER", None)
        if mode:
            env["PROV_SERVER"] = mode
        for args in (["ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt")], ["trace", CLAIM]):
            done = subprocess.run([sys.executable, "-m", "provenance", "--db", db_url, *args], env=env,
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
    assert not runtime.exists() or not list(runtime.iterdir())


def test_a_database_removed_and_made_anew_is_answered_afresh(tmp_path: Path) -> None:
    db_file = tmp_path / "prov.db"
    db_url = f"sqlite:///{db_file}"
    server = start_server(db_url, tmp_path / "run")
    try:
        assert server.prov("ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt")).returncode == 0
        assert "The Meridian Review" in server.prov("docs").stdout
        # `rm prov.db` and a new archive with another document, while the server runs.
        db_file.unlink()
        assert server.prov("ingest", "-q", str(STORY_TEXT / "03-forum-repost.txt")).returncode == 0
        after = server.prov("docs")
        assert after.returncode == 0, after.stderr
        assert "The Meridian Review" not in after.stdout and "Dispatch Forum" in after.stdout, after.stdout
        assert server.stop().count("docs: exit 0") == 2  # both answered by the server
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
