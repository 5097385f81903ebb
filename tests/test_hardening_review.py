"""Bad inputs an independent replay of issue 18 found still failing, each replayed here.

Every document is written by the test; database cases run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from provenance.untrusted import terminal
from unprivileged import is_root, run_ingest_unprivileged, world_enterable_dir

STORY = ("The river commission of Valdoria met on Tuesday in the old customs house at Tavira. "
         "Valdoria agreed to release 40 percent more water from the Tavira Dam during the dry months, "
         "the commission said, and gauges on both banks will be read every week from July. ")


def one_error_line(output: str) -> str:
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output
    assert "Traceback" not in output
    return errors[0]


# --- bytes that are not UTF-8 ---------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_fails_alone_and_the_batch_goes_on(prov, tmp_path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY)
    with open(os.path.join(os.fsencode(folder), b"b-\xffname.txt"), "wb") as out:
        out.write((STORY + "A second page of the story. ").encode())
    (folder / "c.txt").write_text(STORY + "A third page. ")
    result = prov("ingest", str(folder), "--format", "json")
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in rows] == ["new", "failed", "new"]
    assert rows[1]["error"] == f"{folder}/b-\\xffname.txt: the file name is not UTF-8 text (rename the file)"
    assert "ingest: 2 new, 0 unchanged, 0 revised, 1 failed" in result.stderr


@pytest.mark.parametrize("args", [
    ["ingest", "STORY", "--title", "a\udcff"],
    ["ingest", "STORY", "--author", "Ana \udcfe Ruiz"],
    ["show", "a\udcffb"],
    ["outlet", "add", "Evil \udcff Times", "--domain", "evil.example"],
    ["trace", "water \udcff dam"],
])
def test_an_argument_that_is_not_utf8_is_a_usage_error(prov, tmp_path, args) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    result = prov(*[str(story) if a == "STORY" else a for a in args])
    assert result.exit_code == 2, result.output
    assert "not UTF-8 text" in one_error_line(result.output) and "\\xf" in result.output
    assert prov("docs", "--format", "json").exit_code in (0, 1)  # nothing stored, nothing broken


# --- a folder that can be listed but not entered ------------------------------------------------------------


def test_a_folder_that_can_be_listed_but_not_entered_is_a_failed_input(prov, db_url) -> None:
    folder = world_enterable_dir()
    try:
        (folder / "a-readable.txt").write_text(STORY)
        shut = folder / "b-shut"
        shut.mkdir()
        (shut / "inside.txt").write_text(STORY + "Another page. ")
        (folder / "c-after.txt").write_text(STORY + "A third page. ")
        shut.chmod(0o644)  # names can be read, nothing inside can be reached
        if is_root():
            out = run_ingest_unprivileged(db_url, str(folder), "--format", "json", cwd=folder)
            code, stdout, stderr = out.returncode, out.stdout, out.stderr
        else:
            result = prov("ingest", str(folder), "--format", "json")
            code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    finally:
        shut.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)
    assert "Traceback" not in stderr, stderr
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert code == 1
    assert [r["status"] for r in rows] == ["new", "failed", "new"], rows
    assert rows[1]["error"].endswith("permission denied (cannot read the folder)")


# --- database URLs that do not parse ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["sqlite://relative.db", "sqlite://x/y/z.db", "postgresql://[::1/x",
                                 "postgresql://u@h:abc/x"])
def test_a_database_url_that_does_not_parse_is_one_line(url, tmp_path, monkeypatch) -> None:
    story = tmp_path / "input" / "story.txt"
    story.parent.mkdir()
    story.write_text(STORY)
    monkeypatch.chdir(tmp_path)
    for command in (["docs"], ["ingest", str(story)]):
        result = CliRunner().invoke(cli, ["--db", url, *command], catch_exceptions=False)
        assert result.exit_code == 1, result.output
        assert url in one_error_line(result.output)
    assert [p.name for p in tmp_path.iterdir()] == ["input"]  # no folder made for a URL that names none


# --- import: a lineage edge from a document to itself ---------------------------------------------------


def test_import_refuses_a_document_derived_from_itself(prov, another_db_url, tmp_path) -> None:
    for name, extra in (("a.txt", ""), ("b.txt", "[Meridian] ")):
        (tmp_path / name).write_text(extra + STORY)
    assert prov("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")).exit_code == 0
    export = tmp_path / "all.jsonl"
    assert prov("export", "-o", str(export)).exit_code == 0
    lines = export.read_text(encoding="utf-8").splitlines()
    edges = [i for i, line in enumerate(lines) if json.loads(line).get("table") == "lineage_edge"
             and json.loads(line)["row"].get("source_document_id") is not None]
    assert edges, "the story's copy should derive from its origin"
    record = json.loads(lines[edges[0]])
    record["row"]["source_document_id"] = record["row"]["derived_id"]
    lines[edges[0]] = json.dumps(record)
    forged = tmp_path / "forged.jsonl"
    forged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = another_db_url()
    result = CliRunner().invoke(cli, ["--db", target, "import", str(forged)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "derived from itself" in one_error_line(result.output)
    assert CliRunner().invoke(cli, ["--db", target, "docs", "--format", "json"]).stdout.strip() == ""


# --- ratings saved as Excel's "Unicode text" --------------------------------------------------------------


def test_ratings_in_utf16_are_read(prov, tmp_path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_bytes("domain\tscore\nmeridian.example\t80\nkestrel.example\t55\n".encode("utf-16"))
    result = prov("outlet", "import-ratings", str(path), "--source", "Panel", "--column", "score")
    assert result.exit_code == 0, result.output
    shown = prov("outlet", "show", "meridian.example")
    assert shown.exit_code == 0 and "80" in shown.output, shown.output


# --- an empty claim --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["trace", ""], ["trace", "   "], ["report", "--claim", ""]])
def test_an_empty_claim_is_a_usage_error(prov, tmp_path, args) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    assert prov("ingest", str(tmp_path / "a.txt")).exit_code == 0
    result = prov(*args)
    assert result.exit_code == 2 and "the claim is empty" in result.output, result.output


# --- bidirectional overrides ---------------------------------------------------------------------------------


def test_bidirectional_overrides_do_not_reach_the_terminal(prov, tmp_path) -> None:
    trick = "Harbour \u202eregdeL\u202c Times \u2066x\u2069"
    assert "\u202e" not in terminal(trick) and "\u2066" not in terminal(trick)
    assert terminal("روزنامہ جنگ") == "روزنامہ جنگ"  # right-to-left letters are left as they are
    (tmp_path / "a.txt").write_text(STORY)
    assert prov("ingest", str(tmp_path / "a.txt"), "--outlet", trick).exit_code == 0
    for args in (["docs"], ["outlets"], ["outlet", "list"], ["show", "1"]):
        out = prov(*args).output
        assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), args


# --- a WARC gzipped as one file --------------------------------------------------------------------------------


def test_a_warc_gzipped_as_one_file_is_read_like_one_gzipped_record_by_record(prov, tmp_path) -> None:
    import gzip

    story = Path(__file__).resolve().parents[1] / "fixtures" / "warc" / "story.warc.gz"
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(gzip.decompress(story.read_bytes())))  # what `gzip crawl.warc` makes
    result = prov("ingest", "--processes", "1", str(whole), "--format", "json")
    assert result.exit_code == 0, result.output
    urls = sorted(json.loads(line)["url"] for line in result.stdout.splitlines())
    again = prov("ingest", "--processes", "1", str(story), "--format", "json")
    assert sorted(json.loads(line)["url"] for line in again.stdout.splitlines()) == urls and len(urls) == 3
    assert {json.loads(line)["status"] for line in again.stdout.splitlines()} == {"unchanged"}
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    result = prov("ingest", "--processes", "1", str(cut))
    assert result.exit_code == 1 and "cut short inside the gzip member" in one_error_line(result.output)
