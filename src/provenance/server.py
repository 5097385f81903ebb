"""`prov serve`: a resident process that answers read-only commands for one database.

Starting Python and importing SQLAlchemy costs most of a second on a small
machine, several times what a trace itself takes. While `prov serve` runs, the
`prov` command forwards read-only commands (trace, show, docs, reuse, outlets,
corrections, report) for the same database to it over a Unix socket, and prints
what it answers: the command then costs its own work plus a few milliseconds.

The forwarding side (`provenance.launcher`, the `prov` command itself) and this module are
written with the standard library alone, so `prov` decides and forwards before importing
anything heavy. When no server runs
for the database, when it runs other code than this `prov` (another version, or the same
version's files changed), or when it does not answer, `prov` runs the command itself, exactly
as without a server.

Each request runs in a fresh session (it sees every document stored before it),
in the caller's working folder and terminal width. The socket lives in a folder
only its user can enter; its name is a hash of the database URL. A runtime folder
that is not this user's own, private folder (another user made it first, it is a
symbolic link, it cannot be written, the socket's path would be too long) is not
used: commands run here, with one line on stderr saying why.

Protocol: one request per connection; each side sends JSON objects prefixed by
their length (4 bytes, big-endian). Request: {"version", "code", "argv", "cwd",
"columns"}, where code is `code_fingerprint()`; answer: {"working": true} every
HEARTBEAT seconds from the moment the connection is accepted (also while it waits
for another request to finish), then {"code", "out", "err"}, or {"refused": reason}.
A caller that hears nothing for SILENCE_TIMEOUT seconds (a server stopped with
SIGSTOP, or stuck) runs the command itself.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import os
import signal
import socket
import stat
import struct
import sys
import time
from pathlib import Path

TYPE_CHECKING = False  # (importing typing costs `prov` 18 ms before every forwarded command)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# Commands that only read the database: the ones a server answers.
READ_ONLY = frozenset({"trace", "show", "docs", "reuse", "outlets", "corrections", "report"})
PREPARING = frozenset({"ingest", "reindex"})  # commands after which a server is started (traces follow them)
ENV_RUNTIME = "PROV_RUNTIME_DIR"
ENV_SERVER = "PROV_SERVER"  # "off": never forward; "manual": never start one; "start": start one without a terminal
DEFAULT_IDLE_MINUTES = 30.0
AUTO_IDLE_MINUTES = 10.0  # a server started by a command, not by the user
MAX_MESSAGE = 256 * 1024 * 1024
CONNECT_TIMEOUT = 1.0  # a local socket connects at once, unless no one accepts and the backlog is full
SILENCE_TIMEOUT = 3.0  # seconds without a word from the server after which the caller runs the command itself
HEARTBEAT = 0.5  # seconds between the server's {"working": true}
# The longest path a Unix socket may have (sun_path holds 108 bytes on Linux, 104 elsewhere, with the final NUL).
MAX_SOCKET_PATH = 107 if sys.platform.startswith("linux") else 103


class UnusableFolder(OSError):
    """The runtime folder cannot be trusted or used for sockets; the message says why."""


def runtime_dir() -> Path:
    """Where sockets live: $PROV_RUNTIME_DIR, else the user's runtime folder.

    Raises:
        UnusableFolder: the user's runtime folder is refused (platformdirs refuses a /tmp/runtime-UID
            that another user made).
    """
    configured = os.environ.get(ENV_RUNTIME)
    if configured:
        return Path(configured)
    import warnings

    import platformdirs

    try:
        with warnings.catch_warnings():  # it warns when XDG_RUNTIME_DIR is unset, and uses /tmp/runtime-UID
            warnings.simplefilter("ignore")
            return Path(platformdirs.user_runtime_dir("provenance", appauthor=False))
    except OSError as exc:
        raise UnusableFolder(str(exc)) from None


def folder_problem(folder: Path) -> str | None:
    """Why FOLDER cannot hold this user's sockets, or None: it does not exist yet, or it is a folder (not a
    symbolic link) of this user's that no one else may enter, in a parent folder no other user controls."""
    try:
        info: os.stat_result | None = os.lstat(folder)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        return f"{folder} cannot be checked ({exc.strerror})"
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            return f"{folder} is a symbolic link"
        if not stat.S_ISDIR(info.st_mode):
            return f"{folder} is not a folder"
        if info.st_uid != os.getuid():
            return f"{folder} belongs to another user (uid {info.st_uid})"
        if info.st_mode & 0o077:
            return f"{folder} is open to other users (mode {stat.S_IMODE(info.st_mode):04o}, not 0700)"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"{folder} is not writable"
    try:
        parent = os.stat(folder.parent)
    except OSError:
        return None  # (made with the folder)
    if parent.st_uid not in (0, os.getuid()) or parent.st_mode & 0o022 and not parent.st_mode & stat.S_ISVTX:
        return f"{folder} is in {folder.parent}, which another user may change"
    return None


