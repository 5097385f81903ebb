"""HTML metadata beyond trafilatura: titles without site names, authors and dates from markup.

Plain values in, plain values out. Each value comes with where it came from, and
a value that is not credible is dropped rather than kept: a wrong date is worse
than none, since dates decide which copy came first.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from dataclasses import dataclass

from lxml import html as lxml_html

from provenance.datewords import DATE_PATTERNS, GERMANIC_MONTHS, MONTHS
from provenance.htmltree import jsonld_objects, parse
from provenance.outlet_words import known_outlet
from provenance.outlets import name_keys

SEPARATORS = re.compile(r"\s+(?:\||-|–|—|›|»|::|·|/|:)\s+")
PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished", "dc.date.issued",
                  "dcterms.created", "publication_date", "pubdate", "date", "dc.date", "sailthru.date",
                  "parsely-pub-date", "article.published", "published_time")
# Meta tags that many CMSs fill with the day the page was saved, not the day it came out: read only
# when no other markup dates the page.
WEAK_PUBLISHED_META = frozenset(("date", "dc.date", "sailthru.date"))
AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
               "byl", "cxenseparse:author")
NOT_AUTHORS = re.compile(r"^(?:admin|administrator|editor|editorial|staff|team|webmaster|guest|"
                         r"unknown|anonymous|posted by|view all posts.*|by|von|name|datum|date|autor|author|"
                         r"agencies|agency|follow|human|no author|text|quelle|source|stand|super user|"
                         r"\w+ (?:com|org|net|de|ch|at)|"  # a web address made into words ("Facebook Com")
                         r"photo|foto|bild|image|[^\w]*)$", re.I)
# An organisation, not a person: legal forms, foundations, web addresses.
ORGANISATION = re.compile(r"\b(?:e\.\s?V|GmbH|AG|KG|Co\.|Inc|Ltd|LLC|Stiftung|Verband|Foundation|Magazin|Magazine)\b\.?"
                          r"|www\.|\.(?:com|de|at|ch|org|net|fr|pl)\b|\(", re.I)
CREDENTIALS = re.compile(r",\s*(?:PhD|Ph\.D\.|MD|M\.D\.|MSc|MS|MA|MBA|RD|RDN|CPT|CSCS|DO|JD|LLM|Prof\.?)\b.*$")


@dataclass
class Markup:
    title: str | None = None
    authors: list[str] | None = None
    published: dt.date | None = None
    published_from: str | None = None
    publisher: str | None = None
    description: str | None = None


def text_of(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


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


def instant(value: object) -> dt.datetime | None:
    """A timestamp with its offset ("2022-05-04T03:37:37+00:00"), else None (a bare day has no offset)."""
    if not isinstance(value, str) or len(value.strip()) < 16:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return stamp if stamp.utcoffset() is not None else None


def local_day(value: str, tree: lxml_html.HtmlElement, stamps: list[str]) -> dt.date | None:
    """The day of a UTC timestamp where the page is: another timestamp of the page that gives the
    same instant in the site's own offset ("2022-05-03T23:37:37-04:00" beside "2022-05-04T03:37:37Z")
    names the day its readers saw. None when the timestamp is not in UTC or no such twin exists."""
    stamp = instant(value)
    if stamp is None or stamp.utcoffset() != dt.timedelta(0):
        return None
    for other in [*stamps, *(str(t.get("datetime")) for t in tree.xpath("//time[@datetime]")),
                  *(str(m.get("content")) for m in tree.xpath("//meta[@content]"))]:
        twin = instant(other)
        if twin is not None and twin.utcoffset() and abs((twin - stamp).total_seconds()) <= 60:
            return date_of(twin.isoformat())
    return None


def read_markup(page: str | lxml_html.HtmlElement) -> Markup:
    """What the page's structured markup says: JSON-LD first, then meta tags."""
    tree = parse(page)
    found = Markup()
    if tree is None:
        return found
    objects = jsonld_objects(tree)
    stamps = [str(obj[k]) for obj in objects for k in ("datePublished", "dateCreated", "dateModified") if obj.get(k)]
    published_stamp: str | None = None
    for obj in objects:
        if not is_article(obj):
            continue
        found.authors = found.authors or [n for n in names(obj.get("author")) if credible_author(n)] or None
        if found.published is None and (date := date_of(obj.get("datePublished"))):
            found.published, found.published_from = date, "json-ld datePublished"
            published_stamp = str(obj["datePublished"])
        found.publisher = found.publisher or next(iter(names(obj.get("publisher"))), None)
        if not found.title and isinstance(obj.get("headline"), str):
            found.title = " ".join(obj["headline"].split())
    meta_authors: list[str] = []
    author_key = None
    weak: tuple[dt.date, str, str | None] | None = None
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in ("og:description", "description", "twitter:description") and not found.description:
            found.description = " ".join((meta.get("content") or "").split()) or None
        if found.published is None and key in PUBLISHED_META and (date := date_of(meta.get("content"))):
            if key in WEAK_PUBLISHED_META:
                weak = weak or (date, f"meta {key}", meta.get("content"))
            else:
                found.published, found.published_from = date, f"meta {key}"
                published_stamp = meta.get("content")
        if key in AUTHOR_META and author_key in (None, key):
            # The tag as written: trafilatura re-cases names ("night owl" -> "Night Owl"). A tag
            # repeated (dc.creator, one per author) or a list in one tag names every author.
            names_here = [tidy_author(n) for n in re.split(r"\s*[;|]\s*", meta.get("content") or "")]
            names_here = [n for part in names_here for n in separate_names(part, [])]
            meta_authors += [n for n in names_here if credible_author(n) and n not in meta_authors]
            author_key = key if meta_authors else None
    # JSON-LD first, unless the meta tags name the same authors and more ("author": one Person,
    # <meta name="author" content="A,B">).
    folded = {n.casefold() for n in meta_authors}
    if not found.authors or (len(meta_authors) > len(found.authors)
                             and all(n.casefold() in folded for n in found.authors)):
        found.authors = meta_authors or found.authors
    if found.published is None:
        # <time itemprop="datePublished" datetime=...>, and the same property on other elements
        # (Blogger's <abbr class="published" itemprop="datePublished" title=...>)
        for node in tree.xpath("//time[@itemprop='datePublished' or @pubdate][@datetime]"
                               " | //*[@itemprop='datePublished'][@content or @title][not(self::meta)]"):
            stamp = node.get("datetime") or node.get("content") or node.get("title")
            if date := date_of(stamp):
                found.published, found.published_from = date, f"{node.tag} datePublished"
                published_stamp = stamp
                break
    if found.published is None and weak:
        found.published, found.published_from, published_stamp = weak
    if published_stamp and (day := local_day(published_stamp, tree, stamps)) and day != found.published:
        found.published, found.published_from = day, f"{found.published_from}, in the site's own offset"
    elif published_stamp and (day := midnight_day(published_stamp)) and day != found.published:
        found.published, found.published_from = day, f"{found.published_from}, a midnight in Central Europe"
    return found


