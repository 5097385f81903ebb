"""Engine, sessions, and the schema check that runs before any command touches data.

An empty database is migrated on first use; a database at an older revision this
version knows is upgraded; a database at a revision it does not know (written by a
newer prov) is refused. Migrations run under a lock (SQLite: an immediate
transaction; PostgreSQL: an advisory lock) so two processes starting at once on a
fresh database do not both build it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from provenance.errors import NotFoundError, ProvenanceError, SchemaError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# The newest migration. Checked against the scripts by the tests; it lets a command
# confirm an up-to-date schema with one query, without loading Alembic (a third of
# a second at every start).
HEAD_REVISION = "0008"

# Any 64-bit number of our own: the PostgreSQL advisory lock taken while migrating.
MIGRATION_LOCK_ID = 0x70726F76  # "prov"
SQLITE_BUSY_TIMEOUT_S = 60


def migrations_dir() -> Path:
    """The Alembic script folder: packaged with the wheel, or the checkout's alembic/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_alembic", here.parents[1] / "alembic"):
        if (candidate / "env.py").exists():
            return candidate
    raise SchemaError("the migration scripts are missing from this installation")


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use the psycopg 3 driver for them.

    Raises:
        ProvenanceError: not a database URL, or one of a database prov does not support.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ProvenanceError(f"{url}: not a database URL ({exc})") from None
    except ValueError:  # a port that is not a number ("postgresql://h:abc/x", "postgresql://[::1/x")
        raise ProvenanceError(f"{url}: not a database URL (its port is not a number)") from None
    if parsed.get_backend_name() == "sqlite" and (parsed.host or parsed.port):
        raise ProvenanceError(f"{url}: a SQLite URL names a file after three slashes: sqlite:///relative.db "
                              "or sqlite:////absolute/path.db")
    if parsed.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
        raise ProvenanceError(f"{parsed.render_as_string()}: prov works with SQLite (sqlite:///FILE) and "
                              f"PostgreSQL (postgresql://...) databases only, not {parsed.drivername}")
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


PG_SESSION_OPTIONS = "-c jit=off -c random_page_cost=1.1"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database, an in-memory one or a URI filename."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:" \
            or parsed.database.startswith("file:") or parsed.query.get("uri"):
        return None
    return Path(parsed.database).expanduser()


