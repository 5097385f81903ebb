"""`prov export` and `prov import`: the archive out as JSON lines, PROV and WARC, and back in without loss."""

from __future__ import annotations

import gzip
import hashlib
import json

from warcio.archiveiterator import ArchiveIterator

from conftest import STORY_HTML, STORY_TEXT, STORY_WARC, Prov

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"


def rows_of(path) -> list[dict]:
    """The rows of an export, without its header (which says when it was made) and its end record."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["type"] == "provenance-export"
    assert json.loads(lines[-1])["type"] == "provenance-export-end"
    return [json.loads(line) for line in lines[1:-1]]


def filled(prov: Prov) -> None:
    prov("ingest", str(STORY_HTML), str(STORY_TEXT), str(STORY_WARC))
    docs = {d["path"].rsplit("/", 1)[1]: d["id"] for d in prov.json_lines("docs", "--limit", "0")
            if d["path"] and not d["path"].endswith(".gz")}
    result = prov("link", str(docs["05-observer-interview.txt"]), str(docs["01-meridian-origin.txt"]),
                  "--relation", "cites", "--note", "the gauge figures come from the review", "--by", "desk")
    assert result.exit_code == 0, result.output
    assert prov("outlet", "rate", "Dispatch Forum", "40", "--source", "desk", "--date", "2026-11-01").exit_code == 0


def test_export_and_import_round_trip_loses_nothing(prov, another_db_url, tmp_path) -> None:
    filled(prov)
    first = tmp_path / "archive.jsonl"
    result = prov("export", "-o", str(first))
    assert result.exit_code == 0 and "written to" in result.stderr
    rows = rows_of(first)
    tables = {r["table"] for r in rows}
    assert {"outlet", "document", "snapshot", "attribution", "quote", "reuse_link", "lineage_edge",
            "correction", "outlet_rating"} <= tables
    assert not tables & {"reuse_posting", "reuse_band", "reuse_signature"}  # computed again on import
    restored = Prov(another_db_url())
    result = restored("import", str(first), "--processes", "1")
    assert result.exit_code == 0, result.output
    second = tmp_path / "again.jsonl"
    restored("export", "-o", str(second))
    assert rows_of(second) == rows  # every row of every table, byte for byte
    # The restored archive works as the original: the same trace, the same reuse links, the same corrections.
    assert restored.json("trace", CLAIM) == prov.json("trace", CLAIM)
    assert restored.json("corrections") == prov.json("corrections")
    some = rows[[r["table"] for r in rows].index("reuse_link")]["row"]["document_a_id"]
    assert restored.json("reuse", str(some)) == prov.json("reuse", str(some))
    # Its reuse index was rebuilt: a new copy finds the restored documents it copies.
    copy = tmp_path / "copy.txt"
    copy.write_text((STORY_TEXT / "02-kestrel-rewrite.txt").read_text(encoding="utf-8").replace(
        "Kestrel", "Kestral"), encoding="utf-8")
    restored("ingest", str(copy))
    links = restored.json("reuse", str(copy))["links"]
    assert len(links) >= 2 and {lk["relation"] for lk in links} & {"duplicate", "repost"}
    # New rows get new ids after the restored ones.
    assert restored.json("show", str(copy))["id"] > max(r["row"]["id"] for r in rows if r["table"] == "document")


def test_import_refuses_what_it_cannot_restore_and_writes_nothing(prov, another_db_url, tmp_path) -> None:
    filled(prov)
    good = tmp_path / "archive.jsonl"
    prov("export", "-o", str(good))
    # Into a database that holds documents already.
    result = prov("import", str(good))
    assert result.exit_code == 1 and "the database is not empty" in result.output
    # A file that is not an export, and one with a broken line halfway: nothing is written.
    target = Prov(another_db_url())
    other = tmp_path / "notes.jsonl"
    other.write_text('{"hello": 1}\n', encoding="utf-8")
    result = target("import", str(other))
    assert result.exit_code == 1 and f"{other}: not a prov export" in result.output
    lines = good.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines[: len(lines) // 2] + ["{not json"] + lines[len(lines) // 2:]) + "\n",
                      encoding="utf-8")
    result = target("import", str(broken))
    assert result.exit_code == 1 and "is not JSON" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert target.json_lines("docs") == []
    # Made for a schema whose tables differ (0002): refused; for one whose tables are these (0003): restored.
    header, *rest = lines
    for schema, code in (("0002", 1), ("0003", 0)):
        older = tmp_path / f"schema-{schema}.jsonl"
        older.write_text("\n".join([json.dumps({**json.loads(header), "schema": schema}), *rest]) + "\n",
                         encoding="utf-8")
        result = target("import", str(older))
        assert result.exit_code == code, result.output
        if code:
            assert "made for schema 0002" in result.output
    assert len(target.json_lines("docs", "--limit", "0")) == len(prov.json_lines("docs", "--limit", "0"))


def test_export_warc_holds_every_snapshot_and_reads_back(prov, another_db_url, tmp_path) -> None:
    filled(prov)
    out = tmp_path / "evidence.warc.gz"
    result = prov("export", "--format", "warc", "-o", str(out))
    assert result.exit_code == 0, result.output
    docs = prov.json_lines("docs", "--limit", "0")
    hashes = {d["sha256"] for d in docs}
    records = []
    with gzip.open(out, "rb") as raw, open(out, "rb") as fh:
        assert raw.read(4) == b"WARC"
        for record in ArchiveIterator(fh):
            body = record.content_stream().read()
            records.append((record.rec_type, record.rec_headers.get_header("X-Provenance-SHA256"),
                            hashlib.sha256(body).hexdigest(), record.http_headers))
    assert len(records) == len(docs)
    assert {r[1] for r in records} == hashes and all(r[1] == r[2] for r in records)
    # Archived pages stay responses with their HTTP status; files read from disk are resources.
    assert {r[0] for r in records} == {"response", "resource"}
    assert all(r[3].get_statuscode() == "200" for r in records if r[0] == "response")
    # The exported WARC ingested again is the same documents.
    again = prov("ingest", str(out))
    assert f"0 new, {len(docs)} unchanged" in again.stderr
    fresh = Prov(another_db_url())
    fresh("ingest", str(out))
    assert len(fresh.json_lines("docs", "--limit", "0")) == len(docs)


def test_export_prov_json_is_the_whole_lineage_graph(prov) -> None:
    from prov.model import ProvDerivation, ProvDocument

    filled(prov)
    document = ProvDocument.deserialize(content=prov("export", "--format", "prov-json").stdout, format="json")
    derivations = {(r.formal_attributes[0][1].localpart, r.formal_attributes[1][1].localpart)
                   for r in document.get_records(ProvDerivation)}
    edges = set()
    for doc in prov.json_lines("docs", "--limit", "0"):
        for source in prov.json("show", str(doc["id"]))["sources"]:
            if source["document_id"] is not None:
                edges.add((f"doc-{doc['id']}", f"doc-{source['document_id']}"))
    assert edges and edges <= derivations


def test_an_imported_archive_traces_chinese_claims(prov, another_db_url, tmp_path) -> None:
    (tmp_path / "zh.txt").write_text("水库今年将多放百分之四十的水。农民表示欢迎。", encoding="utf-8")
    prov("ingest", str(tmp_path / "zh.txt"), str(STORY_TEXT / "01-meridian-origin.txt"))
    claim = "水库今年将多放百分之四十的水"
    here = [o["snippet"] for o in prov.json("trace", claim)["occurrences"]]
    assert here == ["水库今年将多放百分之四十的水"]
    prov("export", "-o", str(tmp_path / "archive.jsonl"))
    target = Prov(another_db_url())
    assert target("import", str(tmp_path / "archive.jsonl")).exit_code == 0
    assert [o["snippet"] for o in target.json("trace", claim)["occurrences"]] == here
