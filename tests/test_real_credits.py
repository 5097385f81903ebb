"""Credit-shaped words on real pages that credit no source (issue 17), and the credits beside them that do.

Each page here is written for the test in the shape of a mistake seen on real pages
(benchmarks/labels/attributions_found.jsonl, label `not`): picture credits, menus and
lists, brackets and parentheses, a station's own dateline, a language named as a
place of publication, "via" meaning "by means of", people who were told. Each is
ingested through the CLI on SQLite and PostgreSQL, and read back with `prov show`.
"""

from __future__ import annotations

import html
from pathlib import Path

SENTENCES = {
    "de": ("Der Gemeinderat hat am Dienstagabend nach langer Debatte beschlossen, die alte Brücke am Hafen "
           "zu sanieren. Die Arbeiten sollen im Frühjahr beginnen und rund zwei Jahre dauern."),
    "en": ("The county board voted on Tuesday night, after a long debate, to repair the old bridge by the "
           "harbour. Work is due to start in the spring and to last about two years."),
    "es": ("El concejo municipal decidió el martes por la noche, tras un largo debate, reparar el viejo puente "
           "del puerto. Las obras empezarán en primavera y durarán unos dos años."),
    "fr": ("Le conseil municipal a décidé mardi soir, après un long débat, de rénover le vieux pont du port. "
           "Les travaux doivent commencer au printemps et durer environ deux ans."),
    "ur": ("بلدیہ کی کونسل نے منگل کی رات طویل بحث کے بعد بندرگاہ کے پرانے پل کی مرمت کا فیصلہ کیا ہے اور "
           "کام موسم بہار میں شروع ہو کر تقریباً دو سال جاری رہے گا۔"),
}


def page(path: Path, title: str, lines: list[str], *, lang: str = "en", canonical: str | None = None,
         site: str | None = None) -> Path:
    """A news page of our own: a title, and one <p> per line (a line may be markup already)."""
    head = f"<title>{html.escape(title)}</title>"
    if canonical:
        head += f'<link rel="canonical" href="{canonical}"><meta property="og:url" content="{canonical}">'
    if site:
        head += f'<meta property="og:site_name" content="{html.escape(site)}">'
    body = "\n".join(line if line.startswith("<") else f"<p>{html.escape(line)}</p>" for line in lines)
    path.write_text(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
                    f"<body><article><h1>{html.escape(title)}</h1>\n{body}\n</article></body></html>",
                    encoding="utf-8")
    return path


def read(prov, path: Path) -> tuple[list[str], list[str]]:
    """(the sources an ingested page credits in its text, its lineage sources that come from a credit).

    The pages share their filler sentences, so sources from text reuse alone are left out."""
    doc = prov.json("show", str(path))
    credited = [a["source"] for a in doc["attributions"] if a["kind"] != "markup" and not a["self"]]
    return credited, [s.get("outlet") or s.get("name") for s in doc["sources"]
                      if {"marker", "prose", "markup"} & set(s["basis"])]


def ingest(prov, *paths: Path) -> None:
    for path in paths:
        result = prov("ingest", str(path))
        assert result.exit_code == 0, result.output


def test_picture_credits_are_not_source_credits(prov, tmp_path) -> None:
    de = SENTENCES["de"]
    german = page(tmp_path / "brücke.html", "Die Brücke am Hafen wird saniert", [
        de, "© Jana Feldmann", de, "Foto: Tobias Rahn/Pool via REUTERS", de, "(c) Hafenverlag GmbH", de,
        "© Shutterstock", de, "Copyright: Miriam Osten",
    ], lang="de")
    spanish = page(tmp_path / "puente.html", "El puente del puerto será reparado", [
        SENTENCES["es"], "El alcalde, durante la visita (Foto: Lucía Marín/Pool via REUTERS).", SENTENCES["es"],
    ], lang="es")
    urdu = page(tmp_path / "pul.html", "بندرگاہ کا پل", [SENTENCES["ur"], "© AFP", SENTENCES["ur"]], lang="ur")
    # The closing line of a wire story is its agency's credit, and stays one (headlines may follow it).
    wire = page(tmp_path / "wire.html", "Harbour bridge to be repaired", [
        SENTENCES["en"], SENTENCES["en"], "© Reuters", "Related coverage",
        "Ferry operators warn of longer crossings while the harbour bridge is closed for repairs"])
    ingest(prov, german, spanish, urdu, wire)
    for path in (german, spanish, urdu):
        assert read(prov, path) == ([], []), path.name
    assert read(prov, wire) == (["Reuters"], ["Reuters"])


