"""What ingest reads from a document's text alone, computed in the extraction worker.

Plain values in, plain values out: nothing here touches the database, so it runs in
the worker processes (`ingest.extract_one`) beside trafilatura, off the path of the
one process that stores documents. The storing process uses what it finds when the
text is the one it stores (`analysis_for`), else computes it there: the result is
the same either way.

To add a step of pure analysis (sentence vectors, say): a field on `Analysis`, a
line in `analyse_document`, and its use where the document is stored or its
derived data is written (`provenance.derived`).
"""

from __future__ import annotations

from dataclasses import dataclass

from provenance.config import ANALYSED_CHARS
from provenance.grams import pairs
from provenance.quotes import QuoteScan, scan_quotes
from provenance.reuse.index import Analysed, analyse


@dataclass(frozen=True, slots=True)
class Analysis:
    """One text's analysis: reuse tokens and fingerprints, quotes, pairs of characters."""

    text: str  # the text analysed (the document's text, whole)
    reuse: Analysed  # tokens and fingerprints of its first ANALYSED_CHARS characters
    quotes: QuoteScan  # its quotes and speakers, before its own outlet is known
    grams: frozenset[str]  # pairs of adjacent characters of its runs written without spaces (grams.py)


def analyse_document(text: str) -> Analysis:
    """Everything ingest reads from TEXT alone (see the module's docstring)."""
    head = text[:ANALYSED_CHARS]
    return Analysis(
        text=text,
        reuse=analyse(text),
        quotes=scan_quotes(head),
        grams=frozenset(pairs(text)),
    )


def analysis_for(text: str, analysis: Analysis | None) -> Analysis:
    """ANALYSIS when it is of TEXT (made by a worker), else the analysis of TEXT made here."""
    if analysis is not None and analysis.text == text:
        return analysis
    return analyse_document(text)
