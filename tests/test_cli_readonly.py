"""Commands that only read write nothing: not a row, not a migration, not a byte of the SQLite file.

Every command that is not one of cli.WRITING_COMMANDS runs here, with the options it is typically
given (outlet and claim subjects among them, names that match nothing, registry outlets not stored
yet, a domain spelling an outlet's name), on an archive made beforehand. On SQLite the file's bytes,
its modification time and the folder's listing stay as they were; on both backends every table keeps
its rows (the whole jsonl export is the same), and a transaction of a reading command refuses writes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import click
import pytest
from sqlalchemy import text

from conftest import STORY_TEXT
from provenance.cli import WRITING_COMMANDS, cli
from provenance.db import Database, sqlite_path
from provenance.models import Base

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"
REPORT_FORMATS = ["md", "html", "json", "prov-json", "prov-n", "prov-xml", "dot"]


def command_paths(group: click.Group, prefix: str = "") -> list[str]:
    """Every command of the group, as typed after `prov` ("outlet show")."""
    paths = []
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        paths += command_paths(command, f"{path} ") if isinstance(command, click.Group) else [path]
    return paths


def read_only_runs(out: Path) -> list[list[str]]:
    """Each read-only command with its typical options (some runs end in an error on purpose)."""
    runs: list[list[str]] = [
        ["docs"], ["docs", "--format", "json", "--limit", "0"],
        ["docs", "Tavira", "--outlet", "Kestrel News Agency", "--since", "2025-01-01", "--until", "2025-12-31"],
        ["docs", "--outlet", "Reuters"], ["docs", "--outlet", "harbourledger.example"],
        ["docs", "--outlet", "brand-new-site.example"],
        ["show", "1"], ["show", "2", "--format", "json"], ["show", "9999"],
        ["reuse", "2"], ["reuse", "3", "--format", "json"],
        ["trace", CLAIM], ["trace", CLAIM, "--format", "json", "--min-score", "0.5"], ["trace", CLAIM, "--format", "md"],
        ["trace", "--doc", "3"], ["trace", "--doc", "3", "--format", "json"],
        ["report", "--outlet", "Reuters"], ["report", "--outlet", "brand-new-site.example"],
        ["report", "--outlet", "harbourledger.example", "--format", "json"],
        ["report", "--claim", CLAIM, "--format", "claimreview"], ["report", "1", "--format", "claimreview"],
        ["report", "--claim", CLAIM, "--format", "html", "-o", str(out / "report.html")],
        ["export"], ["export", "--format", "prov-json"], ["export", "--format", "warc", "-o", str(out / "a.warc.gz")],
        ["corrections"], ["corrections", "--format", "json"],
        ["outlet", "list"], ["outlet", "list", "--kind", "wire", "--format", "json"],
        ["outlet", "show", "Kestrel News Agency"], ["outlet", "show", "Kestrel News Agency", "--format", "json"],
        ["outlet", "show", "Reuters", "--format", "json"], ["outlet", "show", "harbourledger.example"],
        ["outlet", "show", "brand-new-site.example"], ["outlet", "show", "ORF"],
        ["outlets"], ["outlets", "--sort", "credibility", "--kind", "wire", "--format", "json"],
        ["db", "current"], ["db", "history"],
    ]
    for fmt in REPORT_FORMATS:
        runs += [["report", "--claim", CLAIM, "--format", fmt, "--min-score", "0.4"], ["report", "2", "--format", fmt],
                 ["report", "--outlet", "Kestrel News Agency", "--format", fmt]]
    return runs


def make_archive(prov) -> None:
    """The story's texts, a correction and a rating: something in every table the readers read."""
    assert prov("ingest", str(STORY_TEXT)).exit_code == 0
    assert prov("link", "5", "1", "--relation", "cites", "--note", "read it there").exit_code == 0
    assert prov("outlet", "rate", "Harbour Ledger", "30", "--source", "our desk").exit_code == 0


def table_rows(db_url: str) -> dict[str, int]:
    database = Database(db_url)
    try:
        with database.engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in Base.metadata.tables}
    finally:
        database.dispose()


