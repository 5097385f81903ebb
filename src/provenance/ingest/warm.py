"""Warm the extraction once in the forkserver, so that no worker pays it again.

Imported by the forkserver of ingest's worker processes (`workers.process_pool(preload=...)`) before
it forks the first worker: the imports (trafilatura, lxml, SQLAlchemy's models, our readers) and what
the first extraction loads lazily (trafilatura's jusText word lists, the table of web suffixes,
py3langid's model, the reuse fingerprint's permutations) are then in memory once, and every worker
forked from it starts with them. Without this each worker paid about 1.3 CPU-seconds of imports and as
much again on its first page (benchmarks/ingest_profile.py), on every batch. The same holds for
htmldate's fallback date parser (dateparser): the first string it cannot read makes it load and compile
all of its 205 locales, 2.2 CPU-seconds that each worker paid on its own (`warm_dates`).

The pages below are written for this purpose, in the shape of real ones: an article saved without its
address (its canonical link names it), and a short notice (a text that short sends trafilatura to its
fallback extractors).
"""

from __future__ import annotations

from provenance.ingest import extract_one
from provenance.ingest.fetch import Fetched, now

PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour board delays the vote on the new ferry pier - Coastline Courier</title>
<meta property="og:description" content="The harbour board put off its vote on the ferry pier until
the spring, after residents asked for a second survey of the seabed.">
<meta name="author" content="Mara Lindqvist">
<meta property="article:published_time" content="2024-03-12T09:30:00+01:00">
<link rel="canonical" href="https://www.ccn.example/news/2024/03/12/harbour-board-delays-pier-vote">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a></nav></header>
<article class="entry-content">
<h1>Harbour board delays the vote on the new ferry pier</h1>
<p class="byline">By Mara Lindqvist, <time datetime="2024-03-12">12 March 2024</time></p>
<p>The harbour board put off its vote on the ferry pier until the spring, after residents asked for a
second survey of the seabed near the old breakwater, the board's chair said on Tuesday.</p>
<p>"We would rather lose three months than build on ground we do not understand," she told the meeting,
according to the minutes <a href="https://harbour-board.example.org/minutes/2024-03-11">published on the
board's site</a>.</p>
<p>The first survey, carried out in 2022, found soft clay under part of the planned site. Engineers
estimated that the extra piles would add about eight percent to the cost, the Coastal Engineering
Review reported last year.</p>
<p>Residents of the north quay have collected more than four hundred signatures against the plan as it
stands, and say the board has not answered their questions about traffic on the quay road.</p>
</article>
<aside class="related-posts"><a href="/news/2024/03/other-story">Other story</a></aside>
<footer>Coastline Courier</footer>
</body></html>
"""


NOTICE = b"""<html><head><title>Quay road closed on Saturday</title></head><body>
<div class="post"><h2>Quay road closed on Saturday</h2>
<p>The quay road is closed to traffic from 8am to noon on Saturday for resurfacing.</p></div>
</body></html>"""


def warm() -> None:
    """One extraction of each page, the results dropped; then the date parsers' locales."""
    for page in (PAGE, NOTICE):
        extract_one(Fetched(input="(warm-up)", body=page, origin="file", kind="html", fetched_at=now()), None)
    warm_dates()


# A line no locale reads as a date: dateparser tries (and so loads) every one of them.
NOT_A_DATE = "Quay road notice 0"


def warm_dates() -> None:
    """Load what htmldate's search of a page's text loads on first use: the month names of every
    dateparser locale, and the locales themselves (its parser tries them all on a string none reads).
    Both are htmldate's cached helpers; without them (another htmldate) nothing is loaded ahead."""
    from htmldate import extractors

    month_words = getattr(extractors, "month_words", None)
    if month_words is not None:
        month_words()
    parser = getattr(extractors, "get_external_parser", None)
    if parser is not None:
        parser().get_date_data(NOT_A_DATE)


warm()
