"""Plain values behind `prov follow`: credits at IP-address hosts, TimeGate requests, archived copies."""

from __future__ import annotations

from provenance.attribution import find_attributions
from provenance.follow import page_problem
from provenance.links import refused_url
from provenance.memento import ARCHIVE_HEADER, MEMENTO_HEADER, archived_copy, timegate_url


def test_a_marker_line_with_an_address_at_an_ip_host_is_a_credit() -> None:
    text = "The bridge is closed.\nOriginal Source: http://127.0.0.2:8000/2025/07/02/harrow-bridge-closed/\n"
    found = [(f.pattern, f.source, f.url) for f in find_attributions(text)]
    assert found == [("original-source", "127.0.0.2", "http://127.0.0.2:8000/2025/07/02/harrow-bridge-closed/")]
    # A bare number is still no source.
    assert find_attributions("Prices rose.\nSource: 2024\n") == []


def test_another_ip_host_is_another_site() -> None:
    assert refused_url("http://127.0.0.6/notices/2025/harrow-bridge-inspection", "", {"127.0.0.2"}) is None
    assert refused_url("http://127.0.0.2/notices/2025/harrow-bridge-inspection", "", {"127.0.0.2"}) == "own-site"


def test_timegate_requests() -> None:
    assert timegate_url("https://web.archive.org/web/", "http://a.example/x") == "https://web.archive.org/web/http://a.example/x"
    assert timegate_url("http://gate.example/timegate", "http://a.example/x") == (
        "http://gate.example/timegate/http://a.example/x")
    assert timegate_url("http://gate.example/?url={url}&v=1", "http://a.example/x") == (
        "http://gate.example/?url=http://a.example/x&v=1")


def test_an_archived_copy_is_told_by_its_headers() -> None:
    headers = {"Memento-Datetime": "Tue, 01 Jul 2025 09:14:00 GMT", ARCHIVE_HEADER: "http://gate.example/",
               MEMENTO_HEADER: "http://gate.example/web/20250701091400/http://a.example/x"}
    assert archived_copy(headers) == {"memento_datetime": "Tue, 01 Jul 2025 09:14:00 GMT",
                                      "archive": "http://gate.example/",
                                      "memento_url": "http://gate.example/web/20250701091400/http://a.example/x"}
    # A page that merely carries a Memento-Datetime (an archive's page ingested as such) is not marked.
    assert archived_copy({"Memento-Datetime": "Tue, 01 Jul 2025 09:14:00 GMT"}) is None
    assert archived_copy(None) is None


def test_only_pages_are_followed() -> None:
    assert page_problem("https://a.example/report.pdf") == "not a page (a file, an image or a feed)"
    assert page_problem("https://a.example/news/feed/") == "not a page (a file, an image or a feed)"
    assert page_problem("ftp://a.example/story.html") == "only http and https URLs"
    assert page_problem("https://a.example/2025/07/story.html") is None
