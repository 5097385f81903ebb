"""The `prov` command's first step: forward a read-only command to a running `prov serve`,
else run the command line here (and start a server in the background when that helps).

Only the standard library and `provenance.server`'s protocol are imported before the
decision; the CLI (and SQLAlchemy with it) is imported only to run the command here. This
module is the only one that imports both `provenance.server` and `provenance.cli`.
"""

from __future__ import annotations

import os
import socket
import stat
import sys
from pathlib import Path

from provenance.location import resolve_database_url
from provenance.server import (
    AUTO_IDLE_MINUTES,
    ENV_SERVER,
    PREPARING,
    READ_ONLY,
    answering,
    canonical_url,
    exchange,
    folder_problem,
    notice,
    split_global,
    usable_socket,
)


def forward(argv: list[str], version: str) -> int | None:
    """Run a read-only command on a running server for its database; its exit code, or None to run it here."""
    if server_mode() == "off":
        return None
    parsed = split_global(argv)
    if parsed is None or argv[parsed[1]] not in READ_ONLY:
        return None
    path, problem = usable_socket(resolve_database_url(parsed[0]))
    if path is None:
        notice(f"no server used ({problem}); running the command here")
        return None
    try:
        if not stat.S_ISSOCK(os.lstat(path).st_mode):
            return None
    except OSError:
        return None
    reply, problem = exchange(path, argv, version=version)
    if reply is None:
        if problem:
            _silent.add(path)
            notice(f"{problem}; running the command here")
        return None
    out, err, code = reply.get("out", ""), reply.get("err", ""), reply.get("code", 1)
    if not (isinstance(out, str) and isinstance(err, str) and isinstance(code, int)):
        return None
    sys.stdout.write(out)
    sys.stdout.flush()
    sys.stderr.write(err)
    sys.stderr.flush()
    return code


_silent: set[Path] = set()  # sockets whose server did not answer: no second server is started beside it


def server_mode() -> str:
    """PROV_SERVER as one of off | manual | start | auto (the default)."""
    mode = os.environ.get(ENV_SERVER, "auto").lower()
    return "off" if mode in ("off", "0", "no") else mode if mode in ("manual", "start") else "auto"


def start_in_background(argv: list[str], *, finished: bool = False) -> Path | None:
    """Start `prov serve` for the database of a command run here, detached, so that the read-only
    commands after it are answered at once; the server's log, or None when none was started.

    Before a read-only command that had to run here (no server answered it), or once an ingest or
    a reindex has FINISHED (a trace usually follows). Only for a command typed in a terminal
    (PROV_SERVER=start: from scripts too), never with PROV_SERVER=off or manual, only for a database
    that exists and that no server answers for yet. The server stops by itself after
    AUTO_IDLE_MINUTES without a request.
    """
    mode = server_mode()
    if mode in ("off", "manual") or (mode != "start" and not _terminal()) or not hasattr(socket, "AF_UNIX"):
        return None
    parsed = split_global(argv)
    if parsed is None or argv[parsed[1]] not in (PREPARING if finished else READ_ONLY):
        return None
    url = canonical_url(resolve_database_url(parsed[0]))
    if url.startswith("sqlite:///") and not os.path.isfile(url[len("sqlite:///"):]):
        return None  # nothing to serve yet (and `prov serve` would create it)
    path, problem = usable_socket(url)
    if path is None:
        notice(f"no server started ({problem})")
        return None
    if path in _silent:
        return None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    if folder_problem(path.parent) or finished and answering(path):
        return None
    import subprocess

    log = path.with_suffix(".log")
    try:
        with open(log, "a") as err:
            subprocess.Popen([sys.executable, "-m", "provenance", "--db", url, "serve", "--idle",
                              f"{AUTO_IDLE_MINUTES:g}"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=err, cwd="/", start_new_session=True, close_fds=True)
    except OSError:
        return None
    if _terminal():
        print(f"prov: started `prov serve` in the background, so the next commands on this database answer "
              f"at once (it stops after {AUTO_IDLE_MINUTES:g} min unused; PROV_SERVER=manual turns this off)",
              file=sys.stderr)
    return log


def _terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def main() -> None:
    """The `prov` command: forwarded to a running server when one answers, else run here."""
    from provenance import __version__

    argv = sys.argv[1:]
    code = forward(argv, __version__)
    if code is not None:
        sys.exit(code)
    start_in_background(argv)  # (it warms up while this command runs here)
    from provenance.cli import cli

    try:
        cli(prog_name="prov")
    except SystemExit as done:
        if done.code in (None, 0, 1):  # (1: some items of the batch failed, the others are stored)
            start_in_background(argv, finished=True)
        raise


__all__ = ["forward", "main", "server_mode", "start_in_background"]
