"""Lineage edges (derived -> source) from the evidence, and walks along them.

A document's sources come from, in order of trust:

1. what it says: attributions (markers, prose, audited markup). A credit names an
   outlet or a URL; it points at a stored document when one matches (same URL, or
   a document of that outlet sharing text with this one), else at a placeholder:
   the outlet (`outlet:SLUG`) or the URL (`url:...`). Prose credits inside text a
   document reposts under a syndication marker ("[KhaamaPress] ... wrote in Foreign
   Policy") belong to the reposted source, so they make a chain, not a star.
2. what it shares: reuse links. Direction comes from credit, then dates, then the
   shape of the overlap (the text that is mostly inside the other is the copy);
   when they disagree the edge carries `date-conflict`, when nothing decides it
   `direction-uncertain`. Credit includes what the other documents sharing the text
   say: of two copies, the one FAMILY_CREDITS of them credit (and none the other) is
   the source, whatever the dates say (the earlier uncredited copy is flagged
   `date-conflict`); and a text naming the outlet of a document it shares text with
   in a credit phrase ("via The Civic Lamp") credits that document.
3. what people said: corrections (`prov link`, `prov unlink`), which win.

One source per passage: when a document shares text with an origin A and with B,
itself a copy of A (directly or up a chain of copies), it is linked to B when it
credits B, or when it has wording found in B and not in A (B's own additions or
edits, NEARER_COPY_CHARS of its text); otherwise to A. Chains of copies that changed
the text come out as chains; siblings (two excerpts of one origin) are not linked
to each other.

Edges are recomputed for the documents a change touches (the new document, the
documents sharing text with it, those whose placeholders it may replace), in date
order, so sources are settled before their copies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from provenance.attribution import Found
from provenance.errors import NotFoundError, ProvenanceError
from provenance.graph import EdgeView, Node, document_of, outlet_key
from provenance.models import (
    Attribution,
    Correction,
    Document,
    LineageEdge,
    Outlet,
    OutletAlias,
    OutletDomain,
    ReuseLink,
    Snapshot,
    table_of,
)
from provenance.outlet_naming import OutletLabels, credit_of, credited_names
from provenance.outlets import name_keys, slugify
from provenance.reuse.translated import is_translated

SYNDICATION = {"leading-tag", "dateline", "byline", "closing-agency", "originally-published", "first-appeared",
               "republished", "credit-line", "dash-credit", "canonical", "og:url", "original-source",
               "syndication-source"}
RELATION_OF_PATTERN = {
    **{p: "repost" for p in SYNDICATION},
    "original-source": "rewrite", "source-line": "rewrite", "read-more-at": "rewrite", "with-inputs": "rewrite",
    "wrote-in": "rewrite", "op-ed-for": "rewrite", "isBasedOn": "rewrite",
    "via": "cites", "hat-tip": "cites", "according-to": "cites", "reported": "cites", "reported-by": "cites",
    "report-by": "cites", "citation": "cites", "sourceOrganization": "cites",
    "told": "quote", "interview-with": "quote",
    "says": "cites", "cited-by": "cites", "leaked-to": "cites", "outlet-staff": "cites", "of-outlet": "cites",
}
# The markup tag `original-source` is a syndication claim; the text marker "Original Source:" credits a rewrite.
MARKUP_RELATION = {"canonical": "repost", "og:url": "repost", "original-source": "repost",
                   "syndication-source": "repost"}
REUSE_RELATIONS = ("duplicate", "repost", "excerpt", "rewrite")
NEARER_COPY_MARGIN = 0.02
NEARER_COPY_CHARS = 60  # of this document's text shared with a copy and not with its origin: a sentence
MAX_ANCESTRY = 6
PLACEHOLDER_WINDOW = dt.timedelta(days=14)
PLACEHOLDER_CAP = 50
CONTENT_WINDOW = dt.timedelta(days=14)
CONTENT_CANDIDATES = 50
MIN_NAMES = 6  # names and numbers a credited outlet's document must share to be the one credited
FAMILY_CREDITS = 2  # documents sharing text with one copy that credit it, not the other: it is the source


@dataclass
class Edge:
    derived_id: int
    source: Node
    relation: str
    basis: list[str]
    confidence: float
    flags: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    manual: bool = False


def url_key(url: str | None) -> str | None:
    """A URL compared loosely: no scheme, no www., no trailing slash, no fragment."""
    if not url:
        return None
    value = re.sub(r"^https?://(www\.)?", "", url.strip().lower()).split("#")[0]
    return value.rstrip("/")


def word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """START:END of TEXT without the punctuation and spaces at its edges (where a word-aligned passage
    begins and ends), or as it is when it holds no word."""
    words = [m.span() for m in re.finditer(r"\w+", text[start:end])]
    return (start + words[0][0], start + words[-1][1]) if words else (start, end)


def first_line(text: str) -> str:
    return text.lstrip().split("\n", 1)[0].strip()[:120]


def when(doc: Document) -> tuple[dt.date, int]:
    """Sort key: publication date (undated last), then id."""
    return (doc.published or dt.date.max, doc.id)


def hyperlink(attr: Attribution) -> bool:
    """A credit that is only a link in the text: it supports its sentence, it does not say the
    document retells the linked one."""
    return (attr.detail or {}).get("pattern") == "hyperlink"


def credit_relation(attr: Attribution) -> str:
    pattern = (attr.detail or {}).get("pattern", "")
    if attr.kind == "markup" and pattern in MARKUP_RELATION:
        return MARKUP_RELATION[pattern]
    return RELATION_OF_PATTERN.get(pattern, "cites")


def usable_credits(doc: Document) -> list[Attribution]:
    """Attributions that name a source other than the document itself, markup that passed its audit."""
    out = []
    for attr in doc.attributions:
        detail = attr.detail or {}
        if detail.get("audit") or detail.get("self") or detail.get("unsupported"):
            continue  # (unsupported: a link-only credit nothing in its sentence supports, links.link_support)
        if attr.source_outlet_id is not None and attr.source_outlet_id == doc.outlet_id:
            continue
        if attr.source_outlet_id is None and not attr.source_url and not (attr.source_kind and attr.source_name):
            continue  # an ambiguous name: kept as evidence on the document, no edge
        out.append(attr)
    return out


class OutletColumn(dict[int, str]):
    """An outlet's slug or name by its id, read from the database the first time it is asked for."""

    def __init__(self, fetch: Callable[[int], str | None]) -> None:
        super().__init__()
        self.fetch = fetch

    def __missing__(self, outlet_id: int) -> str:
        value = self.fetch(outlet_id) if isinstance(outlet_id, int) else None
        if value is None:
            raise KeyError(outlet_id)
        self[outlet_id] = value
        return value

    def get(self, outlet_id: int, default: Any = None) -> Any:
        try:
            return self[outlet_id]
        except KeyError:
            return default

    def __contains__(self, outlet_id: object) -> bool:
        return isinstance(outlet_id, int) and self.get(outlet_id) is not None