def midnight_day(value: str) -> dt.date | None:
    """The day of a bare date that a CMS stored as midnight in Central Europe and wrote in UTC:
    "2021-11-04T23:00Z" (UTC+1) or "...T22:00:00.000Z" (UTC+2) is the 5th where the page is. A
    real publication time is rarely on the hour to the second; None for any other stamp."""
    stamp = instant(value)
    if stamp is None or stamp.utcoffset() != dt.timedelta(0) or stamp.hour not in (22, 23) \
            or (stamp.minute, stamp.second, stamp.microsecond) != (0, 0, 0):
        return None
    return date_of((stamp + dt.timedelta(hours=2)).date().isoformat())


NOT_IN_NAMES = re.compile(r"\b(?:said|says|wrote|designed|powered|theme|wordpress\w*|\w*admin\w*|posted|"
                          r"january|february|march|april|june|july|august|september|october|november|december|"
                          r"januar|februar|märz|mai|juni|juli|oktober|dezember|on \w+ \d+)\b"
                          r"|\b(?:foto|photo|bild|image)s?\s*:|^фото\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b", re.I)


def credible_author(name: str) -> bool:
    """A person's name, not a role, a commenter line, a date or a theme credit."""
    return bool(name) and not NOT_AUTHORS.match(name.strip()) and "@" not in name and len(name) <= 80 \
        and not name.lower().startswith(("http", "www.")) and not NOT_IN_NAMES.search(name) \
        and not ORGANISATION.search(name)


