"""Sources that are not outlets (issue 17): studies, journals, data, releases and documents.

The sentences are written for these tests in the shapes real news pages credit such sources
(benchmarks/labels/credits_recall.jsonl, kinds other than `outlet`): "published in the journal
X", "a study by X", "according to data from X", "X figures show", "Source: X" under a table,
"X said in a statement", "in a press release", "according to a report by X", "X said in a
court filing". Near misses name no published source and give nothing: "Toyota says", "a new
study" with no name, "the company said in a statement". Each kind is ingested through the CLI
on SQLite and PostgreSQL and read back in `prov show`, `prov trace`, `prov trace --doc` and
the reports.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from provenance.attribution import find_attributions

FILLER = ("The council will publish its full response next month, after a consultation with parents, "
          "teachers and the unions that represent school staff across the region.")


def bare(name: str | None) -> str | None:
    """A name as compared: an outlet rule that read the same words keeps its "the" ("the United Nations")."""
    return re.sub(r"^[Tt]he ", "", name) if name else name


def kinds(text: str) -> list[tuple[str | None, str | None]]:
    return [(f.source_kind, bare(f.source)) for f in find_attributions(text) if f.source_kind]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Teenagers who use phones after midnight sleep 40 minutes less, according to a study published this May "
     "in the journal JAMA Pediatrics.", ("journal", "JAMA Pediatrics")),
    ("The results are published in the December issue of the journal Monthly Notices of the Royal "
     "Astronomical Society.", ("journal", "Monthly Notices of the Royal Astronomical Society")),
    ("According to the study, published in BMJ Case Reports, the patient had been dizzy for months.",
     ("journal", "BMJ Case Reports")),
    ("A 2021 study by the University of Leeds found that one in four drivers had used a phone at the wheel.",
     ("study", "University of Leeds")),
    ("The bond fell to 71 cents on the dollar on Monday, according to data from MarketAxess.",
     ("data", "MarketAxess")),
    ("Eurostat figures show that 61 percent of households now own three or more screens.",
     ("data", "Eurostat")),
    ("More than 2,500 civilians have been killed in the fighting this year, according to the United Nations.",
     ("data", "United Nations")),
    ("Wall Street analysts surveyed by Refinitiv were expecting earnings of $2.52 a share.", ("data", "Refinitiv")),
    ("A new Harbour Tribune poll shows 54 percent support for the bridge.", ("data", "Harbour Tribune")),
    ("The building will house the local police, the Interior Ministry said in a statement.",
     ("release", "Interior Ministry")),
    ("Water vapour was found above the moon, lead author Lena Ortiz said in a NASA statement.", ("release", "NASA")),
    ("In a statement released on Tuesday, the Port Authority of Kestrel said the ferry would resume.",
     ("release", "Port Authority of Kestrel")),
    ("The market is pricing in a recovery, said a report from Kotak Institutional Equities.",
     ("document", "Kotak Institutional Equities")),
    ("According to a report by the Harwell Institute for Family Policy, 1 in 5 parents set no limits.",
     ("document", "Harwell Institute for Family Policy")),
    ("The Ministry of Transport said in a court filing that the contract had lapsed.",
     ("document", "Ministry of Transport")),
    ("A report released on Monday by the Lakeside County Auditor's Office found 14 unpaid contracts.",
     ("document", "Lakeside County Auditor's Office")),
    ("In 2012, a research group led by Mara Quist at the University of Kestrel found that the coating helps.",
     ("study", "University of Kestrel")),
    ("Support has grown, according to a Mail on Sunday poll published today.", ("data", "Mail on Sunday")),
    ("The neurologist wrote about such cases in his book \u201cMusicophilia\u201d years ago.",
     ("document", "Musicophilia")),
])
def test_each_kind_is_found_with_its_named_source(sentence: str, expected: tuple[str, str]) -> None:
    assert kinds(sentence) == [expected]


def test_a_source_line_naming_a_body_is_data_and_one_naming_an_outlet_stays_an_outlet() -> None:
    table = "Unemployment rose to 6.1 percent in March, the highest in four years.\nSource: Office for National Statistics\n"
    assert kinds(table) == [("data", "Office for National Statistics")]
    wire = "The ferry will resume on Monday after repairs to the harbour wall.\nSource: Reuters\n"
    found = [f for f in find_attributions(wire) if f.pattern == "source-line"]
    assert [(f.source_kind, f.source) for f in found] == [(None, "Reuters")]


@pytest.mark.parametrize("sentence", [
    "Toyota says the new hybrid will do 90 miles per gallon.",
    "A new study found that teenagers sleep less when they use their phones late.",
    "The company said in a statement that it would appeal the ruling.",
    "Officials said in a statement that the road would reopen on Friday.",
    "Official figures show that 61 percent of households own three screens.",
    "Russian figures show a sharp fall in grain exports.",
    "The novel was first published in German in 1962.",
    "According to the Pentagon, the talks broke down over the timetable.",
    "Smith said in a statement that he would not run again.",
    "The results were published in March.",
    "\u201cWe are ready,\u201d Harbour Agency Administrator Jim Calloway said in a statement.",
    "The health commission said in a statement that a man had been taken to hospital.",
    "Current statistics indicate that most of the victims are women.",
    "With the Democrats\u2019 poll-tested narratives in shambles, the senator changed course.",
    "\u201cIt works,\u201d said Tom Ruiz, associate administrator of the Science Mission Directorate, "
    "said in a statement.",
    "Officers of the Marine Unit found 475 pounds of cocaine inside the vessel.",
    "A study of 2,000 patients at the Harbour Clinic found no link.",
    "Lucas Ortiz, a scientist at American University in Washington, D.C., said in a statement that more work is needed.",
])
def test_near_misses_name_no_published_source(sentence: str) -> None:
    assert kinds(sentence) == []


def page(path: Path, title: str, *paragraphs: str) -> Path:
    path.write_text(f"{title}\n\nBy Dana Whitfield\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


STUDY = ("Teenagers who use their phones after midnight sleep about forty minutes less on school nights, "
         "according to a study published this May in the journal JAMA Pediatrics.")


def test_each_kind_is_a_lineage_node_of_its_own_kind(prov, tmp_path) -> None:
    doc = page(tmp_path / "screens.txt", "Screens and sleep", STUDY,
               "Eurostat figures show that 61 percent of households in the bloc now own three or more screens.",
               "The Department of Education said in a statement that it would review its guidance for schools.",
               "According to a report by the Harwell Institute for Family Policy, 1 in 5 parents set no limits.",
               "A 2021 study by the University of Leeds found that night-time use had doubled since 2015.", FILLER)
    assert prov("ingest", str(doc)).exit_code == 0
    shown = prov.json("show", str(doc))
    expected = {("journal", "JAMA Pediatrics"), ("data", "Eurostat"), ("release", "Department of Education"),
                ("document", "Harwell Institute for Family Policy"), ("study", "University of Leeds")}
    assert {(a["source_kind"], bare(a["source"])) for a in shown["attributions"]} == expected
    assert all(a["source_outlet_id"] is None for a in shown["attributions"])  # no outlet made of them
    sources = {(s["source_kind"], bare(s["name"])): s for s in shown["sources"]}
    assert set(sources) == expected
    journal = sources[("journal", "JAMA Pediatrics")]
    assert (journal["relation"], journal["document_id"], journal["outlet"], journal["basis"]) == (
        "cites", None, None, ["prose"])
    assert "unresolved-source" in journal["flags"]
    assert "journal JAMA Pediatrics (not in the archive)" in prov("show", str(doc)).stdout

    traced = prov.json("trace", "--doc", str(doc))
    assert {o["key"] for o in traced["origins"]} == {
        "source:jama-pediatrics", "source:eurostat", "source:department-of-education",
        "source:harwell-institute-for-family-policy", "source:university-of-leeds"}
    assert {(o["source_kind"], bare(o["name"])) for o in traced["origins"]} == expected
    last_steps = {(c[-1]["source_kind"], bare(c[-1]["name"])) for c in traced["chains"]}
    assert last_steps == expected
    assert traced["chains"][0][0]["source_kind"] == "outlet"  # the document itself
    text = prov("trace", "--doc", str(doc)).stdout
    assert "data Eurostat (not in the archive)" in text

    report = json.loads(prov("report", str(doc), "--format", "json").stdout)
    nodes = {n["key"]: n for n in report["graph"]["nodes"]}
    assert (nodes["source:department-of-education"]["source_kind"],
            nodes["source:department-of-education"]["name"]) == ("release", "Department of Education")
    assert "study University of Leeds (not in the archive)" in prov("report", str(doc), "--format", "md").stdout
    assert "document Harwell Institute for Family Policy (not in the archive)" in prov(
        "report", str(doc), "--format", "dot").stdout
    prov_json = prov("report", str(doc), "--format", "prov-json").stdout
    assert '"pv:source-named-jama-pediatrics"' in prov_json and '"pv:source_kind": "journal"' in prov_json
    html = prov("report", str(doc), "--format", "html").stdout
    assert "journal JAMA Pediatrics (not in the archive)" in html


def test_a_claim_from_a_study_has_the_study_as_origin_and_a_copy_is_a_repeat(prov, tmp_path) -> None:
    first = page(tmp_path / "first.txt", "Screens and sleep", STUDY, FILLER, FILLER.replace("next", "this"))
    copy = page(tmp_path / "copy.txt", "Phones keep teenagers awake", STUDY, FILLER, FILLER.replace("next", "this"))
    other = page(tmp_path / "other.txt", "Late phones, short nights",
                 "Pupils who are on their phones after midnight sleep about forty minutes less on school nights, "
                 "researchers reported in the journal JAMA Pediatrics.")
    for path in (first, copy, other):
        assert prov("ingest", str(path)).exit_code == 0
    traced = prov.json("trace", "Teenagers who use their phones after midnight sleep about forty minutes less")
    assert [o["key"] for o in traced["origins"]] == ["source:jama-pediatrics"]
    origin = traced["origins"][0]
    assert (origin["source_kind"], origin["name"], origin["document_id"]) == ("journal", "JAMA Pediatrics", None)
    assert traced["independent_origins"] == 1
    assert sorted(o["independent"] for o in traced["occurrences"]) == [False] * (len(traced["occurrences"]) - 1) + [True]
    assert all(o["origin"] == "source:jama-pediatrics" for o in traced["occurrences"])
    assert traced["unresolved"] == [{"key": "source:jama-pediatrics", "command": None,
                                     "hint": "find the journal JAMA Pediatrics and run: prov ingest URL"}]
    assert "Origin: journal JAMA Pediatrics (not in the archive)" in prov(
        "trace", "Teenagers who use their phones after midnight sleep about forty minutes less").stdout


def test_one_body_is_one_origin_whatever_its_publication_is_called(prov, tmp_path) -> None:
    claim = "Harbour freight volumes will fall by a fifth next year as two shipping lines leave the port"
    report = page(tmp_path / "report.txt", "Port outlook", f"{claim}, said a report from Kestrel Port Analytics.")
    study = page(tmp_path / "study.txt", "Freight to fall", f"{claim}, said a study from Kestrel Port Analytics.")
    for path in (report, study):
        assert prov("ingest", str(path)).exit_code == 0
    kinds_seen = {prov.json("show", str(p))["sources"][0]["source_kind"] for p in (report, study)}
    assert kinds_seen == {"document", "study"}
    traced = prov.json("trace", claim)
    assert [o["key"] for o in traced["origins"]] == ["source:kestrel-port-analytics"]
    assert traced["independent_origins"] == 1


def test_an_outlets_own_poll_is_no_source_other_than_itself(prov, tmp_path) -> None:
    own = tmp_path / "poll.html"
    own.write_text("<html><head><title>Bridge vote</title><meta property='og:site_name' content='CBS News'></head>"
                   "<body><article><h1>Bridge vote</h1><p>Support for the harbour bridge fell to 35 percent, according "
                   "to a new CBS News Battleground Tracker poll.</p><p>" + FILLER + "</p></article></body></html>",
                   encoding="utf-8")
    assert prov("ingest", str(own), "--url", "https://www.cbsnews.com/news/bridge-vote/").exit_code == 0
    shown = prov.json("show", str(own))
    assert [(a["source_kind"], a["self"]) for a in shown["attributions"]] == [("data", True)]
    assert shown["sources"] == []


def test_near_misses_make_no_source(prov, tmp_path) -> None:
    doc = page(tmp_path / "misses.txt", "Hybrid sales climb",
               "Toyota says the new hybrid will do 90 miles per gallon on the motorway.",
               "A new study found that drivers keep hybrids longer than other cars.",
               "The company said in a statement that it would build a second plant.", FILLER)
    assert prov("ingest", str(doc)).exit_code == 0
    shown = prov.json("show", str(doc))
    assert shown["attributions"] == [] and shown["sources"] == []


def test_export_and_import_keep_the_kinds_and_an_older_export_still_imports(prov, another_db_url,
                                                                             tmp_path) -> None:
    doc = page(tmp_path / "screens.txt", "Screens and sleep", STUDY, FILLER)
    assert prov("ingest", str(doc)).exit_code == 0
    export = tmp_path / "archive.jsonl"
    assert prov("export", "--format", "jsonl", "-o", str(export)).exit_code == 0
    target = type(prov)(another_db_url())
    assert target("import", str(export)).exit_code == 0
    assert target.json("show", "1")["sources"] == prov.json("show", "1")["sources"]
    assert target.json("show", "1")["attributions"][0]["source_kind"] == "journal"

    # An export of schema 0005 (before source kinds): its rows have no source_kind or source_name.
    made = type(prov)(another_db_url())
    wire = page(tmp_path / "wire.txt", "Ferry to resume", "The ferry will resume on Monday, Reuters reported.", FILLER)
    assert made("ingest", str(wire)).exit_code == 0
    before = made.json("show", "1")
    assert made("export", "--format", "jsonl", "-o", str(export)).exit_code == 0
    header, *rest = export.read_text(encoding="utf-8").splitlines()
    older_rows = []
    for line in rest:
        record = json.loads(line)
        if record.get("table") in ("attribution", "lineage_edge"):
            record["row"].pop("source_kind")
        if record.get("table") == "lineage_edge":
            record["row"].pop("source_name")
        older_rows.append(json.dumps(record))
    older = tmp_path / "schema-0005.jsonl"
    older.write_text("\n".join([json.dumps({**json.loads(header), "schema": "0005"}), *older_rows]) + "\n",
                     encoding="utf-8")
    old_target = type(prov)(another_db_url())
    result = old_target("import", str(older))
    assert result.exit_code == 0, result.output
    shown = old_target.json("show", "1")
    assert shown["sources"] == before["sources"]
    assert [(a["source_kind"], a["source"]) for a in shown["attributions"]] == [("outlet", "Reuters")]
