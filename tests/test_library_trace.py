"""trace as a library: typed results from a Session, and the report built from them without a
second walk (issue 19), on SQLite and PostgreSQL."""

from __future__ import annotations

from conftest import STORY_TEXT
from provenance.db import Database
from provenance.graph import document_of
from provenance.models import Document, LineageEdge
from provenance.report.model import claim_report_of, document_report
from provenance.trace import trace_claim, trace_document
from provenance.views import document_trace_json, trace_json

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"


def test_a_traced_claim_knows_where_it_stands_and_which_edges_it_took(prov, db_url) -> None:
    prov("ingest", str(STORY_TEXT))
    printed = prov.json("trace", CLAIM)  # (before the session below: on SQLite it holds the write lock)
    database = Database(db_url)
    try:
        with database.session() as session:
            result = trace_claim(session, CLAIM)
            assert len(result.occurrences) >= 4 and result.independent_origins == 1
            for occ in result.occurrences:
                doc = session.get(Document, occ.document_id)
                assert doc is not None
                # The span is where the snippet stands: no search for it again.
                assert doc.text[occ.span[0]:occ.span[1]] == occ.snippet
                assert occ.path[0].document_id == occ.document_id and occ.path[0].span == occ.span
                assert occ.path[-1].key == occ.origin
                for before, step in zip(occ.path, occ.path[1:], strict=False):
                    # Each hop names the stored edge the walk took.
                    edge = session.get(LineageEdge, step.edge_id)
                    assert edge is not None and edge.derived_id == before.document_id
                    assert edge.relation == step.relation and edge.source_document_id == step.document_id
                    if step.document_id is not None and step.span is not None:
                        source = session.get(Document, step.document_id)
                        assert source is not None and "40 percent" in source.text[step.span[0]:step.span[1]]
            # The JSON view is the command's output, field for field.
            assert trace_json(result) == printed
            report = claim_report_of(session, result)
            assert [c["document_id"] for c in report["chains"]] == [o.document_id for o in result.occurrences]
            assert {o["key"] for o in report["origins"]} == {o.key for o in result.origins}
            for chain, occ in zip(report["chains"], result.occurrences, strict=True):
                assert [h["to"] for h in chain["hops"]] == [s.key for s in occ.path[1:]]
    finally:
        database.dispose()


def test_a_document_trace_is_typed_and_its_view_is_the_command_output(prov, db_url) -> None:
    prov("ingest", str(STORY_TEXT))
    repost = prov.json("show", str(STORY_TEXT / "03-forum-repost.txt"))["id"]
    printed = prov.json("trace", "--doc", str(repost))
    database = Database(db_url)
    try:
        with database.session() as session:
            doc = session.get(Document, repost)
            assert doc is not None
            lineage = trace_document(session, doc)
            assert lineage.chains and all(chain[0].document_id == repost for chain in lineage.chains)
            assert {c[-1].key for c in lineage.chains} == {o.key for o in lineage.origins}
            assert all(document_of(o.key) == o.document_id for o in lineage.origins if o.document_id is not None)
            assert document_trace_json(lineage) == printed
            report = document_report(session, str(repost))
            assert {o["key"] for o in report["origins"]} == {o.key for o in lineage.origins}
    finally:
        database.dispose()