def tidy_author(name: str) -> str:
    """Bylines' leading and trailing words out: "Vom Krimiblogger" -> "Krimiblogger", "By Jane Doe" ->
    "Jane Doe", "Sara Roe Stand" -> "Sara Roe" (German "as of", before a date), "Redacci&oacute;n" unescaped."""
    name = re.sub(r"^(?:view all posts by|zeige alle beiträge von|alle beiträge von|beiträge? von|artikel von|"
                  r"pressemitteilung von|zum profil von|posted by|written by|geschrieben von|interview|author|"
                  r"auteur|autor(?:in|/in)?|by|von|vom|par|por|di|door)\s*:?\s+", "",
                  " ".join(html_lib.unescape(name).split()), flags=re.I)
    name = re.sub(r"\s+(?:stand|aktualisiert|updated|tiempo de lectura|lesezeit|reading time|min read)$", "", name,
                  flags=re.I)
    words = name.split()
    if len(words) == 2 and words[0].casefold() == words[1].casefold():
        name = words[0]  # "jesusfreak jesusfreak": a profile link's text and its title
    name = CREDENTIALS.sub("", name)  # "Grant Tinsley, PhD" -> "Grant Tinsley"
    head, _, tail = name.rpartition(", ")
    if head and tail and (tail.isupper() or known_outlet(tail)):
        name = head  # "Rob Picheta, CNN": the outlet is not part of the name
    return name.strip()


def separate_names(name: str, sites: list[str | None]) -> list[str]:
    """One author field as the names it holds: quotes out, "unocero - Alberto Ávila" without the site,
    "Adam Roe PhillyVoice Staff" without the staff label, "A, B" as two names when both are names."""
    name = name.strip(" '\"“”‘’")
    parts = [p for p in re.split(r"\s+[-|–—]\s+", name) if p]
    if len(parts) > 1:
        kept = [p for p in parts if not any(same_name(p, site) for site in sites)]
        parts = kept if kept and all(name_only(p) for p in kept) else [name]
    out: list[str] = []
    for part in parts:
        part = re.sub(r"\s+staff(?: writer| reporter)?$", "", part, flags=re.I)
        head, _, last = part.rpartition(" ")
        if len(head.split()) >= 2 and any(same_name(last, site) for site in sites):
            part = head  # "Adam Roe PhillyVoice"
        pieces = [p.strip() for p in part.split(",")]
        out += pieces if len(pieces) > 1 and all(name_only(p) for p in pieces) else [part]
    return [n for n in out if n]


def same_name(text: str, site: str | None) -> bool:
    """Whether TEXT names SITE (a publisher's name given as an author, "By Dawn", is no author)."""
    return bool(site) and bool(set(name_keys(text)) & set(name_keys(site or "")))


def page_spelling(name: str, page: str) -> str:
    """NAME as the page writes it, when the page has it with the initials' full stops or a
    dot between the words that a normaliser dropped ("Joe S" -> "Joe S.", "T V Raman" -> "T. V. Raman")."""
    words = name.split()
    if not words or len(words) > 5:
        return name
    if not any(len(w) == 1 for w in words):  # no initial to restore: only "Isabella.DiBiase" is left to find
        joined = ".".join(words)
        return joined if len(words) > 1 and joined in page else name
    last_dot = r"(?:\.(?=[\s<,;\"]))?" if len(words[-1]) == 1 else ""  # an initial: "Juan Muñoz C."
    pattern = r"(?<!\w)" + r"\.?\s*".join(re.escape(w) for w in words) + last_dot
    for m in re.finditer(pattern, page):
        found = " ".join(m.group().split())
        if found != name and found.replace(".", " ").split() == words:
            return found
    return name


def segments(title: str) -> list[str]:
    return [s.strip() for s in SEPARATORS.split(title) if s.strip()]


GENERIC_SEGMENTS = {"blogarchive", "blogarchiv", "archive", "archiv", "home", "startseite", "homepage", "blog",
                    "news", "aktuelles", "nachrichten", "forum"}


def is_site_segment(segment: str, site_names: list[str], host: str | None) -> bool:
    """Whether a title segment names the site (or is chrome such as "Blog Archive") rather than the article."""
    keys = set(name_keys(segment))
    if keys & GENERIC_SEGMENTS:
        return True
    for site in site_names:
        if keys & set(name_keys(site)):
            return True
    if host:
        core = host.removeprefix("www.").split(".")[0]
        if core and core in "".join(name_keys(segment)[:1]):
            return True
    return False


OUTSIDE_ARTICLE = re.compile(r"^(?:comments?|comment-\w.*|commentlist|sidebar|"
                             r"sidebar-(?:left|right|primary|secondary|\d+)|secondary|widget.*|(?:site-|page-)?footer|"
                             r"related.*|recent.*|popular.*|nav|navigation|menu.*|teaser.*|tagcloud|share.*|social.*|"
                             r"breadcrumbs?|pagination|replies|reply)$", re.I)
