"""One home for derived data (issue 19): ingest, `prov reindex` and `prov import` make the same reuse index,
pairs of characters and lineage edges; with a Session, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from conftest import STORY_HTML, STORY_TEXT
from provenance.config import Settings
from provenance.db import Database
from provenance.derived import derive_all
from provenance.exchange import export_jsonl, import_jsonl
from provenance.graph import Node
from provenance.ingest import expand_sources, extract_one, ingest_sources
from provenance.ingest.analysis import analyse_document
from provenance.ingest.fetch import read_file
from provenance.ingest.store import Overrides
from provenance.lineage import correct
from provenance.models import (
    Document,
    LineageEdge,
    Quote,
    ReuseBand,
    ReuseCommon,
    ReuseLink,
    ReusePosting,
    ReuseSignature,
)
from provenance.quotes import find_quotes, quotes_of

# A story in Chinese (no spaces between words) and a portal's copy of it with a credit line: written for
# these tests in the shape of a wire story and its repost.
CHINESE = ("新华河谷通讯社六月二十日电 瓦尔多里亚与邻国代表团在塔维拉大坝附近举行会谈，双方同意今年夏季"
           "水库放水量增加百分之四十。工程师表示，新的水位计将在下个月安装完毕，并每周公布测量结果。\n\n"
           "代表团团长说：“这项协议将让下游农民在旱季得到足够的灌溉用水，我们会按时公布每一次放水的数据。”"
           "下游各省的农业部门已经开始准备新的灌溉计划，预计秋收前完成。\n\n"
           "分析人士认为，这次会谈是两国十年来在水资源问题上最重要的一次合作，但执行情况仍需观察。")


def write_chinese(folder: Path) -> None:
    (folder / "wire.txt").write_text("河谷通讯社\n\n塔维拉大坝会谈达成放水协议\n\n" + CHINESE + "\n", encoding="utf-8")
    (folder / "portal.txt").write_text("转载自河谷通讯社\n\n塔维拉大坝会谈达成放水协议\n\n" + CHINESE
                                       + "\n\n来源：河谷通讯社\n", encoding="utf-8")


def ingest(db: Database, *paths: str, processes: int = 1) -> None:
    ingest_sources(db, expand_sources(list(paths)), overrides=Overrides(), settings=Settings(processes=processes),
                   on_result=lambda result: None)


def grams_rows(session: Session) -> set[tuple[int, str]]:
    if session.get_bind().dialect.name == "sqlite":
        return {(i, g) for i, g in session.execute(text("SELECT rowid, grams FROM document_grams"))}
    return {(i, g) for i, g in session.execute(text("SELECT document_id, CAST(grams AS text) FROM document_grams"))}


def derived_data(db: Database) -> dict[str, Any]:
    """Every derived row, by what it says (not by its own id)."""
    with db.session() as session:
        return {
            "signatures": {(s.document_id, s.version, s.tokens, s.minhash, s.linked)
                           for s in session.scalars(select(ReuseSignature))},
            "bands": {tuple(r) for r in session.execute(select(ReuseBand.key, ReuseBand.document_id))},
            "postings": {tuple(r) for r in session.execute(select(ReusePosting.hash, ReusePosting.document_id))},
            "common": set(session.scalars(select(ReuseCommon.hash))),
            "links": {(lk.document_a_id, lk.document_b_id, lk.relation, lk.similarity, lk.a_in_b, lk.b_in_a,
                       repr(lk.passages)) for lk in session.scalars(select(ReuseLink))},
            "grams": grams_rows(session),
            "edges": sorted((e.derived_id, e.source_document_id, e.source_outlet_id, e.source_url, e.source_name,
                             e.relation, repr(e.basis), e.confidence, repr(e.flags), repr(e.evidence), e.manual)
                            for e in session.scalars(select(LineageEdge))),
        }


def ingested(db: Database, tmp_path: Path) -> dict[str, Any]:
    """The story, a Chinese story and its copy, and a person's link: their derived data, as ingest made it."""
    chinese = tmp_path / "chinese"
    chinese.mkdir()
    write_chinese(chinese)
    ingest(db, str(STORY_TEXT), str(STORY_HTML), str(chinese))
    with db.session() as session, session.begin():
        docs = {Path(d.source_path).name: d for d in session.scalars(select(Document)) if d.source_path}
        correct(session, "link", docs["04-digest-summary.txt"], Node(document_id=docs["01-meridian-origin.txt"].id),
                relation="rewrite", note="the digest says so in its print edition", by="test")
    data = derived_data(db)
    assert data["links"] and data["edges"] and data["grams"], "every kind of derived data is there to compare"
    assert any(e[-1] for e in data["edges"]), "a person's link among the edges"
    return data


