"""Hyperlinks that are no credit, by the kinds a reading of real pages found (issue 17, precision).

Three random samples of the hyperlink credits `prov` made on the real pages were read
(benchmarks/labels/README.md). The links that credited nothing fell into kinds, and each kind
gets a page here, written for the test in the shape of the real ones: a fashion guide whose
brand names are affiliate links marked with a star, a tracking redirect to a shop, a team's
front page at `/en/home.html`, a podcast's own sound file, a minister's contact form, an href of
words, a portal linking its sister site under another name, "follow X on Facebook", "the
instructions can be found here", a tool's name linked to the tool's own site, and a link
nothing in its sentence or its address supports (kept as evidence, no lineage edge).
"""

from __future__ import annotations

from pathlib import Path

from provenance.ingest.extract import extract
from provenance.links import article_address, link_support, reader_line, refused_url, subject_link

PAGE_URL = "https://www.knitwear-journal.example/guides/fair-knitwear-2025"

GUIDE = """
<p>Fair knitwear is easier to find than five years ago, and several labels now publish where every yarn
comes from, down to the farm.</p>
<p>WOOLWORKS - Knitwear from organic farms. The label <a href="https://tidd.ly/3AbCdEf">Woolworks</a>* sources
its wool from two farms in the hills and spins it in a mill nearby.</p>
<p>LOOMHOUSE - Woven in town. The label <a href="https://www.loomhouse.example/collections/women">Loomhouse</a>*
weaves its scarves on looms a hundred years old.</p>
<p>YAKFOLK - Soft and warm. The brand <a href="https://track.adnetwork.example/click.html?wgcampaignid=1&amp;wgtarget=https%3A%2F%2Fwww.yakfolk.example%2Fcollections%2Fwomen">Yakfolk</a>
makes its jumpers from the down of yaks that graze freely on the high plateau.</p>
<p>Follow <a href="https://www.knitwear-radio.example/latino">Knitwear Radio</a> on Facebook, Twitter and
Instagram for the weekly show about the makers.</p>
<p>The instructions for washing wool by hand can be found <a href="https://www.woolcare.example/guide/hand-wash">here</a>
for those who have never tried it.</p>
<p>Every spring the makers meet at a fair, and the <a href="https://www.makersfair.example/en/home.html">Makers Fair</a>
has grown every year since it started.</p>
<p>Our last episode on the fair is <a href="https://archive.example/download/ep12/ep12_knitwear.mp3">here</a>,
with the founders of three labels talking about prices.</p>
<p>Readers who want stricter labelling should write to
<a href="https://www.ministry.example/DE/Service/Buergerservice/Kontaktformular/Kontakt_node.html">the consumer
minister</a> before the next reform is drafted.</p>
<p>The jumpers shown above <a href="http://The pictures above are our own work, https://www.knitwear-journal.example/">were
all knitted</a> by the labels themselves in their own workshops.</p>
<p>To track the yarn we use a small open tool. There is a solution: <a href="https://yarntrack.docs.example/yarntrack/">Yarntrack</a>.
It keeps every batch in a ledger anyone can read.</p>
"""

SUPPORTED = """
<p>“Raw wool costs a fifth more than it did a year ago,” <a href="https://www.woolboard.example/prices">the
trade weekly wrote</a> in March.</p>
<p>Mills in the region <a href="https://www.regionalpaper.example/2025/03/14/mills-close-as-costs-rise">closed
one after another</a> as the price of energy climbed through the winter.</p>
<p>Shearers earn <a href="https://www.shearers.example/pay">about 3 euros a sheep</a> in most of the country.</p>
<p>Many labels now print a code on each tag that <a href="https://www.tagcodes.example/how-it-works">leads to the farm</a>,
so that buyers can see where the wool grew.</p>
"""


def page(path: Path, body: str) -> Path:
    path.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Fair knitwear</title></head>'
                    f"<body><article><h1>Fair knitwear</h1>{body}</article></body></html>", encoding="utf-8")
    return path


def hyperlinks(path: Path) -> list:
    extracted = extract(path.read_bytes(), kind="html", charset=None, url=PAGE_URL, source=str(path))
    return [f for f in extracted.attributions if f.pattern == "hyperlink"]


def test_links_of_every_refused_kind_are_no_credit(tmp_path) -> None:
    assert [(f.source, f.evidence) for f in hyperlinks(page(tmp_path / "guide.html", GUIDE))] == []


def test_addresses_refused_by_what_they_are() -> None:
    own = {"knitwear-journal.example"}
    cases = {
        "https://tidd.ly/3AbCdEf": "shop",  # an affiliate network's short address
        "https://track.adnetwork.example/click.html?wgtarget=https%3A%2F%2Fwww.yakfolk.example%2Fwomen": "shop",
        "https://www.makersfair.example/en/home.html": "home-page",
        "https://archive.example/download/ep12/ep12_knitwear.mp3": "media",
        "https://www.ministry.example/DE/Service/Kontaktformular/Kontakt_node.html": "navigation",
        "http://The pictures above are our own work, https://x.example/": "not-http",
    }
    assert {url: refused_url(url, "", own) for url in cases} == cases
    # A redirect within one site, and a query naming a page of the same site, are no tracking redirect.
    assert refused_url("https://www.regionalpaper.example/go?to=https%3A%2F%2Fwww.regionalpaper.example%2Fa-b",
                       "", own) is None
    # The page's own outlet under a name the registry gives it: huffingtonpost.co.uk linking huffpost.com.
    assert refused_url("https://www.huffpost.com/entry/airstrikes-hit-camp_n_65426761", "",
                       {"huffingtonpost.co.uk"}) == "own-site"
    assert refused_url("https://www.huffpost.com/entry/airstrikes-hit-camp_n_65426761", "", own) is None


