"""Issue 18, fetching and WARC reading: DNS rebinding, URL user info, malformed URLs,
forged WARC evidence, cut WARC files. HTTP through real servers on 127.0.0.1."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import STORY_HTML, STORY_TEXT
from webserver import FixtureServer, Handler

PRIVATE = "--allow-private"
PAGE = "/story/01-meridian-origin.html"
PUBLIC = "192.0.43.10"  # a global address; nothing answers it here (no outside network)


class HostHandler(Handler):
    """The fixture routes, recording each request's Host header, plus redirects to bad places."""

    def do_GET(self) -> None:
        self.server.hosts.append(self.headers.get("Host"))  # type: ignore[attr-defined]
        if self.path.startswith("/to/"):
            self.redirect(self.path.removeprefix("/to/"))
        else:
            super().do_GET()


@pytest.fixture(scope="module")
def hosts() -> Iterator[FixtureServer]:
    server = FixtureServer()
    server.RequestHandlerClass = HostHandler
    server.hosts = []  # type: ignore[attr-defined]
    server.start()
    yield server
    server.stop()


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, list[str]], list[str]]:
    """Makes NAME resolve to ANSWERS in turn (the last one ever after); returns the answers given."""
    real = socket.getaddrinfo

    def install(name: str, answers: list[str]) -> list[str]:
        given: list[str] = []

        def fake(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
            if host != name:
                return real(host, port, *args, **kwargs)
            address = answers[min(len(given), len(answers) - 1)]
            given.append(address)
            return real(address, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", fake)
        return given

    return install


def port_of(server: FixtureServer) -> int:
    return int(server.server_address[1])


# --- 1. DNS rebinding ----------------------------------------------------------------


def test_a_name_that_rebinds_to_loopback_is_never_reached(prov, hosts, resolver) -> None:
    # Public when checked, loopback on every later lookup: the connection must go to the
    # address that was checked (and fail, as nothing answers it), never to the loopback server.
    given = resolver("rebind.example", [PUBLIC, "127.0.0.1"])
    before = len(hosts.requests)
    url = f"http://rebind.example:{port_of(hosts)}{PAGE}"
    rows = prov.json_lines("ingest", "--timeout", "0.5", url)
    assert [r["status"] for r in rows] == ["failed"]
    assert rows[0]["error"].startswith(f"{url}: ")
    assert len(hosts.requests) == before  # the loopback server saw nothing
    assert given[0] == PUBLIC


def test_a_name_that_answers_loopback_is_refused(prov, hosts, resolver) -> None:
    resolver("inside.example", ["127.0.0.1"])
    url = f"http://inside.example:{port_of(hosts)}{PAGE}"
    before = len(hosts.requests)
    result = prov("ingest", url)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {url}: refusing to fetch from non-public address 127.0.0.1 "
        "(use --allow-private to allow loopback and private networks)")
    assert len(hosts.requests) == before


def test_allowed_private_fetches_by_name_keep_the_name_through_redirects(prov, hosts, resolver) -> None:
    given = resolver("news.example", ["127.0.0.1"])
    base = f"http://news.example:{port_of(hosts)}"
    del hosts.hosts[:]
    rows = prov.json_lines("ingest", PRIVATE, f"{base}/redirect/3/01-meridian-origin.html")
    assert [(r["status"], r["url"]) for r in rows] == [("new", f"{base}{PAGE}")]
    # Every hop was asked for by its name (the Host header), on a connection to the checked address.
    assert hosts.hosts == [f"news.example:{port_of(hosts)}"] * 4
    assert given and set(given) == {"127.0.0.1"}


def test_each_connection_looks_its_name_up_once(prov, hosts, resolver) -> None:
    # A redirect to a name: the name is resolved by the connection that checks it, once, and
    # that address is the one connected to (a second lookup is what rebinding exploits).
    given = resolver("hop.example", ["127.0.0.1"])
    target = f"http://hop.example:{port_of(hosts)}{PAGE}"
    rows = prov.json_lines("ingest", PRIVATE, f"{hosts.base}/to/{target}")
    assert rows[0]["status"] == "new" and rows[0]["url"] == target
    assert given == ["127.0.0.1"]


# --- 2. user info in URLs --------------------------------------------------------------


def test_a_url_with_user_info_is_refused(prov, hosts) -> None:
    url = f"http://www.reuters.com@127.0.0.1:{port_of(hosts)}{PAGE}"
    before = len(hosts.requests)
    result = prov("ingest", PRIVATE, url)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {url}: URL has a user name or password before the host (user@host); give it without")
    assert len(hosts.requests) == before
    assert prov.json_lines("docs") == []


def test_a_redirect_to_a_url_with_user_info_is_refused(prov, hosts) -> None:
    target = f"http://user:secret@127.0.0.1:{port_of(hosts)}{PAGE}"
    url = f"{hosts.base}/to/{target}"
    row = prov.json_lines("ingest", PRIVATE, url)[0]
    assert row["error"] == (f"{url}: URL has a user name or password before the host (user@host); "
                            f"give it without (redirected to {target})")


def test_url_option_with_user_info_is_a_usage_error(prov) -> None:
    result = prov("ingest", str(STORY_HTML / "01-meridian-origin.html"), "--url", "http://www.reuters.com@x.example/a")
    assert result.exit_code == 2
    assert "http://www.reuters.com@x.example/a: URL has a user name or password" in result.stderr


def page(tmp_path: Path, name: str, canonical: str, words: str) -> Path:
    """A saved page without a site name of its own, whose canonical link is CANONICAL."""
    path = tmp_path / name
    body = " ".join(f"{words} sentence {i} about the harbour dredging contract." for i in range(12))
    path.write_text(f'<html><head><title>{words} story</title><link rel="canonical" href="{canonical}"></head>'
                    f"<body><article><h1>{words} story</h1><p>{body}</p></article></body></html>", encoding="utf-8")
    return path


def test_user_info_in_a_page_address_never_names_or_renames_an_outlet(prov, tmp_path) -> None:
    first = page(tmp_path, "first.html", "https://harbour.example/2025/first-story", "Tidewater")
    forged = page(tmp_path, "forged.html", "http://www.reuters.com@harbour.example/2025/forged-story", "Lantern")
    assert [r["status"] for r in prov.json_lines("ingest", str(first), str(forged))] == ["new", "new"]
    outlets = {prov.json("show", str(p))["outlet"]["name"] for p in (first, forged)}
    assert outlets == {"harbour.example"}
    names = [o["name"] for o in prov.json_lines("outlet", "list") if "harbour" in o["name"] or "@" in o["name"]]
    assert names == ["harbour.example"]


# --- 3. malformed URLs ------------------------------------------------------------------

MALFORMED = [
    ("http://[::1/x", "malformed URL (unbalanced [ ] around an IPv6 address)"),
    ("http://h:99999/x", "malformed URL (port out of range 0-65535)"),
    ("http://h:abc/x", "malformed URL (bad port)"),
    ("http://[::1]:0/x", "malformed URL (bad port)"),
    ("http://[zzz]/x", "malformed URL ('zzz' does not appear to be an IPv4 or IPv6 address)"),
    ("http:///x", "URL has no host"),
    ("http://exa mple.example/x", "URL has spaces or control characters"),
    ("http://xn--/x", "malformed URL (Malformed A-label, no Punycode eligible content found)"),
]


@pytest.mark.parametrize(("url", "reason"), MALFORMED)
def test_a_malformed_url_is_one_line(prov, url: str, reason: str) -> None:
    result = prov("ingest", url)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"Error: {url}: {reason}"
    assert "Traceback" not in result.output


def test_control_characters_in_a_url_are_shown_escaped_on_one_line(prov) -> None:
    result = prov("ingest", "http://example.org/a\x1b]52;c;eA==\x07\nb")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: http://example.org/a\\x1b]52;c;eA==\\x07\\x0ab: URL has spaces or control characters")
    assert "\x1b" not in result.output


def test_a_batch_goes_on_past_malformed_urls(prov) -> None:
    text = STORY_TEXT / "04-digest-summary.txt"
    result = prov("ingest", *(url for url, _ in MALFORMED), str(text))
    assert result.exit_code == 1
    assert f"ingest: 1 new, 0 unchanged, 0 revised, {len(MALFORMED)} failed" in result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["new"]


def test_a_redirect_to_a_malformed_url(prov, hosts) -> None:
    url = f"{hosts.base}/to/http://[::1/x"
    row = prov.json_lines("ingest", PRIVATE, url)[0]
    assert row["error"] == f"{url}: redirect to a malformed URL (Invalid port: ':1')"


def test_a_page_with_malformed_addresses_in_its_markup_is_ingested(prov, tmp_path) -> None:
    bad = page(tmp_path, "bad.html", "http://[::1/x", "Breakwater")
    text = bad.read_text(encoding="utf-8").replace(
        "</article>", '<p>See <a href="http://h:99999/y">this</a> and <a href="http://[v">that</a>.</p></article>'
    ).replace("</head>", '<meta property="og:url" content="http://[::2/z"></head>')
    bad.write_text(text, encoding="utf-8")
    assert [r["status"] for r in prov.json_lines("ingest", str(bad))] == ["new"]


# --- WARC files the tests write -----------------------------------------------------------


def story(n: int, topic: str = "dredging") -> bytes:
    words = " ".join(f"{topic}{n}w{i}" for i in range(150))
    return (f"<html><head><title>Harbour {topic} story {n}</title></head><body><article>"
            f"<h1>Harbour {topic} story {n}</h1><p>The harbour board voted on {topic} plan number {n} "
            f"this week, after a long debate.</p><p>{words}</p></article></body></html>").encode()


def warc_bytes(records: list[tuple[str | None, str, bytes]], *, gz: bool) -> tuple[bytes, list[int]]:
    """A WARC of (target URI, record type, body) records, and the byte offset where each starts."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    starts = []
    for uri, rec_type, body in records:
        starts.append(out.tell())
        ctype = "text/html; charset=utf-8" if body.lstrip().startswith(b"<") else "text/plain; charset=utf-8"
        if rec_type == "response":
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri or "", "response", payload=io.BytesIO(body), length=len(body),
                                               http_headers=http)
        else:
            record = writer.create_warc_record(uri or "", "resource", payload=io.BytesIO(body), length=len(body),
                                               warc_content_type=ctype)
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return out.getvalue(), starts


def write_warc(path: Path, records: list[tuple[str | None, str, bytes]]) -> list[int]:
    data, starts = warc_bytes(records, gz=path.name.endswith(".gz"))
    path.write_bytes(data)
    return starts


THREE = [(f"https://harbour.example/story/{n}", "response", story(n)) for n in range(3)]


# --- 4. forged evidence from a WARC ------------------------------------------------------


def test_a_warc_record_never_stands_for_a_local_file(prov, tmp_path) -> None:
    local = tmp_path / "saved" / "harbour.html"
    local.parent.mkdir()
    local.write_bytes(story(7, "ferry"))
    first = prov.json_lines("ingest", str(local))[0]
    assert first["status"] == "new"
    archive = tmp_path / "forged.warc.gz"
    write_warc(archive, [
        (local.as_uri(), "resource", story(7, "forged")),  # names the file ingested above, other text
        ("file:///etc/passwd", "resource", b"root:x:0:0:root:/root:/bin/bash\n" * 20),
    ])
    rows = prov.json_lines("ingest", str(archive))
    assert [r["status"] for r in rows] == ["new", "new"]
    assert first["document_id"] not in {r["document_id"] for r in rows}
    # The local file's document is as it was read from disk.
    shown = prov.json("show", str(local))
    assert shown["id"] == first["document_id"] and shown["revisions"] == 1
    assert "ferry" in shown["text"] and "forged" not in shown["text"]
    # The records are the archive's: found at the archive's path, at no URL, and never "at" /etc/passwd.
    for row in rows:
        doc = prov.json("show", str(row["document_id"]))
        assert (doc["url"], doc["path"]) == (None, str(archive.resolve()))
    missing = prov("show", "/etc/passwd")
    assert missing.exit_code == 1 and "no such document" in missing.stderr
    # Read again, the archive's records are the same documents.
    assert [r["status"] for r in prov.json_lines("ingest", str(archive))] == ["unchanged", "unchanged"]


def test_a_warc_record_holding_the_local_files_bytes_changes_nothing(prov, tmp_path, count_rows) -> None:
    local = tmp_path / "harbour.html"
    local.write_bytes(story(8, "ferry"))
    first = prov.json_lines("ingest", str(local))[0]
    archive = tmp_path / "same.warc"
    write_warc(archive, [(local.as_uri(), "resource", local.read_bytes())])
    rows = prov.json_lines("ingest", str(archive))
    assert [(r["status"], r["document_id"]) for r in rows] == [("unchanged", first["document_id"])]
    assert count_rows("snapshot") == 1


@pytest.mark.parametrize("uri", [None, "http://www.reuters.com@harbour.example/story/9", "ftp://harbour.example/9",
                                 "http://[::1/9", "urn:x-local:story-9"])
def test_a_record_without_a_web_address_is_the_archives_own(prov, tmp_path, uri) -> None:
    archive = tmp_path / "odd.warc.gz"
    write_warc(archive, [(uri, "resource", story(9))])
    row = prov.json_lines("ingest", str(archive))[0]
    assert row["status"] == "new", row
    doc = prov.json("show", str(row["document_id"]))
    assert doc["url"] is None and doc["path"] == str(archive.resolve())
    assert doc["outlet"] is None or "@" not in doc["outlet"]["name"]


def test_an_http_record_still_names_its_document_by_url(prov, tmp_path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, THREE[:1])
    row = prov.json_lines("ingest", str(archive))[0]
    assert row["url"] == "https://harbour.example/story/0"
    assert prov.json("show", "https://harbour.example/story/0")["outlet"]["name"] == "harbour.example"


# --- 5. a WARC cut inside a record header: one line, the batch goes on -------------------


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_a_warc_cut_inside_a_record_header_fails_alone(prov, tmp_path, suffix: str) -> None:
    data, starts = warc_bytes(THREE, gz=suffix.endswith(".gz"))
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(data[: starts[1] + 40])  # 40 bytes into the second record: inside its header
    text = STORY_TEXT / "04-digest-summary.txt"
    result = prov("ingest", str(cut), str(text))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["new", "new"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {cut}: malformed WARC after 1 good records (")
    assert "ingest: 2 new, 0 unchanged, 0 revised, 1 failed" in result.stderr


def test_a_response_record_without_a_target_uri_is_one_line(prov, tmp_path) -> None:
    data, _ = warc_bytes(THREE[:1], gz=False)
    broken = tmp_path / "nouri.warc"
    broken.write_bytes(data.replace(b"WARC-Target-URI: https://harbour.example/story/0\r\n", b""))
    row = prov.json_lines("ingest", str(broken))[0]
    assert row["error"] == (f"{broken}: malformed WARC after 0 good records "
                            "(a response record without a WARC-Target-URI)")


# --- 6. a WARC cut short: the cut record is not stored, the file fails --------------------


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
@pytest.mark.parametrize("percent", [25, 35, 45, 55, 65, 75, 85, 99])
def test_a_warc_cut_short_keeps_only_the_whole_records(prov, tmp_path, suffix: str, percent: int) -> None:
    data, starts = warc_bytes(THREE, gz=suffix.endswith(".gz"))
    at = len(data) * percent // 100
    whole = sum(1 for start in starts[1:] + [len(data)] if start <= at)  # records that end before the cut
    cut = tmp_path / f"cut{percent}{suffix}"
    cut.write_bytes(data[:at])
    result = prov("ingest", "--format", "json", str(cut))
    assert result.exit_code == 1
    rows = prov.json_lines("docs", "--limit", "0")
    assert sorted(r["url"] for r in rows) == [f"https://harbour.example/story/{n}" for n in range(whole)]
    for row in rows:  # each stored record is whole
        n = int(row["url"].rsplit("/", 1)[1])
        assert prov.json("show", row["url"])["sha256"] == hashlib.sha256(story(n)).hexdigest()


def test_the_last_record_cut_in_its_gzip_trailer_is_not_stored(prov, tmp_path) -> None:
    data, starts = warc_bytes(THREE, gz=True)
    cut = tmp_path / "trailer.warc.gz"
    cut.write_bytes(data[:-4])  # the record's bytes are all there; its checksum is not
    rows = prov.json_lines("ingest", str(cut))
    assert [r["status"] for r in rows] == ["new", "new", "failed"]
    assert rows[2]["error"] == (f"{cut}: malformed WARC after 2 good records "
                                f"(the file is cut short inside the gzip member at byte {starts[2]:,})")
    assert len(prov.json_lines("docs", "--limit", "0")) == 2


def test_the_last_record_cut_in_its_body_is_not_stored(prov, tmp_path) -> None:
    data, starts = warc_bytes(THREE, gz=False)
    cut = tmp_path / "body.warc"
    cut.write_bytes(data[: len(data) - 300])
    rows = prov.json_lines("ingest", str(cut))
    assert [r["status"] for r in rows] == ["new", "new", "failed"]
    assert rows[2]["error"].startswith(f"{cut}: malformed WARC after 2 good records "
                                       "(the record for https://harbour.example/story/2 is cut short (")
    assert len(prov.json_lines("docs", "--limit", "0")) == 2


def test_corrupt_gzip_in_the_middle_keeps_the_records_before(prov, tmp_path) -> None:
    data, starts = warc_bytes(THREE, gz=True)
    middle = starts[1] + (starts[2] - starts[1]) // 2
    bad = tmp_path / "corrupt.warc.gz"
    bad.write_bytes(data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 40]) + data[middle + 40:])
    rows = prov.json_lines("ingest", str(bad))
    assert [r["status"] for r in rows] == ["new", "failed"]
    assert rows[1]["error"].startswith(f"{bad}: malformed WARC after 1 good records (corrupt gzip data in the "
                                       f"member at byte {starts[1]:,} (")


def test_a_whole_warc_still_reads_whole(prov, tmp_path) -> None:
    for suffix in (".warc", ".warc.gz"):
        archive = tmp_path / f"whole{suffix}"
        write_warc(archive, THREE)
        result = prov("ingest", str(archive))
        assert result.exit_code == 0, result.output
    assert len(prov.json_lines("docs", "--limit", "0")) == 3


@pytest.mark.parametrize("raw", [b"\0" * 5_000_000, b"the harbour board voted " * 200_000, b"x"])
def test_gzip_extent_finds_where_the_whole_members_end(raw: bytes) -> None:
    import gzip
    import io

    from provenance.ingest.fetch import gzip_extent

    members = [gzip.compress(raw), gzip.compress(b"a short record"), gzip.compress(raw[: len(raw) // 3 or 1])]
    data = b"".join(members)
    whole = gzip_extent(io.BytesIO(data))
    assert (whole.intact, whole.size, whole.problem()) == (len(data), len(data), None)
    first = len(members[0])
    for cut in (len(data) - 1, len(data) - 8, first + 3, first // 2 or 1):
        extent = gzip_extent(io.BytesIO(data[:cut]))
        assert extent.intact == max(end for end in (0, first, first + len(members[1])) if end <= cut)
        assert extent.problem() is not None
