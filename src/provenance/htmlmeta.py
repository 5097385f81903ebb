"""HTML metadata beyond trafilatura: titles without site names, authors and dates from markup.

Plain values in, plain values out. Each value comes with where it came from, and
a value that is not credible is dropped rather than kept: a wrong date is worse
than none, since dates decide which copy came first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from lxml import html as lxml_html

from provenance.outlets import name_keys

SEPARATORS = re.compile(r"\s+(?:\||-|–|—|›|»|::|·|/|:)\s+")
PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished", "dc.date.issued",
                  "dcterms.created", "publication_date", "pubdate", "date", "dc.date", "sailthru.date",
                  "parsely-pub-date", "article.published", "published_time")
NOT_AUTHORS = re.compile(r"^(?:admin|administrator|editor|editorial|staff|redaktion|team|webmaster|guest|"
                         r"unknown|anonymous|posted by|view all posts.*|by)$", re.I)


@dataclass
class Markup:
    title: str | None = None
    authors: list[str] | None = None
    published: dt.date | None = None
    published_from: str | None = None
    publisher: str | None = None


def parse(page: str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def text_of(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def jsonld_objects(tree: lxml_html.HtmlElement) -> list[dict]:
    out: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return out


ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                 "opinionnewsarticle", "backgroundnewsarticle", "socialmediaposting", "techarticle", "scholarlyarticle",
                 "reviewnewsarticle", "liveblogposting", "webpage", "report"}


def is_article(obj: dict) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds)


def names(value: object) -> list[str]:
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and item.strip():
            out.append(" ".join(item.split()))
    return out


def date_of(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return date if dt.date(1995, 1, 1) <= date <= dt.datetime.now(dt.UTC).date() else None


def read_markup(page: str) -> Markup:
    """What the page's structured markup says: JSON-LD first, then meta tags."""
    tree = parse(page)
    found = Markup()
    if tree is None:
        return found
    for obj in jsonld_objects(tree):
        if not is_article(obj):
            continue
        found.authors = found.authors or [n for n in names(obj.get("author")) if credible_author(n)] or None
        if found.published is None and (date := date_of(obj.get("datePublished"))):
            found.published, found.published_from = date, "json-ld datePublished"
        found.publisher = found.publisher or next(iter(names(obj.get("publisher"))), None)
        if not found.title and isinstance(obj.get("headline"), str):
            found.title = " ".join(obj["headline"].split())
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if found.published is None and key in PUBLISHED_META and (date := date_of(meta.get("content"))):
            found.published, found.published_from = date, f"meta {key}"
    if found.published is None:
        for node in tree.xpath("//time[@itemprop='datePublished' or @pubdate][@datetime]"):
            if date := date_of(node.get("datetime")):
                found.published, found.published_from = date, "time datePublished"
                break
    return found


def credible_author(name: str) -> bool:
    return bool(name) and not NOT_AUTHORS.match(name.strip()) and "@" not in name and len(name) <= 80 \
        and not name.lower().startswith(("http", "www."))


def segments(title: str) -> list[str]:
    return [s.strip() for s in SEPARATORS.split(title) if s.strip()]


def is_site_segment(segment: str, site_names: list[str], host: str | None) -> bool:
    keys = set(name_keys(segment))
    for site in site_names:
        if keys & set(name_keys(site)):
            return True
    if host:
        core = host.removeprefix("www.").split(".")[0]
        if core and core in "".join(name_keys(segment)[:1]):
            return True
    return False


def best_title(page: str, candidate: str | None, *, sitename: str | None, host: str | None,
               markup: Markup | None = None) -> str | None:
    """The article's title: a heading that the page title contains, else the page title without
    the site's name ("Story | Site", "Site - Story")."""
    tree = parse(page)
    if tree is None:
        return candidate
    markup = markup or read_markup(page)
    head_title = next((text_of(t) for t in tree.xpath("//head/title")), None)
    og = next((m.get("content") for m in tree.xpath("//meta[@property='og:title'][@content]")), None)
    sites = [s for s in (sitename, markup.publisher,
                         next((m.get("content") for m in tree.xpath("//meta[@property='og:site_name']")), None)) if s]
    titles = [t for t in (og, markup.title, head_title, candidate) if t]
    for h1 in tree.xpath("//h1")[:3]:
        heading = text_of(h1)
        if heading and any(heading == t or heading in segments(t) or t.startswith(heading) for t in titles):
            return heading
    for title in titles:
        parts = segments(title)
        if len(parts) > 1:
            kept = [p for p in parts if not is_site_segment(p, sites, host)]
            if kept and len(kept) < len(parts):
                return SEPARATORS.split(title)[0] if kept[0] == parts[0] and len(kept) == 1 else " - ".join(kept) \
                    if len(kept) > 1 else kept[0]
    return og or candidate
