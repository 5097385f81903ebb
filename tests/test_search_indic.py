"""Claims and searches in scripts whose words hold combining marks (Hindi, Bengali, Tamil: vowel signs and
viramas; Persian: the zero-width non-joiner inside a word), on SQLite and PostgreSQL.

SQLite's index cuts such a word at its marks and cuts the quoted query the same way; PostgreSQL's parser
keeps the vowel signs inside the word but cuts at the non-joiner. The lookups (search.py) ask each database
for the word as it holds it. Texts written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

import provenance.search as search
from provenance.search import document_frequencies, server_lexemes, weighted_matches
from provenance.trace import search_terms

DOCUMENTS = {
    "hi-bridge.txt": "नगर निगम ने बुधवार को पुराने पुल को भारी ट्रकों के लिए बंद कर दिया। "
                     "इंजीनियरों को पुल के खंभों में गहरी दरारें मिली थीं। मरम्मत में लगभग चार महीने लगेंगे।",
    "hi-river.txt": "नदी के ऊपर बना नया पुल अगले साल जनता के लिए खुलेगा। ठेकेदार ने काम तेज़ करने का वादा किया।",
    "bn-bridge.txt": "পৌরসভা বুধবার পুরনো সেতুটি ভারী ট্রাকের জন্য বন্ধ করে দিয়েছে। "
                     "প্রকৌশলীরা সেতুর স্তম্ভে গভীর ফাটল খুঁজে পেয়েছেন।",
    "ta-bridge.txt": "நகராட்சி புதன்கிழமை பழைய பாலத்தை கனரக லாரிகளுக்கு மூடியது. "
                     "பொறியாளர்கள் தூண்களில் ஆழமான விரிசல்களைக் கண்டுபிடித்தனர்.",
    "fa-bridge.txt": "شهرداری می‌خواهد پل قدیمی شهر را برای کامیون‌های سنگین ببندد. "
                     "مهندسان در پایه‌های پل ترک‌های عمیق پیدا کرده‌اند.",
    "en-harbour.txt": "The harbour board approved the dredging plan on Thursday after a long delay.",
}
CLAIMS = {  # a claim in other words, each about one document, sharing only some of its words
    "hi-bridge.txt": "इंजीनियरों ने पुल के खंभों में दरारें देखीं",
    "bn-bridge.txt": "প্রকৌশলীরা সেতুর স্তম্ভে ফাটল পেয়েছেন",
    "ta-bridge.txt": "பொறியாளர்கள் பாலத்தின் தூண்களில் விரிசல்களைக் கண்டனர்",
    "fa-bridge.txt": "شهرداری می‌خواهد پل قدیمی را ببندد",
}


def ingest(prov, folder: Path) -> None:
    folder.mkdir()
    for name, body in DOCUMENTS.items():
        (folder / name).write_text(body + "\n", encoding="utf-8")
    assert prov("ingest", str(folder)).exit_code == 0


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_a_claim_finds_its_document_in_any_script(prov, db, tmp_path: Path, name: str) -> None:
    ingest(prov, tmp_path / "pages")
    found = prov.json("trace", CLAIMS[name])["occurrences"]
    with db.session() as session:
        names = {i: p.rsplit("/", 1)[1] for i, p in session.execute(text("SELECT id, locator FROM document"))}
    assert [names[o["document_id"]] for o in found] == [name]
    assert found[0]["score"] >= 0.6


def test_marked_words_are_looked_up_as_each_index_holds_them(prov, db, tmp_path: Path, monkeypatch) -> None:
    ingest(prov, tmp_path / "pages")
    monkeypatch.setattr(search, "_frequencies", {})
    terms = search_terms(CLAIMS["hi-bridge.txt"])
    # Whole words with their vowel signs (Python's \w would cut "पुल" to "प", a letter no index holds alone
    # on PostgreSQL); five letters and more are looked up by their first five.
    assert ("पुल", False, 1.0) in terms and ("इंजीन", True, 1.0) in terms
    with db.session() as session:
        names = {i: p.rsplit("/", 1)[1] for i, p in session.execute(text("SELECT id, locator FROM document"))}
        for name, claim in CLAIMS.items():
            found = weighted_matches(session, search_terms(claim), at_least=2.0, limit=10)
            assert found and names[found[0]] == name, claim  # (heaviest first; a shared "पुल" is light)
        # Rarity counts: documents holding each word, the same on both databases.
        held = document_frequencies(session, [("पुल", False), ("इंजीन", True), ("दरारे", True), ("खंभों", False),
                                              ("স্তম্ভে", False), ("விரிச", True), ("می‌خو", True), ("पल", False)])
        assert held == {("पुल", False): 2, ("इंजीन", True): 1, ("दरारे", True): 1, ("खंभों", False): 1,
                        ("স্তম্ভে", False): 1, ("விரிச", True): 1, ("می‌خو", True): 1, ("पल", False): 0}
        if db.dialect == "postgresql":
            # The server's own cut: vowel signs inside the word, the non-joiner between two lexemes.
            assert server_lexemes(session, ["इंजीनियरों", "می‌خواهد", "Harbour"]) == {
                "इंजीनियरों": ("इंजीनियरों",), "می‌خواهد": ("می", "خواهد"), "Harbour": ("harbour",)}


def test_docs_search_finds_marked_words(prov, tmp_path: Path) -> None:
    ingest(prov, tmp_path / "pages")

    def paths(query: str) -> list[str]:
        return sorted(d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", query))

    assert paths("पुल") == ["hi-bridge.txt", "hi-river.txt"]
    assert paths("दरारें पुल") == ["hi-bridge.txt"]
    assert paths("ফাটল") == ["bn-bridge.txt"] and paths("விரிசல்களைக்") == ["ta-bridge.txt"]
    assert paths("می‌خواهد") == ["fa-bridge.txt"]
    assert paths("पुल ফাটল") == []
