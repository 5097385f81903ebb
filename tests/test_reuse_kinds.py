"""Reuse that tells copied prose from shared quotations, official statements and company boilerplate.

Documents written for these tests in the shapes real pages have: two reports of one event that
quote the same speaker and the same official statement, two press releases of one company that
close with its "About" paragraph, a syndicated copy. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from provenance.reuse.align import align
from provenance.reuse.index import analyse

MAYOR = ("“We will not reopen the Kessel Street bridge until every cable has been inspected by engineers who "
         "do not work for the contractor, and I have told the council that this will take the whole winter, "
         "whatever it costs the businesses on the east bank,” Mayor Ilse Varga said.")
STATEMENT = ("In a statement, the county prosecutor said: \"The driver has admitted that he ignored the closure "
             "signs on both approaches and drove his lorry onto the span while the inspection crew was still at "
             "work beneath it, and he will be charged accordingly.”")

REPORT_A = f"""Bridge to stay shut all winter, mayor says
March 3, 2025

The Kessel Street bridge will remain closed to traffic until spring at the earliest, after a lorry damaged \
two of its suspension cables on Friday evening.

{MAYOR}

Shopkeepers on the east bank said the closure had already cut their takings by half. A bakery owner who \
has traded beside the bridge for thirty years said she would ask the city for a rent holiday.

{STATEMENT}

The city has arranged a shuttle ferry between the two market squares, running every twenty minutes \
from seven in the morning until nine at night.
"""

REPORT_B = f"""Lorry driver to be charged over Kessel Street bridge damage
March 3, 2025

A haulier from the port district is expected to face charges after his truck struck the cables of the \
old suspension bridge, which carries about eleven thousand vehicles on a weekday.

Police closed both ends of the crossing within minutes. Witnesses described a loud crack followed by the \
sound of snapping wire, and one cyclist was treated for cuts from falling debris.

{STATEMENT}

{MAYOR}

Traffic engineers expect queues on the ring road to grow through the week, as commuters who used the \
bridge look for other routes into the old town.
"""

ABOUT_NORDWIND = """About Nordwind Sensorik
Nordwind Sensorik is a leading provider of industrial vibration sensors and condition monitoring software \
for wind turbines, pumps and rail vehicles. Founded in 1998 and headquartered in Flensburg, the company \
employs more than 900 people in eleven countries and serves operators on four continents. Its products \
help maintenance teams detect bearing wear, misalignment and blade damage weeks before a failure, cutting \
unplanned downtime and repair costs. Nordwind Sensorik is listed on the Frankfurt Stock Exchange.
"""

RELEASE_1 = f"""Nordwind Sensorik opens a service centre in Porto
May 6, 2025

Nordwind Sensorik today opened a service and calibration centre in Porto, its first in southern Europe. \
The site will repair and recalibrate sensors for customers in Portugal and Spain within five working days, \
instead of the three weeks that shipping them to Germany takes today.

Twenty engineers will work at the centre by the end of the year, most of them hired from the region's \
technical universities. The company chose Porto for its port and its growing number of offshore wind projects.

{ABOUT_NORDWIND}"""

RELEASE_2 = f"""Nordwind Sensorik reports first-quarter results
April 24, 2025

Nordwind Sensorik's revenue rose nine percent in the first quarter, to 61 million euros, as rail operators \
ordered more monitoring kits for their older fleets. Operating profit fell slightly because of higher \
prices for semiconductors and the cost of the new software platform launched in February.

The board kept its forecast for the year unchanged and expects orders from the offshore wind market to \
pick up in the second half, when several large projects in the North Sea reach construction.

{ABOUT_NORDWIND}"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def links_between(prov, a: Path, b: Path) -> list[dict]:
    other = prov.json("show", str(b))["id"]
    return [link for link in prov.json("reuse", str(a))["links"] if link["document_id"] == other]


def sources_to(prov, a: Path, b: Path) -> list[dict]:
    other = prov.json("show", str(b))["id"]
    return [s for s in prov.json("show", str(a))["sources"] if s.get("document_id") == other]


