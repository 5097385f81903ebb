"""German article pages of our own for the hyperlink-credit tests, and the link credits extraction reads."""

from __future__ import annotations

from pathlib import Path

from provenance.ingest.extract import extract


def german_page(path: Path, title: str, body: str) -> Path:
    """PATH written as a German article page titled TITLE around BODY (HTML)."""
    path.write_text(f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>'
                    f"</head><body><article><h1>{title}</h1>{body}</article></body></html>", encoding="utf-8")
    return path


def hyperlink_credits(path: Path, url: str) -> list:
    """The hyperlink attributions extraction finds in the page at PATH, read as published at URL."""
    extracted = extract(path.read_bytes(), kind="html", charset=None, url=url, source=str(path))
    return [f for f in extracted.attributions if f.pattern == "hyperlink"]


def span_of(text: str, anchor: str) -> tuple[int, int]:
    start = text.index(anchor)
    return start, start + len(anchor)
