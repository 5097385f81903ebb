"""Align two texts: the passages they share, how much of each is in the other, and how they relate.

Alignment works on shingles of content tokens (see fingerprint.py), so re-wrapped
lines, changed punctuation and changed function words do not break a match.
Matching shingles are chained along diagonals into runs; a run of at least
MIN_RUN shingles (MIN_RUN + K - 1 content tokens, about a dozen words of running
text) is verbatim reuse. Runs in the same order on both sides are merged into one
passage across gaps of up to MERGE_GAP tokens on each side (a changed word, a
dropped clause, an inserted ad); reordered paragraphs stay separate passages.

Containment ("this_in_other") is the share of a text's tokens inside verbatim
runs, so a light rewrite does not count as a copy because its changed words are
merged over in the passage. Passages that are mostly inside quotation marks on
both sides are kept apart as `quote` passages, passages of the site's own chrome
as `chrome`, and stock boilerplate (newsletter, cookie, copyright and comment-policy
lines, menus and lists, a company's "About" section) as `boilerplate`: none of them
count as reuse, unless a passage spans nearly all of both texts (the page copied whole).

Rewrites share few long runs, so sentences are also matched loosely: each
sentence's content words against the best sentence on the other side (Dice
coefficient), leaving out quotations, lists and boilerplate on either side: two
reports quoting one speaker are alike there without rewriting each other. A rewrite
is a pair where many sentences match loosely but few of them are verbatim.

Two reports of one event are alike in two more ways without either being made from the other
(read on COUNTER's real Urdu agency and newspaper stories, benchmarks/labels/counter_false_links.jsonl):
- they state the same facts, each in its headline and again in its lede: a statement made twice on
  each side counts as one loose match (`restated`), not two;
- they carry the same official statement, word for word as the ministry or the press conference gave
  it, reported outside quotation marks ("the minister said that ...", "... نے کہا کہ ..."): a passage
  mostly of such reported speech on both sides (`statement`) cannot make an excerpt on its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

import numpy as np

from provenance.reuse.fingerprint import Fingerprint
from provenance.reuse.text import STOPWORDS, Sentence, Tokens

MIN_RUN = 4  # shingles in a verbatim run: 6 content tokens
MERGE_GAP = 12  # tokens either side across which runs merge into one passage
MAX_REPEAT = 16  # positions kept per shingle hash, so a repeated phrase cannot explode the pairs
LOOSE_DICE = 0.5  # sentences whose content words overlap this much match loosely
VERBATIM_DICE = 0.9
MIN_SENTENCE_WORDS = 4
KNOWN = 512  # texts whose sentences' analysis is remembered (as many as reuse/index.py keeps analysed)

# Classification thresholds, chosen on benchmarks/reuse_corpus.py data (see
# benchmarks/reuse_quality.py --sweep) and checked on ../shared/reuse.
DUPLICATE = 0.95  # both texts at least this much inside the other
REPOST_MAX = 0.8  # one text at least this much inside the other ...
REPOST_MIN = 0.7  # ... and the other at least this much inside it; below: excerpt
EXCERPT_TOKENS = 25  # or a verbatim stretch this long (tokens) shared: excerpt
EXCERPT_SHARE = 0.1  # ... that is at least this share of the smaller text
REWRITE_SHARE = 0.35  # sentences of the smaller text matching loosely, or ...
REWRITE_SHARE_LOW, REWRITE_SIMILARITY = 0.25, 0.38  # ... fewer, when its sentences stay this close overall
REWRITE_VERBATIM = 0.6  # at most this share of the loose matches verbatim, or ...
EDITED = 0.05  # ... more than this share of the shared passages edited (copies: at most 0.02)
REWRITE_OWN = 0.25  # and this share of the smaller text's own prose (outside quotations) matching loosely
MOSTLY_OWN = 0.3  # ... judged on all its sentences when less than this share of them is its own prose

BOILERPLATE = re.compile(
    r"\b(?:subscribe|newsletter|sign\s+up|cookies?|all\s+rights\s+reserved|copyright|privacy\s+policy|"
    r"terms\s+of\s+(?:use|service)|terms\s+(?:&|and)\s+conditions|follow\s+us|share\s+this|advertisements?|"
    r"click\s+here|read\s+more|about\s+us|site\s*map|advertise\s+with\s+us|"
    r"related\s+(?:articles|stories)|download\s+(?:our|the)\s+app|support\s+our\s+journalism|"
    # the same site furniture in the other languages the archive holds most
    r"datenschutz\w*|nutzungsbedingungen|impressum|abonnieren|e-mail-adresse|einwilligung|"
    r"politique\s+de\s+confidentialit[ée]|mentions\s+l[ée]gales|s'abonner|"
    r"pol[ií]tica\s+de\s+privacida[dc]e?|aviso\s+legal|suscr[ií]bete|coment[aá]rios?\s+com|moderador|"
    r"informativa\s+(?:sulla\s+)?privacy|iscriviti|contact\s+us|kontaktieren\s+sie\s+uns|disclaimer)\b"
    r"|</?(?:a|div|span|p|script|img|iframe)\b[^>]{0,200}>",  # markup left in the text: a template's residue
    re.IGNORECASE,
)
BOILERPLATE_MAX_TOKENS = 80
WHOLE = 0.8  # a passage spanning this share of both texts is never set aside as quote or boilerplate
BOILERPLATE_DENSITY = 40  # a longer passage is boilerplate with one of those words per this many tokens
# Navigation, menus, tag lists, booking calendars: lines of fewer words than this, unfinished, most
# of a passage.
LIST_LINES, LIST_LINE_TOKENS, LIST_SHARE = 4, 12, 0.75
NUMBERS = 0.8  # a passage of this share of bare numbers and two-letter tokens is a calendar or a pager
LINE_SPLIT = re.compile(r"\n|\s\|(?=\s)")  # "Home | World | News" is a menu too
LINE_END = re.compile(r"[.!?؟۔。！？:;\"'”’»)]\s*$")
# What a company or site says about itself: a section headed "About X", or one opening "X is a leading
# provider of ..." that says where it is based, whom it employs or serves (to the text's end or a
# "Media contact" line). Press releases of one company all close with it; it is not one release
# copied from the other.
ABOUT_HEADING = re.compile(
    r"^[ \t]*(?:About|ABOUT|Über|ÜBER|À\s+propos\s+d[e'’]|A\s+propos\s+d[e'’]|Acerca\s+de|Sobre|Informazioni\s+su)"
    r"[ \t]+\S+(?:[ \t]+\S+){0,4}[ \t]*:?[ \t]*$", re.MULTILINE)
SELF_DESCRIPTION = re.compile(
    r"^[ \t]*(?:[\w&.’'-]+[ \t]+){0,3}?(?:is|are|provides|offers|delivers|ist|est|es|è)[ \t]+"
    r"(?:a|an|the|one\s+of\s+the|ein|eine|einer|un|une|el|la|uno)\b[^\n.!?]{0,120}?\b(?:provider|company|leader|"
    r"platform|firm|maker|manufacturer|developer|supplier|organi[sz]ation|group|network|agency|solutions?|exchange|"
    r"publisher|operator|retailer|bank|Anbieter|Unternehmen|Hersteller|entreprise|soci[ée]t[ée]|fournisseur|empresa|"
    r"proveedor)\b", re.IGNORECASE | re.MULTILINE)
# ... and such a paragraph says so with the words companies describe themselves with.
SELF_WORDS = re.compile(
    r"\b(?:founded|headquartered|head\s+office|based\s+in|employs|employees|subsidiar\w+|listed\s+on|"
    r"stock\s+exchange|customers|clients|partners|countries|for\s+more\s+information|visit|"
    r"www\.|gegründet|Sitz|Mitarbeiter|fondée?|siège|salariés|fundada|sede|empleados)\b", re.IGNORECASE)
ABOUT_FROM = 0.4  # an about section closes the text: it starts in its last 60%
ABOUT_SLACK = 40  # characters: a passage may start on the heading line just before the section
SECTION_END = re.compile(r"^[ \t]*(?:media\s+contacts?|press\s+contacts?|contacts?|for\s+more\s+information|"
                         r"forward[- ]looking\s+statements?|safe\s+harbor|source:)\b", re.IGNORECASE | re.MULTILINE)
# A short passage closing both texts, when it is all they share, is a site's sign-off in
# any language: at most EDGE_SHARE of each text, within its last EDGE. (Not at the start:
# excerpts quote ledes.)
EDGE, EDGE_SHARE = 0.25, 0.2
HEADLINE_ZONE = 2  # sentences at a text's head (headline, lede) whose restatement later counts with them
STATEMENT = 0.5  # a passage with this share of reported speech on both sides is a statement both report
# Sentence alignment (see `align_sentences`): two sentences align when the character trigrams of their
# content words overlap this much (weighted Dice); a pair is a rewrite when this share of each text's
# own prose sentences (by tokens) aligns. Chosen on COUNTER's odd half, pairs numbered 1 mod 4 (the
# 3 mod 4 ones checked), and on Clough & Stevenson: benchmarks/reuse_quality.py.
ALIGN_GRAM = 3
ALIGN_SIMILARITY = 0.35
ALIGNED_SHARE = 0.2
ALIGN_MAX_SENTENCES = 400  # sentences a side: the cost of one long text stays bounded
# The aligned share alone decides "rewrite" only for a pair that also shares a verbatim stretch of its own
# prose (not a quotation) of ALIGNED_RUN tokens or more: two independent reports of one event align as much
# as a rewrite (same names, numbers, order of facts) but rarely share ten words of prose in a row. Measured
# pair by pair on COUNTER (paper story against its agency story, thresholds chosen on pairs 1 mod 4):
#   old rule alone:             tune derived 48/110, non-derived 2/40; check 41/105, 2/45; all 89/215, 4/85
#   aligned share alone (0.2):  tune 68/110, 7/40; check 59/105, 2/45; all 127/215, 9/85 (too many ND)
#   share >= 0.35, 0.5 alone:   tune ND 4/40, 3/40 (all 6/85, 5/85): a higher share does not separate them
#   share >= 0.2 and a run >= 10 (chosen; 9..10 a plateau): tune 53/110, 2/40; check 45/105, 2/45; all 98/215, 4/85
# ALIGNED_REWRITE False leaves the old rule alone (aligned sentences are still the passages of its rewrites).
# With the rare-word candidates (rare.py), benchmarks (2026-12-01): reuse_quality.py --only counter non-derived
# 4/85, derived precision 0.960, recall 0.451 (old 0.956 / 0.405; share alone: 9/85, 0.586); --only corpus
# unrelated 0 (share alone: 4); trace.py uncredited-reuse precision 0.956, same-event pairs 3/64 (share
# alone: 0.915, 5/64).
ALIGNED_REWRITE = True
ALIGNED_RUN = 10


@dataclass
class Passage:
    a: tuple[int, int]  # character span in text A
    b: tuple[int, int]  # character span in text B
    tokens: int  # verbatim tokens of A in it
    kind: str = "text"  # text | quote | chrome | boilerplate | sentence (an aligned sentence pair)
    similarity: float | None = None  # of an aligned sentence pair


@dataclass
class Alignment:
    passages: list[Passage] = field(default_factory=list)
    a_in_b: float = 0.0
    b_in_a: float = 0.0
    quote_a_in_b: float = 0.0
    quote_b_in_a: float = 0.0
    longest: int = 0  # tokens of the longest verbatim text passage
    longest_own: int = 0  # ... of the longest one that is not mostly someone's words on both sides (see `statement`)
    shared_tokens: int = 0  # verbatim tokens of the smaller text in text passages
    loose_a: float = 0.0  # share of A's sentence tokens in sentences matching B loosely
    loose_b: float = 0.0
    loose_verbatim: float = 0.0  # share of the loose matches that are verbatim
    similarity: float = 0.0  # mean best Dice of the smaller text's sentences: rewrite strength
    loose_own: float = 0.0  # loose_a or loose_b of the smaller text, counting its own prose only (no quotations)
    edited: float = 0.0  # share of the text passages' span (in A) not inside verbatim runs: scattered edits
    aligned_a: float = 0.0  # share of A's own prose sentence tokens aligned to a sentence of B (`align_sentences`)
    aligned_b: float = 0.0
    sentence_pairs: list[tuple[int, int, float]] = field(default_factory=list)  # (sentence of A, of B, similarity)
    relation: str | None = None


@dataclass
class Run:
    a0: int
    a1: int  # shingle indices, inclusive
    b0: int
    b1: int


_hashes: dict[int, tuple[Fingerprint, list[int], set[int]]] = {}  # by id of the Fingerprint (kept alive in the entry)


def shingle_hashes(fp: Fingerprint) -> tuple[list[int], set[int]]:
    """FP's shingle hashes as a list and as a set, remembered: a text is aligned with many candidates."""
    hit = _hashes.get(id(fp))
    if hit is not None and hit[0] is fp:
        return hit[1], hit[2]
    if len(_hashes) >= KNOWN:
        _hashes.pop(next(iter(_hashes)))
    hashes = fp.shingles.tolist()
    held = set(hashes)
    _hashes[id(fp)] = (fp, hashes, held)
    return hashes, held


