"""Fuzzing the readers of untrusted bytes: for any input, a result or a ProvenanceError, never another exception.

Each property starts from valid inputs (the fixtures, a WARC written with warcio, an export made by
`prov export`, a ratings CSV) and mutates them (tests/fuzzing.py). The readers that write to a database
(import, import-ratings, ingest) run through the command line into a fresh SQLite file: an error is
one `Error:` line, exit status 1, and the database is left exactly as it was.

`make test` runs a few derandomized examples per property (PROV_FUZZ=ci); `make fuzz` runs thousands
(PROV_FUZZ=long). Every crash found is kept below as a named regression test with its minimal input.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from conftest import STORY_HTML, STORY_TEXT, STORY_WARC
from fuzzing import (
    fuzz_settings,
    gunzip_members,
    mutated_bytes,
    mutated_export,
    packed_warc,
    ratings_csv,
    warc_records,
)
from provenance.attribution import find_attributions, markup_attributions
from provenance.cli import cli
from provenance.config import Settings
from provenance.db import Database
from provenance.errors import InputError, ProvenanceError
from provenance.exchange import exported_tables
from provenance.htmlmeta import (
    best_title,
    byline_authors,
    byline_text_authors,
    lead_paragraph,
    read_markup,
    stated_as_own_date,
    url_date,
)
from provenance.ingest.extract import Extracted, extract
from provenance.ingest.fetch import Fetched, read_warc
from provenance.quotes import find_quotes
from provenance.textmeta import read_text_document

# A page whose markup uses every reading of it: JSON-LD with authors, dates and sources, meta tags,
# a canonical link on another site, a <time>, a byline and quotes.
MARKUP_PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Tavira Dam deal agreed | Harbour Ledger</title>
<link rel="canonical" href="https://meridian.example/2026/11/03/tavira-dam-deal">
<meta property="og:url" content="https://harbour.example/tavira">
<meta name="original-source" content="https://meridian.example/2026/11/03/tavira-dam-deal">
<meta name="author" content="Ana Ferreira; Tom Reyes">
<meta property="article:published_time" content="2026-11-03T08:00:00Z">
<meta name="description" content="Valdoria agreed to release 40 percent more water from the Tavira Dam.">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
"headline":"Tavira Dam deal agreed","author":[{"@type":"Person","name":"Ana Ferreira"},"Tom Reyes"],
"datePublished":"2026-11-03","publisher":{"name":"Harbour Ledger"},
"isBasedOn":{"url":"https://meridian.example/2026/11/03/tavira-dam-deal","name":"Meridian Wire"},
"citation":["Meridian Wire","https://kestrel.example/dam"],"sourceOrganization":{"name":"Meridian Wire"}}]}
</script></head><body><header><nav><a href="/">Home</a></nav></header><article>
<h1>Tavira Dam deal agreed</h1><p class="byline">By Ana Ferreira and Tom Reyes</p>
<time itemprop="datePublished" datetime="2026-11-03">3 November 2026</time>
<p>Valdoria agreed to release 40 percent more water from the Tavira Dam, the Meridian Wire reported on Monday.</p>
<p>"We will open the gates next week," said Ines Duarte, the water minister. According to Reuters, the gauges
at Sorel fell by a third in October.</p><p>She added: "This is a start, not the end."</p></article>
<footer>(c) Harbour Ledger</footer></body></html>"""

HTML_SEEDS = [MARKUP_PAGE] + [p.read_bytes() for p in sorted(STORY_HTML.glob("*.html"))[:3]]
TEXT_SEEDS = [p.read_bytes() for p in sorted(STORY_TEXT.glob("*.txt"))[:3]]
WARC_SEEDS = [warc_records(body=MARKUP_PAGE), gunzip_members(STORY_WARC.read_bytes())]
RATINGS = (b"domain,score,note\nmeridian.example,0.9,agency\nkestrel.example,0.55,\nharbour.example,0.2,copies\n"
           b"unknown-outlet.example,0.7,new\nDispatch Forum,0.4,by name\n")
URLS = st.sampled_from([None, "https://meridian.example/2026/11/03/tavira-dam-deal", "http://[::1/x",
                        "http://h:99999/x", "https://www.reuters.com@evil.example/x", "javascript:alert(1)", ""])
CHARSETS = st.sampled_from([None, "utf-8", "windows-1252", "utf-16", "x-bogus", "utf-8\x00", ""])
_names = itertools.count()


