"""What a document says about its own sources: markers, prose and markup, with exact spans.

Plain values in, plain values out. Each finding carries the words that are its
evidence and their character offsets in the text, so a fact-checker can see the
credit line itself. A name in prose counts as a source only when it is a known
outlet, a domain, or reads like a publication ("... Observer", "... Times"):
"according to the latest data", "via the highway" and "sources said" are not
attributions, and neither is a bracketed "[sic]" or "[1]".
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import html as lxml_html

from provenance import credit_context as context
from provenance import source_kinds
from provenance.outlets import looks_like_domain, name_keys, registry
from provenance.urls import hostname_of, split

# A proper name: capitalised words (or acronyms, CamelCase, domains) with the small
# words that join them ("Council on Foreign Relations", "Voice of America").
WORD = r"(?:[A-Z][\w'’.&-]*[\w’]|[A-Z]|[a-z][\w-]*\.(?:com|org|net|in|pk|co\.uk|af|bd|lk|np)\b)"
JOIN = r"(?:of|on|for|and|the|de|del|al|&|-)"
# Words of a name are on one line: a credit line ends where its line ends ("© Agency" above a heading).
GAP = r"[^\S\n]+"
NAME = rf"(?:[Tt]he{GAP})?{WORD}(?:{GAP}(?:{JOIN}{GAP})?{WORD}){{0,6}}"
DOMAIN_OR_URL = r"(?:https?://[^\s)\]]+|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s)\]]*)?)"
SOURCE = rf"(?P<src>{DOMAIN_OR_URL}|{NAME})"

OUTLET_WORDS = {
    "news", "times", "post", "press", "agency", "herald", "journal", "tribune", "daily", "tv", "radio",
    "magazine", "review", "gazette", "observer", "telegraph", "chronicle", "guardian", "express", "star",
    "mirror", "monitor", "insider", "today", "report", "wire", "dispatch", "standard", "sun", "mail",
    "independent", "institute", "center", "centre", "foundation", "council", "network", "media", "online",
    "weekly", "digest", "bulletin", "courier", "register", "examiner", "inquirer", "recorder", "forum",
    "blog", "broadcasting", "channel", "policy", "affairs", "diplomat", "economist", "nation", "world",
    "hub", "pulse", "voice", "globe", "week", "sentinel", "leader", "argus", "bureau", "service",
}
NOT_SOURCES = {
    "sic", "citation needed", "edit", "updated", "update", "video", "photo", "photos", "advertisement", "ad",
    "editor's note", "editors note", "correction", "watch", "listen", "opinion", "analysis", "live",
    "breaking", "exclusive", "sponsored", "paywall", "archive", "link", "pdf", "map", "graphic", "audio",
}
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
TRIM = " \t.,;:)]\u201d\"'’"


@dataclass
class Found:
    """One attribution: who the document names as its source, and the words that say so."""

    kind: str  # marker | prose | markup
    pattern: str
    source: str | None
    url: str | None
    evidence: str
    start: int | None
    end: int | None
    confidence: float
    detail: dict[str, object] = field(default_factory=dict)
    # None for an outlet; study | journal | data | release | document for a source of another kind.
    source_kind: str | None = None


def known_outlet(name: str) -> bool:
    reg = registry()
    return any(key in reg.by_key for key in name_keys(name))


def news_outlet(name: str) -> bool:
    """A known outlet that publishes news, not a government body the registry lists ("United Nations")."""
    reg = registry()
    return any(entry.kind != "government" for key in name_keys(name) for entry in reg.by_key.get(key, []))


def publication_like(name: str) -> bool:
    """A known outlet, a domain, or a name with a publication word in it."""
    if looks_like_domain(name) or known_outlet(name):
        return True
    first = name.split()[0]
    if len(name.split()) > 1 and first.isupper() and len(first) >= 2 and known_outlet(first):
        return True  # "BBC Urdu", "CNN Turk": a known outlet's service, named by its acronym
    words = {w.lower().strip("’'") for w in re.findall(r"[A-Za-z’']+", name)}
    return bool(words & OUTLET_WORDS)


def clean_source(raw: str) -> str:
    text = raw.strip(TRIM)
    text = re.sub(r"\s+", " ", text)
    # "Foreign Policy magazine", "the Dawn newspaper": the name is what comes before.
    text = re.sub(r"\s+(?:magazine|newspaper|website|news\s+site|web\s*site|blog)$", "", text, flags=re.I)
    return text


def split_source(raw: str) -> tuple[str | None, str | None]:
    """(name, url) from a source written as a name, a domain or a URL."""
    text = clean_source(raw)
    if re.match(r"https?://", text):
        return (hostname_of(text) or "").removeprefix("www.") or None, text
    if looks_like_domain(text) and " " not in text:
        return text.lower().removeprefix("www."), None
    return text or None, None


RULES: list[tuple[str, str, re.Pattern[str], float, bool]] = []
"""(kind, pattern name, regex, confidence, needs a publication-like source)."""

# Words without which a rule cannot match: a rule whose words are all absent is not run,
# and a rule whose regex starts with the source name ("Reuters reported") is run only in a
# window before each of its words, never across the whole text.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "leading-tag": ("[",), "dateline": (") -", ")-", ") —", ") –", ")—", ")–"),
    "original-source": ("source", "originally from"), "source-line": ("source",), "via": ("via",),
    "hat-tip": ("h/t", "ht:", "hat tip", "hat-tip"), "originally-published": ("originally", "first"),
    "first-appeared": ("originally", "first"), "republished": ("publish", "print", "post", "syndicat"),
    "read-more-at": ("read", "continue"), "credit-line": ("courtesy", "credit", "copyright", "©", "(c)"),
    "with-inputs": ("with input", "with reporting"), "dash-credit": ("\n-", "\n—", "\n–", "\n -", "\n —"),
    "wrote-in": ("wrot", "writ", "argu", "note"), "op-ed-for": ("op-ed", "column", "article", "essay", "piece",
                                                              "commentary", "analysis"),
    "according-to": ("according",), "reported": ("reported", "reports", "broke the news"),
    "reported-by": ("reported", "revealed", "disclosed"), "told": ("told", "tell"),
    "interview-with": ("interview", "speaking", "comments to", "statement to"),
    "report-by": ("report", "investigation", "analysis", "story", "study", "survey"),
}
SOURCE_FIRST = {"reported"}


def rule(kind: str, name: str, regex: str, confidence: float, *, strict: bool, flags: int = 0) -> None:
    RULES.append((kind, name, re.compile(regex, flags), confidence, strict))


def rule_matches(pattern: str, regex: re.Pattern[str], text: str, folded: str) -> list[re.Match[str]]:
    """The rule's matches, looking only where its trigger words occur."""
    triggers = TRIGGERS.get(pattern, ())
    if triggers and not any(t in folded for t in triggers):
        return []
    if pattern not in SOURCE_FIRST:
        return list(regex.finditer(text))
    found: dict[int, re.Match[str]] = {}
    for trigger in triggers:
        for hit in re.finditer(re.escape(trigger), folded):
            window_start = max(0, hit.start() - 160)
            for match in regex.finditer(text, window_start, hit.end() + 20):
                found.setdefault(match.start(), match)
    return [found[k] for k in sorted(found)]


