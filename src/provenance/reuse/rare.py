"""Reuse candidates from the rare words two texts share: names, numbers, the words of one event.

A rewrite keeps few runs of six shared words, so the fingerprint index (index.py) misses it; what
it keeps are the names and numbers of its source. A document's distinctive words (numbers, words
capitalised inside a sentence, and in scripts without capitals its longer words) are looked up in
the full-text index (search.py) for how many documents hold each, counted up to RARE_CAP; those
held by few documents are rare, and the documents sharing RARE_SHARED or more of them (weighted
by rarity) are candidates. Two independent reports of one event share these words too: the
alignment (align.py) decides whether one is made from the other.

Every lookup is bounded: at most LOOKUPS words a document, each read up to RARE_CAP + 1 documents,
in one full-text query.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from provenance.models import Document
from provenance.reuse.text import STOPWORDS, Tokens
from provenance.search import WORD

LOOKUPS = 60  # distinct words of a document whose document frequency is looked up
RARE_SHARE, RARE_MIN, RARE_CAP = 0.02, 10, 100  # rare: in at most this share of the archive (within MIN..CAP)
RARE_SHARED = 4.0  # weight of rare words a candidate must share (each weighs 1 + log(N / df))
MAX_RARE = 10  # candidates this way, heaviest first
LONG_WORD = 7  # letters of a word that is not a name but may be rare
NUMBER = re.compile(r"\d")
CASED = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def distinctive_words(tokens: Tokens) -> list[str]:
    """The words of a text likeliest to be rare, as the full-text index holds them, best first.

    Numbers of two digits or more; in cased scripts the words capitalised inside a sentence (names),
    then words of LONG_WORD letters or more; in the others (Arabic script, Devanagari...) the longer
    content words. At most LOOKUPS.
    """
    text = tokens.text
    sentence_starts = {s.start for s in tokens.sentences}
    scored: dict[str, tuple[int, int]] = {}
    for i in tokens.content:
        surface = text[tokens.starts[i]:tokens.ends[i]]
        word = surface.casefold()
        if word in STOPWORDS or not WORD.fullmatch(word) or len(word) < 3 and not word.isdigit():
            continue
        if NUMBER.search(word):
            rank = 0 if len(word) >= 2 else 9
        elif CASED.match(surface):
            # A name; else a long word (a rewrite of a text without names keeps its terms of art).
            rank = 1 if surface[0].isupper() and i not in sentence_starts else 3 if len(word) >= LONG_WORD else 9
        else:
            rank = 2
        if rank == 9:
            continue
        key = (rank, -len(word))
        scored[word] = min(scored.get(word, key), key)
    return sorted(scored, key=lambda w: (*scored[w], w))[:LOOKUPS]


def holders(session: Session, words: list[str], *, cap: int) -> dict[str, list[int]]:
    """The documents holding each word (full-text index), at most CAP + 1 of them: one query, whose
    text is made here (a compound statement of sixty parts costs more to compile than to run)."""
    if not words:
        return {}
    if session.get_bind().dialect.name == "sqlite":
        part = ("SELECT {i} AS i, id FROM (SELECT rowid AS id FROM document_fts WHERE document_fts MATCH :t{i} "
                "LIMIT {n})")
        values = {f"t{i}": '"' + w.replace('"', '""') + '"' for i, w in enumerate(words)}
    else:
        part = ("SELECT {i} AS i, id FROM (SELECT id FROM document WHERE search_vector @@ "
                "to_tsquery('simple', :t{i}) LIMIT {n}) AS held{i}")
        values = {f"t{i}": "'" + w.replace("'", "''") + "'" for i, w in enumerate(words)}
    query = " UNION ALL ".join(part.format(i=i, n=cap + 1) for i in range(len(words)))
    found: dict[str, list[int]] = {w: [] for w in words}
    for i, document_id in session.execute(text(query), values):
        found[words[i]].append(document_id)
    return found


def rare_candidates(session: Session, document_id: int, tokens: Tokens, *, below: int | None = None) -> list[int]:
    """Documents sharing enough of this document's rare words, heaviest first (at most MAX_RARE).

    Args:
        session: an open unit of work.
        document_id: the document (itself never a candidate).
        tokens: its tokens.
        below: only documents with a smaller id (the bulk rebuild compares each pair once).

    Returns:
        Document ids.
    """
    words = distinctive_words(tokens)
    if not words:
        return []
    archive = session.scalar(select(func.max(Document.id))) or 0
    cap = max(RARE_MIN, min(RARE_CAP, round(RARE_SHARE * archive)))
    weight: dict[int, float] = defaultdict(float)
    for held in holders(session, words, cap=cap).values():
        # A word held by more than CAP documents is not rare; the document itself holds its words once stored.
        others = [d for d in held if d != document_id and (below is None or d < below)]
        if others and len(held) <= cap:
            for d in others:
                weight[d] += 1.0 + math.log((archive + 1) / len(held))
    found = [d for d, w in weight.items() if w >= RARE_SHARED - 1e-9]
    return sorted(found, key=lambda d: (-weight[d], d))[:MAX_RARE]