def outcome(text: str) -> None:
    """Counts the kinds of outcome (`--hypothesis-show-statistics`): how far mutated inputs get."""
    event(" ".join(re.sub(r"line \d+", "line N", text).replace(":", " ").split()[:5]))


def check_extracted(result: Extracted) -> None:
    assert isinstance(result.text, str) and result.text.strip()
    assert "\x00" not in result.text


# --- decoding and extraction: bytes in, text and metadata out --------------------------------------


@fuzz_settings()
@given(body=mutated_bytes(HTML_SEEDS), charset=CHARSETS, url=URLS)
def test_fuzz_extract_html(body: bytes, charset: str | None, url: str | None) -> None:
    try:
        result = extract(body, kind="html", charset=charset, url=url, source="fuzz.html")
    except ProvenanceError as exc:
        outcome(f"refused {exc.reason}")
        return
    outcome("extracted")
    check_extracted(result)


@fuzz_settings()
@given(body=mutated_bytes(TEXT_SEEDS), charset=CHARSETS)
def test_fuzz_extract_text(body: bytes, charset: str | None) -> None:
    try:
        result = extract(body, kind="text", charset=charset, url=None, source="fuzz.txt")
    except ProvenanceError as exc:
        outcome(f"refused {exc.reason}")
        return
    outcome("extracted")
    check_extracted(result)


DOCUMENT_TEXT = st.one_of(
    mutated_bytes(TEXT_SEEDS + HTML_SEEDS).map(lambda b: b.decode("utf-8", "replace")),
    st.text(max_size=300),
)


@fuzz_settings(2)
@given(document=DOCUMENT_TEXT, url=URLS)
def test_fuzz_text_and_markup_readers(document: str, url: str | None) -> None:
    """The readers that take decoded text return plain values for any text: they never raise."""
    read_text_document(document)
    find_attributions(document)
    find_quotes(document, own_outlet_names=("Harbour Ledger",))
    markup = read_markup(document)
    markup_attributions(document, url)
    byline_authors(document)
    byline_text_authors(document)
    best_title(document, markup.title, sitename="Harbour Ledger", host="harbour.example", markup=markup)
    lead_paragraph(document, markup.description, document[:500], markup.title)
    if markup.published:
        stated_as_own_date(document, markup.published)
    url_date(url)


# --- WARC reading ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def write(folder: Path, data: bytes, suffix: str) -> Path:
    path = folder / f"input-{next(_names)}{suffix}"
    path.write_bytes(data)
    return path


@fuzz_settings()
@given(warc=packed_warc(WARC_SEEDS))
def test_fuzz_read_warc(scratch: Path, warc: tuple[bytes, str]) -> None:
    """Every record read is a document or an InputError (a malformed one ends the file), and every
    document read extracts or fails with a ProvenanceError."""
    path = write(scratch, *warc)
    try:
        items = list(read_warc(path, given=path.name, settings=Settings(max_bytes=200_000)))
        assert items, "a WARC yields at least one document or error"
        outcome(f"{sum(isinstance(i, Fetched) for i in items)} documents")
        for item in items:
            assert isinstance(item, Fetched | InputError)
            if isinstance(item, Fetched):
                with contextlib.suppress(ProvenanceError):
                    check_extracted(extract(item.body, kind=item.kind, charset=item.charset, url=item.url,
                                            source=item.input))
    finally:
        path.unlink()


# --- the readers that write: ingest of a WARC, import of an export, import of ratings ------------------


