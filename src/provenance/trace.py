"""`prov trace`: where a claim appears, which appearances repeat one origin, and how many origins there are.

Occurrences: documents from the full-text index whose claim words could add up
to MIN_SCORE (at most CANDIDATES, most words first), scored sentence by
sentence. A claim word counts when a sentence has it or a word sharing its first
five letters ("thanked"/"thanks", "capture"/"captured"); numbers weigh 3, names
(capitalised words) 2, other words 1, in an archive of fewer than RARITY_FROM documents; in a larger
one a word weighs by its rarity there instead (IDF from the full-text index's document counts, see
`rarity_of`), so that a date or a name most documents hold (a tweet's signature line) does not outweigh
the words that make the claim. The score is the weighted share of claim
words found in the best window of one to three adjacent sentences, less 0.05 for
each sentence past the first, so reordered clauses, changed function words and a
claim told over two or three sentences still match. Occurrences scoring
at least MIN_SCORE (0.6, `--min-score`) are kept. Scripts written without spaces
(Chinese, Japanese, Thai, ...) count by pairs of adjacent characters (each weighs 1;
see grams.py). A claim word also counts when a sentence has another form of it (meaning/forms.py): a
place by another of its names ("the U.S.", "Washington" for "the United States"), a word by one of the
same meaning ("aid" for "assistance").

Agreement: each occurrence's matched sentences are read against the claim (meaning/compare.py): an
occurrence that keeps the names but changes a number, a date, the actor, the direction or negates the
claim is `differs`, with what differs. It is listed (a source against the claim is evidence too) but is
no origin of the claim and no repeat of one.

By meaning (provenance.meaning, when its model is installed): the documents holding the stored
sentences nearest the claim's vector are candidates too, in any language the model reads; such a
document scores the greater of its word score and its sentence's similarity put on the score scale
(meaning.search.as_score), that sentence being the snippet. Each occurrence carries the similarity
of the claim to its snippet's sentences.

Origins: from each occurrence, lineage edges are followed to the source while
they carry the claim: an edge from text reuse carries it when its passages cover
the matched sentence; an edge from a credit carries the whole document. A source
known only by name or URL ends the walk as a placeholder origin.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.config import ANALYSED_CHARS
from provenance.grams import RUN as GRAM_RUN
from provenance.grams import pairs
from provenance.graph import Chain, Step, address_key, document_key, outlet_key, outlet_slug_of, source_key
from provenance.meaning.compare import Difference, compare
from provenance.meaning.forms import alternatives, is_place, place_found, place_terms
from provenance.meaning.search import SIMILAR, as_score, claim_meaning, language_of
from provenance.models import Document, LineageEdge, Outlet, ReuseLink, Snapshot
from provenance.reuse.text import (
    MARKS,
    NO_SPACE,
    SPACELESS_PIECE,
    STOPWORDS,
    aligned_fold,
    normalise,
    quick_fold,
    sentence_bounds,
    tokenise,
)
from provenance.search import INDEXED_PREFIX, TERM, WORD, document_count, document_frequencies, weighted_matches

# A claim's word: a letter or digit, then letters, digits and the marks that live inside words (a lone
# combining mark is no word).
CLAIM_WORD = re.compile(rf"[^\W_](?:[^\W_]|[{MARKS}])*(?:['’](?:[^\W_]|[{MARKS}])+)*")

if TYPE_CHECKING:
    from provenance.credibility import Brief

MIN_SCORE = 0.6
# A sentence near the claim by meaning, in the claim's language, counts when its words reach this share of the
# bar (see trace_claim).
OPENERS = "[(\u201c\"\u00ab\u2018\u201e\u300c"  # what may open a sentence before its first word
SAME_LANGUAGE_WORDS = 0.75
CANDIDATES = 300
# Words weigh by kind (numbers 3, names 2, other words 1) times their rarity in the archive (`rarity_of`):
# a word held by one document in a hundred keeps its weight by kind, a rarer one weighs more, a commoner
# one less. RARITY, the power of the IDF ratio, was chosen on CheckThat's train tweets (see
# benchmarks/claims_public.py: the first 200 train tweets against the first 4,954 claims ingested, MAP@5
# by kind only 0.701; rarity power 1 with kind weights 0.793; rarity alone at power 0.7, 1, 1.5: 0.858,
# 0.864, 0.864; power 1 with kind weights to the power 0.5: 0.852); below RARITY_FROM documents an
# archive's counts say little, and words weigh by kind alone.
# Where rarity is known, the weights by kind count less (KIND_WITH_RARITY is their power: 0 leaves rarity
# alone): a name or a number is no evidence when every document has it (a date, the name of a signature).
RARITY = 1.0
KIND_WITH_RARITY = 0.0
RARITY_FROM = 200
MAX_DEPTH = 12
PREFIX = INDEXED_PREFIX  # letters a word is looked up and matched by (what PostgreSQL's index holds)
WINDOW = 3  # sentences
SPREAD = 0.05  # score taken off per extra sentence in the window
PAIR_WEIGHT = 1.0  # of two adjacent characters of a script written without spaces (grams.py)
NOT_ASCII = re.compile(r"[^\x00-\x7f]")
# A text longer than ANALYSED_CHARS is not scored whole: only around the places that hold the most of the
# claim's words, found in pieces of PIECE characters (each overlapping the next by half, so that a passage
# of up to PIECE / 2 lies whole in one), the best PIECES_SCORED of them with CONTEXT on either side.
PIECE = 2_000
PIECES_SCORED = 8
CONTEXT = 2_000


def claim_pairs(claim: str) -> list[str]:
    """The claim's text in scripts written without spaces (Chinese, Japanese, Thai, ...) as the pairs of
    characters the archive is searched by (see grams.py)."""
    return list(dict.fromkeys(pairs(claim)))


def claim_words(claim: str) -> Iterator[tuple[str, str, float]]:
    """The claim's content words: (as written, normalised, weight). Runs of a script written without
    spaces are left out (see `claim_pairs`); words next to them count."""
    for match in CLAIM_WORD.finditer(claim):  # (with the marks inside words: a Hindi word is one word)
        word = match.group()
        if NO_SPACE.search(word) is None:
            yield from weighed(word)
            continue
        for piece in SPACELESS_PIECE.finditer(word):  # "約60か国": the number counts as a word
            if NO_SPACE.search(piece.group()) is None:
                yield from weighed(piece.group())


def weighed(word: str) -> Iterator[tuple[str, str, float]]:
    """WORD as a claim word (as written, normalised, weight), unless a function word or a lone letter."""
    norm = normalise(word)
    if norm in STOPWORDS or len(norm) < 2 and not norm.isdigit():
        return
    # Capitalised words are names, also first in the claim ("Trump thanked ...") unless a function word.
    yield word, norm, 3.0 if any(ch.isdigit() for ch in word) else 2.0 if word[0].isupper() else 1.0


def claim_terms(claim: str, rarity: Mapping[str, float] | None = None) -> list[tuple[str, float]]:
    """The claim's content words with their weights, then its pairs of characters of scripts written
    without spaces (folded as texts are; each weighs 1). RARITY, a factor by normalised word (see
    `rarity_of`), multiplies the weight by kind; a place takes the factor of the rarest of its words."""
    scale = rarity or {}
    kind = KIND_WITH_RARITY if scale else 1.0
    seen: dict[str, float] = {}
    for _, norm, weight in claim_words(claim):
        seen[norm] = max(weight ** kind * scale.get(norm, 1.0), seen.get(norm, 0.0))
    # A place is one name whatever form it takes ("the United States", "the U.S.", "Washington").
    for form, start, end in place_terms(claim):
        inside = [norm for _, norm, _ in claim_words(claim[start:end])]
        for norm in inside:
            seen.pop(norm, None)
        seen[form] = 2.0 ** kind * max((scale.get(norm, 1.0) for norm in inside), default=1.0)
    for pair in claim_pairs(claim):
        seen.setdefault(pair, PAIR_WEIGHT)
    return list(seen.items())


def search_terms(claim: str, rarity: Mapping[str, float] | None = None) -> list[tuple[str, bool, float]]:
    """The claim's words as full-text lookups: (word, prefix, weight), weights summed per lookup.

    A word of PREFIX letters or more is looked up by its first PREFIX letters, as the
    scoring matches it; a word the index may hold unfolded (accents, Arabic letter
    forms) is looked up in both forms. The weights of a document's lookups add up to
    at least its score, so a document left out could not have reached the threshold.
    RARITY (see `rarity_of`) multiplies each word's weight, as it does in the scoring.
    """
    scale = rarity or {}
    kind = KIND_WITH_RARITY if scale else 1.0
    words: dict[str, tuple[float, set[str]]] = {}
    for word, norm, weight in claim_words(claim):
        known_weight, forms = words.get(norm, (0.0, {norm}))
        words[norm] = (max(weight ** kind * scale.get(norm, 1.0), known_weight), forms | {word.casefold()})
    for term, weight in claim_terms(claim, scale):  # other forms of a word or a place are looked up too
        for alt in alternatives(term):
            if WORD.fullmatch(alt) and alt not in words:
                words[alt] = (weight, {alt})
    lookups: dict[tuple[str, bool], float] = {}
    for weight, forms in words.values():
        keys = set()
        for form in forms:
            first = TERM.match(form)  # (a Hindi word whole, with its vowel signs, as the index holds it)
            if first:
                piece = first.group()
                keys.add((piece[:PREFIX], True) if len(piece) >= PREFIX else (piece, False))
        for key in keys:
            lookups[key] = lookups.get(key, 0.0) + weight
    return [(term, prefix, weight) for (term, prefix), weight in lookups.items()]


def lookup_key(norm: str) -> tuple[str, bool] | None:
    """The full-text lookup a normalised claim word is counted by (its first PREFIX letters, or the whole word)."""
    first = TERM.match(norm)
    if first is None:
        return None
    piece = first.group()
    return (piece[:PREFIX], True) if len(piece) >= PREFIX else (piece, False)


def idf(documents: int, holding: int) -> float:
    """Inverse document frequency (BM25's, never below 0): how much rarer than the rest a word is."""
    return math.log(1 + (documents - holding + 0.5) / (holding + 0.5))


def rarity_of(session: Session, claim: str) -> dict[str, float]:
    """A factor by normalised claim word for its weight: (its IDF / the IDF of a word held by one document in
    a hundred) ** RARITY, from the archive's document counts (search.document_frequencies). Empty (weights by
    kind alone) in an archive of fewer than RARITY_FROM documents, where the counts say little."""
    if RARITY <= 0:
        return {}
    documents = document_count(session)
    if documents < RARITY_FROM:
        return {}
    keys = {norm: key for _, norm, _ in claim_words(claim) if (key := lookup_key(norm)) is not None}
    held = document_frequencies(session, keys.values(), total=documents)
    if keys and not held:
        return {}
    reference = idf(documents, documents // 100)
    return {norm: (idf(documents, held.get(key, 0)) / reference) ** RARITY for norm, key in keys.items()}


def matches(term: str, words: set[str], prefixes: set[str]) -> bool:
    return term in words or (len(term) >= PREFIX and term[:PREFIX] in prefixes)


@lru_cache(maxsize=1 << 14)
def fold_growth(char: str) -> int:
    """How many characters longer CHAR is once `quick_fold`ed ("…" 2, "ß" 1, a combining mark -1)."""
    return len(quick_fold(char)) - 1


def sentence_hits(text: str, bounds: list[int], needles: list[str]) -> list[int]:
    """Per sentence (ending at BOUNDS), which NEEDLES its folded text holds, as a bit set.

    The text is folded once: the fold works character by character, so a sentence's end
    in the folded text is its end in the text moved by what the characters before it
    grew or shrank (nothing, for most text). Each needle is then found with a few scans
    (one reaching past a sentence's end counts for it too: still an upper bound). Should
    the two ever not line up, each sentence is folded on its own.
    """
    hits = [0] * len(bounds)
    whole, aligned = aligned_fold(text)
    ends = bounds
    if not aligned:
        places = [(m.start(), grows) for m in NOT_ASCII.finditer(text) if (grows := fold_growth(m.group()))]
        moved, growth, p = [], 0, 0
        for end in bounds:
            while p < len(places) and places[p][0] < end:
                growth += places[p][1]
                p += 1
            moved.append(end + growth)
        ends = moved
    if not ends or ends[-1] != len(whole):
        start = 0
        for n, end in enumerate(bounds):
            piece = quick_fold(text[start:end])
            hits[n] = sum(1 << k for k, needle in enumerate(needles) if needle in piece)
            start = end
        return hits
    for k, needle in enumerate(needles):
        # (a word that folds to nothing is found nowhere: "".find would match past the last sentence)
        at = whole.find(needle) if needle else -1
        while at >= 0:
            n = bisect_right(ends, at)
            hits[n] |= 1 << k
            at = whole.find(needle, ends[n])
    return hits


def screened(text: str, bounds: list[int], terms: list[tuple[str, float]]) -> list[int]:
    """Per sentence, which terms may be in it (a bit set; see `sentence_hits`), a term's other forms
    (meaning/forms.py) counting for it."""
    needles, owner = [], []
    for k, (term, _) in enumerate(terms):
        for form in (term, *alternatives(term)):
            needles.append(quick_fold(form[:PREFIX]))
            owner.append(k)
    hits = sentence_hits(text, bounds, needles)
    if len(needles) == len(terms):
        return hits
    out = []
    for bits in hits:
        mask, j = 0, 0
        while bits:
            if bits & 1:
                mask |= 1 << owner[j]
            bits >>= 1
            j += 1
        out.append(mask)
    return out


def holds(term: str, words: set[str], prefixes: set[str], text: str, lo: int, hi: int) -> bool:
    """Whether the sentence TEXT[LO:HI] (its WORDS and PREFIXES) holds TERM or another form of it."""
    if is_place(term):
        return place_found(term, text[lo:hi])
    return matches(term, words, prefixes) or any(matches(alt, words, prefixes) for alt in alternatives(term))


def best_window(text: str, terms: list[tuple[str, float]], *, at_least: float = 0.0) -> tuple[float, int, int]:
    """Best score of a window of one to WINDOW adjacent sentences, with its character span (see
    `window_in`); in a text of more than ANALYSED_CHARS characters, of the places most likely to hold the
    claim only, so that a document of many megabytes costs a trace no more than a long article."""
    if len(text) <= ANALYSED_CHARS or not terms:
        return window_in(text, terms, at_least=at_least)
    best = (0.0, 0, 0)
    for lo, hi in likely_places(text, terms):
        score, start, end = window_in(text[lo:hi], terms, at_least=at_least)
        if score > best[0] + 1e-9:
            best = (score, lo + start, lo + end)
    return best


def likely_places(text: str, terms: list[tuple[str, float]]) -> list[tuple[int, int]]:
    """Spans of TEXT around the PIECES_SCORED pieces holding the greatest weight of claim words (by their
    first letters, folded), in text order, overlapping spans merged; the earlier piece wins a tie."""
    needles = [quick_fold(t[:PREFIX]) for t, _ in terms]
    half = PIECE // 2
    cells = [0] * (len(text) // half + 2)  # per half piece, which needles start in it, as a bit set
    folded, aligned = aligned_fold(text)
    if aligned:
        for k, needle in enumerate(needles):
            at = folded.find(needle) if needle else -1
            while at >= 0:
                cells[at // half] |= 1 << k
                at = folded.find(needle, (at // half + 1) * half)
    else:  # folding moved offsets: each half piece folded on its own
        for c in range(len(cells)):
            piece = quick_fold(text[c * half:(c + 1) * half + PREFIX])
            cells[c] = sum(1 << k for k, needle in enumerate(needles) if needle and needle in piece)
    weights: dict[int, float] = {}
    ranked = []
    for c in range(len(cells) - 1):
        bits = cells[c] | cells[c + 1]
        if bits:
            if bits not in weights:
                weights[bits] = sum(w for k, (_, w) in enumerate(terms) if bits >> k & 1)
            ranked.append((-weights[bits], c * half))
    spans: list[tuple[int, int]] = []
    for _, lo in sorted(sorted(ranked)[:PIECES_SCORED], key=lambda r: r[1]):
        start, end = max(0, lo - CONTEXT), min(len(text), lo + PIECE + CONTEXT)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def window_in(text: str, terms: list[tuple[str, float]], *, at_least: float = 0.0) -> tuple[float, int, int]:
    """Best score of a window of one to WINDOW adjacent sentences, with its character span.

    Sentences are first screened by a claim word's first letters (folded) appearing in
    them, which bounds each window's score from above; only the sentences of windows
    whose bound reaches AT_LEAST are tokenised and scored. A window that ends on a
    sentence without claim words scores less than the same window without it. Stretches
    without a word (a line of dashes) are not sentences. When no window can reach
    AT_LEAST, (0, 0, 0) comes back.
    """
    if not terms:
        return 0.0, 0, 0
    total = sum(w for _, w in terms) or 1.0
    weights = [w / total for _, w in terms]
    known: dict[int, float] = {}

    def weight(bits: int) -> float:
        if bits not in known:
            known[bits] = sum(w for k, w in enumerate(weights) if bits >> k & 1)
        return known[bits]

    bounds = sentence_bounds(text)
    maybe = screened(text, bounds, terms)
    anywhere = 0
    for bits in maybe:
        anywhere |= bits
    if weight(anywhere) < at_least - 1e-9:
        return 0.0, 0, 0
    starts = [0, *bounds[:-1]]
    wordless: dict[int, bool] = {}

    def is_sentence(n: int) -> bool:
        if maybe[n]:
            return True
        if n not in wordless:
            wordless[n] = WORD.search(text, starts[n], bounds[n]) is None
        return not wordless[n]

    # Windows that start on a sentence with claim words (one starting without is no better than the
    # next) and whose bound reaches AT_LEAST: (first, last, sentences in it).
    windows: list[tuple[int, int, int]] = []
    for i, bits in enumerate(maybe):
        if not bits:
            continue
        have, j, size = 0, i, 0
        while j < len(maybe) and size < WINDOW:
            if is_sentence(j):
                have |= maybe[j]
                if weight(have) - SPREAD * size >= at_least - 1e-9:
                    windows.append((i, j, size))
                size += 1
            j += 1
    found: dict[int, tuple[int, int, int]] = {}  # sentence -> (claim words held, token span)
    # Pairs of characters of scripts written without spaces are found as they are, not as words.
    found_as_is = {k for k, (t, _) in enumerate(terms) if GRAM_RUN.search(t)}
    for i in {k for first, last, _ in windows for k in range(first, last + 1)}:
        if not maybe[i]:
            found[i] = (0, 0, 0)
            continue
        lo, hi = starts[i], bounds[i]
        tokens = tokenise(text[lo:hi])
        words = set(tokens.words) - STOPWORDS
        prefixes = {w[:PREFIX] for w in words if len(w) >= PREFIX}
        bits = sum(1 << k for k in range(len(terms))
                   if maybe[i] >> k & 1 and (k in found_as_is or holds(terms[k][0], words, prefixes, text, lo, hi)))
        found[i] = (bits, lo + tokens.starts[0], lo + tokens.ends[-1]) if tokens.words else (0, 0, 0)
    best = (0.0, 0, 0)
    for i, j, size in windows:
        if not found[i][0]:
            continue
        have = 0
        for k in range(i, j + 1):
            have |= found[k][0]
        # A claim spread over adjacent sentences is a weaker match, the more so the wider.
        score = weight(have) - SPREAD * size
        if score > best[0] + 1e-9:
            best = (score, found[i][1], found[j][2])
    return best if best[0] >= at_least - 1e-9 else (0.0, 0, 0)


class Walker:
    """Follows lineage edges from a document towards its origins (for a claim, when TERMS are given)."""

    def __init__(self, session: Session, terms: list[tuple[str, float]] | None = None) -> None:
        self.session = session
        self.terms = terms
        self.outlets = {o.id: o for o in session.scalars(select(Outlet))}
        self.edges: dict[int, list[LineageEdge]] = {}

    def locate(self, doc_id: int, *, at_least: float = 1e-9) -> tuple[int, int] | None:
        """Where the claim stands in a document reached by an edge that could not say."""
        doc = self.session.get(Document, doc_id)
        if not self.terms or doc is None:
            return None
        score, start, end = best_window(doc.text, self.terms)
        return (start, end) if score >= at_least else None

    def load_edges(self, doc_ids: list[int]) -> None:
        """Read the edges from many documents in one query (a claim's occurrences)."""
        todo = [d for d in doc_ids if d not in self.edges]
        for start in range(0, len(todo), 500):
            chunk = todo[start:start + 500]
            for d in chunk:
                self.edges[d] = []
            for edge in self.session.scalars(select(LineageEdge).where(LineageEdge.derived_id.in_(chunk))
                                             .order_by(LineageEdge.confidence.desc(), LineageEdge.id)):
                self.edges[edge.derived_id].append(edge)

    def edges_from(self, doc_id: int) -> list[LineageEdge]:
        if doc_id not in self.edges:
            self.load_edges([doc_id])
        return self.edges[doc_id]

    def step_for(self, edge: LineageEdge) -> Step:
        if edge.source_document_id is not None:
            doc = self.session.get(Document, edge.source_document_id)
            outlet = doc.outlet.name if doc is not None and doc.outlet else None
            key = document_key(edge.source_document_id)
            url = doc.url if doc is not None else None
        elif edge.source_kind is not None:
            outlet, url, key = None, edge.source_url, source_key(edge.source_name)
        elif edge.source_outlet_id is not None:
            o = self.outlets.get(edge.source_outlet_id)
            # (the address its credit links to, when it gave one: what to ingest to fill the placeholder)
            outlet, url, key = ((o.name if o else None), edge.source_url,
                                outlet_key(o.slug if o else edge.source_outlet_id))
        else:
            outlet, url, key = None, edge.source_url, address_key(edge.source_url)
        quote = next((e.get("text") for e in edge.evidence if e.get("text")), None)
        if quote is None and edge.evidence and edge.evidence[0].get("containment"):
            c = edge.evidence[0]["containment"]
            quote = f"shares text: {c['this_in_other']:.0%} of the copy is in the source"
        named = edge.source_document_id is None and edge.source_kind
        return Step(edge.source_document_id, outlet, url, edge.relation, key, tuple(edge.basis), tuple(edge.flags),
                    quote, edge.source_kind if named and edge.source_kind else "outlet",
                    edge.source_name if named else None, edge_id=edge.id)

    def carries(self, edge: LineageEdge, doc_id: int, span: tuple[int, int] | None
                ) -> tuple[bool, tuple[int, int] | None]:
        """Whether the edge carries the claim at SPAN of the derived document, and where it lands in the source.

        Copies, excerpts and rewrites carry the whole document, a manual link too. A citation
        ("according to X", "told X") carries only what is said in its own paragraph; with no claim
        (a document's lineage) it is not a path to an origin at all (a document that copies nothing and
        cites a study, a journal, figures, a release or a document has those as its origins: see _walk).
        """
        if edge.relation in ("cites", "quote") and not edge.manual:
            if span is None:
                return False, None
            doc = self.session.get(Document, doc_id)
            near = [e for e in edge.evidence if e.get("start") is not None and doc is not None
                    and same_paragraph(doc.text, e["start"], span[0])]
            return bool(near), None
        if "text-reuse" not in edge.basis or edge.source_document_id is None or span is None:
            return True, None
        a, b = sorted((doc_id, edge.source_document_id))
        link = self.session.scalar(select(ReuseLink).where(ReuseLink.document_a_id == a, ReuseLink.document_b_id == b))
        if link is None:
            return True, None
        for a0, a1, b0, b1, kind, *_ in link.passages:
            this, other = ((a0, a1), (b0, b1)) if doc_id == a else ((b0, b1), (a0, a1))
            if kind == "text" and this[0] < span[1] and span[0] < this[1]:
                # Where it lands: found again in the source (offsets shift when lines are re-wrapped).
                found = self.locate(edge.source_document_id)
                offset = max(0, span[0] - this[0])
                return True, found or (other[0] + offset, other[0] + offset + (span[1] - span[0]))
        if any(e.get("via") for e in edge.evidence) or "marker" in edge.basis:
            return True, None
        # A rewrite's passages are sparse: it carries the claim when its source says it too.
        found = self.locate(edge.source_document_id, at_least=MIN_SCORE)
        return found is not None, found

    def chains(self, doc_id: int, span: tuple[int, int] | None = None, *, all_paths: bool = True
               ) -> list[Chain]:
        """Paths from DOC to each origin; the first step is the document itself (at SPAN, the claim's place)."""
        doc = self.session.get(Document, doc_id)
        start = Step(doc_id, doc.outlet.name if doc and doc.outlet else None, doc.url if doc else None, None,
                     document_key(doc_id), span=span)
        paths: list[list[Step]] = []
        self._walk(doc_id, span, [start], {doc_id}, paths, all_paths)
        return [tuple(path) for path in paths]

    def _walk(self, doc_id: int, span: tuple[int, int] | None, path: list[Step], seen: set[int],
              out: list[list[Step]], all_paths: bool) -> None:
        edges = [e for e in self.edges_from(doc_id) if e.relation != "revision"]
        direct = [e for e in edges if not any(ev.get("via") for ev in e.evidence)]
        followed = False
        for edge in direct:
            ok, landed = self.carries(edge, doc_id, span)
            if not ok or len(path) > MAX_DEPTH:
                continue
            step = self.step_for(edge)
            if edge.source_document_id is not None:
                if edge.source_document_id in seen:
                    continue
                followed = True
                if landed is None and span is not None:
                    landed = self.locate(edge.source_document_id)
                step = replace(step, span=landed)
                self._walk(edge.source_document_id, landed, [*path, step], seen | {edge.source_document_id}, out,
                           all_paths)
            else:
                followed = True
                # Credits this document makes on behalf of the source it reposts continue from that placeholder.
                # For a claim, only those that carry it: "said in a statement" three paragraphs on is not
                # where the dateline's story came from.
                onward = [e for e in edges if any(ev.get("via") == step.key for ev in e.evidence)
                          and (span is None or self.carries(e, doc_id, span)[0])]
                if onward:
                    for nxt in onward:
                        out.append([*path, step, self.step_for(nxt)])
                else:
                    out.append([*path, step])
            if not all_paths and out:
                return
        if not followed and span is None and len(path) <= MAX_DEPTH:
            # A document that copies or rewrites nothing it credits or shares text with is built on what it
            # cites that is not an outlet: the study, the journal, the figures, the release, the document.
            for edge in direct:
                if edge.relation == "cites" and edge.source_kind is not None and edge.source_document_id is None:
                    out.append([*path, self.step_for(edge)])
                    followed = True
                    if not all_paths:
                        return
        if not followed:
            out.append(path)


def same_paragraph(text: str, a: int, b: int) -> bool:
    """Whether two offsets of a text fall in the same paragraph (no blank line between them)."""
    lo, hi = sorted((a, b))
    return "\n\n" not in text[lo:hi] and hi - lo < 1500


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A document that states the claim: where, how well, and its path back to an origin."""

    document_id: int
    outlet: str | None
    outlet_id: int | None
    published: dt.date | None
    title: str | None
    url: str | None
    snippet: str
    span: tuple[int, int]  # of the snippet in the document's text
    score: float
    origin: str  # the key of its origin
    path: Chain  # the document first, its origin last
    independent: bool
    flags: tuple[str, ...]
    credibility: Brief | None  # the outlet briefly
    # Cosine similarity of the claim's and the snippet's sentence vectors (meaning layer); None without them.
    similarity: float | None = None
    # `states`, or `differs`: the document says something else about the same people and things (what differs
    # in DIFFERENCES); such an occurrence is evidence against the claim, never counted among its origins.
    agreement: str = "states"
    differences: tuple[Difference, ...] = ()


@dataclass(frozen=True, slots=True)
class Origin:
    """An independent origin: a document, or a source known only by name or URL (a placeholder)."""

    key: str
    document_id: int | None
    outlet: str | None
    url: str | None
    source_kind: str
    name: str | None
    occurrences: tuple[int, ...] = ()  # of a traced claim: the origin's own document first, then by date
    credibility: Brief | None = None


@dataclass(frozen=True, slots=True)
class Laundered:
    """An occurrence by an outlet rated higher than the origin it repeats (see credibility.laundering)."""

    document_id: int
    outlet: str | None
    rating: float | None
    origin: str
    origin_outlet: str | None
    origin_rating: float | None


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A placeholder origin and what to ingest to replace it: a command, or a hint when no URL is known."""

    key: str
    command: str | None
    hint: str | None = None
    follow: str | None = None  # `prov follow ID`: fetch it from the address the crediting document gives


@dataclass(frozen=True, slots=True)
class TraceResult:
    """`prov trace CLAIM`: occurrences grouped by independent origin."""

    claim: str
    min_score: float
    occurrences: tuple[Occurrence, ...]  # best score first
    origins: tuple[Origin, ...]
    laundering: tuple[Laundered, ...]
    unresolved: tuple[Unresolved, ...]
    # Documents shown whose text is a web archive's copy of a gone page: id -> Memento-Datetime.
    archived: Mapping[int, str] = field(default_factory=dict)

    @property
    def independent_origins(self) -> int:
        return len(self.origins)

    @property
    def contradicting(self) -> tuple[Occurrence, ...]:
        """The occurrences that say something else than the claim (`differs`)."""
        return tuple(o for o in self.occurrences if o.agreement != "states")


@dataclass(frozen=True, slots=True)
class Derivative:
    """A document derived from the traced one, by one edge."""

    document_id: int
    outlet: str | None
    relation: str
    basis: tuple[str, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocumentTrace:
    """`prov trace --doc DOC`: the document's chains back to each origin, and what derives from it."""

    document_id: int
    chains: tuple[Chain, ...]
    origins: tuple[Origin, ...]
    derivatives: tuple[Derivative, ...]
    unresolved: tuple[Unresolved, ...] = ()
    archived: Mapping[int, str] = field(default_factory=dict)


def origin_of(step: Step, occurrences: tuple[int, ...] = (), credibility: Brief | None = None) -> Origin:
    return Origin(step.key, step.document_id, step.outlet, step.url, step.source_kind, step.display_name,
                  occurrences, credibility)


@dataclass
class _Found:
    """An occurrence while the trace is being put together."""

    doc: Document
    score: float
    span: tuple[int, int]
    snippet: str
    path: Chain
    origin: Step
    independent: bool = False
    flags: list[str] | None = None
    agreement: str = "states"
    differences: tuple[Difference, ...] = ()


def similarity_for(min_score: float) -> float:
    """The least sentence-vector similarity whose score (meaning.search.as_score) reaches MIN_SCORE."""
    return SIMILAR + (min_score - MIN_SCORE) * (1 - SIMILAR) / (1 - MIN_SCORE)


def trace_claim(session: Session, claim: str, *, min_score: float = MIN_SCORE) -> TraceResult:
    """Occurrences of CLAIM grouped by independent origin.

    Args:
        session: an open unit of work.
        claim: the sentence to trace.
        min_score: the least score an occurrence needs (0-1).
    """
    rarity = rarity_of(session, claim)
    terms = claim_terms(claim, rarity)
    total = sum(w for _, w in terms) or 1.0
    pairs_ = claim_pairs(claim)
    # In a document written without spaces a number or a Latin word can sit inside a run of characters,
    # where the word index does not see it ("約60か国"; scoring does): with pairs in the claim, the
    # lookup asks for less by what its words weigh, so that no document that could score is left out.
    unseen = sum(w for t, w in terms if t not in pairs_) if pairs_ else 0.0
    # A place may be named in a form the word index cannot look up ("U.S."): the lookup asks for less by its weight.
    unseen += sum(w for t, w in terms if is_place(t))
    ids = weighted_matches(session, search_terms(claim, rarity), pairs=[(p, PAIR_WEIGHT) for p in pairs_],
                           at_least=max(min_score * total - unseen, 1e-6), limit=CANDIDATES)
    # And the documents whose sentences are nearest the claim by meaning (other words, other languages).
    meaning = claim_meaning(session, claim, at_least=similarity_for(min_score))
    ids = list(dict.fromkeys([*ids, *meaning.near]))
    docs = session.scalars(select(Document).where(Document.id.in_(ids))).all() if ids else []
    walker = Walker(session, terms)
    walker.load_edges([d.id for d in docs])
    found: list[_Found] = []
    claim_language = language_of(claim) if meaning.near else None
    for doc in docs:
        score, start, end = best_window(doc.text, terms, at_least=min_score)
        near = meaning.near.get(doc.id)
        # A sentence near the claim by meaning scores by its similarity in another language than the claim's
        # (a translation: few words can match), and in the claim's own language only where it is the
        # sentence its words found: e5 puts sentences about the same people close whatever they say of
        # them, so a nearer sentence in the same language is no better evidence than the words
        # (benchmarks/claims.py: letting it replace the words' sentence lost recall and stated more near misses).
        translated = claim_language is not None and doc.language is not None and doc.language != claim_language
        if near is not None and as_score(near.similarity) > score:
            if translated:
                score, start, end = as_score(near.similarity), near.start, near.end
            elif score > 0 and start <= near.start < end:  # the words' sentences, scored by their meaning
                score = as_score(near.similarity)
            elif window_in(doc.text[near.start:near.end], terms)[0] >= SAME_LANGUAGE_WORDS * min_score:
                # a sentence that has a good part of the claim's words (names and numbers weigh most)
                score, start, end = as_score(near.similarity), near.start, near.end
        if score < min_score:
            continue
        raw = doc.text[start:end]
        snippet = raw.strip()
        at = start + len(raw) - len(raw.lstrip())
        # A window starts at a word: the bracket or quotation mark opening it belongs to the snippet
        # ("[KestrelNews] Port Alder ...", not "KestrelNews] Port Alder ...").
        opened = at
        while opened > 0 and at - opened < 2 and doc.text[opened - 1] in OPENERS:
            opened -= 1
        snippet, at = doc.text[opened:at] + snippet, opened
        paths = walker.chains(doc.id, (start, end), all_paths=False)
        path = paths[0] if paths else ()
        outlet = doc.outlet.name if doc.outlet else None
        origin = path[-1] if path else Step(doc.id, outlet, doc.url, None, document_key(doc.id))
        comparison = compare(claim, snippet)
        found.append(_Found(doc, round(score, 3), (at, at + len(snippet)), snippet, path, origin,
                            agreement=comparison.agreement, differences=comparison.differences))
    similarity = meaning.similarity(session, {f.doc.id: f.span for f in found})
    groups: dict[str, list[_Found]] = {}
    origin_steps: dict[str, Step] = {}  # (the first occurrence's step for each origin)
    for f in found:
        if f.agreement != "states":  # says something else: listed apart, not an origin of the claim
            f.flags = ["differs"]
            continue
        groups.setdefault(f.origin.key, []).append(f)
        origin_steps.setdefault(f.origin.key, f.origin)
    traced = {f.doc.id for f in found if f.agreement == "states"}
    members_of: dict[str, tuple[int, ...]] = {}
    for key, members in groups.items():
        own = origin_steps[key].document_id
        # The origin's own document first, then the rest by date.
        members.sort(key=lambda f: (f.doc.id != own, f.doc.published or dt.date.max, f.doc.id))
        if own in traced:
            standing = own
        else:
            standing = min(members, key=lambda f: (f.doc.published or dt.date.max, f.doc.id)).doc.id
        for f in members:
            f.independent = f.doc.id == standing
            f.flags = [] if f.independent else ["syndicated-repeat"]
        members_of[key] = tuple(f.doc.id for f in members)
    # Best score first, whether it states the claim or differs (the contract's order; `agreement` and the
    # result's `contradicting` tell them apart, and the terminal groups them apart).
    found.sort(key=lambda f: (-f.score, f.doc.published or dt.date.max, f.doc.id))
    briefs, origin_briefs, laundered = add_credibility(session, walker, found, origin_steps)
    occurrences = tuple(
        Occurrence(f.doc.id, f.doc.outlet.name if f.doc.outlet else None, f.doc.outlet_id, f.doc.published,
                   f.doc.title, f.doc.url, f.snippet, f.span, f.score, f.origin.key, f.path, f.independent,
                   tuple(f.flags or ()), briefs.get(f.doc.id), similarity.get(f.doc.id), f.agreement,
                   f.differences)
        for f in found)
    origins = tuple(origin_of(step, members_of[key], origin_briefs.get(key)) for key, step in origin_steps.items())
    crediting = crediting_documents(f.path for f in found)
    shown = {f.doc.id for f in found} | {s.document_id for f in found for s in f.path if s.document_id is not None}
    return TraceResult(claim, min_score, occurrences, origins, tuple(laundered),
                       tuple(unresolved_line(o, crediting.get(o.key)) for o in origins if o.document_id is None),
                       archived_documents(session, shown))


def crediting_documents(paths: Iterable[Sequence[Step]]) -> dict[str, int]:
    """For each placeholder a path ends at, the document whose credit it is (the step before it)."""
    out: dict[str, int] = {}
    for path in paths:
        if len(path) >= 2 and path[-1].document_id is None and path[-2].document_id is not None:
            out.setdefault(path[-1].key, path[-2].document_id)
    return out


def archived_documents(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """Which of these documents' latest snapshot is a web archive's copy: id -> its Memento-Datetime."""
    from provenance.memento import archived_copy

    wanted = sorted(set(ids))
    if not wanted:
        return {}
    latest: dict[int, Any] = {}
    for doc_id, headers in session.execute(select(Snapshot.document_id, Snapshot.headers).where(
            Snapshot.document_id.in_(wanted)).order_by(Snapshot.id)):
        latest[doc_id] = headers
    out = {}
    for doc_id, headers in latest.items():
        copy = archived_copy(headers)
        if copy:
            out[doc_id] = copy["memento_datetime"]
    return out


def add_credibility(session: Session, walker: Walker, found: list[_Found], origins: dict[str, Step]
                    ) -> tuple[dict[int, Brief | None], dict[str, Brief | None],
                               list[Laundered]]:
    """Each occurrence's and origin's outlet briefly (ratings and signals), and the `laundering` flag where an
    outlet rated low or not at all is the origin and a higher-rated outlet repeats it (see credibility.py):
    (brief by document, brief by origin key, the laundered occurrences); the flag is added to FOUND."""
    from provenance.credibility import laundering, outlet_brief, rating_of, signals

    by_slug = {o.slug: o for o in walker.outlets.values()}
    docs_outlet = {f.doc.id: f.doc.outlet_id for f in found}
    origin_outlet: dict[str, int | None] = {}
    for key, step in origins.items():
        if step.document_id is not None:
            origin_outlet[key] = docs_outlet.get(step.document_id) if step.document_id in docs_outlet else (
                session.scalar(select(Document.outlet_id).where(Document.id == step.document_id)))
        else:
            slug = outlet_slug_of(key)
            known = by_slug.get(slug) if slug is not None else None
            origin_outlet[key] = known.id if known else None
    ids = sorted({i for i in [*docs_outlet.values(), *origin_outlet.values()] if i is not None})
    sig = signals(session, ids) if ids else {}
    ratings = {i: rating_of(walker.outlets[i].ratings)[0] for i in ids if i in walker.outlets}
    origin_briefs: dict[str, Brief | None] = {}
    for key in origins:
        outlet_id = origin_outlet[key]
        origin_briefs[key] = outlet_brief(walker.outlets.get(outlet_id) if outlet_id else None,
                                        sig.get(outlet_id or -1))
    briefs: dict[int, Brief | None] = {}
    laundered = []
    for f in found:
        outlet_id = docs_outlet[f.doc.id]
        briefs[f.doc.id] = outlet_brief(walker.outlets.get(outlet_id) if outlet_id else None, sig.get(outlet_id or -1))
        origin_id = origin_outlet.get(f.origin.key)
        if f.independent or f.agreement != "states" or outlet_id is None or outlet_id == origin_id:
            continue
        if laundering(ratings.get(origin_id) if origin_id else None, ratings.get(outlet_id)):
            (f.flags if f.flags is not None else []).append("laundering")
            laundered.append(Laundered(f.doc.id, f.doc.outlet.name if f.doc.outlet else None, ratings.get(outlet_id),
                                       f.origin.key, walker.outlets[origin_id].name if origin_id in walker.outlets
                                       else None, ratings.get(origin_id) if origin_id else None))
    return briefs, origin_briefs, laundered


def unresolved_line(origin: Origin, crediting: int | None = None) -> Unresolved:
    """What to ingest to replace a placeholder origin with its document; with the document CREDITING it at an
    http(s) address, the `prov follow` that fetches it from there."""
    from provenance.urls import web_url_problem

    if origin.url:
        follow = f"prov follow {crediting}" if crediting is not None and web_url_problem(origin.url) is None else None
        return Unresolved(origin.key, f"prov ingest {origin.url}", follow=follow)
    if origin.source_kind != "outlet":
        return Unresolved(origin.key, None, f"find the {origin.source_kind} {origin.name} and run: prov ingest URL")
    return Unresolved(origin.key, None, f"find the {origin.outlet} article this repeats and run: prov ingest URL")


def trace_document(session: Session, doc: Document) -> DocumentTrace:
    """A document's chains back to each origin, its origins and what was derived from it."""
    walker = Walker(session)
    chains = walker.chains(doc.id)
    origins: dict[str, Origin] = {}
    for chain in chains:
        origins.setdefault(chain[-1].key, origin_of(chain[-1]))
    derived = []
    for edge in session.scalars(select(LineageEdge).where(LineageEdge.source_document_id == doc.id)):
        other = session.get(Document, edge.derived_id)
        derived.append(Derivative(edge.derived_id, other.outlet.name if other and other.outlet else None,
                                  edge.relation, tuple(edge.basis), tuple(edge.flags)))
    crediting = crediting_documents(chains)
    unresolved = tuple(unresolved_line(o, crediting.get(o.key)) for o in origins.values() if o.document_id is None)
    shown = {s.document_id for chain in chains for s in chain if s.document_id is not None}
    return DocumentTrace(doc.id, tuple(chains), tuple(origins.values()), tuple(derived), unresolved,
                         archived_documents(session, shown))
