"""Does a sentence state a claim, or say something else about the same people and things?

`compare(claim, text)` reads the claim against the sentence(s) that trace matched it to and returns
`states`, or `differs` with what differs, each difference of one kind (CLI_CONTRACT.md):

- `number`: a quantity of the claim that the text does not give, where the text gives another of the same
  kind (money with money, percent with percent, counts with counts): "number: 8 vs one for eight". Digits,
  number words ("a dozen", "twenty-five", "once"), scale words and suffixes ("$12.9bn", "Rs 24 lakh") and
  ratios ("one for eight", "1/8") are read as values, so "12" and "a dozen" agree.
- `date`: a year, a month and day, a month, a weekday or a century of the claim against another of the text.
- `negation`: a word of the claim that is negated on one side only ("will not fine" against "will fine",
  "likely to agree" against "unlikely to agree"), a negator reaching a few words to its right.
- `direction`: words on one axis of opposites (lexicon.py: rose/fell, won/lost, confirmed/denied,
  praised/criticised, convicted/acquitted, cleanest/most polluted) with no side in common.
- `actor`: two names of the claim in the other order around a short verb phrase ("the Sabres beat the
  Wild" against "the Wild beat the Sabres"); the claim's subject not the one the text gives the same verb;
  or a name of the claim the text does not have, where the text has another name in its place.

Plain values in and out: no database, no vector model (the sentence vectors live beside this module).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from provenance.meaning import lexicon as lx
from provenance.reuse.text import sentence_bounds

PREFIX = 5  # letters words are matched by, as trace matches them
TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[$£€¥₹%]|(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:/\d+)?[^\W\d_]*"
                   r"|[^\W\d_]+(?:['’][^\W\d_]+)*|[.;:!?,—–()\"“”]")
CLAUSE_END = {".", ";", ":", "!", "?", ",", "—", "–", "(", ")", "but", "while", "although", "though", "whereas"}
STOP = {"a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "with", "and", "or", "as", "is", "are",
        "was", "were", "be", "been", "being", "has", "have", "had", "it", "its", "that", "this", "these", "those",
        "he", "she", "they", "his", "her", "their", "from", "into", "will", "would", "can", "could", "may",
        "might", "should", "than", "then", "also", "who", "which", "what", "there", "here", "after", "before",
        "about", "over", "under", "up", "down", "out", "said", "says", "say", "told", "mr", "ms", "mrs", "dr",
        "we", "i", "you", "our", "us", "them", "him", "so", "if", "such", "some", "any", "all", "just", "only",
        "when", "where", "how", "why", "because", "whether", "while", "since", "until", "do", "does", "did",
        "not", "no", "according", "reportedly", "now", "still", "yet", "very", "more", "most", "much", "many"}
# Words of organisation names too common to tell two names apart ("Brookings Institution", "American
# Enterprise Institute").
GENERIC_NAME = {w[:PREFIX] for w in (
    "institute", "institution", "university", "department", "ministry", "party", "company", "group", "corporation",
    "council", "committee", "court", "office", "agency", "association", "center", "centre", "school", "hospital",
    "foundation", "national", "international", "federal", "the", "of", "and", "inc", "ltd", "co")}
# What separates two clauses, so that names on either side are not one's subject and the other's object.
SWAP_BREAK = {".", ";", ":", "!", "?", "—", "–", "but", "while", "although", "though", "whereas"}
PREPOSITIONS = {"to", "of", "in", "on", "at", "for", "from", "with", "by", "over", "into", "about", "against",
                "behind", "under", "after", "before", "during", "since", "than"}
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "this", "these", "those", "our", "my", "your"}
# Where a negation stops reaching: the clause ends, or another begins.
SCOPE_END = CLAUSE_END | {"when", "that", "which", "who", "because", "if", "after", "before", "as", "since",
                          "until", "whether", "where", "and", "or"}
ORDINAL_SUFFIX = re.compile(r"^(\d+)(st|nd|rd|th)$")


@dataclass(frozen=True, slots=True)
class Difference:
    """One way a text says something else than the claim: its kind and the words on each side."""

    kind: str  # number | date | actor | negation | direction | other
    claim: str
    document: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """`states` when nothing differs, else `differs` with the differences found."""

    agreement: str
    differences: tuple[Difference, ...] = ()


STATES = Comparison("states")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    low: str
    start: int
    end: int

    @property
    def word(self) -> bool:
        return self.low[0].isalpha()

    @property
    def capital(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    kind: str  # money | percent | count | ordinal | ratio | year | monthday | month | weekday | century
    text: str
    first: int  # token positions
    last: int


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.group().casefold().replace("’", "'"), m.start(), m.end()) for m in TOKEN.finditer(text)]


def stem(word: str) -> str:
    """A word as trace matches it: its first PREFIX letters ("thanked"/"thanks")."""
    word = word.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word[:PREFIX]


def singular(word: str) -> str:
    """The stem of a word in the singular ("SUVs" and "SUV", "points" and "point" alike)."""
    word = word.casefold()
    return stem(word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word)


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in lx.SYNONYMS:
        stems = {stem(w) for w in group}
        for s in stems:
            out.setdefault(s, set()).update(stems)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _place_index() -> dict[str, str]:
    """Each form of a place (one or two words, casefolded) -> the group's first form."""
    return {form: group[0] for group in lx.PLACES for form in group}


def synonyms(word: str) -> frozenset[str]:
    """The stems WORD stands for (itself included), from lexicon.SYNONYMS."""
    s = stem(word)
    return _synonym_index().get(s, frozenset((s,)))


def place_of(words: str) -> str | None:
    """The place a name of one or two words stands for ("U.S." and "Washington" -> "united states")."""
    key = re.sub(r"[^\w ]", "", words.casefold().replace("’", "'").removesuffix("'s"))
    return _place_index().get(key.strip())


