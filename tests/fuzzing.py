"""Hypothesis settings and strategies for tests/test_fuzz.py: valid inputs, then mutated.

PROV_FUZZ selects the run: `ci` (the default, in `make test`: few examples, derandomized,
so every run tries the same inputs and a failure reproduces) or `long` (`make fuzz`:
thousands of random examples; failures are kept in .hypothesis/ and tried first next time).
PROV_FUZZ_EXAMPLES overrides the number of examples per test.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

ROOT = Path(__file__).resolve().parents[1]
PROFILE = os.environ.get("PROV_FUZZ", "ci")

_quiet = list(HealthCheck)  # inputs are big and slow to parse by design: no health check applies
settings.register_profile("ci", max_examples=25, derandomize=True, database=None, deadline=None,
                          suppress_health_check=_quiet, print_blob=True)
settings.register_profile("long", max_examples=2000, derandomize=False, deadline=None,
                          database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis")),
                          suppress_health_check=_quiet, print_blob=True)
if PROFILE not in ("ci", "long"):
    raise SystemExit(f"PROV_FUZZ={PROFILE!r}: use ci or long")


def fuzz_settings(weight: float = 1.0) -> settings:
    """The selected profile; WEIGHT scales the examples of a test (below 1 for slow ones)."""
    base = settings.get_profile(PROFILE)
    wanted = int(os.environ.get("PROV_FUZZ_EXAMPLES", base.max_examples))
    return settings(base, max_examples=max(1, round(wanted * weight)))


# Pieces an attacker or a broken tool puts into documents: controls, terminal escapes, entities of
# control characters and of nothing, bad UTF-8, byte-order marks, markup and JSON openers that
# nest deep, numbers too big for any type, URLs that do not parse, charsets that do not exist.
TOKENS: list[bytes] = [
    b"\x00", b"\x00" * 64, b"\x01\x02\x7f", b"\r", b"\r\n\r\n", b"\x1b[2J", b"\x1b]52;c;aGk=\x07",
    b"\x1b]8;;http://x/\x1b\\", b"\x1b]0;", "\u2028\u202e\ufeff".encode(),
    b"&#27;", b"&#1;", b"&#0;", b"&#xD800;", b"&#x110000;", b"&#99999999999999999999;", b"&amp;#27;",
    b"\xed\xa0\x80", b"\xc0\x80", b"\xff", b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf", b"\x80\x81",
    b"<![CDATA[", b"<!--", b"-->", b"<?xml version='1.0' encoding='ebcdic'?>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b'<script type="application/ld+json">', b"</script>", b"<html>", b"</body>", b"<p>" * 50,
    b"<div>" * 3000, b"[" * 5000, b'{"a":' * 3000, b'{"@type":"NewsArticle","headline":',
    b'"isBasedOn":', b'"datePublished":"99999-01-01"', b'"author":[[[[', b"9" * 400, b"1e999", b"-1",
    b"-0", b"NaN", b"Infinity", b"null", b"true", b"0x10", b"http://[::1/x", b"http://h:99999/x",
    b"https://www.reuters.com@evil.example/x", b"javascript:alert(1)", b"file:///etc/passwd", b"//",
    b"\xe9t\xe9", b'<meta charset="utf-16">', b'<meta charset="x-bogus">', b'<meta charset="utf-7">',
    b'<meta http-equiv="content-type" content="text/html; charset=shift_jis">',
    b"By ", b"(Reuters) - ", b'"Yes," she said.', b"Published 31 February 2026", b"According to ",
]
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "shift_jis", "gb18030",
             "koi8-r", "utf-7", "cp037"]
OPS = ["truncate", "flip", "insert", "delete", "duplicate", "token", "reencode"]


@st.composite
def mutated_bytes(draw: st.DrawFn, seeds: list[bytes], *, max_ops: int = 5) -> bytes:
    """One of SEEDS with a few mutations: cut, flipped bytes, inserted controls and tokens, a range
    deleted or repeated, the whole re-encoded."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, max_ops))):
        op = draw(st.sampled_from(OPS))
        at = draw(st.integers(0, len(data)))
        if op == "truncate":
            del data[at:]
        elif op == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 512))]
        elif op == "duplicate":
            piece = data[at:at + draw(st.integers(1, 2048))]
            data[at:at] = piece * draw(st.integers(1, 20))
        elif op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "reencode":
            encoding = draw(st.sampled_from(ENCODINGS))
            data = bytearray(bytes(data).decode("utf-8", "replace").encode(encoding, "replace"))
            if draw(st.booleans()):
                data[0:0] = draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]))
    return bytes(data)


