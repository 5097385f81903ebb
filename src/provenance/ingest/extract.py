"""Bytes to text and metadata: encoding detection, trafilatura for HTML, text files as text.

Plain values in, plain values out: nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import charset_normalizer
import trafilatura
from htmldate import find_date

from provenance.attribution import Found, byline_credits, find_attributions, markup_attributions
from provenance.config import ANALYSED_CHARS
from provenance.errors import ExtractionError
from provenance.htmlmeta import (
    WEAK_PUBLISHED_META,
    best_title,
    byline_authors,
    byline_text_authors,
    credible_author,
    lead_paragraph,
    page_spelling,
    read_markup,
    same_name,
    separate_names,
    stated_as_own_date,
    tidy_author,
    url_date,
)
from provenance.htmlmeta import (
    parse as parse_html,
)
from provenance.ingest.dropped import dropped_credits
from provenance.links import body_links, link_credits
from provenance.textmeta import read_text_document
from provenance.urls import hostname_of

if TYPE_CHECKING:
    from provenance.ingest.analysis import Analysis
    from provenance.meaning.units import DocumentVectors

# Magic numbers of binary formats people save by mistake under an .html name.
MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a media file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"wOFF", "a web font"),
]
BOMS = [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Share of undecodable bytes up to which a mostly-UTF-8 file is repaired, not refused.
UTF8_REPAIR_LIMIT = 0.01
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Characters XML does not allow (lxml refuses a whole page for one of them), written raw or as a numeric
# character reference (the ; is optional in HTML). NUL, surrogates and numbers past Unicode are left to
# the parser, which reads them as U+FFFD.
NOT_XML_CHARS = frozenset([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
NOT_XML_RAW = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHAR_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));?")


@dataclass(slots=True)
class Extracted:
    """Text and metadata read from one document. Sources say where each value came from."""

    text: str
    raw_text: str | None  # the text as read, boilerplate included; None for HTML
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    date_source: str | None = None
    sitename: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    encoding: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    # The document's own outlet as its text names it, and how: masthead | chrome
    outlet_name: str | None = None
    outlet_source: str | None = None
    attributions: list[Found] = field(default_factory=list)
    # What is read from `text` alone (reuse fingerprints, quotes, ...), computed beside the extraction
    # in the worker process, off the storing process's path (ingest/analysis.py); None: computed when stored.
    analysis: Analysis | None = None
    # Sentence vectors of `text` (provenance.meaning), computed beside the extraction; None: not computed
    # (the model is off or not installed), and `prov reindex --vectors` adds them later.
    vectors: DocumentVectors | None = None


def text_hash(text: str) -> str:
    """SHA-256 of the text with whitespace collapsed: re-wrapping is not a new revision."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def sniff_binary(body: bytes) -> str | None:
    """What binary format the bytes are, or None when they may be text."""
    for bom, _ in BOMS:
        if body.startswith(bom):
            return None
    for magic, name in MAGIC:
        if body.startswith(magic):
            return name
    head = body[:8192]
    if b"\x00" in head and utf16_by_zero_bytes(head) is None:
        return "binary data"
    return None


