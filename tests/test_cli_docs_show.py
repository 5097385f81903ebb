"""`prov docs` and `prov show`: listing, full-text search, filters, lookups by id, URL and path."""

from __future__ import annotations

from conftest import STORY_HTML, STORY_TEXT


def test_docs_lists_newest_first_with_outlet_and_title(prov) -> None:
    prov("ingest", str(STORY_HTML))
    lines = prov("docs").stdout.splitlines()
    assert lines[0].split() == ["id", "date", "outlet", "author", "title"]
    assert lines[1].split()[1] == "2025-06-21"
    assert "The Lowland Observer" in lines[1]
    assert lines[-1].split()[1] == "-"  # the undated aggregator page sorts last


def test_docs_full_text_query(prov) -> None:
    prov("ingest", str(STORY_HTML))
    found = prov.json_lines("docs", "gauges hydrologist")
    assert [d["title"] for d in found] == ["After the Tavira Deal, Engineers Turn to the Gauges"]
    assert "text" not in found[0] and found[0]["authors"] == ["Tomas Reyes"]
    assert prov.json_lines("docs", "rooftop garden library")[0]["title"].startswith("Harrow Street")
    assert prov.json_lines("docs", "zeppelin") == []
    many = {d["title"] for d in prov.json_lines("docs", "Valdoria 40 percent")}
    assert len(many) == 5


def test_search_follows_a_revision(prov, tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The dam at Tavira releases water in July.")
    prov("ingest", str(path))
    path.write_text("The barrage at Tavira releases water in August.")
    prov("ingest", str(path))
    assert len(prov.json_lines("docs", "barrage")) == 1
    assert prov.json_lines("docs", "dam July") == []


def test_docs_filters(prov) -> None:
    prov("ingest", str(STORY_HTML))
    observer = prov.json_lines("docs", "--outlet", "The Lowland Observer")
    assert len(observer) == 2
    assert len(prov.json_lines("docs", "--outlet", "lowlandobserver.example")) == 2
    window = prov.json_lines("docs", "--since", "2025-06-12", "--until", "2025-06-15")
    assert sorted(d["published"] for d in window) == ["2025-06-12", "2025-06-13", "2025-06-14", "2025-06-15"]
    assert len(prov.json_lines("docs", "--limit", "2")) == 2
    assert len(prov.json_lines("docs", "--limit", "0")) == 7
    result = prov("docs", "--outlet", "Nowhere Gazette")
    assert result.exit_code == 1 and result.stderr == "Error: Nowhere Gazette: no such outlet\n"


def test_show_by_id_url_and_path(prov, web) -> None:
    url = web.url("/story/01-meridian-origin.html")
    row = prov.json_lines("ingest", "--allow-private", url)[0]
    text_row = prov.json_lines("ingest", str(STORY_TEXT / "01-meridian-origin.txt"))[0]
    assert prov.json("show", str(row["document_id"]))["id"] == row["document_id"]
    assert prov.json("show", url)["id"] == row["document_id"]
    assert prov.json("show", str(STORY_TEXT / "01-meridian-origin.txt"))["id"] == text_row["document_id"]


def test_show_human_output(prov) -> None:
    prov("ingest", str(STORY_HTML / "05-observer-interview.html"))
    out = prov("show", "1").stdout
    assert out.startswith("#1  After the Tavira Deal, Engineers Turn to the Gauges  [markup]\n")
    assert "authors:   Tomas Reyes  [markup]" in out
    assert "published: 2025-06-21  [markup]" in out
    assert "evidence:\n" in out and "sha256:" in out
    assert "told The Lowland Observer" in " ".join(out.split())


def test_show_unknown_document(prov) -> None:
    prov("ingest", str(STORY_TEXT / "01-meridian-origin.txt"))
    result = prov("show", "999")
    assert result.exit_code == 1
    assert result.stderr == "Error: 999: no such document (give an id, a URL or an ingested path)\n"


def test_show_json_has_the_contract_fields(prov) -> None:
    prov("ingest", str(STORY_HTML / "02-kestrel-rewrite.html"))
    shown = prov.json("show", "1")
    for key in ("id", "url", "title", "outlet", "authors", "published", "date_source", "retrieved",
                "sha256", "text", "attributions", "quotes", "sources", "derivatives", "flags"):
        assert key in shown
    assert shown["retrieved"].endswith("Z") and len(shown["retrieved"]) == 20
