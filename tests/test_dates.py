"""Which date a page gets, precision first: a wrong date flips which copy came first, so a date
the page does not state as its own publication day is left out rather than guessed.

Each page here is written for the test, in the shape of pages seen on the real-world sets:
a change date beside the publication date, a list of other posts' dates under the article,
a timestamp in UTC beside the same instant in the site's offset, a blog's post column, a top
bar with today's date, a shop page's own datePublished.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from provenance.htmlmeta import in_chrome, parse, read_markup, stated_as_own_date
from provenance.ingest.extract import extract

PARAGRAPHS = "".join(
    f"<p>The harbour board approved the dredging plan on Thursday after a delay of {n} months, "
    "and the work on the north quay is to start before the spring tides.</p>" for n in range(3, 9))


def page(article_head: str = "", after: str = "", head: str = "", body_class: str = "") -> str:
    return (f"<html><head><title>Dredging plan approved</title>{head}</head><body class='{body_class}'>"
            f"<article><h1>Dredging plan approved</h1>{article_head}{PARAGRAPHS}</article>{after}</body></html>")


def extracted(html: str, url: str | None = None) -> dt.date | None:
    return extract(html.encode(), kind="html", charset=None, url=url, source="x").published


def test_the_date_a_page_was_changed_is_not_its_publication_date() -> None:
    html = page('<p class="meta"><time class="published">3 April 2024</time> · '
                '<span class="last-updated">Updated: 11 April 2024</span></p>')
    assert stated_as_own_date(html, dt.date(2024, 4, 3))
    assert not stated_as_own_date(html, dt.date(2024, 4, 11))
    marked = page('<time itemprop="dateModified" datetime="2024-04-11">11.04.2024</time>'
                  '<time itemprop="datePublished" datetime="2024-04-03">03.04.2024</time>')
    assert not stated_as_own_date(marked, dt.date(2024, 4, 11))
    # Read from the page as a whole: the publication day, not the change day.
    assert extracted(marked) == dt.date(2024, 4, 3)


def test_a_list_of_other_posts_under_the_article_gives_no_date() -> None:
    listed = "".join(f'<li><a href="/press/{n}">Earlier release {n}</a> <time datetime="2024-0{n}-0{n} 10:00">'
                     f"0{n}.0{n}.2024</time></li>" for n in (8, 6, 4))
    html = page('<time datetime="2024-12-12 12:22">12.12.2024 12:22</time>', f"<ul>{listed}</ul>")
    assert stated_as_own_date(html, dt.date(2024, 12, 12))
    # The oldest date on the page is another release's, however "original" it looks.
    assert not stated_as_own_date(html, dt.date(2024, 4, 4))
    assert extracted(html) in (dt.date(2024, 12, 12), None)


def test_dates_of_one_class_that_differ_are_a_list_of_posts() -> None:
    own = '<p class="date">Written: 2023-11-07 15:03</p>'
    teasers = "".join(f'<h2><a href="/news/{n}">Lineup {n}</a></h2><p class="date">2023-11-0{n}</p>' for n in (3, 2))
    html = page(own, f"<div class='more'>{teasers}</div>")
    assert stated_as_own_date(html, dt.date(2023, 11, 7))  # the first of them, under the headline
    assert not stated_as_own_date(html, dt.date(2023, 11, 3))
    # One class, one day: a date repeated at the head and the foot of the article still counts.
    twice = page(own, '<p class="date">Written: 2023-11-07 15:03</p>')
    assert stated_as_own_date(twice, dt.date(2023, 11, 7))


def test_a_utc_timestamp_takes_the_day_of_its_twin_in_the_sites_offset() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Dredging plan approved",'
            ' "datePublished": "2024-05-04T03:37:37+00:00"}</script>')
    twin = '<time class="entry-date" datetime="2024-05-03T23:37:37-04:00">3 May, 2024, 11:37 pm</time>'
    markup = read_markup(page(twin, head=head))
    assert markup.published == dt.date(2024, 5, 3)
    assert markup.published_from == "json-ld datePublished, in the site's own offset"
    # No twin: the timestamp's own day stays (nothing says where the site is).
    assert read_markup(page(head=head)).published == dt.date(2024, 5, 4)
    # A timestamp written in an offset already is the site's day.
    local = head.replace("2024-05-04T03:37:37+00:00", "2024-05-03T23:37:37-04:00")
    assert read_markup(page(twin, head=local)).published == dt.date(2024, 5, 3)


def test_a_blogs_post_column_is_not_a_sidebar_widget() -> None:
    post = ('<div class="widget Blog" id="Blog1"><div class="date-outer"><h2 class="date-header">'
            '<span>Saturday, 5 October 2013</span></h2><div class="post">{}</div></div></div>')
    html = f"<html><body><div class='main'>{post.format(PARAGRAPHS)}</div></body></html>"
    assert stated_as_own_date(html, dt.date(2013, 10, 5))
    archive = ('<div class="widget BlogArchive" id="BlogArchive1"><h2 class="date-header">'
               '<span>Saturday, 5 October 2013</span></h2></div>')
    html = f"<html><body><div class='main'>{PARAGRAPHS}</div>{archive}</body></html>"
    assert not stated_as_own_date(html, dt.date(2013, 10, 5))


def test_todays_date_in_the_sites_top_bar_is_not_the_articles() -> None:
    bar = '<div class="hb-c-nav-top hb-c-nav-top--date"><time>Mittwoch, 8. Juli 2020</time></div>'
    html = f"<html><body>{bar}<article><h1>Grenzen</h1>{PARAGRAPHS}</article></body></html>"
    tree = parse(html)
    assert tree is not None and in_chrome(tree.xpath("//time")[0])
    assert not stated_as_own_date(html, dt.date(2020, 7, 8))
    assert extracted(html) is None


def test_a_page_header_with_the_headline_is_not_a_navigation_bar() -> None:
    header = ('<div class="nav-header"><h1>Dredging plan approved</h1>'
              '<p class="post-date">23 February 2020</p></div>')
    html = f"<html><body>{header}<div class='post'>{PARAGRAPHS}</div></body></html>"
    assert stated_as_own_date(html, dt.date(2020, 2, 23))


def test_a_bare_date_meta_tag_counts_only_where_the_page_states_that_day() -> None:
    # Many CMSs write the day the page was saved into <meta name="date">.
    saved = '<meta name="date" content="2024-02-12">'
    shown = '<div class="news-single-timedata">05.02.2024 - Redaktion</div>'
    assert extracted(page(shown, head=saved)) is None
    assert extracted(page(shown.replace("05.02.2024", "12.02.2024"), head=saved)) == dt.date(2024, 2, 12)
    # A named publication tag is not weak: it stands without the page repeating it.
    named = '<meta property="article:published_time" content="2024-02-12T09:00:00+01:00">'
    assert extracted(page(head=named)) == dt.date(2024, 2, 12)


def test_a_shop_pages_own_date_published_is_kept() -> None:
    # The page's markup dates the page itself: prov gives that date, as the page states it (the
    # real-world benchmark counts such pages apart, by kind, when the gold leaves them undated).
    head = ('<script type="application/ld+json">{"@type": "WebPage", "name": "Rabbit hutch with run",'
            ' "datePublished": "2020-06-08T09:12:00+02:00", "dateModified": "2021-01-10T10:00:00+01:00"}</script>')
    html = page(head=head).replace("Dredging plan approved", "Rabbit hutch with run")
    got = extract(html.encode(), kind="html", charset=None, url="https://shop.example/hutch", source="x")
    assert got.published == dt.date(2020, 6, 8) and got.sources["published"] == "markup: json-ld datePublished"


def test_a_date_in_the_address_against_the_markup() -> None:
    url = "https://blog.example/2016/04/15/dredging/"
    assert extracted(page(), url) == dt.date(2016, 4, 15)  # nothing else dates it: the address does
    head = '<meta property="article:published_time" content="2016-04-16T08:00:00+02:00">'
    assert extracted(page(head=head), url) == dt.date(2016, 4, 16)  # the markup says which day exactly


def test_ingest_keeps_the_publication_day_not_the_change_day(prov, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = page('<p class="meta"><time itemprop="dateModified" datetime="2024-04-11T10:00:00+02:00">11.04.2024</time>'
                ' <time itemprop="datePublished" datetime="2024-04-03T08:00:00+02:00">03.04.2024</time></p>')
    path = tmp_path / "dredging.html"
    path.write_text(html, encoding="utf-8")
    result = prov("ingest", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    shown = prov.json("show", str(json.loads(result.stdout)["document_id"]))
    assert shown["published"] == "2024-04-03" and shown["date_source"] == "markup"


def test_a_date_after_a_change_label_is_a_change_date() -> None:
    # A wiki's page footer: "page revision: 8, last edited: <span class="odate">17 Jun 2018</span>".
    edited = page(after='<div id="page-info">page revision: 8, last edited: <span class="odate">17 Jun 2018 15:15'
                        "</span></div>")
    assert not stated_as_own_date(edited, dt.date(2018, 6, 17))
    assert extracted(edited) is None
    labelled = page('<p><strong>Aktualisiert am</strong> <span class="date">11.04.2020</span></p>')
    assert not stated_as_own_date(labelled, dt.date(2020, 4, 11))
    # Near misses: the same element after a publication label, or after a comment, is the article's date.
    assert stated_as_own_date(page(after='<div id="page-info">first published: <span class="odate">17 Jun 2018'
                                         "</span></div>"), dt.date(2018, 6, 17))
    assert stated_as_own_date(page('<p><!-- date --><span class="date">11.04.2020</span></p>'),
                              dt.date(2020, 4, 11))