def utf16_by_zero_bytes(body: bytes) -> str | None:
    """utf-16-le or utf-16-be when the bytes look like UTF-16 written without a byte-order mark, else None.

    Text in UTF-16 has a zero byte in every character of the Latin script, markup, digits, spaces and
    punctuation, always on the same side of the pair: on odd offsets in little-endian, even ones in
    big-endian. Binary data has its zero bytes on both sides.
    """
    head = body[:8192]
    pairs = max(len(head) // 2, 1)
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= pairs * 0.05 and even * 20 <= odd:
        return "utf-16-le"
    if even >= pairs * 0.05 and odd * 20 <= even:
        return "utf-16-be"
    return None


def decode(body: bytes, *, declared: str | None, source: str) -> tuple[str, str]:
    """Decode bytes to text, detecting the encoding. Returns (text, encoding name).

    Order: byte-order mark; the charset the server or the page declares (if the
    bytes really are in it); UTF-8; UTF-8 with a few bad bytes replaced; then
    statistical detection (charset-normalizer).

    Raises:
        ExtractionError: binary content, or bytes that are not text in any encoding.
    """
    binary = sniff_binary(body)
    if binary:
        raise ExtractionError(source, f"binary content ({binary}), not HTML or text")
    for bom, name in BOMS:
        if body.startswith(bom):
            try:
                return body[len(bom):].decode(name), name
            except UnicodeDecodeError:
                raise ExtractionError(source, f"broken encoding: invalid {name} after its byte-order mark") from None
    utf16 = utf16_by_zero_bytes(body) if b"\x00" in body[:8192] else None
    if utf16:
        return decode_utf16(body, utf16, source=source)
    candidates: list[str | None] = [declared]
    meta = META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    candidates.append("utf-8")
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return body.decode(candidate), normalise_encoding_name(candidate)
        except (ValueError, LookupError):  # not in that encoding, no such encoding, or a name with a NUL
            continue
    repaired = body.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd")
    if bad and bad / max(len(body), 1) <= UTF8_REPAIR_LIMIT and looks_like_utf8(body):
        return repaired, "utf-8 (repaired)"
    best = charset_normalizer.from_bytes(body).best()
    if best is None or best.encoding is None:
        raise ExtractionError(source, "broken encoding: the bytes are not text in any known encoding")
    text = str(best)
    if len(CONTROL.findall(text[:20000])) > 20:
        raise ExtractionError(source, "binary content (control characters), not HTML or text")
    return text, best.encoding


def decode_utf16(body: bytes, name: str, *, source: str) -> tuple[str, str]:
    """Text in UTF-16 without a byte-order mark (see `utf16_by_zero_bytes`); a few broken pairs are repaired.

    Raises:
        ExtractionError: the bytes are not UTF-16 text after all.
    """
    text, encoding = body.decode(name, errors="replace"), name
    bad = text.count("\ufffd") - body.decode(name, errors="ignore").count("\ufffd")
    if bad:
        if bad / max(len(text), 1) > UTF8_REPAIR_LIMIT:
            raise ExtractionError(source, "binary content (binary data), not HTML or text")
        encoding = f"{name} (repaired)"
    # The characters of the zero bytes (U+0000-U+00FF) are letters, spaces and markup in text.
    sample = text[:20000]
    controls = len(CONTROL.findall(sample))
    if controls > 20 or controls * 10 > sum(1 for ch in sample if ch <= "\xff"):
        raise ExtractionError(source, "binary content (binary data), not HTML or text")
    return text, encoding


def looks_like_utf8(body: bytes) -> bool:
    """Whether the bytes hold real multi-byte UTF-8 sequences (not just Latin-1 bytes)."""
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]+", body) is not None or body.isascii()


