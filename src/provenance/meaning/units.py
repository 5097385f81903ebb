"""A document's text as the units it is embedded by: its sentences, with their character spans.

One vector per sentence: a claim is one sentence, and a sentence of a rewrite or a translation says
one thing of its source (a paragraph's vector blurs three facts into one). A sentence of fewer than
MIN_WORDS words (a dateline, "Advertisement") says nothing to find; a longer one than MAX_CHARS is
embedded by its first MAX_CHARS characters (the model reads 512 tokens, and time grows with them).
A document is embedded by its first MAX_UNITS sentences of its first ANALYSED_CHARS characters, so
a book costs what a long article does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from provenance.config import ANALYSED_CHARS
from provenance.reuse.text import sentence_bounds

MIN_WORDS = 4
MAX_CHARS = 400
MAX_UNITS = 150
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Scripts written without spaces hold many words in one run: count their characters instead.
SPACELESS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DocumentVectors:
    """A document's sentence vectors, as computed beside its extraction (a plain value a worker returns)."""

    model: str
    spans: tuple[tuple[int, int], ...]
    vectors: np.ndarray  # len(spans) x DIMENSIONS, float32


def units_of(text: str) -> list[Unit]:
    """The sentences of TEXT worth a vector, in order (at most MAX_UNITS), trimmed of surrounding space."""
    text = text[:ANALYSED_CHARS]
    units: list[Unit] = []
    start = 0
    for end in sentence_bounds(text):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        if body and (len(WORD.findall(body)) >= MIN_WORDS or len(SPACELESS.findall(body)) >= 2 * MIN_WORDS):
            at = start + lead
            units.append(Unit(at, at + len(body), " ".join(body[:MAX_CHARS].split())))
            if len(units) == MAX_UNITS:
                break
        start = end
    return units


def document_vectors(text: str, *, wanted: bool | None = None) -> DocumentVectors | None:
    """TEXT's sentence vectors, or None when the model is unavailable (or not WANTED: see model.model)."""
    from provenance.meaning.model import MODEL_NAME, available, embed_passages

    if not available(wanted=wanted):
        return None
    units = units_of(text)
    vectors = embed_passages([u.text for u in units], wanted=wanted)
    return DocumentVectors(MODEL_NAME, tuple((u.start, u.end) for u in units), vectors)
