"""Text documents: boilerplate lines out, and the byline, headline, date and outlet read from the text.

A text file saved from a page keeps the page's chrome: comment forms, share bars,
"Latest posts" lists, subscription prompts, related stories. Those lines are not
article text. The header above the article (masthead, section labels, headline,
byline, date) gives the metadata. Dates elsewhere (sidebars, other posts, comments)
are never this document's date: only the header's date line, the byline's date, or
the author box's entry for this very article count.

Plain values in, plain values out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from provenance.datewords import DATE_PATTERNS, MONTH, MONTHS
from provenance.outlet_words import publication_like

# Lines that are page chrome wherever they stand.
BOILERPLATE = [re.compile(p, re.I) for p in (
    r"^you have commented \d+ times?\b",
    r"^your (?:name|e-?mail(?: address)?|website)\b.{0,40}$",
    r"^(?:website|name|e-?mail|comment)\s*(?:\(optional\)|\*)?\s*:?\s*$",
    r"^(?:my original nic|remember me|preview|post comment|submit comment|leave a (?:comment|reply)|reply)\b.{0,80}$",
    r"comments? (?:have been|are) closed",
    r"^(?:bold|b)\s+(?:italic|i)\s+(?:underline|u)\b",
    r"^your email address will not be published",
    r"required fields are marked",
    r"^(?:share|share this|share on|share:|tweet|email|print)\b.{0,60}(?:facebook|twitter|whatsapp|linkedin|email|x\b)",
    r"^(?:facebook|twitter|whatsapp|linkedin|telegram|reddit)(?:\s+(?:facebook|twitter|whatsapp|linkedin|telegram|"
    r"reddit|email|x))+\s*$",
    r"^(?:latest|recent) posts\b",
    r"^author recent posts\b",
    r"^want to read more\?$",
    r"^subscribe\b.{0,60}(?:access|now|today|newsletter)?\s*\.?$",
    r"^already a subscriber\??",
    r"^(?:log ?in|sign ?in|sign up|register)\b.{0,30}$",
    r"^(?:related|related stories|related articles|more from \w+|more stories|you may also like|read more|"
    r"recommended|trending|most read|most popular|popular posts)\s*:?.{0,0}$",
    r"^related:\s",
    r"^advertisement$",
    r"^\d{1,2}:\d{2}$",
    r"^(?:home|news|world|region|business|sport|opinion)(?:\s*\|\s*\w[\w ]*){2,}$",
    r"^posted by\s*:",
    r"^the authors?$",
    r"^#\d+\s",
)]
# A prompt after which the rest of the page is chrome (paywall, comments, related lists).
END_OF_ARTICLE = [re.compile(p, re.I) for p in (
    r"^want to read more\?$", r"^subscribe for full access", r"^already a subscriber",
    r"^leave a (?:comment|reply)$", r"^posted by\s*:", r"^related stories$", r"^the authors?$",
    r"^subscribe to .{3,60} for unlimited access",
)]
BYLINE = re.compile(r"^(?:by|written by|author:|words by|posted by\s*:?)\s*(?P<who>[^\n|]{2,60}?)"
                    r"(?:\s*(?:[-–—|,·]|\s{2,})\s*(?P<rest>.*))?$", re.I)
AUTHOR_BOX = re.compile(
    r"^author recent posts\s+(?P<who>.+?)\s+latest posts by\s+(?P=who)\s*(?:\(see all\))?\s*(?P<rest>.*)$", re.I
)
CHROME_SITE = [re.compile(p) for p in (
    r"^You have commented \d+ times? on (?P<site>[A-Z][\w .&'-]{1,60}?)\.?$",
    r"^Subscribe to (?P<site>[A-Z][\w .&'-]{1,60}?) for unlimited access",
    r"^(?:Welcome to|Copyright|©)\s*(?:\d{4}\s+)?(?P<site>[A-Z][\w .&'-]{1,60}?)\.?$",
)]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@dataclass
class TextMeta:
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    outlet: str | None = None
    outlet_source: str | None = None  # masthead | chrome
    contact: str | None = None
    removed: list[str] = field(default_factory=list)


def parse_date(text: str) -> dt.date | None:
    for pattern in DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        try:
            month = MONTHS[m.group("mon").lower().rstrip(".")] if "mon" in m.groupdict() else int(m.group("m"))
            date = dt.date(int(m.group("y")), month, int(m.group("d")))
        except (ValueError, KeyError):
            continue
        if dt.date(1990, 1, 1) <= date <= dt.datetime.now(dt.UTC).date():
            return date
    return None


def is_date_line(line: str) -> bool:
    stripped = re.sub(r"\b(?:published|updated|posted|on)\b[: ]*", "", line, flags=re.I).strip(" .,|-–—")
    if not stripped or parse_date(stripped) is None:
        return False
    leftover = stripped
    for pattern in DATE_PATTERNS:
        leftover = pattern.sub("", leftover)
    leftover = re.sub(r"\b(?:\d{1,2}:\d{2}(?:\s*[ap]m)?|[A-Z]{2,4}|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\b", "", leftover)
    return len(leftover.strip(" .,|-–—")) <= 3


def is_boilerplate(line: str) -> bool:
    return any(p.search(line.strip()) for p in BOILERPLATE)


def looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and not re.search(r"[.!?:;]$|\d", text) and len(text) <= 60


def looks_like_headline(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 30 and not line.rstrip().endswith(".") and not is_boilerplate(line)


def is_prose(line: str) -> bool:
    """A sentence of article text: long enough and ending like one."""
    return len(line.split()) >= 12 and bool(re.search(r"[.!?\"”’)]$", line.strip())) and not is_boilerplate(line)


def masthead(line: str) -> str | None:
    """The first line as an outlet name, when it is a known outlet written alone on its line."""
    text = line.strip()
    if not looks_like_name(text):
        return None
    return text if publication_like(text) else None


def read_text_document(raw: str) -> TextMeta:
    """Metadata and clean article text from a text document.

    Returns:
        TextMeta with the article text (boilerplate lines removed) and what the
        header says; values the text does not give stay None.
    """
    lines = raw.split("\n")
    meta = TextMeta(text="")
    if lines and (name := masthead(lines[0])):
        meta.outlet, meta.outlet_source = name, "masthead"
    for line in lines:
        for pattern in CHROME_SITE:
            if (m := pattern.search(line.strip())) and meta.outlet is None:
                meta.outlet, meta.outlet_source = m.group("site").strip(), "chrome"
    if m := EMAIL.search(raw[-600:]):
        meta.contact = m.group(0)

    header_end, box_entries = read_header(lines, meta)
    body_end = end_of_article(lines, header_end)
    read_trailing_byline(lines[body_end:], meta)
    if box_entries:
        match_author_box(box_entries, lines, meta)

    kept: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        drop = (i < header_end and not is_prose(stripped)) or i >= body_end or is_boilerplate(stripped) \
            or (meta.title and stripped == meta.title) or is_list_entry(stripped, box_entries)
        if drop and stripped:
            meta.removed.append(stripped)
        elif not drop:
            kept.append(line.rstrip())
    text = "\n".join(kept)
    meta.text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return meta


def read_header(lines: list[str], meta: TextMeta) -> tuple[int, list[tuple[str, dt.date]]]:
    """Headline, byline and date from the lines above the article; returns where the article starts."""
    header_end = 0
    box_entries: list[tuple[str, dt.date]] = []
    prose_lines = [i for i, line in enumerate(lines) if is_prose(line.strip())]
    first_prose = prose_lines[0] if prose_lines else len(lines)
    # The header may hold one prose line (a standfirst) above the byline, no more.
    limit = min(prose_lines[1] if len(prose_lines) > 1 else len(lines), 25)
    for i, line in enumerate(lines[:limit]):
        stripped = line.strip()
        if not stripped or is_prose(stripped):
            continue
        if m := AUTHOR_BOX.match(stripped):
            meta.authors = [m.group("who").strip()]
            box_entries = list_entries(m.group("rest"))
            header_end = i + 1
        elif (m := BYLINE.match(stripped)) and looks_like_name(m.group("who").strip()) and not (
                (meta.authors or meta.published) and continues_line(lines, i)):
            meta.authors = [n for n in re.split(r"\s+and\s+|,\s*|\s*&\s*", m.group("who").strip()) if n]
            if m.group("rest") and (date := parse_date(m.group("rest"))):
                meta.published = date
            if meta.title is None:
                meta.title = headline_before(lines, i)
            header_end = i + 1
        elif is_date_line(stripped):
            meta.published = meta.published or parse_date(stripped)
            if meta.title is None:
                meta.title = headline_before(lines, i)
            header_end = i + 1
    if meta.title is None:
        meta.title = repeated_headline(lines[:first_prose])
        if meta.title:
            last = max(i for i, line in enumerate(lines[:first_prose]) if line.strip() == meta.title)
            header_end = max(header_end, last + 1)
    return header_end, box_entries


def continues_line(lines: list[str], index: int) -> bool:
    """Whether line INDEX goes on with the sentence of the line above: a text wrapped at a fixed width
    ("... a pattern of killings" / "by security forces, which ...") starts a line with a small "by"
    that is no byline. Past the header's own byline or date, such a line is article text."""
    above = lines[index - 1].strip() if index else ""
    return bool(above) and not re.search(r"[.!?:\"”’)]$", above) and lines[index].lstrip()[:1].islower()