def test_menus_and_lists_are_not_dash_credits(prov, tmp_path) -> None:
    menu = page(tmp_path / "menu.html", "Harbour bridge to be repaired", [
        "<ul><li>Home</li><li>World</li><li>News</li></ul>", SENTENCES["en"],
        "Temps de lecture : 3 min", "- Google News", SENTENCES["fr"],
    ])
    rental = page(tmp_path / "ferienhaus.html", "Ferienhaus am Deich", [
        "Ausstattung:", "<ul><li>Kühlschrank</li><li>Haartrockner</li><li>TV</li><li>Terrasse</li>"
        "<li>Gartenmöbel</li></ul>", SENTENCES["de"]], lang="de")
    signed = page(tmp_path / "signed.html", "Le pont du port sera rénové", [SENTENCES["fr"], "— AFP"], lang="fr")
    ingest(prov, menu, rental, signed)
    assert read(prov, menu) == ([], [])
    assert read(prov, rental) == ([], [])
    assert read(prov, signed) == (["AFP"], ["Agence France-Presse"])


def test_brackets_and_parentheses_are_not_tags_or_datelines(prov, tmp_path) -> None:
    lyrics = page(tmp_path / "lyrics.html", "Harbour Song lyrics", [
        "[Verse 1]", "down by the water we wait", "the lights of the bridge are low", "[Chorus]",
        "hold on hold on", "[Verse 2]", "the tide comes in"])
    advert = page(tmp_path / "lesetipp.html", "Führung im Alltag", [
        SENTENCES["de"], "Zum Weiterlesen:", "[Werbung] Hartmann, J. (2023). Gut führen. Leipzig: Beispielverlag.",
        "[Anzeige] Roth, K. (2021). Teams stärken. Köln: Musterhaus."], lang="de")
    translation = page(tmp_path / "zitat.html", "Stimmen aus Managua", [
        "Die Aktivistin beschreibt in ihrem Brief, was sich ihrer Meinung nach im Land ändern muss:",
        "[Debemos] cambiar la cultura política del país y construir algo nuevo entre todos.",
        "[Wir müssen] die politische Kultur des Landes ändern und gemeinsam etwas Neues aufbauen."], lang="de")
    datelines = page(tmp_path / "messe.html", "Messe in Bremen", [
        "(Bremen) - Die Messe öffnet am Freitag ihre Tore für rund zwanzigtausend Besucher aus ganz Europa.",
        SENTENCES["de"]], lang="de")
    abroad = page(tmp_path / "brand.html", "Brand in einem Wohnhaus", [
        "Kiew (Ukraine) - Bei einem Brand in einem Wohnhaus sind in der Nacht drei Menschen verletzt worden.",
        SENTENCES["de"]], lang="de")
    glossary = page(tmp_path / "stall.html", "Fütterung im Winter", [
        "Der Landwirt prüft regelmäßig:",
        "<ul><li>Milchmenge und Fettgehalt,</li><li>Body Condition Score (BCS)- Beurteilung der Tiere,</li>"
        "<li>Gewicht der Kälber.</li></ul>", SENTENCES["de"]], lang="de")
    # An excerpt closed by the outlet it came from, and a tag that opens the text, stay credits.
    roundup = page(tmp_path / "roundup.html", "What the reviews say", [
        SENTENCES["en"], "[Wired]", SENTENCES["en"], "[Engadget]"])
    tagged = page(tmp_path / "tagged.html", "Bridge repair approved", ["[Dawn] " + SENTENCES["en"]])
    ingest(prov, lyrics, advert, translation, datelines, abroad, glossary, roundup, tagged)
    for path in (lyrics, advert, translation, datelines, abroad, glossary):
        assert read(prov, path) == ([], []), path.name
    assert read(prov, roundup)[0] == ["Wired", "Engadget"]
    assert read(prov, tagged)[0] == ["Dawn"]


def test_a_stations_own_dateline_on_its_own_site_is_self(prov, tmp_path) -> None:
    own = page(tmp_path / "station.html", "Bridge repair approved", [
        "DENVER (KQRT) — " + SENTENCES["en"]], canonical="https://kqrt.example/news/bridge-repair-approved-4411/",
        site="Denver News, Weather | Channel 9")
    partner = page(tmp_path / "partner.html", "Bridge repair approved", [
        "DENVER (KQRT) — " + SENTENCES["en"] + " The vote was close."],
        canonical="https://valleyherald.example/2025/06/bridge-repair-approved/", site="Valley Herald")
    ingest(prov, own, partner)
    doc = prov.json("show", str(own))
    assert [(a["source"], a["self"]) for a in doc["attributions"] if a["kind"] == "marker"] == [("KQRT", True)]
    assert doc["sources"] == []
    # On another site the same dateline credits the station, resolved to the outlet of its domain.
    other = prov.json("show", str(partner))
    assert [s["outlet"] for s in other["sources"]] == [doc["outlet"]["name"]]


