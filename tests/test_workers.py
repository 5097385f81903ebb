"""Worker pools: modules preloaded once in the forkserver, and the extraction's warm-up pages."""

from __future__ import annotations

import subprocess
import sys

from provenance.errors import InputError
from provenance.ingest import extract_one
from provenance.ingest.fetch import Fetched, now


def test_a_preloaded_module_is_in_every_worker_before_its_first_task() -> None:
    # In a process of its own: the forkserver is started once per process, with the preload of the first pool.
    script = ("from provenance.workers import process_pool\n"
              "with process_pool(2, preload=('provenance.ingest.warm',)) as pool:\n"
              "    print(pool.submit(eval, \"'provenance.ingest.warm' in __import__('sys').modules\").result())\n"
              "with process_pool(1) as pool:\n"  # a later pool: the same forkserver, warm still
              "    print(pool.submit(eval, \"'provenance.ingest.warm' in __import__('sys').modules\").result())\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]


def test_without_preload_a_worker_imports_nothing_ahead() -> None:
    script = ("from provenance.workers import process_pool\n"
              "with process_pool(1) as pool:\n"
              "    print(pool.submit(eval, \"'provenance.ingest.warm' in __import__('sys').modules\").result())\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]


def test_the_warm_up_pages_are_extracted_as_articles() -> None:
    from provenance.ingest.warm import NOTICE, PAGE

    page, notice = (extract_one(Fetched(input="x", body=body, origin="file", kind="html", fetched_at=now()), None)
                    for body in (PAGE, NOTICE))
    assert not isinstance(page, InputError) and not isinstance(notice, InputError)
    assert "second survey of the seabed" in page.text and page.authors == ["Mara Lindqvist"]
    assert page.canonical_url == "https://www.ccn.example/news/2024/03/12/harbour-board-delays-pier-vote"
    assert [f.url for f in page.attributions if f.url] == ["https://harbour-board.example.org/minutes/2024-03-11"]
    assert page.language == "en" and page.analysis is not None
    assert "closed to traffic" in notice.text


def test_the_warm_up_loads_the_date_parsers_locales_once() -> None:
    """After the warm-up, reading a date in a language met for the first time loads no locale more
    (htmldate's fallback parser, dateparser, loads them all on the first string none reads)."""
    script = ("import provenance.ingest.warm\n"
              "from dateparser.languages.loader import default_loader\n"
              "from htmldate.extractors import get_external_parser\n"
              "before = len(default_loader._loaded_locales)\n"
              "found = get_external_parser().get_date_data('12 März 2024')['date_obj']\n"
              "print(before, len(default_loader._loaded_locales), found.date())\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    before, after, found = done.stdout.split()
    assert int(before) > 100 and before == after and found == "2024-03-12"
