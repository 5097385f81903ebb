"""Issue 18, what people import: exports checked before restoring, rating files read as published,
outlet aliases that cannot take another outlet's name, and lineage links that cannot loop."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import STORY_TEXT, Prov

EXPECTED = "prov import reads the JSON lines that prov export --format jsonl writes"


def exported(prov: Prov, tmp_path: Path) -> list[dict]:
    """The story's text files ingested and exported: the export's lines, parsed."""
    assert prov("ingest", str(STORY_TEXT), "-q").exit_code == 0
    out = tmp_path / "archive.jsonl"
    assert prov("export", "-o", str(out)).exit_code == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def line_of(records: list[dict], table: str, nth: int = 0) -> int:
    """The 1-based line number of the NTH row of TABLE."""
    return [i for i, r in enumerate(records, 1) if r.get("table") == table][nth]


def refused(target: Prov, path: Path, message: str) -> None:
    """The import fails with exactly one line, MESSAGE, and the target stays empty."""
    result = target("import", str(path), "--processes", "1")
    assert result.exit_code == 1, result.output
    assert result.output == f"Error: {path}: {message}\n"
    assert target.json_lines("docs", "--limit", "0") == []
    assert target.json_lines("outlets") == []


# 1. Evidence -----------------------------------------------------------------------------------

def test_import_refuses_snapshot_bytes_that_do_not_match_their_sha256(prov, another_db_url, tmp_path) -> None:
    records = exported(prov, tmp_path)
    n = line_of(records, "snapshot", 2)
    snap = records[n - 1]["row"]
    forged = zlib.decompress(base64.b64decode(snap["body"]["$b64"])).replace(b"40 percent", b"90 percent")
    snap["body"] = {"$b64": base64.b64encode(zlib.compress(forged)).decode()}
    target = Prov(another_db_url())
    refused(target, write(tmp_path / "forged.jsonl", records),
            f"line {n}: snapshot {snap['id']}: its bytes do not match its SHA-256 (the evidence was changed or damaged)")
    # Bytes that are not zlib data at all, and a body cut short.
    snap["body"] = {"$b64": base64.b64encode(b"not compressed").decode()}
    refused(target, write(tmp_path / "garbled.jsonl", records),
            f"line {n}: snapshot {snap['id']}: its stored bytes are not zlib data")
    snap["body"] = {"$b64": base64.b64encode(zlib.compress(forged)[:-8]).decode()}
    refused(target, write(tmp_path / "cut.jsonl", records),
            f"line {n}: snapshot {snap['id']}: its stored bytes are cut short")


# 2. An export cut short -----------------------------------------------------------------------

def test_import_refuses_an_export_cut_at_a_line_boundary(prov, another_db_url, tmp_path) -> None:
    records = exported(prov, tmp_path)
    assert records[-1]["type"] == "provenance-export-end"
    assert records[-1]["rows"]["snapshot"] == 7 and records[-1]["rows"]["document"] == 7
    target = Prov(another_db_url())
    # Cut after the documents (they would come in without their snapshots), or only the end record lost.
    for keep in (line_of(records, "snapshot"), len(records) - 1):
        refused(target, write(tmp_path / f"cut-{keep}.jsonl", records[:keep]),
                "ends without its end record: the file is cut short (export it again)")
    # A line taken from the middle (a quote: no row refers to it): the end record counts otherwise.
    gone = line_of(records, "quote", 2)
    refused(target, write(tmp_path / "holed.jsonl", records[: gone - 1] + records[gone:]),
            f"holds 4 quote row(s) where its end record (line {len(records) - 1}) says 5: "
            "the file is cut or edited")
    # A document's snapshot and revision taken out, the counts mended: a document without its evidence.
    thinned = [r for r in records if not (r.get("table") in ("snapshot", "revision") and r["row"]["document_id"] == 5)]
    thinned[-1] = {**thinned[-1], "rows": {**thinned[-1]["rows"], "snapshot": 6, "revision": 6}}
    refused(target, write(tmp_path / "thinned.jsonl", thinned), "document 5 has no snapshot: the file is cut or edited")
    # Lines after the end record.
    refused(target, write(tmp_path / "tail.jsonl", records + [records[1]]),
            f"line {len(records) + 1}: more lines after the end record (line {len(records)})")


def test_an_export_of_an_earlier_prov_imports_with_a_warning_when_whole(prov, another_db_url, tmp_path) -> None:
    records = exported(prov, tmp_path)
    older = [{**records[0], "version": 1}, *records[1:-1]]  # format 1 had no end record
    target = Prov(another_db_url())
    # Cut among the snapshots: a document without its evidence is refused.
    cut = line_of(records, "snapshot", 3)
    refused(target, write(tmp_path / "old-cut.jsonl", older[: cut - 1]),
            "document 4 has no snapshot: the file is cut short (an export of an earlier prov, "
            "without the end record that would tell)")
    whole = write(tmp_path / "old.jsonl", older)
    result = target("import", str(whole), "--processes", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"warning: {whole}: made by an earlier prov (format 1, no end record): every document has its snapshot "
        "and revision, but a file cut short after them cannot be told from a whole one")
    assert len(target.json_lines("docs", "--limit", "0")) == 7
    # Today's exports import without a warning.
    fresh = Prov(another_db_url())
    result = fresh("import", str(tmp_path / "archive.jsonl"), "--processes", "1")
    assert result.exit_code == 0 and "warning" not in result.stderr


# 3. Rows the database would refuse -------------------------------------------------------------

def test_import_names_the_line_of_a_broken_reference_a_duplicate_or_a_bad_date(prov, another_db_url,
                                                                               tmp_path) -> None:
    records = exported(prov, tmp_path)
    target = Prov(another_db_url())

    def case(name: str, edit, message: str) -> None:
        copy = json.loads(json.dumps(records))
        n = edit(copy)
        refused(target, write(tmp_path / f"{name}.jsonl", copy), f"line {n}: {message}")

    def broken_reference(copy: list[dict]) -> int:
        n = line_of(copy, "revision", 1)
        copy[n - 1]["row"]["document_id"] = 99
        return n

    def broken_outlet(copy: list[dict]) -> int:
        n = line_of(copy, "document", 0)
        copy[n - 1]["row"]["outlet_id"] = 42
        return n

    def duplicate_key(copy: list[dict]) -> int:
        n = line_of(copy, "document", 2)
        copy.insert(n, copy[n - 1])
        return n + 1

    def duplicate_locator(copy: list[dict]) -> int:
        n = line_of(copy, "document", 3)
        copy[n - 1]["row"]["locator"] = copy[n - 2]["row"]["locator"]
        return n

    def bad_date(copy: list[dict]) -> int:
        n = line_of(copy, "document", 1)
        copy[n - 1]["row"]["published"] = {"$date": "2025-02-30"}
        return n

    def date_as_text(copy: list[dict]) -> int:
        n = line_of(copy, "document", 1)
        copy[n - 1]["row"]["published"] = "yesterday"
        return n

    def naive_time(copy: list[dict]) -> int:
        n = line_of(copy, "snapshot", 0)
        copy[n - 1]["row"]["fetched_at"] = {"$dt": "2026-11-01T10:00:00"}
        return n

    def missing(copy: list[dict]) -> int:
        n = line_of(copy, "revision", 0)
        del copy[n - 1]["row"]["text_hash"]
        return n

    def huge_number(copy: list[dict]) -> int:
        n = line_of(copy, "quote", 0)
        copy[n - 1]["row"]["start"] = 2**40
        return n

    def nul(copy: list[dict]) -> int:
        n = line_of(copy, "author", 0)
        copy[n - 1]["row"]["name"] = "Helena\x00Varga"
        return n

    case("ref", broken_reference, "revision.document_id refers to document 99, which the export does not hold "
                                  "before this line")
    case("outlet-ref", broken_outlet, "document.outlet_id refers to outlet 42, which the export does not hold "
                                      "before this line")
    case("dup", duplicate_key, "a second document row with id 3")
    locator = records[line_of(records, "document", 2) - 1]["row"]["locator"]
    case("dup-locator", duplicate_locator, f"a second document row with locator {locator[:100]!r}")
    case("date", bad_date, "document.published: '2025-02-30' is not a date (YYYY-MM-DD)")
    case("date-text", date_as_text, "document.published 'yesterday' is not a date (YYYY-MM-DD)")
    case("naive", naive_time, "snapshot.fetched_at is a date and time without its time zone")
    case("missing", missing, "revision.text_hash is missing")
    case("huge", huge_number, "quote.start is out of range")
    case("nul", nul, "author.name holds a NUL character")

    def surrogate(copy: list[dict]) -> int:
        n = line_of(copy, "author", 1)
        copy[n - 1]["row"]["name"] = "Kestrel \ud800"
        return n

    case("surrogate", surrogate, "author.name holds a lone surrogate (\\ud800-\\udfff), which is not text")


def test_a_row_the_database_still_refuses_is_named_by_its_line(db, tmp_path) -> None:
    """Past the checks, the database has the last word: the row it refuses is named, nothing is kept."""
    from provenance.errors import InputError
    from provenance.exchange import exported_tables, flush

    tables = {t.name: t for t in exported_tables()}
    rows = [(2, {"id": 1, "name": "A", "key": "a"}), (3, {"id": 2, "name": "B", "key": "a"})]  # author.key is unique
    session = db.session()
    with pytest.raises(InputError) as caught, session.begin():
        flush(session, tables, {"author": rows}, "archive.jsonl")
    session.close()
    assert str(caught.value).startswith("archive.jsonl: line 3: the database refused this author row (")
    assert "\n" not in str(caught.value)
    with db.session() as session:
        assert session.execute(text("SELECT count(*) FROM author")).scalar_one() == 0


# 4. Files that are not exports -----------------------------------------------------------------

def test_import_says_what_a_file_is_when_it_is_not_an_export(prov, another_db_url, tmp_path) -> None:
    assert prov("ingest", str(STORY_TEXT), "-q").exit_code == 0
    warc = tmp_path / "evidence.warc.gz"
    assert prov("export", "--format", "warc", "-o", str(warc)).exit_code == 0
    graph = tmp_path / "graph.json"
    graph.write_text(prov("export", "--format", "prov-json").stdout, encoding="utf-8")
    assert "\n" not in graph.read_text(encoding="utf-8").strip() and graph.stat().st_size > 4096  # (one long line)
    prov("export", "-o", str(tmp_path / "archive.jsonl"))
    packed = tmp_path / "archive.jsonl.gz"
    packed.write_bytes(gzip.compress((tmp_path / "archive.jsonl").read_bytes()))
    files = {
        "evidence.warc.gz": (None, "a gzip-compressed WARC file, as prov export --format warc writes "
                                   "(add its records with prov ingest FILE)"),
        "graph.json": (None, "PROV-JSON, as prov export --format prov-json writes (it holds the lineage graph, "
                             "not the archive)"),
        "archive.jsonl.gz": (None, "a gzip-compressed export (gunzip it first)"),
        "empty.jsonl": (b"", "an empty file"),
        "blank.jsonl": (b"\n  \n", "an empty file"),
        "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)), "a binary file, not UTF-8 text"),
        "nul.bin": (b"abc\x00def\n", "a binary file"),
        "other.gz": (gzip.compress(b"hello\n"), "a gzip-compressed file"),
        "pretty.json": (b'{\n  "hello": 1\n}\n', "JSON, but not one object per line"),
        "list.json": (b'[{"table": "document"}]\n', "JSON, but its first line is not the header of a prov export"),
        "notes.txt": (b"some notes\n", "text, not JSON"),
        "long.txt": (b"word " * 2000, "text, not JSON"),
        "long.json": (json.dumps({"rows": list(range(2000))}).encode(),
                      "JSON, but its first line is not the header of a prov export"),
        "crawl.warc": (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n", "a WARC file (add its records with prov ingest "
                                                                   "FILE)"),
    }
    target = Prov(another_db_url())
    for name, (content, what) in files.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        refused(target, path, f"not a prov export but {what}; {EXPECTED}")


def test_a_line_that_is_not_utf8_or_not_a_row_is_named(prov, another_db_url, tmp_path) -> None:
    records = exported(prov, tmp_path)
    path = tmp_path / "mixed.jsonl"
    body = "".join(json.dumps(r) + "\n" for r in records).encode()
    lines = body.splitlines(keepends=True)
    target = Prov(another_db_url())
    path.write_bytes(b"".join(lines[:3] + [b'{"table": "author", "row": "\xff\xfe"}\n'] + lines[3:]))
    refused(target, path, "line 4 is not UTF-8 text")
    for bad in (b"[1, 2]\n", b'"text"\n', b'{"table": "nope", "row": {}}\n'):
        path.write_bytes(b"".join(lines[:3] + [bad] + lines[3:]))
        refused(target, path, "line 4: not a row of a known table")


# 5. Rating files ----------------------------------------------------------------------------------

def rate_file(prov: Prov, path: Path, content: str | bytes, *args: str):
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return prov("outlet", "import-ratings", str(path), "--source", "Study 2024", *args)


def score_of(prov: Prov, name: str) -> float:
    return prov.json("outlet", "show", name)["rating"]["score_0_100"]


def test_bad_rows_do_not_tip_the_scale_guess(prov, tmp_path) -> None:
    # Two good 0-1 scores; placeholders (-1, 999) and rows without a name are not evidence of a scale.
    result = rate_file(prov, tmp_path / "set.csv", "domain,score\nalpha.example,0.8\nbeta.example,0.6\n"
                       "gamma.example,-1\ndelta.example,999\nepsilon.example,-5\n,50\n,70\n,90\n"
                       "zeta.example,n/a\neta.example,N/A\ntheta.example,-\n")
    assert result.exit_code == 0, result.output
    assert "on scale 0-1: 0 matched known outlets, 2 added as new outlets, 9 rejected" in result.stderr
    assert "  line 10: 'n/a' is not a number (scale 0-1)\n" in result.stderr
    assert "  line 4: -1 is outside the 0-1 scale\n" in result.stderr
    assert "  line 5: 999 is outside the 0-1 scale\n" in result.stderr
    assert "  line 7: no domain or name\n" in result.stderr
    assert score_of(prov, "alpha.example") == 80.0 and score_of(prov, "beta.example") == 60.0
    # A 0-100 set whose lowest scores are 0 and 1 is still 0-100.
    result = rate_file(prov, tmp_path / "wide.csv", "domain,score\nzeta.example,0\neta.example,1\n"
                       "theta.example,85\niota.example,40\n")
    assert "on scale 0-100" in result.stderr and score_of(prov, "theta.example") == 85.0


def test_an_ambiguous_scale_is_asked_for(prov, tmp_path) -> None:
    path = tmp_path / "mixed.csv"
    result = rate_file(prov, path, "domain,score\na1.example,0.5\na2.example,0.7\na3.example,40\na4.example,60\n")
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}: the scores in column 'score' fit neither scale clearly "
                             "(2 below 1, 2 above 1): name the scale, 0-1 or 0-100 (--scale)\n")
    assert prov.json_lines("outlets") == []
    result = rate_file(prov, path, path.read_text(encoding="utf-8"), "--scale", "0-100")
    assert result.exit_code == 0 and score_of(prov, "a3.example") == 40.0 and score_of(prov, "a1.example") == 0.5


def test_semicolon_files_with_decimal_commas_are_read(prov, tmp_path) -> None:
    european = "domain;score;remarque\nalpha.example;0,8;très fiable\nbeta.example;0,45;\ngamma.example;élevé;\n"
    result = rate_file(prov, tmp_path / "notes.csv", european.encode("cp1252"))  # as a spreadsheet saves it
    assert result.exit_code == 0, result.output
    assert "from column 'score' on scale 0-1: 0 matched known outlets, 2 added as new outlets, 1 rejected" \
        in result.stderr
    assert "  line 4: 'élevé' is not a number (scale 0-1); worded ratings need the label scale\n" in result.stderr
    assert score_of(prov, "alpha.example") == 80.0 and score_of(prov, "beta.example") == 45.0
    result = rate_file(prov, tmp_path / "tabs.tsv", "site\trating\ndelta.example\t72,5\nepsilon.example\t10\n")
    assert "on scale 0-100" in result.stderr and score_of(prov, "delta.example") == 72.5


def test_worded_scores_without_scale_label_get_the_hint(prov, tmp_path) -> None:
    path = tmp_path / "labels.csv"
    content = "domain,rating\nalpha.example,high\nbeta.example,mixed\ngamma.example,low\n"
    result = rate_file(prov, path, content)
    assert result.exit_code == 1
    assert result.output == f"Error: {path}: the scores in column 'rating' are words (such as 'high'): read them on the label scale (--scale)\n"
    result = rate_file(prov, path, content, "--scale", "label")
    assert result.exit_code == 0 and score_of(prov, "alpha.example") == 80.0


def test_a_name_too_long_is_one_bad_row(prov, tmp_path) -> None:
    long_url = "https://long.example/" + "a" * 300
    result = rate_file(prov, tmp_path / "long.csv", f"domain,score\n{long_url},50\nok.example,60\n")
    assert result.exit_code == 0, result.output
    assert "  line 2: a domain or name longer than 253 characters\n" in result.stderr
    assert score_of(prov, "ok.example") == 60.0


# 6. Aliases -------------------------------------------------------------------------------------

REUTERS_CREDIT = ("Harbour Ledger\nBy Ledger Desk\nLONDON (Reuters) - Valdoria agreed on Tuesday to release 40 "
                  "percent more water from the Tavira Dam this summer, two officials said, ending months of talks.\n"
                  "The deal still needs a vote in parliament, where the ruling party holds a narrow majority.\n")


def test_an_alias_that_names_another_outlet_is_refused(prov, tmp_path) -> None:
    assert prov("outlet", "add", "Harbour Ledger", "--domain", "harbourledger.example").exit_code == 0
    assert prov("outlet", "add", "Kestrel News Agency", "--domain", "kestrelnews.example").exit_code == 0
    # A registry outlet's name, another outlet's alias, and a name that holds another's shorter key.
    for alias, holder in (("Reuters", "Reuters"), ("Kestrel", "Kestrel News Agency"),
                          ("Thomson Reuters", "Reuters")):
        result = prov("outlet", "alias", "Harbour Ledger", alias)
        assert result.exit_code == 1
        assert result.output == f"Error: {alias}: already a name of {holder}; forcing it moves it to Harbour Ledger (--force)\n"
    assert prov("outlet", "alias", "Harbour Ledger", "HL").exit_code == 0
    mine = {r["name"]: r["aliases"] for r in prov.json_lines("outlet", "list") if r["origin"] == "database"}
    assert mine["Harbour Ledger"] == ["HL"]
    # Real "(Reuters)" credits still name Reuters, and make a lineage step to it.
    page = tmp_path / "ledger.txt"
    page.write_text(REUTERS_CREDIT, encoding="utf-8")
    doc = prov.json_lines("ingest", str(page))[0]["document_id"]
    assert [s["outlet"] for s in prov.json("show", str(doc))["sources"]] == ["Reuters"]


def test_force_moves_an_alias_and_unalias_removes_one(prov) -> None:
    assert prov("outlet", "add", "Harbour Ledger").exit_code == 0
    assert prov("outlet", "add", "Kestrel News Agency").exit_code == 0
    assert prov("outlet", "alias", "Kestrel News Agency", "Kestrel Wire").exit_code == 0
    assert prov("outlet", "alias", "Harbour Ledger", "Kestrel Wire").exit_code == 1
    result = prov("outlet", "alias", "Harbour Ledger", "Kestrel Wire", "--force")
    assert result.exit_code == 0 and result.stdout == "Kestrel Wire -> Harbour Ledger\n"
    assert prov.json("outlet", "show", "Kestrel Wire")["name"] == "Harbour Ledger"
    mine = {r["name"]: r["aliases"] for r in prov.json_lines("outlet", "list") if r["origin"] == "database"}
    assert mine == {"Harbour Ledger": ["Kestrel Wire"], "Kestrel News Agency": []}
    # A registry outlet's name moves too, and stays moved.
    assert prov("outlet", "alias", "Harbour Ledger", "Reuters", "--force").exit_code == 0
    assert prov.json("outlet", "show", "Reuters")["name"] == "Harbour Ledger"
    assert prov.json("outlet", "show", "reuters.com")["name"] == "Reuters"
    # unalias: the alias goes; one it does not have, and its own name, are refused.
    result = prov("outlet", "unalias", "Harbour Ledger", "Kestrel Wire")
    assert result.exit_code == 0 and result.stdout == "Kestrel Wire no longer names Harbour Ledger\n"
    result = prov("outlet", "show", "Kestrel Wire")
    assert result.exit_code == 1 and "Kestrel Wire: no such outlet" in result.output
    result = prov("outlet", "unalias", "Harbour Ledger", "Kestrel Wire")
    assert result.exit_code == 1
    assert result.output == "Error: Kestrel Wire: not an alias of Harbour Ledger (its aliases: Reuters)\n"
    result = prov("outlet", "unalias", "Harbour Ledger", "harbour ledger")
    assert result.exit_code == 1
    assert result.output == "Error: harbour ledger: is the name of Harbour Ledger, not an alias\n"
    assert prov("outlet", "unalias", "Harbour Ledger", "Reuters").exit_code == 0
    assert prov.json("outlet", "show", "Harbour Ledger")["aliases"] == []


# 7. Links -------------------------------------------------------------------------------------------

def story_ids(prov: Prov) -> dict[str, int]:
    rows = prov.json_lines("ingest", str(STORY_TEXT))
    return {Path(r["input"]).stem.split("-", 1)[0]: r["document_id"] for r in rows}


def test_a_link_that_makes_a_document_its_own_source_is_refused(prov) -> None:
    ids = story_ids(prov)
    origin, wire, forum, library = ids["01"], ids["02"], ids["03"], ids["06"]
    assert {s["document_id"] for s in prov.json("show", str(forum))["sources"]} == {wire}
    assert {s["document_id"] for s in prov.json("show", str(wire))["sources"]} == {origin}
    result = prov("link", str(forum), str(forum), "--relation", "cites")
    assert result.exit_code == 1 and result.output == f"Error: #{forum} cannot derive from itself\n"
    # The origin from the forum's copy, which derives from the wire, which derives from the origin.
    result = prov("link", str(origin), str(forum), "--relation", "cites")
    assert result.exit_code == 1
    assert result.output == (f"Error: #{origin} cannot derive from #{forum}: #{forum} already derives from "
                             f"#{origin} (#{forum} from #{wire} from #{origin}); unlink the wrong step first\n")
    # A loop through a link made by hand.
    assert prov("link", str(library), str(forum), "--relation", "cites").exit_code == 0
    result = prov("link", str(forum), str(library), "--relation", "cites")
    assert result.exit_code == 1 and f"#{library} already derives from #{forum}" in result.output
    assert [c["action"] for c in prov.json("corrections")] == ["link"]
    chains = prov.json("trace", "--doc", str(origin))["chains"]
    assert all(step["document_id"] != origin for chain in chains for step in chain[1:])
    # Once the wrong step is unlinked, the link is taken.
    assert prov("unlink", str(wire), str(origin)).exit_code == 0
    assert prov("link", str(origin), str(wire), "--relation", "rewrite").exit_code == 0


def test_unlink_of_a_link_that_does_not_exist_records_nothing(prov) -> None:
    ids = story_ids(prov)
    origin, wire, forum = ids["01"], ids["02"], ids["03"]
    assert prov("unlink", str(forum), str(wire)).exit_code == 0  # the one source it had
    for source in (str(wire), "outlet:Reuters", "https://elsewhere.example/a"):
        result = prov("unlink", str(forum), source)
        label = f"#{wire}" if source == str(wire) else source
        assert result.exit_code == 1
        assert result.output == (f"Error: #{forum} does not derive from {label}: no such link to unlink "
                                 "(its sources: none)\n")
    result = prov("unlink", str(origin), str(wire))
    assert result.exit_code == 1
    assert result.output == f"Error: #{origin} does not derive from #{wire}: no such link to unlink (its sources: none)\n"
    assert [c["action"] for c in prov.json("corrections")] == ["unlink"]
