"""documents, reuse, outlets and the archive's graph as a library: typed results from a Session, whose views are
exactly what the commands print (issue 19), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from conftest import STORY_TEXT
from provenance.credibility import describe_outlet, outlet_views
from provenance.db import Database
from provenance.documents import DocumentFilter, describe_document, describe_documents, find_document
from provenance.exchange import stored_graph
from provenance.graph import document_key
from provenance.models import LineageEdge
from provenance.outlets import find_outlet
from provenance.report.interchange import graph_prov_json
from provenance.reuse.links import document_reuse
from provenance.views import document_json, outlet_json, reuse_json


def test_documents_reuse_and_outlets_are_typed_and_their_views_are_the_commands_output(prov, db_url) -> None:
    prov("ingest", str(STORY_TEXT))
    assert prov("outlet", "rate", "Kestrel News Agency", "85", "--source", "desk").exit_code == 0
    copy = str(STORY_TEXT / "07-harbour-copy.txt")
    # (printed before the session below: on SQLite it holds the write lock)
    shown, listed, reused = prov.json("show", copy), prov.json_lines("docs", "--limit", "0"), prov.json("reuse", copy)
    outlets, kestrel = prov.json_lines("outlets", "--sort", "credibility"), prov.json("outlet", "show", "Kestrel")
    exported = prov("export", "--format", "prov-json").stdout
    database = Database(db_url)
    try:
        with database.session() as session:
            doc = find_document(session, copy)
            view = describe_document(session, doc)
            assert view.id == doc.id and view.text == doc.text and view.sources
            assert document_json(view) == shown
            assert [document_json(v, with_text=False) for v in describe_documents(session, DocumentFilter(limit=0))] \
                == listed
            reuse = document_reuse(session, doc)
            assert reuse.links and all(p.text == doc.text[p.this[0]:p.this[1]] for link in reuse.links
                                       for p in link.passages)
            assert reuse_json(reuse) == reused
            rows = outlet_views(session, sort="credibility")
            assert rows[0].name == "Kestrel News Agency" and rows[0].rating == 85
            assert [outlet_json(r) for r in rows] == outlets
            assert outlet_json(describe_outlet(session, find_outlet(session, "Kestrel")), with_documents=True) \
                == kestrel
            graph = stored_graph(session)
            edges = session.scalar(select(func.count()).select_from(LineageEdge)) or 0
            assert {n.key for n in graph.nodes} >= {document_key(view.id)} and 0 < len(graph.edges) <= edges
            assert graph_prov_json(graph) == exported
            assert json.loads(exported)["entity"]
    finally:
        database.dispose()