# --- quantities -------------------------------------------------------------------------------------------

def _numeral(tok: Token) -> tuple[float, float, str] | None:
    """(value, scale, kind) of a token of digits ("12.9bn", "14th", "1/8", "449K"), or None for a name
    holding digits ("RAV4", "4K")."""
    low = tok.low
    m = ORDINAL_SUFFIX.match(low)
    if m:
        return float(m.group(1)), 1.0, "ordinal"
    m = re.match(r"^(\d[\d,]*(?:\.\d+)?)(?:/(\d+))?([^\W\d_]*)$", low)
    if not m:
        return None
    digits, over, suffix = m.groups()
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    if over:
        return (value / float(over), 1.0, "ratio") if float(over) else None
    if suffix:
        if suffix not in lx.SUFFIX_SCALES:
            return None
        return value, lx.SUFFIX_SCALES[suffix], "count"
    return value, 1.0, "count"


def quantities(toks: list[Token]) -> list[Quantity]:
    """The quantities and dates of a text, in order."""
    out: list[Quantity] = []
    i, n = 0, len(toks)
    while i < n:
        tok, low = toks[i], toks[i].low
        start = i
        value: float | None = None
        kind = "count"
        if low in lx.WEEKDAYS:
            out.append(Quantity(float(sorted(lx.WEEKDAYS).index(low)), "weekday", tok.text, i, i))
            i += 1
            continue
        if low in lx.MONTHS and (tok.capital or low in ("may",)) and not (low == "may" and not tok.capital):
            month = lx.MONTHS[low]
            j = i + 1
            if j < n and toks[j].low == ".":
                j += 1
            if j < n and (num := _numeral(toks[j])) and num[1] == 1.0 and 1 <= num[0] <= 31 and num[2] in (
                    "count", "ordinal") and float(num[0]).is_integer():
                out.append(Quantity(month * 100 + num[0], "monthday", f"{tok.text} {toks[j].text}", i, j))
                i = j + 1
                continue
            if len(low) > 3 or tok.text.istitle():
                out.append(Quantity(float(month), "month", tok.text, i, i))
            i += 1
            continue
        part = _fraction(toks, i)
        if part is not None:  # "a third of", "two-thirds", "half of": a part of a whole, not a count
            value, last = part
            out.append(Quantity(value, "ratio", " ".join(t.text for t in toks[i:last + 1]), i, last))
            i = last + 1
            continue
        num = _numeral(tok) if low[0].isdigit() and not _glued(toks, i) else None
        if num is not None and num[1] != 1.0 and low.rstrip("0123456789.,")[-1:] in ("k", "m", "b") and not (
                i and toks[i - 1].low in lx.CURRENCY_SIGNS):
            num = None  # "4K", "5G": a name, unless money ("$449K")
        if num is not None:
            value, scale, kind = num
            value *= scale
            # A day before a month ("2 May").
            if kind == "count" and scale == 1.0 and i + 1 < n and toks[i + 1].low in lx.MONTHS and toks[i + 1].capital \
                    and 1 <= value <= 31 and value.is_integer():
                out.append(Quantity(lx.MONTHS[toks[i + 1].low] * 100 + value, "monthday",
                                    f"{tok.text} {toks[i + 1].text}", i, i + 1))
                i += 2
                continue
        elif low in lx.UNITS or low in lx.TENS:
            value = float(lx.UNITS.get(low, lx.TENS.get(low, 0)))
            if low in lx.TENS and i + 1 < n and toks[i + 1].low in lx.UNITS and toks[i + 1].start - tok.end <= 1:
                i += 1
                value += lx.UNITS[toks[i].low]
            if low == "one" and i + 1 < n and toks[i + 1].low == "of":  # "one of them": a pronoun
                i += 1
                continue
        elif low in lx.COUNT_WORDS:
            value = float(lx.COUNT_WORDS[low])
        elif low in lx.ORDINALS and not (low == "first" and i and toks[i - 1].low == "at"):  # "at first": when
            value, kind = float(lx.ORDINALS[low]), "ordinal"
        if value is None:
            i += 1
            continue
        # Scale words after the number ("five million", "3,200 hundred"), then a ratio ("one for eight").
        while i + 1 < n and toks[i + 1].low in lx.SCALES and kind == "count":
            i += 1
            value *= lx.SCALES[toks[i].low]
        if kind == "ordinal" and i + 1 < n and toks[i + 1].low in ("century", "centuries"):
            out.append(Quantity(value, "century", f"{toks[start].text} {toks[i + 1].text}", start, i + 1))
            i += 2
            continue
        if kind == "count" and i + 2 < n and toks[i + 1].low == "for":
            other = _simple_value(toks[i + 2])
            if other:
                out.append(Quantity(value / other, "ratio", " ".join(t.text for t in toks[start:i + 3]),
                                    start, i + 2))
                i += 3
                continue
        before = toks[start - 1].low if start else ""
        after = toks[i + 1].low if i + 1 < n else ""
        if before in lx.CURRENCY_SIGNS or before in lx.CURRENCY_WORDS or after in lx.CURRENCY_WORDS:
            kind = "money"
        elif after in lx.PERCENT_WORDS or (after == "per" and i + 2 < n and toks[i + 2].low == "cent"):
            kind = "percent"
        elif (kind == "count" and toks[start].low[0].isdigit() and 1000 <= value <= 2100 and value.is_integer()
              and "," not in toks[start].text and start == i):
            kind = "year"
        out.append(Quantity(value, kind, " ".join(t.text for t in toks[start:i + 1]), start, i))
        i += 1
    return out


