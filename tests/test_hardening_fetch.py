"""Issue 18, fetching and WARC reading: DNS rebinding, URL user info, malformed URLs,
forged WARC evidence, cut WARC files. HTTP through real servers on 127.0.0.1."""

from __future__ import annotations

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
