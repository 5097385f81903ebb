"""The reuse index in the database: links on ingest, `prov reuse`, `prov reindex`, caps, indexed lookups."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from conftest import STORY_HTML, STORY_TEXT, STORY_WARC
from provenance.db import Database
from provenance.derived import derive_all
from provenance.models import ReuseLink
from provenance.reuse import index as reuse_index
from provenance.reuse import rebuild
from provenance.reuse.text import normalise

PARAGRAPH = ("The regional water board published its quarterly gauge readings on Friday, showing the reservoir "
             "at sixty-one percent of capacity after a dry spring and an unusually warm start to the summer.")


def words_of(value: str) -> list[str]:
    return [normalise(w) for w in re.findall(r"\w+", value)]


def link_set(db_url: str) -> set[tuple[int, int, str]]:
    db = Database(db_url)
    try:
        with db.session() as session:
            return {(link.document_a_id, link.document_b_id, link.relation)
                    for link in session.scalars(select(ReuseLink))}
    finally:
        db.dispose()


def test_ingest_links_copies_and_prov_reuse_gives_spans_into_both_texts(prov) -> None:
    prov("ingest", str(STORY_TEXT))
    kestrel = prov.json("show", str(STORY_TEXT / "02-kestrel-rewrite.txt"))
    forum = prov.json("show", str(STORY_TEXT / "03-forum-repost.txt"))
    library = prov.json("show", str(STORY_TEXT / "06-observer-library.txt"))
    data = prov.json("reuse", str(kestrel["id"]))
    assert data["document_id"] == kestrel["id"] and data["unindexed_documents"] == 0
    [link] = [lk for lk in data["links"] if lk["document_id"] == forum["id"]]
    assert link["relation"] in ("duplicate", "repost")
    assert link["containment"]["this_in_other"] > 0.9 and link["containment"]["other_in_this"] > 0.9
    for passage in link["passages"]:
        s, e = passage["this"]
        os_, oe = passage["other"]
        assert words_of(kestrel["text"][s:e]) == words_of(forum["text"][os_:oe])
        assert passage["text"] == kestrel["text"][s:e]
    # The same link read from the other side has the containment and spans swapped.
    back = [lk for lk in prov.json("reuse", str(forum["id"]))["links"] if lk["document_id"] == kestrel["id"]][0]
    assert back["containment"] == {"this_in_other": link["containment"]["other_in_this"],
                                   "other_in_this": link["containment"]["this_in_other"]}
    assert [p["other"] for p in back["passages"]] == [p["this"] for p in link["passages"]]
    assert prov.json("reuse", str(library["id"]))["links"] == []  # the unrelated article
    shown = prov("reuse", str(kestrel["id"])).stdout
    assert f"#{forum['id']}" in shown and "this in other" in shown


def test_prov_reuse_of_an_unknown_document_is_a_one_line_error(prov, db) -> None:  # db: an archive
    result = prov("reuse", "4242")
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and "4242" in result.output


def test_a_revised_document_is_indexed_again(prov, tmp_path) -> None:
    source = tmp_path / "source.txt"
    copy = tmp_path / "copy.txt"
    story = (STORY_TEXT / "01-meridian-origin.txt").read_text(encoding="utf-8")
    source.write_text(story, encoding="utf-8")
    copy.write_text(story, encoding="utf-8")
    prov("ingest", str(source), str(copy))
    first = prov.json("show", str(copy))["id"]
    assert [lk["relation"] for lk in prov.json("reuse", str(first))["links"]] == ["duplicate"]
    copy.write_text((STORY_TEXT / "06-observer-library.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert "revised" in prov("ingest", str(copy)).stdout
    assert prov.json("reuse", str(first))["links"] == []


@pytest.mark.parametrize("stop_in", ["fingerprint", "link"])
def test_reindex_rebuilds_the_same_links_and_resumes_after_an_interruption(db_url, prov, monkeypatch,
                                                                          stop_in) -> None:
    prov("ingest", str(STORY_TEXT), str(STORY_HTML))
    incremental = link_set(db_url)
    assert len(incremental) >= 6
    result = prov("reindex")
    assert result.exit_code == 0 and "reuse links" in result.stderr
    assert link_set(db_url) == incremental

    monkeypatch.setattr(rebuild, "BATCH", 3)
    monkeypatch.setattr(rebuild, "LINK_BATCH", 3)

    def interrupt(phase: str, done: int, total: int) -> None:
        if phase == stop_in and done >= 3:
            raise KeyboardInterrupt

    db = Database(db_url)
    try:
        with pytest.raises(KeyboardInterrupt):
            derive_all(db, processes=1, progress=interrupt)
        assert len(link_set(db_url)) < len(incremental)  # stopped part-way
        resumed = derive_all(db, processes=1)
        assert resumed.resumed and resumed.documents == 14
        if db.dialect == "postgresql":
            # The fingerprint tables' keys, dropped for the bulk load, are all back.
            with db.engine.connect() as conn:
                names = set(conn.execute(text(
                    "SELECT conname FROM pg_constraint WHERE conrelid IN ('reuse_posting'::regclass, "
                    "'reuse_band'::regclass) UNION SELECT indexname FROM pg_indexes "
                    "WHERE tablename IN ('reuse_posting', 'reuse_band')")).scalars())
            assert {"pk_reuse_posting", "fk_reuse_posting_document_id_document", "ix_reuse_posting_document_id",
                    "pk_reuse_band", "fk_reuse_band_document_id_document", "ix_reuse_band_document_id"} <= names
    finally:
        db.dispose()
    assert link_set(db_url) == incremental


def test_reindex_in_worker_processes_matches(db_url, prov) -> None:
    prov("ingest", str(STORY_TEXT), str(STORY_HTML))
    incremental = link_set(db_url)
    assert prov("reindex", "--processes", "2").exit_code == 0
    assert link_set(db_url) == incremental


def test_fingerprints_held_by_too_many_documents_leave_the_index(db_url, prov, tmp_path, count_rows,
                                                                 monkeypatch) -> None:
    monkeypatch.setattr(reuse_index, "POSTING_CAP", 3)
    monkeypatch.setattr(rebuild, "POSTING_CAP", 3)
    topics = ["the ferry timetable", "a new bakery", "the choir's winter concert", "road repairs on the bridge",
              "the museum's roof", "a cycling race"]
    for i, topic in enumerate(topics):
        (tmp_path / f"d{i}.txt").write_text(
            f"Residents wrote to the council about {topic} this week, asking for a meeting before the holidays "
            f"and for minutes to be published. Story number {i * 7919} followed. " + PARAGRAPH, encoding="utf-8")
    prov("ingest", str(tmp_path))
    assert count_rows("reuse_common") > 0

    def most_holders() -> int:
        db = Database(db_url)
        try:
            with db.engine.connect() as conn:
                return conn.execute(text(
                    "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM reuse_posting GROUP BY hash) AS c"
                )).scalar_one()
        finally:
            db.dispose()

    assert most_holders() <= 3
    common = count_rows("reuse_common")
    assert prov("reindex").exit_code == 0
    assert most_holders() <= 3 and count_rows("reuse_common") == common


def test_candidate_lookups_use_the_indexes(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'plan.db'}")
    db.ensure_schema()
    try:
        with db.engine.connect() as conn:
            plans = {
                "posting": "SELECT hash, document_id FROM reuse_posting WHERE hash IN (1, 2, 3) AND document_id != 9",
                "band": "SELECT document_id, count(*) FROM reuse_band WHERE key IN (1, 2) AND document_id != 9 "
                        "GROUP BY document_id",
                "common": "SELECT hash FROM reuse_common WHERE hash IN (1, 2)",
            }
            for name, query in plans.items():
                detail = " ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + query))
                assert "SEARCH" in detail and "SCAN reuse" not in detail, (name, detail)
    finally:
        db.dispose()


def test_one_article_stored_three_times_by_its_outlet_is_a_duplicate_not_site_chrome(prov) -> None:
    """The page, a saved text copy and an archived snapshot of one article share all their text:
    that is the article again, not text the site repeats on every page."""
    prov("ingest", str(STORY_HTML), str(STORY_TEXT), str(STORY_WARC))
    copies = [d for d in prov.json_lines("docs", "--limit", "0")
              if d["title"] == "The Tavira Deal Will Not End the River Dispute"]
    assert len(copies) == 3 and len({d["outlet"]["name"] for d in copies}) == 1
    for doc in copies:
        links = {lk["document_id"]: lk for lk in prov.json("reuse", str(doc["id"]))["links"]}
        for other in copies:
            if other["id"] != doc["id"]:
                link = links[other["id"]]
                assert link["relation"] == "duplicate"
                assert link["containment"]["this_in_other"] > 0.95
                assert all(p["kind"] == "text" for p in link["passages"])


def test_fingerprints_made_in_extraction_workers_link_as_the_storing_process_would(db_url, prov) -> None:
    # With worker processes, tokens and fingerprints come back with each extraction;
    # a reindex computes them all again in this process: the same links either way.
    assert prov("ingest", "--processes", "2", str(STORY_TEXT), str(STORY_HTML)).exit_code == 0
    from_workers = link_set(db_url)
    assert from_workers
    assert prov("reindex", "--processes", "1").exit_code == 0
    assert link_set(db_url) == from_workers