def test_two_reports_sharing_a_quotation_and_a_statement_are_quote_only(prov, tmp_path) -> None:
    a, b = write(tmp_path, "report-a.txt", REPORT_A), write(tmp_path, "report-b.txt", REPORT_B)
    prov("ingest", str(a))
    prov("ingest", str(b))
    [link] = links_between(prov, b, a)
    assert link["relation"] == "quote-only"
    assert link["passages"] and all(p["kind"] == "quote" for p in link["passages"] if p["kind"] != "boilerplate")
    for x, y in ((a, b), (b, a)):
        assert sources_to(prov, x, y) == []  # no repost, excerpt or rewrite edge, so no uncredited-reuse
        assert all("uncredited-reuse" not in s["flags"] for s in prov.json("show", str(x))["sources"])


def test_a_syndicated_copy_with_the_same_quotation_stays_linked(prov, tmp_path) -> None:
    a = write(tmp_path, "report-a.txt", REPORT_A)
    copy = write(tmp_path, "copy.txt", REPORT_A.replace("March 3, 2025", "March 4, 2025", 1)
                 + "\nShare this story with your friends.\n")
    b = write(tmp_path, "report-b.txt", REPORT_B)
    for path in (a, b, copy):
        prov("ingest", str(path))
    [link] = links_between(prov, copy, a)
    assert link["relation"] in ("duplicate", "repost")
    [edge] = sources_to(prov, copy, a)
    assert edge["relation"] == "repost" and "uncredited-reuse" in edge["flags"]
    assert [link["relation"] for link in links_between(prov, copy, b)] in ([], ["quote-only"])


def test_two_releases_sharing_only_the_about_paragraph_are_not_linked(prov, tmp_path) -> None:
    one, two = write(tmp_path, "release-1.txt", RELEASE_1), write(tmp_path, "release-2.txt", RELEASE_2)
    prov("ingest", str(one))
    prov("ingest", str(two))
    assert links_between(prov, two, one) == []
    assert sources_to(prov, two, one) == [] and sources_to(prov, one, two) == []


def test_a_release_copied_whole_is_still_a_copy_about_paragraph_and_all(prov, tmp_path) -> None:
    one = write(tmp_path, "release-1.txt", RELEASE_1)
    reprint = write(tmp_path, "reprint.txt", RELEASE_1.replace(
        "May 6, 2025\n", "May 7, 2025\n\nThe following was sent to our newsroom by the company.\n", 1))
    prov("ingest", str(one))
    prov("ingest", str(reprint))
    [link] = links_between(prov, reprint, one)
    assert link["relation"] in ("duplicate", "repost")


def relation(x: str, y: str) -> str | None:
    a, b = analyse(x), analyse(y)
    return align(a.tokens, a.fingerprint, b.tokens, b.fingerprint).relation


def test_a_self_description_without_a_heading_is_boilerplate() -> None:
    about = ABOUT_NORDWIND.split("\n", 1)[1]  # the paragraph alone, as extraction often leaves it
    one = RELEASE_1.replace(ABOUT_NORDWIND, about)
    two = RELEASE_2.replace(ABOUT_NORDWIND, about)
    assert relation(one, two) is None
    assert relation(one, one.replace("May 6", "May 9")) == "duplicate"


def test_menus_and_site_furniture_in_other_languages_are_not_reuse() -> None:
    menu = "\n".join(["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Reisen", "Wetter", "Ratgeber",
                      "Auto", "Digital", "Gesundheit", "Wissen", "Panorama", "Regional", "Video", "Podcast",
                      "Leserbriefe", "Archiv", "Kontakt", "Impressum"])
    legal = ("Mit unserem Newsletter erhalten Sie jede Woche die besten Wandertouren der Region. Bitte geben Sie "
             "Ihre E-Mail-Adresse ein. Mit der Registrierung akzeptieren Sie unsere Datenschutzerklärung und die "
             "Nutzungsbedingungen. Ihre Einwilligung können Sie jederzeit widerrufen, eine kurze Nachricht an "
             "unsere Redaktion genügt, und Ihre Daten werden nicht an Dritte weitergegeben.")
    story_1 = ("Die Gemeinde Lautertal baut die alte Mühle am Bachufer zu einem Dorfladen um. Der Gemeinderat "
               "stimmte am Dienstag mit großer Mehrheit für den Umbau, der im Herbst beginnen soll. Bürger können "
               "Anteile an der Genossenschaft zeichnen, die den Laden betreiben wird.")
    story_2 = ("Beim Sommerfest des Turnvereins in Oberweiler sind mehr als zweitausend Gäste gezählt worden. "
               "Die Jugendabteilung zeigte eine Vorführung am Barren, und am Abend spielte eine Blaskapelle aus "
               "dem Nachbarort bis nach Mitternacht auf dem Festplatz hinter der Halle.")
    assert relation(f"{menu}\n{story_1}\n{legal}\n", f"{menu}\n{story_2}\n{legal}\n") is None


