"""Credits the extracted text loses, and outlet credits of two new shapes (issue 17, recall).

- An article cut by its CMS into two body containers of one class with an ad between them:
  trafilatura keeps the first, and the credits of the second (a link, "according to the Bay
  Courier") are read from the page's HTML, without offsets, `detail["read_from"] == "html"`.
- Single body paragraphs missing from the stored text ("[Site]" closing an excerpt, a run of
  text between line breaks) are read the same way; a dropped paragraph in a box that is not
  the article (a newsletter box, an aside) or under no body is not.
- A list of outlets that carried a story, and an outlet described as one in an apposition.

The pages and sentences are written for the test, in the shape of real ones.
"""

from __future__ import annotations

from pathlib import Path

from provenance.attribution import find_attributions
from provenance.htmlmeta import parse
from provenance.ingest.dropped import dropped_credits
from provenance.ingest.extract import extract

PAGE_URL = "https://www.harbourherald.example/2025/11/04/harbour-fees-rise-again"
GAZETTE = "https://www.portgazette.example/2025/10/02/fees-fall-north-bay"


def para(i: int) -> str:
    return (f"<p>Part {i} of the story says that harbour fees rose again this autumn, and that shipping firms in the "
            "bay have started to send their cargo to the northern port instead, where the fees are lower.</p>")


SECOND_PART = (f'<p>Rival ports have <a href="{GAZETTE}">cut their fees twice</a> since the spring, and traders expect'
               " a third cut before the winter sets in across the coast.</p>"
               "<p>The harbour board is to meet on Friday. According to the Bay Courier, which first reported the plan,"
               " the board will vote on a freeze of all fees for the next two years.</p>"
               "<p>The closing part has more words about the harbour and the ships that call there every week.</p>")


def split_page(path: Path, second: str = SECOND_PART, extra: str = "") -> Path:
    """An article in two `article__body` containers with an ad row between them, as some CMSs cut it."""
    first = "".join(para(i) for i in range(6))
    path.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour fees rise again</title></head>'
        '<body><nav><a href="/">Home</a></nav><main><article><h1>Harbour fees rise again</h1>'
        f'<div class="grid"><div class="article__body body">{first}</div><div class="aside"><div class="ad">'
        'Advertisement</div></div></div><div class="row full-bleed-ad"><div class="ad">Advertisement</div></div>'
        f'<div class="grid"><div class="article__body body">{second}</div></div>{extra}'
        "</article></main><footer>Harbour Herald</footer></body></html>", encoding="utf-8")
    return path


def read(path: Path):
    extracted = extract(path.read_bytes(), kind="html", charset=None, url=PAGE_URL, source=str(path))
    return extracted.text, extracted.attributions


def test_credits_of_a_body_container_the_extractor_dropped_are_read_from_the_html(tmp_path) -> None:
    text, found = read(split_page(tmp_path / "a.html"))
    assert "Bay Courier" not in text and "cut their fees" not in text  # the stored text is the extractor's
    html = [f for f in found if f.detail.get("read_from") == "html"]
    assert [(f.pattern, f.source, f.url) for f in html] == [
        ("hyperlink", "portgazette.example", GAZETTE),
        ("according-to", "the Bay Courier", None),
    ]
    assert all(f.start is None and f.end is None for f in html)
    assert html[1].evidence == "According to the Bay Courier"


def test_a_dropped_paragraph_outside_the_body_is_not_read(tmp_path) -> None:
    # The same words in a newsletter box and in an aside: not the article's text.
    boxes = ('<div class="newsletter-signup"><p>According to the Bay Courier, our readers love the morning letter,'
             ' so sign up today.</p></div><aside><p>According to the Island Tribune, fees will rise.</p></aside>')
    second = "".join(para(i) for i in range(6, 8))
    _, found = read(split_page(tmp_path / "b.html", second=second, extra=boxes))
    assert [f for f in found if f.detail.get("read_from")] == []


