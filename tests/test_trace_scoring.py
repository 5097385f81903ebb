"""Sentence scoring of claims: the fast window search finds what scoring every sentence finds.

`best_window` tokenises only the sentences of windows whose claim words' first letters
could reach the threshold. The reference below tokenises the whole text and scores every
window, as the definition reads; both must agree on every text, claim and threshold, in
several scripts.
"""

from __future__ import annotations

import random

import pytest

from conftest import STORY_TEXT
from provenance.grams import RUN
from provenance.reuse.text import FOLDS_AWAY, STOPWORDS, aligned_fold, quick_fold, tokenise
from provenance.trace import PREFIX, SPREAD, WINDOW, best_window, claim_terms, holds


def reference_window(text: str, terms: list[tuple[str, float]]) -> tuple[float, int, int]:
    tokens = tokenise(text)
    total = sum(w for _, w in terms) or 1.0
    sentences = tokens.sentences
    found = []
    for sentence in sentences:
        words = set(tokens.words[sentence.start:sentence.end]) - STOPWORDS
        prefixes = {w[:PREFIX] for w in words if len(w) >= PREFIX}
        # Pairs of Chinese or Japanese characters: found side by side in the sentence's text.
        lo, hi = tokens.starts[sentence.start], tokens.ends[sentence.end - 1]
        said = quick_fold(text[lo:hi])
        # A word or another form of it (a place's other names, a word of the same meaning: meaning/forms.py).
        found.append({k for k, (t, _) in enumerate(terms)
                      if (t in said if RUN.search(t) else holds(t, words, prefixes, text, lo, hi))})
    best = (0.0, 0, 0)
    for i in range(len(sentences)):
        for j in range(i, min(i + WINDOW, len(sentences))):
            have = set().union(*found[i:j + 1])
            if not found[i]:
                continue
            score = sum(terms[k][1] for k in have) / total - SPREAD * (j - i)
            if score > best[0] + 1e-9:
                best = (score, tokens.starts[sentences[i].start], tokens.ends[sentences[j].end - 1])
    return best


OTHER_SCRIPTS = [
    "Le ministère a publié vendredi un rapport. Selon le rapport, 40 pour cent des réservoirs sont vides. "
    "Les élus ont réagi. Le préfet a démenti.",
    "Министр заявил во вторник, что плотина будет открыта. Проголосовать за Яну вы можете на последней неделе. "
    "Журналисты спросили о сроках.",
    "وزارت آب اعلام کرد که سد تاویرا باز می‌شود. این تصمیم پس از مذاکرات گرفته شد. کشاورزان خوشحال هستند.",
    "پاکستان کے وزیر اعظم نے کہا کہ ڈیم سے پانی چھوڑا جائے گا۔ یہ فیصلہ منگل کو کیا گیا۔",
    "水库今年将多放百分之四十的水。农民表示欢迎。官员周二宣布了这一决定。",
    "ダムの放流量を今年は四十パーセント増やすと政府が発表した。農家は歓迎している。",
    "รัฐบาลประกาศว่าจะปล่อยน้ำเพิ่มขึ้นร้อยละสี่สิบ เกษตรกรยินดีกับการตัดสินใจนี้\n\nเขื่อนจะเปิดในวันอังคาร",
    "• first bullet about the Tavira Dam\n• second bullet: 40 percent\n\nA new paragraph without a full stop\n"
    "U.S. officials said approx. ten reservoirs were low. Café owners in São Paulo agreed!",
    # Characters that fold longer or shorter: "…", "ß", "™", "½", Hangul, decomposed accents, ZWNJ.
    "Die Straße bleibt gesperrt… Der Stausee™ ist ½ voll. 서울 시장은 화요일에 발표했다. "
    "Cafe\u0301 owners met the mayor. Then the water board agreed to release more water on Tuesday. "
    "می\u200cشود گفت که سد باز است.",
    # "…" grows by two and two lone combining marks shrink by two: the same length, but shifted between.
    "Wait… there is more \u0301\u0301 to say. The water board agreed to release more water on Tuesday. "
    "Farmers welcomed it.",
]


def claims_from(text: str, rng: random.Random) -> list[str]:
    """Claims made from the text: a sentence, two words of two sentences, words shuffled, a word changed."""
    words = text.split()
    claims = []
    for _ in range(6):
        start = rng.randrange(max(1, len(words) - 12))
        piece = words[start:start + rng.randint(3, 14)]
        if rng.random() < 0.4:
            rng.shuffle(piece)
        if piece and rng.random() < 0.3:
            piece[rng.randrange(len(piece))] = rng.choice(["Valdoria", "1987", "reservoir", "Tavira"])
        claims.append(" ".join(piece))
    return claims


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in sorted(STORY_TEXT.glob("*.txt"))]
                         + OTHER_SCRIPTS)
def test_fast_window_search_agrees_with_scoring_every_sentence(text: str) -> None:
    rng = random.Random(len(text))
    scores = []
    for claim in claims_from(text, rng) + ["Valdoria agreed to release 40 percent more water from the Tavira Dam"]:
        terms = claim_terms(claim)
        expected = reference_window(text, terms)
        assert best_window(text, terms) == pytest.approx(expected), claim
        for at_least in (0.3, 0.6, 0.9):
            wanted = expected if expected[0] >= at_least - 1e-9 else (0.0, 0, 0)
            assert best_window(text, terms, at_least=at_least) == pytest.approx(wanted), (claim, at_least)
        assert expected[0] == 0 or text[expected[1]:expected[2]].strip()
        scores.append(expected[0])
    assert max(scores) >= 0.5  # claims made from the text are found in it


def test_accents_and_letter_forms_do_not_hide_a_claim() -> None:
    text = "Intro sentence here. The CAFÉ in SÃO PAULO closed on Monday. Unrelated ending."
    score, start, end = best_window(text, claim_terms("cafe sao paulo closed"))
    assert score == pytest.approx(1.0) and text[start:end] == "The CAFÉ in SÃO PAULO closed on Monday"
    urdu = "پاکستان کے وزیر اعظم نے کہا۔ ڈیم سے پانی چھوڑا جائے گا۔"
    # Arabic kaf and yeh typed for the Urdu letters: the same words.
    score, start, end = best_window(urdu, claim_terms("پاکستان كے وزير اعظم"))
    assert score == pytest.approx(1.0) and urdu[start:end].startswith("پاکستان")


def test_a_claim_that_cannot_reach_the_threshold_is_dropped_early() -> None:
    text = "Valdoria signed. Nothing else here about it."
    terms = claim_terms("Valdoria agreed to release 40 percent more water")
    assert best_window(text, terms, at_least=0.6) == (0.0, 0, 0)
    assert best_window(text, terms)[0] > 0


def test_the_fold_says_when_offsets_shift() -> None:
    assert aligned_fold("Café in São Paulo") == ("cafe in sao paulo", True)
    assert aligned_fold("Straße") == ("strasse", False)
    assert aligned_fold("Wait… ok \u0301\u0301")[1] is False  # the same length, shifted in between
    # `aligned_fold` knows a character folded to nothing by FOLDS_AWAY: every such character must match it.
    gone = [hex(cp) for cp in range(0x30000) if not 0xD800 <= cp < 0xE000
            and not quick_fold(chr(cp)) and FOLDS_AWAY.search(chr(cp)) is None]
    assert gone == []