# A class naming navigation as one of its parts ("site-nav", "vhb-c-nav-top", "navtop"): a top bar that shows
# today's date is not the article's date.
NAV_PART = re.compile(r"(?:^|[-_])(?:nav(?:bar|top|wrap)?|topbar)(?:[-_]|$)", re.I)
# Blogger's posts sit in its main widget (class "widget Blog", id "Blog1"): the post column, not a sidebar.
POST_WIDGET = frozenset(("blog", "blog1"))
DATEISH = re.compile(r"date|time|publish|posted|meta|byline|info|entry|stamp|datum|fecha|data", re.I)
AUTHORISH = re.compile(r"author|byline|autor|auteur|writer|posted-by|vcard|creator", re.I)


def marks(node: lxml_html.HtmlElement) -> str:
    return f"{node.get('class') or ''} {node.get('id') or ''} {node.get('itemprop') or ''} {node.tag}"


def in_chrome(node: lxml_html.HtmlElement, *, post_widget: bool = False) -> bool:
    """In (or itself) comments, sidebars, footers, navigation or related-story lists.

    With `post_widget`, Blogger's post column (a "widget" of its own) is not chrome: its date
    headers are the posts' dates. (Its lines are not taken for bylines: a review's "Autorin: X"
    in the post names the book's author.)"""
    for ancestor in [node, *node.iterancestors()]:
        verdict = chrome_verdict(ancestor, post_widget=post_widget)
        if verdict is not None:
            return verdict
    return False


def chrome_verdict(element: lxml_html.HtmlElement, *, post_widget: bool) -> bool | None:
    """What ELEMENT alone says in `in_chrome`: False (the body: not chrome), True (chrome), None (ask its parent)."""
    if element.tag in ("body", "html"):
        return False
    if element.tag in ("aside", "nav") or (element.tag == "footer" and element.getparent() is not None
                                            and element.getparent().tag == "body"):
        return True
    tokens = f"{element.get('class') or ''} {element.get('id') or ''}".split()
    if post_widget and POST_WIDGET & {t.casefold() for t in tokens}:
        return None
    if any(OUTSIDE_ARTICLE.match(t) for t in tokens):
        return True
    if any(NAV_PART.search(t) for t in tokens) and element.find(".//h1") is None:
        return True  # (a page header that holds the headline is not a navigation bar)
    return None


class ChromeMemo:
    """`in_chrome(node, post_widget=True)` for the elements of one page, each element's answer remembered:
    a page's date elements share most of their ancestors, which are then read once."""

    def __init__(self) -> None:
        # Keyed by the elements themselves, which keeps their proxies alive (see links.block_text).
        self.known: dict[lxml_html.HtmlElement, bool] = {}

    def __call__(self, node: lxml_html.HtmlElement) -> bool:
        path: list[lxml_html.HtmlElement] = []
        current: lxml_html.HtmlElement | None = node
        answer = False
        while current is not None:
            if current in self.known:
                answer = self.known[current]
                break
            path.append(current)
            verdict = chrome_verdict(current, post_widget=True)
            if verdict is not None:
                answer = verdict
                break
            current = current.getparent()
        for element in path:
            self.known[element] = answer
        return answer


