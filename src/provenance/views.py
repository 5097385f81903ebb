"""Typed results as the JSON shapes of `../shared/CLI_CONTRACT.md` (`--format json`).

Each function takes what a service returned and gives plain dicts and lists, in the
contract's field order. No database access happens here: every value comes from the
result (the terminal views in render.py read the same results).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from provenance.credibility import RATING_FORMULA, Brief, OutletSignals, OutletView, RatingView
from provenance.documents import AttributionView, DocumentView, OutletRef
from provenance.graph import EdgeView, Step
from provenance.trace import DocumentTrace, Laundered, Occurrence, Origin, TraceResult, Unresolved

if TYPE_CHECKING:
    from provenance.lineage import CorrectionView
    from provenance.outlets import Listed
    from provenance.reuse.links import ReuseView


def step_json(step: Step) -> dict[str, Any]:
    return {"document_id": step.document_id, "outlet": step.outlet, "url": step.url,
            "relation": step.relation, "basis": list(step.basis), "flags": list(step.flags),
            "evidence": step.evidence, "key": step.key, "source_kind": step.source_kind,
            "name": step.display_name}


def occurrence_json(occ: Occurrence) -> dict[str, Any]:
    return {"document_id": occ.document_id, "outlet": occ.outlet,
            "published": occ.published.isoformat() if occ.published else None, "title": occ.title,
            "url": occ.url, "snippet": occ.snippet, "score": occ.score, "origin": occ.origin,
            "path": [step_json(s) for s in occ.path], "independent": occ.independent, "flags": list(occ.flags),
            "credibility": brief_json(occ.credibility), "similarity": occ.similarity,
            "agreement": occ.agreement,
            "differences": [{"kind": d.kind, "claim": d.claim, "document": d.document} for d in occ.differences]}


def origin_json(origin: Origin, *, traced: bool = True) -> dict[str, Any]:
    """An origin; of a traced claim (TRACED) with its occurrences and its outlet's credibility."""
    out: dict[str, Any] = {"key": origin.key, "document_id": origin.document_id, "outlet": origin.outlet,
                           "url": origin.url}
    if traced:
        out["occurrences"] = list(origin.occurrences)
    out["source_kind"] = origin.source_kind
    out["name"] = origin.name
    if traced:
        out["credibility"] = brief_json(origin.credibility)
    return out


def unresolved_json(item: Unresolved) -> dict[str, Any]:
    out: dict[str, Any] = {"key": item.key, "command": item.command}
    if item.hint is not None:
        out["hint"] = item.hint
    if item.follow is not None:
        out["follow"] = item.follow
    return out


def laundering_json(items: tuple[Laundered, ...]) -> list[dict[str, Any]]:
    return [{"document_id": item.document_id, "outlet": item.outlet, "rating": item.rating, "origin": item.origin,
             "origin_outlet": item.origin_outlet, "origin_rating": item.origin_rating} for item in items]


def trace_json(result: TraceResult) -> dict[str, Any]:
    """`prov trace CLAIM --format json`."""
    return {"claim": result.claim, "laundering": laundering_json(result.laundering),
            "min_score": result.min_score, "occurrences": [occurrence_json(o) for o in result.occurrences],
            "origins": [origin_json(o) for o in result.origins], "independent_origins": result.independent_origins,
            "contradicting": [o.document_id for o in result.contradicting],
            "unresolved": [unresolved_json(u) for u in result.unresolved], "archived": archived_json(result.archived)}


def archived_json(archived: Mapping[int, str]) -> list[dict[str, Any]]:
    """Documents shown that are a web archive's copy of a gone page, with their Memento-Datetime."""
    return [{"document_id": i, "memento_datetime": when} for i, when in sorted(archived.items())]


def document_trace_json(result: DocumentTrace) -> dict[str, Any]:
    """`prov trace --doc DOC --format json`."""
    return {"document_id": result.document_id, "chains": [[step_json(s) for s in chain] for chain in result.chains],
            "origins": [origin_json(o, traced=False) for o in result.origins],
            "derivatives": [{"document_id": d.document_id, "outlet": d.outlet, "relation": d.relation,
                             "basis": list(d.basis), "flags": list(d.flags), "source_kind": "outlet",
                             "name": d.outlet} for d in result.derivatives],
            "unresolved": [unresolved_json(u) for u in result.unresolved], "archived": archived_json(result.archived)}


def outlet_ref_json(outlet: OutletRef | None) -> dict[str, Any] | None:
    return None if outlet is None else {"id": outlet.id, "name": outlet.name, "domain": outlet.domain}


def attribution_json(a: AttributionView) -> dict[str, Any]:
    return {"kind": a.kind, "source": a.source, "source_outlet_id": a.source_outlet_id, "source_url": a.source_url,
            "source_kind": a.source_kind, "evidence": a.evidence, "start": a.start, "end": a.end,
            "pattern": a.pattern, "confidence": a.confidence, "audit": a.audit, "self": a.self_credit,
            "ambiguous": a.ambiguous, "unsupported": a.unsupported}


def edge_json(e: EdgeView) -> dict[str, Any]:
    """One of `prov show`'s sources or derivatives."""
    return {"relation": e.relation, "document_id": e.document_id, "outlet": e.outlet, "url": e.url,
            "basis": list(e.basis), "confidence": e.confidence, "flags": list(e.flags), "manual": e.manual,
            "source_kind": e.source_kind, "name": e.name}


