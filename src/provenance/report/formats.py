"""A report as Markdown, as one self-contained HTML file, and as a Graphviz digraph.

All three render the structure from `report.model`. Text that comes from documents
(titles, outlets, authors, quoted evidence, URLs) is untrusted: the HTML escapes
every piece of it, the Markdown escapes it so it makes no link, image, code or HTML
(`<`, `>` and `&` as entities, so a viewer that passes HTML through runs none of it;
the only links are the evidence records' own http(s) URLs), and the DOT quotes it.
None of them lets a control character through (they are printed to terminals too).
"""

from __future__ import annotations

from html import escape
from typing import Any

from provenance.graph import document_key
from provenance.report.svg import OTHER_COLOUR, RELATION_COLOURS, render_svg
from provenance.untrusted import json_for_html, markdown, markdown_code, markdown_link, terminal

FLAG_TITLES = {
    "syndicated-repeat": "Repeats an origin",
    "uncredited-reuse": "Copies without credit",
    "date-conflict": "Dates contradict the direction",
    "unresolved-source": "Source not in the archive",
    "direction-uncertain": "Direction not settled",
}


def node_name(node: dict[str, Any]) -> str:
    """"#7 Kestrel News Agency, 2025-06-12", "Foreign Policy (not in the archive)" or, for a source that
    is not an outlet, "journal JAMA Pediatrics (not in the archive)"."""
    if node.get("document_id") is None:
        if node.get("source_kind", "outlet") != "outlet":
            return f"{node['source_kind']} {node.get('name') or node.get('url') or '?'} (not in the archive)"
        return f"{node.get('outlet') or node.get('url') or '?'} (not in the archive)"
    date = node.get("published") or "undated"
    return f"#{node['document_id']} {node.get('outlet') or '(no outlet)'}, {date}"


def doc_node(nodes: dict[str, dict[str, Any]], document_id: int) -> dict[str, Any]:
    return nodes[document_key(document_id)]


def chain_status(chain: dict[str, Any], nodes: dict[str, dict[str, Any]]) -> str:
    if chain["independent"] and not chain["hops"]:
        return "origin"
    origin = nodes.get(chain["origin"])
    name = node_name(origin) if origin else chain["origin"]
    return f"stands for its origin {name}" if chain["independent"] else f"repeats {name}"