# --- markers ---
rule("marker", "leading-tag", r"(?m)^[ \t]*\[(?P<src>[A-Z][^\]\n]{1,60}?)\]", 0.9, strict=False)
rule("marker", "dateline", rf"(?m)^[ \t]*(?:[A-Z][A-Za-z .'’-]{{1,40}},?[ \t]+)?(?:\([A-Z][\w .'-]*\)[ \t]*)?"
     rf"\((?P<src>{NAME})\)[ \t]*[-–—]", 0.9, strict=False)
rule("marker", "original-source", rf"(?im)^[ \t]*(?:original\s+source|originally\s+from|source\s+article)\s*:\s*{SOURCE}",
     0.95, strict=False)
rule("marker", "source-line", rf"(?m)^[ \t]*(?:Source|SOURCE|Sources)\s*:\s*{SOURCE}[ \t]*\.?[ \t]*$", 0.85, strict=False)
rule("marker", "via", rf"(?:^|[\s(—–-])(?:[Vv]ia|VIA)\s*:?\s+{SOURCE}", 0.75, strict=True)
rule("marker", "hat-tip", rf"(?:\b[Hh]/[Tt]|\bHT:|\b[Hh]at[ -]tip(?:\s+to)?)\s*:?\s*{SOURCE}", 0.8, strict=False)
rule("marker", "originally-published",
     rf"(?i:this\s+(?:article|story|piece|post|report|column|op-ed)\s+(?:was\s+)?(?:originally|first)\s+"
     rf"(?:published|appeared|ran|posted)\s+(?:by|on|in|at))\s+{SOURCE}", 0.95, strict=False)