def matching_runs(fa: Fingerprint, fb: Fingerprint) -> list[Run]:
    """Maximal runs of consecutive matching shingles on one diagonal, at least MIN_RUN long."""
    # Only the shingles both hold can pair: most candidates share none, and are left at once.
    hashes_a, held_a = shingle_hashes(fa)
    hashes_b, held_b = shingle_hashes(fb)
    if held_a.isdisjoint(held_b):
        return []
    both = held_a & held_b
    where: dict[int, list[int]] = {}
    for j, h in enumerate(hashes_b):
        if h in both:
            at = where.setdefault(h, [])
            if len(at) < MAX_REPEAT:
                at.append(j)
    pairs = [(j - i, i) for i, h in enumerate(hashes_a) if h in both for j in where[h]]
    if not pairs:
        return []
    pairs.sort()
    runs: list[Run] = []
    diag, start, last = pairs[0][0], pairs[0][1], pairs[0][1]
    for d, i in pairs[1:]:
        if d == diag and i == last + 1:
            last = i
            continue
        if last - start + 1 >= MIN_RUN:
            runs.append(Run(start, last, start + diag, last + diag))
        diag, start, last = d, i, i
    if last - start + 1 >= MIN_RUN:  # (the last run)
        runs.append(Run(start, last, start + diag, last + diag))
    return runs