def subject_line(report: dict[str, Any]) -> str:
    subject = report["report"]["subject"]
    if subject["kind"] == "claim":
        return f"Claim: \u201c{subject['claim']}\u201d"
    if subject["kind"] == "document":
        return f"Document #{subject['document_id']}: {subject.get('title') or '(untitled)'}"
    return f"Outlet: {subject['outlet']}"


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The findings in plain sentences (shared by Markdown and HTML)."""
    nodes = {n["key"]: n for n in report["graph"]["nodes"]}
    kind = report["report"]["subject"]["kind"]
    lines = []
    if kind == "claim":
        n, k = report["occurrences"], report["independent_origins"]
        lines.append(f"{n} document(s) in the archive carry the claim; they come from {k} independent "
                     f"origin(s).")
        for item in report.get("contradicting") or ():
            what = "; ".join(f"{d['kind']}: {d['claim']} vs {d['document']}" for d in item["differences"])
            lines.append(f"Says something else (a source against the claim): #{item['document_id']} "
                         f"{item['outlet'] or '(no outlet)'} ({what or 'differs'})")
    elif kind == "document":
        lines.append(f"{len(report['chains'])} chain(s) lead back from this document to "
                     f"{len(report['origins'])} origin(s); {len(report['derived'])} document(s) derive from it.")
    else:
        lines.append(f"{len(report['document_ids'])} document(s) from this outlet; "
                     f"{len(report['originates'])} originate their story, {len(report['derives'])} link(s) "
                     f"to sources, {len(report['derived_by_others'])} derivation(s) by other outlets.")
    for origin in report["origins"]:
        node = nodes.get(origin["key"], origin)
        title = f" \u201c{node['title']}\u201d" if node.get("title") else ""
        lines.append(f"Origin: {node_name(node)}{title}")
    for flag in report["flags"]:
        lines.append(f"Flag {flag['flag']} on {len(flag['edges'])} link(s): {flag['why']}")
    return lines


# Markdown -----------------------------------------------------------------------------------------

md = md_cell = markdown  # (`|` is escaped everywhere, so text fits a table cell as it is)


def md_hops(hops: list[dict[str, Any]], nodes: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for i, hop in enumerate(hops, 1):
        flags = f" \u2014 flags: {', '.join(hop['flags'])}" if hop["flags"] else ""
        lines.append(f"{i}. **{hop['relation']}** of {md(node_name(nodes[hop['to']]))} "
                     f"(evidence: {', '.join(hop['basis']) or 'none'}){flags}")
        for ev in hop["evidence"]:
            quote = f" \u201c{md(ev['text'])}\u201d" if ev.get("text") else ""
            detail = f" ({md(ev['detail'])})" if ev.get("detail") else ""
            lines.append(f"   - {ev['kind']}:{quote}{detail}")
    return lines


def render_markdown(report: dict[str, Any]) -> str:
    nodes = {n["key"]: n for n in report["graph"]["nodes"]}
    meta = report["report"]
    out = [f"# Citation-lineage report \u2014 {md(subject_line(report))}", "",
           f"Generated {meta['generated']} by provenance {meta['version']} from "
           f"{len(report['documents'])} archived document(s).", "", "## Findings", ""]
    out += [f"- {md(line)}" for line in summary_lines(report)]
    out += ["", "## Chains, hop by hop", ""]
    kind = meta["subject"]["kind"]
    if kind == "claim":
        for chain in report["chains"]:
            node = doc_node(nodes, chain["document_id"])
            status = chain_status(chain, nodes)
            out.append(f"### {md(node_name(node))} \u2014 {md(status)}")
            if chain.get("credibility"):
                out.append(f"Outlet: {md(chain['credibility']['summary'])}" + (
                    " \u2014 **laundering**" if "laundering" in chain["flags"] else ""))
            if node.get("title"):
                out.append(f"*{md(node['title'])}*" + (f" by {md(', '.join(node['authors']))}"
                                                       if node.get("authors") else ""))
            out += ["", f"> {md(chain['snippet'])} (match {chain['score']:.2f})", ""]
            out += md_hops(chain["hops"], nodes) or ["This document is where the claim starts."]
            out.append("")
    elif kind == "document":
        for i, chain in enumerate(report["chains"], 1):
            out.append(f"### Chain {i}")
            out += md_hops(chain["hops"], nodes)
            out.append("")
        if not report["chains"]:
            out += ["This document has no sources in the archive: it is an origin.", ""]
        if report["derived"]:
            out += ["### Derived from it", ""]
            for d in report["derived"]:
                flags = f" \u2014 flags: {', '.join(d['flags'])}" if d["flags"] else ""
                out.append(f"- **{d['relation']}**: {md(node_name(doc_node(nodes, d['document_id'])))}{flags}")
            out.append("")
    else:
        out += ["| source | documents | credited |", "|---|---|---|"]
        out += [f"| {md_cell(r['source'])} | {r['documents']} | {r['credited']} |" for r in report["takes_from"]]
        out += ["", "### What it takes, hop by hop", ""]
        for d in report["derives"]:
            out.append(f"#### {md(node_name(doc_node(nodes, d['document_id'])))}")
            out += md_hops([{**d, "to": d["source"]}], nodes)
            out.append("")
        if report["derived_by_others"]:
            out += ["### Taken by others", ""]
            for d in report["derived_by_others"]:
                out.append(f"- **{d['relation']}** of {md(node_name(nodes[d['source']]))} by "
                           f"{md(node_name(doc_node(nodes, d['document_id'])))}")
            out.append("")
    if report["flags"]:
        out += ["## Flags", ""]
        for flag in report["flags"]:
            where = ", ".join(f"{e['derived']} \u2190 {e['source']}" for e in flag["edges"])
            out.append(f"- **{flag['flag']}** \u2014 {flag['why']} On: {md(where)}")
        out.append("")
    if report["unresolved"]:
        out += ["## Not in the archive yet", ""]
        for u in report["unresolved"]:
            action = markdown_code(u["command"]) if u.get("command") else md(u.get("hint", ""))
            if u.get("follow"):
                action = f"{markdown_code(u['follow'])} (or {action})"
            out.append(f"- {md(u['key'])}: {action}")
        out.append("")
    out += ["## Evidence records", "",
            "| # | outlet | title | URL or file | retrieved | SHA-256 of the stored bytes |",
            "|---|---|---|---|---|---|"]
    for doc in report["documents"]:
        for snap in doc["snapshots"] or [{}]:
            out.append(f"| {doc['document_id']} | {md_cell(doc['outlet'] or '')} | {md_cell(doc['title'] or '')} | "
                       f"{markdown_link(snap.get('url') or snap.get('path') or doc['url'] or doc['path'] or '')}"
                       f"{md(archived_note(snap))} | "
                       f"{snap.get('fetched') or doc['retrieved']} | `{snap.get('sha256') or '-'}` |")
    return "\n".join(out) + "\n"


def archived_note(snap: dict[str, Any]) -> str:
    """" (archived copy, Memento-Datetime ..., from ARCHIVE)" for a snapshot a web archive gave."""
    copy = snap.get("archived")
    return f" (archived copy, Memento-Datetime {copy['memento_datetime']}, from {copy['archive']})" if copy else ""


# HTML ---------------------------------------------------------------------------------------------

CSS = """
body{font:15px/1.45 Georgia,'Times New Roman',serif;color:#1c2833;max-width:1100px;margin:2em auto;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:1px solid #ccd1d1;padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1.05em;margin:1.2em 0 .3em}.meta{color:#566573;font-size:.9em}
.findings li{margin:.2em 0}blockquote{margin:.4em 0 .6em;padding:.3em .8em;border-left:3px solid #aeb6bf;
background:#f8f9f9}ol.hops{margin:.3em 0 .8em}.ev{color:#34495e;font-size:.92em}.ev q{font-style:italic}
.flag{display:inline-block;font:600 .75em/1.6 sans-serif;padding:0 .5em;border-radius:3px;background:#fdebd0;
color:#873600;margin-left:.3em}.rel{font:600 .85em sans-serif}
table{border-collapse:collapse;width:100%;font-size:.85em}td,th{border:1px solid #d5d8dc;padding:.25em .4em;
text-align:left;vertical-align:top}td.hash{font-family:monospace;word-break:break-all}
.graph{overflow-x:auto;border:1px solid #e5e8e8;padding:.5em;margin:.5em 0}
svg.lineage{max-width:100%;height:auto;font-family:sans-serif}
svg .node rect{fill:#fff;stroke:#566573;stroke-width:1.2}svg .node.origin rect{fill:#fef9e7;stroke:#7d6608;
stroke-width:2.5}svg .node.placeholder rect{stroke-dasharray:5 3;fill:#f4f6f6}
svg .n1{font-size:13px;font-weight:600;fill:#17202a}svg .n2{font-size:11px;fill:#424949}
svg .n3{font-size:11px;fill:#616a6b;font-style:italic}svg .flag-mark{font-size:12px;font-weight:700;fill:#873600}
.legend span{display:inline-block;margin-right:1em;font:.8em sans-serif}.legend i{display:inline-block;
width:1.6em;height:3px;vertical-align:middle;margin-right:.3em}
@media print{body{margin:0;max-width:none;font-size:11pt}.graph{overflow:visible;border:none}
h2,h3{break-after:avoid}table,blockquote,li{break-inside:avoid}}
"""


def h(value: Any) -> str:
    return escape(terminal(value, multiline=True), quote=True)


def outlet_line(chain: dict[str, Any]) -> str:
    if not chain.get("credibility"):
        return ""
    flag = '<span class="flag">laundering</span>' if "laundering" in chain["flags"] else ""
    return f'<div class="meta">Outlet: {h(chain["credibility"]["summary"])}{flag}</div>'


def html_hops(hops: list[dict[str, Any]], nodes: dict[str, dict[str, Any]]) -> str:
    items = []
    for hop in hops:
        colour = RELATION_COLOURS.get(hop["relation"], OTHER_COLOUR)
        flags = "".join(f'<span class="flag">{h(f)}</span>' for f in hop["flags"])
        evidence = "".join(
            f'<div class="ev">{h(ev["kind"])}'
            + (f": <q>{h(ev['text'])}</q>" if ev.get("text") else "")
            + (f" ({h(ev['detail'])})" if ev.get("detail") else "") + "</div>"
            for ev in hop["evidence"])
        items.append(f'<li><span class="rel" style="color:{colour}">{h(hop["relation"])}</span> of '
                     f'{h(node_name(nodes[hop["to"]]))} <span class="meta">(evidence: '
                     f'{h(", ".join(hop["basis"]) or "none")})</span>{flags}{evidence}</li>')
    return f'<ol class="hops">{"".join(items)}</ol>' if items else ""


def render_html(report: dict[str, Any]) -> str:
    nodes = {n["key"]: n for n in report["graph"]["nodes"]}
    meta = report["report"]
    kind = meta["subject"]["kind"]
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'; img-src data:\">",
             f"<title>{h('Lineage report: ' + subject_line(report))}</title><style>{CSS}</style></head><body>",
             f"<h1>Citation-lineage report</h1><p><strong>{h(subject_line(report))}</strong></p>",
             f'<p class="meta">Generated {h(meta["generated"])} by provenance {h(meta["version"])} from '
             f'{len(report["documents"])} archived document(s).</p>',
             "<h2>Findings</h2><ul class=\"findings\">"]
    parts += [f"<li>{h(line)}</li>" for line in summary_lines(report)]
    parts.append("</ul><h2>Lineage graph</h2>")
    legend = "".join(f'<span><i style="background:{c}"></i>{h(r)}</span>' for r, c in RELATION_COLOURS.items())
    parts.append(f'<div class="graph">{render_svg(report["graph"])}</div><p class="legend">{legend}'
                 '<span>arrows run from source to copy; origins are outlined in gold; dashed boxes are '
                 'sources not in the archive; a dashed arrow with ! carries a flag</span></p>')
    parts.append("<h2>Chains, hop by hop</h2>")
    if kind == "claim":
        for chain in report["chains"]:
            node = doc_node(nodes, chain["document_id"])
            status = chain_status(chain, nodes)
            byline = (f" by {h(', '.join(node['authors']))}" if node.get("authors") else "")
            title = f"<div><em>{h(node['title'])}</em>{byline}</div>" if node.get("title") else ""
            parts.append(f'<section class="chain"><h3>{h(node_name(node))} <span class="meta">\u2014 '
                         f'{h(status)}</span></h3>{title}{outlet_line(chain)}<blockquote>{h(chain["snippet"])} '
                         f'<span class="meta">(match {chain["score"]:.2f})</span></blockquote>'
                         f'{html_hops(chain["hops"], nodes) or "<p>This document is where the claim starts.</p>"}'
                         "</section>")
    elif kind == "document":
        for i, chain in enumerate(report["chains"], 1):
            parts.append(f'<section class="chain"><h3>Chain {i}</h3>{html_hops(chain["hops"], nodes)}</section>')
        if not report["chains"]:
            parts.append("<p>This document has no sources in the archive: it is an origin.</p>")
        if report["derived"]:
            parts.append("<h3>Derived from it</h3><ul>" + "".join(
                f"<li><strong>{h(d['relation'])}</strong>: {h(node_name(doc_node(nodes, d['document_id'])))}"
                + "".join(f'<span class="flag">{h(f)}</span>' for f in d["flags"]) + "</li>"
                for d in report["derived"]) + "</ul>")
    else:
        parts.append("<table><tr><th>source</th><th>documents</th><th>credited</th></tr>" + "".join(
            f"<tr><td>{h(r['source'])}</td><td>{r['documents']}</td><td>{r['credited']}</td></tr>"
            for r in report["takes_from"]) + "</table>")
        for d in report["derives"]:
            parts.append(f'<section class="chain"><h3>{h(node_name(doc_node(nodes, d["document_id"])))}</h3>'
                         f'{html_hops([{**d, "to": d["source"]}], nodes)}</section>')
    if report["flags"]:
        parts.append("<h2>Flags</h2><ul>")
        for flag in report["flags"]:
            where = ", ".join(f"{e['derived']} \u2190 {e['source']}" for e in flag["edges"])
            parts.append(f'<li><span class="flag">{h(flag["flag"])}</span> {h(flag["why"])} '
                         f'<span class="meta">On: {h(where)}</span></li>')
        parts.append("</ul>")
    if report["unresolved"]:
        parts.append("<h2>Not in the archive yet</h2><ul>" + "".join(
            f"<li>{h(u['key'])}: " + (f"<code>{h(u['follow'])}</code> (or " if u.get("follow") else "")
            + f"<code>{h(u['command'])}</code>" + (")" if u.get("follow") else "") + "</li>" if u.get("command")
            else f"<li>{h(u['key'])}: {h(u.get('hint', ''))}</li>" for u in report["unresolved"]) + "</ul>")
    parts.append("<h2>Evidence records</h2><table><tr><th>#</th><th>outlet</th><th>title</th><th>URL or file</th>"
                 "<th>retrieved</th><th>SHA-256 of the stored bytes</th></tr>")
    for doc in report["documents"]:
        for snap in doc["snapshots"] or [{}]:
            where = snap.get("url") or snap.get("path") or doc["url"] or doc["path"] or ""
            parts.append(f"<tr><td>{doc['document_id']}</td><td>{h(doc['outlet'] or '')}</td>"
                         f"<td>{h(doc['title'] or '')}</td><td>{h(where)}{h(archived_note(snap))}</td>"
                         f"<td>{h(snap.get('fetched') or doc['retrieved'])}</td>"
                         f'<td class="hash">{h(snap.get("sha256") or "-")}</td></tr>')
    parts.append("</table></body></html>")
    return "\n".join(parts) + "\n"


# Graphviz -----------------------------------------------------------------------------------------

def dot_string(value: str) -> str:
    """VALUE as a quoted DOT string: backslashes, quotes and newlines escaped, no control character.

    Always quoted, so `<` never starts an HTML-like label, and a backslash never one of
    Graphviz's label escapes (\\N, \\G, \\l ...).
    """
    text = terminal(value, multiline=True).replace("\t", " ")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_dot(report: dict[str, Any]) -> str:
    """A Graphviz digraph: an arrow from each source to its copy, coloured by relation."""
    out = ["digraph lineage {", "  rankdir=TB;", '  node [shape=box, style="rounded", fontname="Helvetica"];',
           f"  label={dot_string(subject_line(report))};", "  labelloc=t;"]
    for node in report["graph"]["nodes"]:
        label = node_name(node) + (f"\n{node['title']}" if node.get("title") else "")
        style = ', style="rounded,dashed"' if node.get("document_id") is None else (
            ', style="rounded,bold", color="#7d6608"' if node.get("origin") else "")
        out.append(f"  {dot_string(node['key'])} [label={dot_string(label)}{style}];")
    for e in report["graph"]["edges"]:
        colour = RELATION_COLOURS.get(e["relation"], OTHER_COLOUR)
        label = e["relation"] + (f" [{', '.join(e['flags'])}]" if e["flags"] else "")
        flagged = ', style="dashed"' if any(f != "syndicated-repeat" for f in e["flags"]) else ""
        out.append(f"  {dot_string(e['source'])} -> {dot_string(e['derived'])} "
                   f'[label={dot_string(label)}, color="{colour}"{flagged}];')
    out.append("}")
    return "\n".join(out) + "\n"


def render_json(report: dict[str, Any]) -> str:
    return json_for_html(report, indent=2) + "\n"
