"""Outlet credibility: ratings people give, signals the archive shows, and the laundering flag along a chain."""

from __future__ import annotations

import json

from conftest import STORY_TEXT

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"


def story(prov) -> dict[str, dict]:
    prov("ingest", str(STORY_TEXT))
    return {d["path"].rsplit("/", 1)[1]: d for d in prov.json_lines("docs", "--limit", "0")}


def test_signals_tell_the_originator_the_crediter_and_the_copier_apart(prov) -> None:
    docs = story(prov)
    origin = prov.json("outlet", "show", "The Meridian Review")
    assert origin["signals"]["origins"] == {"num": 1, "den": 1}
    assert origin["signals"]["derived_from_by_others"] >= 2
    agency = prov.json("outlet", "show", "Kestrel News Agency")
    assert agency["signals"]["documents"] == 1
    assert agency["signals"]["origins"] == {"num": 0, "den": 1}
    assert agency["signals"]["credited_derivations"] == {"num": 1, "den": 1}
    assert agency["signals"]["uncredited_reuse"] == 0
    copier = prov.json("outlet", "show", "Harbour Ledger")
    harbour_id = docs["07-harbour-copy.txt"]["id"]
    assert copier["signals"]["credited_derivations"] == {"num": 0, "den": 1}
    assert copier["signals"]["uncredited_reuse"] == 1
    assert copier["signal_documents"]["uncredited_reuse"] == [harbour_id]
    assert harbour_id in agency["signal_documents"]["derived_from_by_others"]
    # The contract's keys, and a table listing every outlet with its figures as fractions.
    assert set(copier) >= {"id", "name", "slug", "kind", "verified", "domains", "aliases", "ratings", "signals"}
    table = prov("outlets").stdout
    assert "Harbour Ledger" in table and "0/1" in table
    shown = prov("outlet", "show", "Harbour Ledger").stdout
    assert f"uncredited reuse          1  #{harbour_id}" in shown and "credits what it derives   0/1 (0%)" in shown


def test_an_outlet_saving_its_own_piece_twice_still_originates_it(prov, tmp_path) -> None:
    story(prov)
    original = (STORY_TEXT / "01-meridian-origin.txt").read_text(encoding="utf-8")
    again = tmp_path / "meridian-saved-again.txt"
    again.write_text(original + "\nThis article was updated on June 12, 2025 to correct a figure.\n", encoding="utf-8")
    prov("ingest", str(again))
    docs = {d["path"].rsplit("/", 1)[1]: d for d in prov.json_lines("docs", "--limit", "0")}
    second = docs["meridian-saved-again.txt"]
    assert second["outlet"]["name"] == "The Meridian Review"
    # The archive sees the second save as a copy of the first ...
    lineage = prov.json("trace", "--doc", str(second["id"]))
    assert docs["01-meridian-origin.txt"]["id"] in {step["document_id"] for chain in lineage["chains"]
                                                      for step in chain}
    # ... but the outlet derived nothing from anyone: both are its own, neither a credited or uncredited copy.
    signals = prov.json("outlet", "show", "The Meridian Review")["signals"]
    assert signals["origins"] == {"num": 2, "den": 2}
    assert signals["credited_derivations"] == {"num": 0, "den": 0} and signals["uncredited_reuse"] == 0


def test_ratings_keep_their_scale_and_source(prov) -> None:
    story(prov)
    assert prov("outlet", "rate", "Harbour Ledger", "30", "--source", "our desk", "--date", "2026-11-01",
                "--note", "reposts wire copy").exit_code == 0
    assert prov("outlet", "rate", "kestrelnews.example", "0.85", "--scale", "0-1", "--source", "Study").exit_code == 0
    assert prov("outlet", "rate", "Kestrel News Agency", "mixed", "--scale", "label", "--source", "RateCo",
                "--date", "2026-10-01").exit_code == 0
    agency = prov.json("outlet", "show", "Kestrel News Agency")
    assert [(r["score"], r["scale"], r["score_0_100"], r["source"]) for r in agency["ratings"]] == [
        (0.85, "0-1", 85.0, "Study"), ("mixed", "label", 50.0, "RateCo")]
    assert agency["rating"]["score_0_100"] == 67.5 and agency["rating"]["sources"] == 2
    copier = prov.json("outlet", "show", "Harbour Ledger")
    assert copier["ratings"][0] == {"score": 30, "scale": "0-100", "score_0_100": 30.0, "source": "our desk",
                                    "date": "2026-11-01", "note": "reposts wire copy", "by": copier["ratings"][0]["by"]}
    # A newer rating from the same source on the same date replaces it; the latest per source counts.
    prov("outlet", "rate", "Harbour Ledger", "35", "--source", "our desk", "--date", "2026-11-01")
    prov("outlet", "rate", "Harbour Ledger", "40", "--source", "our desk", "--date", "2026-11-20")
    copier = prov.json("outlet", "show", "Harbour Ledger")
    assert [r["score"] for r in copier["ratings"]] == [35, 40] and copier["rating"]["score_0_100"] == 40.0
    ranked = [r["name"] for r in prov.json_lines("outlets", "--sort", "credibility")]
    assert ranked[:2] == ["Kestrel News Agency", "Harbour Ledger"]
    for args, message in ((["Harbour Ledger", "101"], "outside the 0-100 scale"),
                          (["Harbour Ledger", "1.5", "--scale", "0-1"], "outside the 0-1 scale"),
                          (["Harbour Ledger", "good"], "is not a number"),
                          (["Nobody Media Group", "50"], "Nobody Media Group: no such outlet")):
        result = prov("outlet", "rate", *args, "--source", "x")
        assert result.exit_code == 1 and message in result.output and len(result.output.strip().splitlines()) == 1


