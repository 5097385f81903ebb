"""Engine, sessions, and the schema check that runs before any command touches data.

An empty database is migrated on first use; a database at an older revision this
version knows is upgraded; a database at a revision it does not know (written by a
newer prov) is refused. Migrations run under a lock (SQLite: an immediate
transaction; PostgreSQL: an advisory lock) so two processes starting at once on a
fresh database do not both build it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from provenance.errors import ProvenanceError, SchemaError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# The newest migration. Checked against the scripts by the tests; it lets a command
# confirm an up-to-date schema with one query, without loading Alembic (a third of
# a second at every start).
HEAD_REVISION = "0005"

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
    """Accept plain postgresql:// URLs and use the psycopg 3 driver for them."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ProvenanceError(f"{url}: not a database URL ({exc})") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


PG_SESSION_OPTIONS = "-c jit=off -c random_page_cost=1.1"


def make_engine(url: str) -> Engine:
    """An engine set up for concurrent use of SQLite files and PostgreSQL servers."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # prov's queries are indexed lookups returning few rows. JIT compiling them costs more than it
        # saves (60 ms a query seen), and the default random_page_cost (4, for spinning disks) made the
        # planner scan 9 million fingerprint rows per reindex batch instead of probing their index.
        # Options given in the URL win.
        connect_args = {} if "options" in parsed.query else {"options": PG_SESSION_OPTIONS}
        try:
            return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
        except ModuleNotFoundError as exc:
            raise ProvenanceError(
                f"{parsed.render_as_string()}: driver {exc.name} is not installed "
                "(pip install 'provenance[postgres]')"
            ) from None
    if parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProvenanceError(f"{url}: cannot create the folder {folder} ({exc.strerror})") from None
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Take transaction control from the driver so BEGIN IMMEDIATE below is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers queue on the busy timeout instead of failing on a lock upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


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
    """

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
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
        if self.stored_revision() == HEAD_REVISION:
            self._checked = True
            return
        script = self.script()
        head = script.get_current_head()
        if self.current_revision() != head:
            self.upgrade()
        self._checked = True

    def stored_revision(self) -> str | None:
        """The revision in the alembic_version table, read with plain SQL (None when there is none)."""
        with self._connect() as conn:
            try:
                with conn.begin_nested() if conn.in_transaction() else conn.begin():
                    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except Exception:  # noqa: BLE001 - no table yet: an empty database
                return None

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
                raise SchemaError(
                    f"{self.display_url()}: the database is at schema revision {current}, "
                    "which this version of prov does not know (it was written by a newer "
                    "version); upgrade prov"
                )
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

    def session(self) -> Session:
        """A new session; use `with session.begin():` for one unit of work."""
        self.ensure_schema()
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()
