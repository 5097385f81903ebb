"""Alembic environment: the URL comes from provenance.config, the metadata from models.

`prov` hands a connection in through `config.attributes["connection"]` (already in a
transaction and holding the migration lock); the plain `alembic` command builds
its own engine from --db / PROV_DB / the default.
"""

from __future__ import annotations

from alembic import context

from provenance.config import resolve_database_url
from provenance.models import Base

config = context.config
target_metadata = Base.metadata

# Full-text search structures are dialect-specific and built by hand in migrations.
FTS_NAMES = ("document_fts", "ix_document_fts", "search_vector", "ix_document_search_vector")


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (name and name.startswith(FTS_NAMES))


def include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
    return not (name and name.startswith(FTS_NAMES))


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,
        include_object=include_object,
        include_name=include_name,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=resolve_database_url(None),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from provenance.db import make_engine

    engine = make_engine(resolve_database_url(None))
    with engine.begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