rule("marker", "first-appeared", rf"(?i:(?:originally|first)\s+(?:appeared|published|ran)\s+(?:in|on|at|by))\s+{SOURCE}",
     0.9, strict=False)
rule("marker", "republished", rf"(?i:(?:re-?published|reprinted|re-?posted|syndicated)\s+(?:here\s+)?"
     rf"(?:with\s+(?:the\s+)?(?:kind\s+)?permission\s+)?(?:from|of|by)\s+)(?:(?:the\s+)?(?:publisher|authors?)\s+(?:of|at)\s+)?{SOURCE}",
     0.9, strict=False)
rule("marker", "read-more-at", rf"(?i:read\s+(?:the\s+)?(?:full|original|whole|rest\s+of\s+the)\s+"
     rf"(?:story|article|report|piece)?\s*(?:at|on|in)|read\s+more\s+at|continue\s+reading\s+(?:at|on))\s+{SOURCE}",
     0.85, strict=False)
# strict: a photographer's or a company's "© Name" is no publication; an agency's "© Reuters" is.
rule("marker", "credit-line", rf"(?m)^[ \t]*(?:\(|[-–—]{{1,2}}[ \t]*)?(?:Courtesy|Credit|Copyright|©|\(c\))\s*:?\s*"
     rf"(?:\d{{4}}\s+)?{SOURCE}\)?[ \t]*$", 0.85, strict=True)
rule("marker", "with-inputs", rf"(?im)^[ \t]*\(?(?:with\s+(?:inputs|input|reporting)\s+(?:from|by))\s+{SOURCE}", 0.85,
     strict=False)
rule("marker", "dash-credit", rf"(?m)^[ \t]*[-–—]{{1,2}}[ \t]*(?P<src>{NAME})[ \t]*$", 0.8, strict=True)
# --- prose ---
rule("prose", "wrote-in", rf"\b(?:wrote|writes|writing|argued|argues|noted|notes)\b(?:\s+(?:on|last|this)\s+(?:{MONTHS}|week|month|"
     rf"year|\w+day))?(?:\s+(?:in\s+)?(?:an?\s+)?(?:article|essay|column|op-ed|analysis|piece|commentary|report))?"
     rf"\s+(?:in|for)\s+{SOURCE}", 0.85, strict=True)
rule("prose", "op-ed-for", rf"\b(?i:in|on)\s+an?\s+(?:op-ed|column|article|essay|piece|commentary|analysis)\s+"
     rf"(?:published\s+)?(?:for|in|by)\s+{SOURCE}", 0.85, strict=True)
rule("prose", "according-to", rf"\b[Aa]ccording\s+to\s+(?:a\s+(?:report|story|article|dispatch)\s+(?:by|in|from)\s+)?{SOURCE}",
     0.8, strict=True)
rule("prose", "reported", rf"{SOURCE}\s+(?:first\s+|also\s+|has\s+|had\s+|earlier\s+|previously\s+)?(?:reported|reports|"
     rf"broke\s+the\s+news)\b", 0.8, strict=True)
rule("prose", "reported-by", rf"\b(?:as\s+)?(?:first\s+)?(?:reported|revealed|disclosed)\s+(?:earlier\s+)?(?:by|in)\s+{SOURCE}",
     0.8, strict=True)
rule("prose", "told", rf"\b(?:told|tells|telling)\s+{SOURCE}", 0.85, strict=True)
rule("prose", "interview-with", rf"\b(?i:in\s+an?\s+(?:exclusive\s+)?interview\s+with|speaking\s+(?:to|with)|"
     rf"in\s+comments\s+to|in\s+a\s+statement\s+to)\s+{SOURCE}", 0.85, strict=True)
rule("prose", "report-by", rf"\b(?i:an?\s+(?:new\s+|recent\s+|latest\s+)?(?:report|investigation|analysis|story|study|survey)"
     rf"\s+(?:published\s+)?(?:by|from|in))\s+{SOURCE}", 0.8, strict=True)


