"""The lineage graph's vocabulary: node keys, the steps of a walk, chains and origins.

A node of the graph is one of:

- a document in the archive: `doc:7`;
- an outlet known only by name, standing for its article that is not in the archive
  (a placeholder): `outlet:reuters`;
- a URL a credit links to, not in the archive: `url:https://example.org/story`;
- a named source that is not an outlet (a study, a journal, figures, a release, a
  document): `source:nature-astronomy`, its kind kept apart (`source_kind`).

The key is how the JSON contract names a node (origins, paths, report graphs). This module
is the only place a key is written or read: everything else asks it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from provenance.outlets import slugify

NodeKind = Literal["doc", "outlet", "url", "source"]
KINDS: tuple[NodeKind, ...] = ("doc", "outlet", "url", "source")


@dataclass(frozen=True, slots=True)
class NodeKey:
    """A parsed key: its kind and what follows the colon."""

    kind: NodeKind
    value: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"

    @property
    def document_id(self) -> int | None:
        return int(self.value) if self.kind == "doc" else None


def document_key(document_id: int) -> str:
    return f"doc:{document_id}"


def outlet_key(slug: str | int) -> str:
    """The key of an outlet's placeholder, by its slug (or, for an outlet no longer known, its id)."""
    return f"outlet:{slug}"


def address_key(url: str | None) -> str:
    """The key of a URL not in the archive."""
    return f"url:{url}"


def source_key(name: str | None) -> str:
    """The key of a named source that is not an outlet: `source:SLUG` of the body or title it names
    ("source:nature-astronomy", "source:us-military"). The kind is not in the key: a rewrite that
    calls a body's report a study ("said a study from X") still repeats the same source; a leading
    "the" is no part of the name either."""
    bare = re.sub(r"^(?i:the)\s+", "", name or "")
    return f"source:{slugify(bare)}"


def source_node_key(document_id: int | None, outlet_slug: str | None, url: str | None, *, kind: str | None = None,
                    name: str | None = None) -> str:
    """The key of an edge's source as stored: its document; else a named source of another kind than an
    outlet (a study, a journal...); else its outlet by slug; else its URL."""
    if document_id is not None:
        return document_key(document_id)
    if kind is not None and kind != "outlet":
        return source_key(name)
    if outlet_slug is not None:
        return outlet_key(outlet_slug)
    return address_key(url)


def parse_key(key: str) -> NodeKey | None:
    """KEY as (kind, value), or None when it is not a node key."""
    kind, colon, value = key.partition(":")
    if not colon or kind not in KINDS:
        return None
    if kind == "doc" and not value.isdigit():
        return None
    return NodeKey(kind, value)


def document_of(key: str) -> int | None:
    """The document id of a `doc:N` key, else None."""
    parsed = parse_key(key)
    return parsed.document_id if parsed else None


def outlet_slug_of(key: str) -> str | None:
    """The slug of an `outlet:SLUG` key, else None."""
    parsed = parse_key(key)
    return parsed.value if parsed and parsed.kind == "outlet" else None


def is_address(key: str) -> bool:
    """Whether KEY names a URL not in the archive."""
    parsed = parse_key(key)
    return parsed is not None and parsed.kind == "url"


@dataclass
class Node:
    """A lineage node as stored on an edge: a stored document, a source known only by outlet or URL, or a
    named source of another kind (a study, a journal, data, a release, a document: `kind` and `name`)."""

    document_id: int | None = None
    outlet_id: int | None = None
    url: str | None = None
    kind: str | None = None
    name: str | None = None

    def key(self, slugs: dict[int, str]) -> str:
        """Its key; SLUGS gives each outlet id its slug."""
        if self.document_id is not None:
            return document_key(self.document_id)
        if self.outlet_id is not None:
            return outlet_key(slugs.get(self.outlet_id, self.outlet_id))
        if self.kind is not None:
            return source_key(self.name)
        return address_key(self.url)


@dataclass(frozen=True, slots=True)
class Step:
    """One node of a walk back to an origin, with the hop that reached it.

    The first step of a chain is the document the walk starts from (no relation, no edge);
    each later one names the stored edge it was reached by (`edge_id`) and, when a claim is
    traced, where the claim stands in the step's document (`span`, None when unknown).
    """

    document_id: int | None
    outlet: str | None
    url: str | None
    relation: str | None
    key: str
    basis: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    evidence: str | None = None
    source_kind: str = "outlet"  # study | journal | data | release | document for a named source of that kind
    name: str | None = None
    edge_id: int | None = None
    span: tuple[int, int] | None = field(default=None, compare=False)

    @property
    def display_name(self) -> str | None:
        """The source's name as shown: its own name for a named source, else its outlet's."""
        return self.name if self.name else self.outlet


Chain = tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class EdgeView:
    """A stored lineage edge seen from one of its ends (`prov show`'s sources and derivatives): the other
    end (a document, or a source known by outlet, URL or name) and the edge's relation and evidence."""

    relation: str
    document_id: int | None
    outlet: str | None
    url: str | None
    basis: tuple[str, ...]
    confidence: float
    flags: tuple[str, ...]
    manual: bool
    source_kind: str  # outlet, or study | journal | data | release | document for a named source
    name: str | None


@dataclass(frozen=True, slots=True)
class SnapshotRef:
    """A stored snapshot of a document, as evidence: its bytes' SHA-256, when and how it was read, where from."""

    sha256: str
    fetched_at: dt.datetime
    origin: str
    size: int
    location: str | None  # the URL it was fetched from, else the path it was read from


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A node of a lineage graph: a document (with what cites it as evidence), or a source known only by
    outlet, URL or name (`source_kind` other than outlet for a study, a journal, data, a release...)."""

    key: str
    document_id: int | None
    outlet: str | None
    url: str | None
    title: str | None = None
    published: dt.date | None = None
    authors: tuple[str, ...] = ()
    source_kind: str = "outlet"
    name: str | None = None
    snapshots: tuple[SnapshotRef, ...] = ()

    @property
    def in_archive(self) -> bool:
        return self.document_id is not None


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """An edge of a lineage graph, from the derived node to its source (keys), as stored."""

    derived: str
    source: str
    relation: str | None
    basis: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Graph:
    """Nodes and edges (one per pair of nodes), and each (document, origin) where the document repeats an
    origin it was traced back to (PROV's hadPrimarySource)."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    primary_sources: tuple[tuple[str, str], ...] = ()


__all__ = ["Chain", "EdgeView", "Graph", "GraphEdge", "GraphNode", "KINDS", "Node", "NodeKey", "NodeKind",
           "SnapshotRef", "Step", "address_key", "document_key", "document_of", "is_address", "outlet_key",
           "outlet_slug_of", "parse_key", "source_key", "source_node_key"]