def test_a_source_already_credited_in_the_text_is_not_added_again() -> None:
    body = "".join(para(i) for i in range(3)) + "<p>The plan was first reported by the Bay Courier on Monday.</p>"
    tree = parse(f'<html><body><article><div class="story">{body}</div></article></body></html>')
    lines = [p.text_content() for p in tree.iter("p")]
    # The stored text lost the last paragraph but credits the same outlet elsewhere.
    stored = "\n".join(lines[:3]) + "\nThe Bay Courier reported the plan."
    kept = find_attributions(stored)
    assert [f.source for f in kept] == ["The Bay Courier"]
    assert dropped_credits(tree, stored, kept, page_url=PAGE_URL) == []
    # Without that credit in the text, the dropped paragraph's credit is read.
    assert [f.source for f in dropped_credits(tree, "\n".join(lines[:3]), [], page_url=PAGE_URL)] == ["the Bay Courier"]


def test_a_dropped_site_mark_closing_an_excerpt_is_read() -> None:
    excerpts = "".join(
        f"<blockquote><p>Excerpt {i} of a review says the console streams games well on a fast line at home.</p>"
        f'</blockquote><p><strong>[</strong><a href="https://www.site{i}.example/reviews/console-{i}">'
        f"<strong>{site}</strong></a><strong>]</strong></p>"
        for i, site in enumerate(["Pixel Ledger", "Game Courier", "Screen Weekly"]))
    tree = parse(f'<html><body><article><div class="entry">{excerpts}</div></article></body></html>')
    # The stored text lost the second mark (as trafilatura does on some pages).
    lines = [p.text_content() for p in tree.iter("p")]
    stored = "\n".join(line for line in lines if "Game Courier" not in line)
    found = dropped_credits(tree, stored, find_attributions(stored), page_url=PAGE_URL)
    assert [(f.pattern, f.source, f.url) for f in found] == [
        ("leading-tag", "Game Courier", "https://www.site1.example/reviews/console-1")]


def test_a_run_of_text_between_line_breaks_is_a_paragraph() -> None:
    runs = ("The island's new ferry will start in the spring, according to industry sources cited by the "
            "Island Tribune. A preview was shared with subscribers. <br><br>"
            "The ferry will carry two hundred cars and sail four times a day between the two harbours. <br><br>"
            "Its engines are electric, and the harbour board says the crossing will take forty minutes. <br><br>")
    tree = parse(f'<html><body><div class="content">{runs}</div></body></html>')
    stored = ("The ferry will carry two hundred cars and sail four times a day between the two harbours.\n"
              "Its engines are electric, and the harbour board says the crossing will take forty minutes.")
    found = dropped_credits(tree, stored, [], page_url=PAGE_URL)
    assert [(f.pattern, f.source, f.start) for f in found] == [("cited-by", "the Island Tribune", None)]


def test_outlets_listed_as_having_carried_a_story_are_credits() -> None:
    found = find_attributions("From The Daily Ledger to the Harbour Gazette to Condé Island Traveller, almost all "
                              "major foreign publications have carried the news about the floating bar.")
    assert [(f.pattern, f.source) for f in found] == [
        ("outlet-list", "The Daily Ledger"), ("outlet-list", "Harbour Gazette"), ("outlet-list", "Condé Island Traveller")]
    known = find_attributions("Reuters, the AP and Bloomberg all reported the deal on Monday.")
    assert [(f.pattern, f.source) for f in known] == [
        ("outlet-list", "Reuters"), ("outlet-list", "AP"), ("outlet-list", "Bloomberg")]


def test_a_list_of_names_that_are_not_outlets_stays_out() -> None:
    for sentence in ("Smith, Jones and Brown reported the findings to the board on Monday.",
                     "From Monday to Friday, the shops reported brisk sales of umbrellas.",
                     "Acme Widgets, Borealis Tools and Cobalt Mining reported strong results."):
        assert [f for f in find_attributions(sentence) if f.pattern == "outlet-list"] == [], sentence


def test_an_outlet_described_as_one_in_an_apposition_is_a_credit() -> None:
    found = find_attributions("On Monday, the People’s Sentinel, the mouthpiece of the ruling party, warned that "
                              "there is no room for compromise.")
    assert [(f.pattern, f.source) for f in found] == [("described-outlet", "People’s Sentinel")]
    daily = find_attributions("Kommerzblatt, a Moscow business daily, reported that the talks had stalled.")
    assert [(f.pattern, f.source) for f in daily] == [("described-outlet", "Kommerzblatt")]


