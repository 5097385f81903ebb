"""Text from documents made safe for each place it goes out: a terminal, JSON in HTML, XML, Markdown.

Titles, authors, outlet names, quoted evidence and URLs come from the documents, so
from whoever wrote them. Every writer of such text goes through one function here for
its medium, and each function is total: it never fails on odd input, it only makes
the text inert (the stored evidence bytes are never changed by any of them).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

# Terminal -------------------------------------------------------------------------------------

# Whole escape sequences, removed with their payload so no half of one is left to read as text:
# CSI (ESC [ or 0x9B, parameters, a final byte), OSC (ESC ] or 0x9D up to BEL or ST), the
# string controls DCS, SOS, PM and APC (ESC P X ^ _ or 0x90 0x98 0x9E 0x9F, up to ST) and the
# two-byte escapes (ESC and one more byte, with intermediates). What remains of a cut
# sequence (an introducer with no end) loses its control characters below and is shown as text.
ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# Every C0 and C1 control, DEL included, but tab and newline (which the caller decides on).
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) go too: they
# reorder what a listing shows ("Trojan Source"); letters of right-to-left scripts keep their order.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What separates lines and paragraphs besides \n: a field shown on one line gets spaces instead.
LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+")


def is_utf8(text: str) -> bool:
    """Whether TEXT can be written as UTF-8: bytes of another encoding, read from a file name or the
    command line, reach Python as lone surrogates, which no database or terminal takes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_bytes(text: str) -> str:
    """TEXT with the bytes that were not UTF-8 written as `\\xff`, so it can be printed and named."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def terminal(value: object, *, multiline: bool = False) -> str:
    """VALUE as text a terminal shows and does not obey: no escape sequence, no control character.

    Args:
        value: any value; None becomes "".
        multiline: keep newlines and tabs (a document's text); else the value is made one line
            (a title, an author, a table cell), so it cannot forge rows of its own.

    Returns:
        The text with every escape sequence removed whole and every other control character
        removed, so nothing in it can write to the clipboard, retitle the window, make a
        hyperlink, move the cursor or hide the rows printed after it.
    """
    text = "" if value is None else str(value)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = LINE_BREAKS.sub(" ", text)
    return CONTROLS.sub("", ESCAPE_SEQUENCE.sub("", text))


def terminal_data(data: Any) -> Any:
    """Every string inside DATA (dicts, lists, tuples) made one terminal line; other values as they are."""
    if isinstance(data, str):
        return terminal(data)
    if isinstance(data, dict):
        return {k: terminal_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(terminal_data(v) for v in data)
    return data


def json_ascii_controls(text: str) -> str:
    """Serialised JSON with C1 controls and DEL written as \\u escapes (json leaves them raw)."""
    return re.sub(r"[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", text)


# JSON that may be embedded in HTML ------------------------------------------------------------

HTML_UNSAFE_IN_JSON = re.compile(r"[<>&\u2028\u2029]")


def json_for_html(data: Any, *, indent: int | None = None) -> str:
    """DATA as JSON that can be pasted into `<script type="application/ld+json">` as it is.

    `<`, `>`, `&`, U+2028 and U+2029 only occur inside JSON strings, where `\\u003c` and the
    like mean the same character: the parsed value is unchanged, and `</script>` or `<!--`
    can never appear in the text.
    """
    return html_safe_json(json.dumps(data, ensure_ascii=False, indent=indent))


def html_safe_json(text: str) -> str:
    """Serialised JSON TEXT with `<`, `>`, `&`, U+2028, U+2029 and C1 controls as \\u escapes."""
    return json_ascii_controls(HTML_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def http_url(value: object) -> str | None:
    """VALUE when it is an http(s) URL with a host, else None (javascript:, data:, file: ... dropped)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if terminal(text) != text or any(ch.isspace() for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


# XML 1.0 --------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (not even as character references), and DEL and the C1
# controls, which it allows but a terminal showing the file may obey.
NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """VALUE with each control character (but tab and newlines), lone surrogate and U+FFFE/U+FFFF as U+FFFD."""
    return NOT_XML.sub("\ufffd", value)


def xml_data(data: Any) -> Any:
    """Every string inside DATA made XML 1.0 text (dict keys too)."""
    if isinstance(data, str):
        return xml_text(data)
    if isinstance(data, dict):
        return {xml_data(k): xml_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(xml_data(v) for v in data)
    return data


# Markdown -------------------------------------------------------------------------------------

# Backslash-escaped: what makes links and images ([ ] !), code (`), emphasis and strikethrough
# (* _ ~), tables (|) and the escape itself (a heading's # counts only at the start of a line,
# where this inline text never is). `<`, `>` and `&` become entities, so
# neither raw HTML nor an <autolink> can start, and a viewer passing HTML through runs none.
MD_PUNCTUATION = re.compile(r"([\\`*_\[\]!|~])")
# What GitHub-flavoured Markdown turns into a link by itself: scheme:// and www. (e-mail
# addresses too, which no escape prevents: they become mailto: links at most).
MD_SCHEME = re.compile("://")
MD_WWW = re.compile(r"(?<![\w.])(www)\.", re.IGNORECASE)


def markdown(value: object) -> str:
    """VALUE as inline Markdown text that renders as exactly that text: one line, no link, image or HTML."""
    text = " ".join(terminal(value).split())
    text = MD_PUNCTUATION.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MD_WWW.sub(r"\1\\.", MD_SCHEME.sub(r"\\://", text))


def markdown_code(value: object) -> str:
    """VALUE as an inline code span, fenced with more backticks than it holds in a row."""
    text = " ".join(terminal(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if text.startswith("`") or text.endswith("`") else f"{fence}{text}{fence}"


def markdown_link(url: object) -> str:
    """An http(s) URL as a Markdown autolink; any other value as escaped text."""
    found = http_url(url)
    if found is None:
        return markdown(url)
    return "<" + re.sub(r"[<>|\\\"`' ]", lambda m: f"%{ord(m.group()):02X}", found) + ">"