def test_a_language_is_not_where_a_text_was_first_published(prov, tmp_path) -> None:
    english = page(tmp_path / "interview.html", "An interview on the bridge", [
        SENTENCES["en"], "This is the long version of an interview first published in German translation."])
    french = page(tmp_path / "entretien.html", "Interview", [
        SENTENCES["en"], "This interview was first published in French."])
    outbreak = page(tmp_path / "outbreak.html", "Virus cases rise", [
        "Cases of the virus first appeared in Northern Ontario at the end of August, officials said."])
    footer = page(tmp_path / "footer.html", "Bridge repair approved", [
        SENTENCES["en"], "This article first appeared in The Harbour Courier."])
    ingest(prov, english, french, outbreak, footer)
    for path in (english, french, outbreak):
        assert read(prov, path) == ([], []), path.name
    assert read(prov, footer)[0] == ["The Harbour Courier"]


def test_via_meaning_by_means_of_is_not_a_credit(prov, tmp_path) -> None:
    tickets = page(tmp_path / "tour.html", "Band announces tour", [
        "Tickets for the tour go on sale Friday at 10 a.m. local time via Ticketmaster.",
        "The malware spread quickly, mostly via Reddit in posts about free games."])
    german = page(tmp_path / "lokal.html", "Lokaljournalismus", [
        "Das reicht vom Betrieb einer Webseite bis hin zum Communitybuilding via Social Media.",
        "Die Anmeldung erfolgt via E-Mail bis Ende Mai."], lang="de")
    links = page(tmp_path / "links.html", "Fundstücke", [
        "<ul><li>Streit um die Hafenbrücke via hafenblatt.example https://hafenblatt.example/</li>"
        "<li>Neue Fähre geplant via https://bit.ly/3xYzAbc</li></ul>"], lang="de")
    quoted = page(tmp_path / "coach.html", "Coach on the loss", [
        "“We wanted this one,” the coach said, via The Denver Post. " + SENTENCES["en"]])
    ingest(prov, tickets, german, links, quoted)
    assert read(prov, tickets) == ([], [])
    assert read(prov, german) == ([], [])
    assert read(prov, links)[0] == ["hafenblatt.example"]
    assert read(prov, quoted) == (["The Denver Post"], ["The Denver Post"])


def test_people_told_and_titled_people_are_not_outlets(prov, tmp_path) -> None:
    doc = page(tmp_path / "told.html", "Minister on the bridge", [
        "The minister told Pentagon officials the plan was final, an aide said.",
        "The drug works in most patients, according to Dr. Amal Haddad, who led the trial.",
        "She told Australian magazine Stellar that she had never been happier.",
        "“It is a relief,” he told The Associated Press on Thursday."])
    ingest(prov, doc)
    credited, sources = read(prov, doc)
    assert credited == ["Stellar", "The Associated Press"]
    assert sorted(sources) == ["Associated Press", "Stellar"]


def test_markup_pointing_at_the_pages_own_site_is_not_a_source(prov, tmp_path) -> None:
    nav = "".join(f'<li><a href="https://harbourblog.example/{topic}/">{topic}</a></li>'
                  for topic in ("bridges", "ferries", "tides", "boats", "piers", "docks", "locks", "canals",
                                "quays", "ports", "about", "contact"))
    # A saved page whose head a server warning broke: its canonical is not read as its own address, but
    # its own links all go to the site the canonical names.
    saved = tmp_path / "saved.html"
    saved.write_text(
        "<br /><b>Warning</b>: db_connect(): access denied in <b>/www/htdocs/blog/plugins/tags.php</b><br />\n"
        '<html><head><title>Bridge repair</title>'
        '<link rel="canonical" href="https://harbourblog.example/2025/06/bridge-repair-approved/" /></head>'
        f"<body><ul>{nav}</ul><article><p>{SENTENCES['en']}</p><p>{SENTENCES['en']}</p></article></body></html>",
        encoding="utf-8")
    # A page of one site whose canonical names another host of the same registered domain.
    section = page(tmp_path / "section.html", "Bridge repair approved", [SENTENCES["en"]],
                   canonical="https://harbourdaily.example/news/story/7331/bridge-repair")
    ingest(prov, saved)
    result = prov("ingest", str(section), "--url", "https://money.harbourdaily.example/story/5603/bridge-repair")
    assert result.exit_code == 0, result.output
    for path in (saved, section):
        doc = prov.json("show", str(path))
        assert [a for a in doc["attributions"] if a["kind"] == "markup" and not a["audit"]] == [], path.name
        assert read(prov, path)[1] == [], path.name