def rows_exported(prov) -> list[str]:
    """Every row of every table, as `prov export` writes them (without its header, which says when)."""
    return prov("export").stdout.splitlines()[1:]


def file_state(path: Path) -> tuple[str, int, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns, sorted(os.listdir(path.parent))


def test_every_read_only_command_writes_nothing(prov, db_url, tmp_path) -> None:
    make_archive(prov)
    out = tmp_path / "out"
    out.mkdir()
    runs = read_only_runs(out)
    readers = {p for p in command_paths(cli) if p not in WRITING_COMMANDS}
    assert readers == {" ".join(r[:2]) if r[0] in ("outlet", "db") else r[0] for r in runs}  # every one, once at least
    before_rows, before_export = table_rows(db_url), rows_exported(prov)
    path = sqlite_path(db_url)
    before_file = file_state(path) if path else None
    for args in runs:
        result = prov(*args)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output, args
        assert path is None or file_state(path) == before_file, args  # right after the command that changed it
    assert table_rows(db_url) == before_rows
    assert rows_exported(prov) == before_export


def test_names_that_match_nothing_are_one_error_and_stored_names_are_found(prov) -> None:
    make_archive(prov)
    for args in (["report", "--outlet", "brand-new-site.example"], ["outlet", "show", "brand-new-site.example"],
                 ["docs", "--outlet", "brand-new-site.example"], ["report", "--outlet", "Nobody Media Group"]):
        result = prov(*args)
        assert result.exit_code == 1 and result.stderr == f"Error: {args[-1]}: no such outlet\n", args
    # A registry outlet the archive has not met: shown (no id yet), with no documents, and stored by nobody.
    reuters = prov.json("outlet", "show", "Reuters")
    assert (reuters["id"], reuters["name"], reuters["domains"], reuters["signals"]["documents"]) == (
        None, "Reuters", ["reuters.com"], 0)
    assert prov.json_lines("docs", "--outlet", "reuters.com") == []
    report = prov.json("report", "--outlet", "Reuters")
    assert report["outlet"]["name"] == "Reuters" and report["document_ids"] == []
    assert "Reuters" not in [o["name"] for o in prov.json_lines("outlets")]
    # The domain spelling a stored outlet's name finds it (a writing command would give it the domain).
    ledger = prov.json("outlet", "show", "harbourledger.example")
    assert ledger["name"] == "Harbour Ledger" and ledger["domains"] == [] and ledger["signals"]["documents"] == 1
    assert [d["id"] for d in prov.json_lines("docs", "--outlet", "harbourledger.example")] == [7]
    # Writing commands still learn from a name: a rating stores the registry outlet it names.
    assert prov("outlet", "rate", "Reuters", "80", "--source", "our desk").exit_code == 0
    assert isinstance(prov.json("outlet", "show", "Reuters")["id"], int)


def test_a_reading_database_refuses_writes(db, db_url) -> None:
    reading = Database(db_url, create=False)
    try:
        with reading.session() as session, session.begin():
            assert session.execute(text("SELECT count(*) FROM outlet")).scalar_one() == 0
            with pytest.raises(Exception, match="(?i)read-?only"):
                session.execute(text("INSERT INTO outlet (name, slug, verified) VALUES ('x', 'x', true)"))
    finally:
        reading.dispose()
    assert table_rows(db_url)["outlet"] == 0


def test_a_reading_command_still_upgrades_an_archive_made_by_an_older_prov(db_url) -> None:
    old = Database(db_url)
    old.upgrade("0005")
    old.dispose()
    reading = Database(db_url, create=False)
    try:
        reading.ensure_schema()
        assert reading.current_revision() == reading.script().get_current_head()
    finally:
        reading.dispose()


def test_the_server_answers_only_commands_that_read() -> None:
    from provenance.server import READ_ONLY

    readers = {p for p in command_paths(cli) if p not in WRITING_COMMANDS}
    assert readers >= READ_ONLY and "report" in READ_ONLY
    assert set(WRITING_COMMANDS) <= set(command_paths(cli))  # (no stale name that would let a writer be served)
