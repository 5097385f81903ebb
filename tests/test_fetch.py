"""URL ingestion through the real HTTP path, against a server on 127.0.0.1."""

from __future__ import annotations

import pytest

PRIVATE = "--allow-private"  # the test server is on loopback, refused by default


def one(prov, *args: str) -> dict:
    rows = prov.json_lines("ingest", PRIVATE, *args)
    assert len(rows) == 1, rows
    return rows[0]


def test_a_page_is_fetched_with_its_evidence(prov, web) -> None:
    url = web.url("/story/02-kestrel-rewrite.html")
    row = one(prov, url)
    assert row == {"input": url, "status": "new", "document_id": row["document_id"], "url": url, "error": None}
    shown = prov.json("show", url)
    assert shown["title"].startswith("Ostmark hopeful on water deal")
    assert shown["outlet"]["name"] == "Kestrel News Agency"
    assert shown["canonical_url"] == "https://kestrelnews.example/en/2025/06/12/ostmark-valdoria-water-deal-analysis/"
    detail = prov("show", url).stdout
    assert "http HTTP 200" in detail and f"sha256:{shown['sha256']}" in detail


def test_the_user_agent_names_the_tool(prov, web) -> None:
    from provenance.ingest.fetch import USER_AGENT

    assert USER_AGENT.startswith("provenance/")


def test_redirects_are_followed_and_the_final_url_kept(prov, web) -> None:
    row = one(prov, web.url("/redirect/3/01-meridian-origin.html"))
    assert row["status"] == "new" and row["url"] == web.url("/story/01-meridian-origin.html")


def test_too_many_redirects(prov, web) -> None:
    url = web.url("/redirect/11/01-meridian-origin.html")
    assert one(prov, url)["error"] == f"{url}: too many redirects (more than 10)"


def test_a_redirect_loop(prov, web) -> None:
    url = web.url("/loop/a")
    assert one(prov, url)["error"] == f"{url}: redirect loop ({web.url('/loop/b')} -> {url})"


def test_a_redirect_to_another_scheme(prov, web) -> None:
    url = web.url("/to-ftp")
    assert one(prov, url)["error"] == f"{url}: only http and https URLs (redirected to ftp://127.0.0.1/file.html)"


@pytest.mark.parametrize(("code", "reason"), [(404, "Not Found"), (500, "Internal Server Error")])
def test_http_errors(prov, web, code: int, reason: str) -> None:
    url = web.url(f"/status/{code}")
    row = one(prov, url)
    assert (row["status"], row["error"]) == ("failed", f"{url}: HTTP {code} {reason}")


def test_a_slow_reply_times_out(prov, web) -> None:
    url = web.url("/slow")
    assert one(prov, "--timeout", "0.5", url)["error"] == f"{url}: timed out after 0.5 s waiting for the reply"


def test_a_dripping_reply_hits_the_overall_deadline(prov, web) -> None:
    url = web.url("/drip")
    error = one(prov, "--timeout", "0.2", url)["error"]
    assert error.startswith(f"{url}: reply took longer than") or "timed out" in error


def test_an_oversized_body_is_refused(prov, web) -> None:
    url = web.url("/big")
    assert one(prov, "--max-bytes", "1000000", url)["error"] == f"{url}: body is 2.0 MB, over the 1,000,000 bytes limit"


def test_a_binary_content_type_is_refused(prov, web) -> None:
    url = web.url("/image.png")
    assert one(prov, url)["error"] == f"{url}: unsupported content type image/png (only HTML and text)"


def test_a_gzip_body_is_decoded(prov, web) -> None:
    row = one(prov, web.url("/gzip/05-observer-interview.html"))
    assert row["status"] == "new"
    assert "told The Lowland Observer" in prov.json("show", str(row["document_id"]))["text"]


def test_a_charset_declared_only_in_the_header(prov, web) -> None:
    row = one(prov, web.url("/latin1"))
    assert "Le caf\u00e9 de la biblioth\u00e8que a rouvert" in prov.json("show", str(row["document_id"]))["text"]


def test_plain_text_urls(prov, web) -> None:
    row = one(prov, web.url("/text/04-digest-summary.txt"))
    assert prov.json("show", str(row["document_id"]))["text"].endswith("Original Source: meridianreview.example")


def test_a_changed_page_becomes_a_revision(prov, web, count_rows) -> None:
    web.version = "first version"
    first = one(prov, web.url("/versioned"))
    again = one(prov, web.url("/versioned"))
    web.version = "second version, corrected"
    revised = one(prov, web.url("/versioned"))
    assert [first["status"], again["status"], revised["status"]] == ["new", "unchanged", "revised"]
    assert first["document_id"] == revised["document_id"]
    assert count_rows("revision") == 2
    web.version = "first version"


def test_loopback_is_refused_without_allow_private(prov, web) -> None:
    url = web.url("/story/01-meridian-origin.html")
    result = prov("ingest", url)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {url}: refusing to fetch from non-public address 127.0.0.1 "
        "(use --allow-private to allow loopback and private networks)")


@pytest.mark.parametrize("url", ["ftp://x", "file:///etc/passwd"])
def test_non_http_schemes_are_refused(prov, url: str) -> None:
    result = prov("ingest", url)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"Error: {url}: only http and https URLs"


def test_an_unresolvable_host(prov) -> None:
    url = "http://no-such-host.invalid/a"
    assert prov.json_lines("ingest", url)[0]["error"] == f"{url}: cannot resolve host no-such-host.invalid"


def test_concurrent_fetches_keep_input_order(prov, web) -> None:
    web.pace = 0.1
    urls = [web.url(f"/pace/{n}") for n in range(12)]
    rows = prov.json_lines("ingest", PRIVATE, "--jobs", "6", *urls)
    web.pace = 0.0
    assert [r["input"] for r in rows] == urls
    assert [r["status"] for r in rows] == ["new"] * 12
    assert len({r["document_id"] for r in rows}) == 12


def test_a_batch_goes_on_past_failures(prov, web) -> None:
    urls = [web.url("/status/404"), web.url("/story/01-meridian-origin.html"), web.url("/loop/a")]
    result = prov("ingest", PRIVATE, *urls)
    assert result.exit_code == 1
    assert result.stdout.startswith("new ")
    assert "ingest: 1 new, 0 unchanged, 0 revised, 2 failed" in result.stderr
