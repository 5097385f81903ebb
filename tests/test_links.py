"""Hyperlinks in a page's text as credits (issue 17): the link a sentence rests on is a source.

The pages are written for the test in the shape of real news pages: a link on other words
("canceled flights" going to another paper's story), a link on a named credit ("wrote in
<a>Foreign Policy</a>"), a link to the named outlet elsewhere in its sentence, and the links
real pages are full of that credit nothing: menus, tags, related stories, share buttons, a
shop's affiliate link, a name linked to its owner's home page, an encyclopaedia, a quoted
post, a shortener, e-mail and script addresses, the page's own site. Library tests read the
extraction; CLI tests ingest on SQLite and PostgreSQL and read `prov show` and `prov trace`.
"""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from provenance.ingest.extract import extract
from provenance.links import list_line, not_body, reader_line, refused_url, unarchived

PAGE_URL = "https://www.harbourherald.example/2025/11/04/smog-city-schools-close"
FLIGHTS = "https://www.business-standard.com/article/current-affairs/flights-diverted-as-smog-thickens-119110400187_1.html"
FP = "https://foreignpolicy.com/2025/11/03/smog-season-politics-farm-fires/"
REUTERS = "https://www.reuters.com/world/india/city-orders-schools-shut-smog-2025-11-03/"
STUDY = "https://www.sciencejournal.example/articles/s41893-025-0192-4"

BODY_CREDITS = f"""
<p>The city ordered every primary school shut on Monday, and airlines <a href="{FLIGHTS}">canceled flights</a>
as a grey haze settled over the runways for a third straight day.</p>
<p>Michael Kugelman wrote in <a href="{FP}">Foreign Policy</a> that the smog season has become a test of
the new government, which promised cleaner air before the last election.</p>
<p>The closures were ordered after talks with hospital chiefs, according to Reuters, which
<a href="{REUTERS}">first reported the meeting</a> on Sunday evening.</p>
<p>Fine particles at these levels <a href="{STUDY}">shorten the lives</a> of people who breathe them for
years, researchers found in a long study of twelve cities.</p>
"""
# What real pages wrap around an article: none of it credits a source.
FURNITURE = """
<p>Our reporters have covered the haze <a href="https://www.harbourherald.example/2025/10/28/haze-returns">since
it returned last month</a>, when the first farm fires were seen from space.</p>
<p>The farm fires across the border, <a href="https://en.wikipedia.org/wiki/Stubble_burning">stubble burning</a>
as it is known, are lit every autumn once the rice harvest is in.</p>
<p>Aid groups such as <a href="https://www.unicef.org/">UNICEF</a> handed out masks to children at the gates
of schools that stayed open for exams.</p>
<p>The chief minister said in a <a href="https://twitter.com/cm_office/status/1191234567890123456">post</a>
that the schools would reopen once the air improved.</p>
<p>Residents who want a purifier can <a href="https://www.amazon.com/dp/B07XJ8C8F5?tag=harbourherald-20">buy one
online</a>, though shops in the old town had none left.</p>
<p>A short summary of the rules is <a href="https://bit.ly/3smogrules">posted here</a> by the city's
transport office for drivers who need a permit.</p>
<p>Questions about the closures can be <a href="mailto:desk@harbourherald.example">sent to our desk</a> or
<a href="javascript:void(0)">asked in the live chat</a> during office hours.</p>
<p>More on <a href="https://www.harbourherald.example/tag/air-pollution">air pollution</a> and
<a href="https://www.othertimes.example/topic/smog">smog</a> is collected on the topic pages.</p>
<p>Read more: <a href="https://www.othertimes.example/2025/11/02/masks-sell-out-smog">Masks sell out as smog
returns</a></p>
<p><a href="https://www.othertimes.example/2025/11/01/schools-shut-across-region">Schools shut across the region
as the haze spreads south</a></p>
<ul class="related-stories">
<li><a href="https://www.othertimes.example/2025/11/01/farm-fires-seen-from-space">Farm fires seen from space
as the harvest ends in the north</a></li>
</ul>
<div class="share-buttons"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Share</a>
<a href="https://www.linkedin.com/shareArticle?url=x">Post</a></div>
"""


def news_page(path: Path, title: str, body: str, *, canonical: str | None = None, published: str | None = None
              ) -> Path:
    head = f"<title>{title}</title>"
    if published:
        head += f'<meta property="article:published_time" content="{published}">'
    if canonical:
        head += f'<link rel="canonical" href="{canonical}">'
    nav = ('<nav><a href="https://www.harbourherald.example/">Home</a> <a href="https://www.harbourherald.example/'
           'world">World</a> <a href="https://www.othertimes.example/2025/11/03/partner-story">Partner story</a></nav>')
    path.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}</head><body>{nav}'
                    f'<article><h1>{title}</h1>{body}</article><footer><a href="https://www.othertimes.example/'
                    f'2025/11/03/footer-story">Footer story</a></footer></body></html>', encoding="utf-8")
    return path


