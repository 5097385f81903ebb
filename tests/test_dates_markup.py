"""Markup dates that were on the page and not read: each page here is written for the test, in
the shape of pages seen on the real-world sets (benchmarks/metadata.py), with a near miss each.

- an XHTML page that opens with an XML declaration naming its encoding (lxml refuses such a
  string, so none of its markup was read);
- JSON-LD whose strings hold raw line breaks (not strict JSON; CMSs write descriptions so);
- a bare `date` meta tag written before the page's `article:published_time`;
- `itemprop="datePublished"` on an element other than <time> (Blogger's <abbr title=...>).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from provenance.htmlmeta import parse, read_markup
from provenance.ingest.extract import extract

PARAGRAPHS = "".join(
    f"<p>The county council voted on the new bus timetable after {n} weeks of hearings, and the "
    "changes to the night lines are to apply from the first of the month.</p>" for n in range(3, 9))


def extracted(html: str) -> dt.date | None:
    return extract(html.encode(), kind="html", charset=None, url=None, source="x").published


def test_an_xhtml_page_with_an_xml_declaration_is_read() -> None:
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
            '<head><title>Night buses</title><meta property="article:published_time" '
            'content="2022-12-07T10:00:00+01:00" /></head><body><article><h1>Night buses</h1>'
            f'<p class="date"><time datetime="2022-12-07">07.12.2022</time></p>{PARAGRAPHS}</article></body></html>')
    assert parse(html) is not None
    assert read_markup(html).published == dt.date(2022, 12, 7)
    assert extracted(html) == dt.date(2022, 12, 7)
    # Near miss: a declaration somewhere other than the start is not stripped (lxml reads the page).
    assert parse("<html><body><p>a <?xml version='1.0'?> b</p></body></html>") is not None


def jsonld_page(body: str) -> str:
    return (f'<html><head><title>Night buses</title><script type="application/ld+json">{body}</script></head>'
            f'<body><article><h1>Night buses</h1>{PARAGRAPHS}</article></body></html>')


def test_jsonld_with_raw_line_breaks_in_its_strings_is_read() -> None:
    obj = {"@type": "NewsArticle", "headline": "Night buses", "datePublished": "2022-02-02T11:14:00+01:00",
           "description": "The council votes@@on the timetable"}
    html = jsonld_page(json.dumps(obj).replace("@@", "\n"))
    assert read_markup(html).published == dt.date(2022, 2, 2)
    assert read_markup(html).published_from == "json-ld datePublished"
    # Near miss: JSON-LD that is broken otherwise (a missing brace) is still skipped, not guessed at.
    assert read_markup(jsonld_page(json.dumps(obj)[:-1])).published is None


def test_a_bare_date_meta_tag_before_the_published_time_does_not_hide_it() -> None:
    head = ('<meta name="date" content="2022-01-30T00:00:00+01:00" />'
            '<meta property="article:published_time" content="2022-01-28T00:00:00+01:00" />')
    html = f"<html><head><title>Night buses</title>{head}</head><body><article><h1>Night buses</h1>{PARAGRAPHS}"
    html += "</article></body></html>"
    found = read_markup(html)
    assert (found.published, found.published_from) == (dt.date(2022, 1, 28), "meta article:published_time")
    # Near miss: a bare date meta tag alone is still read (then checked against the page by ingest).
    alone = html.replace('<meta property="article:published_time" content="2022-01-28T00:00:00+01:00" />', "")
    assert (read_markup(alone).published, read_markup(alone).published_from) == (dt.date(2022, 1, 30), "meta date")


def test_date_published_on_an_abbr_element_is_markup() -> None:
    post = ("<div class='post-header'><a href='/2018/06/policy.html' rel='bookmark'>"
            "<abbr class='published' itemprop='datePublished' title='2018-06-05T08:00:00-07:00'>08:00</abbr></a></div>")
    html = f"<html><head><title>Policy</title></head><body><article><h1>Policy</h1>{post}{PARAGRAPHS}</article></body></html>"
    found = read_markup(html)
    assert (found.published, found.published_from) == (dt.date(2018, 6, 5), "abbr datePublished")
    # Near miss: the same element marked as the change date is not a publication date.
    changed = html.replace("itemprop='datePublished'", "itemprop='dateModified'")
    assert read_markup(changed).published is None


def test_a_bare_day_stored_as_central_european_midnight_in_utc_is_the_next_day() -> None:
    def head(stamp: str) -> str:
        return (f'<html><head><title>Night buses</title><meta property="article:published_time" content="{stamp}" />'
                f'</head><body><article><h1>Night buses</h1><p class="meta"><span class="date">5. November 2021'
                f"</span></p>{PARAGRAPHS}</article></body></html>")

    found = read_markup(head("2021-11-04T23:00Z"))
    assert found.published == dt.date(2021, 11, 5)
    assert found.published_from == "meta article:published_time, a midnight in Central Europe"
    assert extracted(head("2021-11-04T23:00Z")) == dt.date(2021, 11, 5)
    assert read_markup(head("2021-11-04T22:00:00.000Z")).published == dt.date(2021, 11, 5)  # summer time
    # Near misses: a real time of day in UTC, and a stamp in the site's own offset, keep their day.
    assert read_markup(head("2021-11-04T23:17:42Z")).published == dt.date(2021, 11, 4)
    assert read_markup(head("2021-11-04T23:00:00+01:00")).published == dt.date(2021, 11, 4)


def test_ingest_reads_an_xhtml_pages_markup(prov, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
            '<title>Night buses</title><meta property="article:published_time" content="2021-11-04T23:00Z" />'
            '<meta name="author" content="Ida Brandt" /></head><body><article><h1>Night buses</h1>'
            f'<p class="meta"><span class="date">5. November 2021</span></p>{PARAGRAPHS}</article></body></html>')
    path = tmp_path / "buses.html"
    path.write_text(html, encoding="utf-8")
    result = prov("ingest", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    shown = prov.json("show", str(json.loads(result.stdout)["document_id"]))
    assert shown["published"] == "2021-11-05" and shown["date_source"] == "markup"