def test_sentences_that_send_the_reader_away_credit_nothing() -> None:
    lines = {
        "Follow Knitwear Radio on Facebook, Twitter and Instagram.": ("Knitwear Radio", "promo"),
        "Folgt uns auf Instagram, dort zeigen wir jede Woche neue Modelle.": ("Instagram", "promo"),
        "The instructions for washing wool by hand can be found here.": ("here", "pointer"),
        "Wir haben im Radio darüber geredet, das gibts hier zu hören!": ("hier zu hören", "pointer"),
        "O conhecimento liberta. Saiba mais sobre o curso.": ("Saiba mais", "pointer"),
        "The wool board said prices rose by a fifth, and mills followed its advice.": ("wool board", None),
    }
    for line, (anchor, reason) in lines.items():
        at = line.index(anchor)
        assert reader_line(line, at, at + len(anchor)) == reason, line


def test_a_name_linked_to_the_site_that_spells_it_is_the_subject_unless_something_rests_on_it() -> None:
    def subject(text: str, anchor: str, host: str) -> str | None:
        at = text.index(anchor)
        return subject_link(text, at, at + len(anchor), host)

    assert subject("There is a solution: Yarntrack. It keeps every batch.", "Yarntrack",
                   "yarntrack.docs.example") == "subject"
    assert subject("Trains are replaced by buses, and North Valley Rail will provide a taxi.", "North Valley Rail",
                   "nvrail.example") == "subject"  # initials and the last word
    assert subject("Mekhi could not compete in United States Tennis Association events.",
                   "United States Tennis Association", "usta.example") == "subject"  # initials
    # Something rests on the name: a statement, figures, a report; or it is a publication's name.
    assert subject("Yarntrack said in a statement that the ledger is open.", "Yarntrack",
                   "yarntrack.docs.example") is None
    assert subject("The Wool Board figures show prices up by a fifth.", "Wool Board", "woolboard.example") is None
    assert subject("Learn more at Valley Health News.", "Valley Health News", "valleyhealthnews.example") is None
    # Not the whole anchor: "Fan Vote" on vote.rockhall.example is no name of that site.
    assert subject("The band sits in third place in the annual Fan Vote.", "Fan Vote", "vote.rockhall.example") is None


def test_what_supports_a_link_only_credit() -> None:
    def support(text: str, anchor: str, url: str) -> str | None:
        at = text.index(anchor)
        return link_support(text, at, at + len(anchor), url)

    assert support("Prices rose, the wool board said in its report.", "wool board", "https://a.example/prices") == "cue"
    assert support("Shearers earn about 3 euros a sheep.", "about 3 euros", "https://a.example/pay") == "figure"
    assert support("Mills closed one after another.", "closed",
                   "https://b.example/2025/03/14/mills-close") == "address"
    assert support("Each tag leads to the farm.", "leads to the farm", "https://tags.example/") is None
    for url in ("https://doi.org/10.1000/xyz123", "https://c.example/files/report.pdf",
                "https://d.example/news/articleshow/71797878.cms", "https://e.example/why-the-mills-closed-this-winter"):
        assert article_address(url), url
    for url in ("https://tags.example/", "https://f.example/products/jumper", "https://g.example/en/latest/"):
        assert not article_address(url), url


def test_a_link_nothing_supports_is_evidence_without_a_lineage_edge(prov, tmp_path) -> None:
    result = prov.json_lines("ingest", str(page(tmp_path / "supported.html", SUPPORTED)), "--url", PAGE_URL)
    doc = prov.json("show", str(result[0]["document_id"]))
    links = {a["source"]: a for a in doc["attributions"] if a["pattern"] == "hyperlink"}
    assert set(links) == {"woolboard.example", "regionalpaper.example", "shearers.example", "tagcodes.example"}
    urls = {s["url"] for s in doc["sources"]}
    assert {"https://www.woolboard.example/prices", "https://www.shearers.example/pay",
            "https://www.regionalpaper.example/2025/03/14/mills-close-as-costs-rise"} <= urls
    # "leads to the farm" on a front page: kept on the document, no source edge.
    assert "https://www.tagcodes.example/how-it-works" not in urls
    assert links["tagcodes.example"]["confidence"] < links["woolboard.example"]["confidence"]
    assert [name for name, a in links.items() if a["unsupported"]] == ["tagcodes.example"]
    shown = prov("show", str(result[0]["document_id"])).output
    assert "[unsupported: True]" in shown


def test_a_page_of_links_that_credit_nothing_gets_no_hyperlink_source(prov, tmp_path) -> None:
    result = prov.json_lines("ingest", str(page(tmp_path / "guide.html", GUIDE)), "--url", PAGE_URL)
    doc = prov.json("show", str(result[0]["document_id"]))
    assert [a for a in doc["attributions"] if a["pattern"] == "hyperlink"] == []
    assert [s for s in doc["sources"] if s.get("url")] == []