def usable_socket(url: str) -> tuple[Path | None, str | None]:
    """(the socket of the server for the database URL, None), or (None, why its folder cannot be used)."""
    try:
        path = socket_path(url)
    except UnusableFolder as exc:
        return None, str(exc)
    problem = folder_problem(path.parent)
    if problem is None and len(os.fsencode(str(path))) > MAX_SOCKET_PATH:
        problem = f"the socket path {path} is too long for a Unix socket (at most {MAX_SOCKET_PATH} bytes)"
    return (None, problem) if problem else (path, None)


_told: set[str] = set()


def notice(line: str) -> None:
    """Say LINE on stderr, once per command."""
    if not _told:
        _told.add(line)
        print(f"prov: {line}", file=sys.stderr)


def code_fingerprint() -> str:
    """Changes whenever prov's code does: a hash of the name, size and modification time of every file of
    the package (some 40 stat calls, well under a millisecond). An upgrade that keeps the version string, or
    an edited checkout, changes it: a server running the older code is then not used."""
    root = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            full = os.path.join(folder, name)
            try:
                info = os.stat(full)
            except OSError:
                continue
            digest.update(f"{os.path.relpath(full, root)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def canonical_url(url: str, cwd: str | None = None) -> str:
    """One spelling per database: SQLite paths made absolute, PostgreSQL URLs with the psycopg driver."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if path and path != ":memory:" and not path.startswith("/"):
            path = os.path.normpath(os.path.join(cwd or os.getcwd(), os.path.expanduser(path)))
        return "sqlite:///" + path
    return url


def socket_path(url: str, cwd: str | None = None) -> Path:
    """The socket of the server for the database URL."""
    digest = hashlib.sha256(canonical_url(url, cwd).encode()).hexdigest()[:20]
    return runtime_dir() / f"{digest}.sock"


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    data = json.dumps(message).encode()
    sock.sendall(struct.pack(">I", len(data)) + data)


def receive(sock: socket.socket) -> dict[str, Any] | None:
    """One message, or None when the other side closed or sent something that is not one."""
    head = _read(sock, 4)
    if head is None:
        return None
    (size,) = struct.unpack(">I", head)
    if size > MAX_MESSAGE:
        return None
    body = _read(sock, size)
    try:
        message = json.loads(body) if body is not None else None
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


def _read(sock: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def split_global(argv: list[str]) -> tuple[str | None, int] | None:
    """(the --db value, where the command starts) in a `prov` command line, or None when it is not one to forward."""
    db: str | None = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db" and i + 1 < len(argv):
            db, i = argv[i + 1], i + 2
        elif arg.startswith("--db="):
            db, i = arg[len("--db="):], i + 1
        elif arg.startswith("-"):
            return None  # --help, --version, or an option this fast path does not know
        else:
            return db, i
    return None


def request(path: Path, argv: list[str], *, version: str, code: str | None = None,
            silence: float = SILENCE_TIMEOUT) -> dict[str, Any] | None:
    """Send one command line to the server at PATH; its reply, or None when there is no usable server."""
    return exchange(path, argv, version=version, code=code, silence=silence)[0]


def exchange(path: Path, argv: list[str], *, version: str, code: str | None = None,
             silence: float = SILENCE_TIMEOUT) -> tuple[dict[str, Any] | None, str | None]:
    """(the reply of the server at PATH to ARGV, None), or (None, why a server there did not answer in time:
    None when there is simply no server, or it refuses)."""
    if not hasattr(socket, "AF_UNIX"):
        return None, None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect(str(path))
        except TimeoutError:
            return None, f"the server on {path} accepts no connection"
        sock.settimeout(silence)
        send(sock, {"version": version, "code": code or code_fingerprint(), "argv": argv, "cwd": os.getcwd(),
                    "columns": _columns()})
        reply = receive(sock)
        while reply is not None and "working" in reply:
            reply = receive(sock)
    except TimeoutError:
        return None, f"the server on {path} did not answer within {silence:g} s (stopped?)"
    except OSError:
        return None, None
    finally:
        sock.close()
    if reply is None or "refused" in reply:
        return None, None
    return reply, None


def _columns() -> int | None:
    if "COLUMNS" in os.environ:
        try:
            return int(os.environ["COLUMNS"])
        except ValueError:
            return None
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else None
    except (OSError, ValueError):
        return None


def answering(path: Path) -> bool:
    """Whether a server listens on the socket at PATH."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(2.0)
        probe.connect(str(path))
    except OSError:
        return False
    finally:
        probe.close()
    return True


class Server:
    """Answers forwarded commands for one database until idle for IDLE seconds or stopped.

    Args:
        url: the database URL the server answers for.
        run: runs a command line and returns its exit code (prints to sys.stdout and sys.stderr).
        idle: seconds without a request after which the server stops.
        version: the prov version; requests from another version, or from other code
            (`code_fingerprint()`), are refused.

    Raises:
        UnusableFolder: the user's runtime folder is refused.
    """

    def __init__(self, url: str, run: Callable[[list[str]], int], *, idle: float, version: str,
                 log: Callable[[str], None] = lambda line: None) -> None:
        import threading

        self.url = canonical_url(url)
        self.path = socket_path(self.url)
        self.run = run
        self.idle = idle
        self.version = version
        self.code = code_fingerprint()  # of the code this process runs (loaded at its start)
        self.log = log
        self.requests = 0
        self.stopping = False
        # Connections accepted and not answered yet (each is told it is being worked on), and the lock
        # that keeps their messages whole.
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()

    def bind(self) -> socket.socket:
        """The listening socket, in a folder only this user can enter.

        Raises:
            OSError: another server answers for this database, or the folder cannot be made or used.
        """
        folder = self.path.parent
        problem = folder_problem(folder)
        with contextlib.suppress(OSError):
            info = os.lstat(folder)
            if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and problem and "open to other" in problem:
                os.chmod(folder, 0o700)  # our own folder, made too open: closed again
                problem = folder_problem(folder)
        if problem is None:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            problem = folder_problem(folder)
        if problem is None and len(os.fsencode(str(self.path))) > MAX_SOCKET_PATH:
            problem = f"the socket path {self.path} is too long for a Unix socket (at most {MAX_SOCKET_PATH} bytes)"
        if problem:
            raise UnusableFolder(f"{problem}; set {ENV_RUNTIME} or XDG_RUNTIME_DIR to a folder of your own")
        if self.path.exists():
            if answering(self.path):
                raise OSError(f"a server already answers for this database on {self.path}")
            self.path.unlink()  # left by a server that did not stop cleanly
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(self.path))
        os.chmod(self.path, 0o600)
        sock.listen(16)
        return sock

    def serve(self, sock: socket.socket, ready: Callable[[], None] = lambda: None) -> None:
        """Answer requests one at a time until idle, SIGTERM or SIGINT; the socket is removed at the end.

        A thread accepts connections as they come and another tells each accepted one, every HEARTBEAT
        seconds until it is answered, that the server is at work: a caller waits while it hears that,
        and runs the command itself when it does not (a stopped server says nothing).
        """
        import queue
        import threading

        self.stopping = False
        previous = signal.signal(signal.SIGTERM, self._on_term)
        waiting: queue.Queue[socket.socket] = queue.Queue()
        sock.settimeout(1.0)
        helpers = [threading.Thread(target=self._accept, args=(sock, waiting), daemon=True),
                   threading.Thread(target=self._beat, daemon=True)]
        for helper in helpers:
            helper.start()
        ready()
        last = time.monotonic()
        try:
            # The wait wakes up every second: the KeyboardInterrupt SIGTERM raises is lost when it lands
            # in a weakref callback or a finaliser (Python prints it and carries on), the flag is not.
            while not self.stopping:
                try:
                    conn = waiting.get(timeout=min(self.idle, 1.0))
                except queue.Empty:
                    if time.monotonic() - last >= self.idle:
                        self.log(f"idle for {self.idle:g} s: stopping")
                        return
                    continue
                with conn:
                    self.answer(conn)
                    self._forget(conn)
                gc.collect()  # while no one waits, so that collections seldom fall inside a request
                last = time.monotonic()
            self.log("stopped")
        except KeyboardInterrupt:
            self.log("stopped")
        finally:
            self.stopping = True
            signal.signal(signal.SIGTERM, previous)
            for helper in helpers:
                helper.join(timeout=5)
            sock.close()
            with self.lock:
                for conn in self.open:
                    conn.close()
                self.open.clear()
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def _accept(self, sock: socket.socket, waiting: Any) -> None:
        """Accept connections into WAITING until the server stops."""
        while not self.stopping:
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(30)
            with self.lock:
                self.open.add(conn)
            waiting.put(conn)

    def _beat(self) -> None:
        """Tell every connection not answered yet that the server is at work, every HEARTBEAT seconds."""
        while not self.stopping:
            time.sleep(HEARTBEAT)
            with self.lock:
                for conn in list(self.open):
                    try:
                        send(conn, {"working": True})
                    except OSError:
                        self.open.discard(conn)

    def _forget(self, conn: socket.socket) -> None:
        with self.lock:
            self.open.discard(conn)

    def _on_term(self, _signum: int, _frame: object) -> None:
        self.stopping = True
        raise KeyboardInterrupt

    def answer(self, conn: socket.socket) -> None:
        try:
            message = receive(conn)
        except OSError:
            return
        if message is None:
            return
        argv = message.get("argv")
        if message.get("version") != self.version or message.get("code") != self.code:
            self._reply(conn, {"refused": f"this server runs other code (prov {self.version})"})
            if code_fingerprint() != self.code:  # prov's files changed since this server loaded them
                self.log("prov's code changed since this server started: stopping")
                self.stopping = True
            return
        words: list[str] = argv if isinstance(argv, list) and all(isinstance(a, str) for a in argv) else []
        parsed = split_global(words) if words else None
        if parsed is None or words[parsed[1]] not in READ_ONLY:
            self._reply(conn, {"refused": "not a read-only command"})
            return
        # The command runs on this server's database, whatever spelling of it the caller used.
        command = words[parsed[1]:]
        start = time.perf_counter()
        code, out, err = self.execute(["--db", self.url, *command], str(message.get("cwd") or "/"),
                                      message.get("columns"))
        self.requests += 1
        self.log(f"{command[0]}: exit {code} in {(time.perf_counter() - start) * 1000:.0f} ms")
        self._reply(conn, {"code": code, "out": out, "err": err})

    def execute(self, argv: list[str], cwd: str, columns: object) -> tuple[int, str, str]:
        """Run ARGV in CWD with the caller's terminal width; (exit code, stdout, stderr)."""
        out, err = io.StringIO(), io.StringIO()
        here = os.getcwd()
        saved_columns = os.environ.get("COLUMNS")
        try:
            os.chdir(cwd)
        except OSError as exc:
            return 1, "", f"Error: {cwd}: cannot work in this folder ({exc.strerror})\n"
        if isinstance(columns, int) and columns > 0:
            os.environ["COLUMNS"] = str(columns)
        else:
            os.environ.pop("COLUMNS", None)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = self.run(argv)
        finally:
            os.chdir(here)
            if saved_columns is None:
                os.environ.pop("COLUMNS", None)
            else:
                os.environ["COLUMNS"] = saved_columns
        return code, out.getvalue(), err.getvalue()

    def _reply(self, conn: socket.socket, message: dict[str, Any]) -> None:
        with self.lock:
            self.open.discard(conn)  # (no heartbeat after the answer)
            with contextlib.suppress(OSError):
                send(conn, message)


__all__ = ["READ_ONLY", "Server", "UnusableFolder", "canonical_url", "code_fingerprint", "exchange", "request",
           "socket_path"]
