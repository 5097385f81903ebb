"""`prov report`: a trace written up as a citation-lineage report, in every format people and tools read.

The JSON formats (json, prov-json, claimreview) write `<`, `>` and `&` as `\\u` escapes, so
they can be embedded in an HTML page (`<script type="application/ld+json">`) as they are.
"""

from __future__ import annotations

from typing import Any

from provenance.untrusted import json_for_html

FORMATS = ("md", "html", "json", "prov-json", "prov-n", "prov-xml", "dot", "claimreview")


def render(report: dict[str, Any], fmt: str) -> str:
    """The report in format FMT (one of FORMATS)."""
    from provenance.report import formats, interchange

    if fmt == "md":
        return formats.render_markdown(report)
    if fmt == "html":
        return formats.render_html(report)
    if fmt == "json":
        return formats.render_json(report)
    if fmt == "dot":
        return formats.render_dot(report)
    if fmt == "claimreview":
        return json_for_html(interchange.render_claimreview(report), indent=2) + "\n"
    if fmt in ("prov-json", "prov-n", "prov-xml"):
        return interchange.render_prov(report, fmt)
    raise ValueError(f"unknown report format {fmt!r}")
