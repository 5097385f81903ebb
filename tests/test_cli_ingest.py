"""`prov ingest` of files, folders, lists, stdin and WARCs; idempotency, revisions, bad input."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

from conftest import STORY_HTML, STORY_TEXT, STORY_WARC
from unprivileged import is_root, run_ingest_unprivileged, world_enterable_dir

ORIGIN = STORY_HTML / "01-meridian-origin.html"


def test_a_folder_of_html_is_ingested_with_metadata(prov) -> None:
    rows = prov.json_lines("ingest", str(STORY_HTML))
    assert [r["status"] for r in rows] == ["new"] * 7
    assert {r["input"] for r in rows} == {str(p) for p in STORY_HTML.glob("*.html")}
    assert all(r["error"] is None and isinstance(r["document_id"], int) for r in rows)
    origin = prov.json("show", str(ORIGIN))
    assert origin["title"] == "The Tavira Deal Will Not End the River Dispute"
    assert origin["authors"] == ["Helena Varga"]
    assert origin["published"] == "2025-06-11" and origin["date_source"] == "markup"
    assert origin["outlet"] == {"id": origin["outlet"]["id"], "name": "The Meridian Review",
                                "domain": "meridianreview.example"}
    assert len(origin["sha256"]) == 64
    assert "Valdoria agreed to release 40 percent more water" in origin["text"]
    assert origin["attributions"] == [] and origin["sources"] == [] and origin["flags"] == []


def test_two_documents_of_one_outlet_share_the_outlet(prov, count_rows) -> None:
    prov("ingest", str(STORY_HTML))
    interview = prov.json("show", str(STORY_HTML / "05-observer-interview.html"))
    library = prov.json("show", str(STORY_HTML / "06-observer-library.html"))
    assert interview["outlet"]["id"] == library["outlet"]["id"]
    assert count_rows("outlet") == 6


def test_ingesting_again_changes_nothing(prov, count_rows) -> None:
    first = prov.json_lines("ingest", str(STORY_TEXT))
    again = prov.json_lines("ingest", str(STORY_TEXT))
    assert [r["status"] for r in again] == ["unchanged"] * 7
    assert [r["document_id"] for r in again] == [r["document_id"] for r in first]
    assert count_rows("document") == 7 and count_rows("snapshot") == 7 and count_rows("revision") == 7


def test_a_changed_file_becomes_a_revision_and_the_old_text_stays(prov, tmp_path, count_rows) -> None:
    path = tmp_path / "story.txt"
    path.write_text("The commission will meet in September.\nIt has met twice since 2019.\n")
    first = prov.json_lines("ingest", str(path))[0]
    path.write_text("The commission will meet in October.\nIt has met twice since 2019.\n")
    second = prov.json_lines("ingest", str(path))[0]
    assert (first["status"], second["status"]) == ("new", "revised")
    assert first["document_id"] == second["document_id"]
    shown = prov.json("show", str(path))
    assert "October" in shown["text"] and shown["revisions"] == 2
    assert count_rows("revision") == 2 and count_rows("snapshot") == 2
    path.write_text("The commission will meet in October.\n It has met   twice since 2019.")
    assert prov.json_lines("ingest", str(path))[0]["status"] == "unchanged"


def test_the_same_text_at_another_place_is_a_new_document(prov, tmp_path) -> None:
    copy = tmp_path / "copy.html"
    shutil.copy(ORIGIN, copy)
    a = prov.json_lines("ingest", str(ORIGIN))[0]
    b = prov.json_lines("ingest", str(copy))[0]
    assert b["status"] == "new" and b["document_id"] != a["document_id"]


def test_text_files_ingest_as_text(prov) -> None:
    rows = prov.json_lines("ingest", str(STORY_TEXT / "03-forum-repost.txt"))
    shown = prov.json("show", rows[0]["document_id"].__str__())
    assert "[KestrelNews] Ostmark has welcomed a new water-sharing deal" in shown["text"]
    assert shown["url"] is None and shown["path"] == str((STORY_TEXT / "03-forum-repost.txt").resolve())


def test_a_warc_yields_one_document_per_html_response(prov) -> None:
    rows = prov.json_lines("ingest", str(STORY_WARC))
    assert [r["status"] for r in rows] == ["new"] * 3
    assert rows[0]["url"] == "https://www.meridianreview.example/2025/06/11/tavira-deal-will-not-end-river-dispute/"
    shown = prov.json("show", rows[0]["url"])
    assert shown["retrieved"] == "2025-07-01T10:00:00Z"
    assert shown["outlet"]["domain"] == "meridianreview.example"
    assert [r["status"] for r in prov.json_lines("ingest", str(STORY_WARC))] == ["unchanged"] * 3


def test_list_file_and_stdin(prov, tmp_path) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text(f"# the story\n{STORY_TEXT / '01-meridian-origin.txt'}\n\n  {STORY_TEXT / '02-kestrel-rewrite.txt'}\n")
    rows = prov.json_lines("ingest", "--list", str(listing))
    assert [r["status"] for r in rows] == ["new", "new"]
    result = prov("ingest", "-", "--format", "json", input=f"{STORY_TEXT / '01-meridian-origin.txt'}\n# skip\n")
    assert result.exit_code == 0 and '"status": "unchanged"' in result.stdout


def test_user_metadata_overrides_what_is_read(prov) -> None:
    prov("ingest", str(STORY_TEXT / "06-observer-library.txt"), "--outlet", "The Lowland Observer",
         "--author", "Anika Dahl", "--date", "2025-06-15", "--title", "Library reopens",
         "--url", "https://lowlandobserver.example/2025/06/15/harrow-street-library-reopens/")
    shown = prov.json("show", "https://lowlandobserver.example/2025/06/15/harrow-street-library-reopens/")
    assert shown["title"] == "Library reopens" and shown["authors"] == ["Anika Dahl"]
    assert shown["published"] == "2025-06-15" and shown["date_source"] == "user"
    assert shown["outlet"]["name"] == "The Lowland Observer"
    assert shown["metadata_sources"]["authors"] == "user"


def test_human_output_and_summary(prov) -> None:
    result = prov("ingest", str(STORY_TEXT / "01-meridian-origin.txt"), str(STORY_TEXT / "missing.txt"))
    assert result.exit_code == 1
    assert result.stdout == f"new       #1      {STORY_TEXT / '01-meridian-origin.txt'}\n"
    assert result.stderr.splitlines() == [
        f"Error: {STORY_TEXT / 'missing.txt'}: no such file or folder",
        "ingest: 1 new, 0 unchanged, 0 revised, 1 failed",
        f"  failed: {STORY_TEXT / 'missing.txt'}: no such file or folder",
    ]
    quiet = prov("ingest", "-q", str(STORY_TEXT / "01-meridian-origin.txt"))
    assert quiet.exit_code == 0 and quiet.stderr == ""


# --- bad input: one clear line each, nothing half-written, the batch goes on ----


def bad(prov, path: Path) -> dict:
    rows = prov.json_lines("ingest", str(path), str(STORY_TEXT / "01-meridian-origin.txt"))
    assert [r["status"] for r in rows] == ["failed", "new"], rows
    assert rows[0]["document_id"] is None
    return rows[0]


def test_missing_file(prov, tmp_path) -> None:
    assert bad(prov, tmp_path / "nope.html")["error"] == f"{tmp_path / 'nope.html'}: no such file or folder"


def test_empty_file(prov, tmp_path) -> None:
    (tmp_path / "empty.html").write_bytes(b"  \n")
    assert bad(prov, tmp_path / "empty.html")["error"] == f"{tmp_path / 'empty.html'}: empty file"


def test_binary_file_posing_as_html(prov, tmp_path) -> None:
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(300))
    assert bad(prov, tmp_path / "photo.html")["error"] == (
        f"{tmp_path / 'photo.html'}: binary content (a PNG image), not HTML or text")


def test_broken_encoding(prov, tmp_path) -> None:
    # Declared UTF-16 by its byte-order mark, then bytes that are not UTF-16 at all.
    (tmp_path / "broken.html").write_bytes(b"\xff\xfe<\x00h\x00" + b"\x00\xd8" * 3 + b"<\x00/\x00")
    assert bad(prov, tmp_path / "broken.html")["error"] == (
        f"{tmp_path / 'broken.html'}: broken encoding: invalid utf-16-le after its byte-order mark")


def test_mixed_encoding_is_repaired_not_refused(prov, tmp_path) -> None:
    page = "<html><body><article><p>" + "Le caf\u00e9 de la place a rouvert samedi. " * 20 + "</p></article></body></html>"
    (tmp_path / "mixed.html").write_bytes(page.encode("utf-8").replace(b"samedi.", b"samedi\xe9.", 1))
    row = prov.json_lines("ingest", str(tmp_path / "mixed.html"))[0]
    assert row["status"] == "new"
    assert "caf\u00e9" in prov.json("show", str(row["document_id"]))["text"]


def test_unreadable_file(prov, db_url) -> None:
    folder = world_enterable_dir()  # root's pytest folders are closed to the unprivileged reader
    try:
        secret = folder / "secret.html"
        shutil.copy(ORIGIN, secret)
        secret.chmod(0o000)
        if not is_root():
            assert bad(prov, secret)["error"] == f"{secret}: permission denied (cannot read the file)"
            return
        # root reads anything: the child reads its inputs as nobody (and only those: see unprivileged.py).
        out = run_ingest_unprivileged(db_url, str(secret), cwd=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert out.returncode == 1, out.stderr
    assert f"Error: {secret}: permission denied (cannot read the file)" in out.stderr


def test_folder_with_nothing_ingestible(prov, tmp_path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "sub").mkdir()
    assert bad(prov, tmp_path)["error"] == (
        f"{tmp_path}: no ingestible files in this folder (.html, .htm, .txt, .md, .warc, and any of these with .gz)")


def test_malformed_warc_keeps_the_good_records(prov, tmp_path) -> None:
    good = gzip.decompress(STORY_WARC.read_bytes())
    cut = good.index(b"WARC/1.0", good.index(b"WARC-Type: response") + 10)
    broken = tmp_path / "broken.warc"
    broken.write_bytes(good[:cut] + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: zebra\r\n\r\ngarbage")
    rows = prov.json_lines("ingest", str(broken))
    assert [r["status"] for r in rows] == ["new", "failed"]
    assert rows[1]["error"] == (f"{broken}: malformed WARC after 1 good records "
                                "(the record for response has no valid Content-Length)")


def test_a_warc_cut_short_keeps_the_records_before_the_cut(prov, tmp_path) -> None:
    good = gzip.decompress(STORY_WARC.read_bytes())
    second = good.index(b"WARC-Type: response", good.index(b"WARC-Type: response") + 10)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(good[: second + 400])
    rows = prov.json_lines("ingest", str(cut))
    assert [r["status"] for r in rows] == ["new", "failed"]
    assert rows[1]["error"].startswith(f"{cut}: malformed WARC after 1 good records (")
    assert prov("ingest", str(cut)).exit_code == 1


def test_not_a_warc_at_all(prov, tmp_path) -> None:
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not a web archive\n" * 5)
    row = prov.json_lines("ingest", str(junk))[0]
    assert row["status"] == "failed" and row["error"].startswith(f"{junk}: malformed WARC")


@pytest.mark.parametrize(("value", "reason"), [("2025-13-01", "is not a date (use YYYY-MM-DD)"),
                                                ("yesterday", "is not a date (use YYYY-MM-DD)"),
                                                ("2999-01-01", "is in the future")])
def test_bad_date_option(prov, value, reason, db_url) -> None:
    from provenance.db import Database

    result = prov("ingest", str(ORIGIN), "--date", value)
    assert result.exit_code == 2
    assert f"Invalid value for '--date': '{value}' {reason}" in result.stderr
    assert Database(db_url).current_revision() is None  # refused before anything was written


def test_url_option_names_one_document(prov) -> None:
    result = prov("ingest", str(STORY_HTML), "--url", "https://x.example/a")
    assert result.exit_code == 2 and "--url names one document" in result.stderr


def test_no_sources_is_a_usage_error(prov) -> None:
    result = prov("ingest")
    assert result.exit_code == 2 and "give at least one source" in result.stderr


def test_worker_processes_and_in_process_extraction_agree(db_url, tmp_path) -> None:
    from conftest import Prov
    from provenance.db import Database

    other = f"sqlite:///{tmp_path / 'one-process.db'}"
    many = Prov(db_url).json_lines("ingest", "--processes", "2", str(STORY_TEXT), str(STORY_HTML))
    one = Prov(other).json_lines("ingest", "--processes", "1", str(STORY_TEXT), str(STORY_HTML))
    assert [(r["input"], r["status"]) for r in many] == [(r["input"], r["status"]) for r in one]
    for a, b in zip(many, one, strict=True):
        left = Prov(db_url).json("show", str(a["document_id"]))
        right = Prov(other).json("show", str(b["document_id"]))
        for key in ("title", "authors", "published", "text", "quotes"):
            assert left[key] == right[key]
        assert [x["evidence"] for x in left["attributions"]] == [x["evidence"] for x in right["attributions"]]
    Database(other).dispose()