def writable(path: Path) -> bool:
    """Whether this user may change the SQLite file PATH: the file and its folder (SQLite keeps its journal there)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def make_engine(url: str, *, read_only: bool = False, reading: bool = False) -> Engine:
    """An engine set up for concurrent use of SQLite files and PostgreSQL servers.

    Args:
        url: the database URL.
        read_only: open the SQLite file read-only (it must exist); no write goes through.
        reading: for a command that only reads: every transaction is read-only (SQLite's query_only,
            PostgreSQL's READ ONLY), so a write is an error rather than a change; nothing about the
            file changes either (its journal mode is left as it is, no write lock is taken).
    """
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # prov's queries are indexed lookups returning few rows. JIT compiling them costs more than it
        # saves (60 ms a query seen), and the default random_page_cost (4, for spinning disks) made the
        # planner scan 9 million fingerprint rows per reindex batch instead of probing their index.
        # Options given in the URL win.
        connect_args = {} if "options" in parsed.query else {"options": PG_SESSION_OPTIONS}
        try:
            pg = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
        except ModuleNotFoundError as exc:
            raise ProvenanceError(
                f"{parsed.render_as_string()}: driver {exc.name} is not installed "
                "(pip install 'provenance[postgres]')"
            ) from None
        if reading:
            @event.listens_for(pg, "connect")
            def _read_only_session(dbapi_connection, _record) -> None:
                with dbapi_connection.cursor() as cursor:
                    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                dbapi_connection.commit()
        return pg
    path = sqlite_path(url)
    if read_only and path is not None:
        engine = create_engine(url, creator=lambda: _open_read_only(path))
    else:
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ProvenanceError(f"{url}: cannot create the folder {folder} ({exc.strerror})") from None
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
        read_only = False

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control from the driver so BEGIN IMMEDIATE below is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if reading:
            cursor.execute("PRAGMA query_only=ON")
        elif not read_only:  # (a read-only file keeps the journal mode it was written with)
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers queue on the busy timeout instead of failing on a lock upgrade.
        conn.exec_driver_sql("BEGIN" if read_only or reading else "BEGIN IMMEDIATE")

    return engine


def _open_read_only(path: Path) -> sqlite3.Connection:
    """PATH opened read-only: as a file others may still write (mode=ro), else, when SQLite cannot make the
    shared-memory file a WAL archive needs next to it (a folder this user may not write), as an unchanging one."""
    uri = "file:" + quote(str(path.resolve()))
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=SQLITE_BUSY_TIMEOUT_S, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our scripts, optionally bound to a connection."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


class Database:
    """A database URL with its engine and session factory.

    Args:
        url: a SQLAlchemy URL (sqlite:///path.db, postgresql+psycopg://...).
        create: the command writes, and makes a SQLite archive that does not exist yet. Without it (a
            command that only reads), a SQLite file must exist and hold an archive; one this user may not
            write is opened read-only; every transaction is read-only and nothing is written, but for the
            migration of an archive made by an older prov.
        missing: what to add to "no archive at PATH" (e.g. how to make one).

    Raises:
        NotFoundError: a command that only reads, on a SQLite file that does not exist.
        ProvenanceError: a command that writes, on a SQLite file this user may not change.
    """

    def __init__(self, url: str, *, create: bool = True, missing: str = "") -> None:
        self.url = normalise_url(url)
        self.create = create
        path = sqlite_path(self.url)
        self.read_only = False
        if path is not None and not create:
            if not path.exists():
                raise NotFoundError(f"no archive at {path}" + (f" ({missing})" if missing else ""))
            if path.is_file() and path.stat().st_size == 0:
                raise NotFoundError(f"no archive at {path} (the file is empty)")
            self.read_only = not writable(path)
        elif path is not None and path.exists() and not writable(path):
            where = "the file" if not os.access(path, os.W_OK) else f"its folder {path.parent}"
            raise ProvenanceError(f"{self.display_url()}: cannot write to this archive ({where} is read-only for you)")
        elif path is not None and path.parent.is_dir() and not os.access(path.parent, os.W_OK | os.X_OK):
            raise ProvenanceError(f"{self.display_url()}: cannot create an archive here "
                                  f"(the folder {path.parent} is read-only for you)")
        self.engine = make_engine(self.url, read_only=self.read_only, reading=not create)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._checked = False

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def script(self) -> ScriptDirectory:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(alembic_config())

    def current_revision(self) -> str | None:
        """The schema revision stored in the database (None when empty)."""
        from alembic.runtime.migration import MigrationContext

        with self._connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def ensure_schema(self) -> None:
        """Migrate an empty or older database; refuse one newer than this version.

        Raises:
            SchemaError: the database is at a revision this version does not know.
        """
        if self._checked:
            return
        stored = self.stored_revision()
        if stored == HEAD_REVISION:
            self._checked = True
            return
        if stored is None and self.dialect == "sqlite":
            self._refuse_foreign()
        if self.read_only:
            script = self.script()
            if stored is not None and stored not in {rev.revision for rev in script.walk_revisions()}:
                raise self.newer(stored)
            raise SchemaError(f"{self.display_url()}: the archive is at schema revision {stored or 'none'} and this "
                              f"version of prov needs {script.get_current_head()}, but the file is read-only for "
                              "you: ask its owner to run `prov db upgrade`, or work on a copy")
        script = self.script()
        head = script.get_current_head()
        if self.current_revision() != head:
            if self.create:
                self.upgrade()
            else:  # (this one's connections write nothing)
                writer = Database(self.url)
                try:
                    writer.upgrade()
                finally:
                    writer.dispose()
        self._checked = True

    def stored_revision(self) -> str | None:
        """The revision in the alembic_version table, read with plain SQL (None when there is none)."""
        with self._connect() as conn:
            try:
                with conn.begin_nested() if conn.in_transaction() else conn.begin():
                    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except Exception:  # noqa: BLE001 - no table yet: an empty database
                return None

    def _refuse_foreign(self) -> None:
        """Stop before making prov's tables in a SQLite file that holds something else (or, for a command
        that only reads, in one that holds nothing)."""
        with self._connect() as conn:
            tables = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'table'")).scalar()
        if tables:
            raise SchemaError(f"{self.display_url()}: not a prov archive (a SQLite database with other tables)")
        if not self.create:
            raise NotFoundError(f"no archive at {sqlite_path(self.url)} (the file is empty)")

    def newer(self, revision: str) -> SchemaError:
        """The error for a database at a schema REVISION this version does not know."""
        return SchemaError(
            f"{self.display_url()}: the database is at schema revision {revision}, "
            "which this version of prov does not know (it was written by a newer "
            "version); upgrade prov"
        )

    def upgrade(self, target: str = "head") -> None:
        """Run the migrations up to `target`, under a lock against other processes."""
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        script = self.script()
        with self._connect() as conn, conn.begin():
            if self.dialect == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
            current = MigrationContext.configure(conn).get_current_revision()
            known = {rev.revision for rev in script.walk_revisions()}
            if current is not None and current not in known:
                raise self.newer(current)
            if current is not None and current != script.get_current_head():
                # An archive made by an older prov: new indexes are built over every document.
                print(f"prov: updating {self.display_url()} from schema {current} to {script.get_current_head()} "
                      "(once; a large archive takes a minute or two)", file=sys.stderr)
            command.upgrade(alembic_config(conn), target)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise ProvenanceError(f"{self.display_url()}: cannot open database ({reason})") from None
        except DatabaseError as exc:
            if type(exc.orig) is not sqlite3.DatabaseError:  # (not its subclasses: IntegrityError...)
                raise
            # Not a SQLite file at all (text, an image, a compressed file), or a damaged one.
            raise ProvenanceError(f"{self.display_url()}: not a prov archive ({exc.orig})") from None

    def session(self) -> Session:
        """A new session; use `with session.begin():` for one unit of work."""
        self.ensure_schema()
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()
