"""Schema: one head, upgrade from empty, models match the migrated schema, newer revision refused."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from provenance.db import HEAD_REVISION, Database, alembic_config
from provenance.errors import SchemaError
from provenance.models import Base

ENV_FILTERS = ("document_fts", "ix_document_fts", "search_vector", "ix_document_search_vector",
               "ix_document_word_prefixes", "document_grams", "ix_document_grams")


def test_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1
    assert heads == [HEAD_REVISION]  # the constant behind the fast schema check at start-up


def test_upgrade_from_empty_creates_every_table(db_url: str) -> None:
    database = Database(db_url)
    assert database.current_revision() is None
    database.ensure_schema()
    assert database.current_revision() == database.script().get_current_head()
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    database.dispose()


def test_models_match_migrated_schema(db: Database) -> None:
    def keep(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
        return not (name and name.startswith(ENV_FILTERS))

    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": keep,
                        "include_name": lambda name, *_: not (name and name.startswith(ENV_FILTERS))}
        )
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_fulltext_index_exists(db: Database) -> None:
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            row = conn.execute(text("SELECT name FROM sqlite_master WHERE name = 'document_fts'")).first()
        else:
            row = conn.execute(text(
                "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_document_search_vector'")).first()
    assert row is not None


def test_unknown_newer_revision_is_refused(db: Database, prov) -> None:  # type: ignore[no-untyped-def]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    fresh = Database(db.url)
    with pytest.raises(SchemaError, match="ffff9999.*newer version"):
        fresh.ensure_schema()
    fresh.dispose()
    result = prov("docs")
    assert result.exit_code == 1
    assert "schema revision ffff9999, which this version of prov does not know" in result.stderr
    assert result.stderr.count("\n") == 1


def test_db_commands(prov) -> None:  # type: ignore[no-untyped-def]
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if prov.db_url.startswith("sqlite:///"):  # a path with no file holds no archive (and gets none)
        assert prov("db", "current").output.startswith("Error: no archive at ")
    else:
        assert prov("db", "current").stdout.startswith("none (empty")
    result = prov("db", "upgrade")
    assert result.exit_code == 0 and f"at schema revision {head}" in result.stdout
    assert prov("db", "current").stdout == f"{head} (up to date)\n"
    assert head in prov("db", "history").stdout


def test_two_processes_migrating_at_once_build_one_schema(db_url: str) -> None:
    import subprocess
    import sys

    procs = [
        subprocess.Popen([sys.executable, "-m", "provenance", "--db", db_url, "outlet", "add", f"Outlet {n}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(3)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    database = Database(db_url)
    assert database.current_revision() == database.script().get_current_head()
    database.dispose()


def test_an_archive_of_an_older_schema_is_updated_once_and_says_so(db: Database, prov, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from conftest import STORY_TEXT

    claim = "Valdoria agreed to release 40 percent more water from the Tavira Dam"
    (tmp_path / "zh.txt").write_text("水库今年将多放百分之四十的水。农民表示欢迎。", encoding="utf-8")
    assert prov("ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt"), str(tmp_path / "zh.txt")).exit_code == 0
    before = prov("trace", claim, "--format", "json").stdout
    chinese = prov("trace", "水库今年将多放百分之四十的水", "--format", "json").stdout
    assert '"document_id"' in chinese
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")  # as an archive made by the previous prov
    result = prov("trace", claim, "--format", "json")
    assert result.exit_code == 0 and result.stdout == before
    # The pairs of characters of the archive's Chinese text were filled in by the update.
    assert prov("trace", "水库今年将多放百分之四十的水", "--format", "json").stdout == chinese
    assert result.stderr.count(f"from schema 0003 to {HEAD_REVISION}") == 1, result.stderr
    assert Database(db.url).stored_revision() == HEAD_REVISION
    if db.dialect == "postgresql":
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_document_word_prefixes'")).first()
    assert "schema" not in prov("trace", claim).stderr  # once
