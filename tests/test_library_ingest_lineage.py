"""ingest/store and lineage as a library, with a Session (issue 19: they were tested only through
the CLI), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from conftest import STORY_TEXT
from provenance.config import Settings
from provenance.db import Database
from provenance.errors import NotFoundError, ProvenanceError
from provenance.graph import Node
from provenance.ingest import IngestResult, expand_sources, ingest_sources
from provenance.ingest.store import Overrides
from provenance.lineage import correct, update_lineage
from provenance.models import Document, LineageEdge


def ingest(db: Database, *paths: str) -> list[IngestResult]:
    seen: list[IngestResult] = []
    results = ingest_sources(db, expand_sources(list(paths)), overrides=Overrides(), settings=Settings(),
                             on_result=seen.append)
    assert results == seen  # each reported as it finished, in order
    return results


def edges(db: Database) -> set[tuple[int, int | None, int | None, str | None, str]]:
    with db.session() as session:
        return {(e.derived_id, e.source_document_id, e.source_outlet_id, e.source_url, e.relation)
                for e in session.scalars(select(LineageEdge))}


def by_file(db: Database) -> dict[str, Document]:
    with db.session() as session:
        return {d.source_path.rsplit("/", 1)[-1]: d for d in session.scalars(select(Document))
                if d.source_path}


def test_ingest_stores_each_file_once_and_a_second_run_changes_nothing(db: Database, tmp_path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    first = ingest(db, str(STORY_TEXT), str(bad))
    statuses = {r.input.rsplit("/", 1)[-1]: r.status for r in first}
    assert statuses["empty.txt"] == "failed" and sum(s == "new" for s in statuses.values()) == len(first) - 1
    failed = next(r for r in first if r.status == "failed")
    assert failed.document_id is None and failed.error and "\n" not in failed.error
    stored = edges(db)
    assert stored, "the story's copies and rewrites make lineage edges"
    again = ingest(db, str(STORY_TEXT))
    assert {r.status for r in again} == {"unchanged"}
    assert {r.document_id for r in again} == {r.document_id for r in first if r.status == "new"}
    assert edges(db) == stored


def test_lineage_recomputed_is_the_same_and_corrections_win(db: Database) -> None:
    ingest(db, str(STORY_TEXT))
    before = edges(db)
    docs = by_file(db)
    with db.session() as session, session.begin():
        update_lineage(session, [d.id for d in docs.values()])
    assert edges(db) == before  # inference is a function of what is stored

    origin, repost = docs["01-meridian-origin.txt"], docs["03-forum-repost.txt"]
    library = docs["06-observer-library.txt"]
    with db.session() as session, session.begin():
        derived = session.get(Document, library.id)
        assert derived is not None
        correct(session, "link", derived, Node(url="https://archive.example/river"), relation="cites",
                note="read in print", by="desk")
    with db.session() as session:
        [manual] = session.scalars(select(LineageEdge).where(LineageEdge.derived_id == library.id,
                                                             LineageEdge.manual.is_(True))).all()
        assert manual.source_url == "https://archive.example/river" and manual.relation == "cites"
    # The origin cannot be linked to a copy of itself: that would be a loop.
    with db.session() as session, session.begin():
        source = session.get(Document, origin.id)
        assert source is not None
        with pytest.raises(ProvenanceError):
            correct(session, "link", source, Node(document_id=repost.id), relation="repost", note=None, by="desk")
    # Unlinking what is not linked names what is.
    with db.session() as session, session.begin():
        derived = session.get(Document, library.id)
        assert derived is not None
        with pytest.raises(NotFoundError, match="no such link"):
            correct(session, "unlink", derived, Node(document_id=origin.id), relation=None, note=None, by="desk")
