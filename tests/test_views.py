"""The typed results of trace and their views: keys written and read in one place, and a result
gives exactly the contract's JSON (field names, order, lists for tuples, optional fields)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from provenance.credibility import Brief, OutletSignals, OutletView
from provenance.documents import DocumentView
from provenance.graph import (
    EdgeView,
    Step,
    address_key,
    document_key,
    document_of,
    is_address,
    outlet_key,
    outlet_slug_of,
    parse_key,
    source_key,
)
from provenance.render import (
    credibility_table,
    document_detail,
    documents_table,
    outlet_detail,
    reuse_detail,
    trace_doc_text,
    trace_text,
)
from provenance.trace import Derivative, DocumentTrace, Laundered, Occurrence, Origin, TraceResult, Unresolved
from provenance.views import document_json, document_trace_json, outlet_json, reuse_json, trace_json


def test_keys_are_written_and_read_back() -> None:
    assert document_key(7) == "doc:7" and document_of("doc:7") == 7
    assert outlet_key("harbour-ledger") == "outlet:harbour-ledger"
    assert outlet_slug_of("outlet:harbour-ledger") == "harbour-ledger" and outlet_slug_of("doc:7") is None
    assert address_key("https://a.example/x?y=1") == "url:https://a.example/x?y=1"
    parsed = parse_key("url:https://a.example/x?y=1")
    assert parsed is not None and parsed.kind == "url" and parsed.value == "https://a.example/x?y=1"
    assert str(parsed) == "url:https://a.example/x?y=1" and is_address("url:https://a.example/x?y=1")
    # A named source: a leading "the" and case are no part of its key, and the kind is not in it.
    assert source_key("The Lancet Planetary Health") == source_key("lancet planetary health")
    assert source_key("The Lancet Planetary Health").startswith("source:")


@pytest.mark.parametrize("key", ["doc:x", "doc:", "page:3", "nothing", ""])
def test_what_is_not_a_key(key: str) -> None:
    assert parse_key(key) is None
    assert document_of(key) is None


def sample() -> TraceResult:
    start = Step(4, "Harbour Ledger", "https://ledger.example/dam", None, "doc:4", span=(10, 52))
    hop = Step(None, "Kestrel News Agency", None, "repost", "outlet:kestrel", ("credit",), ("unresolved-source",),
               "Kestrel reported", edge_id=31)
    copy = Occurrence(4, "Harbour Ledger", 2, dt.date(2025, 6, 12), "Dam deal", "https://ledger.example/dam",
                      "Valdoria agreed to release more water", (10, 52), 0.917, "outlet:kestrel", (start, hop),
                      True, (), Brief("Harbour Ledger", None, 0, OutletSignals((4, 5), (5,), (4,), (4,)), "not rated"))
    origin = Origin("outlet:kestrel", None, "Kestrel News Agency", None, "outlet", "Kestrel News Agency", (4,),
                    None)
    laundered = Laundered(4, "Harbour Ledger", 0.8, "outlet:kestrel", "Kestrel News Agency", None)
    return TraceResult("Valdoria agreed to release more water", 0.6, (copy,), (origin,), (laundered,),
                       (Unresolved("outlet:kestrel", None, "find the Kestrel News Agency article"),
                        Unresolved("url:https://k.example/1", "prov ingest https://k.example/1")))


def test_a_trace_result_gives_exactly_the_contract_json() -> None:
    data = trace_json(sample())
    assert list(data) == ["claim", "laundering", "min_score", "occurrences", "origins", "independent_origins",
                          "contradicting", "unresolved", "archived"]
    assert data["archived"] == []  # (copies from a web archive: prov follow --archive)
    assert data["independent_origins"] == 1
    occ = data["occurrences"][0]
    assert list(occ) == ["document_id", "outlet", "published", "title", "url", "snippet", "score", "origin",
                         "path", "independent", "flags", "credibility", "similarity", "agreement",
                         "differences"]
    assert occ["agreement"] == "states" and occ["differences"] == [] and data["contradicting"] == []
    assert occ["published"] == "2025-06-12" and occ["flags"] == [] and occ["credibility"] == {
        "outlet": "Harbour Ledger", "rating": None, "rated_by": 0, "documents": 2, "origins": {"num": 1, "den": 2},
        "credited_derivations": {"num": 1, "den": 1}, "uncredited_reuse": 0, "summary": "not rated"}
    assert occ["path"][1] == {"document_id": None, "outlet": "Kestrel News Agency", "url": None,
                              "relation": "repost", "basis": ["credit"], "flags": ["unresolved-source"],
                              "evidence": "Kestrel reported", "key": "outlet:kestrel", "source_kind": "outlet",
                              "name": "Kestrel News Agency"}
    # Where the claim stands and which edge was taken ride on the result, not in the contract's JSON.
    assert "span" not in occ and "edge_id" not in occ["path"][1]
    assert data["origins"][0] == {"key": "outlet:kestrel", "document_id": None, "outlet": "Kestrel News Agency",
                                  "url": None, "occurrences": [4], "source_kind": "outlet",
                                  "name": "Kestrel News Agency", "credibility": None}
    assert data["laundering"] == [{"document_id": 4, "outlet": "Harbour Ledger", "rating": 0.8,
                                   "origin": "outlet:kestrel", "origin_outlet": "Kestrel News Agency",
                                   "origin_rating": None}]
    # A hint only where no URL says what to ingest.
    assert data["unresolved"] == [{"key": "outlet:kestrel", "command": None,
                                   "hint": "find the Kestrel News Agency article"},
                                  {"key": "url:https://k.example/1", "command": "prov ingest https://k.example/1"}]
    json.dumps(data)  # plain JSON values only


def test_a_document_trace_gives_exactly_the_contract_json() -> None:
    start = Step(9, None, None, None, "doc:9")
    study = Step(None, None, None, "cites", "source:lancet", ("credit",), (), "a study in The Lancet",
                 "journal", "The Lancet", edge_id=3)
    result = DocumentTrace(9, ((start, study),),
                           (Origin("source:lancet", None, None, None, "journal", "The Lancet"),),
                           (Derivative(12, "Dispatch Forum", "repost", ("text-reuse",), ("uncredited-reuse",)),))
    data = document_trace_json(result)
    assert list(data) == ["document_id", "chains", "origins", "derivatives", "unresolved", "archived"]
    assert data["chains"][0][1]["source_kind"] == "journal" and data["chains"][0][1]["name"] == "The Lancet"
    assert data["origins"] == [{"key": "source:lancet", "document_id": None, "outlet": None, "url": None,
                                "source_kind": "journal", "name": "The Lancet"}]
    assert data["derivatives"] == [{"document_id": 12, "outlet": "Dispatch Forum", "relation": "repost",
                                    "basis": ["text-reuse"], "flags": ["uncredited-reuse"], "source_kind": "outlet",
                                    "name": "Dispatch Forum"}]
    text = trace_doc_text(result)
    assert "cites of journal The Lancet (not in the archive)" in text
    assert "repost  #12 Dispatch Forum [uncredited-reuse]" in text


def test_the_terminal_view_reads_the_result_and_obeys_no_text_in_it() -> None:
    result = sample()
    hostile = Occurrence(**{**{f: getattr(result.occurrences[0], f) for f in Occurrence.__slots__},
                            "snippet": "Valdoria \x1b]52;c;ZXZpbA==\x07agreed", "outlet": "Ledger\x1b[2J"})
    text = trace_text(TraceResult(result.claim, 0.6, (hostile,), result.origins, (), result.unresolved))
    assert "\x1b" not in text and "\x07" not in text
    assert "Origin: Kestrel News Agency (not in the archive)" in text
    assert "<- repost of Kestrel News Agency (not in the archive) (credit: \u201cKestrel reported\u201d)" in text
    assert "outlet:kestrel: find the Kestrel News Agency article" in text


# prov show / docs, reuse, outlets: typed results and their JSON --------------------------------------------

def sample_document() -> DocumentView:
    from provenance.documents import AttributionView, OutletRef, QuoteView, SnapshotView

    credit = AttributionView("prose", "Kestrel", 3, "Kestrel News Agency", None, "outlet", None,
                             "Kestrel reported", 120, 136, "reported", 0.8, None, False, None, False)
    study = AttributionView("prose", "Tavira Review", None, None, "https://review.example/t", "study", "study",
                            "a study in the Tavira Review", 200, 228, "study-in", 0.7, "same-site", True,
                            ["Tavira Review", "Tavira Weekly"], True)
    source = EdgeView("rewrite", None, "Kestrel News Agency", None, ("prose",), 0.8, ("unresolved-source",), False,
                      "outlet", "Kestrel News Agency")
    copy = EdgeView("repost", 9, "Dispatch Forum", "https://forum.example/9", ("text-reuse",), 0.9,
                    ("uncredited-reuse",), True, "outlet", "Dispatch Forum")
    return DocumentView(
        id=7, url="https://ledger.example/dam", canonical_url=None, path=None, title="Dam deal",
        outlet=OutletRef(2, "Harbour Ledger", "ledger.example"), authors=("Ana Ruiz",),
        published=dt.date(2025, 6, 12), date_source="markup", retrieved=dt.datetime(2026, 11, 23, 3, 10),
        language="en", sha256="ab" * 32, revisions=1, metadata_sources={"title": "html"},
        text="Valdoria agreed to release more water.", attributions=(credit, study),
        quotes=(QuoteView("more water", None, False, 10, 20),), sources=(source,), derivatives=(copy,),
        flags=("unresolved-source",),
        snapshots=(SnapshotView(dt.datetime(2026, 11, 23, 3, 10), "http", 200, 5120, "ab" * 32,
                                "https://ledger.example/dam"),))


def test_a_document_view_gives_exactly_the_show_json() -> None:
    data = document_json(sample_document())
    assert list(data) == ["id", "url", "canonical_url", "path", "title", "outlet", "authors", "published",
                          "date_source", "retrieved", "language", "sha256", "archived", "revisions", "metadata_sources", "text",
                          "attributions", "quotes", "sources", "derivatives", "flags"]
    assert data["outlet"] == {"id": 2, "name": "Harbour Ledger", "domain": "ledger.example"}
    assert data["published"] == "2025-06-12" and data["retrieved"] == "2026-11-23T03:10:00Z"
    assert data["authors"] == ["Ana Ruiz"] and data["metadata_sources"] == {"title": "html"}
    assert data["attributions"][1] == {
        "kind": "prose", "source": "Tavira Review", "source_outlet_id": None, "source_url": "https://review.example/t",
        "source_kind": "study", "evidence": "a study in the Tavira Review", "start": 200, "end": 228,
        "pattern": "study-in", "confidence": 0.7, "audit": "same-site", "self": True,
        "ambiguous": ["Tavira Review", "Tavira Weekly"], "unsupported": True}
    assert data["quotes"] == [{"text": "more water", "speaker": None, "primary": False, "start": 10, "end": 20}]
    assert data["sources"] == [{"relation": "rewrite", "document_id": None, "outlet": "Kestrel News Agency",
                                "url": None, "basis": ["prose"], "confidence": 0.8, "flags": ["unresolved-source"],
                                "manual": False, "source_kind": "outlet", "name": "Kestrel News Agency"}]
    assert data["derivatives"][0]["manual"] is True and data["flags"] == ["unresolved-source"]
    # `prov docs`: the same without the text.
    listed = document_json(sample_document(), with_text=False)
    assert "text" not in listed and {**listed, "text": data["text"]} == data
    json.dumps(data)


def test_the_document_views_in_the_terminal() -> None:
    doc = replace(sample_document(), title="Dam \x1b]0;owned\x07deal", text="Para one.\n\nPara \x1b[2Jtwo.")
    text = document_detail(doc)
    assert "\x1b" not in text and "\x07" not in text
    assert text.startswith("#7  Dam deal  [html]\n")
    assert "outlet:    Harbour Ledger (ledger.example)" in text
    assert "published: 2025-06-12  [markup]" in text
    assert f"  2026-11-23 03:10:00Z http HTTP 200 5120 bytes sha256:{'ab' * 32} https://ledger.example/dam" in text
    assert "  prose  Kestrel = Kestrel News Agency  \u201cKestrel reported\u201d" in text
    assert ("  prose  study Tavira Review  \u201ca study in the Tavira Review\u201d  [audit: same-site, self: True, "
            "ambiguous: ['Tavira Review', 'Tavira Weekly'], unsupported: True]") in text
    assert "quotes: 1 (1 with no speaker)" in text and "NO SPEAKER GIVEN" in text
    assert "  rewrite Kestrel News Agency (not in the archive)  (prose, 0.80)  [unresolved-source]" in text
    assert "  repost  #9 Dispatch Forum  (text-reuse manual, 0.90)  [uncredited-reuse]" in text
    assert text.endswith("Para one.\n\nPara two.")
    table = documents_table([doc, replace(doc, id=8, title=None, outlet=None, authors=(), published=None)])
    assert "\x1b" not in table
    assert table.splitlines()[2].split() == ["8", "-", "-", "-", "Para", "one.", "Para", "two."]


def test_a_reuse_view_gives_exactly_the_reuse_json() -> None:
    from provenance.reuse.links import PassageView, ReuseLinkView, ReuseView

    link = ReuseLinkView(9, "excerpt", 0.12, 0.93, 0.41, (PassageView((120, 980), (0, 870), "text", "Valdoria"),
                                                          PassageView((5, 9), (1, 4), "quote", "more")),
                         "Copy", "Dispatch Forum", dt.date(2025, 6, 13))
    result = ReuseView(7, (link,), 2)
    assert reuse_json(result) == {
        "document_id": 7, "links": [{
            "document_id": 9, "relation": "excerpt", "containment": {"this_in_other": 0.12, "other_in_this": 0.93},
            "similarity": 0.41, "passages": [{"this": [120, 980], "other": [0, 870], "kind": "text", "text": "Valdoria"},
                                             {"this": [5, 9], "other": [1, 4], "kind": "quote", "text": "more"}],
            "title": "Copy", "outlet": "Dispatch Forum", "published": "2025-06-13",
            "translated": False, "languages": None}],
        "unindexed_documents": 2}
    text = reuse_detail(result)
    assert "#9  excerpt  this in other 12%, other in this 93%, sentence similarity 0.41" in text
    translated = ReuseLinkView(9, "rewrite", 0.8, 0.9, 0.88, (PassageView((0, 40), (0, 38), "translated", "Die"),),
                               "Kopie", None, None, True, ("de", "en"))
    data = reuse_json(ReuseView(7, (translated,), 0))["links"][0]
    assert data["translated"] is True and data["languages"] == {"this": "de", "other": "en"}
    shown = reuse_detail(ReuseView(7, (translated,), 0))
    assert "#9  rewrite (translated, de / en)  this in other 80%" in shown and "not counted" not in shown
    assert "    Dispatch Forum | 2025-06-13 | Copy" in text
    assert "    this 5-9 = other 1-4 (quote, not counted): \u201cmore\u201d" in text
    assert text.endswith("Note: 2 document(s) are not in the reuse index yet; run `prov reindex`.")


def sample_outlet() -> OutletView:
    from provenance.credibility import RatingView

    return OutletView(3, "Harbour Ledger", "harbour-ledger", "newspaper", True, ("ledger.example",), ("The Ledger",),
                      (RatingView(30, "0-100", 30.0, "our desk", dt.date(2026, 11, 1), "copies wire copy", "lin"),
                       RatingView("mixed", "label", 50.0, "raters", None, None, None)),
                      40.0, 2, OutletSignals((4, 5, 6), (4,), (5, 6), (5,), (6,), (6,), (), (5,), (11,)))


def test_an_outlet_view_gives_exactly_the_outlet_json() -> None:
    data = outlet_json(sample_outlet())
    assert data == {
        "id": 3, "name": "Harbour Ledger", "slug": "harbour-ledger", "kind": "newspaper", "verified": True,
        "domains": ["ledger.example"], "aliases": ["The Ledger"],
        "ratings": [{"score": 30, "scale": "0-100", "score_0_100": 30.0, "source": "our desk", "date": "2026-11-01",
                     "note": "copies wire copy", "by": "lin"},
                    {"score": "mixed", "scale": "label", "score_0_100": 50.0, "source": "raters", "date": None,
                     "note": None, "by": None}],
        "rating": {"score_0_100": 40.0, "sources": 2, "formula": "mean on 0-100 of the latest rating from each source"},
        "signals": {"documents": 3, "origins": {"num": 1, "den": 3}, "credited_derivations": {"num": 1, "den": 2},
                    "uncredited_reuse": 1, "date_conflicts": 1, "revisions": 0, "misdirecting_markup": 1,
                    "derived_from_by_others": 1}}
    shown = outlet_json(sample_outlet(), with_documents=True)
    assert shown["signal_documents"] == {"origins": [4], "credited_derivations": [5], "uncredited_reuse": [6],
                                         "date_conflicts": [6], "revisions": [], "misdirecting_markup": [5],
                                         "derived_from_by_others": [11]}
    detail = outlet_detail(sample_outlet())
    assert "rating:   40/100 (2 source(s))" in detail
    assert "  mixed on label = 50/100  by raters  undated" in detail
    assert "  originates its story      1/3 (33%)  #4" in detail
    row = credibility_table([sample_outlet()]).splitlines()[1].split()
    assert row[:2] == ["3", "Harbour"] and row[-5:] == ["3", "1/3", "1/2", "1", "1"]


def test_a_graph_gives_prov_json_with_its_evidence() -> None:
    from prov.model import ProvDocument

    from provenance.graph import Graph, GraphEdge, GraphNode, SnapshotRef
    from provenance.report.interchange import graph_prov_json

    copy = GraphNode("doc:4", 4, "Harbour Ledger", "https://ledger.example/dam", "Dam deal", dt.date(2025, 6, 12),
                     ("Ana Ruiz",), snapshots=(SnapshotRef("cd" * 32, dt.datetime(2026, 11, 23, 3, 10), "http", 900,
                                                           "https://ledger.example/dam"),))
    origin = GraphNode("outlet:kestrel", None, "Kestrel News Agency", None, name="Kestrel News Agency")
    graph = Graph((copy, origin), (GraphEdge("doc:4", "outlet:kestrel", "repost", ("marker",), (), 0.9),),
                  (("doc:4", "outlet:kestrel"),))
    data = json.loads(graph_prov_json(graph))
    assert data["entity"]["pv:doc-4"]["pv:published"] == "2025-06-12"
    assert data["entity"]["pv:doc-4"]["pv:in_archive"] is True
    assert data["entity"]["pv:source-outlet-kestrel"]["pv:in_archive"] is False
    assert data["entity"][f"pv:snapshot-{'cd' * 32}"]["pv:retrieved"] == "2026-11-23T03:10:00Z"
    derivations = list(data["wasDerivedFrom"].values())
    assert [(d["prov:generatedEntity"], d["prov:usedEntity"]) for d in derivations] == [
        ("pv:doc-4", "pv:source-outlet-kestrel")] * 2
    assert derivations[0]["pv:relation"] == "repost" and derivations[0]["pv:confidence"]["$"] == "0.9"
    assert "PrimarySource" in json.dumps(derivations[1])  # (hadPrimarySource: a typed derivation)
    ProvDocument.deserialize(content=json.dumps(data), format="json")


def test_outlet_list_and_corrections_give_exactly_their_json() -> None:
    from provenance.lineage import CorrectionView
    from provenance.outlets import Listed
    from provenance.render import corrections_table, outlets_table
    from provenance.views import correction_json, listed_outlet_json

    row = Listed("Kestrel News Agency", "wire", ("kestrelnews.example",), ("KNA",), False, "registry")
    assert listed_outlet_json(row) == {"id": None, "name": "Kestrel News Agency", "kind": "wire",
                                       "domains": ["kestrelnews.example"], "aliases": ["KNA"], "verified": False,
                                       "origin": "registry"}
    assert outlets_table([row]).splitlines()[1].split()[-3:] == ["wire", "no", "kestrelnews.example"]
    made = CorrectionView(2, "link", 7, None, 3, None, "rewrite", "by \x1b[2Jhand", "desk",
                          dt.datetime(2026, 11, 2, 9, 30))
    assert correction_json(made) == {"id": 2, "action": "link", "derived_id": 7, "source_document_id": None,
                                     "source_outlet_id": 3, "source_url": None, "relation": "rewrite",
                                     "note": "by \x1b[2Jhand", "by": "desk", "at": "2026-11-02T09:30:00Z"}
    table = corrections_table([made])
    assert "\x1b" not in table and "#     7  outlet 3  rewrite  by hand" in table