def test_import_ratings_reports_matched_added_and_rejected_rows(prov, tmp_path) -> None:
    story(prov)
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("domain,pc1,notes\n"
                       "kestrelnews.example,0.91,wire\n"
                       "https://www.harbourledger.example/news/,0.22,\n"
                       "newsite.example,0.5,unknown until now\n"
                       ",0.4,no domain\n"
                       "meridianreview.example,high,not a number\n"
                       "Some Blog Without Domain,0.3,\n"
                       "dispatchforum.example,1.7,out of range\n"
                       "reuters.com,0.95,in the shipped registry, not yet in the database\n", encoding="utf-8")
    result = prov("outlet", "import-ratings", str(ratings), "--source", "Quality study 2023", "--date", "2023-05-01")
    assert result.exit_code == 0, result.output
    assert ("8 row(s) from column 'pc1' on scale 0-1: 3 matched known outlets, 1 added as new outlets, "
            "4 rejected") in result.stderr
    assert "line 5: no domain or name" in result.stderr
    assert "line 6: 'high' is not a number (scale 0-1)" in result.stderr
    assert "line 7: 'Some Blog Without Domain' names no known outlet" in result.stderr
    assert "line 8: 1.7 is outside the 0-1 scale" in result.stderr
    assert prov.json("outlet", "show", "Kestrel News Agency")["rating"]["score_0_100"] == 91.0
    assert prov.json("outlet", "show", "Harbour Ledger")["rating"]["score_0_100"] == 22.0
    added = prov.json("outlet", "show", "newsite.example")
    assert added["verified"] is False and added["ratings"][0]["source"] == "Quality study 2023"
    # The same set again replaces its ratings instead of doubling them.
    prov("outlet", "import-ratings", str(ratings), "--source", "Quality study 2023", "--date", "2023-05-01")
    assert len(prov.json("outlet", "show", "Kestrel News Agency")["ratings"]) == 1
    wrong = prov("outlet", "import-ratings", str(ratings), "--source", "x", "--column", "stars")
    assert wrong.exit_code == 1 and "no column 'stars'" in wrong.output


def test_laundering_is_flagged_when_a_higher_rated_outlet_repeats_a_low_rated_origin(prov) -> None:
    docs = story(prov)
    agency_id = docs["02-kestrel-rewrite.txt"]["id"]
    plain = prov.json("trace", CLAIM)
    assert plain["laundering"] == []  # nobody is rated: nothing is lent
    prov("outlet", "rate", "The Meridian Review", "20", "--source", "desk")
    prov("outlet", "rate", "Kestrel News Agency", "85", "--source", "desk")
    data = prov.json("trace", CLAIM)
    [flagged] = data["laundering"]
    assert flagged["document_id"] == agency_id and flagged["origin_outlet"] == "The Meridian Review"
    assert flagged["rating"] == 85.0 and flagged["origin_rating"] == 20.0
    by_doc = {o["document_id"]: o for o in data["occurrences"]}
    assert "laundering" in by_doc[agency_id]["flags"]
    assert by_doc[agency_id]["credibility"]["summary"].startswith("rated 85/100")
    assert all("laundering" not in o["flags"] for d, o in by_doc.items() if d != agency_id)  # unrated repeaters
    assert "flag laundering" in prov("trace", CLAIM).stdout
    report = json.loads(prov("report", "--claim", CLAIM, "--format", "json").stdout)
    assert "laundering" in {f["flag"] for f in report["flags"]}
    # A repeat by an outlet rated no higher than the origin lends it nothing.
    prov("outlet", "rate", "The Meridian Review", "80", "--source", "desk")
    assert prov.json("trace", CLAIM)["laundering"] == []


def test_the_same_page_read_again_by_a_newer_prov_is_no_revision_by_its_outlet(prov, db_url, tmp_path) -> None:
    from sqlalchemy import create_engine, text

    page = tmp_path / "meridian.txt"
    page.write_text((STORY_TEXT / "01-meridian-origin.txt").read_text(encoding="utf-8"), encoding="utf-8")
    prov("ingest", str(page))
    # An older prov read these bytes into other text: re-ingesting them makes a revision ...
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE document SET text_hash = 'from an older extractor'"))
    engine.dispose()
    prov("ingest", str(page))
    [doc] = prov.json_lines("docs", "--limit", "0")
    assert prov.json("show", str(doc["id"]))["revisions"] == 2
    # ... but the outlet changed nothing.
    assert prov.json("outlet", "show", "The Meridian Review")["signals"]["revisions"] == 0
    # New bytes are an edit.
    page.write_text(page.read_text(encoding="utf-8").replace("greeted in both capitals", "welcomed in both capitals"), encoding="utf-8")
    prov("ingest", str(page))
    signals = prov.json("outlet", "show", "The Meridian Review")
    assert signals["signals"]["revisions"] == 1 and signals["signal_documents"]["revisions"] == [doc["id"]]