def test_a_person_described_in_an_apposition_is_no_outlet() -> None:
    for sentence in ("Jane Doe, the company's chief executive, said the plan works.",
                     "Harbour Board, the body that runs the port, said fees would rise.",
                     "Tom Reed, a reporter at the paper, said he had seen the letter."):
        assert [f for f in find_attributions(sentence) if f.pattern == "described-outlet"] == [], sentence


def test_credits_read_from_the_html_are_stored_without_offsets(prov, tmp_path) -> None:
    path = split_page(tmp_path / "a.html")
    result = prov.json_lines("ingest", str(path), "--url", PAGE_URL)
    assert result[0]["status"] == "new", result
    doc = prov.json("show", str(result[0]["document_id"]))
    html = [(a["pattern"], a["source_name"] if "source_name" in a else a.get("source"), a["start"])
            for a in doc["attributions"] if a["pattern"] in ("hyperlink", "according-to")]
    assert html == [("hyperlink", "portgazette.example", None), ("according-to", "the Bay Courier", None)]
    outlets = {s["outlet"] for s in doc["sources"]}
    assert "Bay Courier" in outlets or "the Bay Courier" in outlets
    assert "According to the Bay Courier" in prov("show", str(result[0]["document_id"])).output


def test_the_next_post_of_a_listing_page_is_not_the_article(tmp_path) -> None:
    # A blog's front page: two posts in containers of one class, each under its own title.
    second = "".join(para(i) for i in range(6, 9)).replace(
        "</p>", " According to the Bay Courier, the fees will rise.</p>", 1)
    path = tmp_path / "listing.html"
    path.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour notes</title></head><body><main>'
        f'<h2>Harbour fees rise again</h2><div class="entry">{"".join(para(i) for i in range(6))}</div>'
        f'<h2>Another week at the harbour</h2><div class="entry">{second}</div></main></body></html>',
        encoding="utf-8")
    text, found = read(path)
    assert "Bay Courier" not in text
    assert [f for f in found if f.detail.get("read_from")] == []


def test_a_government_agency_in_an_apposition_is_no_outlet() -> None:
    found = find_attributions("The Office of Harbour Affairs, the region's central planning agency, said fees will rise.")
    assert [f for f in found if f.pattern == "described-outlet"] == []


def test_links_of_dropped_lists_and_front_pages_are_not_read() -> None:
    body = "".join(para(i) for i in range(3)) + (
        '<p>Blocker: for <a href="https://addons.example.org/firefox/addon/blocker-7/">Firefox</a> | '
        '<a href="https://store.example.com/detail/blocker-7-x">Chrome</a></p>'
        '<p>The spa of the <a href="https://www.lakeview-hotel.example/it/spa/">Lakeview Hotel</a> looks over the lake'
        ' and has a pool of its own on the roof.</p>'
        '<p>Fees at the northern port <a href="https://www.portgazette.example/2025/10/02/fees-fall-north-bay">fell '
        "twice</a> this year, and traders expect them to fall again before the winter.</p>")
    tree = parse(f'<html><body><article><div class="story">{body}</div></article></body></html>')
    stored = "\n".join(p.text_content() for p in list(tree.iter("p"))[:3])
    found = dropped_credits(tree, stored, [], page_url=PAGE_URL)
    assert [(f.pattern, f.url) for f in found] == [("hyperlink", GAZETTE)]


def test_a_reading_list_of_headlines_is_not_read() -> None:
    body = "".join(para(i) for i in range(3)) + (
        '<p>Why the northern port keeps cutting its fees (Jane Doe — '
        '<a href="https://www.portgazette.example/2025/10/02/fees-fall-north-bay">Port Gazette</a>)</p>'
        '<p>The pool at the <a href="https://www.lakeview-hotel.example/de/?gclid=Cj0KCQ_x1-y2">Lakeview Hotel</a>'
        " is open all winter, and the sauna looks over the lake.</p>")
    tree = parse(f'<html><body><article><div class="story">{body}</div></article></body></html>')
    stored = "\n".join(p.text_content() for p in list(tree.iter("p"))[:3])
    assert [f for f in dropped_credits(tree, stored, [], page_url=PAGE_URL) if f.pattern == "hyperlink"] == []