class Builder:
    """Infers the edges of documents, with what it needs from the database loaded once per call."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # The slugs and names of the outlets met, read as they are met: reading the whole outlet table
        # for every stored document made each ingest cost more as the archive grows.
        rows: dict[int, tuple[str, str] | None] = {}

        def outlet_row(outlet_id: int) -> tuple[str, str] | None:
            if outlet_id not in rows:
                row = session.execute(select(Outlet.slug, Outlet.name).where(Outlet.id == outlet_id)).first()
                rows[outlet_id] = (row[0], row[1]) if row is not None else None
            return rows[outlet_id]

        self.slugs = OutletColumn(lambda i: (outlet_row(i) or (None, None))[0])
        self.names = OutletColumn(lambda i: (outlet_row(i) or (None, None))[1])
        self.copy_dates: dict[int, dt.date | None] = {}
        self.credit_counts: dict[int, int] = {}
        self.named: dict[tuple[int, int], Found | None] = {}
        self.labels: dict[int, OutletLabels] = {}
        self.phrases: dict[int, list[Found]] = {}

    def dated(self, doc: Document) -> dt.date | None:
        """A document's date; for an undated one, the date of the same article stored again by the same
        outlet (a saved text copy of a dated page): the article's date, which decides copying as well."""
        if doc.published or doc.outlet_id is None:
            return doc.published
        if doc.id not in self.copy_dates:
            rows = self.session.execute(
                select(Document.published).join(ReuseLink, or_(
                    (ReuseLink.document_a_id == doc.id) & (ReuseLink.document_b_id == Document.id),
                    (ReuseLink.document_b_id == doc.id) & (ReuseLink.document_a_id == Document.id)))
                .where(ReuseLink.relation == "duplicate", Document.outlet_id == doc.outlet_id,
                       Document.published.is_not(None))).scalars().all()
            dates = [d for d in rows if d is not None]  # (the query keeps dated ones only)
            self.copy_dates[doc.id] = min(dates) if dates else None
        return self.copy_dates[doc.id]

    def links_of(self, doc_id: int) -> list[tuple[int, ReuseLink]]:
        rows = self.session.scalars(select(ReuseLink).where(
            or_(ReuseLink.document_a_id == doc_id, ReuseLink.document_b_id == doc_id),
            ReuseLink.relation.in_(REUSE_RELATIONS))).all()
        return [(link.document_b_id if link.document_a_id == doc_id else link.document_a_id, link) for link in rows]

    def outlet_labels(self, outlet_id: int) -> OutletLabels:
        """What an outlet goes by: its name, its aliases and their keys, its domains."""
        if outlet_id not in self.labels:
            aliases = self.session.execute(select(OutletAlias.alias, OutletAlias.key)
                                           .where(OutletAlias.outlet_id == outlet_id)).all()
            domains = self.session.scalars(select(OutletDomain.domain).where(OutletDomain.outlet_id == outlet_id)
                                           .order_by(OutletDomain.id)).all()
            names = tuple(dict.fromkeys([self.names[outlet_id], *(alias for alias, _ in aliases)]))
            keys = frozenset({key for _, key in aliases} | {key for name in names for key in name_keys(name)})
            self.labels[outlet_id] = OutletLabels(names, keys, tuple(domains))
        return self.labels[outlet_id]

    def names_outlet(self, doc: Document, other: Document) -> Found | None:
        """DOC's credit naming OTHER's outlet (another outlet than DOC's): a credit phrase with its name,
        an alias or a domain ("via The Harbour Ledger" when only harbourledger.example is known of it),
        or a link of DOC's credits to one of its domains."""
        if other.outlet_id is None or other.outlet_id == doc.outlet_id or other.outlet_id not in self.names:
            return None
        key = (doc.id, other.outlet_id)
        if key not in self.named:
            labels = self.outlet_labels(other.outlet_id)
            if doc.id not in self.phrases:
                self.phrases[doc.id] = credited_names(doc.text)
            found = credit_of(doc.text, labels, self.phrases[doc.id])
            if found is None:
                linked = next((a for a in usable_credits(doc) if labels.links_here(a.source_url)), None)
                if linked is not None:
                    found = Found(linked.kind, (linked.detail or {}).get("pattern", "hyperlink"), labels.names[0],
                                  linked.source_url, linked.evidence, linked.start, linked.end, linked.confidence)
            self.named[key] = found
        return self.named[key]

    def credits_document(self, doc: Document, source: Document) -> bool:
        """Whether DOC credits SOURCE: its outlet or its address in an attribution, or its outlet's name
        in a credit phrase."""
        addresses = {k for k in (url_key(source.url), url_key(source.canonical_url)) if k}
        for attr in usable_credits(doc):
            if source.outlet_id is not None and attr.source_outlet_id == source.outlet_id:
                return True
            if attr.source_url and url_key(attr.source_url) in addresses:
                return True
        return self.names_outlet(doc, source) is not None

    def credited_by(self, doc: Document) -> int:
        """How many documents of other outlets sharing text with DOC credit it (its outlet or address)."""
        if doc.id not in self.credit_counts:
            ids = [o for o, _ in self.links_of(doc.id)]
            neighbours = self.session.scalars(select(Document).where(Document.id.in_(ids))).all() if ids else []
            self.credit_counts[doc.id] = sum(
                1 for other in neighbours if not (other.outlet_id is not None and other.outlet_id == doc.outlet_id)
                and self.credits_document(other, doc))
        return self.credit_counts[doc.id]

    def find_by_url(self, url: str) -> Document | None:
        return document_at(self.session, url)

    def infer(self, doc: Document) -> list[Edge]:
        """Every inferred edge with DOC as the derived side."""
        links = self.links_of(doc.id)
        others = {d.id: d for d in self.session.scalars(select(Document).where(
            Document.id.in_([o for o, _ in links])))} if links else {}
        edges: dict[str, Edge] = {}
        credited_docs: set[int] = set()
        credited_outlets: set[int] = set()
        credits = usable_credits(doc)
        # A credit copied along with the text it came in is the copied document's, not this one's
        # (it still says where the story came from, for telling siblings apart below).
        copied_along = {c.id: self.inherited_from(doc, c, links, others) for c in credits}
        every_credit = credits
        credits = [c for c in credits if not copied_along[c.id]]
        # The syndication marker this document reposts under; one copied along is the copied document's,
        # and this document's own prose credits are then its own, not the marker's source's.
        syndicated = [c for c in credits if (c.detail or {}).get("pattern") in SYNDICATION
                      and credit_relation(c) == "repost"]
        carrier = syndicated[0] if syndicated else None
        for attr in credits:
            target = self.resolve_credit(doc, attr, links, others)
            if target.document_id is not None:
                credited_docs.add(target.document_id)
            if attr.source_outlet_id is not None:
                credited_outlets.add(attr.source_outlet_id)
            relation = credit_relation(attr)
            link = next((lk for o, lk in links if o == target.document_id), None)
            basis = [attr.kind]
            if link is not None:
                # Credited and sharing text: the shared text says how ("told X" stays a quote).
                relation = relation if relation == "quote" else link_relation(link.relation)
                basis.append("text-reuse")
            elif target.document_id is not None and relation == "cites" and not hyperlink(attr):
                relation = "rewrite"  # the credited outlet's own report of the story, told in other words
            evidence = [{"kind": attr.kind, "pattern": (attr.detail or {}).get("pattern"), "text": attr.evidence,
                         "start": attr.start, "end": attr.end}]
            key = target.key(self.slugs)
            carrier_key = self.node_of(carrier).key(self.slugs) if carrier is not None else None
            if carrier is not None and attr is not carrier and attr.kind == "prose" and key != carrier_key:
                # (a prose credit to the marker's own source, "told The Associated Press" in an AP copy,
                # is more evidence for the marker's edge, not a credit made on its behalf)
                evidence[0]["via"] = carrier_key
            if key in edges:
                edges[key].evidence.extend(evidence)
                edges[key].basis = sorted(set(edges[key].basis) | set(basis))
                continue
            edge = Edge(doc.id, target, relation, basis, round(attr.confidence, 2), evidence=evidence)
            if target.document_id is None and attr.kind != "prose" or (
                    target.document_id is None and not evidence[0].get("via")):
                edge.flags.append("unresolved-source")
            if target.document_id is not None:
                other = others.get(target.document_id) or self.session.get(Document, target.document_id)
                if other is not None and other.published and doc.published and other.published > doc.published:
                    edge.flags.append("date-conflict")
            edges[key] = edge
        before = set(edges)
        self.drop_inherited_placeholders(edges)
        for edge in edges.values():
            for item in edge.evidence:
                if item.get("via") in before - set(edges):
                    # The marker's source is a credited document's own credit, carried over with its text:
                    # the chain goes through that document, and the credits beside the marker are this one's.
                    del item["via"]
        edge_keys = {e.source.key(self.slugs) for e in edges.values()}
        for other_id, link in links:
            if other_id in credited_docs:
                continue
            other = others[other_id]
            if other.outlet_id is not None and other.outlet_id in credited_outlets:
                # Credited by name, and this is that outlet's text: the credit edge points here.
                continue
            # What this document says its story came from: its credits, and those it copied from
            # a document other than OTHER (a credit copied from OTHER says it came through OTHER).
            credited_keys = edge_keys | {self.node_of(a).key(self.slugs) for a in every_credit
                                         if other_id not in copied_along[a.id]}
            # Its outlet named in a credit phrase of this text, a name the rules did not take for a
            # publication's ("via The Civic Lamp"): this document says it took the text from there.
            named = self.names_outlet(doc, other)
            if named is None and credited_keys and link.relation in ("rewrite", "excerpt") and self.siblings(
                    doc, other, credited_keys):
                continue  # both rework or excerpt a source this one credits: alike because of it, not of each other
            direction: tuple[list[str], float] | None
            if named is not None:
                late = doc.published and other.published and other.published > doc.published
                direction = (["date-conflict"] if late else [], 0.75)
            else:
                direction = self.direction(doc, other, link)
            if direction is None:
                continue
            flags, confidence = direction
            relation = link_relation(link.relation)
            edge = Edge(doc.id, Node(document_id=other_id), relation, ["text-reuse"], confidence, flags=flags,
                        evidence=[{"kind": "text-reuse", "relation": link.relation,
                                   "containment": self.containment(doc.id, link)}])
            if doc.published and other.published and other.published < doc.published:
                edge.basis.append("date")
            if named is not None:
                edge.basis.append(named.kind)
                edge.evidence.insert(0, {"kind": named.kind, "pattern": named.pattern, "text": named.evidence,
                                         "start": named.start, "end": named.end})
                credited_docs.add(other_id)
            elif relation in ("repost", "excerpt", "rewrite") and not (doc.outlet_id is not None
                                                                    and other.outlet_id == doc.outlet_id) \
                    and not self.carries_owner_credit(every_credit, copied_along, other_id):
                edge.flags.append("uncredited-reuse")
            edges[edge.source.key(self.slugs)] = edge
        # Several documents fit: one source per passage, nearer copies over their origins.
        self.prefer_nearer_copies(doc, edges, credited_docs, dict(links))
        # A translation (reuse/translated.py), credited or not, says so on its edge.
        by_source = dict(links)
        for edge in edges.values():
            link = by_source.get(edge.source.document_id) if edge.source.document_id is not None else None
            if link is not None and is_translated(link.passages):
                edge.flags.append("translated")
        # A document repeating what an earlier document already said is not independent.
        for edge in edges.values():
            if edge.relation in ("repost", "excerpt") and "syndicated-repeat" not in edge.flags:
                edge.flags.append("syndicated-repeat")
        return list(edges.values())

    def resolve_credit(self, doc: Document, attr: Attribution, links: list[tuple[int, ReuseLink]],
                       others: dict[int, Document]) -> Node:
        """The stored document a credit names, when there is one; else its outlet or URL."""
        if attr.source_url:
            found = self.find_by_url(attr.source_url)
            if found is not None and found.id != doc.id:
                return Node(document_id=found.id)
        if attr.source_kind and attr.source_name:
            return self.node_of(attr)  # a study, a journal, figures, a release, a document: named, not stored
        if hyperlink(attr) and attr.source_outlet_id is not None:
            # A link names one page: another story of its site is not the one the sentence rests on.
            return Node(outlet_id=attr.source_outlet_id, url=attr.source_url)
        if attr.source_outlet_id is not None:
            shared = [others[o] for o, _ in links if others[o].outlet_id == attr.source_outlet_id]
            if not shared:
                # A linked document with no outlet of its own whose first line is the credited name.
                keys = set(name_keys(self.names.get(attr.source_outlet_id, "")))
                shared = [others[o] for o, _ in links if others[o].outlet_id is None and keys
                          and keys & set(name_keys(first_line(others[o].text)) + name_keys(others[o].title or ""))]
            if not shared and links:
                # Two steps away: a document of that outlet sharing text with what this one shares text with
                # (a summary worded like the agency's rewrite, crediting the analysis the agency rewrote).
                near = {o for o, _ in links}
                second: set[int] = set()
                for o in near:
                    second.update(x for x, _ in self.links_of(o))
                second -= near | {doc.id}
                if second:
                    shared = list(self.session.scalars(select(Document).where(
                        Document.id.in_(second), Document.outlet_id == attr.source_outlet_id)))
            if shared:
                return Node(document_id=min(shared, key=when).id)
            found = self.by_content(doc, attr.source_outlet_id)
            if found is not None:
                return Node(document_id=found.id)
            # Not in the archive: the outlet, at the address the credit's link gives when it has one.
            return Node(outlet_id=attr.source_outlet_id, url=attr.source_url)
        return Node(url=attr.source_url)

    def drop_inherited_placeholders(self, edges: dict[str, Edge]) -> None:
        """A credit to an outlet not in the archive that a credited source document makes too is that
        document's credit, carried over in the rewriting: the chain goes through the document."""
        sources = [e.source.document_id for e in edges.values() if e.source.document_id is not None]
        if not sources:
            return
        attrs = list(self.session.scalars(select(Attribution).where(Attribution.document_id.in_(sources))))
        theirs = {a.source_outlet_id for a in attrs if a.source_outlet_id is not None}
        their_kinds = {self.node_of(a).key(self.slugs) for a in attrs if a.source_kind and a.source_name}
        for key, edge in list(edges.items()):
            if edge.source.document_id is None and not edge.manual and (
                    edge.source.outlet_id in theirs or edge.source.kind is not None and key in their_kinds):
                del edges[key]

    def inherited_from(self, doc: Document, attr: Attribution, links: list[tuple[int, ReuseLink]],
                       others: dict[int, Document]) -> list[int]:
        """The earlier documents DOC may have copied a credit from, with the text it sits in, when they
        make the same credit: then it is their credit, and the chain runs through one of them."""
        held: list[int] = []
        if attr.start is None or attr.end is None or attr.kind == "markup":
            return held
        # Passages are aligned on words: "(Reuters" is in one when "Reuters" is.
        start, end = word_span(doc.text, attr.start, attr.end)
        for other_id, link in links:
            other = others[other_id]
            same = [a for a in usable_credits(other) if (a.source_outlet_id is not None and
                    a.source_outlet_id == attr.source_outlet_id) or (a.source_url and a.source_url == attr.source_url)
                    or (a.source_kind and a.source_kind == attr.source_kind
                        and slugify(a.source_name or "") == slugify(attr.source_name or ""))]
            if not same or self.direction(doc, other, link) is None:
                continue
            this_is_a = link.document_a_id == doc.id
            for a0, a1, b0, b1, kind, *_ in link.passages:
                s0, s1 = (a0, a1) if this_is_a else (b0, b1)
                if kind == "text" and s0 <= start and end <= s1:
                    held.append(other_id)
                    break
        return held

    @staticmethod
    def carries_owner_credit(credits: list[Attribution], copied_along: dict[int, list[int]], other_id: int) -> bool:
        """Whether this document keeps, in the text it shares with OTHER, OTHER's credit to the owner of
        that text: a syndication marker ("PORT ALDER (AP) —", "[Agency]", "Originally published by")
        says the copy is the agency's, so two papers printing one wire story both name where its words
        come from, and neither reuses the other's without credit. (A prose credit copied along, "X wrote
        in Foreign Policy", names where a fact came from, not whose words these are: no such pass.)"""
        return any(other_id in copied_along.get(c.id, []) and credit_relation(c) == "repost"
                   and (c.detail or {}).get("pattern") in SYNDICATION for c in credits)

    def siblings(self, doc: Document, other: Document, credited_keys: set[str]) -> bool:
        """Whether OTHER comes from a source DOC credits (directly or up either one's chain), and
        neither credits the other: two reworkings of one source, alike because of it."""
        theirs = set()
        for attr in usable_credits(other):
            if attr.source_outlet_id == doc.outlet_id and doc.outlet_id is not None:
                return False
            theirs.add(self.node_of(attr).key(self.slugs))
        their_keys, their_docs = self.ancestry([other.id])
        if doc.id in their_docs:
            return False
        mine = {d for d in map(document_of, credited_keys) if d is not None}
        my_keys, _ = self.ancestry(sorted(mine))
        return bool((theirs | their_keys) & (credited_keys | my_keys))

    def ancestry(self, start: list[int]) -> tuple[set[str], set[int]]:
        """The sources up the chains of the START documents (at most MAX_ANCESTRY steps): their node
        keys, with the outlet of every source document, and the ids of the source documents."""
        keys: set[str] = set()
        frontier, seen = list(start), set(start)
        for _ in range(MAX_ANCESTRY):
            if not frontier:
                break
            edges = self.session.scalars(select(LineageEdge).where(LineageEdge.derived_id.in_(frontier))).all()
            frontier = []
            for edge in edges:
                keys.add(Node(edge.source_document_id, edge.source_outlet_id if edge.source_document_id is None
                              else None, edge.source_url).key(self.slugs))
                if edge.source_outlet_id is not None:
                    keys.add(outlet_key(str(self.slugs.get(edge.source_outlet_id))))
                if edge.source_document_id is not None and edge.source_document_id not in seen:
                    seen.add(edge.source_document_id)
                    frontier.append(edge.source_document_id)
                    source = self.session.get(Document, edge.source_document_id)
                    if source is not None and source.outlet_id is not None:
                        keys.add(outlet_key(str(self.slugs.get(source.outlet_id))))
        return keys, seen - set(start)

    def by_content(self, doc: Document, outlet_id: int) -> Document | None:
        """The credited outlet's document on the same story, for a rewrite that shares little wording:
        among that outlet's documents from the CONTENT_WINDOW days before this one (its latest, for an
        undated document), the one sharing the most of this document's names and numbers, if it
        shares at least MIN_NAMES. An indexed lookup of at most CONTENT_CANDIDATES documents."""
        names = [w for w, _ in Counter(re.findall(r"\b(?:[A-Z][a-z]{2,}|\d[\d,.]*\d)\b", doc.text)).most_common(15)]
        if len(names) < MIN_NAMES:
            return None
        query = select(Document).where(Document.outlet_id == outlet_id, Document.id != doc.id)
        if doc.published:
            query = query.where(Document.published.between(doc.published - CONTENT_WINDOW, doc.published))
        query = query.order_by(Document.published.desc(), Document.id.desc()).limit(CONTENT_CANDIDATES)
        best, best_n = None, MIN_NAMES - 1
        for other in self.session.scalars(query):
            n = sum(1 for name in names if name in other.text)
            if n > best_n:
                best, best_n = other, n
        return best

    def node_of(self, attr: Attribution) -> Node:
        if attr.source_kind and attr.source_name:
            # "the World Health Organization" and "World Health Organization": one node, named without "the".
            return Node(kind=attr.source_kind, name=re.sub(r"^(?i:the)\s+", "", attr.source_name))
        if attr.source_outlet_id is not None:
            return Node(outlet_id=attr.source_outlet_id)
        return Node(url=attr.source_url)

    @staticmethod
    def containment(doc_id: int, link: ReuseLink) -> dict[str, float]:
        this_is_a = link.document_a_id == doc_id
        return {"this_in_other": link.a_in_b if this_is_a else link.b_in_a,
                "other_in_this": link.b_in_a if this_is_a else link.a_in_b}

    def direction(self, doc: Document, other: Document, link: ReuseLink) -> tuple[list[str], float] | None:
        """Whether DOC derives from OTHER by their shared text: (flags, confidence), or None if OTHER derives."""
        # The other document credits this one: it is the copy.
        if any(a.source_outlet_id == doc.outlet_id and doc.outlet_id is not None for a in usable_credits(other)):
            return None
        mine, theirs = self.dated(doc), self.dated(other)
        # Documents sharing their text say which one they took it from: that wins over one date (an
        # uncredited copy dated before the origin that several copies credit is still the copy).
        credits_mine, credits_theirs = self.credited_by(doc), self.credited_by(other)
        if credits_theirs >= FAMILY_CREDITS and credits_mine == 0:
            return (["date-conflict"] if mine and theirs and mine < theirs else [], 0.7)
        if credits_mine >= FAMILY_CREDITS and credits_theirs == 0:
            return None
        if mine and theirs and mine != theirs:
            return ([], 0.8) if theirs < mine else None
        c = self.containment(doc.id, link)
        if link.relation in ("excerpt",) and abs(c["this_in_other"] - c["other_in_this"]) > 0.2:
            # The text mostly inside the other is the excerpt.
            return (["direction-uncertain"], 0.5) if c["this_in_other"] > c["other_in_this"] else None
        if (mine is None) != (theirs is None):
            # One says when it was published, the other does not (a saved text, a site without dates): of two
            # near-whole copies, the dated one is taken as the source, and the edge says it is not settled.
            return (["direction-uncertain"], 0.5) if theirs is not None else None
        if link.relation == "repost" and abs(c["this_in_other"] - c["other_in_this"]) > 0.05:
            # The repost adds commentary to the whole source: it is the larger.
            return (["direction-uncertain"], 0.5) if c["other_in_this"] > c["this_in_other"] else None
        # Nothing decides: the one stored later is taken as the copy, and says so.
        return (["direction-uncertain"], 0.4) if other.id < doc.id else None

    def prefer_nearer_copies(self, doc: Document, edges: dict[str, Edge], credited: set[int],
                             links: dict[int, ReuseLink]) -> None:
        reuse_sources = {e.source.document_id: e for e in edges.values()
                         if e.source.document_id is not None and "text-reuse" in e.basis}
        if len(reuse_sources) < 2:
            return
        # Each source with the sources it derives from, up its chain (copy2 -> copy -> origin: a document
        # repeating the origin's text and none of the copies' own wording is the origin's copy).
        parents = [(copy_id, origin_id) for copy_id in reuse_sources
                   for origin_id in sorted(self.ancestry([copy_id])[1] & set(reuse_sources))]
        for copy_id, origin_id in parents:
            if copy_id not in reuse_sources or origin_id not in reuse_sources:
                continue
            via_copy, via_origin = reuse_sources[copy_id], reuse_sources[origin_id]
            if origin_id in credited and copy_id not in credited:
                drop = via_copy
            elif copy_id in credited and origin_id not in credited:
                drop = via_origin
            else:
                # Wording found only in the copy says it was the copy; otherwise the origin it repeats.
                only_in_copy = self.only_in(doc.id, links.get(copy_id), links.get(origin_id))
                if only_in_copy is not None:
                    drop = via_origin if only_in_copy >= NEARER_COPY_CHARS else via_copy
                else:
                    in_copy = via_copy.evidence[-1].get("containment", {}).get("this_in_other", 0.0)
                    in_origin = via_origin.evidence[-1].get("containment", {}).get("this_in_other", 0.0)
                    drop = via_origin if in_copy > in_origin + NEARER_COPY_MARGIN else via_copy
            for key, edge in list(edges.items()):
                if edge is drop:
                    del edges[key]


    @staticmethod
    def only_in(doc_id: int, with_copy: ReuseLink | None, with_origin: ReuseLink | None) -> int | None:
        """How many characters of DOC's text it shares with the copy and not with the origin (their
        aligned passages), or None without both links."""
        if with_copy is None or with_origin is None:
            return None

        def covered(link: ReuseLink) -> list[tuple[int, int]]:
            """This document's spans in the link's passages, merged."""
            this_is_a = link.document_a_id == doc_id
            spans = sorted((a0, a1) if this_is_a else (b0, b1) for a0, a1, b0, b1, kind, *_ in link.passages
                           if kind in ("text", "quote"))
            merged: list[tuple[int, int]] = []
            for start, end in spans:
                if merged and start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                else:
                    merged.append((start, end))
            return merged

        origin_spans = covered(with_origin)
        only = 0
        for start, end in covered(with_copy):
            overlap = sum(max(0, min(end, e) - max(start, s)) for s, e in origin_spans)
            only += end - start - overlap
        return only


