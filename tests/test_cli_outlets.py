"""Outlets through the command line and through ingest: registry, user outlets, resolution."""

from __future__ import annotations

from conftest import STORY_HTML, STORY_TEXT


def test_registry_is_listed_and_has_300_outlets(prov, db) -> None:  # db: an archive made (read-only commands make none)
    rows = prov.json_lines("outlet", "list")
    assert len(rows) >= 300
    wires = {r["name"] for r in prov.json_lines("outlet", "list", "--kind", "wire")}
    assert {"Reuters", "Associated Press of Pakistan", "Press Trust of India", "Khaama Press"} <= wires


def test_add_and_alias(prov) -> None:
    out = prov("outlet", "add", "Kestrel News Agency", "--domain", "kestrelnews.example", "--kind", "wire")
    assert out.exit_code == 0 and out.stdout.startswith("outlet #1 Kestrel News Agency")
    assert prov("outlet", "alias", "KestrelNews", "Kestrel Wire").stdout == "Kestrel Wire -> Kestrel News Agency\n"
    mine = [r for r in prov.json_lines("outlet", "list") if r["origin"] == "database"]
    assert mine == [{"id": 1, "name": "Kestrel News Agency", "kind": "wire", "domains": ["kestrelnews.example"],
                     "aliases": ["Kestrel Wire"], "verified": True, "origin": "database"}]
    clash = prov("outlet", "add", "Other Wire", "--domain", "kestrelnews.example")
    assert clash.exit_code == 1 and clash.stderr == "Error: kestrelnews.example: already a domain of Kestrel News Agency\n"


def test_ambiguous_and_unknown_names(prov) -> None:
    result = prov("outlet", "alias", "ORF", "Orf")
    assert result.exit_code == 1 and result.stderr == "Error: ORF: ambiguous, could be ORF, Observer Research Foundation\n"
    result = prov("outlet", "alias", "Nowhere Gazette", "NG")
    assert result.exit_code == 1 and "no such outlet" in result.stderr


def test_ingested_text_reads_like_the_page(prov) -> None:
    rows = prov.json_lines("ingest", str(STORY_TEXT))
    by_name = {r["input"].rsplit("/", 1)[1]: prov.json("show", str(r["document_id"])) for r in rows}
    forum = by_name["03-forum-repost.txt"]
    assert forum["published"] == "2025-06-13" and forum["date_source"] == "text"
    assert forum["authors"] == ["night owl"] and forum["outlet"]["name"] == "Dispatch Forum"
    assert "Your e-mail" not in forum["text"]
    tag = next(a for a in forum["attributions"] if a["evidence"] == "[KestrelNews]")
    assert tag["kind"] == "marker" and forum["text"][tag["start"]:tag["end"]] == "[KestrelNews]"
    kestrel = by_name["02-kestrel-rewrite.txt"]
    assert tag["source_outlet_id"] == kestrel["outlet"]["id"]  # KestrelNews = Kestrel News Agency
    wrote = next(a for a in kestrel["attributions"] if a["kind"] == "prose")
    assert wrote["evidence"] == "wrote on Wednesday in The Meridian Review"
    assert wrote["source_outlet_id"] == by_name["01-meridian-origin.txt"]["outlet"]["id"]
    digest = by_name["04-digest-summary.txt"]
    assert digest["attributions"][0]["source"] == "meridianreview.example" and digest["published"] is None
    interview = by_name["05-observer-interview.txt"]
    assert [(q["speaker"], q["primary"]) for q in interview["quotes"]] == [
        ("Marta Lindqvist", True), ("Marta Lindqvist", True), ("Piet Andersen", True), ("Piet Andersen", True)]


def test_registry_outlets_are_found_by_name_and_domain(prov, tmp_path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("Dawn\nBy Staff Reporter\nThe provincial cabinet met on Monday to approve the budget for the "
                    "new year, officials said.\nAccording to Reuters, the talks resumed on Tuesday in Doha with "
                    "both delegations present.\n")
    shown = prov.json("show", str(prov.json_lines("ingest", str(page))[0]["document_id"]))
    assert shown["outlet"]["name"] == "Dawn" and shown["outlet"]["domain"] == "dawn.com"
    (reuters,) = shown["attributions"]
    outlets = {r["name"]: r for r in prov.json_lines("outlet", "list") if r["origin"] == "database"}
    assert reuters["source_outlet_id"] == outlets["Reuters"]["id"] and outlets["Reuters"]["verified"]


def test_html_markup_attribution_of_a_syndicated_copy(prov, tmp_path) -> None:
    page = (STORY_HTML / "02-kestrel-rewrite.html").read_text().replace(
        '<link rel="canonical" href="https://kestrelnews.example/',
        '<meta name="original-source" content="https://www.meridianreview.example/2025/06/11/tavira-deal-will-not-end-river-dispute/">\n'
        '<link rel="canonical" href="https://kestrelnews.example/')
    (tmp_path / "copy.html").write_text(page)
    row = prov.json_lines("ingest", str(tmp_path / "copy.html"), "--url", "https://mirror.example/world/ostmark-deal-2025")
    shown = prov.json("show", str(row[0]["document_id"]))
    kinds = {(a["kind"], a["source"]) for a in shown["attributions"]}
    assert ("markup", "kestrelnews.example") in kinds  # canonical on another domain
    assert ("markup", "meridianreview.example") in kinds  # original-source tag
    assert shown["outlet"]["domain"] == "mirror.example"