def plausible(name: str | None, *, strict: bool, pattern: str) -> bool:
    if not name:
        return False
    folded = name.casefold().strip()
    if folded in NOT_SOURCES or re.fullmatch(r"[\d\W]+", folded) or len(folded) < 2:
        return False
    if re.fullmatch(MONTHS, name, flags=re.I) or re.match(rf"(?:{MONTHS})\b", name):
        return False
    if pattern == "leading-tag":
        # "[KhaamaPress]" yes; "[Editor's note: ...]" and "[Updated 3pm]" no.
        return len(name.split()) <= 5 and not re.search(r"\d", name) and ":" not in name
    if not strict:
        return True
    return publication_like(name)


def find_attributions(text: str) -> list[Found]:
    """Markers and prose in the text that name this document's sources.

    Returns:
        Findings in text order; overlapping findings of one source are kept once.
    """
    found: list[Found] = []
    folded = text.casefold()
    for kind, pattern, regex, confidence, strict in RULES:
        for match in rule_matches(pattern, regex, text, folded):
            raw = match.group("src")
            src_start = match.start("src")
            evidence_end = src_start + len(raw.rstrip(TRIM)) + (1 if pattern == "leading-tag" else 0)
            name, url = split_source(raw)
            if name and not url and pattern != "leading-tag":
                name = trim_name(name)
            if kind == "prose" and (after := outlet_after_media_noun(text, evidence_end)) is not None:
                # "told Australian magazine Stellar": the outlet is the name after the kind of outlet.
                raw, src_start = after
                name, url = trim_name(clean_source(raw)), None
                evidence_end = src_start + len(raw.rstrip(TRIM))
            elif not plausible(name, strict=strict, pattern=pattern):
                continue
            start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
            name_end = src_start + name_length(text, src_start, name or "", raw)
            if refused(pattern, text, match, name or "", name_end, url=url):
                continue
            found.append(Found(kind, pattern, name, url, text[start:evidence_end], start, evidence_end, confidence))
    return with_kinds(text, dedupe(found))


# Shapes a news outlet takes too: "Reuters reported", "according to a report by The Times" are outlet credits.
OUTLET_READING = {"according-to-body", "body-reported", "org-found", "report-by", "said-in-document",
                  "released-report", "report-released-by"}


def bare_name(name: str | None) -> str:
    return re.sub(r"^the\s+", "", " ".join((name or "").casefold().split()))


def with_kinds(text: str, found: list[Found]) -> list[Found]:
    """FOUND with the named studies, journals, data, releases and documents of the text (source_kinds.py).

    A finding of another kind wins over an outlet finding it overlaps ("a study by the X Institute"
    is the institute's study); a "Source: X" line naming an organisation that is no known outlet is
    data (the line under a chart or a table of figures).
    """
    kinds = []
    for k in source_kinds.find_kinds(text):
        if k.pattern in OUTLET_READING and news_outlet(k.source):
            continue
        overlapping = [f for f in found if f.start is not None and f.end is not None and f.source_kind is None
                       and f.start < k.end and k.start < f.end]
        same = [f for f in overlapping if bare_name(f.source) == bare_name(k.source)]
        if same:
            # The outlet rule read the same words ("according to the World Health Organization"): it is
            # that finding, of the kind the words say.
            same[0].source_kind = k.source_kind
            continue
        kinds.append(Found("prose", f"{k.source_kind}-{k.pattern}", k.source, None, text[k.start:k.end], k.start,
                           k.end, k.confidence, source_kind=k.source_kind))
    kept = [f for f in found if f.start is None or f.source_kind is not None or not any(
        k.start is not None and f.start < (k.end or 0) and k.start < (f.end or 0) for k in kinds)]
    for f in kept:
        if (f.pattern == "source-line" and f.source and not f.url and not news_outlet(f.source)
                and source_kinds.org_like(f.source) and not looks_like_domain(f.source)):
            f.source_kind = "data"
    return sorted(kept + kinds, key=lambda f: (f.start or 0, f.end or 0))


NAME_AT = re.compile(NAME)


def outlet_after_media_noun(text: str, end: int) -> tuple[str, int] | None:
    """(name, where it starts) of a publication named after a kind of outlet ("magazine Stellar")."""
    at = context.named_after_media_noun(text, end)
    named = NAME_AT.match(text, at) if at is not None else None
    if named is None:
        return None
    # After "magazine", "newspaper", "broadcaster" the name is a publication's, known or not.
    return (named.group(0), at) if plausible(trim_name(clean_source(named.group(0))), strict=False,
                                             pattern="") else None