def document_at(session: Session, url: str) -> Document | None:
    """The stored document at URL (its own address or its canonical one, compared by `url_key`)."""
    key = url_key(url)
    if key is None:
        return None
    forms = [f"https://{key}", f"http://{key}", f"https://www.{key}", f"http://www.{key}", f"https://{key}/",
             f"http://{key}/"]
    candidates = session.scalars(select(Document).where(or_(
        Document.url.in_(forms), Document.canonical_url.in_(forms[:3])))).all()
    if candidates:
        return candidates[0]
    # Fetched from this address and stored at the one it redirected to (`prov follow` of a credited link).
    redirected = session.scalar(select(Snapshot.document_id).where(Snapshot.requested_url.in_(forms),
                                                                   Snapshot.origin == "http").limit(1))
    return session.get(Document, redirected) if redirected is not None else None


def link_relation(relation: str) -> str:
    return "repost" if relation == "duplicate" else relation


def apply_corrections(session: Session, doc_id: int, edges: list[Edge]) -> list[Edge]:
    """Manual links added, manual unlinks removed: people win over inference."""
    corrections = session.scalars(select(Correction).where(Correction.derived_id == doc_id)
                                  .order_by(Correction.created_at, Correction.id)).all()
    for c in corrections:
        target = Node(document_id=c.source_document_id, outlet_id=c.source_outlet_id if c.source_document_id is None
                      else None, url=c.source_url if c.source_document_id is None and c.source_outlet_id is None
                      else None)
        same = [e for e in edges if e.source.key({}) == target.key({})]
        for e in same:
            edges.remove(e)
        if c.action == "link":
            edges.append(Edge(doc_id, target, c.relation or "cites", ["manual"], 1.0, manual=True,
                              evidence=[{"kind": "manual", "note": c.note, "by": c.made_by,
                                         "at": c.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")}]))
    return edges


def write_edges(session: Session, doc_id: int, edges: list[Edge]) -> None:
    session.execute(delete(LineageEdge).where(LineageEdge.derived_id == doc_id))
    if edges:
        session.execute(insert(table_of(LineageEdge)), [{
            "derived_id": e.derived_id, "source_document_id": e.source.document_id,
            "source_outlet_id": e.source.outlet_id, "source_url": e.source.url, "source_kind": e.source.kind,
            "source_name": e.source.name, "relation": e.relation,
            "basis": sorted(set(e.basis)), "confidence": e.confidence, "flags": sorted(set(e.flags)),
            "evidence": e.evidence, "manual": e.manual,
        } for e in edges])


def affected(session: Session, doc: Document) -> list[int]:
    """Documents whose edges a change to DOC can change: itself, those sharing text with it, those
    crediting its outlet or its URL as a placeholder (bounded: PLACEHOLDER_CAP, dated within
    PLACEHOLDER_WINDOW after it)."""
    ids = {doc.id}
    for a, b in session.execute(select(ReuseLink.document_a_id, ReuseLink.document_b_id).where(
            or_(ReuseLink.document_a_id == doc.id, ReuseLink.document_b_id == doc.id))):
        ids.update((a, b))
    # Documents crediting this outlet as a placeholder, published around the same time (a story is
    # credited within days), may now find their source in this document.
    if doc.outlet_id is not None:
        query = (select(LineageEdge.derived_id).join(Document, Document.id == LineageEdge.derived_id)
                 .where(LineageEdge.source_outlet_id == doc.outlet_id, LineageEdge.source_document_id.is_(None)))
        if doc.published:
            query = query.where(Document.published.between(doc.published, doc.published + PLACEHOLDER_WINDOW))
        ids.update(session.scalars(query.order_by(LineageEdge.id.desc()).limit(PLACEHOLDER_CAP)))
    urls = [u for u in (doc.url, doc.canonical_url) if u]
    # (and the addresses it was fetched from, when they redirected here)
    urls += [u for u in session.scalars(select(Snapshot.requested_url).where(Snapshot.document_id == doc.id))
             if u and u not in urls]
    if urls:
        ids.update(session.scalars(select(LineageEdge.derived_id).where(LineageEdge.source_url.in_(urls))))
    return sorted(ids)


def update_lineage(session: Session, doc_ids: Iterable[int]) -> None:
    """Recompute the edges of these documents (sources first, by date), in the caller's transaction.

    Args:
        session: an open unit of work.
        doc_ids: documents whose edges may have changed.
    """
    docs = sorted(session.scalars(select(Document).where(Document.id.in_(list(doc_ids)))).all(), key=when)
    builder = Builder(session)
    pending = {doc.id for doc in docs}
    again = []
    for doc in docs:
        edges = apply_corrections(session, doc.id, builder.infer(doc))
        write_edges(session, doc.id, edges)
        session.flush()
        pending.discard(doc.id)
        if any(e.source.document_id in pending for e in edges):
            again.append(doc)
    # A document linked to one settled after it (the same date, or undated) is settled again, with the
    # other's own sources known.
    for doc in again:
        write_edges(session, doc.id, apply_corrections(session, doc.id, builder.infer(doc)))
        session.flush()


def update_for(session: Session, document_id: int) -> None:
    """After a document is stored: its edges and those of the documents it touches."""
    doc = session.get(Document, document_id)
    if doc is not None:
        update_lineage(session, affected(session, doc))


def correct(session: Session, action: str, derived: Document, source: Node, *, relation: str | None,
            note: str | None, by: str) -> Correction:
    """Record a person's link or unlink and apply it at once.

    Args:
        session: an open unit of work.
        action: "link" or "unlink".
        derived: the document that copies, cites or rewrites.
        source: what it came from: a document, an outlet or a URL.
        relation: for a link, repost | excerpt | rewrite | quote | cites | revision.
        note: why, in the person's words.
        by: who.

    Raises:
        ProvenanceError: the link would make a document derive from itself, directly or through others.
        NotFoundError: an unlink of a link DERIVED does not have.
    """
    if action == "link":
        refuse_loop(session, derived.id, source)
    elif not edges_to(session, derived.id, source):
        raise NotFoundError(f"#{derived.id} does not derive from {node_label(session, source)}: no such link to "
                            f"unlink (its sources: {sources_label(session, derived.id)})")
    correction = Correction(action=action, derived_id=derived.id, source_document_id=source.document_id,
                            source_outlet_id=source.outlet_id, source_url=source.url, relation=relation,
                            note=note, made_by=by)
    session.add(correction)
    session.flush()
    update_lineage(session, [derived.id])
    return correction


def edges_to(session: Session, derived_id: int, source: Node) -> list[LineageEdge]:
    """DERIVED's edges to SOURCE, as a correction names it (the same node, not merely its outlet)."""
    query = select(LineageEdge).where(LineageEdge.derived_id == derived_id)
    if source.document_id is not None:
        query = query.where(LineageEdge.source_document_id == source.document_id)
    elif source.outlet_id is not None:
        query = query.where(LineageEdge.source_document_id.is_(None), LineageEdge.source_outlet_id == source.outlet_id)
    else:
        query = query.where(LineageEdge.source_document_id.is_(None), LineageEdge.source_outlet_id.is_(None),
                            LineageEdge.source_url == source.url)
    return list(session.scalars(query))


def refuse_loop(session: Session, derived_id: int, source: Node) -> None:
    """Refuse a link making DERIVED its own source, or a source of one of its sources.

    Raises:
        ProvenanceError: SOURCE is DERIVED, or derives from it through the archive's edges.
    """
    if source.document_id is None:
        return
    if source.document_id == derived_id:
        raise ProvenanceError(f"#{derived_id} cannot derive from itself")
    came_from: dict[int, int] = {}  # document -> the document found deriving from it
    frontier = [source.document_id]
    while frontier and derived_id not in came_from:
        step = session.execute(select(LineageEdge.derived_id, LineageEdge.source_document_id).where(
            LineageEdge.derived_id.in_(frontier), LineageEdge.source_document_id.is_not(None))).all()
        frontier = []
        for child, parent in step:
            if parent is not None and parent not in came_from and parent != source.document_id:
                came_from[parent] = child
                frontier.append(parent)
    if derived_id in came_from:
        chain, at = [derived_id], derived_id
        while at != source.document_id:
            at = came_from[at]
            chain.append(at)
        raise ProvenanceError(f"#{derived_id} cannot derive from #{source.document_id}: #{source.document_id} already "
                              f"derives from #{derived_id} ({' from '.join(f'#{i}' for i in reversed(chain))}); "
                              "unlink the wrong step first")


def node_label(session: Session, node: Node) -> str:
    if node.document_id is not None:
        return f"#{node.document_id}"
    if node.outlet_id is not None:
        outlet = session.get(Outlet, node.outlet_id)
        return f"outlet:{outlet.name if outlet else node.outlet_id}"
    return str(node.url)


def sources_label(session: Session, derived_id: int) -> str:
    """DERIVED's sources, as `prov link` and `unlink` name them (none when it has none)."""
    edges = session.scalars(select(LineageEdge).where(LineageEdge.derived_id == derived_id)
                            .order_by(LineageEdge.id)).all()
    labels = [node_label(session, Node(e.source_document_id, e.source_outlet_id if e.source_document_id is None
                                       else None, e.source_url)) for e in edges]
    return ", ".join(dict.fromkeys(labels)) or "none"


@dataclass(frozen=True, slots=True)
class CorrectionView:
    """A link or an unlink a person made: what, who, when and why."""

    id: int
    action: str  # link | unlink
    derived_id: int
    source_document_id: int | None
    source_outlet_id: int | None
    source_url: str | None
    relation: str | None
    note: str | None
    made_by: str
    created_at: dt.datetime


def list_corrections(session: Session) -> list[CorrectionView]:
    """Every correction, oldest first."""
    return [CorrectionView(c.id, c.action, c.derived_id, c.source_document_id, c.source_outlet_id, c.source_url,
                           c.relation, c.note, c.made_by, c.created_at)
            for c in session.scalars(select(Correction).order_by(Correction.created_at, Correction.id))]


def document_edges(session: Session, doc: Document
                   ) -> tuple[tuple[EdgeView, ...], tuple[EdgeView, ...], tuple[str, ...]]:
    """`prov show`'s sources, derivatives and flags from the stored edges."""
    slugs = dict(session.execute(select(Outlet.id, Outlet.name)).all())
    sources = []
    flags: set[str] = set()
    for e in session.scalars(select(LineageEdge).where(LineageEdge.derived_id == doc.id)):
        other = session.get(Document, e.source_document_id) if e.source_document_id else None
        named = slugs.get(e.source_outlet_id) if e.source_outlet_id is not None else None
        outlet = other.outlet.name if other is not None and other.outlet else named
        sources.append(EdgeView(
            relation=e.relation, document_id=e.source_document_id, outlet=outlet,
            url=other.url if other is not None else e.source_url, basis=tuple(e.basis), confidence=e.confidence,
            flags=tuple(e.flags), manual=e.manual,
            source_kind=e.source_kind or "outlet", name=e.source_name if e.source_kind else outlet,
        ))
        flags.update(e.flags)
    derivatives = []
    for e in session.scalars(select(LineageEdge).where(LineageEdge.source_document_id == doc.id)):
        other = session.get(Document, e.derived_id)
        derivatives.append(EdgeView(
            relation=e.relation, document_id=e.derived_id,
            outlet=other.outlet.name if other is not None and other.outlet else None,
            url=other.url if other is not None else None, basis=tuple(e.basis), confidence=e.confidence,
            flags=tuple(e.flags), manual=e.manual, source_kind="outlet",
            name=other.outlet.name if other is not None and other.outlet else None,
        ))
    return tuple(sources), tuple(derivatives), tuple(sorted(flags))