def _fraction(toks: list[Token], i: int) -> tuple[float, int] | None:
    """(value, last position) of a fraction starting at I: a numerator ("a", "one", "two") and a part
    ("third", "thirds", "quarter", "half") that is a part of something: plural, followed by "of", written
    with a number word ("two-thirds", "one quarter"), or "half" on its own. "A third instance" is an ordinal."""
    low = toks[i].low
    if low in ("half", "halves") and not (i and toks[i - 1].low in ("a", "an", "one", "and")):
        return 0.5, i
    if i + 1 >= len(toks) or toks[i + 1].low not in lx.FRACTIONS:
        return None
    over, part = lx.FRACTIONS[toks[i + 1].low], toks[i + 1].low
    after = toks[i + 2].low if i + 2 < len(toks) else ""
    if low in ("a", "an"):
        top = 1
    elif low in lx.UNITS and 1 <= lx.UNITS[low] < over:
        top = lx.UNITS[low]
    else:
        return None
    if part.endswith("s") or part == "half" or after == "of" or (low in lx.UNITS and toks[i + 1].start
                                                                  - toks[i].end <= 1):
        return top / over, i + 1
    return None


def _glued(toks: list[Token], i: int) -> bool:
    """Whether the digits at I are part of a name: written right after letters ("RAV4", "ID.3")."""
    if not i or toks[i - 1].end != toks[i].start:
        return False
    before = toks[i - 1]
    if before.word:
        return True
    return before.low == "." and i > 1 and toks[i - 2].word and toks[i - 2].end == before.start


def _simple_value(tok: Token) -> float | None:
    if tok.low in lx.UNITS:
        return float(lx.UNITS[tok.low])
    num = _numeral(tok) if tok.low[0].isdigit() else None
    return num[0] * num[1] if num and num[2] == "count" else None


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


DATE_KINDS = {"year", "monthday", "month", "weekday", "century"}
PAIRS = {"money": {"money", "count"}, "percent": {"percent", "count"},
         "count": {"count", "money", "percent", "ratio"},
         "ordinal": {"ordinal"}, "ratio": {"ratio", "count"}, "year": {"year"}, "monthday": {"monthday"},
         "month": {"month", "monthday"}, "weekday": {"weekday"}, "century": {"century"}}


def number_differences(claim: list[Token], text: list[Token], focus: set[int] | None = None) -> list[Difference]:
    """Quantities of the claim the text does not give, each against one the text gives in its place.

    With FOCUS (the positions of the text's sentence that holds most of the claim), a quantity of the claim
    found only outside it differs when that sentence gives another of the same kind in its place."""
    cq, tq = quantities(claim), quantities(text)
    used: set[int] = set()
    unmatched: list[Quantity] = []
    for q in cq:
        hits = [k for k, d in enumerate(tq) if _matches(q, d)]
        if not hits:
            unmatched.append(q)
            continue
        used.update(hits)
        if focus is not None and not any(tq[k].first in focus for k in hits):
            unmatched.append(q)
    out = []
    for q in unmatched:
        choices = [k for k, d in enumerate(tq) if k not in used and d.kind in PAIRS[q.kind]
                   and not any(_matches(c, d) for c in cq)]
        if any(_matches(q, d) for d in tq):
            # Found outside the focus: only a rival inside it, of the same thing (a word beside it the same), counts.
            near = _neighbours(claim, q)
            choices = [k for k in choices if focus is not None and tq[k].first in focus
                       and near & _neighbours(text, tq[k])]
        else:
            choices.sort(key=lambda k: focus is None or tq[k].first not in focus)
        if not choices:
            continue
        other = tq[choices[0]]
        used.add(choices[0])
        kind = "date" if q.kind in DATE_KINDS else "number"
        out.append(Difference(kind, q.text, other.text))
    return out


def _bound(toks: list[Token], q: Quantity) -> int:
    """+1 when the words before a quantity bound it from below ("more than 1,200", "at least 106"), -1 from
    above ("less than", "up to", "nearly"), 0 when none do."""
    first = q.first - (q.first > 0 and toks[q.first - 1].low in lx.CURRENCY_SIGNS)
    before = " ".join(t.low for t in toks[max(0, first - 3):first])
    for sign, phrases in ((1, lx.LOWER_BOUNDS), (-1, lx.UPPER_BOUNDS)):
        if any(before == p or before.endswith(" " + p) for p in phrases):
            return sign
    return 0


def bound_differences(claim: list[Token], text: list[Token]) -> list[Difference]:
    """A quantity of the claim bounded the other way than the same quantity in the text: "over 1,200 miles"
    against "less than 1,200 miles". A quantity without a bound on one side says nothing either way."""
    tq = quantities(text)
    for q in quantities(claim):
        mine = _bound(claim, q)
        if not mine:
            continue
        theirs = {_bound(text, d): d for d in tq if _matches(q, d)}
        if -mine in theirs and mine not in theirs and 0 not in theirs:
            return [Difference("number", _bounded(claim, q), _bounded(text, theirs[-mine]))]
    return []


def _bounded(toks: list[Token], q: Quantity) -> str:
    first = q.first - (q.first > 0 and toks[q.first - 1].low in lx.CURRENCY_SIGNS)
    for size in (3, 2, 1):
        words = " ".join(t.low for t in toks[max(0, first - size):first])
        if words in lx.LOWER_BOUNDS or words in lx.UPPER_BOUNDS:
            return " ".join(t.text for t in toks[first - size:q.last + 1])
    return q.text


