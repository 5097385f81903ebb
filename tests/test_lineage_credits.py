"""Lineage that follows what documents say about their sources, on SQLite and PostgreSQL.

The documents are written here, in the shape of syndicated news: a masthead, a headline, a
byline with a date, the story, and a credit line where the copy gives one.
"""

from __future__ import annotations

from pathlib import Path

PARAGRAPHS = [
    "The harbour council of Port Alder voted seven to two on Tuesday night to approve a ferry plan that adds "
    "three daily crossings between the Northgate quay and Sella Island, ending a dispute that had divided the "
    "town for almost ten years.",
    "Councillor Maria Benton, who drafted the plan, said the extra crossings would cost 4.2 million over five "
    "years and would be paid for by the regional transport fund and by higher parking charges near the "
    "terminal, which rise from two to three an hour in April.",
    "Residents of Sella Island have asked for more crossings since the old car ferry was withdrawn in 2016. "
    "Their association collected more than 3,100 signatures last winter, and its chair, Tomas Reyes, told the "
    "meeting that the island school had lost eleven pupils in two years.",
    "The ferry operator, Strand Line, said it would hire twelve crew members before the summer timetable starts "
    "on June 1 and would lease a second vessel from a shipyard in Kessel until its own boat returns from repairs "
    "in the autumn.",
    "Two councillors voted against the plan. Ivo Marsh said the parking charges would fall on commuters who have "
    "no other way to reach the quay, and Lena Ortiz asked why the council had not waited for the port authority's "
    "survey of the quay wall, due in May.",
    "The plan still needs the approval of the regional transport board, which meets on April 14. Its chair said "
    "on Wednesday that the board had set aside money for coastal routes and would look at the request quickly.",
]
BODY = "\n\n".join(PARAGRAPHS)


def page(outlet: str, day: str, body: str, *, before: str = "", after: str = "") -> str:
    """A text copy of an article: masthead, headline, byline and date, story, credit line."""
    credit = f"\n\n{after}" if after else ""
    return (f"{outlet}\n\nHarbour council approves ferry plan for Sella Island\n\n"
            f"By Staff Writer - {day}, 2025\n\n{before}{body}{credit}\n")


