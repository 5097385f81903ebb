"""Text as reuse detection sees it: normalised tokens with their character spans.

A token is a run of letters, digits and combining marks, normalised so that two
copies of one text produce the same tokens whatever their typography: Unicode
NFKC, case folding, accents dropped from Latin, Greek and Cyrillic letters, and
Arabic-script variants folded (harakat, tatweel and zero-width joiners dropped;
the Arabic and Persian forms of yeh and kaf, and the alef forms, made one). This
is what makes Urdu, Pashto and Dari copies typed on different keyboards match.

Scripts written without spaces between words (Chinese, Japanese, Thai, Lao,
Khmer, Myanmar) have every character as a token, so shingles over them are
character n-grams.

Content tokens are the tokens that are not common function words; shingles and
sentence matching use them, so "the", "of" and "according to the" never make two
texts alike and a changed article or preposition does not break a match.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

# The combining marks of the Indic scripts (Devanagari to Sinhala, U+0900-U+0DFF): their vowel signs,
# viramas and nuktas, not their letters, digits or dandas (the blocks' letters are words; taking the
# whole blocks as marks made `quick_fold` drop every Hindi, Bengali or Tamil letter).
INDIC_MARKS = "".join(ch for ch in map(chr, range(0x0900, 0x0E00)) if unicodedata.category(ch).startswith("M"))
# Letters and digits plus the combining marks that live inside words (Python's \w
# leaves out marks, which would split Hindi or vowelled Arabic words apart).
MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
         f"{INDIC_MARKS}\u0e31-\u0e3a\u0e47-\u0e4e\u0eb1-\u0ebc\u0ec8-\u0ecd\u1ab0-\u1aff\u1dc0-\u1dff"
         "\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f")
WORD = re.compile(rf"(?:[^\W_]|[{MARKS}])+(?:['’](?:[^\W_]|[{MARKS}])+)*")
WORD_PLAIN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # the same, for texts without combining marks
HAS_MARKS = re.compile(f"[{MARKS}]")
NO_SPACE = re.compile(
    "[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0002fa1f]"
)
SPACELESS_PIECE = re.compile(rf"{NO_SPACE.pattern}|(?:(?!{NO_SPACE.pattern})[^\W_]|[{MARKS}])+")
ARABIC_FOLD = str.maketrans({
    "\u0640": None, "\u200c": None, "\u200d": None,  # tatweel, ZWNJ, ZWJ
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # alef forms
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u06d2": "\u06cc",  # yeh forms (Arabic, Persian, Urdu)
    "\u0643": "\u06a9",  # Arabic kaf -> keheh
    "\u0629": "\u0647", "\u06c1": "\u0647",  # teh marbuta, heh goal -> heh
    "\u2019": "'",
})
ARABIC_LETTERS = re.compile("[\u0600-\u06ff\u200c\u200d]")
MARKS_OR_ARABIC = re.compile(f"[{MARKS}\u0600-\u06ff]")
FOLDS_AWAY = re.compile(f"[{MARKS}\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")  # what may fold to nothing
FOLDED_MARK_BASES = re.compile(r"[a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff]")

# Function words of the languages the archive mostly holds. A shingle of content
# words is what two texts must share to look alike.
STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each either few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself neither no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to too
under until up upon very was we were what when where which while who whom why will with would you your
yours yourself yourselves s t don didn doesn isn wasn weren won wouldn ll re ve d m o
said says say told according also however although though yet still
le la les un une des du de et en est que qui dans pour pas sur au aux ce il elle ils sont par plus avec
el los las y del que en por con para una es al lo se su sus como más pero
der die das und ist nicht ein eine zu den dem des mit sich auf für von im auch
""".split()
)


@dataclass(frozen=True)
class Sentence:
    start: int  # first token index
    end: int  # one past the last token index
    content: frozenset[str]


@dataclass
class Tokens:
    """A text's normalised tokens with character spans, content tokens, and (computed on
    first use, since fingerprints do not need them) sentences and quotation marks."""

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    content: list[int]  # indices into words of content tokens
    _sentences: list[Sentence] | None = field(default=None, repr=False)
    _quoted: list[bool] | None = field(default=None, repr=False)
    _reported: list[bool] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.words)

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text, self)
        return self._sentences

    @property
    def quoted(self) -> list[bool]:
        """Per token: inside quotation marks."""
        if self._quoted is None:
            self._quoted = quoted_mask(self.text, self)
        return self._quoted

    @property
    def reported(self) -> list[bool]:
        """Per token: someone's words, inside quotation marks or reported after "said (that)"."""
        if self._reported is None:
            self._reported = reported_mask(self.text, self)
        return self._reported


@lru_cache(maxsize=1 << 16)
def normalise(token: str) -> str:
    """One token in the form two copies of a text share."""
    folded = unicodedata.normalize("NFKC", token).casefold().translate(ARABIC_FOLD)
    decomposed = unicodedata.normalize("NFD", folded)
    kept: list[str] = []
    for ch in decomposed:
        if unicodedata.category(ch) == "Mn" and kept and FOLDED_MARK_BASES.match(kept[-1]):
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


# A full stop ends a sentence unless a lower-case word follows ("13 U.S. marines", "approx. ten").
# The leading look-ahead lets the engine skip to candidate characters (twice as fast).
SENTENCE_END = re.compile(r"(?=[.!?؟۔।॥。！？\n])(?:[.!?؟۔।॥]+[\"'”’»)\]]*(?=\s+(?![a-z])|\s*$)|[。！？]+[”’」』）]*"
                          r"|\n\s*\n|\n(?=\s*[-*•]))")