def written_dates(node_text: str) -> set[dt.date]:
    out: set[dt.date] = set()
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(node_text):
            try:
                month = MONTHS[m.group("mon").lower().rstrip(".")] if "mon" in m.groupdict() else int(m.group("m"))
                out.add(dt.date(int(m.group("y")), month, int(m.group("d"))))
            except (ValueError, KeyError):
                continue
    for m in re.finditer(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})", node_text):
        try:
            out.add(dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
        except ValueError:
            continue
    for m in re.finditer(r"(?<![\d.])(\d{1,2})\.?\s+([A-Za-zäéûÄ]{3,9})\.?\s+(\d{4})", node_text):
        named_month = GERMANIC_MONTHS.get(m.group(2).lower()[:3])
        if named_month:
            try:
                out.add(dt.date(int(m.group(3)), named_month, int(m.group(1))))
            except ValueError:
                continue
    return out


def leading_text(node: lxml_html.HtmlElement, limit: int = 200) -> str:
    """The first `limit` characters of a node's text, without building all of it."""
    parts: list[str] = []
    size = 0
    for piece in node.itertext():
        parts.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return "".join(parts)[:limit]


MODIFIED_MARK = re.compile(r"modif|updated?-?(?:date|time|at|on)|last-?updated|aktualisiert|actualiza", re.I)
# "Aktualisiert am 11.04.2020", "Updated: May 3, 2020": a date a label calls a change, up to its year.
MODIFIED_WORDS = re.compile(r"\b(?:last updated|last edited|zuletzt bearbeitet|updated|modified|aktualisiert|"
                            r"geändert|editiert|actualizad[oa]|mis à jour|mise à jour)\b.{0,30}?\b(?:19|20)\d{2}\b",
                            re.I)


def stated_as_own_date(page: str | lxml_html.HtmlElement, date: dt.date) -> bool:
    """Whether the page states `date` as its own: in a <time> or a date/byline element of the
    article, not in comments, sidebars, footers or lists of other posts, and not as the date the
    page was changed. When the article's <time> elements give several days, only the first counts:
    the others are the dates of the posts listed under it."""
    return date in own_days(page)


def own_days(page: str | lxml_html.HtmlElement) -> list[dt.date]:
    """Every day the page states as its own (see stated_as_own_date), in the order found: its date
    elements first, then the lines around its headline."""
    tree = parse(page)
    body = tree.find("body") if tree is not None else None
    if body is None:
        return []
    chrome = ChromeMemo()
    days = time_element_days(body, chrome)
    first_time = days[0] if len(set(days)) > 1 else None
    found: list[dt.date] = []

    def add(candidates: set[dt.date]) -> None:
        for day in sorted(candidates):
            if day not in found and (first_time is None or day == first_time):
                found.append(day)

    # XPath narrows the walk to elements that carry attributes at all (in C, not Python).
    stating: list[tuple[lxml_html.HtmlElement, set[dt.date]]] = []
    for node in body.xpath(".//time | .//*[@class or @id or @itemprop or @property]"):
        if node.tag == "time" or DATEISH.search(marks(node) + " " + (node.get("property") or "")):
            if changed_date(node) or chrome(node):
                continue
            text = MODIFIED_WORDS.sub(" ", f"{node.get('datetime') or ''} {node.get('content') or ''} "
                                           f"{unchanged_text(node)}")
            stating.append((node, written_dates(text)))
    # Date elements of one class that give different days are a list of posts (teasers, "more
    # news"): only the first of them, if any, is the article's own.
    classes: dict[str, list[tuple[lxml_html.HtmlElement, set[dt.date]]]] = {}
    for node, days_here in stating:
        if node.get("class") and days_here:
            classes.setdefault(node.get("class") or "", []).append((node, days_here))
    listed = {node for group in classes.values() if len(set().union(*(d for _, d in group))) > 1
              for node, _ in group[1:]}
    for node, days_here in stating:
        if node not in listed:
            add(days_here)
    # Near the headline: the lines around an article's <h1> or <h2> ("Veröffentlicht am 16.08.2019").
    for heading in body.xpath(".//h1 | .//h2")[:4]:
        if chrome(heading):
            continue
        parent = heading.getparent()
        near = [heading.getprevious(), heading.getnext(), parent]
        if parent is not None:
            near += [parent.getprevious(), parent.getnext()]
        for node in near:
            if node is not None and isinstance(node.tag, str) and not chrome(node) \
                    and not changed_date(node) and node not in listed:
                add(written_dates(MODIFIED_WORDS.sub(" ", unchanged_text(node, 600, skip=listed))))
    return found


def unchanged_text(node: lxml_html.HtmlElement, limit: int = 200,
                   skip: set[lxml_html.HtmlElement] | frozenset = frozenset()) -> str:
    """The first `limit` characters of a node's text, without the elements marked as a change date
    (nor those in `skip`)."""
    parts: list[str] = []
    size = 0
    stack: list[tuple[lxml_html.HtmlElement, bool]] = [(node, True)]
    while stack and size < limit:
        element, opening = stack.pop()
        if not opening:
            piece = element.tail or ""
        elif isinstance(element.tag, str) and (element is node or not (changed_date(element) or element in skip)):
            piece = element.text or ""
            if element is not node:
                stack.append((element, False))
            stack.extend((child, True) for child in reversed(element))
        else:
            piece = element.tail or ""  # a comment, or a change date: its tail is still the parent's text
        parts.append(piece)
        size += len(piece)
    return "".join(parts)[:limit]


def time_element_days(body: lxml_html.HtmlElement, chrome: ChromeMemo | None = None) -> list[dt.date]:
    """The days the article's <time> elements give, in page order: outside comments, sidebars and
    lists of other posts, not change dates, and only those that name one day."""
    days = []
    chrome = chrome or ChromeMemo()
    for node in body.iter("time"):
        if not chrome(node) and not changed_date(node):
            found = written_dates(f"{node.get('datetime') or ''} {leading_text(node)}")
            if len(found) == 1:
                days.append(found.pop())
    return days


def changed_date(node: lxml_html.HtmlElement) -> bool:
    """An element marked as the date the page was last changed (itemprop dateModified, class "updated-date"),
    or a date element right after a label that calls it so ("last edited: <span class="odate">...")."""
    return (node.get("itemprop") or "").lower() == "datemodified" or bool(
        MODIFIED_MARK.search(f"{node.get('class') or ''} {node.get('id') or ''}")) or bool(
        CHANGE_LABEL.search(preceding_text(node)))


# A label that ends right before the date it names: "page revision: 8, last edited:", "Aktualisiert am".
CHANGE_LABEL = re.compile(r"\b(?:last edited|last updated|last modified|updated|modified|aktualisiert|"
                          r"zuletzt (?:geändert|bearbeitet|aktualisiert)|geändert|actualizad[oa]|mis à jour)"
                          r"\s*(?:on|am|le|el)?\s*:?\s*$", re.I)


def preceding_text(node: lxml_html.HtmlElement, limit: int = 40) -> str:
    """The last `limit` characters of the text just before a node, in its parent."""
    before = node.getprevious()
    if before is not None:  # <strong>Updated:</strong> <time>...: the label's own text, then what follows it
        label = "".join(before.itertext())[-limit:] if isinstance(before.tag, str) else ""  # (not a comment)
        return (label + (before.tail or ""))[-limit:]
    parent = node.getparent()
    return ((parent.text or "") if parent is not None else "")[-limit:]


def lead_paragraph(page: str | lxml_html.HtmlElement, description: str | None, text: str,
                   title: str | None = None) -> str | None:
    """The article's lead (standfirst) as the page shows it, when the main text left it out.

    Extraction often drops the paragraph under the headline as a teaser. The page's own
    description names it: the element of the page (outside comments, sidebars and footers)
    whose text holds the description's start, and not much more, is the lead. Its text comes
    from the page, never from the description, and only when TEXT does not hold it already.
    """
    if not description or len(description) < 40:
        return None
    probe = fold_space(description.rstrip(" .…")[:80])
    folded_text = fold_space(text)
    if probe in folded_text:
        return None
    tree = parse(page)
    body = tree.find("body") if tree is not None else None
    if body is None:
        return None
    limit = 3 * len(description) + 200
    best: str | None = None
    for node in body.xpath(f".//*[string-length(normalize-space(.)) >= {len(probe)} "
                           f"and string-length(normalize-space(.)) <= {limit}]"):
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "template", "a", "title"):
            continue
        lead = " ".join(node.text_content().split())
        # The innermost element that starts with the description: not a block that also holds
        # the headline, a kicker, a date or a photo credit before it.
        if fold_space(lead).find(probe) in range(0, 3) and (best is None or len(lead) < len(best)) \
                and not in_chrome(node):
            best = lead
    if best is None or fold_space(best) == fold_space(title or "") or fold_space(best)[20:100] in folded_text:
        return None  # the headline again, or a lead the text holds in other words' spacing
    if len(best.split()) < 12 and not best.rstrip().endswith((".", "!", "?", "…", "\"", "”", "»")):
        return None  # a heading, not a paragraph
    return best


