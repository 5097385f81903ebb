"""`prov trace`: a document that says something else about the same people and things is shown as
`differs`, with what differs, and is not counted as an origin of the claim (CLI_CONTRACT.md); a claim in
other words still finds the documents that state it. SQLite and PostgreSQL; documents written for the test."""

from __future__ import annotations

from pathlib import Path

STATES = ("HARBOUR LEDGER\n\nThe Valdoria water board agreed on Tuesday to release 40 percent more water from the "
          "Tavira Dam this summer, chair Marta Ilves told reporters in Porto Lenz.\n\n"
          "Farmers in the lowlands welcomed the decision after two dry years.\n")
NUMBER = ("LENZ COURIER\n\nThe Valdoria water board agreed on Tuesday to release 14 percent more water from the "
          "Tavira Dam this summer, its chair Marta Ilves said.\n\nThe rest will be kept for the autumn.\n")
REFUSED = ("ORVIK DAILY\n\nThe Valdoria water board refused on Tuesday to release more water from the Tavira Dam "
           "this summer, chair Marta Ilves said in Porto Lenz.\n\nFarmers in the lowlands criticised the decision.\n")
ELSEWHERE = ("VALLEY NOTES\n\nA new footbridge over the Orvik river opened on Monday. The town paid for it from "
             "its own budget.\n")
CLAIM = "The Valdoria water board agreed to release 40 percent more water from the Tavira Dam"


def ingest(prov, tmp_path: Path) -> dict[str, int]:
    ids = {}
    for name, text in [("states", STATES), ("number", NUMBER), ("refused", REFUSED), ("elsewhere", ELSEWHERE)]:
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        out = prov.json_lines("ingest", str(path))
        ids[name] = next(r["document_id"] for r in out if r.get("document_id"))
    return ids


def test_a_document_that_changes_a_fact_is_listed_as_differing_not_counted(prov, tmp_path: Path) -> None:
    ids = ingest(prov, tmp_path)
    data = prov.json("trace", CLAIM)
    by_doc = {o["document_id"]: o for o in data["occurrences"]}
    assert by_doc[ids["states"]]["agreement"] == "states" and by_doc[ids["states"]]["differences"] == []
    assert by_doc[ids["number"]]["agreement"] == "differs"
    assert by_doc[ids["number"]]["differences"] == [{"kind": "number", "claim": "40", "document": "14"}]
    refused = by_doc[ids["refused"]]
    assert refused["agreement"] == "differs"
    assert {d["kind"] for d in refused["differences"]} >= {"direction"}
    assert ids["elsewhere"] not in by_doc
    # Only the document that states the claim is an origin; the others are sources against it.
    assert data["independent_origins"] == 1
    assert [o["document_id"] for o in data["origins"]] == [ids["states"]]
    assert sorted(data["contradicting"]) == sorted([ids["number"], ids["refused"]])
    assert not by_doc[ids["number"]]["independent"] and by_doc[ids["number"]]["flags"] == ["differs"]
    # Best score first, whatever the agreement (the one that states it scores 1.0 here).
    assert data["occurrences"][0]["document_id"] == ids["states"]
    assert [o["score"] for o in data["occurrences"]] == sorted((o["score"] for o in data["occurrences"]), reverse=True)


def test_the_terminal_shows_what_differs(prov, tmp_path: Path) -> None:
    ids = ingest(prov, tmp_path)
    result = prov("trace", CLAIM)
    assert result.exit_code == 0
    assert "1 occurrence(s), 1 independent origin(s)" in result.output
    assert "2 say(s) something else (differs)" in result.output
    assert "Says something else (differs): evidence against the claim" in result.output
    assert f"#{ids['number']} " in result.output and "[differs: number: 40 vs 14]" in result.output


def test_the_opposite_claim_finds_its_document_and_contradicts_the_others(prov, tmp_path: Path) -> None:
    ids = ingest(prov, tmp_path)
    data = prov.json("trace", "The Valdoria water board refused to let more water out of the Tavira Dam")
    by_doc = {o["document_id"]: o["agreement"] for o in data["occurrences"]}
    assert by_doc[ids["refused"]] == "states"
    assert by_doc.get(ids["states"], "differs") == "differs"
    assert data["independent_origins"] == 1


def test_a_place_named_otherwise_and_a_word_of_the_same_meaning_still_find_it(prov, tmp_path: Path) -> None:
    path = tmp_path / "aid.txt"
    path.write_text("GLOBE WIRE\n\nThe seven-year suspension of U.S. security aid to Valdoria has limited what the "
                    "two governments can do together, officials in Porto Lenz said.\n", encoding="utf-8")
    doc = next(r["document_id"] for r in prov.json_lines("ingest", str(path)) if r.get("document_id"))
    data = prov.json("trace", "The United States has frozen its security assistance to Valdoria")
    assert [(o["document_id"], o["agreement"]) for o in data["occurrences"]] == [(doc, "states")]


def test_a_claim_report_lists_the_sources_against_it(prov, tmp_path: Path) -> None:
    ids = ingest(prov, tmp_path)
    data = prov.json("report", "--claim", CLAIM)
    assert data["occurrences"] == 1 and data["independent_origins"] == 1
    assert sorted(c["document_id"] for c in data["contradicting"]) == sorted([ids["number"], ids["refused"]])
    markdown = prov("report", "--claim", CLAIM, "--format", "md").output
    assert "Says something else (a source against the claim): #" in markdown
    assert "(number: 40 vs 14)" in markdown
