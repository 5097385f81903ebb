"""Quoted spans, who the text says spoke them, and whether this document is where they were given.

Plain values in, plain values out. A quote's speaker comes from the words around
it: `," she said`, `," said X`, `X said that "...`, `X: "..."`, `according to X,
"..."`. A pronoun or a bare surname is resolved to the last person the text named
as speaking. A quote the text does not credit keeps speaker None: fact-checkers
look for exactly those. A quote is primary when the document says it was given to
this document's own outlet ("told The Diplomat") and the text credits it to no
other outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.outlet_words import publication_like
from provenance.outlets import name_keys

MIN_WORDS = 4  # shorter quoted spans are mostly scare quotes and titles
SPEECH = (r"(?:said|says|say|added|adds|argued|argues|told|tells|explained|explains|claimed|claims|noted|notes|"
          r"warned|warns|stressed|insisted|believes|believed|asserted|wrote|writes|continued|observed|"
          r"pointed\s+out|pointed\s+to|remarked|cautioned|conceded|acknowledged|replied|recalled|maintained|suggested)")
PERSON = (r"(?P<who>(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Col|Sen|Rep|Gov|President|Prime\s+Minister|Minister|Secretary|"
          r"Ambassador|Senator|General)\.?\s+)?[A-Z][\w’'-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'-]+|bin|al-\w+|de|van|von))"
          r"{0,3})")
PRONOUN = r"(?P<pro>[Hh]e|[Ss]he|[Tt]hey)"
QUOTE = re.compile(
    r"“(?P<a>[^“”]{2,3000}?)”"
    r"|‘’(?P<b>[^‘’“”]{2,3000}?)’’"
    r"|''(?P<c>[^'\n]{2,3000}?)''"
    r"|(?<![\w\"])\"(?P<d>[^\"\n]{2,3000}?)\"",
)
AFTER_PRONOUN = re.compile(rf"^[,.!?]?[’']?[ \t]*{PRONOUN}\s+{SPEECH}\b")
AFTER_SAID_NAME = re.compile(rf"^[,.!?]?[ \t]*{SPEECH}\s+(?:[a-z][\w-]*\s+){{0,3}}{PERSON}")
AFTER_NAME_SAID = re.compile(rf"^[,.!?]?[ \t]*{PERSON}(?:,[^,“”\"]{{1,160}},)?\s+(?:[a-z]+\s+){{0,2}}{SPEECH}\b")
BEFORE_COLON = re.compile(rf"{PERSON}\s*:\s*$")
BEFORE_ACCORDING = re.compile(rf"[Aa]ccording\s+to\s+{PERSON},?\s*$")
BEFORE_SAID = re.compile(rf"{PERSON}(?:,[^,“”\"]{{1,160}},)?\s+(?:[a-z]+\s+){{0,2}}{SPEECH}\b[^“”\"]*$")
BEFORE_PRONOUN = re.compile(rf"(?:^|[\s,;])({PRONOUN})\s+(?:[a-z]+\s+){{0,2}}{SPEECH}\b[^“”\"]*$")
SPEAKERS = re.compile(rf"{PERSON}(?:,[^,.“”\"]{{1,160}},)?\s+(?:[a-z]+\s+){{0,2}}{SPEECH}\b"
                      rf"|{SPEECH}\s+{PERSON.replace('?P<who>', '?P<who2>')}")
NOT_PEOPLE = {"The", "This", "That", "It", "But", "And", "However", "Experts", "Officials", "Analysts", "Critics",
              "Washington", "Islamabad", "Kabul", "Beijing", "Moscow", "Pakistan", "India", "China", "He", "She",
              "They", "We", "I", "You", "Some", "Others", "Many", "Most", "Later", "Earlier", "Meanwhile", "Still",
              "Yet", "Also", "Then", "Now", "Today", "Separately", "Similarly", "Finally", "Instead", "Moreover",
              "Additionally", "In", "On", "At", "As", "When", "While", "After", "Before", "Asked", "Speaking"}
OTHER_CREDIT = re.compile(r"\b(?:told|in\s+an\s+interview\s+with|according\s+to|speaking\s+to|wrote\s+in|"
                          r"reported\s+by|in\s+comments\s+to)\s+(?P<out>(?:[Tt]he\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4})")


@dataclass
class QuoteFound:
    text: str
    speaker: str | None
    primary: bool
    start: int
    end: int


def sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding pos (after the last . ! ? or newline before it)."""
    window = text[max(0, pos - 600):pos]
    cut = max([window.rfind("\n"), *(m.end() - 1 for m in re.finditer(r"[.!?][”\"’]?\s+(?=[A-Z“\"])", window))])
    return max(0, pos - 600) + (cut + 1 if cut >= 0 else 0)


def person(name: str | None) -> str | None:
    if not name:
        return None
    words = name.split()
    while words and words[0] in NOT_PEOPLE:
        words = words[1:]
    return " ".join(words) or None


@dataclass(frozen=True, slots=True)
class QuoteScan:
    """What finding the quotes of a text reads from the text alone, before its own outlet is known
    (computed in an extraction worker): each quote with its speaker, the name keys of the outlets its
    paragraph credits, and those of the outlets the text says it was told or interviewed by."""

    quotes: tuple[tuple[QuoteFound, tuple[frozenset[str], ...]], ...]
    interviewed_by: tuple[frozenset[str], ...]