def name_length(text: str, at: int, name: str, raw: str) -> int:
    """How many characters of the text from AT the (trimmed) name takes."""
    words = name.split()
    if words:
        spelled = re.match(r"[^\S\n]*" + r"\s+".join(map(re.escape, words)), text[at:at + len(raw) + 5])
        if spelled:
            return spelled.end()
    return len(raw.rstrip(TRIM))


def refused(pattern: str, text: str, match: re.Match[str], name: str, end: int, *, url: str | None) -> str | None:
    """Why a match that names a plausible source still credits none, judged by its surroundings."""
    start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    if context.titled_person(text, end, name):
        return "person"
    if pattern == "credit-line":
        return context.picture_credit(text, start, end, name)
    if pattern == "via":
        keyword = match.start() + match.group(0).casefold().find("via")
        return context.via_means(text, keyword, end, (host_of(url) if url else None) or name)
    if pattern == "dash-credit":
        return context.dash_list(text, start, end, name)
    if pattern == "leading-tag":
        return context.bracket_label(text, start, end + 1, name)
    if pattern == "dateline":
        return context.dateline_place(text, match.start("src"), end, name, known=publication_like(name))
    if pattern == "first-appeared":
        return context.first_published_in(text, start, end, name)
    if pattern in ("told", "interview-with") and context.told_listeners(text, end):
        return "listeners"
    return None


def trim_name(name: str) -> str:
    """Drop trailing words that are not part of a name: "Foreign Policy that" -> "Foreign Policy"; a day
    or a month written after it: "The Associated Press on Thursday", "the Argus Leader Monday"."""
    words = name.split()
    while len(words) > 1 and ((words[-1][0].islower() and not looks_like_domain(words[-1]))
                              or re.fullmatch(MONTHS, words[-1].strip(".,"))):
        words.pop()
    return " ".join(words)


def dedupe(found: list[Found]) -> list[Found]:
    """One finding per overlapping span: the longer evidence wins, then the higher confidence."""
    found.sort(key=lambda f: (f.start or 0, -(f.end or 0) + (f.start or 0), -f.confidence))
    out: list[Found] = []
    for item in found:
        overlaps = out and item.start is not None and out[-1].end is not None and item.start < out[-1].end
        same = overlaps and (item.source or "").casefold() == (out[-1].source or "").casefold()
        if overlaps and (same or item.confidence <= out[-1].confidence):
            continue
        out.append(item)
    return out


# --- markup ---

ARTICLE_PATH = re.compile(r"/[^/]*[a-z0-9][-_][a-z0-9][^/]*|/\d{4,}|\?(?:p|id|story|article)=\d+", re.I)


def audit_url(target: str, page_url: str | None) -> str | None:
    """Why a markup URL is not believed: it points at the page itself, or is no article."""
    parts, host = split(target), hostname_of(target)
    if parts is None or parts.scheme not in ("http", "https") or not host:
        return "not-a-url"
    page = split(page_url)
    if page is not None:
        # The real hosts, never the netloc (`www.reuters.com@example.org` is on example.org), and one site
        # under one registered domain: "money.udn.com" and "udn.com", an IDN and its punycode.
        same = site_of(host) == site_of(hostname_of(page_url) or "")
        if same and parts.path.rstrip("/") == page.path.rstrip("/"):
            return "self"
        if same:
            return "same-site"
    if parts.path.strip("/") == "" or not ARTICLE_PATH.search(parts.path + ("?" + parts.query if parts.query else "")):
        return "not-an-article"
    return None