# Values a row of an export can be given instead of its own: wrong types, huge and negative numbers,
# bad tags, deep nesting, references to nothing.
ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.sampled_from([0, -1, 2**31, 2**63, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(["", "\x00", "\x1b]52;c;aGk=\x07", "9999-99-99", "2026-13-45T25:61:00", "zlib", "gzip",
                     "javascript:alert(1)", "file:///etc/passwd", "http://[::1/x"]),
    st.sampled_from([{"$b64": "!!not base64"}, {"$b64": "eJw="}, {"$b64": 7}, {"$dt": "yesterday"},
                     {"$dt": 12}, {"$date": "2026-02-30"}, {"$date": None}, {"$x": 1}, {}, [], [[[]]]]),
    st.builds(lambda n: json.loads("[" * n + "]" * n), st.integers(50, 900)),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
LINE_OPS = ["value", "drop_key", "add_key", "drop_line", "duplicate_line", "swap", "table", "bytes", "cut"]


@st.composite
def mutated_export(draw: st.DrawFn, export: bytes) -> bytes:
    """A `prov export` (jsonl) with its structure kept and its content changed: a row's value replaced,
    a key dropped or added, lines dropped, repeated, swapped or cut, a table renamed, bytes flipped."""
    lines = export.decode("utf-8").splitlines()
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(LINE_OPS))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            break
        try:
            record = json.loads(lines[i])
        except ValueError:
            record = None
        row = record.get("row") if isinstance(record, dict) else None
        if op in ("value", "drop_key", "add_key") and isinstance(row, dict) and row:
            key = draw(st.sampled_from(sorted(row)))
            if op == "value":
                row[key] = draw(ODD_VALUES)
            elif op == "drop_key":
                del row[key]
            else:
                row[draw(st.sampled_from(["x", "id", "document_id", "sha256", "\x00"]))] = draw(ODD_VALUES)
            lines[i] = json.dumps(record, ensure_ascii=draw(st.booleans()))
        elif op == "drop_line":
            del lines[i]
        elif op == "duplicate_line":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "table" and isinstance(record, dict):
            record["table" if "table" in record else "type"] = draw(st.sampled_from(
                ["document", "snapshot", "outlet", "reuse_posting", "alembic_version", "sqlite_master", "x", 1]))
            lines[i] = json.dumps(record)
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            lines[i] = draw(mutated_bytes([lines[i].encode("utf-8", "surrogateescape")], max_ops=2)).decode(
                "utf-8", "surrogateescape")
    return "\n".join(lines).encode("utf-8", "surrogateescape") + b"\n"


def warc_records(*, uri: str = "https://meridian.example/tavira", body: bytes) -> bytes:
    """A small WARC written with warcio: a request, a response, a resource, metadata and a revisit."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    request = StatusAndHeaders("GET /tavira HTTP/1.1", [("Host", "meridian.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("X-Odd", "\u00e9")],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                                  http_headers=http))
    text = b"Tavira Dam\n\nBy Ana Ferreira\n\nValdoria agreed to release 40 percent more water, officials said.\n"
    writer.write_record(writer.create_warc_record("https://meridian.example/notes.txt", "resource",
                                                  payload=io.BytesIO(text), length=len(text),
                                                  warc_content_type="text/plain; charset=utf-8"))
    writer.write_record(writer.create_warc_record(uri, "metadata", payload=io.BytesIO(b"via: fuzz\n"),
                                                  length=10, warc_content_type="application/warc-fields"))
    writer.write_record(writer.create_revisit_record(uri, digest="sha1:AAAA", refers_to_uri=uri,
                                                     refers_to_date="2026-11-01T00:00:00Z"))
    return out.getvalue()


def gunzip_members(data: bytes) -> bytes:
    """The WARC inside a .warc.gz (each record its own gzip member)."""
    return gzip.decompress(data)


def gzip_records(raw: bytes) -> bytes:
    """Each record its own gzip member, as .warc.gz files are written (cut where a record starts)."""
    pieces = [p for p in re.split(rb"(?=WARC/1\.[01]\r\n)", raw) if p]
    return b"".join(gzip.compress(piece, 1) for piece in pieces)


WARC_HEADER_VALUES = {
    b"Content-Length": [b"-1", b"0", b"1", b"99999999999999999999", b"abc", b"", b" 12", b"1e3", b"0x10"],
    b"WARC-Target-URI": [b"file:///etc/passwd", b"http://[::1/x", b"http://h:99999/x", b"", b"dns:meridian.example",
                         b"javascript:alert(1)", b"<https://meridian.example/tavira>", b"https://a@b.example/x",
                         b"https://meridian.example/\x1b]52;c;aGk=\x07", b"relative/path"],
    b"WARC-Date": [b"", b"yesterday", b"9999-12-31T23:59:59Z", b"0001-01-01T00:00:00Z", b"2026-02-30T00:00:00Z",
                   b"2026-11-01T00:00:00+99:00", b"2026-11-01"],
    b"Content-Type": [b"text/html; charset=x-bogus", b"text/html; charset=utf-16", b"text/plain; charset=\x00",
                      b"application/octet-stream", b"text/html;;;", b"", b"application/http; msgtype=response"],
    b"WARC-Type": [b"resource", b"response", b"revisit", b"conversion", b"continuation", b"warcinfo", b"", b"x"],
    b"WARC-Payload-Digest": [b"sha1:", b":", b"md5:AAAA", b"sha256:ZZZZ", b"nothing", b"\x00 sha1:AAAA"],
    b"WARC-Block-Digest": [b"sha1:", b"md5:AAAA", b"nothing"],
}


@st.composite
def mutated_warc(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A WARC with its records kept and their headers changed: a value replaced (lengths, URIs, dates,
    types, digests), a header dropped or repeated, digests removed so that changed bodies get read;
    then perhaps a few bytes mutated."""
    records = [r for r in re.split(rb"(?=WARC/1\.[01]\r\n)", draw(st.sampled_from(seeds))) if r]
    strip_digests = draw(st.booleans())
    out = []
    for record in records:
        head, sep, rest = record.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        if strip_digests:
            lines = [line for line in lines if not line.startswith((b"WARC-Payload-Digest", b"WARC-Block-Digest"))]
        for _ in range(draw(st.integers(0, 2))):
            name = draw(st.sampled_from(sorted(WARC_HEADER_VALUES)))
            value = draw(st.sampled_from(WARC_HEADER_VALUES[name]))
            lines = [line for line in lines if not line.startswith(name + b":")] if draw(st.booleans()) else lines
            if draw(st.integers(0, 4)):
                lines.append(name + b": " + value)
        if strip_digests and draw(st.integers(0, 3)) == 0:
            rest = draw(mutated_bytes([rest], max_ops=2))
        out.append(b"\r\n".join(lines) + sep + rest)
    raw = b"".join(out)
    return draw(mutated_bytes([raw], max_ops=1)) if draw(st.booleans()) else raw


@st.composite
def packed_warc(draw: st.DrawFn, seeds: list[bytes]) -> tuple[bytes, str]:
    """(file bytes, suffix): a mutated WARC stored plain, each record gzip-compressed (then perhaps mutated),
    or compressed as one stream (which warcio refuses)."""
    raw = draw(mutated_warc(seeds)) if draw(st.booleans()) else draw(mutated_bytes(seeds))
    how = draw(st.sampled_from(["plain", "members", "members-then-mutate", "one-stream"]))
    if how == "plain":
        return raw, ".warc"
    if how == "one-stream":
        return gzip.compress(raw, 1), ".warc.gz"
    packed = gzip_records(raw)
    if how == "members-then-mutate":
        packed = draw(mutated_bytes([packed], max_ops=2))
    return packed, ".warc.gz"


RATING_HEADERS = ["domain", "score", "site", "rating", "url", "pc1", "name", "reliability", "note", "", "\x00",
                  "Domain ", "SCORE"]
RATING_CELLS = st.one_of(
    st.sampled_from(["meridian.example", "kestrel.example", "reuters.com", "www.bbc.co.uk", "Dispatch Forum",
                     "xn--bcher-kva.example", "b\u00fccher.example", "http://[::1/x", "https://a@b.example/x",
                     "..", ".", "-", "a" * 300, "localhost", "127.0.0.1", "\x1b]52;c;aGk=\x07",
                     "0.8", "80", "0,8", "1e309", "-0", "nan", "inf", "-inf", "1" * 400, "", " ", "high", "mixed",
                     "=cmd()", '"', "\n"]),
    st.text(max_size=20), st.floats(allow_nan=True).map(repr), st.integers().map(str))


@st.composite
def ratings_csv(draw: st.DrawFn, seed: bytes) -> bytes:
    """A ratings file: the valid SEED mutated, or a fresh CSV of odd headers and cells, in some
    delimiter and encoding, then mutated."""
    if draw(st.booleans()):
        return draw(mutated_bytes([seed]))
    header = draw(st.lists(st.sampled_from(RATING_HEADERS), min_size=1, max_size=5))
    rows = draw(st.lists(st.lists(RATING_CELLS, max_size=6), max_size=12))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])))
    writer.writerow(header)
    writer.writerows(rows)
    encoded = buffer.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])),
                                       "replace")
    return draw(mutated_bytes([encoded], max_ops=2))