def read(path: Path, url: str | None = PAGE_URL):
    extracted = extract(path.read_bytes(), kind="html", charset=None, url=url, source=str(path))
    return extracted.text, extracted.attributions


def test_a_body_link_to_another_site_is_a_credit_with_its_offsets(tmp_path) -> None:
    text, found = read(news_page(tmp_path / "a.html", "City shuts schools as smog thickens", BODY_CREDITS))
    links = [f for f in found if f.pattern == "hyperlink"]
    assert [(f.source, f.url, f.evidence) for f in links] == [
        ("business-standard.com", FLIGHTS, "canceled flights"),
        ("sciencejournal.example", STUDY, "shorten the lives"),
    ]
    # Supported by the story's address (a long number in it) and by "researchers found" in the sentence.
    assert [f.detail for f in links] == [{"hyperlink": True, "support": "address"},
                                         {"hyperlink": True, "support": "cue"}]
    for f in links:
        assert f.kind == "markup"
        assert text[f.start:f.end] == f.evidence


def test_a_named_credit_takes_the_link_on_it_or_to_its_outlet_in_its_sentence(tmp_path) -> None:
    _, found = read(news_page(tmp_path / "a.html", "City shuts schools as smog thickens", BODY_CREDITS))
    named = {f.source: (f.url, f.detail.get("link")) for f in found if f.pattern != "hyperlink"}
    assert named["Foreign Policy"] == (FP, "on-credit")
    assert named["Reuters"] == (REUTERS, "in-sentence")
    # Neither link is counted a second time as a credit of its own.
    assert {f.url for f in found if f.pattern == "hyperlink"}.isdisjoint({FP, REUTERS})


def test_links_that_credit_nothing_are_not_credits(tmp_path) -> None:
    _, found = read(news_page(tmp_path / "b.html", "What the haze means for schools", FURNITURE))
    assert [(f.pattern, f.url) for f in found if f.url] == []


def test_a_saved_page_knows_its_own_site_by_its_canonical_address(tmp_path) -> None:
    path = news_page(tmp_path / "saved.html", "What the haze means for schools", FURNITURE + BODY_CREDITS,
                     canonical=PAGE_URL)
    _, found = read(path, url=None)
    assert [f.url for f in found if f.pattern == "hyperlink"] == [FLIGHTS, STUDY]


def test_addresses_refused_by_what_they_are() -> None:
    own = {"harbourherald.example"}
    cases = {
        "https://news.harbourherald.example/2025/11/04/x-y": "own-site",
        "https://www.youtube.com/watch?v=abc123": "social",
        "https://medium.com/@someone": "social",
        "https://www.imdb.com/title/tt0111161/": "reference",
        "https://www.crunchbase.com/organization/acme": "reference",
        "https://www.merriam-webster.com/dictionary/smog": "reference",
        "https://de.wikipedia.org/wiki/Smog": "reference",
        "https://t.co/AbCdEf": "shortener",
        "https://www.amazon.co.uk/dp/B000123": "shop",
        "https://go.redirectingat.com/?id=1&url=x": "shop",
        "https://www.acme-widgets.example/": "home-page",
        "https://www.acme-widgets.example/en/": "home-page",
        "https://www.othertimes.example/author/jane-doe": "navigation",
        "https://www.othertimes.example/about": "navigation",
        "https://www.sportsdata.example/nfl/players/300452/jane-doe": "entity-page",
        "ftp://files.example/report.pdf": "not-http",
        "https://harbourherald.de/2025/11/04/schools-shut": "own-site",  # the same name in another country
        "http://scholar.google.com/scholar_lookup?title=Smog": "search",
        "https://creativecommons.org/licenses/by-sa/4.0/": "licence",
        "https://steadyhq.com/en/harbourherald": "support",
        "https://github.com/someone/smogtool": "project-page",
        "https://www.outdoorbrand.example/de/jacken/p/LWX0798": "shop",
        "https://www.university.example/faculty/jane-doe/": "profile",
        "https://www.othertimes.example/images/smog-2025.jpg": "image",
        "https://www.outdoorbrand.example/at/de/home/": "home-page",
        "https://www.outdoorbrand.example/index.trnd": "home-page",
        "https://www.othertimes.example/themen/luftverschmutzung/": "navigation",
    }
    assert {url: refused_url(url, "", own) for url in cases} == cases
    assert refused_url("https://www.othertimes.example/deals/best-purifiers", "sponsored nofollow", own) == "shop"
    for url in ("https://www.othertimes.example/2025/11/02/masks-sell-out", "https://docs.google.com/document/d/1x",
                "https://github.com/someone/smogtool/pull/3985", "https://stats.statsbody.example/Index.aspx?Code=PDB",
                "https://oig.agency.example/docs/IG-20-005.pdf", "https://www.othertimes.example/video/haze-over-city"):
        assert refused_url(url, "", own) is None, url