def find_quotes(text: str, *, own_outlet_names: tuple[str, ...] = ()) -> list[QuoteFound]:
    """Quoted spans with their speaker and primary flag, in text order.

    Args:
        text: the document's article text.
        own_outlet_names: names of the document's own outlet; "told <own outlet>"
            makes the document the primary source of the quotes it does not credit
            to another outlet.
    """
    return quotes_of(scan_quotes(text), own_outlet_names=own_outlet_names)


def quotes_of(scan: QuoteScan, *, own_outlet_names: tuple[str, ...] = ()) -> list[QuoteFound]:
    """The quotes of a scanned text, primary where the text says they were given to its own outlet
    (OWN_OUTLET_NAMES) and credits them to no other outlet."""
    own_keys = {k for name in own_outlet_names for k in name_keys(name)}
    self_interview = bool(own_keys) and any(keys & own_keys for keys in scan.interviewed_by)
    found = []
    for quote, credited in scan.quotes:
        credited_elsewhere = any(not (keys & own_keys) for keys in credited)
        primary = bool(self_interview and quote.speaker and not credited_elsewhere)
        found.append(QuoteFound(quote.text, quote.speaker, primary, quote.start, quote.end))
    return found


def scan_quotes(text: str) -> QuoteScan:
    """The quotes of TEXT with their speakers, and the outlets credited around them (see QuoteScan)."""
    interviewed_by = tuple(
        frozenset(name_keys(m.group("out"))) for m in OTHER_CREDIT.finditer(text)
        if m.group(0).lower().startswith(("told", "in an interview", "speaking", "in comments"))
    )
    found: list[QuoteFound] = []
    credited_of: list[tuple[frozenset[str], ...]] = []
    for match in QUOTE.finditer(text):
        body = next(g for g in match.groups() if g is not None)
        if len(body.split()) < MIN_WORDS:
            continue
        start, end = match.span()
        inner_start = match.start(next(k for k in "abcd" if match.group(k) is not None))
        speaker = speaker_after(text, end, text[:start])
        if speaker is None:
            speaker = speaker_before(text, start)
        if speaker is None and continues_previous(text, start, found):
            speaker = found[-1].speaker
        paragraph = paragraph_of(text, start)
        credited_of.append(tuple(frozenset(name_keys(m.group("out"))) for m in OTHER_CREDIT.finditer(paragraph)
                                 if looks_like_outlet(m.group("out"))))
        found.append(QuoteFound(body.strip(), speaker, False, inner_start, inner_start + len(body.rstrip())))
    return QuoteScan(tuple(zip(found, credited_of, strict=True)), interviewed_by)


def looks_like_outlet(name: str) -> bool:
    return publication_like(name)


def paragraph_of(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)]


def speaker_after(text: str, end: int, before: str) -> str | None:
    after = text[end:end + 160]
    if m := AFTER_PRONOUN.match(after):
        return resolve_pronoun(before)
    for regex in (AFTER_SAID_NAME, AFTER_NAME_SAID):
        if (m := regex.match(after)) and person(m.group("who")):
            return full_name(person(m.group("who")), before)
    return None


def speaker_before(text: str, start: int) -> str | None:
    lead = text[sentence_start(text, start):start]
    for regex in (BEFORE_COLON, BEFORE_ACCORDING, BEFORE_SAID):
        if (m := regex.search(lead)) and person(m.group("who")):
            return full_name(person(m.group("who")), text[:start])
    if BEFORE_PRONOUN.search(lead):
        return resolve_pronoun(text[:start - len(lead)] + lead)
    return None


def continues_previous(text: str, start: int, found: list[QuoteFound]) -> bool:
    """A paragraph that opens with a quote right after a paragraph of the same speaker's quote."""
    if not found or found[-1].speaker is None:
        return False
    para_start = text.rfind("\n", 0, start) + 1
    between = text[found[-1].end:start]
    if found[-1].end >= para_start:
        # Same paragraph, and nobody else is said to speak in between ("... said Andersen. "...").
        speaker_words = set(found[-1].speaker.split())
        others = [person(m.group("who") or m.group("who2")) for m in SPEAKERS.finditer(between)]
        return all(not o or set(o.split()) <= speaker_words for o in others)
    if text[para_start:start].strip():
        return False
    return between.count("\n") <= 2 and len(between) < 200


def resolve_pronoun(before: str) -> str | None:
    """The last person the text named as speaking before this point."""
    names = [person(m.group("who") or m.group("who2")) for m in SPEAKERS.finditer(before[-3000:])]
    names = [n for n in names if n]
    return full_name(names[-1], before) if names else None


def full_name(name: str | None, before: str) -> str | None:
    """A bare surname ("Kugelman") as the full name the text gave earlier ("Michael Kugelman")."""
    if not name or " " in name:
        return name
    for m in re.finditer(rf"\b((?:[A-Z][\w’'-]+\s+){{1,3}}){re.escape(name)}\b", before):
        candidate = person(m.group(0).strip())
        if candidate and " " in candidate:
            return candidate
    return name
