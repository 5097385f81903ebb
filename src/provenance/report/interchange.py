"""A report for other systems: W3C PROV (through the `prov` package) and schema.org ClaimReview.

PROV mapping:

- each document is an entity (`pv:doc-ID`), each stored snapshot an entity
  (`pv:snapshot-SHA256`) that is `specializationOf` its document, and a later
  revision of a document `wasRevisionOf` the snapshot before it;
- outlets and authors are agents; a document `wasAttributedTo` its outlet and its
  authors, and an author `actedOnBehalfOf` the outlet;
- a source known only by name or URL is an entity of its own (`pv:source-...`);
- lineage: a copy or an excerpt `wasDerivedFrom` its source typed `prov:Quotation`,
  a revision `wasRevisionOf` it, other relations (rewrite, quote, cites) are plain
  `wasDerivedFrom`; every edge keeps our relation, evidence kinds, confidence and
  flags as `pv:` attributes; each document that repeats an origin `hadPrimarySource`
  that origin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from provenance.errors import ProvenanceError
from provenance.graph import Graph, GraphEdge, GraphNode, SnapshotRef, document_key, parse_key
from provenance.untrusted import html_safe_json, http_url, xml_data

NAMESPACE = ("pv", "urn:provenance:")
QUOTATION_RELATIONS = ("repost", "excerpt", "duplicate")
STAMP = "%Y-%m-%dT%H:%M:%SZ"


def local_name(key: str) -> str:
    """A PROV identifier for a node key: `doc:7` -> `doc-7`, `url:...` -> `source-url-<hash>`."""
    parsed = parse_key(key)
    if parsed is not None and parsed.kind == "doc":
        return "doc-" + parsed.value
    if parsed is not None and parsed.kind == "outlet":
        return "source-outlet-" + re.sub(r"[^A-Za-z0-9_-]+", "-", parsed.value)
    if parsed is not None and parsed.kind == "source":  # a study, a journal, data, a release, a document
        return "source-named-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", parsed.value)
                                  or hashlib.sha1(key.encode()).hexdigest()[:16])
    return "source-url-" + hashlib.sha1(key.encode()).hexdigest()[:16]


def agent_name(kind: str, name: str) -> str:
    return f"{kind}-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", name.casefold()).strip("-") or "unnamed")


def build_prov(graph: Graph) -> Any:
    """GRAPH as a prov.model.ProvDocument."""
    from prov.model import PROV, PROV_LABEL, PROV_TYPE, ProvDocument

    doc = ProvDocument()
    doc.add_namespace(*NAMESPACE)
    outlets: dict[str, Any] = {}

    def outlet_agent(name: str) -> Any:
        if name not in outlets:
            outlets[name] = doc.agent(f"pv:{agent_name('outlet', name)}",
                                      {PROV_TYPE: PROV["Organization"], PROV_LABEL: name})
        return outlets[name]

    entities: dict[str, Any] = {}
    for node in graph.nodes:
        attrs: dict[Any, Any] = {"pv:key": node.key, "pv:in_archive": node.in_archive}
        if node.source_kind != "outlet":
            # A study, a journal, figures, a release or a document: named, with its kind.
            attrs["pv:source_kind"] = node.source_kind
            if node.name:
                attrs["pv:name"] = str(node.name)
                attrs[PROV_LABEL] = f"{node.source_kind} {node.name}"
        for field, value in (("title", node.title), ("url", node.url),
                             ("published", node.published.isoformat() if node.published else None)):
            if value:
                attrs[f"pv:{field}"] = str(value)
        if node.title:
            attrs[PROV_LABEL] = node.title
        entity = entities[node.key] = doc.entity(f"pv:{local_name(node.key)}", attrs)
        if node.outlet:
            outlet = outlet_agent(node.outlet)
            doc.wasAttributedTo(entity, outlet)
        for author in node.authors:
            person = doc.agent(f"pv:{agent_name('author', author)}", {PROV_TYPE: PROV["Person"], PROV_LABEL: author})
            doc.wasAttributedTo(entity, person)
            if node.outlet:
                doc.actedOnBehalfOf(person, outlet_agent(node.outlet))
        previous = None
        for snap in node.snapshots:
            snap_attrs: dict[str, Any] = {"pv:sha256": snap.sha256, "pv:retrieved": snap.fetched_at.strftime(STAMP),
                                          "pv:origin": snap.origin, "pv:size": int(snap.size)}
            if snap.location:
                snap_attrs["pv:location"] = snap.location
            snapshot = doc.entity(f"pv:snapshot-{snap.sha256}", snap_attrs)
            doc.specializationOf(snapshot, entity)
            if previous is not None and previous.identifier != snapshot.identifier:
                doc.wasRevisionOf(snapshot, previous)
            previous = snapshot
    for edge in graph.edges:
        derived, source = entities.get(edge.derived), entities.get(edge.source)
        if derived is None or source is None:
            continue
        attrs = {"pv:relation": edge.relation, "pv:basis": " ".join(edge.basis), "pv:flags": " ".join(edge.flags)}
        if edge.confidence is not None:
            attrs["pv:confidence"] = float(edge.confidence)
        if edge.relation == "revision":
            doc.wasRevisionOf(derived, source, other_attributes=attrs)
        elif edge.relation in QUOTATION_RELATIONS:
            doc.wasDerivedFrom(derived, source, other_attributes={PROV_TYPE: PROV["Quotation"], **attrs})
        else:
            doc.wasDerivedFrom(derived, source, other_attributes=attrs)
    for copy_key, origin_key in graph.primary_sources:
        if copy_key in entities and origin_key in entities:
            doc.hadPrimarySource(entities[copy_key], entities[origin_key])
    return doc


def primary_sources(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(document, its origin) for every document of the report that repeats an origin."""
    pairs = set()
    for chain in report.get("chains", []):
        if chain.get("hops"):
            start = chain["hops"][0]["from"]
            origin = chain.get("origin") or chain["hops"][-1]["to"]
            if origin != start:
                pairs.add((start, origin))
    return sorted(pairs)