@pytest.fixture(scope="module")
def templates(scratch: Path) -> dict[str, Path]:
    """A migrated empty SQLite archive, one holding the story's text copies, and an export of that one."""
    empty = scratch / "empty.db"
    database = Database(f"sqlite:///{empty}")
    database.ensure_schema()
    database.dispose()
    filled = scratch / "filled.db"
    shutil.copyfile(empty, filled)
    runner = CliRunner()
    url = f"sqlite:///{filled}"
    result = runner.invoke(cli, ["--db", url, "ingest", "--processes", "1", "-q", str(STORY_TEXT / "01-meridian-origin.txt"),
                                 str(STORY_TEXT / "02-kestrel-rewrite.txt"), str(STORY_HTML / "07-harbour-copy.html")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, ["--db", url, "outlet", "rate", "The Meridian Review", "80", "--source", "desk"],
                         catch_exceptions=False).exit_code == 0
    export = scratch / "story.jsonl"
    result = runner.invoke(cli, ["--db", url, "export", "-o", str(export)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {"empty": empty, "filled": filled, "export": export}


@pytest.fixture(scope="module")
def fresh(templates: dict[str, Path], scratch: Path) -> Iterator[Callable[..., str]]:
    """Makes a fresh copy of a template archive for one example (the previous example's is removed)."""
    made: list[Path] = []

    def make(kind: str = "empty") -> str:
        while made:
            made.pop().unlink(missing_ok=True)
        path = scratch / f"db-{next(_names)}.db"
        shutil.copyfile(templates[kind], path)
        made.append(path)
        return f"sqlite:///{path}"

    yield make
    for path in made:
        path.unlink(missing_ok=True)


def run(*args: str) -> tuple[int, str]:
    """`prov ARGS` in process; any exception but click's own escapes and fails the test."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def table_counts(url: str) -> dict[str, int]:
    """Rows in each exported table (none in a database that has no schema yet)."""
    database = Database(url)
    try:
        with database.engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
            return {t.name: conn.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one()
                    for t in exported_tables() if t.name in present}
    finally:
        database.dispose()


@fuzz_settings(0.5)
@given(warc=packed_warc(WARC_SEEDS))
def test_fuzz_ingest_warc(fresh, scratch: Path, warc: tuple[bytes, str]) -> None:
    """A mutated WARC ingests what it can, each document in its own transaction, and fails in one line."""
    path = write(scratch, *warc)
    url = fresh()
    code, output = run("--db", url, "ingest", "--processes", "1", "--format", "json", str(path))
    assert code in (0, 1), output
    assert "Traceback" not in output
    results = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    stored = {r["document_id"] for r in results if r["status"] in ("new", "revised", "unchanged")}
    assert results and code == (0 if stored and all(r["status"] != "failed" for r in results) else 1), output
    assert table_counts(url)["document"] == len(stored), output  # every document reported, none half-written
    outcome(f"ingest exit {code}")
    path.unlink()


@st.composite
def any_export(draw: st.DrawFn, export: bytes) -> bytes:
    if draw(st.integers(0, 3)) == 0:
        return draw(mutated_bytes([export]))
    return draw(mutated_export(export))


@fuzz_settings()
@given(data=st.data())
def test_fuzz_import(fresh, templates: dict[str, Path], scratch: Path, data: st.DataObject) -> None:
    """A mutated export imports whole or not at all: on error one line, exit 1 and an empty database."""
    body = data.draw(any_export(templates["export"].read_bytes()), label="export")
    path = write(scratch, body, ".jsonl")
    url = fresh()
    code, output = run("--db", url, "import", "--processes", "1", str(path))
    assert code in (0, 1), output
    outcome(output.removeprefix(f"Error: {path}: ") if code else "imported")
    if code == 1:
        assert output.startswith(f"Error: {path}"), output
        assert len(output.splitlines()) == 1, output
        assert not any(table_counts(url).values()), f"half-written import: {output}"
    path.unlink()


@fuzz_settings()
@given(body=ratings_csv(RATINGS), scale=st.sampled_from([None, "0-100", "0-1", "label"]))
def test_fuzz_import_ratings(fresh, templates: dict[str, Path], scratch: Path, body: bytes,
                             scale: str | None) -> None:
    """Any ratings file imports its good rows or is refused in one line with the archive unchanged."""
    path = write(scratch, body, ".csv")
    url = fresh("filled")
    before = table_counts(url)
    code, output = run("--db", url, "outlet", "import-ratings", str(path), "--source", "fuzz",
                       *(["--scale", scale] if scale else []))
    assert code in (0, 1), output
    assert "Traceback" not in output
    outcome(output.removeprefix(f"Error: {path}: ") if code else "imported")
    if code == 1:
        assert output.startswith(f"Error: {path}"), output
        assert table_counts(url) == before
    path.unlink()


# --- crashes the fuzzing found, each with its minimal input ------------------------------------------


def test_declared_charset_with_a_nul_is_ignored() -> None:
    """A Content-Type charset holding a NUL (a WARC header can) made str.decode raise ValueError."""
    result = extract(b"<html><body><p>" + b"Valdoria agreed to release more water. " * 5 + b"</p></body></html>",
                     kind="html", charset="utf-8\x00", url=None, source="page.html")
    assert "Valdoria agreed" in result.text and result.encoding == "utf-8"


def test_page_and_markup_addresses_that_do_not_parse() -> None:
    """`http://[::1/x` as the page's URL (a WARC record's), its canonical link or a JSON-LD source raised
    ValueError from urlsplit and stopped the whole batch."""
    page = (b'<html><head><link rel="canonical" href="http://[::1/x">'
            b'<script type="application/ld+json">{"@type": "NewsArticle", "isBasedOn": "http://[::1/y"}</script>'
            b"</head><body><article><p>" + b"Valdoria agreed to release more water, officials said. " * 5 +
            b"</p></article></body></html>")
    result = extract(page, kind="html", charset=None, url="http://[::1/x", source="page.html")
    assert "Valdoria agreed" in result.text
    # The broken tags name no address (kept as evidence about the markup, or dropped).
    broken = [a for a in result.attributions if a.pattern in ("canonical", "isBasedOn")]
    assert all(a.url is None and a.confidence <= 0.2 for a in broken)
    assert [a.name for a in find_attributions("Source: http://[::1/x")] == []


def test_json_ld_nested_thousands_deep_is_skipped() -> None:
    """json.loads raises RecursionError (not ValueError) on arrays nested deeper than the stack."""
    deep = "[" * 100_000 + "]" * 100_000
    page = (f'<html><head><script type="application/ld+json">{deep}</script>'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Dam deal"}</script>'
            "</head><body><p>x</p></body></html>")
    assert read_markup(page).title == "Dam deal"
    assert markup_attributions(page, None) == []


def test_warc_record_without_target_uri(tmp_path: Path) -> None:
    """warcio raised AttributeError on a request or response record with no WARC-Target-URI."""
    path = tmp_path / "cut.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 4\r\n\r\nGET \r\n\r\n")
    items = list(read_warc(path, given="cut.warc", settings=Settings()))
    assert [str(i) for i in items] == [
        "cut.warc: malformed WARC after 0 good records (a request record without a WARC-Target-URI)"]


def test_warc_digest_of_an_algorithm_named_with_a_nul(tmp_path: Path) -> None:
    """hashlib raised TypeError inside warcio for `WARC-Payload-Digest:\\x00 sha1:...`."""
    raw = warc_records(body=MARKUP_PAGE).replace(b"WARC-Payload-Digest: ", b"WARC-Payload-Digest:\x00 ", 1)
    path = tmp_path / "odd.warc"
    path.write_bytes(raw)
    items = list(read_warc(path, given="odd.warc", settings=Settings()))
    assert [str(i) for i in items] == [
        "odd.warc: malformed WARC after 0 good records (a record header that cannot be read)"]


def test_warc_content_length_beyond_any_index(tmp_path: Path, prov) -> None:
    """A Content-Length of 20 digits raised OverflowError inside warcio (a traceback from prov ingest)."""
    raw = warc_records(body=MARKUP_PAGE)
    path = tmp_path / "huge.warc"
    path.write_bytes(re.sub(rb"Content-Length: \d+", b"Content-Length: 99999999999999999999", raw, count=1))
    items = list(read_warc(path, given="huge.warc", settings=Settings()))
    assert [str(i) for i in items] == [
        "huge.warc: malformed WARC after 0 good records (a record's Content-Length is too large)"]
    result = prov("ingest", "--processes", "1", str(path))
    assert result.exit_code == 1 and "huge.warc: malformed WARC after 0 good records" in result.output


def test_warc_target_uri_that_does_not_parse(tmp_path: Path, prov) -> None:
    """A record whose WARC-Target-URI does not parse is kept as a record of the archive, not at that address,
    and the records after it are ingested (it crashed storing the document: its outlet is read from the URL's host)."""
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "odd.warc"
    body = (STORY_TEXT / "01-meridian-origin.txt").read_bytes()
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for uri in ("http://[::1/x", "https://meridian.example/tavira"):
            writer.write_record(writer.create_warc_record(uri, "resource", payload=io.BytesIO(body),
                                                          length=len(body), warc_content_type="text/plain"))
    result = prov("ingest", "--processes", "1", str(path))
    assert result.exit_code == 0, result.output
    # The record that names no valid URL is a record of the archive, never a document at that address.
    urls = sorted(str(d["url"]) for d in prov.json_lines("docs"))
    assert "https://meridian.example/tavira" in urls and not any("[::1" in u for u in urls), urls


@pytest.fixture
def story_export(prov, tmp_path: Path) -> list[str]:
    """The lines of `prov export` of one text copy of the story."""
    assert prov("ingest", "--processes", "1", str(STORY_TEXT / "01-meridian-origin.txt")).exit_code == 0
    path = tmp_path / "one.jsonl"
    assert prov("export", "-o", str(path)).exit_code == 0
    return path.read_text(encoding="utf-8").splitlines()


def row_line(lines: list[str], table: str) -> int:
    return next(i for i, line in enumerate(lines) if json.loads(line).get("table") == table)


def edited(lines: list[str], table: str, change) -> list[str]:  # noqa: ANN001
    i = row_line(lines, table)
    record = json.loads(lines[i])
    change(record["row"])
    return [*lines[:i], json.dumps(record), *lines[i + 1:]]


BROKEN_EXPORTS = {
    "not utf-8": (lambda lines: [lines[0], "\udcfb".join(lines[1:3])],  # a lone byte 0xfb
                  "line 2 is not UTF-8 text"),
    "nested too deep": (lambda lines: [lines[0], "[" * 100_000 + "]" * 100_000],
                        "line 2 is not JSON (nested too deep)"),
    "not an object": (lambda lines: [lines[0], "[1, 2]"], "line 2: not a row of a known table"),
    "header not an object": (lambda lines: ["7", *lines[1:]], "its first line is not the header of a prov export"),
    "table not a string": (lambda lines: [lines[0], '{"table": ["document"], "row": {}}'],
                           "line 2: not a row of a known table"),
    "column missing": (lambda lines: edited(lines, "snapshot", lambda row: row.pop("sha256")),
                       "snapshot.sha256 is missing"),
    "bad base64": (lambda lines: edited(lines, "snapshot", lambda row: row.update(body={"$b64": "abc"})),
                   "snapshot.body: 'abc' is not base64 data"),
    "bad date": (lambda lines: edited(lines, "document", lambda row: row.update(published={"$date": "2026-02-30"})),
                 "document.published: '2026-02-30' is not a date"),
    "date not a string": (lambda lines: edited(lines, "snapshot", lambda row: row.update(fetched_at={"$dt": 7})),
                          "snapshot.fetched_at: '7' is not a date and time"),
    "not null": (lambda lines: edited(lines, "author", lambda row: row.update(key=None)),
                 "author.key is missing"),
    "number too big": (lambda lines: edited(lines, "document", lambda row: row.update(id=2**70)),
                       "document.id is out of range"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_EXPORTS))
def test_import_of_a_broken_export_is_one_line_and_writes_nothing(case: str, story_export: list[str],
                                                                  another_db_url, tmp_path: Path) -> None:
    """Each crashed `prov import` with a traceback (UnicodeDecodeError, RecursionError, AttributeError,
    TypeError, binascii.Error, ValueError, InvalidRequestError, IntegrityError, OverflowError)."""
    make, reason = BROKEN_EXPORTS[case]
    path = tmp_path / "broken.jsonl"
    path.write_bytes("\n".join(make(story_export)).encode("utf-8", "surrogateescape") + b"\n")
    target = another_db_url()
    result = CliRunner().invoke(cli, ["--db", target, "import", "--processes", "1", str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {path}: ") and reason in result.output, result.output
    assert len(result.output.splitlines()) == 1
    assert not any(table_counts(target).values())


def test_ratings_header_ending_in_a_line_break_of_another_kind(prov, tmp_path: Path) -> None:
    """Found by test_fuzz_import_ratings: a header line ended by '\\r' and a vertical tab stopped the
    separator guess with csv.Error ('new-line character seen in unquoted field')."""
    path = tmp_path / "odd.csv"
    path.write_bytes(b"domain,domain,domain\r\x0b")
    result = prov("outlet", "import-ratings", str(path), "--source", "fuzz")
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {path}: ") and len(result.output.splitlines()) == 1, result.output


def test_export_row_whose_table_is_not_a_name(prov, story_export: list[str], another_db_url,
                                              tmp_path: Path) -> None:
    """Found merging the fuzz cases with the import checks: a table given as a list raised TypeError."""
    path = tmp_path / "odd.jsonl"
    path.write_text("\n".join([story_export[0], '{"table": {"a": 1}, "row": {}}']) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", another_db_url(), "import", str(path)], catch_exceptions=False)
    assert result.exit_code == 1 and "line 2: not a row of a known table" in result.output, result.output