def headline_before(lines: list[str], index: int) -> str | None:
    """The nearest line above `index` that reads like a headline (skipping a standfirst)."""
    for j in range(index - 1, max(-1, index - 5), -1):
        candidate = lines[j].strip()
        if not candidate or is_prose(candidate) or is_boilerplate(candidate):
            continue
        if looks_like_headline(candidate):
            return candidate
    return None


def repeated_headline(lines: list[str]) -> str | None:
    """A header line that appears twice (page title and article heading)."""
    seen: dict[str, int] = {}
    for line in lines:
        stripped = line.strip()
        if looks_like_headline(stripped):
            seen[stripped] = seen.get(stripped, 0) + 1
    repeated = [line for line, n in seen.items() if n > 1]
    return repeated[0] if repeated else None


def end_of_article(lines: list[str], start: int) -> int:
    """The line where the article ends: the first end-of-article prompt in the last part of the text."""
    last_prose = max((i for i, line in enumerate(lines) if is_prose(line.strip())), default=len(lines) - 1)
    for i in range(start, len(lines)):
        stripped = lines[i].strip()
        if any(p.search(stripped) for p in END_OF_ARTICLE) and i >= min(last_prose, len(lines)) - 3:
            return i
    return len(lines)


def read_trailing_byline(tail: list[str], meta: TextMeta) -> None:
    """A forum's "Posted by:NAME" after the post, when the header named nobody."""
    for line in tail[:3]:
        m = re.match(r"^posted by\s*:\s*(?P<who>[^|\n]{2,40}?)\s*(?:\|\||$)", line.strip(), re.I)
        if m and not meta.authors and looks_like_name(m.group("who")):
            meta.authors = [m.group("who").strip()]
            return


