"""Other forms a claim's word is stated in: the names a place goes by and words of the same meaning
(lexicon.py), for trace to find "security aid" for "security assistance" and "the U.S." for "the United States".

Plain values in and out, cached: trace asks for every term of every claim.
"""

from __future__ import annotations

import re
from functools import lru_cache

from provenance.meaning import lexicon as lx

PREFIX = 5


def _pattern(forms: list[str], *, case: bool) -> re.Pattern[str] | None:
    if not forms:
        return None
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])" if case else rf"(?i)(?<![\w.])(?:{body})(?!\w)")


@lru_cache(maxsize=1)
def _places() -> dict[str, int]:
    return {form: n for n, group in enumerate(lx.PLACES) for form in group}


def _short(form: str) -> bool:
    """A form written in capitals only ("US", "UK", "EU"): it is looked for as written, not as "us"."""
    return len(form.replace(".", "")) <= 3


@lru_cache(maxsize=64)
def place_group_pattern(group: int) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(pattern of the long forms, any case; pattern of the short forms in capitals) of one place."""
    forms = lx.PLACES[group]
    return (_pattern([f for f in forms if not _short(f)], case=False),
            _pattern([f.upper() for f in forms if _short(f)], case=True))


def place_terms(claim: str) -> list[tuple[str, int, int]]:
    """The places a claim names, as (the form it uses casefolded, start, end), longest forms first."""
    out: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for n in range(len(lx.PLACES)):
        for pattern in place_group_pattern(n):
            if pattern is None:
                continue
            for m in pattern.finditer(claim):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                out.append((re.sub(r"\s+", " ", m.group().casefold()), m.start(), m.end()))
    return sorted(out, key=lambda t: t[1])


def is_place(term: str) -> bool:
    return term in _places()


def place_found(term: str, sentence: str) -> bool:
    """Whether SENTENCE names the place TERM is a form of, in any of its forms."""
    group = _places().get(term)
    if group is None:
        return False
    return any(p is not None and p.search(sentence) for p in place_group_pattern(group))


@lru_cache(maxsize=1 << 14)
def alternatives(term: str) -> tuple[str, ...]:
    """Other forms that count as TERM when a sentence has them: a place's other names, or the stems (first
    PREFIX letters) of words of the same meaning. Empty for most words."""
    group = _places().get(term)
    if group is not None:
        return tuple(f for f in lx.PLACES[group] if f != term)
    stem = term[:PREFIX]
    out: list[str] = []
    for words in lx.SYNONYMS:
        if any(w[:PREFIX] == stem for w in words):
            out.extend(w[:PREFIX] for w in words if w[:PREFIX] != stem)
    return tuple(dict.fromkeys(out))
