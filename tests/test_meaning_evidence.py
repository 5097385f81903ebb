"""A translated sentence a little below the similarity bar is an occurrence when it shares a number or a name
with the claim (meaning.search.admitted): evidence beyond the vector, for languages the model places lower
(Icelandic). Never for a sentence in the claim's own language. On SQLite and PostgreSQL; texts written for
these tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from provenance.meaning.search import SHARED_SIMILAR, SIMILAR, admitted, numbers, shares_evidence
from provenance.meaning.store import Near
from provenance.models import Document

FERRY = ("Harbour Ledger\n\nThe port authority of Kestrel Bay will spend 42 million euros on a new ferry terminal, "
         "its director said on Monday.\n\nShop owners asked the authority to keep the car park open.\n")
ICELANDIC_NUMBER = "Hafnarstjórnin mun verja 42 milljónum evra í nýja ferjuhöfn, sagði forstjórinn."
ICELANDIC_NAME = "Hafnarstjórnin í Kestrel-flóa ætlar að reisa nýja ferjuhöfn."
ICELANDIC_NEITHER = "Hafnarstjórnin ætlar að reisa nýja ferjuhöfn fyrir stærri ferjur."
ENGLISH_OWN = "Kestrel Bay will spend 42 million euros on its harbour, the director said."


def test_numbers_and_latin_names_are_the_evidence() -> None:
    assert numbers("verja 42 milljónum árið 2027") == {"42", "2027"}
    assert numbers("۴۲ میلیون یورو") == {"42"} and numbers("1 terminal, 007") == {"7"}  # not a lone 1
    sentence = "The port authority of Kestrel Bay will spend 42 million euros on a new ferry terminal."
    assert shares_evidence(ICELANDIC_NUMBER, sentence)
    assert shares_evidence(ICELANDIC_NAME, sentence)  # "Kestrel-flóa": the name's first letters
    assert not shares_evidence(ICELANDIC_NEITHER, sentence)
    assert not shares_evidence("hafnarstjórnin 1 ferja", sentence)


def test_a_translated_sentence_below_the_bar_needs_a_shared_number_or_name(prov, db, tmp_path: Path) -> None:
    (tmp_path / "ferry.txt").write_text(FERRY, encoding="utf-8")
    assert prov("ingest", str(tmp_path / "ferry.txt")).exit_code == 0
    with db.session() as session:
        doc = session.scalars(select(Document)).one()
        assert doc.language == "en"
        start = doc.text.index("The port authority")
        end = doc.text.index("Monday.") + len("Monday.")
        low = (SIMILAR + SHARED_SIMILAR) / 2  # below the bar, above the bar for shared evidence

        def near(similarity: float) -> dict[int, Near]:
            return {doc.id: Near(doc.id, start, end, similarity)}

        assert admitted(session, ICELANDIC_NUMBER, near(low), SIMILAR)[doc.id].similarity == SIMILAR
        assert admitted(session, ICELANDIC_NAME, near(low), SIMILAR)[doc.id].similarity == SIMILAR
        assert admitted(session, ICELANDIC_NEITHER, near(low), SIMILAR) == {}
        assert admitted(session, ENGLISH_OWN, near(low), SIMILAR) == {}  # the claim's own language: words decide
        assert admitted(session, ICELANDIC_NEITHER, near(0.9), SIMILAR)[doc.id].similarity == 0.9  # above: as it is
