"""Candidates of a traced claim from sentence vectors, and how similar each occurrence is to the claim.

A claim's vector is compared with every stored sentence's (store.nearest); the documents of the
NEAREST most similar sentences whose similarity reaches SIMILAR are candidates beside those of the
full-text index, each with its most similar sentence. e5's cosines are compressed high (unrelated
sentences of news score about 0.70-0.80), so the similarity is put on the scale of the word score for
ranking (`as_score`): SIMILAR is the trace's default MIN_SCORE, 1.0 is 1.0. SIMILAR was chosen on
the translation benchmark (benchmarks/translation.py, WMT24 news, German and Czech, then checked on
the other languages): see its docstring for the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from provenance.meaning.model import embed_query, ready
from provenance.meaning.store import Near, any_vectors, nearest, span_similarity

SIMILAR = 0.86
NEAREST = 200  # sentences
MIN_SCORE = 0.6  # the score SIMILAR stands for (trace.MIN_SCORE)


@dataclass(frozen=True, slots=True)
class ClaimMeaning:
    """A claim's vector (None without the model) and the documents whose sentences are near it."""

    vector: np.ndarray | None
    near: dict[int, Near]

    def similarity(self, session: Session, spans: dict[int, tuple[int, int]]) -> dict[int, float]:
        """Per document of SPANS, the claim's similarity to its stored sentences within the span."""
        return span_similarity(session, self.vector, spans) if self.vector is not None else {}


def as_score(similarity: float) -> float:
    """A similarity on the trace's score scale: SIMILAR is MIN_SCORE, 1.0 is 1.0 (linear, at most 1)."""
    return round(min(1.0, MIN_SCORE + (similarity - SIMILAR) * (1 - MIN_SCORE) / (1 - SIMILAR)), 3)


def claim_meaning(session: Session, claim: str, *, at_least: float = SIMILAR, limit: int = NEAREST
                  ) -> ClaimMeaning:
    """The claim's vector and its nearest stored sentences (none when the model is unavailable)."""
    if not ready() or not claim.strip() or not any_vectors(session):
        return ClaimMeaning(None, {})
    vector = embed_query(claim)
    if vector is None:
        return ClaimMeaning(None, {})
    return ClaimMeaning(vector, nearest(session, vector, limit=limit, at_least=at_least))


def language_of(claim: str) -> str | None:
    """The claim's language (ISO 639-1, py3langid, whose model ships in its package), for telling a
    translation from a sentence of the claim's own language."""
    import py3langid  # loads its model on first use

    code, _score = py3langid.classify(claim[:1500])
    return str(code) if code else None