def list_entries(text: str) -> list[tuple[str, dt.date]]:
    """(title, date) pairs of an inline "Latest posts" list: "Title – April 4, 2025 Title – ..."."""
    entries = []
    for m in re.finditer(rf"(?P<title>.+?)\s+[-–—]\s+(?P<date>(?:{MONTH})\.?\s+\d{{1,2}},\s+\d{{4}})", text, re.I):
        date = parse_date(m.group("date"))
        if date:
            entries.append((m.group("title").strip(), date))
    return entries


def is_list_entry(line: str, entries: list[tuple[str, dt.date]]) -> bool:
    text = line.lstrip("-•* ").strip()
    return any(text.startswith(title) and parse_date(text) == date for title, date in entries)


def match_author_box(entries: list[tuple[str, dt.date]], lines: list[str], meta: TextMeta) -> None:
    """The author box lists this article among the author's posts: its entry gives title and date.

    The entry is this article when every content word of its title occurs in the
    article text; the other entries are other posts, and their dates are not ours.
    """
    body = " ".join(lines).casefold()
    for title, date in entries:
        words = [w for w in re.findall(r"[\w.-]+", title.casefold()) if len(w) > 3 and w not in STOP]
        if words and all(w.strip(".") in body for w in words) and sum(w in body for w in words) >= 3:
            meta.title = meta.title or title
            meta.published = meta.published or date
            return


STOP = {"this", "that", "with", "from", "what", "when", "where", "which", "about", "into", "under", "over",
        "their", "there", "future", "does", "will", "have", "been"}