def fold_space(text: str) -> str:
    return " ".join(html_lib.unescape(text).replace("\u00a0", " ").split()).casefold()


def byline_authors(page: str | lxml_html.HtmlElement) -> list[str]:
    """Authors named in the article's byline markup: rel=author links, author/byline elements."""
    tree = parse(page)
    if tree is None:
        return []
    found: list[str] = []
    nodes = tree.xpath("//a[@rel='author'] | //*[@itemprop='author'] | //*[@class or @id]")
    for node in nodes:
        if not isinstance(node.tag, str) or node.tag in ("body", "html", "article", "main", "section"):
            continue
        if node.get("rel") != "author" and node.get("itemprop") != "author" and not AUTHORISH.search(
                f"{node.get('class') or ''} {node.get('id') or ''}"):
            continue
        if in_chrome(node):
            continue
        name = clean_byline(node.text_content())
        if name and name not in found:
            found.append(name)
        if found:
            break
    return found


# A line that is a byline and nothing else: "Von Claudia Lindner", "By Jane Doe and John Roe",
# "Autoren: A und B", "Texto: C". The lead word is required: a bare name line could be anything.
BYLINE_LEAD = (r"(?:written by|geschrieben von|redaktion\s*:|(?:ein )?artikel von|(?:ein |blog[- ]?)?beitrag von|"
               r"text von|(?:story|words|reporting) by|"  # (the longer leads first: "Text von X" is not by "von X")
               r"by|von|par|por|door|di|autor(?:in|en)?|authors?|auteure?s?|text|texte|texto)")