def runs(raw: str, toks: list[Token]) -> list[tuple[tuple[float, ...], str]]:
    """Numbers written joined by dashes, in their order: a score, a record, a vote ("4-7", "14-0-1")."""
    out: list[tuple[tuple[float, ...], str]] = []
    i = 0
    while i < len(toks):
        j = i
        while j + 1 < len(toks) and toks[j].low.isdigit() and toks[j + 1].low.isdigit() and raw[
                toks[j].end:toks[j + 1].start] in ("-", "–"):
            j += 1
        if j > i:
            out.append((tuple(float(t.low) for t in toks[i:j + 1]), raw[toks[i].start:toks[j].end]))
        i = j + 1
    return out


def order_differences(claim: str, ct: list[Token], text: str, tt: list[Token]) -> list[Difference]:
    """A score or record of the claim whose numbers the text writes in another order ("7-4" against "4-7",
    "14-1-0" against "14-0-1"), and nowhere in the claim's order."""
    theirs = runs(text, tt)
    for values, written in runs(claim, ct):
        if any(v == values for v, _ in theirs):
            continue
        other = next((w for v, w in theirs if sorted(v) == sorted(values)), None)
        if other is not None:
            return [Difference("number", written, other)]
    return []


def _after(toks: list[Token], q: Quantity) -> str | None:
    """The stem of the word right after a quantity, in its singular ("points" and "point" alike), passing over
    function words and signs ("46 in animals", "24% by the end"); None at a clause's end."""
    for k in range(q.last + 1, min(len(toks), q.last + 5)):
        t = toks[k]
        if t.low in CLAUSE_END:
            return None
        if t.word and t.low not in STOP:
            return singular(t.low)
    return None


def swap_differences(claim: list[Token], text: list[Token]) -> list[Difference]:
    """Two quantities of the claim that the text gives with each other's words: "11 points, 25 rebounds"
    against "25 points, 11 rebounds", "from 24% today to 20% by 2030" against "from 20% now to 24% by 2030".
    The word right after a quantity of the claim stands in the text right after another quantity of the claim,
    and not after its own, and that other quantity's word the other way round: both words trade places ("the
    five newcomers join nine companies" is not a swap of "the five companies join nine others")."""
    cq, tq = quantities(claim), quantities(text)
    for q in cq:
        mine = [d for d in tq if _matches(q, d)]
        word = _after(claim, q)
        if word is None or not mine or any(_after(text, d) == word for d in mine):
            continue
        for other in cq:
            if other is q or _matches(q, other) or other.kind != q.kind:
                continue
            theirs = [d for d in tq if _matches(other, d)]
            back = _after(claim, other)
            if theirs and any(_after(text, d) == word for d in theirs) and back != word and back is not None and any(
                    _after(text, d) == back for d in mine):
                return [Difference("number", _with_word(claim, q), _with_word(text, theirs[0]))]
        # Or the text gives the claim's words after another quantity, one the claim does not have: "12 games"
        # against "22 games ... the initial dozen offerings".
        rival = next((d for d in tq if _after(text, d) == word and d.kind in PAIRS[q.kind] and d.kind == q.kind
                      and not any(_matches(c, d) for c in cq)), None)
        if rival is not None:
            return [Difference("number", _with_word(claim, q), _with_word(text, rival))]
    return []


def _with_word(toks: list[Token], q: Quantity) -> str:
    """A quantity with the word after it ("11 points"), signs joined ("20%")."""
    nxt = toks[q.last + 1] if q.last + 1 < len(toks) else None
    if nxt is None:
        return q.text
    return q.text + nxt.text if not nxt.word and nxt.low not in CLAUSE_END else f"{q.text} {nxt.text}"


def unit_differences(claim: list[Token], text: list[Token]) -> list[Difference]:
    """A number of the claim in a unit ("a 10-inch screen") that the text gives only as a number of something
    else ("10 airbags"), the unit nowhere after it."""
    tq = quantities(text)
    for q in quantities(claim):
        unit = claim[q.last + 1].low if q.last + 1 < len(claim) else ""
        if q.kind != "count" or unit not in lx.MEASURE_UNITS:
            continue
        mine = [d for d in tq if _matches(q, d)]
        if not mine or any(singular(unit) in {singular(t.low) for t in text[d.last + 1:d.last + 4]} for d in mine):
            continue
        d = mine[0]
        if d.last + 1 < len(text) and text[d.last + 1].word and text[d.last + 1].low not in STOP:
            return [Difference("number", _with_word(claim, q), _with_word(text, d))]
    return []


def article_differences(claim: list[Token], text: list[Token]) -> list[Difference]:
    """A count of the claim where the text has "a" or "one" before the same words: "two surplus ships"
    against "a surplus ship"."""
    key = singular
    for q in quantities(claim):
        if q.kind != "count" or q.value < 2 or not claim[q.first].low.isalpha() and not claim[q.first].low.isdigit():
            continue
        follow = [key(t.low) for t in claim[q.last + 1:q.last + 4] if t.word]
        if len(follow) < 1 or any(t.low in CLAUSE_END for t in claim[q.last + 1:q.last + 2]):
            continue
        for k, t in enumerate(text):
            if t.low not in ("a", "an", "one"):
                continue
            after = [key(x.low) for x in text[k + 1:k + 1 + len(follow)] if x.word]
            n = next((m for m in range(len(follow), 0, -1) if after[:m] == follow[:m] and (
                m == len(follow) or m >= 2)), 0)
            if n and not any(_matches(q, d) for d in quantities(text)):
                return [Difference("number", q.text, t.text)]
    return []


def _neighbours(toks: list[Token], q: Quantity) -> set[str]:
    """The stems of the nearest word before and after a quantity (numbers and function words passed over)."""
    out = set()
    for rng in (range(q.first - 1, -1, -1), range(q.last + 1, len(toks))):
        k = next((k for k in rng if toks[k].word and toks[k].low not in STOP), None)
        if k is not None:
            out.add(stem(toks[k].low))
    return out


