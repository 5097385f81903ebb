"""The lineage graph as an inline SVG: origins at the top, an arrow from each source down to its copy.

Layout: a node's row is one below the lowest of its sources (a longest-path layering),
so every arrow points down; rows wider than ROW_MAX nodes wrap. Within a row, nodes
sit in the order of their sources' positions (the barycentre heuristic), then by
date, which keeps arrows short and few of them crossing. Every string from a
document is escaped.
"""

from __future__ import annotations

import html
from typing import Any

from provenance.untrusted import terminal

NODE_W, NODE_H = 210, 62
GAP_X, GAP_Y = 28, 64
MARGIN = 16
ROW_MAX = 5
RELATION_COLOURS = {
    "repost": "#b03a2e",
    "excerpt": "#ca6f1e",
    "rewrite": "#2471a3",
    "quote": "#7d3c98",
    "cites": "#1e8449",
    "revision": "#707b7c",
}
OTHER_COLOUR = "#566573"


def escape(value: str) -> str:
    """Text for SVG markup and attributes: HTML-escaped, control characters (which XML forbids) dropped."""
    return html.escape(terminal(value, multiline=True), quote=True)


def layers(graph: dict[str, Any]) -> dict[str, int]:
    """Row of each node: 0 for nodes with no source in the graph, else one below its lowest source."""
    sources: dict[str, list[str]] = {n["key"]: [] for n in graph["nodes"]}
    for e in graph["edges"]:
        if e["derived"] in sources and e["source"] in sources and e["derived"] != e["source"]:
            sources[e["derived"]].append(e["source"])
    depth: dict[str, int] = {}

    def visit(key: str, path: frozenset[str]) -> int:
        if key in depth:
            return depth[key]
        parents = [s for s in sources[key] if s not in path]  # a cycle is cut where it closes
        depth[key] = 0 if not parents else 1 + max(visit(s, path | {key}) for s in parents)
        return depth[key]

    for key in sources:
        visit(key, frozenset())
    return depth


def layout(graph: dict[str, Any]) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Top-left corner of every node, and the drawing's width and height."""
    depth = layers(graph)
    nodes = {n["key"]: n for n in graph["nodes"]}
    sources: dict[str, list[str]] = {k: [] for k in nodes}
    for e in graph["edges"]:
        if e["derived"] in nodes and e["source"] in nodes:
            sources[e["derived"]].append(e["source"])
    by_layer: dict[int, list[str]] = {}
    for key, d in depth.items():
        by_layer.setdefault(d, []).append(key)
    order: dict[str, float] = {}
    rows: list[list[str]] = []
    for d in sorted(by_layer):
        keys = by_layer[d]

        def rank(key: str) -> tuple[float, str, str]:
            placed = [order[s] for s in sources[key] if s in order]
            centre = sum(placed) / len(placed) if placed else 0.0
            return centre, nodes[key].get("published") or "9999", key

        keys.sort(key=rank)
        for i, key in enumerate(keys):
            order[key] = float(i)
        rows.extend(keys[i:i + ROW_MAX] for i in range(0, len(keys), ROW_MAX))
    widest = max((len(r) for r in rows), default=1)
    width = 2 * MARGIN + widest * NODE_W + (widest - 1) * GAP_X
    positions: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        row_width = len(row) * NODE_W + (len(row) - 1) * GAP_X
        left = (width - row_width) / 2
        for i, key in enumerate(row):
            positions[key] = (left + i * (NODE_W + GAP_X), MARGIN + r * (NODE_H + GAP_Y))
    height = 2 * MARGIN + len(rows) * NODE_H + max(0, len(rows) - 1) * GAP_Y
    return positions, width, height


