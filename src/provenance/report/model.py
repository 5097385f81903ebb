"""What a citation-lineage report says, as one JSON-able structure every format renders.

A report has a subject (a claim, a document or an outlet) and, for it:

- `origins`: the independent origins, each with the documents that repeat it;
- `chains`: for each document, its path back to its origin, hop by hop, with the
  relation, the kinds of evidence and the evidence itself quoted (the credit line,
  the aligned passage, the markup tag, a person's note);
- `graph`: the same as nodes (documents, and sources known only by name or URL)
  and edges from source to copy, for the drawn formats;
- `flags`: each flag raised along the way, with a sentence on why it matters and
  the edges that carry it;
- `documents`: the evidence record of every document (URL, when it was retrieved,
  the SHA-256 of each stored snapshot), so the report can be cited and checked;
- `unresolved`: sources not in the archive, with what to ingest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from provenance import __version__
from provenance.documents import find_document
from provenance.graph import Chain, Step, document_key, source_node_key
from provenance.memento import archived_copy
from provenance.models import Document, DocumentAuthor, LineageEdge, Outlet, ReuseLink
from provenance.trace import MIN_SCORE, TraceResult, trace_claim, trace_document
from provenance.views import brief_json, laundering_json, unresolved_json

FLAG_WHY = {
    "syndicated-repeat": "It repeats an origin already counted: it is not independent corroboration.",
    "uncredited-reuse": "It copies substantial text without crediting where it came from, so readers cannot "
                        "see that it is a repetition.",
    "date-conflict": "It is dated before the source it credits or copies: one of the dates is wrong, or the "
                     "direction of copying is.",
    "unresolved-source": "It credits a source that is not in the archive: the chain stops short of the origin "
                         "until that source is ingested.",
    "direction-uncertain": "Neither a credit nor the dates settle which of the two came first.",
    "laundering": "An outlet rated higher repeats an origin rated low or not at all: readers may credit the "
                  "claim with the standing of the outlet that repeats it.",
}
COPY_RELATIONS = ("repost", "excerpt")
QUOTE_CHARS = 280


def clip(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class ReportBuilder:
    """Collects nodes, edges and documents for one report."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}
        self.outlets = {o.id: o for o in session.scalars(select(Outlet))}
        self.slugs = {o.slug: o for o in self.outlets.values()}
        self.docs: dict[int, Document] = {}
        self.laundering: list[dict[str, str]] = []  # occurrences flagged, to their origin

    # Nodes -----------------------------------------------------------------------------------
    def document(self, doc_id: int) -> Document | None:
        if doc_id not in self.docs:
            doc = self.session.scalar(
                select(Document).where(Document.id == doc_id).options(
                    selectinload(Document.snapshots),
                    selectinload(Document.author_links).selectinload(DocumentAuthor.author)))
            if doc is None:
                return None
            self.docs[doc_id] = doc
        return self.docs[doc_id]

    def add_node(self, document_id: int | None, outlet: str | None, url: str | None, key: str | None = None,
                 *, kind: str | None = None, name: str | None = None) -> str:
        if document_id is not None:
            key = document_key(document_id)
        assert key is not None
        if key in self.nodes:
            return key
        # source_kind: outlet, or study | journal | data | release | document for a named source of that kind.
        kind = kind if document_id is None and kind else "outlet"
        node: dict[str, Any] = {"key": key, "document_id": document_id, "outlet": outlet, "url": url,
                                "title": None, "published": None, "authors": [], "in_archive": document_id
                                is not None, "source_kind": kind, "name": name if kind != "outlet" else outlet}
        if document_id is not None:
            doc = self.document(document_id)
            if doc is not None:
                node.update(title=doc.title, url=doc.url, authors=doc.authors,
                            published=doc.published.isoformat() if doc.published else None,
                            outlet=self.outlets[doc.outlet_id].name if doc.outlet_id in self.outlets else outlet)
                node["name"] = node["outlet"]
        self.nodes[key] = node
        return key

    # Edges -----------------------------------------------------------------------------------
    def add_edge(self, derived: str, source: str, edge: LineageEdge | None, step: dict[str, Any],
                 span: tuple[int, int] | None = None) -> dict[str, Any]:
        pair = (derived, source)
        if pair in self.edges:
            return self.edges[pair]
        entry = {"derived": derived, "source": source, "relation": step.get("relation"),
                 "basis": list(step.get("basis") or []), "flags": list(step.get("flags") or []),
                 "confidence": edge.confidence if edge is not None else None,
                 "manual": bool(edge.manual) if edge is not None else False,
                 "evidence": self.evidence(edge, span) if edge is not None else []}
        self.edges[pair] = entry
        return entry

    def evidence(self, edge: LineageEdge, span: tuple[int, int] | None) -> list[dict[str, Any]]:
        """The evidence of one edge, quoted: credit lines and tags as written, passages as aligned."""
        out: list[dict[str, Any]] = []
        for item in edge.evidence:
            kind = item.get("kind")
            if kind == "text-reuse":
                out.append(self.passage_evidence(edge, item, span))
            elif kind == "manual":
                out.append({"kind": "manual", "text": item.get("note") or "(no note)",
                            "detail": f"linked by {item.get('by')} on {item.get('at')}"})
            elif item.get("text"):
                detail = item.get("pattern")
                if item.get("via"):
                    detail = f"{detail or 'credit'}, told through {item['via']}"
                out.append({"kind": kind or "credit", "text": clip(item["text"]), "detail": detail})
        if "date" in edge.basis and edge.source_document_id is not None:
            derived, source = self.document(edge.derived_id), self.document(edge.source_document_id)
            if derived is not None and source is not None and derived.published and source.published:
                out.append({"kind": "date", "text": f"source dated {source.published.isoformat()}, "
                                                    f"this dated {derived.published.isoformat()}", "detail": None})
        return out

    def passage_evidence(self, edge: LineageEdge, item: dict[str, Any], span: tuple[int, int] | None
                         ) -> dict[str, Any]:
        containment = item.get("containment") or {}
        detail = (f"{item.get('relation')}: {containment.get('this_in_other', 0):.0%} of this text is in the "
                  f"source, {containment.get('other_in_this', 0):.0%} of the source is in this one")
        doc = self.document(edge.derived_id)
        if edge.source_document_id is None or doc is None:
            return {"kind": "text-reuse", "text": None, "detail": detail}
        a, b = sorted((edge.derived_id, edge.source_document_id))
        link = self.session.scalar(select(ReuseLink).where(ReuseLink.document_a_id == a,
                                                           ReuseLink.document_b_id == b))
        passages = []
        for a0, a1, b0, b1, kind, *_ in (link.passages if link is not None else []):
            if kind == "text":
                passages.append((a0, a1) if edge.derived_id == a else (b0, b1))
        if not passages:
            return {"kind": "text-reuse", "text": None, "detail": detail}
        # The passage that carries the claim when there is one, else the longest.
        covering = [p for p in passages if span is not None and p[0] < span[1] and span[0] < p[1]]
        if covering and span is not None:
            # The claim's words as the copy has them, where it shares them with the source.
            start, end = max(covering[0][0], span[0]), min(covering[0][1], span[1])
        else:
            start, end = max(passages, key=lambda p: p[1] - p[0])
        return {"kind": "text-reuse", "text": clip(doc.text[start:end]), "detail": detail, "span": [start, end]}

    def add_chain(self, steps: Chain, span: tuple[int, int] | None = None) -> list[dict[str, Any]]:
        """Nodes and edges of one walk (document first, origin last); the hops, each with its evidence.
        Each hop's edge is the stored one the walk took (`Step.edge_id`)."""
        hops = []
        keys = [self.add_node(s.document_id, s.outlet, s.url, s.key, kind=s.source_kind, name=s.display_name)
                for s in steps]
        for i in range(1, len(steps)):
            step = steps[i]
            edge = self.session.get(LineageEdge, step.edge_id) if step.edge_id is not None else None
            entry = self.add_edge(keys[i - 1], keys[i], edge, {"relation": step.relation, "basis": step.basis,
                                                                "flags": step.flags}, span if i == 1 else None)
            hops.append({"from": keys[i - 1], "to": keys[i], **{k: entry[k] for k in
                                                                  ("relation", "basis", "flags", "evidence")}})
        return hops

    # Output ----------------------------------------------------------------------------------
    def documents_json(self) -> list[dict[str, Any]]:
        out = []
        for doc_id in sorted(self.docs):
            doc = self.docs[doc_id]
            out.append({
                "document_id": doc.id, "title": doc.title, "url": doc.url, "path": doc.source_path,
                "outlet": self.outlets[doc.outlet_id].name if doc.outlet_id in self.outlets else None,
                "authors": doc.authors, "published": doc.published.isoformat() if doc.published else None,
                "retrieved": doc.retrieved_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "snapshots": [{"fetched": s.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "origin": s.origin,
                               "url": s.final_url or s.requested_url, "path": s.source_path,
                               "http_status": s.http_status, "content_type": s.content_type, "size": s.size,
                               "sha256": s.sha256, "warc_record_id": s.warc_record_id,
                               "archived": archived_copy(s.headers)}
                              for s in doc.snapshots],
            })
        return out

    def flags_json(self) -> list[dict[str, Any]]:
        found: dict[str, list[dict[str, str]]] = {}
        for edge in self.edges.values():
            for flag in edge["flags"]:
                found.setdefault(flag, []).append({"derived": edge["derived"], "source": edge["source"]})
        if self.laundering:
            found["laundering"] = self.laundering
        return [{"flag": flag, "why": FLAG_WHY.get(flag, ""), "edges": where} for flag, where in sorted(found.items())]

    def graph_json(self, origins: set[str]) -> dict[str, Any]:
        for key, node in self.nodes.items():
            node["origin"] = key in origins
            node["flagged"] = any(e["flags"] and e["derived"] == key for e in self.edges.values())
        return {"nodes": list(self.nodes.values()), "edges": list(self.edges.values())}

    def finish(self, subject: dict[str, Any], body: dict[str, Any], origins: set[str]) -> dict[str, Any]:
        return {"report": {"tool": "provenance", "version": __version__,
                           "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                           "subject": subject},
                **body, "graph": self.graph_json(origins), "flags": self.flags_json(),
                "documents": self.documents_json()}


def claim_report(session: Session, claim: str, *, min_score: float = MIN_SCORE) -> dict[str, Any]:
    """A report on where CLAIM appears and how many independent origins it has."""
    return claim_report_of(session, trace_claim(session, claim, min_score=min_score))


def claim_report_of(session: Session, trace: TraceResult) -> dict[str, Any]:
    """The report of a traced claim: its walks as they were taken, each hop with its stored evidence."""
    builder = ReportBuilder(session)
    chains = []
    for occ in trace.occurrences:
        builder.add_node(occ.document_id, occ.outlet, occ.url)
        steps = occ.path or (Step(occ.document_id, occ.outlet, occ.url, None, document_key(occ.document_id)),)
        chains.append({"document_id": occ.document_id, "snippet": occ.snippet, "score": occ.score,
                       "independent": occ.independent, "origin": occ.origin,
                       "credibility": brief_json(occ.credibility),
                       "flags": list(occ.flags), "agreement": occ.agreement,
                       "differences": [{"kind": d.kind, "claim": d.claim, "document": d.document}
                                       for d in occ.differences],
                       "hops": builder.add_chain(steps, occ.span)})
    origins = []
    for origin in trace.origins:
        key = builder.add_node(origin.document_id, origin.outlet, origin.url, origin.key,
                               kind=origin.source_kind, name=origin.name)
        origins.append({**builder.nodes[key], "occurrences": list(origin.occurrences),
                        "credibility": brief_json(origin.credibility)})
    for occ in trace.occurrences:
        if "laundering" in occ.flags:
            builder.laundering.append({"derived": document_key(occ.document_id), "source": occ.origin})
    body = {"claim": trace.claim, "laundering": laundering_json(trace.laundering), "min_score": trace.min_score,
            "independent_origins": trace.independent_origins,
            "occurrences": len(trace.occurrences) - len(trace.contradicting), "origins": origins, "chains": chains,
            "contradicting": [{"document_id": o.document_id, "outlet": o.outlet, "snippet": o.snippet,
                               "differences": [{"kind": d.kind, "claim": d.claim, "document": d.document}
                                               for d in o.differences]} for o in trace.contradicting],
            "unresolved": [unresolved_json(u) for u in trace.unresolved]}
    return builder.finish({"kind": "claim", "claim": trace.claim}, body, {o.key for o in trace.origins})


def document_report(session: Session, ref: str) -> dict[str, Any]:
    """A report on one document: its chains back to each origin and what was derived from it."""
    doc = find_document(session, ref)
    trace = trace_document(session, doc)
    builder = ReportBuilder(session)
    builder.add_node(doc.id, None, None)
    chains = []
    for chain in trace.chains:
        chains.append({"document_id": doc.id, "hops": builder.add_chain(chain)})
    derived = []
    for edge in session.scalars(select(LineageEdge).where(LineageEdge.source_document_id == doc.id)
                                .order_by(LineageEdge.derived_id)):
        key = builder.add_node(edge.derived_id, None, None)
        entry = builder.add_edge(key, document_key(doc.id), edge, {"relation": edge.relation, "basis": edge.basis,
                                                                    "flags": edge.flags})
        derived.append({"document_id": edge.derived_id, **{k: entry[k] for k in
                                                          ("relation", "basis", "flags", "evidence")}})
    origins = [{**builder.nodes[builder.add_node(o.document_id, o.outlet, o.url, o.key,
                                                 kind=o.source_kind, name=o.name)]}
               for o in trace.origins]
    unresolved = [unresolved_json(u) for u in trace.unresolved]
    body = {"document_id": doc.id, "origins": origins, "chains": chains, "derived": derived,
            "unresolved": unresolved}
    return builder.finish({"kind": "document", "document_id": doc.id, "title": doc.title}, body,
                          {o.key for o in trace.origins} or {document_key(doc.id)})


def outlet_report(session: Session, name: str) -> dict[str, Any]:
    """A report on an outlet: its documents, which it originates, what it takes and from whom."""
    from provenance.outlets import find_outlet

    outlet = find_outlet(session, name)
    builder = ReportBuilder(session)
    # (a registry outlet not stored yet has no id, and no documents)
    doc_ids = [] if outlet.id is None else list(session.scalars(
        select(Document.id).where(Document.outlet_id == outlet.id)
        .order_by(Document.published.nulls_last(), Document.id)))
    taken: dict[str, dict[str, Any]] = {}
    originates, derives = [], []
    for doc_id in doc_ids:
        key = builder.add_node(doc_id, outlet.name, None)
        edges = list(session.scalars(select(LineageEdge).where(LineageEdge.derived_id == doc_id)
                                     .order_by(LineageEdge.id)))
        sources = [e for e in edges if e.relation != "revision"]
        if not sources:
            originates.append(doc_id)
        for edge in sources:
            source_outlet = None
            if edge.source_document_id is not None:
                source = builder.document(edge.source_document_id)
                source_outlet = (builder.outlets[source.outlet_id].name
                                 if source is not None and source.outlet_id in builder.outlets else None)
            elif edge.source_outlet_id in builder.outlets:
                source_outlet = builder.outlets[edge.source_outlet_id].name
            slug = builder.outlets[edge.source_outlet_id].slug if edge.source_outlet_id in builder.outlets else None
            source_key = builder.add_node(edge.source_document_id, source_outlet, edge.source_url,
                                          source_node_key(edge.source_document_id, slug, edge.source_url,
                                                          kind=edge.source_kind, name=edge.source_name),
                                          kind=edge.source_kind, name=edge.source_name)
            entry = builder.add_edge(key, source_key, edge, {"relation": edge.relation, "basis": edge.basis,
                                                              "flags": edge.flags})
            derives.append({"document_id": doc_id, "source": source_key, **{
                k: entry[k] for k in ("relation", "basis", "flags", "evidence")}})
            if edge.source_document_id is None and edge.source_kind:
                source_outlet = f"{edge.source_kind} {edge.source_name}"
            row = taken.setdefault(source_outlet or source_key, {"source": source_outlet or source_key,
                                                                  "documents": 0, "credited": 0})
            row["documents"] += 1
            row["credited"] += int("uncredited-reuse" not in edge.flags)
    by_others = []
    if doc_ids:
        for edge in session.scalars(select(LineageEdge).where(LineageEdge.source_document_id.in_(doc_ids),
                                                              LineageEdge.relation != "revision")
                                    .order_by(LineageEdge.derived_id)):
            other = builder.document(edge.derived_id)
            if other is None or other.outlet_id == outlet.id or edge.source_document_id is None:
                continue
            key = builder.add_node(edge.derived_id, None, None)
            source_ref = document_key(edge.source_document_id)
            entry = builder.add_edge(key, source_ref, edge, {
                "relation": edge.relation, "basis": edge.basis, "flags": edge.flags})
            by_others.append({"document_id": edge.derived_id, "source": source_ref,
                              **{k: entry[k] for k in ("relation", "basis", "flags")}})
    body = {"outlet": {"id": outlet.id, "name": outlet.name, "slug": outlet.slug, "kind": outlet.kind,
                       "domains": [d.domain for d in outlet.domains]},
            "document_ids": doc_ids, "originates": originates, "derives": derives,
            "takes_from": sorted(taken.values(), key=lambda r: (-r["documents"], r["source"])),
            "derived_by_others": by_others, "origins": [builder.nodes[document_key(d)] for d in originates],
            "unresolved": []}
    return builder.finish({"kind": "outlet", "outlet": outlet.name}, body, {document_key(d) for d in originates})
