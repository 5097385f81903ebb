"""Text as reuse and claim search see it, in the Indic scripts (Devanagari to Sinhala): their letters are
words, their vowel signs and viramas live inside words, and a danda ends a sentence. Texts written for
these tests. The trace test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from provenance.reuse.text import aligned_fold, quick_fold, sentence_bounds, tokenise

HINDI = ("नगर परिषद ने मंगलवार को पुराने पुल को भारी ट्रकों के लिए बंद कर दिया। "
         "इंजीनियरों को पुल के खंभों में दरारें मिली थीं। मरम्मत में लगभग चार महीने लगेंगे।")
TAMIL = "நகர சபை பழைய பாலத்தை கனரக லாரிகளுக்கு மூடியது"
BENGALI = "পৌরসভা পুরনো সেতুটি ভারী ট্রাকের জন্য বন্ধ করেছে"


def test_indic_letters_are_kept_by_the_fold_and_their_marks_folded() -> None:
    for text in (HINDI, TAMIL, BENGALI):
        folded = quick_fold(text)
        letters = [ch for ch in text if ch.isalpha()]
        assert [ch for ch in folded if ch.isalpha()] == letters  # (before: every letter folded away)
        assert len(folded.split()) == len(text.split())
    assert quick_fold("पुल") == "पल" and quick_fold("नगर") == "नगर"  # the vowel sign goes, as Latin accents do
    assert aligned_fold(HINDI)[1] is False  # (characters fold to nothing: offsets are mapped, not shared)


def test_indic_words_are_tokens_without_their_danda_and_it_ends_a_sentence() -> None:
    tokens = tokenise(HINDI)
    assert tokens.words[:3] == ["नगर", "परिषद", "ने"]
    assert "दिया" in tokens.words and not any("।" in w for w in tokens.words)
    ends = sentence_bounds(HINDI)
    assert len(ends) == 3 and HINDI[:ends[0]].endswith("दिया।")


def test_a_hindi_claim_finds_its_hindi_document(prov, db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "pul.txt"
    path.write_text("नगर समाचार\n\n" + HINDI + "\n", encoding="utf-8")
    assert prov("ingest", str(path)).exit_code == 0
    found = prov.json("trace", "इंजीनियरों को पुल के खंभों में दरारें मिली थीं")["occurrences"]
    assert len(found) == 1 and found[0]["score"] >= 0.9
