"""Typed results as terminal text (views.py gives the same results as JSON); no database access here.

Every string that comes from a document (or from a file or a server: ratings, error
messages naming a URL) goes through `untrusted.terminal` on its way here, so no escape
sequence or control character in it reaches the terminal: nothing writes the clipboard,
retitles the window, makes a hyperlink or hides the rows after it: each renderer cleans each
field it prints.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections import Counter
from typing import TYPE_CHECKING, Any

from provenance.credibility import RATING_FORMULA, OutletView
from provenance.documents import DocumentView, evidence_lines
from provenance.graph import EdgeView, Step
from provenance.trace import DocumentTrace, Origin, TraceResult
from provenance.untrusted import json_ascii_controls, markdown_code, terminal, terminal_data
from provenance.untrusted import markdown as markdown_text

if TYPE_CHECKING:
    from provenance.ingest import IngestResult
    from provenance.lineage import CorrectionView
    from provenance.outlets import Listed
    from provenance.reuse.links import ReuseView

STATUSES = ("new", "unchanged", "revised", "failed")


def dumps(data: Any) -> str:
    """One line of JSON; C1 controls written as \\u escapes (json.dumps writes C0 ones so, these raw)."""
    return json_ascii_controls(json.dumps(data, ensure_ascii=False))


def ingest_line(result: IngestResult) -> str:
    """One line per input: status, document id, input, and the URL when it differs."""
    if result.status == "failed":
        return f"failed            {terminal(result.error)}"
    where = terminal(result.input)
    if result.url and result.url != result.input:
        where += f"  ({terminal(result.url)})"
    return f"{result.status:<9} #{result.document_id:<6} {where}"


def ingest_summary(results: list[IngestResult]) -> list[str]:
    counts = Counter(r.status for r in results)
    head = ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
    lines = [f"ingest: {head}"]
    lines += [f"  failed: {terminal(r.error)}" for r in results if r.status == "failed"]
    return lines


def documents_table(docs: list[DocumentView]) -> str:
    """id, date, outlet, authors and title, one row each, fitted to the terminal width."""
    if not docs:
        return "no documents"
    width = shutil.get_terminal_size((120, 24)).columns
    rows = [
        (
            str(d.id),
            d.published.isoformat() if d.published else "-",
            terminal(d.outlet.name) if d.outlet else "-",
            terminal(", ".join(d.authors)) or "-",
            terminal(d.title or first_words(d.text)),
        )
        for d in docs
    ]
    heads = ("id", "date", "outlet", "author", "title")
    widths = [
        max(len(heads[i]), *(len(r[i]) for r in rows)) if i < 1 else min(
            max(len(heads[i]), *(len(r[i]) for r in rows)), (10, 22, 22)[i - 1]
        )
        for i in range(4)
    ]
    rest = max(20, width - sum(widths) - 2 * len(widths))
    lines = []
    for row in [heads, *rows]:
        cells = [clip(row[i], widths[i]).ljust(widths[i]) for i in range(4)]
        cells[0] = row[0].rjust(widths[0])
        lines.append("  ".join([*cells, clip(row[4], rest)]).rstrip())
    return "\n".join(lines)


def first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" ..." if len(words) > n else "")


def clip(value: str, width: int) -> str:
    return value if len(value) <= width else value[: max(0, width - 1)] + "\u2026"


def document_detail(doc: DocumentView) -> str:
    """`prov show`: metadata with where each value came from, evidence, then the text."""
    sources = terminal_data(dict(doc.metadata_sources))

    def src(name: str) -> str:
        return f"  [{sources[name]}]" if name in sources else ""

    outlet = doc.outlet
    lines = [f"#{doc.id}  {terminal(doc.title) or '(no title)'}{src('title')}"]
    fields = [
        ("url", terminal(doc.url) or "-"),
        ("canonical", terminal(doc.canonical_url)),
        ("path", terminal(doc.path)),
        ("outlet", (f"{terminal(outlet.name)} ({terminal(outlet.domain)})" if outlet and outlet.domain
                    else terminal(outlet.name) if outlet else "-") + src("outlet")),
        ("authors", (", ".join(terminal(a) for a in doc.authors) or "-") + src("authors")),
        ("published", (doc.published.isoformat() if doc.published else "unknown")
         + (f"  [{doc.date_source}]" if doc.date_source else "")),
        ("retrieved", doc.retrieved.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("language", terminal(doc.language)),
        ("revisions", str(doc.revisions)),
    ]
    lines += [f"{name + ':':<11}{value}" for name, value in fields if value]
    lines.append("evidence:")
    lines += [f"  {terminal(line)}" for line in evidence_lines(doc)]
    lines.append("attributions: " + (str(len(doc.attributions)) if doc.attributions else "none found"))
    for a in doc.attributions:
        named = a.source or a.source_url or "?"
        if a.stored_kind:
            named = f"{a.stored_kind} {named}"
        if a.source_outlet is not None and a.source_outlet != named:
            named += f" = {a.source_outlet}"
        notes = [(k, v) for k, v in (("audit", a.audit), ("self", a.self_credit), ("ambiguous", a.ambiguous),
                                     ("unsupported", a.unsupported)) if v]
        note = f"  [{', '.join(f'{k}: {v}' for k, v in notes)}]" if notes else ""
        lines.append(terminal(f"  {a.kind:<7}{named}  \u201c{clip(terminal(a.evidence), 70)}\u201d{note}"))
    unattributed = sum(1 for q in doc.quotes if not q.speaker)
    lines.append(f"quotes: {len(doc.quotes)}" + (f" ({unattributed} with no speaker)" if unattributed else "")
                 if doc.quotes else "quotes: none")
    for q in doc.quotes:
        who = terminal(q.speaker) or "NO SPEAKER GIVEN"
        given = " (given to this outlet)" if q.primary else ""
        lines.append(f"  \u201c{clip(terminal(q.text), 60)}\u201d \u2014 {who}{given}")
    lines.append("sources:" + (" none: no credit or shared text points elsewhere" if not doc.sources else ""))
    lines += [f"  {edge_line(e)}" for e in doc.sources]
    gaps = sum(1 for e in doc.sources if e.document_id is None and e.url)
    if gaps:  # `prov follow` fetches every credited address of the document at once, and what those credit
        lines.append(f"  (prov follow {doc.id} fetches {'it' if gaps == 1 else f'these {gaps}'} and their own sources)")
    if doc.derivatives:
        lines.append("derived from it:")
        lines += [f"  {edge_line(e)}" for e in doc.derivatives]
    lines.append("")
    width = min(100, shutil.get_terminal_size((100, 24)).columns)
    for para in terminal(doc.text, multiline=True).split("\n"):
        lines.append(textwrap.fill(para, width) if para.strip() else "")
    return "\n".join(lines)


def outlets_table(rows: list[Listed]) -> str:
    """name, kind, domains, and whether it comes from the database (with its id) or the registry."""
    lines = [f"{'id':>5}  {'name':<44} {'kind':<12} {'verified':<8} domains"]
    for row in terminal_data([(r.id, r.name, r.kind, r.verified, list(r.domains)) for r in rows]):
        ident, name, kind, verified, domains = row
        ident = str(ident) if ident is not None else "-"
        lines.append(f"{ident:>5}  {clip(name, 44):<44} {kind or '-':<12} "
                     f"{'yes' if verified else 'no':<8} {', '.join(domains) or '-'}")
    return "\n".join(lines)


def reuse_detail(result: ReuseView) -> str:
    """`prov reuse DOC` as text: one block per linked document, its passages below."""
    lines = [f"Document #{result.document_id}: {len(result.links)} reuse link(s)"]
    for link in result.links:
        lines.append("")
        translated = (f" (translated, {terminal(link.languages[0]) or '?'} / {terminal(link.languages[1]) or '?'})"
                      if link.translated and link.languages else "")
        lines.append(f"#{link.document_id}  {terminal(link.relation)}{translated}  this in other "
                     f"{link.this_in_other:.0%}, other in this {link.other_in_this:.0%}, "
                     f"sentence similarity {link.similarity or 0:.2f}")
        lines.append(f"    {terminal(link.outlet) or '(no outlet)'} | "
                     f"{link.published.isoformat() if link.published else 'undated'} | "
                     f"{clip(terminal(link.title) or '(untitled)', 70)}")
        for p in link.passages:
            if p.kind in ("sentence", "translated"):  # aligned sentence pairs: how close the rewording stays
                how = "reworded" if p.kind == "sentence" else "translated"
                kind = f" ({how}, similarity {p.similarity:.2f})" if p.similarity is not None else f" ({how})"
            else:
                kind = "" if p.kind == "text" else f" ({terminal(p.kind)}, not counted)"
            lines.append(f"    this {p.this[0]}-{p.this[1]} = other {p.other[0]}-{p.other[1]}{kind}: "
                         f"\u201c{first_words(terminal(p.text), 14)}\u201d")
    if result.unindexed_documents:
        lines.append("")
        lines.append(f"Note: {result.unindexed_documents} document(s) are not in the reuse index yet; "
                     "run `prov reindex`.")
    return "\n".join(lines)


def node_label(document_id: int | None, outlet: str | None, url: str | None, *, esc: Any = terminal,
               kind: str | None = None, name: str | None = None) -> str:
    if document_id is not None:
        return f"#{document_id} {esc(outlet) if outlet else '(no outlet)'}"
    if kind and kind != "outlet":
        # A study, a journal, figures, a release or a document: "journal JAMA Pediatrics (not in the archive)".
        return f"{esc(kind)} {esc(name or url or '?')} (not in the archive)"
    if url:  # the address its credit links to: what to ingest to fill the gap
        return f"{esc(outlet or url)} (not in the archive: prov ingest {esc(url)})"
    return f"{esc(outlet or '?')} (not in the archive)"


def edge_line(e: EdgeView) -> str:
    flags = f"  [{', '.join(terminal(f) for f in e.flags)}]" if e.flags else ""
    manual = " manual" if e.manual else ""
    label = node_label(e.document_id, e.outlet, e.url, kind=e.source_kind, name=e.name)
    basis = "+".join(terminal(b) for b in e.basis)
    return f"{terminal(e.relation):<8}{label}  ({basis}{manual}, {e.confidence:.2f}){flags}"


FLAG_WHY = {
    "syndicated-repeat": "repeats its origin: not independent corroboration",
    "uncredited-reuse": "copies substantial text without crediting the source",
    "date-conflict": "dated before the source it credits or copies",
    "unresolved-source": "credits a source that is not in the archive",
    "direction-uncertain": "which of the two came first is not settled by credit or date",
    "laundering": "a higher-rated outlet repeats an origin rated low or not at all: its standing is lent to the claim",
    "differs": "says something else about the same people and things: evidence against the claim, not for it",
}


def differences_text(occ: Any) -> str:
    """What an occurrence that differs says otherwise ("number: 8 vs one for eight; negated: ...")."""
    return "; ".join(f"{d.kind}: {d.claim} vs {d.document}" for d in occ.differences) or "differs"


def step_label(node: Step | Origin, *, esc: Any = terminal) -> str:
    """node_label of a step of a walk or an origin."""
    return node_label(node.document_id, node.outlet, node.url, esc=esc, kind=node.source_kind,
                      name=node.name if isinstance(node, Origin) else node.display_name)


def step_text(step: Step, *, esc: Any = terminal) -> str:
    label = step_label(step, esc=esc)
    if step.relation is None:
        return label
    basis = esc("+".join(step.basis))
    ev = f": \u201c{esc(clip(terminal(step.evidence), 60))}\u201d" if step.evidence else ""
    flags = f" [{esc(', '.join(step.flags))}]" if step.flags else ""
    return f"{esc(step.relation)} of {label} ({basis}{ev}){flags}"


def trace_text(result: TraceResult, *, markdown: bool = False) -> str:
    """`prov trace CLAIM` as a tree: each origin, then its occurrences with the path back to it.

    With markdown, every string from a document is Markdown-escaped too: it makes no link,
    image or HTML where the text is pasted.
    """
    esc = markdown_text if markdown else terminal
    bullet = "- " if markdown else ""
    indent = "  " if markdown else ""
    head = f"## Claim: {esc(result.claim)}" if markdown else f"Claim: {esc(result.claim)}"
    against = result.contradicting
    lines = [head, "", f"{len(result.occurrences) - len(against)} occurrence(s), {result.independent_origins} "
                       f"independent origin(s) (min score {result.min_score})"
                       + (f"; {len(against)} say(s) something else (differs)" if against else "")]
    by_id = {o.document_id: o for o in result.occurrences}
    for origin in result.origins:
        lines.append("")
        lines.append(f"{'### ' if markdown else ''}Origin: {step_label(origin, esc=esc)}")
        if origin.credibility:
            lines.append(f"{bullet}  outlet: {esc(origin.credibility.summary)}")
        for doc_id in origin.occurrences:
            o = by_id[doc_id]
            mark = "origin" if o.independent and o.document_id == origin.document_id else \
                "stands for it" if o.independent else "repeat"
            outlet = esc(o.outlet) if o.outlet else "(no outlet)"
            published = o.published.isoformat() if o.published else "undated"
            lines.append(f"{bullet}  #{o.document_id} {outlet} {published}  score {o.score:.2f}  [{mark}]"
                         + (f"  ({esc(o.credibility.summary)})" if o.credibility else "")
                         + archived_mark(result.archived, o.document_id, esc))
            lines.append(f"{indent}      \u201c{esc(clip(terminal(o.snippet), 110))}\u201d")
            for step in o.path[1:]:
                lines.append(f"{indent}      <- {step_text(step, esc=esc)}")
            for flag in o.flags:
                lines.append(f"{indent}      flag {esc(flag)}: {FLAG_WHY.get(flag, '')}")
    if against:
        lines.append("")
        lines.append(f"{'### ' if markdown else ''}Says something else (differs): evidence against the claim")
        for o in against:
            outlet = esc(o.outlet) if o.outlet else "(no outlet)"
            published = o.published.isoformat() if o.published else "undated"
            lines.append(f"{bullet}  #{o.document_id} {outlet} {published}  score {o.score:.2f}  [differs: "
                         f"{esc(differences_text(o))}]")
            lines.append(f"{indent}      \u201c{esc(clip(terminal(o.snippet), 110))}\u201d")
    if result.unresolved:
        lines.append("")
        lines.append("Not in the archive yet:")
        for u in result.unresolved:
            action = (markdown_code(u.command) if markdown else terminal(u.command)) if u.command \
                else esc(u.hint or "")
            if u.follow:
                action = f"{markdown_code(u.follow) if markdown else terminal(u.follow)} (or {action})"
            lines.append(f"{bullet}  {esc(u.key)}: {action}")
    return "\n".join(lines)


def trace_doc_text(result: DocumentTrace) -> str:
    """`prov trace --doc DOC`: chains back to each origin, and what derives from the document."""
    lines = [f"Document #{result.document_id}"]
    for chain in result.chains:
        lines.append("  " + node_label(chain[0].document_id, chain[0].outlet, chain[0].url))
        for step in chain[1:]:
            lines.append(f"    <- {step_text(step)}{archived_mark(result.archived, step.document_id)}")
    lines.append("origins: " + "; ".join(step_label(o) for o in result.origins))
    for u in result.unresolved:
        action = terminal(u.command) if u.command else terminal(u.hint or "")
        lines.append(f"not in the archive: {terminal(u.key)}: "
                     + (f"{terminal(u.follow)} (or {action})" if u.follow else action))
    if result.derivatives:
        lines.append("derived from it:")
        for d in result.derivatives:
            flags = f" [{terminal(', '.join(d.flags))}]" if d.flags else ""
            outlet = terminal(d.outlet) if d.outlet else "(no outlet)"
            lines.append(f"  {terminal(d.relation):<8}#{d.document_id} {outlet}{flags}")
    return "\n".join(lines)


def corrections_table(rows: list[CorrectionView]) -> str:
    lines = [f"{'id':>4}  {'when':<20} {'by':<12} {'action':<7} {'derived':>7}  source  relation  note"]
    for c in rows:
        source = f"#{c.source_document_id}" if c.source_document_id else (
            f"outlet {c.source_outlet_id}" if c.source_outlet_id else terminal(c.source_url) or "?")
        lines.append(f"{c.id:>4}  {c.created_at:%Y-%m-%d %H:%M:%SZ} {clip(terminal(c.made_by), 12):<12} {c.action:<7} "
                     f"#{c.derived_id:>6}  {source}  {c.relation or '-'}  {terminal(c.note)}")
    return "\n".join(lines)


def fraction(num: int, den: int) -> str:
    """"9/11 (82%)", or "0/0" where there is nothing to count."""
    if not den:
        return "0/0"
    return f"{num}/{den} ({num / den:.0%})"


def rating_text(outlet: OutletView) -> str:
    if outlet.rating is None:
        return "not rated" if not outlet.ratings else "rated (labels off the 0-100 scale)"
    return f"{outlet.rating:g}/100 ({outlet.rated_by} source(s))"


def credibility_table(rows: list[OutletView]) -> str:
    """`prov outlets`: each outlet's rating and the archive's signals, numerators with denominators."""
    if not rows:
        return "no outlets"
    lines = [f"{'id':>4}  {'outlet':<28} {'kind':<10} {'rating':<20} {'docs':>4}  {'origins':<12} "
             f"{'credits source':<14} {'uncredited':>10} {'others derive':>13}"]
    for r in rows:
        s = r.signals
        origins = f"{len(s.origins)}/{len(s.documents)}"
        credited = f"{len(s.credited)}/{len(s.derived)}"
        lines.append(f"{r.id!s:>4}  {clip(terminal(r.name), 28):<28} {terminal(r.kind) or '-':<10} "
                     f"{clip(terminal(rating_text(r)), 20):<20} {len(s.documents):>4}  {origins:<12} {credited:<14} "
                     f"{len(s.uncredited):>10} {len(s.derived_by_others):>13}")
    return "\n".join(lines)


def outlet_detail(outlet: OutletView) -> str:
    """`prov outlet show`: ratings with their sources, then each signal with the documents behind it."""
    s = outlet.signals

    def ids(found: tuple[int, ...]) -> str:
        return ("  #" + ", #".join(str(d) for d in found[:20]) + (" ..." if len(found) > 20 else "")) if found else ""

    lines = [f"#{outlet.id}  {terminal(outlet.name)}  ({terminal(outlet.kind) or 'kind unknown'}, "
             f"{'verified' if outlet.verified else 'unverified'})",
             f"domains:  {', '.join(terminal(d) for d in outlet.domains) or '-'}"]
    if outlet.aliases:
        lines.append(f"aliases:  {', '.join(terminal(a) for a in outlet.aliases)}")
    lines += ["", f"rating:   {terminal(rating_text(outlet))}", f"          = {RATING_FORMULA}"]
    for r in outlet.ratings:
        place = f" = {r.score_0_100:g}/100" if r.score_0_100 is not None and r.scale != "0-100" else ""
        score = terminal(r.score) if isinstance(r.score, str) else r.score
        lines.append(f"  {score} on {terminal(r.scale)}{place}  by {terminal(r.source)}  "
                     f"{r.date.isoformat() if r.date else 'undated'}"
                     + (f"  \u201c{terminal(r.note)}\u201d" if r.note else ""))
    if not outlet.ratings:
        lines.append("  no ratings yet: prov outlet rate NAME SCORE --source WHO")
    lines += ["", "in the archive:",
              f"  documents held            {len(s.documents)}",
              f"  originates its story      {fraction(len(s.origins), len(s.documents))}{ids(s.origins)}",
              f"  credits what it derives   {fraction(len(s.credited), len(s.derived))}{ids(s.credited)}",
              f"  uncredited reuse          {len(s.uncredited)}{ids(s.uncredited)}",
              f"  date conflicts            {len(s.date_conflicts)}{ids(s.date_conflicts)}",
              f"  revised after publishing  {len(s.revised)}{ids(s.revised)}",
              f"  misdirecting markup       {len(s.misdirecting)}{ids(s.misdirecting)}",
              f"  others derive from it     {len(s.derived_by_others)}{ids(s.derived_by_others)}"]
    return "\n".join(lines)


def follow_line(item: Any) -> str:
    """One line per credited address `prov follow` looked at: what became of it, and who credited it."""
    hop = f"(hop {item.hop}, credited by #{item.credited_by})"
    if item.status in ("reached", "held"):
        what = "reached" if item.status == "reached" else "held"
        line = f"{what:<9} #{item.document_id:<6} {terminal(item.url)}  {hop}"
        if item.archived:
            line += f"  archived copy, Memento-Datetime {terminal(item.archived)}"
        if item.loop_to is not None:
            line += f"  loop: it credits #{item.loop_to}, earlier in its chain"
        return line
    return f"{item.status:<9} {'':7} {terminal(item.error or item.url)}  {hop}"


def follow_summary(result: Any) -> str:
    """`follow: 5 followed, 3 reached (1 archived copy), 1 already held, 1 refused, 0 failed, ...`."""
    s = result.as_json()
    archived = f" ({s['archived']} archived {'copy' if s['archived'] == 1 else 'copies'})" if s["archived"] else ""
    left = f", {s['left']} left (over --max-fetch)" if s["left"] else ""
    loops = f", {s['loops']} {'loop' if s['loops'] == 1 else 'loops'}" if s["loops"] else ""
    return (f"follow: {s['followed']} followed, {s['reached']} reached{archived}, {s['already_held']} already held, "
            f"{s['refused']} refused, {s['failed']} failed{left}{loops}; {s['fetches']} requests")


def archived_mark(archived: Any, document_id: int | None, esc: Any = terminal) -> str:
    """"  [archived copy, Memento-Datetime ...]" after a document that is a web archive's copy of a gone page."""
    when = archived.get(document_id) if document_id is not None else None
    return f"  [archived copy, Memento-Datetime {esc(when)}]" if when else ""
