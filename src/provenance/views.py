"""Typed results as the JSON shapes of `../shared/CLI_CONTRACT.md` (`--format json`).

Each function takes what a service returned and gives plain dicts and lists, in the
contract's field order. No database access happens here: every value comes from the
result (the terminal views in render.py read the same results).
"""

from __future__ import annotations

from typing import Any

from provenance.graph import Step
from provenance.trace import DocumentTrace, Laundered, Occurrence, Origin, TraceResult, Unresolved


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
            "credibility": dict(occ.credibility) if occ.credibility is not None else None,
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
        out["credibility"] = dict(origin.credibility) if origin.credibility is not None else None
    return out


def unresolved_json(item: Unresolved) -> dict[str, Any]:
    out: dict[str, Any] = {"key": item.key, "command": item.command}
    if item.hint is not None:
        out["hint"] = item.hint
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
            "unresolved": [unresolved_json(u) for u in result.unresolved]}


def document_trace_json(result: DocumentTrace) -> dict[str, Any]:
    """`prov trace --doc DOC --format json`."""
    return {"document_id": result.document_id, "chains": [[step_json(s) for s in chain] for chain in result.chains],
            "origins": [origin_json(o, traced=False) for o in result.origins],
            "derivatives": [{"document_id": d.document_id, "outlet": d.outlet, "relation": d.relation,
                             "basis": list(d.basis), "flags": list(d.flags), "source_kind": "outlet",
                             "name": d.outlet} for d in result.derivatives]}


__all__ = ["document_trace_json", "laundering_json", "occurrence_json", "origin_json", "step_json", "trace_json",
           "unresolved_json"]