def normalise_encoding_name(name: str) -> str:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def clean_text(text: str) -> str:
    """Unicode NFC, unified newlines, trailing spaces gone, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_date(value: str | None, *, today: dt.date | None = None) -> dt.date | None:
    """A YYYY-MM-DD date that is not in the future, else None."""
    if not value:
        return None
    try:
        date = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    limit = today or dt.datetime.now(dt.UTC).date()
    return None if date > limit + dt.timedelta(days=1) else date


def split_authors(value: str | None) -> list[str]:
    if not value:
        return []
    names = [" ".join(part.split()) for part in re.split(r";|\s+and\s+|\s*&\s*", value)]
    seen: list[str] = []
    for name in names:
        if name and name.casefold() not in {s.casefold() for s in seen}:
            seen.append(name)
    return seen


# How trafilatura names a site that gives no name of its own: after the address's scheme, the netloc.
NETLOC_SITENAME = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")


def own_sitename(sitename: str | None, address: str | None) -> str | None:
    """The site name read from a page; one trafilatura took from the address's netloc is its real host.

    The netloc carries a user name and a port: `http://www.reuters.com@example.org/` must not
    name an outlet "reuters.com@example.org".
    """
    sitename = (sitename or "").strip() or None
    match = NETLOC_SITENAME.match(address or "")
    if sitename is None or match is None or sitename != match[1]:
        return sitename
    host = hostname_of(address)
    return re.sub(r"^(?:www\.|w[0-9]+\.)", "", host) if host else None


def xml_safe_html(html: str) -> str:
    """The page without the characters XML does not allow (control characters, U+FFFE, U+FFFF), whether
    raw or written as character references: lxml refuses a whole page for one `&#27;`."""
    if "&#" in html:
        html = CHAR_REFERENCE.sub(_drop_not_xml_reference, html)
    return NOT_XML_RAW.sub("", html)


def _drop_not_xml_reference(match: re.Match[str]) -> str:
    hex_digits, decimal = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(decimal)
    return "" if code in NOT_XML_CHARS else match.group(0)


def extract_html(html: str, *, url: str | None, source: str) -> Extracted:
    """Main text and metadata of an HTML page through trafilatura.

    trafilatura's deduplication stays off: it drops repeated paragraphs, and
    repeated text is exactly what syndication detection must see.

    Raises:
        ExtractionError: the page has no extractable article text.
    """
    today = dt.datetime.now(dt.UTC).date()
    html = xml_safe_html(html)
    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        deduplicate=False,
        include_comments=False,
        include_tables=True,
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "max_date": today.isoformat(),
        },
    )
    if isinstance(result, dict):  # (only with as_dict=True, which is not asked for)
        raise ExtractionError(source, "trafilatura returned a dict")
    if result is None or not (result.text or "").strip():
        raise ExtractionError(source, "no article text found in the HTML")
    tree = parse_html(html)  # parsed once for every reading of the markup below
    markup = read_markup(tree)
    host = hostname_of(url or result.url)
    title = best_title(tree, (result.title or "").strip() or None, sitename=result.sitename, host=host, markup=markup)
    text = drop_heading_lines(clean_text(result.text or ""), title)
    if lead := lead_paragraph(tree, markup.description, text, title):
        text = f"{lead}\n\n{text}"
    extracted = Extracted(
        text=text,
        raw_text=None,  # the snapshot keeps the page itself
        title=title,
        authors=split_authors(result.author),
        published=parse_date(result.date, today=today),
        sitename=own_sitename(result.sitename, result.url),
        canonical_url=result.url if result.url and result.url != url else None,
        language=result.language,
    )
    # Structured markup beats trafilatura's reading of the page; a date found by
    # heuristics alone (no markup says so) is not trusted: a wrong date is worse than none.
    if markup.authors:
        extracted.authors = markup.authors
    sites = [extracted.sitename, markup.publisher, host]
    extracted.authors = [page_spelling(name, html) for a in extracted.authors
                         for name in separate_names(tidy_author(a), sites)]
    extracted.authors = [a for a in extracted.authors if credible_author(a) and not same_name(a, extracted.sitename)
                         and not same_name(a, host)]
    if not extracted.authors:
        extracted.authors = byline_authors(tree) or byline_text_authors(tree)
    guessed = extracted.published
    in_url = url_date(url, result.url)
    markup_day, markup_from = markup.published, markup.published_from
    if markup_from in WEAK_META and markup_day and markup_day != in_url and not stated_as_own_date(tree, markup_day):
        # A bare "date" meta tag is often the day the page was last saved: only the page saying so
        # (or its address) makes it the day the article came out.
        markup_day, markup_from = None, None
    if markup_day is None:
        # No markup date: htmldate's extensive search (dates written in the page's text) finds more,
        # at five times the cost, so it runs only here. Checked against the article's own date
        # elements, it added 16 right dates and 3 wrong ones on the trafilatura real-world set,
        # 15 right and no wrong one on the htmldate set (benchmarks/metadata.py).
        guessed = parse_date(find_date(html, url=url, extensive_search=True, original_date=True,
                                       max_date=today.isoformat()), today=today)
    # (today's date, unless markup says so, is the page's clock or the fetch time, not its date)
    visible = guessed if guessed and guessed != today and stated_as_own_date(tree, guessed) else None
    extracted.published, date_from, date_detail = choose_published(markup_day, markup_from, visible, guessed, in_url)
    extracted.sitename = extracted.sitename or markup.publisher
    if extracted.published:
        extracted.date_source = date_from
        extracted.sources["published"] = f"{date_from}: {date_detail}" if date_detail else date_from
    for name in ("title", "authors", "sitename"):
        if getattr(extracted, name):
            extracted.sources[name] = "markup"
    # A saved page has no URL of its own: its canonical address is the best one it has.
    found = find_attributions(text[:ANALYSED_CHARS])
    if tree is not None:
        links = body_links(tree, text[:ANALYSED_CHARS], page_url=url or result.url, saved=url is None)
        found = sorted(found + link_credits(found, links, text[:ANALYSED_CHARS]), key=lambda f: f.start or 0)
        # Paragraphs of the article's body that trafilatura dropped: their credits, without offsets.
        found += dropped_credits(tree, text[:ANALYSED_CHARS], found, page_url=url or result.url, saved=url is None)
    extracted.attributions = found + byline_credits(extracted.authors) + markup_attributions(tree, url or result.url)
    return extracted



# Meta tags that many CMSs fill with the day the page was saved, not the day it came out.
WEAK_META = frozenset(f"meta {key}" for key in WEAK_PUBLISHED_META)


def choose_published(
    markup: dt.date | None, markup_from: str | None, visible: dt.date | None, guessed: dt.date | None,
    in_url: dt.date | None,
) -> tuple[dt.date | None, str, str]:
    """The page's date, where it came from (markup | url), and which element said it.

    Args:
        markup: the date structured markup gives (JSON-LD, meta tags, <time datePublished>).
        markup_from: which of those gave it.
        visible: the date found by heuristics, when the page also states it in a date element of
            the article (not comments, sidebars or lists of other posts).
        guessed: the date found by heuristics, whether or not the page states it.
        in_url: a date written into the page's address.
    """
    if markup and visible and visible != markup:
        # The article's visible date wins when its metadata disagrees: on the real-world sets
        # (benchmarks/metadata.py) it was the right one 23 times out of 28.
        return visible, "markup", f"a date element of the article ({markup_from} says {markup})"
    if markup:
        return markup, "markup", markup_from or ""
    if visible:
        return visible, "markup", "a date element of the article"
    if in_url and (guessed is None or guessed == in_url):
        return in_url, "url", ""
    return None, "", ""


def drop_heading_lines(text: str, title: str | None) -> str:
    """The title (and section labels above it) repeated at the top of the text are not article text."""
    if not title:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines[:4]):
        if line.strip() == title and all(len(x.split()) <= 6 for x in lines[:i]):
            return "\n".join(lines[i + 1:]).strip() or text
    return text


def extract_plain(text: str, *, source: str) -> Extracted:
    """A text file: boilerplate lines out; headline, byline, date and outlet from its own words.

    Raises:
        ExtractionError: the file holds no text.
    """
    cleaned = clean_text(text)
    if not cleaned:
        raise ExtractionError(source, "no text in the file")
    meta = read_text_document(cleaned)
    article = meta.text or cleaned
    extracted = Extracted(
        text=article, raw_text=cleaned, title=meta.title, authors=meta.authors,
        published=meta.published, date_source="text" if meta.published else None,
        outlet_name=meta.outlet, outlet_source=meta.outlet_source,
        attributions=find_attributions(article[:ANALYSED_CHARS]) + byline_credits(meta.authors),
    )
    for name in ("title", "authors", "published"):
        if getattr(extracted, name):
            extracted.sources[name] = "text"
    return extracted


MIN_WORDS_FOR_LANGUAGE = 12


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, its model ships in the package), or None
    for texts too short to tell."""
    if len(text[:20000].split()) < MIN_WORDS_FOR_LANGUAGE:  # (a bounded look: enough to count 12)
        return None
    import py3langid  # loads its model on first use: only when a document needs it

    code, _score = py3langid.classify(text[:1500])  # enough to tell; its cost grows with length
    return code


def extract(body: bytes, *, kind: str, charset: str | None, url: str | None, source: str) -> Extracted:
    """Decode and extract one document of kind html or text.

    Raises:
        ExtractionError: binary, undecodable, or empty input.
    """
    decoded, encoding = decode(body, declared=charset, source=source)
    if kind == "html":
        result = extract_html(decoded, url=url, source=source)
    else:
        result = extract_plain(decoded, source=source)
    result.encoding = encoding
    result.language = result.language or detect_language(result.text)
    if result.language:
        result.sources.setdefault("language", "text")
    return result