def token_spans(run: Run, fa: Fingerprint, fb: Fingerprint) -> tuple[int, int, int, int]:
    """A run as token ranges [start, end) in A and in B."""
    return int(fa.positions[run.a0]), int(fa.ends[run.a1]), int(fb.positions[run.b0]), int(fb.ends[run.b1])


def extend(span: tuple[int, int, int, int], a: Tokens, b: Tokens) -> tuple[int, int, int, int]:
    """Widen a run over the identical function words just before and after it on both sides."""
    a0, a1, b0, b1 = span
    while a0 > 0 and b0 > 0 and a.words[a0 - 1] == b.words[b0 - 1]:
        a0, b0 = a0 - 1, b0 - 1
    while a1 < len(a.words) and b1 < len(b.words) and a.words[a1] == b.words[b1]:
        a1, b1 = a1 + 1, b1 + 1
    return a0, a1, b0, b1


def one_to_one(spans: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Longest spans first; drop a span that mostly overlaps an accepted one on either side."""
    accepted: list[tuple[int, int, int, int]] = []
    for span in sorted(spans, key=lambda s: s[0] - s[1]):
        a0, a1, b0, b1 = span
        clash = any(min(a1, x1) - max(a0, x0) > (a1 - a0) / 2 or min(b1, y1) - max(b0, y0) > (b1 - b0) / 2
                    for x0, x1, y0, y1 in accepted)
        if not clash:
            accepted.append(span)
    return sorted(accepted)


def merge(spans: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """Group spans (sorted by A) that follow each other on both sides within MERGE_GAP tokens."""
    groups: list[list[tuple[int, int, int, int]]] = []
    for span in spans:
        if groups:
            last = groups[-1][-1]
            if 0 <= span[0] - last[1] <= MERGE_GAP and 0 <= span[2] - last[3] <= MERGE_GAP:
                groups[-1].append(span)
                continue
        groups.append([span])
    return groups


def passage_kind(a: Tokens, b: Tokens, group: list[tuple[int, int, int, int]], chrome: bool) -> str:
    """What a merged passage is: reuse of text, a shared quotation, site chrome or boilerplate."""
    a0, a1, b0, b1 = group[0][0], group[-1][1], group[0][2], group[-1][3]
    if chrome:
        return "chrome"
    quoted_a = sum(a.quoted[a0:a1]) / max(a1 - a0, 1)
    quoted_b = sum(b.quoted[b0:b1]) / max(b1 - b0, 1)
    if a1 - a0 >= WHOLE * len(a) and b1 - b0 >= WHOLE * len(b):
        return "text"  # nearly all of both texts: the page itself copied, whatever it is made of
    if quoted_a >= 0.6 and quoted_b >= 0.6:
        return "quote"
    start, end = a.starts[a0], a.ends[a1 - 1]
    if a1 - a0 <= BOILERPLATE_MAX_TOKENS and BOILERPLATE.search(a.text, start, end):
        return "boilerplate"
    if len(BOILERPLATE.findall(a.text, start, end)) * BOILERPLATE_DENSITY >= a1 - a0:
        return "boilerplate"
    if is_list(a.text, start, end, a1 - a0) and is_list(b.text, b.starts[b0], b.ends[b1 - 1], b1 - b0):
        return "boilerplate"  # a menu on both pages (a list one text has made into prose is content)
    if sum(a.words[k].isdigit() or (len(a.words[k]) <= 2 and a.words[k].isascii())  # not a CJK character
           for k in range(a0, a1)) >= NUMBERS * (a1 - a0):
        return "boilerplate"  # a calendar ("Mo Di 1 2 3") or a run of page numbers: no words to copy
    if in_about(a.text, start, end) and in_about(b.text, b.starts[b0], b.ends[b1 - 1]):
        return "boilerplate"
    if at_edge(a0, a1, len(a)) and at_edge(b0, b1, len(b)):
        return "edge"
    return "text"


def statement(a: Tokens, b: Tokens, a0: int, a1: int, b0: int, b1: int) -> bool:
    """A passage mostly of someone's words on both sides, quoted or reported ("X said that ...", "X نے
    کہا کہ ..."): two reports of one press conference or one handout share it without copying each other."""
    return (reported_outside_quotes(a, a0, a1) >= STATEMENT * (a1 - a0)
            and reported_outside_quotes(b, b0, b1) >= STATEMENT * (b1 - b0))


def reported_outside_quotes(t: Tokens, start: int, end: int) -> int:
    """Tokens of T[start:end] in reported speech and not inside quotation marks (those make `quote` passages)."""
    return sum(said and not quoted for said, quoted in zip(t.reported[start:end], t.quoted[start:end], strict=True))


def is_list(text: str, start: int, end: int, tokens: int) -> bool:
    """A stretch of LIST_LINES lines or more with few tokens a line: a menu, a tag list, a calendar."""
    lines = [piece.strip() for piece in LINE_SPLIT.split(text[start:end]) if piece.strip()]
    if len(lines) < LIST_LINES:
        return False
    # An entry is a short line left unfinished that starts afresh. Prose wrapped at a fixed width has
    # short lines too, but they run on: the next line goes on in lower case. A passage is a list when
    # entries make most of it: an article copied with its list of dates is still an article.
    entries = [line for k, line in enumerate(lines) if len(line.split()) < LIST_LINE_TOKENS
               and not LINE_END.search(line) and (k == 0 or not line.lstrip("([{\"'“‘-–—•* ")[:1].islower())]
    return len(entries) >= LIST_LINES and sum(map(len, entries)) >= LIST_SHARE * sum(map(len, lines))


@lru_cache(maxsize=64)
def about_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of TEXT where a company or site describes itself (see ABOUT_HEADING)."""
    ranges: list[tuple[int, int]] = []
    first = int(ABOUT_FROM * len(text))
    for m in ABOUT_HEADING.finditer(text, first):
        stop = SECTION_END.search(text, m.end())
        ranges.append((m.start(), stop.start() if stop else len(text)))
    for m in SELF_DESCRIPTION.finditer(text, first):
        stop = SECTION_END.search(text, m.end())
        end = stop.start() if stop else len(text)
        if SELF_WORDS.search(text, m.start(), end):
            ranges.append((m.start(), end))
    return tuple(ranges)


def in_about(text: str, start: int, end: int) -> bool:
    """text[start:end] starts in what a company or site says about itself and lies mostly inside it
    (a passage that starts in the article before it is the article copied, about paragraph and all)."""
    return any(s - ABOUT_SLACK <= start and min(end, e) - start >= 0.5 * (end - start) for s, e in about_ranges(text))


def at_edge(start: int, end: int, total: int) -> bool:
    """A short token range inside the last EDGE of a text."""
    return total > 0 and end - start <= EDGE_SHARE * total and start >= (1 - EDGE) * total


def covered(spans: list[tuple[int, int]], total: int, aside: list[tuple[int, int]] = ()) -> float:  # type: ignore[assignment]
    """Share of `total` tokens inside the union of token ranges, leaving out the ranges set aside."""
    if total == 0:
        return 0.0
    mask = np.zeros(total, dtype=bool)
    for s, e in spans:
        mask[s:e] = True
    skip = np.zeros(total, dtype=bool)
    for s, e in aside:
        skip[s:e] = True
    kept = total - int(skip.sum())
    return float((mask & ~skip).sum()) / kept if kept > 0 else 0.0


_known: dict[int, tuple[Tokens, dict[str, object]]] = {}  # by id of the Tokens (kept alive in the entry)


def known(t: Tokens) -> dict[str, object]:
    """What has been computed of T's sentences: a text meets many others, each alignment asks again."""
    hit = _known.get(id(t))
    if hit is not None and hit[0] is t:
        return hit[1]
    if len(_known) >= KNOWN:
        _known.pop(next(iter(_known)))
    values: dict[str, object] = {}
    _known[id(t)] = (t, values)
    return values


def prose_sentences(t: Tokens) -> set[int]:
    """First token indices of T's sentences that are its own prose, the only ones that can show rewriting.

    Left out: menus, lists and calendars, site furniture (newsletter, cookie, comment-policy
    lines) and what a company says about itself.
    """
    values = known(t)
    if "prose" not in values:
        values["prose"] = _prose_sentences(t)
    return values["prose"]  # type: ignore[return-value]


def _prose_sentences(t: Tokens) -> set[int]:
    about = about_ranges(t.text)
    kept = set()
    for sentence in t.sentences:
        start, end, size = t.starts[sentence.start], t.ends[sentence.end - 1], sentence.end - sentence.start
        if is_list(t.text, start, end, size):
            continue
        cues = len(BOILERPLATE.findall(t.text, start, end))
        if cues and (size <= BOILERPLATE_MAX_TOKENS or cues * BOILERPLATE_DENSITY >= size):
            continue
        if sum(max(0, min(end, e) - max(start, s)) for s, e in about) >= 0.5 * (end - start):
            continue
        kept.add(sentence.start)
    return kept


def restated(t: Tokens) -> dict[int, int]:
    """Sentences of T that restate one of its first HEADLINE_ZONE sentences (Dice of their content words
    at least LOOSE_DICE: the lede repeating the headline, a body sentence repeating a headline's deck), by
    first token index, each to the first index of the sentence it restates. Each of those is restated by
    one sentence at most, so a text of many alike sentences (a list of results) is not made one statement."""
    zone: list[tuple[int, frozenset[str]]] = []
    twin_of: dict[int, int] = {}
    for sentence in t.sentences:
        words = sentence.content
        if len(words) < MIN_SENTENCE_WORDS:
            continue
        twin = next((start for start, seen in zone if start not in twin_of.values()
                     and 2 * len(words & seen) >= LOOSE_DICE * (len(words) + len(seen))), None)
        if twin is not None:
            twin_of[sentence.start] = twin
        elif len(zone) < HEADLINE_ZONE:
            zone.append((sentence.start, words))
    return twin_of


def mask(total: int, spans: list[tuple[int, int]]) -> np.ndarray:
    """A 0/1 array over TOTAL tokens (and one past the end) marking the token ranges."""
    marks = np.zeros(total + 1, dtype=float)
    for s, e in spans:
        marks[s:e] = 1.0
    return marks


def running(marks: np.ndarray | list[bool]) -> list[int]:
    """Running counts of a 0/1 mask: MARKS[s:e] holds `result[e] - result[s]` marked tokens."""
    return [0, *np.cumsum(np.asarray(marks, dtype=bool), dtype=np.int64).tolist()]


def mostly(counts: list[int], start: int, end: int) -> bool:
    """At least half of the tokens start..end marked (COUNTS from `running`): the mean of the mask's
    slice >= 0.5, counted in integers."""
    return 2 * (counts[end] - counts[start]) >= end - start


def quoted_sentences(t: Tokens) -> set[int]:
    """First token indices of T's sentences that are mostly inside quotation marks: someone's words."""
    values = known(t)
    if "quoted" not in values:
        quoted = running(t.quoted)
        values["quoted"] = {s.start for s in t.sentences if s.end > s.start and mostly(quoted, s.start, s.end)}
    return values["quoted"]  # type: ignore[return-value]


def loose_targets(b: Tokens, left_b: np.ndarray) -> list[Sentence]:
    """The sentences of B that a sentence can match loosely: its own prose (`prose_sentences`), of
    MIN_SENTENCE_WORDS content words or more, not mostly in passages set aside (LEFT_B)."""
    prose, left = prose_sentences(b), running(left_b)
    return [s for s in b.sentences if len(s.content) >= MIN_SENTENCE_WORDS and s.start in prose
            and not mostly(left, s.start, s.end)]


def loose_sources(a: Tokens, quoted_a: np.ndarray) -> list[int]:
    """Indices of the sentences of A matched loosely against B and counted in A's total: its own prose
    of MIN_SENTENCE_WORDS content words or more, not mostly inside QUOTED_A."""
    prose, quoted = prose_sentences(a), running(quoted_a)
    return [i for i, s in enumerate(a.sentences) if len(s.content) >= MIN_SENTENCE_WORDS
            and not mostly(quoted, s.start, s.end) and s.start in prose]


def loose_bound(a: Tokens, b: Tokens, quoted_a: np.ndarray, left_b: np.ndarray) -> float:
    """An upper bound of the first share `loose_matches` returns (A's sentence tokens matching B loosely),
    without matching: a sentence of A can match only if its content words shared with all of B's
    sentences that can be matched, X of them, could make a Dice of LOOSE_DICE with a sentence of B.

    For a sentence of N content words and one of B of Y (Y >= MIN_SENTENCE_WORDS) sharing S <= min(X, Y),
    2S / (N + Y) <= 2X / (N + max(X, MIN_SENTENCE_WORDS)); the greedy one-to-one assignment only ever
    matches fewer. Rounding keeps the order (each side is one correctly rounded division).
    """
    vocabulary = loose_vocabulary(b, left_b)
    total = matchable = 0
    for size, content in loose_source_words(a, quoted_a):
        total += size
        if vocabulary:
            shared = len(content & vocabulary)
            if 2 * shared / (len(content) + max(shared, MIN_SENTENCE_WORDS)) >= LOOSE_DICE:
                matchable += size
    return matchable / total if total else 0.0


def loose_vocabulary(b: Tokens, left_b: np.ndarray) -> frozenset[str]:
    """The content words of B's `loose_targets` (remembered for B when nothing is set aside, most pairs)."""
    if left_b.any():
        return frozenset().union(*(s.content for s in loose_targets(b, left_b)))
    values = known(b)
    if "vocabulary" not in values:
        values["vocabulary"] = frozenset().union(*(s.content for s in loose_targets(b, left_b)))
    return values["vocabulary"]  # type: ignore[return-value]


def loose_source_words(a: Tokens, quoted_a: np.ndarray) -> list[tuple[int, frozenset[str]]]:
    """(tokens, content words) of A's `loose_sources` (remembered for A when nothing is set aside)."""
    if quoted_a.any():
        return [(a.sentences[i].end - a.sentences[i].start, a.sentences[i].content)
                for i in loose_sources(a, quoted_a)]
    values = known(a)
    if "sources" not in values:
        values["sources"] = [(a.sentences[i].end - a.sentences[i].start, a.sentences[i].content)
                             for i in loose_sources(a, quoted_a)]
    return values["sources"]  # type: ignore[return-value]


def loose_matches(a: Tokens, b: Tokens, verbatim_a: np.ndarray, quoted_a: np.ndarray, left_b: np.ndarray
                  ) -> tuple[float, float, float, float, float]:
    """Sentence-level loose matching of A against B. Only each text's own prose counts
    (`prose_sentences`); sentences of A mostly inside QUOTED_A and of B inside LEFT_B (shared
    quotations, chrome and boilerplate passages) are left out: sharing them is not rewriting.
    A sentence of A that restates an earlier one of A (`restated`: the lede under a headline
    saying the same) cannot match: it is one statement made twice, and two reports of one event
    match there (each text's headline and lede against the other's) without rewriting each other.
    It stays in A's total.

    Returns:
        (share of A's sentence tokens matching loosely, the same for B, share of
        A's loosely matched tokens that are verbatim, mean best Dice over A's sentences,
        the share of A's tokens outside quotations in sentences matching B's outside quotations:
        two reports quoting one speaker, each cutting the quote its own way, match in the
        quotations without rewriting each other. For a text mostly of quotations (an interview,
        reviews), its share over all sentences.)
    """
    index: dict[str, list[int]] = defaultdict(list)
    usable_b = loose_targets(b, left_b)
    verbatim_in_a = running(verbatim_a)
    said_a, said_b = quoted_sentences(a), quoted_sentences(b)
    again_a, again_b = restated(a), restated(b)
    matched_statements: set[tuple[int, int]] = set()
    for k, sentence in enumerate(usable_b):
        for word in sentence.content:
            index[word].append(k)
    sizes_b = [len(sentence.content) for sentence in usable_b]
    # Candidate sentence pairs, then a greedy one-to-one assignment (best first): a rewrite maps
    # sentences to sentences, while formulaic text matches one sentence many times over.
    scored: list[tuple[float, int, int]] = []
    best_of: dict[int, float] = {}
    best_any: dict[int, float] = {}  # each sentence's best Dice against any sentence of B (`best_dice`)
    total_a = total_own = 0
    for i in loose_sources(a, quoted_a):
        sentence = a.sentences[i]
        total_a += sentence.end - sentence.start
        total_own += 0 if sentence.start in said_a else sentence.end - sentence.start
        counts = Counter(chain.from_iterable(index.get(word, ()) for word in sentence.content))
        best_of[i] = 0.0
        size = len(sentence.content)
        best = 0.0
        for k, shared in counts.items():
            dice = 2 * shared / (size + sizes_b[k])
            best = max(best, dice)
            if dice >= LOOSE_DICE:
                scored.append((dice, i, k))
        best_any[i] = best
    scored.sort(reverse=True)
    used_b: set[int] = set()
    matched_a = matched_verbatim = matched_own = 0
    for dice, i, k in scored:
        if i in best_of and best_of[i] > 0 or k in used_b:
            continue
        # A statement made twice on both sides (headline and lede against headline and lede) is one match.
        statements = (again_a.get(a.sentences[i].start, a.sentences[i].start),
                      again_b.get(usable_b[k].start, usable_b[k].start))
        if statements in matched_statements:
            continue
        matched_statements.add(statements)
        best_of[i] = dice
        used_b.add(k)
        sentence = a.sentences[i]
        size = sentence.end - sentence.start
        matched_a += size
        if sentence.start not in said_a and usable_b[k].start not in said_b:
            matched_own += size
        if dice >= VERBATIM_DICE and mostly(verbatim_in_a, sentence.start, sentence.end):
            matched_verbatim += size
    matched_b = used_b
    # Sentences left without a partner still count their best overlap in the mean similarity.
    for i in best_of:
        if best_of[i] == 0.0:
            best_of[i] = best_any[i]
    dice_sum, counted = sum(best_of.values()), len(best_of)
    total_b = sum(s.end - s.start for s in usable_b)
    loose_a = matched_a / total_a if total_a else 0.0
    loose_b = sum(usable_b[k].end - usable_b[k].start for k in matched_b) / total_b if total_b else 0.0
    verbatim = matched_verbatim / matched_a if matched_a else 0.0
    own = matched_own / total_own if total_own >= MOSTLY_OWN * total_a and total_own else loose_a
    return loose_a, loose_b, verbatim, (dice_sum / counted if counted else 0.0), own


@lru_cache(maxsize=1 << 14)
def sentence_grams(words: tuple[str, ...]) -> frozenset[str]:
    """Character ALIGN_GRAM-grams of a sentence's content words (each word marked at both ends), so a word
    spelt another way (Urdu's "بنگلہ دیش" and "بنگلادیش", "Pakistani" and "Pakistan's") still shares most."""
    grams: set[str] = set()
    for word in words:
        if word in STOPWORDS:
            continue
        marked = f"<{word}>"
        if len(marked) <= ALIGN_GRAM:
            grams.add(marked)
        else:
            grams.update(marked[i:i + ALIGN_GRAM] for i in range(len(marked) - ALIGN_GRAM + 1))
    return frozenset(grams)


def alignable(t: Tokens, left: np.ndarray) -> list[int]:
    """Indices of T's sentences that can show rewriting: its own prose (`prose_sentences`), of
    MIN_SENTENCE_WORDS tokens or more, not mostly inside quotation marks nor in passages set aside (LEFT)."""
    prose, said = prose_sentences(t), quoted_sentences(t)
    set_aside = np.concatenate(([0.0], np.cumsum(left))).tolist()  # tokens set aside before each index
    return [i for i, s in enumerate(t.sentences[:ALIGN_MAX_SENTENCES])
            if s.end - s.start >= MIN_SENTENCE_WORDS and s.start in prose and s.start not in said
            and set_aside[s.end] - set_aside[s.start] < 0.5 * (s.end - s.start)]


def align_sentences(a: Tokens, b: Tokens, left_a: np.ndarray, left_b: np.ndarray
                    ) -> tuple[list[tuple[int, int, float]], float, float]:
    """Each sentence of A linked to the sentence of B it rewords, one to one, best pairs first.

    Sentences are compared by the character trigrams of their content words (`sentence_grams`),
    each trigram weighted by how few sentences of the two texts hold it (log(1 + n / held)): the
    trigrams of the language's common words are in most sentences of both and weigh little, a name's
    or a number's in one or two. Two sentences align when their weighted Dice is ALIGN_SIMILARITY
    or more. Quotations, shared quoted or boilerplate passages (LEFT_A, LEFT_B) and non-prose are left
    out: two reports quoting one speaker are alike there without rewriting each other. A sentence
    restating the headline (`restated`) aligns only when the headline did not.

    Returns:
        ((sentence index in A, in B, similarity) per aligned pair, share of A's alignable sentence
        tokens aligned, the same for B).
    """
    usable_a, usable_b = alignable(a, left_a), alignable(b, left_b)
    if not usable_a or not usable_b:
        return [], 0.0, 0.0
    grams_a = {i: sentence_grams(tuple(a.words[a.sentences[i].start:a.sentences[i].end])) for i in usable_a}
    grams_b = {k: sentence_grams(tuple(b.words[b.sentences[k].start:b.sentences[k].end])) for k in usable_b}
    held: dict[str, int] = defaultdict(int)
    for grams in (*grams_a.values(), *grams_b.values()):
        for g in grams:
            held[g] += 1
    total = len(usable_a) + len(usable_b)
    weight = {g: math.log1p(total / n) for g, n in held.items()}
    mass_b = {k: sum(weight[g] for g in grams) for k, grams in grams_b.items()}
    postings: dict[str, list[int]] = defaultdict(list)
    for k, grams in grams_b.items():
        for g in grams:
            postings[g].append(k)
    scored: list[tuple[float, int, int]] = []
    for i, grams in grams_a.items():
        shared: dict[int, float] = defaultdict(float)
        for g in grams:
            for k in postings.get(g, ()):
                shared[k] += weight[g]
        mass = sum(weight[g] for g in grams)
        for k, w in shared.items():
            similarity = 2 * w / (mass + mass_b[k])
            if similarity >= ALIGN_SIMILARITY:
                scored.append((similarity, i, k))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    # As in `loose_matches`: a statement made twice on both sides (headline and lede) aligns once.
    again_a, again_b = restated(a), restated(b)
    statements: set[tuple[int, int]] = set()
    for similarity, i, k in scored:
        if i in used_a or k in used_b:
            continue
        start_a, start_b = a.sentences[i].start, b.sentences[k].start
        statement = (again_a.get(start_a, start_a), again_b.get(start_b, start_b))
        if statement in statements:
            continue
        statements.add(statement)
        used_a.add(i)
        used_b.add(k)
        pairs.append((i, k, round(similarity, 4)))
    pairs.sort()

    def share(t: Tokens, usable: list[int], used: set[int]) -> float:
        size = sum(t.sentences[i].end - t.sentences[i].start for i in usable)
        return sum(t.sentences[i].end - t.sentences[i].start for i in used) / size if size else 0.0

    return pairs, share(a, usable_a, used_a), share(b, usable_b, used_b)


def align(a: Tokens, fa: Fingerprint, b: Tokens, fb: Fingerprint, *, chrome_hashes: frozenset[int] = frozenset(),
          related_only: bool = False) -> Alignment:
    """Passages shared by A and B, containment both ways, loose sentence matches and the relation.

    Args:
        a, b: the two tokenised texts.
        fa, fb: their fingerprints.
        chrome_hashes: A's winnowed fingerprints known to be its site's own repeated
            text; a passage whose fingerprints are mostly among them is chrome.
        related_only: only the relation of a pair is wanted when it has none (reuse candidates, most of
            which are not related): a pair that `loose_bound` shows cannot match loosely enough to be a
            rewrite, and that nothing else makes related, is returned with `relation` None before its
            loose matches are computed (they stay 0). The relation is the same either way.

    Returns:
        The alignment, with `relation` set by `classify`.
    """
    runs = matching_runs(fa, fb)
    run_hashes = {extend(token_spans(run, fa, fb), a, b): fa.shingles[run.a0:run.a1 + 1] for run in runs}
    spans = one_to_one(list(run_hashes))
    result = Alignment()
    text_a: list[tuple[int, int]] = []
    text_b: list[tuple[int, int]] = []
    quote_a: list[tuple[int, int]] = []
    quote_b: list[tuple[int, int]] = []
    aside_a: list[tuple[int, int]] = []
    aside_b: list[tuple[int, int]] = []
    text_spans: list[tuple[int, int, int, int]] = []
    groups = merge(spans)
    kinds = []
    for group in groups:
        chrome = False
        if chrome_hashes:
            signed = np.concatenate([run_hashes[s] for s in group if s in run_hashes]).view(np.int64)
            indexed = signed[np.isin(signed, fa.winnowed)]
            chrome = len(indexed) > 0 and np.isin(indexed, list(chrome_hashes)).mean() >= 0.5
        kinds.append(passage_kind(a, b, group, chrome))
    # A closing passage is a sign-off only when it is all the two texts share.
    edge_kind = "text" if "text" in kinds else "boilerplate"
    for group, kind in zip(groups, kinds, strict=True):
        kind = edge_kind if kind == "edge" else kind
        a0, a1, b0, b1 = group[0][0], group[-1][1], group[0][2], group[-1][3]
        verbatim = sum(s[1] - s[0] for s in group)
        result.passages.append(Passage((a.starts[a0], a.ends[a1 - 1]), (b.starts[b0], b.ends[b1 - 1]), verbatim, kind))
        target_a, target_b = {"text": (text_a, text_b), "quote": (quote_a, quote_b)}.get(kind, (aside_a, aside_b))
        target_a.extend((s[0], s[1]) for s in group)
        target_b.extend((s[2], s[3]) for s in group)
        if kind == "text":
            result.longest = max(result.longest, verbatim)
            if not statement(a, b, a0, a1, b0, b1):
                result.longest_own = max(result.longest_own, verbatim)
            text_spans.append((a0, a1, b0, b1))
    # Edits are measured on the smaller text, like the loose matches, so the pair's order does not matter.
    small_side = 0 if len(a) <= len(b) else 1
    spanned = sum(span[small_side * 2 + 1] - span[small_side * 2] for span in text_spans)
    small_runs = text_a if small_side == 0 else text_b
    result.edited = 1 - covered(small_runs, len(a if small_side == 0 else b)) * len(
        a if small_side == 0 else b) / spanned if spanned else 0.0
    # Chrome and boilerplate count neither for nor against: they leave the denominators too.
    result.a_in_b = covered(text_a, len(a), aside_a)
    result.b_in_a = covered(text_b, len(b), aside_b)
    result.quote_a_in_b = covered(quote_a, len(a), aside_a)
    result.quote_b_in_a = covered(quote_b, len(b), aside_b)
    result.shared_tokens = round(min(result.a_in_b * len(a), result.b_in_a * len(b)))
    small_is_a = len(a) <= len(b)
    small, small_spans, large = (a, text_a, b) if small_is_a else (b, text_b, a)
    verbatim_mask = mask(len(small), small_spans)
    # Shared quotations, chrome and boilerplate are no evidence of rewriting either.
    left_a, left_b = mask(len(a), quote_a + aside_a), mask(len(b), quote_b + aside_b)
    aligned = ALIGNED_REWRITE and result.longest_own >= ALIGNED_RUN  # else the shares cannot decide: not computed
    if related_only and not aligned and loose_bound(
            small, large, left_a if small_is_a else left_b, left_b if small_is_a else left_a) < REWRITE_SHARE_LOW:
        # `classify` reads the loose matches only through the smaller text's share (at least
        # REWRITE_SHARE_LOW for a rewrite), and the sentence shares only when `aligned`: with both out
        # of reach its answer from the verbatim passages alone is the answer.
        result.relation = classify(result, len(a), len(b))
        if result.relation is None:
            return result
    loose_small, loose_large, result.loose_verbatim, result.similarity, result.loose_own = loose_matches(
        small, large, verbatim_mask, left_a if small_is_a else left_b, left_b if small_is_a else left_a)
    result.loose_a, result.loose_b = (loose_small, loose_large) if small is a else (loose_large, loose_small)
    if aligned:
        result.sentence_pairs, result.aligned_a, result.aligned_b = align_sentences(a, b, left_a, left_b)
    result.relation = classify(result, len(a), len(b))
    if result.relation == "rewrite" and not aligned:
        result.sentence_pairs, result.aligned_a, result.aligned_b = align_sentences(a, b, left_a, left_b)
    if result.relation == "rewrite":
        # A rewrite shares few verbatim runs: its evidence is the sentences it rewords, pair by pair.
        for i, k, similarity in result.sentence_pairs:
            sa, sb = a.sentences[i], b.sentences[k]
            result.passages.append(Passage((a.starts[sa.start], a.ends[sa.end - 1]),
                                           (b.starts[sb.start], b.ends[sb.end - 1]), 0, "sentence", similarity))
    return result


def classify(al: Alignment, len_a: int, len_b: int) -> str | None:
    """The relation of two texts from their alignment; None when they are not related by reuse."""
    high, low = max(al.a_in_b, al.b_in_a), min(al.a_in_b, al.b_in_a)
    smaller = min(len_a, len_b) or 1
    verbatim = al.edited <= EDITED
    if verbatim and low >= DUPLICATE:
        return "duplicate"
    if verbatim and high >= REPOST_MAX and low >= REPOST_MIN:
        return "repost"
    loose = al.loose_a if len_a <= len_b else al.loose_b
    reworded = loose >= REWRITE_SHARE or (loose >= REWRITE_SHARE_LOW and al.similarity >= REWRITE_SIMILARITY)
    reworded = reworded and al.loose_own >= REWRITE_OWN  # not only the quotations alike
    # ... or each text's own prose reworded sentence by sentence, much of it (`align_sentences`)
    # ... when they also share a stretch of their own prose (ALIGNED_RUN: independent reports align too)
    reworded = reworded or (ALIGNED_REWRITE and al.longest_own >= ALIGNED_RUN
                            and min(al.aligned_a, al.aligned_b) >= ALIGNED_SHARE)
    if reworded and (al.loose_verbatim <= REWRITE_VERBATIM or not verbatim):
        return "rewrite"
    if high >= REPOST_MAX:
        return "excerpt"
    if al.longest >= EXCERPT_TOKENS and al.shared_tokens >= EXCERPT_SHARE * smaller:
        # A stretch that long of the text's own prose; an official's statement that both report is not.
        return "excerpt" if al.longest_own >= EXCERPT_TOKENS else "quote-only"
    if any(p.kind == "quote" for p in al.passages) and max(al.quote_a_in_b, al.quote_b_in_a) > 0:
        return "quote-only"
    return None
