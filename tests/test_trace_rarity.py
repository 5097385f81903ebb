"""Claim words weigh by rarity as well as by kind (trace.rarity_of, search.document_frequencies), on SQLite
and PostgreSQL: a tweet's signature line ("— Name, Month D, YYYY"), common in the archive, no longer outweighs
the rare words of the claim."""

from __future__ import annotations

from pathlib import Path

import pytest

import provenance.search as search
import provenance.trace as trace
from provenance.db import Database
from provenance.search import document_frequencies
from provenance.trace import claim_terms, rarity_of, trace_claim

# A tweet: its claim, then its author's signature.
CLAIM = "Crews drained the Harlow reservoir to count eelgrass beds — Dana Whitcombe, March 3, 2021"
STATES = "Crews drained the Harlow reservoir in spring so that divers could count the eelgrass beds.\n"
# Documents that share the signature's name and date only, each about something else.
TOPICS = ["the school board's budget vote", "a bakery that reopened downtown", "the city marathon route",
          "a bridge closed for repairs", "the library's new opening hours", "a court ruling on parking fines",
          "the harvest festival parade", "a storm that felled power lines"]


def write_archive(folder: Path) -> None:
    folder.mkdir()
    (folder / "harlow.txt").write_text(STATES, encoding="utf-8")
    for n, topic in enumerate(TOPICS):
        (folder / f"other{n}.txt").write_text(
            f"Dana Whitcombe wrote on March 3, 2021 about {topic}.\nNeighbours said little else.\n", encoding="utf-8")


def first_occurrence(db_url: str, claim: str) -> tuple[str, float, float]:
    """The best occurrence's text, its score, and the score of the document that states the claim."""
    database = Database(db_url)
    try:
        with database.session() as session:
            result = trace_claim(session, claim, min_score=0.05)
            best = max(result.occurrences, key=lambda o: o.score)
            harlow = next(o.score for o in result.occurrences if "Harlow" in o.snippet)
            return best.snippet, best.score, harlow
    finally:
        database.dispose()


def test_a_rare_word_outweighs_a_common_signature_line(prov, db_url, tmp_path, monkeypatch) -> None:
    write_archive(tmp_path / "pages")
    prov("ingest", str(tmp_path / "pages"))
    monkeypatch.setattr(search, "_frequencies", {})
    # Nine documents are fewer than RARITY_FROM: words weigh by kind alone, and the signature wins.
    snippet, _, by_kind = first_occurrence(db_url, CLAIM)
    assert "Whitcombe" in snippet and "Harlow" not in snippet
    monkeypatch.setattr(trace, "RARITY_FROM", 5)
    snippet, score, by_rarity = first_occurrence(db_url, CLAIM)
    assert "Harlow" in snippet and score == by_rarity
    assert by_rarity > by_kind
    # The claim without its signature finds the same document first either way.
    monkeypatch.setattr(trace, "RARITY_FROM", 10_000)
    snippet, _, _ = first_occurrence(db_url, CLAIM.split(" — ")[0])
    assert "Harlow" in snippet


def test_rarity_factors_follow_document_counts(prov, db_url, tmp_path, monkeypatch) -> None:
    write_archive(tmp_path / "pages")
    prov("ingest", str(tmp_path / "pages"))
    monkeypatch.setattr(search, "_frequencies", {})
    database = Database(db_url)
    try:
        with database.session() as session:
            # Eight documents hold the name, one "harlow", none "zeppelin"; "eelgr" is looked up as a prefix.
            held = document_frequencies(session, [("whitcombe", False), ("harlow", False), ("zeppelin", False),
                                                  ("eelgr", True), ("march", False)])
            assert held == {("whitcombe", False): 8, ("harlow", False): 1, ("zeppelin", False): 0,
                            ("eelgr", True): 1, ("march", False): 8}
            assert rarity_of(session, CLAIM) == {}  # 9 documents: fewer than RARITY_FROM
            monkeypatch.setattr(trace, "RARITY_FROM", 5)
            rarity = rarity_of(session, CLAIM)
            assert rarity["harlow"] > 3 * rarity["whitcombe"]
            assert rarity["eelgrass"] == rarity["harlow"]
            weights = dict(claim_terms(CLAIM, rarity))
            assert weights["harlow"] > weights["2021"]  # a name held once outweighs a number held everywhere
            assert dict(claim_terms(CLAIM))["2021"] == 3.0  # by kind alone, as before
    finally:
        database.dispose()


def test_counts_are_read_again_once_the_archive_has_grown(prov, db_url, tmp_path, monkeypatch) -> None:
    write_archive(tmp_path / "pages")
    prov("ingest", str(tmp_path / "pages"))
    monkeypatch.setattr(search, "_frequencies", {})

    def harlow() -> int:
        database = Database(db_url)
        try:
            with database.session() as session:
                return document_frequencies(session, [("harlow", False)])[("harlow", False)]
        finally:
            database.dispose()

    assert harlow() == 1
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "again.txt").write_text("The Harlow reservoir filled again by June.\n", encoding="utf-8")
    prov("ingest", str(tmp_path / "more"))
    assert harlow() == 2  # ten documents, not nine: the cached count is stale


@pytest.mark.parametrize("power", [0.0])
def test_rarity_off_weighs_by_kind(db_url, power, monkeypatch) -> None:
    monkeypatch.setattr(trace, "RARITY", power)
    database = Database(db_url)
    database.ensure_schema()
    try:
        with database.session() as session:
            assert rarity_of(session, CLAIM) == {}
    finally:
        database.dispose()
