"""Quotes: spans, speakers (or None), and whether this document is where they were given."""

from __future__ import annotations

import pytest

from provenance.quotes import find_quotes


@pytest.mark.parametrize(("text", "speaker"), [
    ("Vanda Brown told The Post that ties were narrow. \u201cWashington kept asking and pressing,\u201d she said.", "Vanda Brown"),
    ("\u201cThe numbers arrive every six hours now,\u201d said Marta Lindqvist, a hydrologist.", "Marta Lindqvist"),
    ("\u201cThe numbers arrive every six hours now,\u201d Marta Lindqvist said.", "Marta Lindqvist"),
    ("\"We asked for the data for ten years,\" said head librarian Joris Mertens.", "Joris Mertens"),
    ("Michael Kugelman, director of the institute, said Pakistan likely \u201cwants to know how far the U.S. will go.\u201d",
     "Michael Kugelman"),
    ("The envoy, Piet Andersen: \u201cA schedule without a penalty is a promise.\u201d", "Piet Andersen"),
    ("According to Anika Dahl, \u201cthe garden will open in spring next year.\u201d", "Anika Dahl"),
    ("Michael Kugelman spoke first. Later Kugelman added that \u201cPakistan wants to see the contours.\u201d",
     "Michael Kugelman"),
    ("Experts say the pair seem \u2018\u2019more aligned now than during the two decades.\n\u2019\u2019 Of course not.", None),
    ("The statement called it \u201ca new chapter in our relations\u201d without saying more.", None),
])
def test_speakers(text: str, speaker: str | None) -> None:
    (quote,) = find_quotes(text)
    assert quote.speaker == speaker


def test_multi_sentence_quote_and_exact_offsets() -> None:
    text = "Intro. \u201cFor ten years the answer was no. Now the numbers arrive. That is the change,\u201d he said."
    (quote,) = find_quotes(text)
    assert quote.text == "For ten years the answer was no. Now the numbers arrive. That is the change,"
    assert text[quote.start:quote.end] == quote.text


def test_scare_quotes_are_not_quotes() -> None:
    assert find_quotes("The ruling was \u201cfinal\u201d and the \"deal\" was signed.") == []


def test_a_continuing_paragraph_keeps_its_speaker() -> None:
    text = ("Vanda Brown told The Post about it. \u201cWashington kept asking and pressing,\u201d she said.\n\n"
            "\u201cBut with the withdrawal of forces, Pakistan finds itself ignored.\u201d")
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes][1] == quotes[0].speaker


def test_primary_when_told_this_outlet() -> None:
    text = ("Marta Lindqvist told The Lowland Observer that the data changed everything. "
            "\u201cNow the numbers arrive every six hours,\u201d she said.\n"
            "\u201cA release schedule is a promise, not a rule,\u201d said Piet Andersen in an interview with Reuters.")
    quotes = find_quotes(text, own_outlet_names=("The Lowland Observer",))
    assert [(q.speaker, q.primary) for q in quotes] == [("Marta Lindqvist", True), ("Piet Andersen", False)]
    assert [q.primary for q in find_quotes(text)] == [False, False]


def test_the_next_paragraphs_speaker_is_not_this_quotes() -> None:
    text = ("Michael Kugelman spoke first. Kugelman added that \u201cPakistan likely wants to see the contours.\u201d\n\n"
            "Brown, on the other hand, said Pakistan has limited capacity.")
    assert find_quotes(text)[0].speaker == "Michael Kugelman"