def test_boxes_that_are_not_the_text_are_told_from_layout_columns() -> None:
    tree = lxml_html.fromstring("""<html><body>
      <div class="l-sidebar-fixed l-article-body"><article class="post type-post tag-delhi category-news">
        <div class="entry-content entry-content-read-more"><p>Text <a id="t" href="https://a.example/x-y">x</a></p>
        <div class="related-posts"><p><a id="r" href="https://b.example/x-y">Other story</a></p></div>
        <div class="post_tags"><a id="g" href="https://b.example/tag/smog">smog</a></div>
        <div class="shareBar"><a id="s" href="https://b.example/x-y">Share</a></div>
        <figure><figcaption>Haze, <a id="c" href="https://c.example/photo-1">photo agency</a></figcaption></figure>
      </div></article></div></body></html>""")
    reasons = {a.get("id"): not_body(a) for a in tree.iter("a")}
    assert reasons == {"t": None, "r": "box", "g": "box", "s": "box", "c": "figcaption"}


def test_a_link_that_is_its_whole_line_is_a_list_of_other_stories() -> None:
    text = ("The council voted to shut the schools, as the minister had said it would.\n"
            "Schools shut across the region as the haze spreads south\n"
            "RELATED: Masks sell out in the old town\n"
            "\u201cThe purifier cleared the room in twenty minutes,\u201d one tester wrote.\n"
            "[Gadget Review]")

    def at(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    assert list_line(text, *at("as the minister had said")) is None
    assert list_line(text, *at("Schools shut across the region as the haze spreads south")) == "related"
    assert list_line(text, *at("Masks sell out in the old town")) == "related"
    assert list_line(text, *at("Gadget Review")) is None  # an excerpt's source mark, not a list


def test_a_sentence_that_addresses_the_reader_credits_nothing() -> None:
    lines = {
        "Die Zollbestimmungen können Sie auf der Webseite des Zolls finden.": "pointer",
        "More information on the closures is on the city's website.": "pointer",
        "Informieren Sie sich im Winter über die Lawinengefahr bzw. für Tirol im Lagebericht.": "pointer",
        "Get the monthly magazine delivered through your letterbox, 12 issues for a small fee.": "promo",
        "If you enjoyed this post, would you consider supporting our work? Click here.": "promo",
        "The ministry said the schools would stay shut, as the report showed.": None,
        "Donors who support the cause gave more than the city had asked for.": None,
    }
    for line, reason in lines.items():
        at = line.index(line.split()[4])
        assert reader_line(line, at, at + 3) == reason, line


def test_an_archived_copy_stands_for_the_page_it_keeps() -> None:
    assert unarchived("https://web.archive.org/web/20160330101229/http://recipes.example/muffins") == \
        "http://recipes.example/muffins"
    assert unarchived("https://web.archive.org/web/2013id_/recipes.example/a.html") == "http://recipes.example/a.html"
    assert unarchived(FLIGHTS) == FLIGHTS


def ingest(prov, path: Path, url: str) -> int:
    result = prov.json_lines("ingest", str(path), "--url", url)
    assert result[0]["status"] == "new", result
    return result[0]["document_id"]


def test_link_credits_are_stored_and_become_url_placeholders(prov, tmp_path) -> None:
    doc_id = ingest(prov, news_page(tmp_path / "a.html", "City shuts schools as smog thickens", BODY_CREDITS),
                    PAGE_URL)
    doc = prov.json("show", str(doc_id))
    links = [(a["kind"], a["pattern"], a["source_url"]) for a in doc["attributions"] if a["pattern"] == "hyperlink"]
    assert links == [("markup", "hyperlink", FLIGHTS), ("markup", "hyperlink", STUDY)]
    sources = {s["outlet"] or s["url"]: s for s in doc["sources"]}
    assert sources["Business Standard"]["url"] == FLIGHTS
    assert sources["Business Standard"]["relation"] == "cites"
    assert "unresolved-source" in sources["Business Standard"]["flags"]
    assert sources["Foreign Policy"]["url"] == FP and sources["Foreign Policy"]["relation"] == "rewrite"
    assert sources["Reuters"]["url"] == REUTERS
    shown = prov("show", str(doc_id)).output
    assert f"Foreign Policy (not in the archive: prov ingest {FP})" in shown
    assert f"Business Standard (not in the archive: prov ingest {FLIGHTS})" in shown
    gaps = sum(1 for s in doc["sources"] if s["document_id"] is None and s["url"])
    assert gaps >= 2 and f"(prov follow {doc_id} fetches these {gaps} and their own sources)" in shown
    trace = prov.json("trace", "Michael Kugelman wrote that the smog season has become a test of the new government")
    assert {"key": "outlet:foreign-policy", "command": f"prov ingest {FP}", "follow": f"prov follow {doc_id}"} in (
        trace["unresolved"])


def test_a_page_of_furniture_gets_no_source(prov, tmp_path) -> None:
    doc_id = ingest(prov, news_page(tmp_path / "b.html", "What the haze means for schools", FURNITURE), PAGE_URL)
    doc = prov.json("show", str(doc_id))
    assert [a for a in doc["attributions"] if a["pattern"] == "hyperlink"] == []
    assert doc["sources"] == []


SOURCE_PAGE = """
<p>Flights were diverted from the capital's airport on Monday morning as visibility fell below two hundred
metres, the airport operator said in a notice to airlines.</p>
<p>Seven arrivals were sent to nearby cities and several departures were held at the gate until the haze
lifted a little around noon, when traffic resumed at a slower pace.</p>
"""


def test_a_linked_document_in_the_archive_gets_the_edge(prov, tmp_path) -> None:
    source = news_page(tmp_path / "bs.html", "Flights diverted as smog thickens", SOURCE_PAGE)
    citing = news_page(tmp_path / "a.html", "City shuts schools as smog thickens", BODY_CREDITS)
    # The citing page first: its placeholder is replaced when the linked page comes in.
    citing_id = ingest(prov, citing, PAGE_URL)
    source_id = ingest(prov, source, FLIGHTS)
    sources = prov.json("show", str(citing_id))["sources"]
    edge = next(s for s in sources if s["document_id"] == source_id)
    assert edge["relation"] == "cites" and edge["basis"] == ["markup"] and edge["url"] == FLIGHTS
    assert "unresolved-source" not in edge["flags"]
    assert not [s for s in sources if s["document_id"] is None and s["url"] == FLIGHTS]
    derivatives = prov.json("show", str(source_id))["derivatives"]
    assert [(d["document_id"], d["relation"]) for d in derivatives] == [(citing_id, "cites")]


def test_a_linked_document_already_in_the_archive_gets_the_edge(prov, tmp_path) -> None:
    source_id = ingest(prov, news_page(tmp_path / "bs.html", "Flights diverted as smog thickens", SOURCE_PAGE),
                       FLIGHTS.replace("https://www.", "http://"))  # the same page at a looser address
    citing_id = ingest(prov, news_page(tmp_path / "a.html", "City shuts schools as smog thickens", BODY_CREDITS),
                       PAGE_URL)
    edge = next(s for s in prov.json("show", str(citing_id))["sources"] if s["document_id"] == source_id)
    assert edge["relation"] == "cites"


OTHER_STORY = """
<p>On Monday the city's schools stayed shut, and Michael Kugelman told a Reuters panel on Sunday that Foreign
Policy readers had asked about the smog. The government, the researchers and the airlines all met on Monday.</p>
<p>Fine particles, the closures and the talks with hospital chiefs were on the agenda again, the Reuters
panel heard, as the city weighed what the new government had promised before the election.</p>
"""


def test_a_link_to_a_page_not_in_the_archive_is_not_given_another_story_of_its_site(prov, tmp_path) -> None:
    other = "https://www.business-standard.com/article/current-affairs/smog-panel-meets-119110300112_1.html"
    # Another story of the linked site, from the day before, with the names of this one (what a credit
    # naming the outlet alone would be matched to).
    other_id = ingest(prov, news_page(tmp_path / "bs2.html", "Smog panel meets", OTHER_STORY,
                                      published="2025-11-03"), other)
    citing_id = ingest(prov, news_page(tmp_path / "a.html", "City shuts schools as smog thickens", BODY_CREDITS),
                       PAGE_URL)
    sources = prov.json("show", str(citing_id))["sources"]
    assert [s["url"] for s in sources if s["outlet"] == "Business Standard"] == [FLIGHTS]
    assert other_id not in [s["document_id"] for s in sources]