def test_reindex_makes_the_derived_data_ingest_made(db: Database, tmp_path: Path) -> None:
    before = ingested(db, tmp_path)
    with db.session() as session, session.begin():
        session.execute(text("DELETE FROM document_grams"))  # a rebuild makes the pairs again too
    result = derive_all(db, processes=1)
    assert result.documents == len(before["signatures"]) and result.links == len(before["links"])
    assert not result.resumed
    assert derived_data(db) == before


def test_import_makes_the_derived_data_ingest_made(db: Database, another_db_url, tmp_path: Path) -> None:
    before = ingested(db, tmp_path)
    archive = tmp_path / "archive.jsonl"
    with db.session() as session:
        out = io.StringIO()
        export_jsonl(session, out)
    archive.write_text(out.getvalue(), encoding="utf-8")
    restored = Database(another_db_url())
    restored.ensure_schema()
    try:
        import_jsonl(restored, archive, processes=1)
        assert derived_data(restored) == before
    finally:
        restored.dispose()


def test_worker_processes_store_what_one_process_stores(db: Database, another_db_url, tmp_path: Path) -> None:
    # With two processes the analysis of each text (fingerprints, quotes, pairs) comes from a worker.
    chinese = tmp_path / "chinese"
    chinese.mkdir()
    write_chinese(chinese)
    ingest(db, str(STORY_TEXT), str(STORY_HTML), str(chinese), processes=1)
    other = Database(another_db_url())
    other.ensure_schema()
    try:
        ingest(other, str(STORY_TEXT), str(STORY_HTML), str(chinese), processes=2)
        assert derived_data(other) == derived_data(db)

        def quotes(database: Database) -> list[tuple[int, str, str | None, bool, int, int]]:
            with database.session() as session:
                return sorted((q.document_id, q.text, q.speaker, q.primary, q.start, q.end)
                              for q in session.scalars(select(Quote)))

        assert quotes(other) == quotes(db)
        assert any(q[3] for q in quotes(db)), "an interview piece is the primary source of its quotes"
    finally:
        other.dispose()


def test_the_analysis_made_in_a_worker_is_the_one_made_when_stored(tmp_path: Path) -> None:
    source = STORY_TEXT / "05-observer-interview.txt"
    extracted = extract_one(read_file(source, given=str(source), settings=Settings()), None)
    assert not isinstance(extracted, Exception) and extracted.analysis is not None
    shipped = pickle.loads(pickle.dumps(extracted.analysis))  # as it comes back from a worker process
    here = analyse_document(extracted.text)
    assert shipped.reuse.fingerprint.winnowed == here.reuse.fingerprint.winnowed
    assert shipped.grams == here.grams
    for own in ((), ("The Lowland Observer",)):
        assert quotes_of(shipped.quotes, own_outlet_names=own) == find_quotes(extracted.text, own_outlet_names=own)
    assert any(q.primary for q in quotes_of(shipped.quotes, own_outlet_names=("The Lowland Observer",)))
    assert not any(q.primary for q in quotes_of(shipped.quotes))
