"""Credits in article paragraphs the text extractor dropped, read from the page's HTML.

trafilatura keeps one container of a page's body. Some CMSs cut an article into several
containers of one class between ads (the rest of the article, with its credits, is lost),
and on some pages it drops single paragraphs of the body: a "[Site]" mark closing an
excerpt, a paragraph between two quotations. The stored text stays as the extractor made it
(reuse and lineage compare texts); only the credits of those paragraphs are read, and they
carry no offsets (their words are not in the stored text) and `detail["read_from"] = "html"`.

A dropped paragraph is read only when it is a `<p>` (or a run of text between `<br>`) of the
article's own body: its parent holds at least two paragraphs the extractor kept, or has the
same tag and class as such a parent with no heading between the two (the article's next
container; a listing page's next post has a title of its own). Paragraphs in menus, captions,
asides, related or share boxes (`links.not_body`) are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from provenance.attribution import ARTICLE_PATH, Found, find_attributions
from provenance.credit_context import prose_line
from provenance.links import INLINE, block_text, body_links, link_credits, norm, not_body
from provenance.urls import split

# A parent needs this many kept paragraphs to be the article's body.
KEPT_IN_BODY = 2
# Paragraphs shorter than this (after spaces are collapsed) are not compared: "[CNET]" is 6.
SHORTEST = 4


@dataclass
class Paragraph:
    element: lxml_html.HtmlElement  # the <p>, or the container a run of text between line breaks is in
    parent: lxml_html.HtmlElement | None
    text: str
    kept: bool


def signature(el: lxml_html.HtmlElement) -> tuple[str, str]:
    return str(el.tag).lower(), " ".join(sorted((el.get("class") or "").split()))


def br_runs(container: lxml_html.HtmlElement) -> list[str]:
    """The runs of a container's own text between its `<br>` children (a body written with line breaks,
    not paragraphs): inline children are part of a run, block children end one."""
    runs: list[str] = [container.text or ""]
    for child in container:
        if not isinstance(child.tag, str):
            runs[-1] += child.tail or ""
            continue
        tag = child.tag.lower()
        if tag == "br":
            runs.append("")
        elif tag in INLINE:
            runs[-1] += block_text(child)[0]
        else:
            runs.append("")
        runs[-1] += child.tail or ""
    return [r for r in runs if r.strip()]


def body_paragraphs(tree: lxml_html.HtmlElement, text: str) -> list[Paragraph]:
    """The paragraphs of the article's body in page order (`<p>` elements, and runs of text between `<br>`
    in a container that has two line breaks or more), each marked kept (its words are in TEXT) or not."""
    stored = norm(text)
    paragraphs: list[Paragraph] = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "p":
            pieces, parent = [block_text(el)[0]], el.getparent()
        elif tag in ("div", "section", "article", "td") and len(el.findall("br")) >= 2:
            pieces, parent = br_runs(el), el
        else:
            continue
        for piece in pieces:
            words = norm(piece)
            if len(words) >= SHORTEST:
                paragraphs.append(Paragraph(el, parent, words, words in stored))
    kept_by_parent: dict[lxml_html.HtmlElement, int] = {}
    for para in paragraphs:
        if para.kept and para.parent is not None:
            kept_by_parent[para.parent] = kept_by_parent.get(para.parent, 0) + 1
    bodies = {parent for parent, count in kept_by_parent.items() if count >= KEPT_IN_BODY}
    order = {el: i for i, el in enumerate(tree.iter())}
    headings = sorted(order[h] for h in tree.iter("h1", "h2", "h3"))
    spans = {body: (order[body], order[body] + sum(1 for _ in body.iter()) - 1) for body in bodies}

    def next_part(container: lxml_html.HtmlElement) -> bool:
        """A container of a body's tag and class with no heading between the two: the article's next part
        (a listing page's next post has a title of its own)."""
        if not container.get("class") or container not in order:
            return False
        start, end = order[container], order[container] + sum(1 for _ in container.iter()) - 1
        for body, (b0, b1) in spans.items():
            if signature(body) != signature(container):
                continue
            lo, hi = (b1, start) if start > b1 else (end, b0)
            if not any(lo < h < hi for h in headings):
                return True
        return False

    out: list[Paragraph] = []
    for para in paragraphs:
        if para.parent is None or not (para.parent in bodies or next_part(para.parent)):
            continue
        if not para.kept and not_body(para.element) is not None:
            continue
        out.append(para)
    return out


def linked_article(paragraph: str, url: str) -> bool:
    """A link of a dropped paragraph is read only in running text (a sentence of eight words or more, not
    a list of download links, nor a headline with its byline in a reading list) and to an article's
    address (a slug or a number in its path, not a hotel's or a product's front page, whatever tracking
    code its query has): what the extractor left out of the text is more often furniture than what it kept."""
    parts = split(url)
    # "Why ports cut their fees (Jane Doe — Port Gazette)": a headline and its byline are no sentence.
    if parts is None or not prose_line(re.sub(r"\s*\([^()]*\)\s*$", "", paragraph)):
        return False
    # The path says it is an article; a query says so only as an article's number (not a tracking code).
    numbered = re.match(r"(?:p|id|story|article)=\d+", parts.query) is not None
    return ARTICLE_PATH.search(parts.path) is not None or numbered


def dropped_credits(tree: lxml_html.HtmlElement | None, text: str, kept: list[Found], *,
                    page_url: str | None, saved: bool = False) -> list[Found]:
    """Credits (markers, prose, hyperlinks) in body paragraphs missing from TEXT, the stored text.

    Args:
        tree: the parsed page (None: nothing to read).
        text: the document's stored text.
        kept: the credits already found in TEXT; a source they name is not added again.
        page_url: the page's address, for its links.
        saved: the page came without an address.

    Returns:
        Findings with no offsets and `detail["read_from"] = "html"`, in page order.
    """
    if tree is None:
        return []
    paragraphs = body_paragraphs(tree, text)
    if not any(not p.kept for p in paragraphs):
        return []
    # The body as one text, kept paragraphs included: the rules read a line with its neighbours
    # ("[Site]" after the excerpt's last sentence). Only findings inside dropped paragraphs count.
    pieces: list[str] = []
    dropped: list[tuple[int, int]] = []
    size = 0
    for para in paragraphs:
        if not para.kept:
            dropped.append((size, size + len(para.text)))
        pieces.append(para.text)
        size += len(para.text) + 1
    body = "\n".join(pieces)

    def inside(found: Found) -> bool:
        return found.start is not None and found.end is not None and any(
            lo <= found.start and found.end <= hi for lo, hi in dropped)

    found = [f for f in find_attributions(body) if inside(f)]
    links = [lk for lk in body_links(tree, body, page_url=page_url, saved=saved)
             if any(lo <= lk.start and lk.end <= hi for lo, hi in dropped)]
    # A named credit takes the link on its words; a link alone is a credit only in running text.
    hyperlinks = [f for f in link_credits(found, links, body) if any(
        lo <= (f.start or 0) < hi and linked_article(body[lo:hi], f.url or "") for lo, hi in dropped)]
    found = sorted(found + hyperlinks, key=lambda f: f.start or 0)
    names = {(f.source or "").casefold() for f in kept if f.source}
    urls = {f.url for f in kept if f.url}
    out: list[Found] = []
    for f in found:
        if (f.source or "").casefold() in names or (f.url and f.url in urls):
            continue
        names.add((f.source or "").casefold())
        if f.url:
            urls.add(f.url)
        out.append(Found(f.kind, f.pattern, f.source, f.url, f.evidence, None, None, f.confidence,
                         {**f.detail, "read_from": "html"}, f.source_kind))
    return out