def short(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def node_lines(node: dict[str, Any]) -> tuple[str, str, str]:
    outlet = node.get("outlet") or ("(no outlet)" if node.get("document_id") is not None else "?")
    if node.get("document_id") is None and node.get("source_kind", "outlet") != "outlet":
        outlet = f"{node['source_kind']} {node.get('name') or '?'}"
    if node.get("document_id") is None:
        second = "not in the archive"
        third = node.get("url") or "known only by name"
    else:
        second = f"#{node['document_id']} \u00b7 {node.get('published') or 'undated'}"
        third = node.get("title") or "(untitled)"
    return short(outlet, 30), short(second, 34), short(third, 34)


def render_svg(graph: dict[str, Any]) -> str:
    """The graph as one <svg> element (no scripts, no external references)."""
    positions, width, height = layout(graph)
    nodes = {n["key"]: n for n in graph["nodes"]}
    out = [f'<svg class="lineage" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
           f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="lineage graph">',
           "<defs>"]
    for relation, colour in [*RELATION_COLOURS.items(), ("other", OTHER_COLOUR)]:
        out.append(f'<marker id="arrow-{relation}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                   f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/>'
                   "</marker>")
    out.append("</defs>")
    for e in graph["edges"]:
        if e["source"] not in positions or e["derived"] not in positions:
            continue
        (sx, sy), (dx, dy) = positions[e["source"]], positions[e["derived"]]
        x1, y1 = sx + NODE_W / 2, sy + NODE_H
        x2, y2 = dx + NODE_W / 2, dy
        if y2 <= y1:  # a row wrapped, or an edge against the layering: go round the side
            x1, y1, x2, y2 = sx + NODE_W, sy + NODE_H / 2, dx + NODE_W, dy + NODE_H / 2
            path = f"M{x1:.0f},{y1:.0f} C{x1 + 60:.0f},{y1:.0f} {x2 + 60:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
        else:
            mid = (y1 + y2) / 2
            path = f"M{x1:.0f},{y1:.0f} C{x1:.0f},{mid:.0f} {x2:.0f},{mid:.0f} {x2:.0f},{y2:.0f}"
        relation = e["relation"] if e["relation"] in RELATION_COLOURS else "other"
        colour = RELATION_COLOURS.get(relation, OTHER_COLOUR)
        flagged = [f for f in e["flags"] if f != "syndicated-repeat"]
        dash = ' stroke-dasharray="6 4"' if flagged else ""
        label = escape(f"{e['relation']}: {e['source']} \u2192 {e['derived']}"
                       + (f" [{', '.join(e['flags'])}]" if e["flags"] else ""))
        out.append(f'<g class="edge{" flagged" if flagged else ""}" data-relation="{escape(str(e["relation"]))}">'
                   f"<title>{label}</title>"
                   f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash} '
                   f'marker-end="url(#arrow-{relation})"/>')
        if flagged:
            fx, fy = (x1 + x2) / 2, (y1 + y2) / 2
            out.append(f'<circle cx="{fx:.0f}" cy="{fy:.0f}" r="8" fill="#fff" stroke="{colour}"/>'
                       f'<text x="{fx:.0f}" y="{fy + 4:.0f}" text-anchor="middle" class="flag-mark">!</text>')
        out.append("</g>")
    for key, (x, y) in positions.items():
        node = nodes[key]
        first, second, third = node_lines(node)
        classes = ["node"]
        if node.get("origin"):
            classes.append("origin")
        if node.get("document_id") is None:
            classes.append("placeholder")
        full = escape(" | ".join(str(v) for v in (key, node.get("outlet"), node.get("published"),
                                                    node.get("title"), node.get("url")) if v))
        out.append(f'<g class="{" ".join(classes)}" data-key="{escape(key)}"><title>{full}</title>'
                   f'<rect x="{x:.0f}" y="{y:.0f}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
                   f'<text x="{x + 10:.0f}" y="{y + 19:.0f}" class="n1">{escape(first)}</text>'
                   f'<text x="{x + 10:.0f}" y="{y + 36:.0f}" class="n2">{escape(second)}</text>'
                   f'<text x="{x + 10:.0f}" y="{y + 52:.0f}" class="n3">{escape(third)}</text></g>')
    out.append("</svg>")
    return "".join(out)
