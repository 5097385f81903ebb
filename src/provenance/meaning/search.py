"""Candidates of a traced claim from sentence vectors, and how similar each occurrence is to the claim.

A claim's vector is compared with every stored sentence's (store.nearest); the documents of the
NEAREST most similar sentences whose similarity reaches SIMILAR are candidates beside those of the
full-text index, each with its most similar sentence. e5's cosines are compressed high (unrelated
sentences of news score about 0.70-0.80), so the similarity is put on the scale of the word score for
ranking (`as_score`): SIMILAR is the trace's default MIN_SCORE, 1.0 is 1.0. SIMILAR was chosen on
the translation benchmark (benchmarks/translation.py, WMT24 news, German and Czech, then checked on
the other languages): see its docstring for the figures.

A sentence in another language than the claim's that shares a number or a name with it (evidence beyond
the vector) needs SHARED_SIMILAR instead, and is taken at the bar: e5 places some languages lower and
closer together (Icelandic: a translated claim's own sentence at a median 0.877, German's 0.902), and a
shared "2019" or "Reykjavík" tells the right sentence from the merely near. SHARED_SIMILAR was chosen on
cs, de, es, ru and ja (the lowest that lets no more off-topic claims through there) and checked on the
others, never per language: see benchmarks/translation.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.meaning.model import embed_query, ready
from provenance.meaning.store import Near, any_vectors, nearest, span_similarity
from provenance.models import Document

SIMILAR = 0.86
SHARED_SIMILAR = 0.84  # a translated sentence sharing a number or a name with the claim
NUMBER = re.compile(r"\d+")
# A name in a Latin script: a capital, then two letters or more (first four letters compared, case-folded:
# "Reykjavíkur" is "Reykjavík" inflected). Names in other scripts are not written alike across languages.
NAME = re.compile(r"(?<!\w)[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f][\w'-]{2,}")
LONG_WORD = re.compile(r"\w{3,}")
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
    near = nearest(session, vector, limit=limit, at_least=at_least - (SIMILAR - SHARED_SIMILAR))
    return ClaimMeaning(vector, admitted(session, claim, near, at_least))


def admitted(session: Session, claim: str, near: dict[int, Near], at_least: float) -> dict[int, Near]:
    """NEAR's sentences that reach AT_LEAST, and those below it (by at most SIMILAR - SHARED_SIMILAR) in another
    language than the claim's that share a number or a name with it, these taken at AT_LEAST."""
    below = [n for n in near.values() if n.similarity < at_least]
    out = {d: n for d, n in near.items() if n.similarity >= at_least}
    if not below or not (numbers(claim) or any(m.group()[0].isupper() for m in NAME.finditer(claim))):
        return out  # (a claim with no number and no name has no evidence to share)
    language = language_of(claim)
    rows = session.execute(select(Document.id, Document.language, Document.text)
                           .where(Document.id.in_([n.document_id for n in below]))).all()
    for doc_id, doc_language, text in rows:
        n = near[doc_id]
        if doc_language is not None and doc_language != language and shares_evidence(claim, text[n.start:n.end]):
            out[doc_id] = replace(n, similarity=round(at_least, 3))
    return dict(sorted(out.items(), key=lambda item: -item[1].similarity))


def numbers(text: str) -> set[str]:
    """The numbers written in TEXT, in any digits ("٢٠١٩" is "2019"), without leading zeros; not a lone 1."""
    found = {"".join(str(unicodedata.digit(c)) for c in m.group()).lstrip("0") or "0" for m in NUMBER.finditer(text)}
    return found - {"1"}


def shares_evidence(claim: str, sentence: str) -> bool:
    """Whether SENTENCE has a number of CLAIM's, or a word that starts as one of its names in a Latin script does."""
    if numbers(claim) & numbers(sentence):
        return True
    names = {m.group()[:4].casefold() for m in NAME.finditer(claim) if m.group()[0].isupper()}
    return bool(names) and not names.isdisjoint(w[:4].casefold() for w in LONG_WORD.findall(sentence))


def language_of(claim: str) -> str | None:
    """The claim's language (ISO 639-1, py3langid, whose model ships in its package), for telling a
    translation from a sentence of the claim's own language."""
    import py3langid  # loads its model on first use

    code, _score = py3langid.classify(claim[:1500])
    return str(code) if code else None