def write(folder: Path, docs: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")


def ingest(prov, folder: Path, origin: str, outlet: str) -> None:
    """The origin with its outlet given (a name that does not read as a publication's), then the rest."""
    assert prov("ingest", str(folder / origin), "--outlet", outlet).exit_code == 0
    assert prov("ingest", str(folder)).exit_code == 0


def sources(prov, path: Path) -> list[dict]:
    return prov.json("show", str(path))["sources"]


def test_a_family_crediting_an_outlet_keeps_its_document_as_origin_over_an_earlier_uncredited_copy(
        prov, tmp_path: Path) -> None:
    folder = tmp_path / "family"
    write(folder, {
        "a-early.txt": page("Eastbank Observer", "March 8", BODY),  # dated before the story it copies
        "b-origin.txt": page("The Harbour Ledger", "March 10", BODY),
        "c-tag.txt": page("Northgate Courier", "March 11", BODY, before="[The Harbour Ledger] "),
        "d-footer.txt": page("Pinewood Gazette", "March 12", BODY,
                             after="This story was originally published by The Harbour Ledger."),
        "e-reported.txt": page("Copperline News", "March 12", "The Harbour Ledger reported that the harbour "
                               "council of Port Alder " + BODY.split("Port Alder ", 1)[1]),
    })
    ingest(prov, folder, "b-origin.txt", "The Harbour Ledger")
    ids = {p.name: prov.json("show", str(p))["id"] for p in folder.iterdir()}
    origin = ids["b-origin.txt"]
    for name in ("c-tag.txt", "d-footer.txt", "e-reported.txt"):
        linked = [s for s in sources(prov, folder / name) if s["document_id"] is not None]
        assert [s["document_id"] for s in linked] == [origin], name
        assert "uncredited-reuse" not in linked[0]["flags"]
    [early] = sources(prov, folder / "a-early.txt")
    assert early["document_id"] == origin
    assert {"date-conflict", "uncredited-reuse"} <= set(early["flags"])
    assert sources(prov, folder / "b-origin.txt") == []
    chain = prov.json("trace", "--doc", str(folder / "a-early.txt"))
    assert [o["key"] for o in chain["origins"]] == [f"doc:{origin}"]
    traced = prov.json("trace", "Strand Line said it would hire twelve crew members before the summer timetable")
    assert traced["independent_origins"] == 1 and traced["origins"][0]["key"] == f"doc:{origin}"


def test_without_credits_the_earlier_date_still_decides(prov, tmp_path: Path) -> None:
    # Nobody credits either outlet: the copy dated later is the copy, as before.
    folder = tmp_path / "plain"
    write(folder, {"a-first.txt": page("Eastbank Observer", "March 8", BODY),
                   "b-second.txt": page("The Harbour Ledger", "March 10", BODY)})
    prov("ingest", str(folder))
    first = prov.json("show", str(folder / "a-first.txt"))["id"]
    [edge] = sources(prov, folder / "b-second.txt")
    assert edge["document_id"] == first and "date-conflict" not in edge["flags"]
    assert sources(prov, folder / "a-first.txt") == []


def test_an_excerpt_is_linked_to_the_origin_not_to_a_sibling_of_the_same_day(prov, tmp_path: Path) -> None:
    folder = tmp_path / "siblings"
    commentary = ("Our readers on the island have written to us about the ferry for years, and this week they "
                  "finally have something to cheer about, though the fight over parking is far from over.")
    other = ("Elsewhere in the region, the coastal road between Kessel and Dunmore will close for two nights "
             "next week while crews repair a culvert damaged in the January storms.")
    own = ("A round-up of the week's island news: the library extends its opening hours, the fishing "
           "cooperative elects a new board, and the ferry finally gets its extra sailings.")
    write(folder, {
        "a-origin.txt": page("The Harbour Ledger", "March 10", BODY),
        # Two excerpts overlapping each other and a repost appear on the same day; the excerpts are stored
        # first, so each is settled before the repost's own source is known.
        "b-excerpt.txt": page("Riverside Bulletin", "March 11", "\n\n".join([other, *PARAGRAPHS[1:4], other])),
        "c-excerpt.txt": page("Open Wire Digest", "March 11", "\n\n".join([own, *PARAGRAPHS[2:5]])),
        "d-repost.txt": page("Daily Vantage", "March 11", commentary + "\n\n" + BODY),
    })
    ingest(prov, folder, "a-origin.txt", "The Harbour Ledger")
    origin = prov.json("show", str(folder / "a-origin.txt"))["id"]
    for name in ("b-excerpt.txt", "c-excerpt.txt", "d-repost.txt"):
        assert [s["document_id"] for s in sources(prov, folder / name)] == [origin], name
    [excerpt] = sources(prov, folder / "b-excerpt.txt")
    assert excerpt["relation"] == "excerpt" and "uncredited-reuse" in excerpt["flags"]


def test_footer_via_and_read_the_full_story_lines_credit_the_copied_outlet(prov, tmp_path: Path) -> None:
    # "The Civic Lamp" has no word saying it is a publication: the text it is credited for says so.
    folder = tmp_path / "credits"
    write(folder, {
        "a-origin.txt": page("The Civic Lamp", "March 10", BODY),
        "b-footer.txt": page("Northgate Courier", "March 11", BODY,
                             after="This article first appeared on The Civic Lamp."),
        "c-via.txt": page("Pinewood Gazette", "March 11", BODY, after="(via The Civic Lamp)"),
        "d-read.txt": page("Copperline News", "March 12", "\n\n".join(PARAGRAPHS[:3]),
                           after="Read the full story at The Civic Lamp."),
        "e-according.txt": page("Daily Vantage", "March 12", "According to The Civic Lamp, the harbour council "
                                "of Port Alder " + BODY.split("Port Alder ", 1)[1]),
        "f-none.txt": page("Riverside Bulletin", "March 13", BODY),
    })
    ingest(prov, folder, "a-origin.txt", "The Civic Lamp")
    origin = prov.json("show", str(folder / "a-origin.txt"))["id"]
    for name in ("b-footer.txt", "c-via.txt", "d-read.txt", "e-according.txt"):
        [edge] = [s for s in sources(prov, folder / name) if s["document_id"] is not None]
        assert edge["document_id"] == origin, name
        assert "uncredited-reuse" not in edge["flags"], name
        assert set(edge["basis"]) & {"marker", "prose"}, name
    [uncredited] = sources(prov, folder / "f-none.txt")
    assert uncredited["document_id"] == origin and "uncredited-reuse" in uncredited["flags"]
    assert "via The Civic Lamp" in str(prov.json("trace", "--doc", str(folder / "c-via.txt"))["chains"])


def test_a_via_line_meaning_by_way_of_is_no_credit(prov, tmp_path: Path) -> None:
    # The copied outlet's name after "via" only counts when it is that outlet's name, as it is written.
    folder = tmp_path / "means"
    write(folder, {
        "a-origin.txt": page("The Civic Lamp", "March 10", BODY),
        "b-copy.txt": page("Northgate Courier", "March 11", BODY, after="Tickets are sold via the civic lamp shop."),
    })
    ingest(prov, folder, "a-origin.txt", "The Civic Lamp")
    [edge] = sources(prov, folder / "b-copy.txt")
    assert "uncredited-reuse" in edge["flags"]


def article_page(url: str, day: str, body: str) -> str:
    """A saved article page whose address is its only sign of the outlet: no site name in it."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f'<html><head><title>Harbour council approves ferry plan for Sella Island</title>\n'
            f'<link rel="canonical" href="{url}">\n'
            f'<meta property="article:published_time" content="2025-{day}">\n</head><body>\n'
            f"<article><h1>Harbour council approves ferry plan for Sella Island</h1>\n{paragraphs}\n"
            f"</article></body></html>\n")


def test_an_outlet_known_only_by_its_domain_is_credited_by_its_name(prov, tmp_path: Path) -> None:
    # The Harbour Ledger's page gives only its address, so the archive knows the outlet as
    # harbourledger.example; copies credit it by name, as readers know it.
    folder = tmp_path / "domain"
    write(folder, {
        "a-origin.html": article_page("https://harbourledger.example/2025/03/10/ferry-plan", "03-10", BODY),
        "b-via.txt": page("Northgate Courier", "March 11", BODY, after="via The Harbour Ledger"),
        "c-read.txt": page("Copperline News", "March 12", "\n\n".join(PARAGRAPHS[:3]),
                           after="Read more at The Harbour Ledger."),
        "d-domain.txt": page("Daily Vantage", "March 12", BODY, after="This article first appeared on "
                             "harbourledger.example."),
        "e-none.txt": page("Riverside Bulletin", "March 13", BODY),
    })
    assert prov("ingest", str(folder / "a-origin.html")).exit_code == 0
    assert prov("ingest", str(folder)).exit_code == 0
    shown = prov.json("show", str(folder / "a-origin.html"))
    assert shown["outlet"]["name"] == "harbourledger.example"  # the outlet as the archive knows it
    origin = shown["id"]
    for name in ("b-via.txt", "c-read.txt", "d-domain.txt"):
        [edge] = [s for s in sources(prov, folder / name) if s["document_id"] is not None]
        assert edge["document_id"] == origin, name
        assert "uncredited-reuse" not in edge["flags"], name
    [uncredited] = sources(prov, folder / "e-none.txt")
    assert uncredited["document_id"] == origin and "uncredited-reuse" in uncredited["flags"]


def test_a_credit_above_a_wrapped_line_starting_with_by_is_read(prov, tmp_path: Path) -> None:
    # A text wrapped at a fixed width: the line "by the transport fund, ..." goes on with the sentence
    # above it; it is no byline, and the credit at the top of the story stays article text.
    wrapped = ("According to The Civic Lamp, Councillor Maria Benton, who drafted the plan, said\n"
               "the extra crossings would cost 4.2 million over five years and would be paid for\n"
               "by the transport fund, with higher parking charges near the terminal, which\n"
               "rise from two to three an hour in April.\n\n") + "\n\n".join(PARAGRAPHS[2:])
    folder = tmp_path / "wrapped"
    write(folder, {
        "a-origin.txt": page("The Civic Lamp", "March 10", BODY),
        "b-rewrite.txt": page("Pinewood Gazette", "March 11", wrapped),
        "c-none.txt": page("Riverside Bulletin", "March 12", wrapped.split(", ", 1)[1]),
    })
    ingest(prov, folder, "a-origin.txt", "The Civic Lamp")
    shown = prov.json("show", str(folder / "b-rewrite.txt"))
    assert shown["text"].startswith("According to The Civic Lamp, Councillor Maria Benton")
    assert shown["authors"] == ["Staff Writer"]
    origin = prov.json("show", str(folder / "a-origin.txt"))["id"]
    [edge] = [s for s in shown["sources"] if s["document_id"] is not None]
    assert edge["document_id"] == origin and "uncredited-reuse" not in edge["flags"]
    assert [s["document_id"] for s in sources(prov, folder / "c-none.txt") if "uncredited-reuse" in s["flags"]]


def test_a_dateline_copied_along_with_the_text_is_the_copied_documents_credit(prov, tmp_path: Path) -> None:
    # Daily Vantage runs an agency story under its "(Reuters) -" dateline; a copy of Daily Vantage's
    # text keeps the dateline, as copies do. The copy's chain runs through Daily Vantage's document to
    # the agency, with the sources the agency's story names: the same origins as Daily Vantage's.
    story = ("(Reuters) - " + PARAGRAPHS[0] + "\n\n" + "\n\n".join(PARAGRAPHS[1:4])
             + "\n\nThe Kessel Times reported on Monday that the shipyard had already agreed to the lease.\n\n"
             + "\n\n".join(PARAGRAPHS[4:]))
    # A rewrite of Daily Vantage's text keeps the dateline in front and credits Daily Vantage after it.
    rewrite = story.replace("(Reuters) - The harbour council", "(Reuters) - According to Daily Vantage, the "
                            "harbour council").replace("voted seven to two", "approved by seven votes to two")
    folder = tmp_path / "dateline"
    write(folder, {
        "a-agency-copy.txt": page("Daily Vantage", "March 10", story),
        "b-copy.txt": page("Northgate Courier", "March 11", story),
        "c-rewrite.txt": page("Riverside Bulletin", "March 12", rewrite),
        "d-credited.txt": page("Copperline News", "March 12", story + "\n\nAccording to Daily Vantage, the "
                               "regional board will look at the plan quickly."),
    })
    assert prov("ingest", str(folder / "a-agency-copy.txt"), "--outlet", "Daily Vantage").exit_code == 0
    assert prov("ingest", str(folder)).exit_code == 0
    first = prov.json("show", str(folder / "a-agency-copy.txt"))
    assert "Reuters" in {s["outlet"] for s in first["sources"]}
    copy_sources = sources(prov, folder / "b-copy.txt")
    assert [s["document_id"] for s in copy_sources] == [first["id"]]
    for name in ("c-rewrite.txt", "d-credited.txt"):
        [credited] = sources(prov, folder / name)
        assert credited["document_id"] == first["id"] and "prose" in credited["basis"], name
    traced = [{o["key"] for o in prov.json("trace", "--doc", str(folder / name))["origins"]}
              for name in ("a-agency-copy.txt", "b-copy.txt", "c-rewrite.txt", "d-credited.txt")]
    assert traced[1] == traced[2] == traced[3] == traced[0]
    assert "outlet:reuters" not in traced[0]  # the agency names its own source


def test_a_wire_copy_that_also_says_told_the_agency_has_the_agency_as_its_origin(prov, tmp_path: Path) -> None:
    # An agency's copy opens on its dateline and quotes someone who "told The Associated Press": both are
    # the agency, one source. The trace of its claim ends at the agency (not archived), not at the copy.
    told = PARAGRAPHS[1].replace("said the extra", "told The Associated Press that the extra")
    statement = ("The Regional Transport Board said in a statement on Wednesday that it had set aside 2.5 million "
                 "for coastal routes and would look at the request at its April meeting.")
    body = "\n\n".join([f"PORT ALDER (AP) — {PARAGRAPHS[0]}", told, *PARAGRAPHS[2:5], statement])
    path = tmp_path / "wire.txt"
    path.write_text(page("Pinewood Gazette", "March 11", body), encoding="utf-8")
    assert prov("ingest", str(path)).exit_code == 0
    ap = [s for s in sources(prov, path) if s["outlet"] == "Associated Press"]
    assert [(s["relation"], sorted(s["basis"])) for s in ap] == [("repost", ["marker", "prose"])]
    traced = prov.json("trace", "The harbour council of Port Alder voted seven to two to approve a ferry plan")
    assert [o["outlet"] for o in traced["origins"]] == ["Associated Press"]
    assert traced["origins"][0]["document_id"] is None
    # The agency's copy quotes a statement further on: that paragraph's claim comes from the statement,
    # the first paragraph's does not (above).
    stated = prov.json("trace", "The Regional Transport Board set aside 2.5 million for coastal routes")
    assert [(o.get("source_kind"), o.get("name")) for o in stated["origins"]] == [
        ("release", "Regional Transport Board")], stated["origins"]