def document_json(doc: DocumentView, *, with_text: bool = True) -> dict[str, Any]:
    """`prov show DOC --format json`; without its text, one line of `prov docs --format json`."""
    data: dict[str, Any] = {
        "id": doc.id, "url": doc.url, "canonical_url": doc.canonical_url, "path": doc.path, "title": doc.title,
        "outlet": outlet_ref_json(doc.outlet), "authors": list(doc.authors),
        "published": doc.published.isoformat() if doc.published else None, "date_source": doc.date_source,
        "retrieved": doc.retrieved.strftime("%Y-%m-%dT%H:%M:%SZ"), "language": doc.language, "sha256": doc.sha256,
        # A copy a web archive held of a gone page (prov follow --archive): its Memento-Datetime and the archive.
        "archived": dict(doc.archived) if doc.archived is not None else None,
        "revisions": doc.revisions, "metadata_sources": dict(doc.metadata_sources),
    }
    if with_text:
        data["text"] = doc.text
    data["attributions"] = [attribution_json(a) for a in doc.attributions]
    data["quotes"] = [{"text": q.text, "speaker": q.speaker, "primary": q.primary, "start": q.start, "end": q.end}
                      for q in doc.quotes]
    data.update(sources=[edge_json(e) for e in doc.sources], derivatives=[edge_json(e) for e in doc.derivatives],
                flags=list(doc.flags))
    return data


def reuse_json(result: ReuseView) -> dict[str, Any]:
    """`prov reuse DOC --format json`."""
    return {"document_id": result.document_id, "links": [
        {"document_id": link.document_id, "relation": link.relation,
         "containment": {"this_in_other": link.this_in_other, "other_in_this": link.other_in_this},
         "similarity": link.similarity,
         "passages": [{"this": list(p.this), "other": list(p.other), "kind": p.kind, "text": p.text,
                       **({"similarity": p.similarity} if p.similarity is not None else {})}
                      for p in link.passages],
         "title": link.title, "outlet": link.outlet,
         "published": link.published.isoformat() if link.published else None,
         "translated": link.translated,
         "languages": {"this": link.languages[0], "other": link.languages[1]} if link.languages else None}
        for link in result.links],
        "unindexed_documents": result.unindexed_documents}


def signals_json(sig: OutletSignals) -> dict[str, Any]:
    return {"documents": len(sig.documents),
            "origins": {"num": len(sig.origins), "den": len(sig.documents)},
            "credited_derivations": {"num": len(sig.credited), "den": len(sig.derived)},
            "uncredited_reuse": len(sig.uncredited), "date_conflicts": len(sig.date_conflicts),
            "revisions": len(sig.revised), "misdirecting_markup": len(sig.misdirecting),
            "derived_from_by_others": len(sig.derived_by_others)}


def signal_documents_json(sig: OutletSignals) -> dict[str, list[int]]:
    """The documents behind each signal (`prov outlet show`)."""
    return {"origins": list(sig.origins), "credited_derivations": list(sig.credited),
            "uncredited_reuse": list(sig.uncredited), "date_conflicts": list(sig.date_conflicts),
            "revisions": list(sig.revised), "misdirecting_markup": list(sig.misdirecting),
            "derived_from_by_others": list(sig.derived_by_others)}


def rating_json(r: RatingView) -> dict[str, Any]:
    return {"score": r.score, "scale": r.scale, "score_0_100": r.score_0_100, "source": r.source,
            "date": r.date.isoformat() if r.date else None, "note": r.note, "by": r.by}


def outlet_json(outlet: OutletView, *, with_documents: bool = False) -> dict[str, Any]:
    """`prov outlet show NAME --format json` (WITH_DOCUMENTS: the documents behind each signal too), and one
    line of `prov outlets --format json`."""
    data: dict[str, Any] = {
        "id": outlet.id, "name": outlet.name, "slug": outlet.slug, "kind": outlet.kind, "verified": outlet.verified,
        "domains": list(outlet.domains), "aliases": list(outlet.aliases),
        "ratings": [rating_json(r) for r in outlet.ratings],
        "rating": {"score_0_100": outlet.rating, "sources": outlet.rated_by, "formula": RATING_FORMULA},
        "signals": signals_json(outlet.signals),
    }
    if with_documents:
        data["signal_documents"] = signal_documents_json(outlet.signals)
    return data


def brief_json(brief: Brief | None) -> dict[str, Any] | None:
    """An outlet briefly, beside an occurrence or an origin of a traced claim."""
    if brief is None:
        return None
    s = signals_json(brief.signals)
    return {"outlet": brief.outlet, "rating": brief.rating, "rated_by": brief.rated_by, "documents": s["documents"],
            "origins": s["origins"], "credited_derivations": s["credited_derivations"],
            "uncredited_reuse": s["uncredited_reuse"], "summary": brief.summary}


def listed_outlet_json(row: Listed) -> dict[str, Any]:
    """One line of `prov outlet list --format json`: a known outlet, stored or from the registry."""
    return {"id": row.id, "name": row.name, "kind": row.kind, "domains": list(row.domains),
            "aliases": list(row.aliases), "verified": row.verified, "origin": row.origin}


def correction_json(c: CorrectionView) -> dict[str, Any]:
    """One correction of `prov corrections --format json`."""
    return {"id": c.id, "action": c.action, "derived_id": c.derived_id, "source_document_id": c.source_document_id,
            "source_outlet_id": c.source_outlet_id, "source_url": c.source_url, "relation": c.relation,
            "note": c.note, "by": c.made_by, "at": c.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")}


__all__ = ["attribution_json", "brief_json", "correction_json", "document_json", "document_trace_json", "edge_json",
           "laundering_json", "listed_outlet_json", "occurrence_json", "origin_json", "outlet_json",
           "outlet_ref_json", "rating_json", "reuse_json", "signal_documents_json", "signals_json", "step_json",
           "trace_json", "unresolved_json"]
