"""Bytes to text: encodings, binary sniffing, trafilatura settings, text files. No database."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import STORY_HTML
from provenance.errors import ExtractionError
from provenance.ingest.extract import decode, extract, parse_date, text_hash


def test_decode_prefers_a_declared_charset_that_fits() -> None:
    body = "Caf\u00e9 cr\u00e8me".encode("cp1252")
    assert decode(body, declared="windows-1252", source="x") == ("Caf\u00e9 cr\u00e8me", "cp1252")


def test_decode_reads_the_meta_charset() -> None:
    body = '<meta charset="iso-8859-7"><p>\u0391\u03b8\u03ae\u03bd\u03b1</p>'.encode("iso-8859-7")
    text, encoding = decode(body, declared=None, source="x")
    assert "\u0391\u03b8\u03ae\u03bd\u03b1" in text and encoding == "iso8859-7"


def test_decode_honours_a_byte_order_mark() -> None:
    body = "<p>Stra\u00dfe</p>".encode("utf-16")  # with its BOM
    assert decode(body, declared="utf-8", source="x")[0] == "<p>Stra\u00dfe</p>"


def test_decode_detects_an_undeclared_legacy_encoding() -> None:
    text = ("\u0412 \u041f\u043e\u0440\u0442-\u041e\u043b\u0434\u0435\u0440\u0435 "
            "\u043f\u043e\u0434\u043f\u0438\u0441\u0430\u043b\u0438 \u0441\u043e\u0433\u043b\u0430\u0448\u0435\u043d\u0438\u0435 "
            "\u043e \u0440\u0435\u043a\u0435 \u0422\u0430\u0432\u0438\u0440\u0430. ") * 8
    decoded, encoding = decode(text.encode("cp1251"), declared=None, source="x")
    assert decoded == text and encoding.lower() in ("cp1251", "windows-1251")


def test_decode_repairs_a_few_bad_bytes_in_utf8() -> None:
    body = ("Le caf\u00e9 a rouvert. " * 40).encode("utf-8") + b"\xff" + b" fin."
    text, encoding = decode(body, declared=None, source="x")
    assert encoding == "utf-8 (repaired)" and text.count("\ufffd") == 1 and "caf\u00e9" in text


@pytest.mark.parametrize(("body", "what"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "a PNG image"),
    (b"%PDF-1.7\n" + b"x" * 100, "a PDF document"),
    (b"<html>\x00\x01\x02\x03</html>", "binary data"),
])
def test_decode_refuses_binary(body: bytes, what: str) -> None:
    with pytest.raises(ExtractionError) as err:
        decode(body, declared=None, source="page.html")
    assert str(err.value) == f"page.html: binary content ({what}), not HTML or text"


def test_html_extraction_keeps_metadata_and_drops_chrome() -> None:
    body = (STORY_HTML / "05-observer-interview.html").read_bytes()
    result = extract(body, kind="html", charset=None, url=None, source="x")
    assert result.title == "After the Tavira Deal, Engineers Turn to the Gauges"
    assert result.authors == ["Tomas Reyes"]
    assert result.published == dt.date(2025, 6, 21) and result.date_source == "markup"
    assert result.sitename == "The Lowland Observer"
    assert "told The Lowland Observer" in result.text
    for chrome in ("Ferry timetable", "All rights reserved", "Subscribe for full access"):
        assert chrome not in result.text


def test_repeated_paragraphs_are_kept() -> None:
    para = "<p>The commission will meet in September to review the release schedule for the dam.</p>"
    page = f"<html><body><article><h1>T</h1>{para}<p>Another paragraph of reporting here.</p>{para}</article></body></html>"
    first = extract(page.encode(), kind="html", charset=None, url=None, source="a")
    again = extract(page.encode(), kind="html", charset=None, url=None, source="b")
    assert first.text.count("review the release schedule") == 2
    assert again.text == first.text


def test_a_date_in_the_future_is_dropped() -> None:
    assert parse_date("2999-01-01") is None
    assert parse_date("2025-03-15") == dt.date(2025, 3, 15)
    assert parse_date("not a date") is None


def test_text_files_are_stored_as_text() -> None:
    result = extract(b"Line one\r\n\r\n\r\n\r\nLine two   \n", kind="text", charset=None, url=None, source="t")
    assert result.text == "Line one\n\nLine two" and result.title is None


def test_empty_html_has_no_article_text() -> None:
    with pytest.raises(ExtractionError, match="x.html: no article text found in the HTML"):
        extract(b"<html><head><title>Only a title</title></head><body><script>var x;</script></body></html>", kind="html", charset=None, url=None, source="x.html")


def test_text_hash_ignores_rewrapping() -> None:
    assert text_hash("a b\nc") == text_hash("a  b c ") != text_hash("a b d")


def test_language_is_detected_from_the_text() -> None:
    urdu = ("پاکستان اور امریکہ کے درمیان سیکیورٹی مذاکرات واشنگٹن میں مکمل ہو گئے اور دونوں ممالک نے "
            "انسداد دہشت گردی کے شعبے میں تعاون بڑھانے پر اتفاق کیا")
    assert extract(urdu.encode(), kind="text", charset=None, url=None, source="u").language == "ur"
    body = (STORY_HTML / "01-meridian-origin.html").read_bytes()
    assert extract(body, kind="html", charset=None, url=None, source="x").language == "en"
    assert extract(b"Too short to tell.", kind="text", charset=None, url=None, source="s").language is None