BYLINE_LINE = re.compile(rf"^{BYLINE_LEAD}\s*:?\s+(?P<names>\S.*)$", re.I)
BYLINE_LABEL = re.compile(rf"^{BYLINE_LEAD}\s*:?$", re.I)
# "11.12.2019 - Amelie Roe": a date line ending in a name, and nothing else.
DATED_BYLINE_LEAD = re.compile(r"^(?:\w+\s)?\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\s*[-–—]\s*")
DATED_BYLINE = re.compile(DATED_BYLINE_LEAD.pattern + r"(?P<names>[^\d]+)$")
# Where a byline's names end: a date, a separator, a parenthesis ("Eberhard Fuhr (Pressesprecher)").
BYLINE_END = re.compile(r"\s*(?:[|·–—(/]|\s-\s|\b(?:am|on|le|el)\s+\d|,\s*(?:datum|date|fecha|data|stand|published|"
                        r"veröffentlicht|updated|aktualisiert)\b|\s\d"
                        r"|\s(?:illustrations?|illustrationen|fotos?|photos?|photography|bilder?|grafik|mitarbeit)\b)",
                        re.I)
NAME_JOINERS = re.compile(r"\s*(?:,|&|\b(?:and|und|y|et|e|i)\b)\s*")
NAME_PARTICLES = frozenset(("van", "von", "de", "der", "den", "la", "le", "da", "del", "di", "du", "ten", "zu", "y"))


def byline_text_authors(page: str | lxml_html.HtmlElement) -> list[str]:
    """Authors from a line of the article that is only a byline ("Von Claudia Lindner",
    "By Jane Doe and John Roe"), outside comments, sidebars and footers; [] when there is none."""
    tree = parse(page)
    if tree is None:
        return []
    body = tree.find("body")
    if body is None:
        return []
    # Short elements only, measured in C: a byline line is a few words long.
    for node in body.xpath(".//*[string-length(normalize-space(.)) > 1 and string-length(normalize-space(.)) < 90]"):
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "option", "title", "button"):
            continue
        line = " ".join(node.text_content().split())
        if BYLINE_LABEL.match(line):  # "<span>Autor:</span> Fritz Imhof": the names follow the label
            after = (node.tail or "").strip()
            following = node.getnext()
            while not after and following is not None:
                after = following.text_content() if isinstance(following.tag, str) else (following.tail or "")
                following = following.getnext()
            line = f"{line} {' '.join(after.split())}"
        # "Headline | By Cara Roe | April 13, 2020", "05.02.2020 - Redaktion: Eberhard Fuhr"
        for segment in re.split(r"\s+[|·•∙]\s+", line):
            segment = segment.strip(" -–—|·•")
            for m in (BYLINE_LINE.match(segment), DATED_BYLINE.match(segment),
                      BYLINE_LINE.match(DATED_BYLINE_LEAD.sub("", segment))):
                if m and not in_chrome(node) and (names := byline_names(m)):
                    return names
    return []


def byline_names(m: re.Match[str]) -> list[str]:
    """The names a byline match holds; [] when it holds none, or (a dated line) anything else."""
    names: list[str] = []
    parts = NAME_JOINERS.split(BYLINE_END.split(m.group("names"))[0].strip(" .;|"))
    for part in parts:
        name = name_only(part)
        if name is None:
            break  # "Autorin: Uta Roe, Projektleiterin der HSS": a role or an agency follows the names
        names.append(name)
    if m.re is DATED_BYLINE and len(names) < len(NAME_JOINERS.split(m.group("names"))):
        return []  # "11.12.2019 - Amelie Roe" only: no lead word says these are names
    return names


