"""`prov ingest --follow` and `prov follow` over a web of outlets on 127.0.0.x (tests/outletweb.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from outletweb import CITY, COURIER, DIGEST, FORUM, KESTREL, MEMENTO_DATETIME, OutletWeb, extra_pages

PRIVATE = "--allow-private"  # the web is on loopback, refused by default
FAST = ("--per-host-delay", "0")
CLAIM = "Harrow Bridge closed to all motor traffic"


@pytest.fixture(scope="module")
def outlets() -> Iterator[OutletWeb]:
    web = OutletWeb({**OutletWeb().pages, **extra_pages()}).start()
    yield web
    web.stop()


def follow_lines(prov, *args: str) -> tuple[list[dict], dict]:
    rows = prov.json_lines(*args)
    summary = next(r["follow"] for r in rows if "follow" in r)
    return [r["followed"] for r in rows if "followed" in r], summary


def test_a_repost_is_followed_to_its_origin_in_one_command(prov, outlets) -> None:
    archive = outlets.url("archive", "/timegate/")
    followed, summary = follow_lines(prov, "ingest", PRIVATE, *FAST, "--follow", "--archive", archive,
                                     outlets.url("forum", FORUM))
    assert [(f["url"], f["status"], f["hop"]) for f in followed] == [
        (outlets.url("kestrel", KESTREL), "reached", 1), (outlets.url("courier", COURIER), "reached", 2),
        (outlets.url("city", CITY), "reached", 3)]
    assert summary == {"followed": 3, "reached": 3, "already_held": 0, "refused": 0, "failed": 0, "left": 0,
                       "archived": 1, "loops": 0, "fetches": 4}
    # The placeholders became the documents: the claim traces to the city's notice, through every hop.
    traced = prov.json("trace", CLAIM)
    assert traced["independent_origins"] == 1
    origin = traced["origins"][0]
    assert origin["document_id"] == followed[2]["document_id"] and origin["outlet"] == "City of Port Alder"
    forum = next(o for o in traced["occurrences"] if o["outlet"] == "Dispatch Forum")
    assert forum["independent"] is False
    # The archive was asked for its copy nearest to the day the courier credited the notice.
    assert outlets.accept_datetimes[-1] == "Wed, 02 Jul 2025 12:00:00 GMT"
    text = prov("trace", CLAIM).stdout
    assert "archived copy" in text and MEMENTO_DATETIME in text
    # The copy from the archive says so, with its Memento-Datetime and the archive, in the evidence.
    shown = prov.json("show", str(followed[2]["document_id"]))
    assert shown["url"] == outlets.url("city", CITY)
    assert shown["archived"] == {"memento_datetime": MEMENTO_DATETIME, "archive": archive,
                                 "memento_url": outlets.url("archive", f"/web/20250701091400/{outlets.url('city', CITY)}")}
    assert f"archived copy (Memento-Datetime {MEMENTO_DATETIME}" in prov("show", str(followed[2]["document_id"])).stdout
    assert prov.json("show", str(followed[0]["document_id"]))["archived"] is None


def test_a_rerun_changes_nothing_and_fetches_nothing(prov, outlets, count_rows) -> None:
    args = ("ingest", PRIVATE, *FAST, "--follow", "--archive", outlets.url("archive", "/timegate/"),
            outlets.url("forum", FORUM))
    follow_lines(prov, *args)
    rows = {t: count_rows(t) for t in ("document", "snapshot", "lineage_edge", "attribution")}
    before = len(outlets.requests)
    followed, summary = follow_lines(prov, *args)
    assert summary["reached"] == 0 and summary["fetches"] == 0
    assert {t: count_rows(t) for t in rows} == rows
    assert len(outlets.requests) == before + 1  # the forum post itself, asked again by `ingest`
    # Nothing is left open with an address: `prov follow --all` has nothing to do.
    assert prov.json("follow", "--all", PRIVATE, *FAST)["followed"] == 0


def test_depth_and_fetch_limits(prov, outlets) -> None:
    start = outlets.url("forum", "/chain/1/harbour-fees-2025")
    followed, summary = follow_lines(prov, "ingest", PRIVATE, *FAST, "--follow", "2", start)
    assert [f["hop"] for f in followed] == [1, 2] and summary["reached"] == 2
    # The next run goes on from what is held (hop 1 and 2 are not fetched again), at most --max-fetch pages.
    result = prov.json("follow", "1", "--depth", "5", "--max-fetch", "2", PRIVATE, *FAST)
    assert [s["status"] for s in result["sources"]] == ["held", "held", "reached", "reached", "left"]
    assert result["fetches"] == 2 and result["left"] == 1
    assert result["sources"][-1]["error"] == "over --max-fetch 2"


def test_a_loop_is_detected_and_not_walked(prov, outlets) -> None:
    followed, summary = follow_lines(prov, "ingest", PRIVATE, *FAST, "--follow", "5",
                                     outlets.url("digest", "/world/loop-one-2025"))
    assert len(followed) == 1 and followed[0]["status"] == "reached"
    first = prov.json("show", outlets.url("digest", "/world/loop-one-2025"))["id"]
    assert followed[0]["loop_to"] == first and summary["loops"] == 1


def test_a_redirect_to_a_refused_address_mid_chain(prov, outlets) -> None:
    followed, summary = follow_lines(prov, "ingest", PRIVATE, *FAST, "--follow",
                                     outlets.url("digest", "/world/lighthouse-repair-2025"))
    by_status = {f["status"]: f for f in followed}
    assert by_status["refused"]["error"] == (f"{outlets.url('kestrel', '/go/lighthouse-notice-2025')}: only http and "
                                             "https URLs (redirected to file:///etc/passwd)")
    assert by_status["reached"]["url"] == outlets.url("courier", "/2025/07/06/lighthouse-works-begin/")
    assert (summary["refused"], summary["reached"]) == (1, 1)


def test_a_credited_address_that_redirects_becomes_the_document(prov, outlets, count_rows) -> None:
    followed, summary = follow_lines(prov, "ingest", PRIVATE, *FAST, "--follow",
                                     outlets.url("forum", "/topic.php?id=9400"))
    assert [(f["url"], f["status"]) for f in followed] == [(outlets.url("courier", "/s/4471"), "reached")]
    story = outlets.url("courier", "/2025/07/06/lighthouse-works-begin/")
    assert prov.json("show", str(followed[0]["document_id"]))["url"] == story
    sources = prov.json("show", outlets.url("forum", "/topic.php?id=9400"))["sources"]
    assert [(s["document_id"], s["url"]) for s in sources] == [(followed[0]["document_id"], story)]
    # Held now, under the address it was credited at: a second run asks for nothing.
    before = len(outlets.requests)
    assert prov.json("follow", "--all", PRIVATE, *FAST)["followed"] == 0
    assert len(outlets.requests) == before


def test_without_allow_private_every_hop_is_refused(prov, outlets, tmp_path: Path) -> None:
    page = tmp_path / "forum.html"
    page.write_text(outlets.fill(outlets.pages[("forum", FORUM)]), encoding="utf-8")
    prov("ingest", str(page), "--url", outlets.url("forum", FORUM))
    before = len(outlets.requests)
    result = prov("follow", "--all", *FAST, "--format", "json")
    assert result.exit_code == 1
    sources = json.loads(result.stdout)["sources"]
    assert [s["status"] for s in sources] == ["refused"]
    assert "refusing to fetch from non-public address 127.0.0.3" in sources[0]["error"]
    assert len(outlets.requests) == before


def test_a_gone_page_without_an_archive_fails(prov, outlets) -> None:
    follow_lines(prov, "ingest", PRIVATE, *FAST, "--follow", "1", outlets.url("courier", COURIER))
    run = prov("follow", outlets.url("courier", COURIER), PRIVATE, *FAST, "--format", "json")
    assert run.exit_code == 1  # nothing could be followed
    result = json.loads(run.stdout)
    assert [s["status"] for s in result["sources"]] == ["failed"]
    assert result["sources"][0]["error"] == f"{outlets.url('city', CITY)}: HTTP 410 Gone"
    # The trace says which command follows what is still missing.
    doc = prov.json("show", outlets.url("courier", COURIER))["id"]
    unresolved = prov.json("trace", "--doc", str(doc)).get("unresolved") or prov.json("trace", CLAIM)["unresolved"]
    assert {"key": f"url:{outlets.url('city', CITY)}", "command": f"prov ingest {outlets.url('city', CITY)}",
            "follow": f"prov follow {doc}"} in unresolved


def test_the_summary_in_text(prov, outlets) -> None:
    result = prov("ingest", PRIVATE, *FAST, "--follow", "1", outlets.url("digest", DIGEST))
    assert result.exit_code == 0
    assert "follow: 1 followed, 1 reached, 0 already held, 0 refused, 0 failed; 1 requests" in result.stderr
    assert f"reached   #2      {outlets.url('courier', COURIER)}  (hop 1, credited by #1)" in result.stdout


def test_bad_usage(prov) -> None:
    assert prov("follow").exit_code == 2
    result = prov("follow", "--all", "--archive", "ftp://archive.example/")
    assert result.exit_code == 2 and "only http and https URLs" in result.output


def test_an_interrupted_follow_leaves_the_archive_consistent(db_url, outlets, tmp_path: Path) -> None:
    slow = OutletWeb({**OutletWeb().pages, **extra_pages()}, delay=0.6).start()
    try:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        args = [sys.executable, "-m", "provenance", "--db", db_url, "ingest", PRIVATE, *FAST, "--follow", "3",
                "--archive", slow.url("archive", "/timegate/"), slow.url("forum", FORUM)]
        proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ("courier", COURIER) not in {(n, p) for n, p, _ in slow.requests}:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # while the courier's page is being asked for
        proc.wait()
        from conftest import Prov

        prov = Prov(db_url)
        docs = prov.json_lines("docs")
        assert {d["url"] for d in docs} == {slow.url("forum", FORUM), slow.url("kestrel", KESTREL)}
        rows = prov.json_lines("follow", "--all", PRIVATE, *FAST, "--archive", slow.url("archive", "/timegate/"))
        result = rows[0]
        assert [s["status"] for s in result["sources"]] == ["reached", "reached"]
        traced = prov.json("trace", CLAIM)
        assert traced["independent_origins"] == 1 and traced["origins"][0]["outlet"] == "City of Port Alder"
    finally:
        slow.stop()