def markup_attributions(page: str | lxml_html.HtmlElement, page_url: str | None) -> list[Found]:
    """Canonical and og:url on another domain, original-source and syndication-source tags,
    and schema.org isBasedOn / citation / sourceOrganization, each audited.

    A tag pointing at the page itself, at its own site, or at something that is
    not an article is recorded with `detail["audit"]` and a low confidence: it
    is evidence about the page's markup, not about its source.
    """
    from provenance.htmlmeta import jsonld_objects, parse

    tree = parse(page)
    if tree is None:
        return []
    found: list[Found] = []
    # A saved page has no address of its own; the site its own links go to stands in for it.
    own_site = None if page_url else linked_site(tree)

    def add(pattern: str, target: str, evidence: str, confidence: float, name: str | None = None) -> None:
        try:
            url = urljoin(page_url or "", target.strip()) if target else None
            audit = audit_url(url, page_url) if url else None
        except ValueError:  # the tag's address (or the page's) does not parse: no address at all
            return
        if audit is None and url and own_site and site_of(host_of(url) or "") == own_site:
            audit = "same-site"
        if audit in ("self", "same-site") and pattern in ("canonical", "og:url"):
            return  # an ordinary page pointing at its own address: no source named
        host = (hostname_of(url) or "").removeprefix("www.") if url else None
        found.append(Found("markup", pattern, name or host, url, evidence[:300], None, None,
                           0.2 if audit else confidence, {"audit": audit} if audit else {}))

    for link in tree.xpath('//link[@rel and @href]'):
        if "canonical" in (link.get("rel") or "").lower().split():
            add("canonical", link.get("href"), lxml_html.tostring(link, encoding="unicode").strip(), 0.85)
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        tag = lxml_html.tostring(meta, encoding="unicode").strip()
        if key == "og:url":
            add("og:url", meta.get("content"), tag, 0.8)
        elif key in ("original-source", "syndication-source"):
            add(key, meta.get("content"), tag, 0.9 if key == "original-source" else 0.85)
    for obj in jsonld_objects(tree):
        for key, pattern in (("isBasedOn", "isBasedOn"), ("isBasedOnUrl", "isBasedOn"),
                             ("citation", "citation"), ("sourceOrganization", "sourceOrganization")):
            for value in as_list(obj.get(key)):
                url, name = jsonld_target(value)
                evidence = f'"{key}": {json.dumps(value, ensure_ascii=False)[:250]}'
                if url:
                    add(pattern, url, evidence, 0.85, name)
                elif name:
                    found.append(Found("markup", pattern, name, None, evidence, None, None, 0.7))
    return found


def host_of(url: str) -> str | None:
    """The host of a URL written on a page, or None when it has none or cannot be read."""
    return hostname_of(url if "://" in url else "https://" + url)


# Platforms where each subdomain is a site of its own.
HOSTED_SITES = {"blogspot.com", "wordpress.com", "tumblr.com", "medium.com", "substack.com", "github.io",
                "wixsite.com", "weebly.com", "over-blog.com", "livejournal.com", "hypotheses.org", "typepad.com",
                "jimdofree.com", "jimdo.com", "webnode.com", "blogger.com", "home.blog", "forumieren.com",
                "ghost.io", "netlify.app", "canalblog.com", "blogs.com", "squarespace.com", "hatenablog.com"}
SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gob", "nic"}


def site_of(host: str) -> str:
    """The registered domain of a host: "money.udn.com" -> "udn.com", "news.bbc.co.uk" -> "bbc.co.uk"."""
    labels = host.lower().removeprefix("www.").rstrip(".").split(".")
    with contextlib.suppress(UnicodeError):  # a broken punycode label stays as written
        labels = [label.encode("ascii").decode("idna") if label.startswith("xn--") else label for label in labels]
    if all(label.isdigit() for label in labels):
        return ".".join(labels)  # an IP address is one site
    keep = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2 else 2
    if ".".join(labels[-keep:]) in HOSTED_SITES:
        keep += 1  # "someone.wordpress.com" is someone's own site
    return ".".join(labels[-keep:])


def linked_site(tree: lxml_html.HtmlElement) -> str | None:
    """The site a page's own links go to, when one site clearly has most of them: ten links or
    more, twice as many as any other site (a syndicated copy links to its copier's own pages;
    a page that links mostly to the article's source, as some portals do, does not pass the margin)."""
    counts: dict[str, int] = {}
    for href in tree.xpath("//a/@href"):
        if href.startswith(("http://", "https://", "//")) and (host := host_of(href.removeprefix("//"))):
            site = site_of(host)
            counts[site] = counts.get(site, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < 10 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def as_list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def jsonld_target(value: object) -> tuple[str | None, str | None]:
    if isinstance(value, str):
        return (value, None) if value.startswith("http") else (None, value)
    if isinstance(value, dict):
        url = value.get("url") or value.get("@id")
        name = value.get("name")
        publisher = value.get("publisher")
        if not name and isinstance(publisher, dict):
            name = publisher.get("name")
        good_url = url if isinstance(url, str) and url.startswith("http") else None
        return good_url, name if isinstance(name, str) else None
    return None, None
