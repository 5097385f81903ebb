"""Text documents: boilerplate out; headline, byline, date, outlet read from the text. No database."""

from __future__ import annotations

import datetime as dt

from conftest import STORY_TEXT
from provenance.textmeta import read_text_document

FORUM = """You have commented 4 times on Harbour Board.

Your Name
Your e-mail (optional)
Bold Italic Underline Quote Link
Local: Waterfront
Ferry fares rise again: Harbour Gazette
2024-11-02
Here we go again.
[Harbour Gazette] The ferry company raised fares for the second time this year, citing fuel costs and new crew rules.
Commuters said the rise would add twenty crowns a week to their travel costs, and the council promised a review.
Posted by:deckhand
00:00
"""

AUTHOR_BOX = """Author Recent Posts Mira Osei Latest posts by Mira Osei (see all) Harbour dredging plan approved after long delay – May 2, 2024 Why ferry fares keep rising – April 1, 2024
The harbour board approved a dredging plan on Thursday after a delay of almost three years, clearing the way for larger ships.
The plan will deepen the main channel by two metres and cost about 30 million crowns, to be shared with the port operator.
- Harbour dredging plan approved after long delay - May 2, 2024
- Why ferry fares keep rising - April 1, 2024
Leave a Comment
Your email address will not be published. Required fields are marked *
"""


def test_forum_post() -> None:
    meta = read_text_document(FORUM)
    assert meta.title == "Ferry fares rise again: Harbour Gazette"
    assert meta.published == dt.date(2024, 11, 2)
    assert meta.authors == ["deckhand"]
    assert (meta.outlet, meta.outlet_source) == ("Harbour Board", "chrome")
    assert meta.text.startswith("Here we go again.\n[Harbour Gazette] The ferry company")
    for chrome in ("You have commented", "Your e-mail", "Bold Italic", "Posted by", "00:00", "2024-11-02"):
        assert chrome not in meta.text


def test_author_box_gives_author_and_this_articles_date_only() -> None:
    meta = read_text_document(AUTHOR_BOX)
    assert meta.authors == ["Mira Osei"]
    assert meta.published == dt.date(2024, 5, 2)  # the entry that is this article, not the other post
    assert meta.title == "Harbour dredging plan approved after long delay"
    assert meta.text.startswith("The harbour board approved") and "Leave a Comment" not in meta.text
    assert "Why ferry fares keep rising" not in meta.text


def test_no_date_is_invented() -> None:
    meta = read_text_document("A council report published on March 3, 2024 says the bridge needs repair.\n"
                              "Repairs will take two years and close one lane at a time, the report says.\n")
    assert meta.published is None and meta.authors == [] and meta.title is None


def test_newspaper_text_with_masthead_and_paywall() -> None:
    meta = read_text_document((STORY_TEXT / "05-observer-interview.txt").read_text())
    assert (meta.outlet, meta.outlet_source) == ("The Lowland Observer", "masthead")
    assert meta.authors == ["Tomas Reyes"] and meta.published is None
    assert meta.title == "After the Tavira Deal, Engineers Turn to the Gauges"
    assert "Subscribe to The Lowland Observer" not in meta.text and "Ferry timetable" not in meta.text
    assert meta.text.rstrip().endswith("scheduled a ratification vote.")


def test_a_wrapped_line_starting_with_by_is_article_text_not_a_byline() -> None:
    wrapped = """Harbour Gazette

Ferry fares rise again on the island routes
by Jon Ferris

March 3, 2025

The ferry company raised fares for the second time this year, a rise
by Strand Line, the operator, that commuters say will cost them twenty
crowns a week.
"""
    meta = read_text_document(wrapped)
    assert meta.authors == ["Jon Ferris"]  # a small "by" under the headline is still the byline
    assert meta.published == dt.date(2025, 3, 3)
    assert meta.text.startswith("The ferry company raised fares for the second time this year, a rise\nby Strand")
