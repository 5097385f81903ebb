"""Two writers at once, and a batch killed with SIGKILL: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from conftest import STORY_HTML, STORY_TEXT
from provenance.db import Database


def prov_process(db_url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "provenance", "--db", db_url, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def scalar(db_url: str, sql: str) -> int:
    database = Database(db_url)
    try:
        with database.engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        database.dispose()


def assert_consistent(db_url: str) -> None:
    """Every document has its revisions and snapshots; no orphans; the search index agrees."""
    assert scalar(db_url, "SELECT count(*) FROM document d WHERE NOT EXISTS "
                          "(SELECT 1 FROM revision r WHERE r.document_id = d.id)") == 0
    assert scalar(db_url, "SELECT count(*) FROM document d WHERE NOT EXISTS "
                          "(SELECT 1 FROM snapshot s WHERE s.document_id = d.id)") == 0
    assert scalar(db_url, "SELECT count(*) FROM revision r WHERE NOT EXISTS "
                          "(SELECT 1 FROM document d WHERE d.id = r.document_id)") == 0
    assert scalar(db_url, "SELECT count(*) FROM (SELECT locator FROM document GROUP BY locator "
                          "HAVING count(*) > 1) dup") == 0
    if db_url.startswith("sqlite"):
        database = Database(db_url)
        with database.engine.begin() as conn:  # raises if the FTS index disagrees with the table
            conn.execute(text("INSERT INTO document_fts(document_fts, rank) VALUES ('integrity-check', 1)"))
        database.dispose()


def test_two_processes_ingesting_the_same_sources_at_once(db_url: str, tmp_path: Path) -> None:
    # Both start on an empty database: they race on the migration, on outlets and authors
    # (shared by several documents) and on every document.
    sources = [str(STORY_HTML), str(STORY_TEXT)]
    procs = [prov_process(db_url, "ingest", "--format", "json", *sources) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-500:] for o in outs]
    statuses = sorted(line.split('"status": "')[1].split('"')[0] for o in outs for line in o[0].splitlines())
    assert statuses.count("new") == 14 and statuses.count("unchanged") == 14
    assert scalar(db_url, "SELECT count(*) FROM document") == 14
    assert scalar(db_url, "SELECT count(*) FROM outlet") == 6
    assert scalar(db_url, "SELECT count(*) FROM author") == 6
    assert scalar(db_url, "SELECT count(*) FROM (SELECT slug FROM outlet GROUP BY slug HAVING count(*) > 1) d") == 0
    assert_consistent(db_url)


def test_a_batch_killed_midway_leaves_a_consistent_database(db_url: str, web) -> None:
    web.pace = 0.15
    urls = [web.url(f"/pace/{n}") for n in range(40)]
    proc = prov_process(db_url, "ingest", "--allow-private", "--jobs", "1", "--format", "json", *urls)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline:
        time.sleep(0.1)
        try:
            stored = scalar(db_url, "SELECT count(*) FROM document")
        except Exception:  # noqa: BLE001 - schema not there yet
            continue
        if stored >= 5:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    web.pace = 0.0
    assert 5 <= stored < 40
    assert_consistent(db_url)
    before = scalar(db_url, "SELECT count(*) FROM document")
    again = subprocess.run([sys.executable, "-m", "provenance", "--db", db_url, "ingest", "--allow-private",
                            "--format", "json", *urls], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-500:]
    statuses = [line.split('"status": "')[1].split('"')[0] for line in again.stdout.splitlines()]
    assert statuses.count("unchanged") == before and statuses.count("new") == 40 - before
    assert scalar(db_url, "SELECT count(*) FROM document") == 40
    assert_consistent(db_url)


def test_workers_of_a_killed_process_do_not_outlive_it() -> None:
    """A `prov` killed outright (SIGKILL, the OOM killer) leaves no extraction or alignment workers behind."""
    script = ("import os, time\n"
              "from provenance.workers import process_pool\n"
              "pool = process_pool(2)\n"
              "jobs = [pool.submit(os.getpid) for _ in range(8)]\n"
              "print(' '.join(str(p) for p in {job.result() for job in jobs}), flush=True)\n"
              "time.sleep(60)\n")
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert owner.stdout is not None
    workers = [int(p) for p in owner.stdout.readline().split()]
    assert workers and owner.pid not in workers
    assert all(alive(p) for p in workers)
    owner.kill()
    owner.wait()
    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(p) for p in workers)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:  # a zombie is gone, only not yet reaped
        return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