def graph_of_report(report: dict[str, Any]) -> Graph:
    """The lineage graph a report draws, with the evidence record of each of its documents."""
    records = {d["document_id"]: d for d in report["documents"]}
    nodes = []
    for node in report["graph"]["nodes"]:
        record = records.get(node["document_id"]) if node.get("document_id") is not None else None
        snapshots = tuple(SnapshotRef(snap["sha256"], dt.datetime.strptime(snap["fetched"], STAMP), snap["origin"],
                                      snap["size"], snap.get("url") or snap.get("path"))
                          for snap in (record or {}).get("snapshots", []))
        nodes.append(GraphNode(node["key"], node.get("document_id"), node.get("outlet"), node.get("url"),
                               node.get("title"),
                               dt.date.fromisoformat(node["published"]) if node.get("published") else None,
                               tuple(record["authors"]) if record else (), node.get("source_kind", "outlet"),
                               node.get("name"), snapshots))
    edges = tuple(GraphEdge(e["derived"], e["source"], e["relation"], tuple(e["basis"]), tuple(e["flags"]),
                            e.get("confidence")) for e in report["graph"]["edges"])
    return Graph(tuple(nodes), edges, tuple(primary_sources(report)))


def graph_prov_json(graph: Graph) -> str:
    """GRAPH as PROV-JSON: control characters kept as \\u escapes, safe to embed in HTML."""
    return html_safe_json(str(build_prov(graph).serialize(format="json"))) + "\n"


def render_prov(report: dict[str, Any], fmt: str) -> str:
    """PROV-JSON (`prov-json`), PROV-N (`prov-n`) or PROV-XML (`prov-xml`) of a report's graph.

    PROV-XML is XML 1.0, which cannot carry control characters even escaped: a document's
    string holding one has it written as U+FFFD there, and in PROV-N (which would print it
    raw). PROV-JSON keeps them as \\u escapes and is safe to embed in HTML.
    """
    if fmt == "prov-json":
        return graph_prov_json(graph_of_report(report))
    document = build_prov(graph_of_report(xml_data(report)))
    if fmt == "prov-n":
        return document.get_provn() + "\n"
    return str(document.serialize(format="xml")) + "\n"


def creative_work(node: dict[str, Any], record: dict[str, Any] | None) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if url := http_url(node.get("url")):  # a javascript: or file: URL is no link to publish
        work["url"] = url
    if node.get("title"):
        work["headline"] = node["title"]
    if node.get("published"):
        work["datePublished"] = node["published"]
    if node.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": node["outlet"]}
    if record and record["authors"]:
        work["author"] = [{"@type": "Person", "name": a} for a in record["authors"]]
    if node.get("document_id") is None:
        work["description"] = "credited as the source; not in the archive"
        if node.get("source_kind", "outlet") != "outlet":
            work["name"] = node.get("name")
            work["description"] = f"{node['source_kind']} credited as the source; not in the archive"
    return work


def render_claimreview(report: dict[str, Any]) -> dict[str, Any]:
    """schema.org ClaimReview JSON-LD for a claim report; the rating is left for the fact-checker."""
    if report["report"]["subject"]["kind"] != "claim":
        kind = report["report"]["subject"]["kind"]
        article = "an" if kind == "outlet" else "a"
        raise ProvenanceError(f"a ClaimReview is about a claim, and this report is on {article} {kind}", option="claim")
    nodes = {n["key"]: n for n in report["graph"]["nodes"]}
    records = {d["document_id"]: d for d in report["documents"]}
    appearances = [creative_work(nodes[document_key(c["document_id"])], records.get(c["document_id"]))
                   for c in report["chains"]]
    origins = [nodes[o["key"]] for o in report["origins"] if o["key"] in nodes]
    first = min(origins, key=lambda n: (n.get("published") or "9999", n["key"])) if origins else None
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearances}
    if first is not None:
        item["firstAppearance"] = creative_work(first, records.get(first.get("document_id")))
        if first.get("published"):
            item["datePublished"] = first["published"]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": report["claim"],
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "ratingValue": None, "bestRating": None, "worstRating": None,
                         "alternateName": None},
        "author": {"@type": "Organization", "name": None},
        "datePublished": None,
        "url": None,
        "description": f"{report['occurrences']} appearance(s) in the archive from "
                       f"{report['independent_origins']} independent origin(s), traced by provenance. "
                       "Fill in reviewRating, author, datePublished and url before publishing.",
    }