# Curly, guillemet, German and CJK marks; straight marks, and a straight mark closed by a curly one or
# the other way round (pages mix them when a quote is edited); Urdu's doubled single marks, either way.
QUOTED = re.compile(r"“[^“”]{1,3000}?”|«[^«»]{1,3000}?»|„[^„“”]{1,3000}?[“”]|「[^「」]{1,3000}?」"
                    r"|(?<![\w\"])\"[^\"“”\n]{1,3000}?[\"”]|“[^\"“”\n]{1,3000}?\""
                    r"|‘‘[^‘’\n]{1,3000}?’’|’’[^‘’\n]{1,3000}?‘‘")


def tokenise(text: str) -> Tokens:
    """Normalised tokens of TEXT with their character spans, sentences and quotation marks.

    Args:
        text: a document's stored text.

    Returns:
        Tokens whose spans index into `text`.
    """
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    if NO_SPACE.search(text) is None:
        pattern = WORD if HAS_MARKS.search(text) else WORD_PLAIN
        spans = [m.span() for m in pattern.finditer(text)]
        if spans:
            starts, ends = (list(x) for x in zip(*spans, strict=True))
        words = [text[s:e] for s, e in spans]
    else:
        for match in WORD.finditer(text):
            raw, offset = match.group(), match.start()
            if NO_SPACE.search(raw) is None:
                words.append(raw)
                starts.append(offset)
                ends.append(match.end())
                continue
            # Characters of spaceless scripts are tokens; space-separated pieces inside stay words.
            for piece in SPACELESS_PIECE.finditer(raw):
                words.append(piece.group())
                starts.append(offset + piece.start())
                ends.append(offset + piece.end())
    # ASCII tokens only need lower-casing; the full normalisation is for the rest.
    words = [w.lower() if w.isascii() else normalise(w) for w in words]
    stop = STOPWORDS
    content = [i for i, w in enumerate(words) if w not in stop and (len(w) > 1 or not w.isascii())]
    return Tokens(text, words, starts, ends, content)


def sentence_bounds(text: str) -> list[int]:
    """The character offsets where sentences end, the text's end included (no token crosses one)."""
    ends = [m.end() for m in SENTENCE_END.finditer(text)]  # matches do not overlap: already in order
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def quick_fold(text: str) -> str:
    """A coarser fold than `normalise`, for any length of text: every mark dropped, case and Arabic letter
    forms folded. A token's normalised form, folded so, is found in the folded text around it."""
    return aligned_fold(text)[0]


def aligned_fold(text: str) -> tuple[str, bool]:
    """`quick_fold(text)`, and whether it folded every character to exactly one (so offsets are shared).

    Most text needs only case folding: the slower steps run when a quick check says they change it.
    """
    folded = text.casefold()
    if folded.isascii():
        return folded, len(folded) == len(text)
    if not unicodedata.is_normalized("NFKD", folded):
        folded = unicodedata.normalize("NFKD", folded)
    folded = folded.replace("\u2019", "'")
    if MARKS_OR_ARABIC.search(folded) is not None:
        folded = HAS_MARKS.sub("", folded)
        folded = folded.translate(ARABIC_FOLD) if ARABIC_LETTERS.search(folded) else folded
    # Only marks and some Arabic forms fold to nothing: without them no character shrank, and
    # then the same length means that none grew either ("é" folds to "e", "…" to "...").
    return folded, len(folded) == len(text) and FOLDS_AWAY.search(text) is None


def split_sentences(text: str, tokens: Tokens) -> list[Sentence]:
    """Sentences as token ranges with their content words."""
    boundaries = sentence_bounds(text)
    cuts = [bisect_left(tokens.starts, b) for b in boundaries]
    words = tokens.words
    sentences: list[Sentence] = []
    first = 0
    for index in cuts:
        if index > first:
            sentences.append(Sentence(first, index, frozenset(words[first:index]) - STOPWORDS))
            first = index
    return sentences


def quoted_mask(text: str, tokens: Tokens) -> list[bool]:
    """Per token, whether it stands inside quotation marks."""
    mask = [False] * len(tokens.words)
    for m in QUOTED.finditer(text):
        if m.end() - m.start() >= 20:
            for i in range(bisect_left(tokens.starts, m.start()), bisect_left(tokens.starts, m.end())):
                mask[i] = True
    return mask


# Reported speech: what a speaker said, given outside quotation marks. Urdu reports nearly every
# statement so ("X نے کہا کہ ..." = X said that ...), English often ("the minister said that ..."). A verb of
# saying (normalised tokens) followed by the conjunction "that" / "کہ" within SPEECH_REACH tokens opens it,
# and it runs to the sentence's end. A bare "X says ..." is left out: in English it credits a report as often
# as it reports a speaker ("The Chronicle says police are looking into ...").
SPEECH_VERBS = frozenset(normalise(w) for w in (
    "said says told stated added warned announced insisted stressed explained "
    "کہا کہنا کہتے کہتی کہتا بتایا خبردار").split())
THAT = frozenset(normalise(w) for w in ("that", "کہ"))
SPEECH_REACH = 4


def reported_mask(text: str, tokens: Tokens) -> list[bool]:
    """Per token, whether it stands inside quotation marks or in reported speech (see SPEECH_VERBS)."""
    mask = list(tokens.quoted)
    words = tokens.words
    for sentence in tokens.sentences:
        opened = next((i + 1 for i in range(sentence.start, sentence.end) if words[i] in THAT and any(
            words[j] in SPEECH_VERBS for j in range(max(sentence.start, i - SPEECH_REACH), i))), None)
        if opened is not None:
            for i in range(opened, sentence.end):
                mask[i] = True
    return mask