def _matches(q: Quantity, d: Quantity) -> bool:
    if q.kind == "month" and d.kind == "monthday":
        return _same_value(q.value, d.value // 100)
    if (q.kind in DATE_KINDS) != (d.kind in DATE_KINDS) or (q.kind == "ordinal") != (d.kind == "ordinal"):
        return False
    return _same_value(q.value, d.value) and (q.kind == d.kind or q.kind not in DATE_KINDS)


# --- negation and direction ------------------------------------------------------------------------------

def negated_positions(toks: list[Token]) -> set[int]:
    """Positions of the words a negator reaches ("not going to fine": going, to, fine)."""
    out: set[int] = set()
    for i, tok in enumerate(toks):
        low = tok.low
        starts = None
        if low in lx.NEGATORS or low.endswith("n't"):
            starts = i + 1
        elif low in lx.NEGATING_VERBS:  # "refused to release", "refused on Tuesday to release"
            to = next((k for k in range(i + 1, min(len(toks), i + 5)) if toks[k].low == "to"), None)
            if to is not None and not any(t.low in SCOPE_END for t in toks[i + 1:to]):
                starts = to + 1
        if starts is None:
            continue
        if low in ("unlikely", "unable") or low.endswith("n't") and low not in ("don't", "doesn't", "didn't"):
            out.add(i)  # "unlikely" negates itself too: against "likely"
        words = 0
        for j in range(starts, min(len(toks), starts + lx.NEGATION_REACH)):
            # "not close the library": the verb; "no knowledge of any efforts": the whole phrase.
            if toks[j].low in SCOPE_END or words >= 3 or words and toks[j].low in DETERMINERS and low not in (
                    "no", "nothing", "none", "nobody"):
                break
            out.add(j)
            words += toks[j].low not in STOP
    return out


def content(toks: list[Token]) -> list[int]:
    return [i for i, t in enumerate(toks) if t.word and t.low not in STOP and t.low not in lx.NEGATORS
            and t.low not in lx.NEGATING_VERBS and not t.low.endswith("n't")]


def negation_differences(claim: list[Token], text: list[Token]) -> list[Difference]:
    """A word of the claim negated on one side only."""
    cn, tn = negated_positions(claim), negated_positions(text)
    where: dict[str, list[int]] = {}
    for i in content(text):
        where.setdefault(stem(text[i].low), []).append(i)
    prefixed: set[int] = set()  # "unlikely", "disagreed", "unstable": the word after the prefix, negated
    for i, t in enumerate(text):
        rest = _unprefixed(t)
        if rest is not None:
            where.setdefault(stem(rest), []).append(i)
            if i not in tn:  # "unlikely" negates itself already
                prefixed.add(i)
    for i in content(claim):
        if claim[i].capital:  # names are not what a negation turns around
            continue
        rest = _unprefixed(claim[i])
        spots = where.get(stem(claim[i].low)) or (where.get(stem(rest)) if rest is not None else None)
        if not spots:
            continue
        mine = (i in cn) != (rest is not None and stem(claim[i].low) not in where)
        theirs = {(k in tn) != (k in prefixed and stem(text[k].low) != stem(claim[i].low)) for k in spots}
        if mine not in theirs:
            return [Difference("negation", _phrase(claim, i, cn), _phrase(text, spots[0], tn))]
    return []


def _unprefixed(tok: Token) -> str | None:
    """The word a negating prefix is written on ("agreed" of "disagreed"), or None."""
    if not tok.word or tok.capital and tok.low not in ("unlikely", "unable") or tok.low in lx.NOT_PREFIXED:
        return None
    for prefix in lx.NEGATING_PREFIXES:
        rest = tok.low[len(prefix):].lstrip("-")
        if tok.low.startswith(prefix) and len(rest) >= 4:
            return rest
    return None


def _phrase(toks: list[Token], at: int, negated: set[int]) -> str:
    """The word at AT, from the negator that reaches it when there is one ("not going to fine")."""
    if at not in negated:
        return toks[at].text
    lo = at
    while lo > 0 and (lo - 1 in negated or toks[lo - 1].low == "to") and at - lo <= lx.NEGATION_REACH:
        lo -= 1
    if lo > 0 and (toks[lo - 1].low in lx.NEGATORS or toks[lo - 1].low.endswith("n't")
                   or toks[lo - 1].low in lx.NEGATING_VERBS):
        lo -= 1
    return " ".join(t.text for t in toks[lo:at + 1])


def axis_signs(toks: list[Token]) -> dict[str, dict[int, str]]:
    """Per axis of opposites, the sides the words take (a negated word the other side), with a word each."""
    negated = negated_positions(toks)
    out: dict[str, dict[int, str]] = {}
    for i, tok in enumerate(toks):
        entries = list(lx.OPPOSITES.get(tok.low, ()))
        word = tok.text
        if i + 1 < len(toks):
            pair = f"{tok.low} {toks[i + 1].low}"
            if pair in lx.PHRASE_OPPOSITES:
                entries = lx.OPPOSITES[pair]
                word = f"{tok.text} {toks[i + 1].text}"
        if tok.low == "most" and i + 1 < len(toks) and toks[i + 1].low in lx.OPPOSITES:
            continue  # "most polluted": the next word says which way
        for axis, sign in entries:
            if i in negated:
                sign = -sign
                word = f"not {word}"
            out.setdefault(axis, {}).setdefault(sign, word)
    return out


def axis_words(toks: list[Token]) -> list[tuple[int, str, int, str]]:
    """(position, axis, side, word) of each word on an axis of opposites, a negated word on the other side."""
    negated = negated_positions(toks)
    out = []
    for i, tok in enumerate(toks):
        entries = lx.OPPOSITES.get(tok.low, ())
        word = tok.text
        if i + 1 < len(toks) and f"{tok.low} {toks[i + 1].low}" in lx.PHRASE_OPPOSITES:
            entries = lx.OPPOSITES[f"{tok.low} {toks[i + 1].low}"]
            word = f"{tok.text} {toks[i + 1].text}"
        for axis, sign in entries:
            out.append((i, axis, -sign if i in negated else sign, f"not {word}" if i in negated else word))
    return out


def direction_differences(claim: list[Token], text: list[Token]) -> list[Difference]:
    """Opposite words about the same thing: first where a word just before them is the same on both sides
    ("oil prices jumped" against "oil prices fell"), then over the whole text per axis."""
    tw = axis_words(text)
    for i, axis, sign, word in axis_words(claim):
        anchor = next((k for k in range(i - 1, max(-1, i - 4), -1) if claim[k].word and claim[k].low not in STOP
                       and claim[k].low not in lx.OPPOSITES), None)
        if anchor is None:
            continue
        a = singular(claim[anchor].low)
        for j, taxis, tsign, tword in tw:
            if taxis == axis and any(text[k].word and singular(text[k].low) == a for k in range(max(0, j - 3), j)):
                if tsign != sign:
                    return [Difference("direction", word, tword)]
                break
    cs, ts = axis_signs(claim), axis_signs(text)
    out = []
    for axis, sides in cs.items():
        theirs = ts.get(axis)
        if theirs and not set(sides) & set(theirs):
            out.append(Difference("direction", next(iter(sides.values())), next(iter(theirs.values()))))
    return out[:1]


# --- actors ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Name:
    text: str
    first: int
    last: int
    keys: frozenset[str]  # stems of its words, and the place it stands for
    head: str  # the stem of its last word that tells it apart ("Brookings" of "Brookings Institution")


def capitalised_inside(toks: list[Token]) -> set[str]:
    """Words written with a capital inside a sentence: names, whatever word they are."""
    return {t.low for i, t in enumerate(toks) if t.word and t.capital and i and toks[i - 1].low not in
            {".", "!", "?", "“", "\"", ":"}}


def names(toks: list[Token], known: set[str] | None = None) -> list[Name]:
    """Runs of capitalised words, with their keys. A sentence's first word is a name when it is written with a
    capital inside a sentence too (in KNOWN, or in TOKS), or a place, or followed by another capitalised word."""
    known = (known or set()) | capitalised_inside(toks)
    out: list[Name] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        initial = i == 0 or toks[i - 1].low in {".", "!", "?", "“", "\"", ":"}
        if initial and tok.word and tok.capital and tok.low not in known and place_of(tok.low) is None and not (
                i + 1 < n and toks[i + 1].word and toks[i + 1].capital):
            i += 1
            continue
        if not (tok.word and tok.capital) or tok.low in lx.MONTHS or tok.low in lx.WEEKDAYS or (
                initial and tok.low in STOP) or tok.low in lx.UNITS or tok.low in lx.NEGATORS:
            i += 1
            continue
        j = i
        while j + 1 < n and toks[j + 1].word and toks[j + 1].capital and toks[j + 1].low not in lx.MONTHS \
                and toks[j + 1].low not in lx.WEEKDAYS:
            j += 1
        run = toks[i:j + 1]
        if all(t.low in STOP for t in run):
            i = j + 1
            continue
        keys = {stem(t.low) for t in run if t.low not in STOP and stem(t.low) not in GENERIC_NAME} or {
            stem(t.low) for t in run}
        # A name in the plural is the same name ("SUVs", "SUV"; "the Democrats", "Democrat").
        keys |= {stem(t.low[:-1]) for t in run if t.low.endswith("s") and len(t.low) > 3 and stem(t.low) in keys}
        text = " ".join(t.text for t in run)
        for k in range(len(run)):
            for m in (1, 2):
                place = place_of(" ".join(t.low for t in run[k:k + m])) if k + m <= len(run) else None
                if place:
                    keys.add("@" + place)
        if j + 1 < n and toks[j + 1].low == "." and len(run[-1].low) == 1:  # "U.S."
            place = place_of("".join(t.low for t in run))
            if place:
                keys.add("@" + place)
        telling = [stem(t.low) for t in run if t.low not in STOP and stem(t.low) not in GENERIC_NAME]
        if keys:
            out.append(Name(text, i, j, frozenset(keys), telling[-1] if telling else stem(run[-1].low)))
        i = j + 1
    return out


def _same(a: Name, b: Name) -> bool:
    return bool(a.keys & b.keys)


def _present(name: Name, other: Name) -> bool:
    """Whether OTHER names what NAME names: its last telling word ("Saraki" for "Bukola Saraki"), or half of
    its words ("Orvik Growers Guild" is not "Orvik")."""
    return name.head in other.keys or 2 * len(name.keys & other.keys) >= len(name.keys)


def actor_differences(claim: list[Token], text: list[Token], focus: set[int] | None = None) -> list[Difference]:
    known = capitalised_inside(claim) | capitalised_inside(text)
    cn, tn = names(claim, known), names(text, known)
    if not cn or not tn:
        return []
    # Two names of the claim in the other order around a short verb phrase, in one sentence of the text.
    sentence_of = _sentences(text)
    for a, b in zip(cn, cn[1:], strict=False):
        gap = claim[a.last + 1:b.first]
        if not 1 <= len(gap) <= 3 or any(t.low in CLAUSE_END or t.low in PREPOSITIONS or not t.word for t in gap) \
                or _same(a, b) or gap[0].low in STOP:  # a verb between them, not a preposition or a clause

            continue
        ta = [x for x in tn if _same(x, a) and not _same(x, b)]
        tb = [x for x in tn if _same(x, b) and not _same(x, a)]
        if ta and tb and not any(x.last < y.first <= x.last + 8 for x in ta for y in tb) and any(
                y.last < x.first <= y.last + 8 and not any(t.low in SWAP_BREAK for t in text[y.last + 1:x.first])
                and not _apposition(text, y.last, x.first) and not _by_agent(text, y.last, x.first)
                for x in ta for y in tb) and not _by_agent(claim, a.last, b.first):
            return [Difference("actor", f"{a.text} … {b.text}", f"{b.text} … {a.text}")]
    # The claim's subject against the name the text puts before the same verb.
    subject = cn[0]
    verb = next((i for i in range(subject.last + 1, min(len(claim), subject.last + 3))
                 if claim[i].word and claim[i].low not in STOP and not claim[i].capital), None)
    if verb is not None and subject.first <= 2:
        vstem = stem(claim[verb].low)
        for k, t in enumerate(text):
            if not t.word or stem(t.low) != vstem:
                continue
            before = [x for x in tn if x.last < k and k - x.last <= 6 and sentence_of[x.first] == sentence_of[k]]
            earlier = [x for x in tn if x.last < k and sentence_of[x.first] == sentence_of[k]]
            # The claim's subject right after the verb in the text is its object there: the claim tells what
            # happened to it, as a headline does ("Harbour Road closed", "the mayor closed Harbour Road").
            undergoes = any(_same(x, subject) for x in tn
                            if k < x.first <= k + 4 and sentence_of[x.first] == sentence_of[k])
            if before and not undergoes and not any(_same(x, subject) for x in earlier):
                doer = before[-1]
                if not any(_same(doer, c) for c in cn):
                    return [Difference("actor", subject.text, doer.text)]
                # The claim's object does it in the text, to the claim's subject ("Mourinho has agreed to
                # replace Pochettino" against "Pochettino has agreed to take over from Mourinho"); not in the
                # passive ("Sondland was picked by Trump").
                other = next((c for c in cn if _same(doer, c) and not _same(c, subject)), None)
                later = [x for x in tn if k < x.first <= k + 10 and sentence_of[x.first] == sentence_of[k]]
                if other is not None and other.first > verb and any(_same(x, subject) for x in later) and not (
                        _passive(text, k) or _passive(claim, verb)):
                    return [Difference("actor", f"{subject.text} … {other.text}", f"{doer.text} … {subject.text}")]
            break
    beaten = _loser_differences(claim, text, cn, tn)
    if beaten:
        return beaten
    partners = partner_differences(claim, text, cn, [x for x in tn if focus is None or x.first in focus])
    if partners:
        return partners
    # A name of the claim the text lacks, where the text has another name in its place.
    matched = {stem(t.low) for t in text if t.word}
    for name in cn:
        if any(_present(name, x) for x in tn):
            continue
        left = next((i for i in range(name.first - 1, -1, -1) if claim[i].word and claim[i].low not in STOP
                     and stem(claim[i].low) in matched), None)
        right = next((i for i in range(name.last + 1, len(claim)) if claim[i].word and claim[i].low not in STOP
                      and stem(claim[i].low) in matched), None)
        slot = _slot(text, stem(claim[left].low) if left is not None else None,
                     stem(claim[right].low) if right is not None else None)
        if slot is None:
            continue
        lo, hi = slot
        others = [x for x in tn if lo <= x.first and x.last <= hi and not any(_same(x, c) for c in cn)]
        if others:
            other = max(others, key=lambda x: (x.last - x.first, -x.first))
            return [Difference("actor", name.text, other.text)]
    return []


BEAT = {"beat", "beats", "defeated", "defeats", "edged", "routed", "downed", "upset", "overcame", "topped"}
WIN = {"win", "wins", "victory", "victories", "triumph", "won"}


def _loser_differences(claim: list[Token], text: list[Token], cn: list[Name], tn: list[Name]) -> list[Difference]:
    """The side the claim says won, that the text names as the one beaten: "Russia beat Spain" against "a 2-1
    win over Russia"."""
    def after(names: list[Name], k: int) -> Name | None:
        return next((x for x in names if k < x.first <= k + 2), None)

    def before(names: list[Name], k: int) -> Name | None:
        return next((x for x in reversed(names) if k - 2 <= x.last < k), None)

    winners = []
    for k, t in enumerate(claim):  # "A beat B": A; "A lost to B": B
        lost_to = t.low == "lost" and k + 1 < len(claim) and claim[k + 1].low == "to"
        w = before(cn, k) if t.low in BEAT else after(cn, k + 1) if lost_to else None
        if w is not None:
            winners.append(w)
    for k, t in enumerate(text):
        if t.low in WIN and k + 1 < len(text) and text[k + 1].low in ("over", "against"):
            loser = after(tn, k + 1)
            if loser is None:
                continue
            winner = next((w for w in winners if _same(w, loser)), None)
            if winner is not None:
                return [Difference("actor", f"{winner.text} beat", f"win over {loser.text}")]
    return []


def _clauses(toks: list[Token]) -> list[int]:
    """The clause of each token: a new one after a full stop, a semicolon, "but", "while", "whereas"."""
    out, n = [], 0
    for t in toks:
        if t.low in SWAP_BREAK:
            n += 1
        out.append(n)
    return out


def partner_differences(claim: list[Token], text: list[Token], cn: list[Name], tn: list[Name]) -> list[Difference]:
    """Two names the claim puts in one clause, that the text puts in two, each with a name the claim puts in
    another clause: "Toyota shows the Mustang SUV, while Ford shows a RAV4" against "Toyota shows a RAV4,
    while Ford rolls out the Mustang SUV"."""
    cc, tc = _clauses(claim), _clauses(text)
    clause_of = {id(x): cc[x.first] for x in cn}
    for x in cn:
        for y in cn:
            if y.first <= x.first or cc[y.first] != cc[x.first] or _same(x, y):
                continue
            tx = {tc[t.first] for t in tn if _same(t, x)}
            ty = {tc[t.first] for t in tn if _same(t, y)}
            if not tx or not ty or tx & ty:
                continue
            for w in cn:
                if clause_of[id(w)] == cc[x.first] or _same(w, x) or _same(w, y):
                    continue
                if any(tc[t.first] in tx for t in tn if _same(t, w)):
                    return [Difference("actor", f"{x.text} … {y.text}", f"{x.text} … {w.text}")]
                if any(tc[t.first] in ty for t in tn if _same(t, w)):
                    return [Difference("actor", f"{y.text} … {x.text}", f"{y.text} … {w.text}")]
    return []


PASSIVE = {"was", "were", "is", "are", "be", "been", "being", "get", "got", "gets"}


def _passive(toks: list[Token], k: int) -> bool:
    """Whether the verb at K is in the passive ("was picked", "got tapped", "picked by")."""
    return (k > 0 and toks[k - 1].low in PASSIVE) or (k > 1 and toks[k - 2].low in PASSIVE and toks[k - 1].low
                                                       .endswith("ly")) or (k + 1 < len(toks) and toks[k + 1].low
                                                                           == "by")


def _by_agent(toks: list[Token], after: int, before: int) -> bool:
    """Whether the words between two names are a passive verb and its agent ("Halvard was chosen by Ilves"):
    the second name does what the first undergoes."""
    gap = [t.low for t in toks[after + 1:before]]
    return bool(gap) and gap[-1] == "by" and any(w in PASSIVE for w in gap)


def _apposition(toks: list[Token], after: int, before: int) -> bool:
    """Whether the words between two names open an apposition to the first ("Sondland, a wealthy hotelier
    Trump tapped": the second name is the subject of a clause about the first, not its object)."""
    return before - after > 2 and toks[after + 1].low == "," and toks[after + 2].low in DETERMINERS


def _sentences(toks: list[Token]) -> list[int]:
    out, n = [], 0
    for t in toks:
        out.append(n)
        if t.low in {".", "!", "?"}:
            n += 1
    return out


def _slot(text: list[Token], left: str | None, right: str | None, reach: int = 3) -> tuple[int, int] | None:
    """The stretch of TEXT between a word matching LEFT and the next matching RIGHT (each may be None), widened
    by REACH tokens; None when neither is found."""
    ls = [i for i, t in enumerate(text) if left and t.word and stem(t.low) == left]
    rs = [i for i, t in enumerate(text) if right and t.word and stem(t.low) == right]
    best = None
    for lo in ls:
        for hi in rs:
            if lo < hi <= lo + 12 and (best is None or hi - lo < best[1] - best[0]):
                best = (lo, hi)
    if best:
        return best[0] + 1, best[1] - 1 + reach
    if ls:  # the name stands after the word before it (its other neighbour is elsewhere in the text)
        return ls[0] + 1, ls[0] + 2 * reach + 2
    if rs:
        return max(0, rs[0] - reach - 1), rs[0] - 1
    return None


def focus_sentence(claim: list[Token], text: str, toks: list[Token]) -> set[int] | None:
    """Positions of the tokens of TEXT's sentence that holds the greatest weight of the claim's words (numbers
    3, names 2, other words 1, as trace weighs them); None when TEXT is one sentence."""
    bounds = sentence_bounds(text)
    if len(bounds) < 2:
        return None
    wanted: dict[str, float] = {}
    for t in claim:
        if t.low in STOP or not t.low[0].isalnum():
            continue
        wanted[t.low if t.low[0].isdigit() else stem(t.low)] = 3.0 if t.low[0].isdigit() else (
            2.0 if t.capital else 1.0)
    which = [bisect_right(bounds, t.start) for t in toks]
    score: dict[int, float] = {}
    seen: set[tuple[int, str]] = set()
    for t, n in zip(toks, which, strict=True):
        key = t.low if t.low[0].isdigit() else stem(t.low)
        if key in wanted and (n, key) not in seen:
            seen.add((n, key))
            score[n] = score.get(n, 0.0) + wanted[key]
    if not score:
        return None
    best = max(score, key=lambda n: (score[n], -n))
    return {k for k, n in enumerate(which) if n == best}


def compare(claim: str, text: str) -> Comparison:
    """Whether TEXT (the sentence or sentences a trace matched) states CLAIM, or says something else.

    Args:
        claim: the claim as the user typed it.
        text: the matched text of a document.

    Returns:
        `Comparison("states")`, or `Comparison("differs", differences)`, the differences in the order number,
        date, negation, direction, actor.
    """
    ct, tt = tokens(claim), tokens(text)
    if not ct or not tt:
        return STATES
    focus = focus_sentence(ct, text, tt)
    found = number_differences(ct, tt, focus)
    if not found:  # read in the sentence that holds the claim, not in the sentences around it
        ft = [tt[k] for k in sorted(focus)] if focus else tt
        found = (bound_differences(ct, ft) or order_differences(claim, ct, text, ft) or swap_differences(ct, ft)
                 or unit_differences(ct, tt) or article_differences(ct, ft))
    found = [*found, *negation_differences(ct, tt), *direction_differences(ct, tt)]
    if not found:
        found = actor_differences(ct, tt, focus)
    found.sort(key=lambda d: ("number", "date", "negation", "direction", "actor", "other").index(d.kind))
    return Comparison("differs", tuple(found)) if found else STATES


__all__ = ["Comparison", "Difference", "STATES", "compare", "place_of", "synonyms"]