def name_only(text: str) -> str | None:
    """TEXT when it is a person's name written out (capitalised words, no digits), else None."""
    words = text.split()
    if not 2 <= len(words) <= 4 or len(text) > 50 or re.search(r"\d|[!?:;()\[\]\"“”]", text):
        return None
    if not all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in words) or not words[-1][:1].isupper():
        return None
    return text if credible_author(text) and not known_outlet(text) else None


def clean_byline(text: str) -> str | None:
    text = " ".join(text.split())
    # "Posted on September 21, 2020 by Adi Tzlil": the name follows the last "by"
    late = re.search(r"^(?:posted|published|veröffentlicht|publié|publicado)\b.*?\s(?:by|von|par|por)\s+(\S.*)$",
                     text, flags=re.I)
    if late:
        text = late.group(1)
    text = re.sub(r"^(?:by|von|par|por|di|door|autor(?:in)?|author|posted by|geschrieben von|written by|"
                  r"eingestellt von|publicado por|publié par)\s*:?\s+",
                  "", text, flags=re.I)
    text = re.split(r"\s+(?:on|am|le|el|\||·|-|–|—|,)\s+|\s+\d", text)[0].strip(" ,;:|")
    words = text.split()
    if not 1 <= len(words) <= 4 or len(text) > 50 or not credible_author(text):
        return None
    if len(words) > 1 and not all(w[:1].isupper() or w.lower() in ("van", "von", "de", "der", "la", "le", "da")
                                  for w in words):
        return None
    return text


URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")


def url_date(*urls: str | None) -> dt.date | None:
    """A date written into the article's own address (/2016/04/15/...), if any."""
    for url in urls:
        m = URL_DATE.search(url or "")
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


HEADLINE_XPATH = ("//*[@itemprop='headline']"
                  " | //*[contains(concat(' ', normalize-space(@class), ' '), ' entry-title ')]"
                  " | //*[contains(@class, 'post-title') or contains(@class, 'article-title')"
                  " or contains(@class, 'headline') or contains(@class, 'entry-header')]//*[self::h1 or self::h2]"
                  " | //*[contains(@class, 'post-title') or contains(@class, 'article-title')]"
                  "[self::h1 or self::h2]")


def strip_site(title: str, sites: list[str], host: str | None) -> str:
    """The title without a site name before or after a separator, original punctuation kept."""
    parts = list(SEPARATORS.finditer(title))
    if not parts:
        return title
    first, last = title[: parts[0].start()], title[parts[-1].end():]
    if is_site_segment(last, sites, host) and not is_site_segment(title[: parts[-1].start()], sites, host):
        return strip_site(title[: parts[-1].start()].strip(), sites, host)
    if is_site_segment(first, sites, host) and not is_site_segment(title[parts[0].end():], sites, host):
        return strip_site(title[parts[0].end():].strip(), sites, host)
    return title


def best_title(page: str | lxml_html.HtmlElement, candidate: str | None, *, sitename: str | None,
               host: str | None, markup: Markup | None = None) -> str | None:
    """The article's title: a heading the page title contains; else the page title without the
    site's name ("Story | Site"); and when that is only the site's name (a blog's archive
    page), the post's own headline element."""
    tree = parse(page)
    if tree is None:
        return candidate
    markup = markup or read_markup(tree)
    head_title = next((text_of(t) for t in tree.xpath("//head/title")), None)
    og = next((m.get("content") for m in tree.xpath("//meta[@property='og:title'][@content]")), None)
    # Site names from the page's own markup only: trafilatura's guess is sometimes the title itself.
    sites = [s for s in (markup.publisher,
                         next((m.get("content") for m in tree.xpath("//meta[@property='og:site_name']")), None)) if s]
    titles = [" ".join(t.split()) for t in (og, markup.title, head_title, candidate) if t and t.strip()]
    for h1 in tree.xpath("//h1")[:3]:
        heading = text_of(h1)
        if heading and not is_site_segment(heading, sites, host) and any(
                heading == t or heading in segments(t) or t.startswith(heading)
                or (t.endswith(heading) and len(heading.split()) >= 3) for t in titles):  # "Kicker: Headline"
            return heading
    chosen = next((strip_site(t, sites, host) for t in titles), None)
    site_only = sitename is not None and chosen == sitename and chosen == head_title
    if chosen is None or is_site_segment(chosen, sites, host) or site_only:
        for node in tree.xpath(HEADLINE_XPATH)[:5]:
            heading = text_of(node)
            if heading and 1 <= len(heading.split()) <= 30 and not in_chrome(node) \
                    and not is_site_segment(heading, sites, host):
                return heading
    return chosen