def test_two_copies_of_a_page_that_is_mostly_a_table_stay_duplicates() -> None:
    rows = "\n".join(f"| Model {name}\n {price} €\n {'ja' if n % 2 else 'nein'}\n {n % 5 + 1},{n % 9}\n"
                     for n, (name, price) in enumerate(zip(
                         ["Aster", "Birke", "Cedro", "Dorn", "Esche", "Fichte", "Ginster", "Hasel", "Ilex", "Jasmin",
                          "Kiefer", "Linde", "Mirte", "Nelke", "Olive", "Pinie"], range(120, 440, 20), strict=True)))
    page = ("16 Kindersitze im Vergleich: drei fallen durch\nDer Verein hat sechzehn Sitze auf Sicherheit, Bedienung "
            "und Schadstoffe geprüft und nennt die Ergebnisse mit Preisen.\n| Modell\n Preis\n Isofix\n Note\n\n"
            + rows)
    assert relation(page, page + "\nZuletzt aktualisiert am Montag.\n") == "duplicate"


def test_an_interview_copied_whole_is_a_copy_though_it_is_mostly_quotation() -> None:
    interview = ("The harbour master of Port Ellery spoke to us about the new ferry timetable.\n\n"
                 "“We have moved the first crossing to half past five because the fish market opens at six and the "
                 "traders asked for it, and the last one now leaves at eleven so that the hospital's night shift "
                 "can get home,” she said. “The old boats burn twice the fuel of the new one, so the two of them "
                 "will only run in July and August, when the islands fill up with visitors and the campsites are "
                 "full. Fares stay as they are until the council has seen the first year's accounts, and season "
                 "tickets for islanders will be half price from the first of May.”\n")
    assert relation(interview, interview + "\nShared from the island newsletter.\n") in ("duplicate", "repost")


def test_two_rental_pages_sharing_a_booking_calendar_are_not_linked() -> None:
    months = ["Januar", "Februar", "März"]
    plain = " ".join(f"{m} 2026 Mo Di Mi Do Fr Sa So " + " ".join(str(d) for d in range(1, 32)) for m in months)
    boxed = "\n".join(f"| {m} 2026 |\n| " + " | ".join(str(d) for d in range(1, 32)) + " |" for m in months)
    cabin = ("Das Blockhaus am Waldrand bietet Platz für sechs Gäste, einen Kamin und eine Sauna. Bis zum "
             "Badestrand am See sind es zehn Minuten zu Fuß, Brötchen bringt der Bäcker morgens an die Tür. "
             "Im Garten steht ein Grill, Hunde sind nach Absprache willkommen, und die Endreinigung übernimmt die "
             "Vermieterin, die gleich nebenan wohnt und gern Ausflugstipps für Regentage gibt.")
    flat = ("Die Ferienwohnung im Dachgeschoss hat zwei Schlafzimmer und einen Balkon mit Blick auf den Hafen. "
            "Fahrräder stehen im Hof bereit, und der Bahnhof ist mit dem Bus in einer Viertelstunde erreicht. "
            "Die Küche hat eine Spülmaschine, Bettwäsche und Handtücher liegen bereit, und im Keller gibt es "
            "eine Waschmaschine, die alle Gäste des Hauses kostenlos benutzen dürfen.")
    assert relation(f"{cabin}\n{plain}\n", f"{flat}\n{boxed}\n") is None
