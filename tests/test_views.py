"""The typed results of trace and their views: keys written and read in one place, and a result
gives exactly the contract's JSON (field names, order, lists for tuples, optional fields)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from provenance.graph import (
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
from provenance.render import trace_doc_text, trace_text
from provenance.trace import Derivative, DocumentTrace, Laundered, Occurrence, Origin, TraceResult, Unresolved
from provenance.views import document_trace_json, trace_json


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
                      True, (), {"summary": "no ratings"})
    origin = Origin("outlet:kestrel", None, "Kestrel News Agency", None, "outlet", "Kestrel News Agency", (4,),
                    None)
    laundered = Laundered(4, "Harbour Ledger", 0.8, "outlet:kestrel", "Kestrel News Agency", None)
    return TraceResult("Valdoria agreed to release more water", 0.6, (copy,), (origin,), (laundered,),
                       (Unresolved("outlet:kestrel", None, "find the Kestrel News Agency article"),
                        Unresolved("url:https://k.example/1", "prov ingest https://k.example/1")))


def test_a_trace_result_gives_exactly_the_contract_json() -> None:
    data = trace_json(sample())
    assert list(data) == ["claim", "laundering", "min_score", "occurrences", "origins", "independent_origins",
                          "contradicting", "unresolved"]
    assert data["independent_origins"] == 1
    occ = data["occurrences"][0]
    assert list(occ) == ["document_id", "outlet", "published", "title", "url", "snippet", "score", "origin",
                         "path", "independent", "flags", "credibility", "agreement", "differences"]
    assert occ["agreement"] == "states" and occ["differences"] == [] and data["contradicting"] == []
    assert occ["published"] == "2025-06-12" and occ["flags"] == [] and occ["credibility"] == {"summary": "no ratings"}
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
    assert list(data) == ["document_id", "chains", "origins", "derivatives"]
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
