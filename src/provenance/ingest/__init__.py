"""`prov ingest`: sources in, one transaction per document, a result per input.

Sources are expanded (folders, list files), URLs are fetched concurrently in a
bounded window, and each document is extracted and stored in order in its own
transaction. A failure is reported for its input and the batch goes on.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError, OperationalError

from provenance.config import Settings
from provenance.db import Database
from provenance.errors import InputError
from provenance.ingest.analysis import analyse_document
from provenance.ingest.extract import Extracted, extract
from provenance.ingest.fetch import (
    Fetched,
    fetch_url,
    is_url,
    kind_of_path,
    make_client,
    read_file,
    read_warc,
    walk_folder,
)
from provenance.ingest.store import Overrides, store_document
from provenance.meaning.model import ready as meaning_ready
from provenance.meaning.units import DocumentVectors
from provenance.workers import process_pool

__all__ = ["IngestResult", "Overrides", "expand_sources", "ingest_sources"]

# A document transaction that lost a race (another process inserted the same
# outlet, author or locator first) is retried; the second try sees their row.
MAX_ATTEMPTS = 4


@dataclass(frozen=True, slots=True)
class IngestResult:
    """The outcome for one input: status new | unchanged | revised | failed."""

    input: str
    status: str
    document_id: int | None = None
    url: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "input": self.input,
            "status": self.status,
            "document_id": self.document_id,
            "url": self.url,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class Item:
    """One expanded source: a URL, an HTML/text file, a WARC file, or an error."""

    kind: str  # url | file | warc | error
    given: str
    path: Path | None = None
    error: InputError | None = None


def read_list_file(path: str) -> list[str]:
    """Sources from a list file: one per line, blank lines and # comments ignored.

    Raises:
        InputError: the list file cannot be read.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(path, "no such list file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the list file ({exc})") from None
    return parse_source_lines(lines)


def parse_source_lines(lines: Iterable[str]) -> list[str]:
    out = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def expand_sources(sources: Iterable[str]) -> list[Item]:
    """Turn source arguments into items: folders are walked, files classified."""
    items: list[Item] = []
    for given in sources:
        if is_url(given):
            items.append(Item("url", given))
            continue
        path = Path(given).expanduser()
        try:
            is_dir = path.is_dir()
        except OSError:  # e.g. a folder on the way we may not enter: read_file says why
            is_dir = False
        if is_dir:
            try:
                items.extend(Item("error", e.source, error=e) if isinstance(e, InputError) else file_item(e, str(e))
                             for e in walk_folder(path))
            except InputError as exc:
                items.append(Item("error", given, error=exc))
            continue
        items.append(file_item(path, given))
    return items


def file_item(path: Path, given: str) -> Item:
    return Item("warc" if kind_of_path(path) == "warc" else "file", given, path=path)


def ingest_sources(
    db: Database,
    items: list[Item],
    *,
    overrides: Overrides,
    settings: Settings,
    on_result: Callable[[IngestResult], None],
) -> list[IngestResult]:
    """Ingest every item, each document in its own transaction.

    Args:
        db: the database to write to (its schema is checked first).
        items: expanded sources, see `expand_sources`.
        overrides: metadata given by the user.
        settings: fetch limits and concurrency.
        on_result: called once per document or failed input, as each finishes.

    Returns:
        All results, in the order they were reported.
    """
    db.ensure_schema()
    results: list[IngestResult] = []

    def report(result: IngestResult) -> None:
        results.append(result)
        on_result(result)

    for fetched, extracted in extract_all(fetch_all(items, settings=settings), overrides=overrides,
                                          processes=settings.processes):
        if isinstance(fetched, InputError):
            report(IngestResult(fetched.source, "failed", error=str(fetched)))
            continue
        try:
            if isinstance(extracted, InputError):
                raise extracted
            assert extracted is not None  # None comes only with a fetch that failed
            report(store_one(db, fetched, extracted, overrides))
        except InputError as exc:
            report(IngestResult(fetched.input, "failed", url=fetched.url, error=str(exc)))
    return results


def label_of(fetched: Fetched) -> str:
    return fetched.input if fetched.origin != "warc" else f"{fetched.input} ({fetched.url or fetched.locator})"


def extract_one(fetched: Fetched, url: str | None, *, meaning: bool = False) -> Extracted | InputError:
    """Text, metadata, attributions of one fetched document, and what the rest of ingest reads from
    its text alone (ingest/analysis.py): all that needs no database, so it runs in a worker process.
    With MEANING, its sentence vectors too (when the model is installed)."""
    try:
        extracted = extract(fetched.body, kind=fetched.kind, charset=fetched.charset, url=url,
                            source=label_of(fetched))
    except InputError as exc:
        return exc
    extracted.analysis = analyse_document(extracted.text)
    if meaning:
        extracted.vectors = embed_document(extracted.text)
    return extracted


def embed_document(text: str) -> DocumentVectors | None:
    """The sentence vectors of a document's text (see provenance.meaning), None without the model."""
    from provenance.meaning.units import document_vectors

    return document_vectors(text, wanted=True)


def extract_all(
    fetched_items: Iterator[Fetched | InputError], *, overrides: Overrides, processes: int
) -> Iterator[tuple[Fetched | InputError, Extracted | InputError | None]]:
    """Pairs (fetched, extracted) in input order.

    With more than one process, extraction (trafilatura and our reading of the
    text and markup, all CPU-bound) runs in worker processes a window ahead of
    the caller, who stores each document as its turn comes. Sentence vectors are computed there too
    when the meaning layer is on in this process and its model installed (a worker is told, not left to
    read the environment).
    """
    meaning = meaning_ready()
    if processes <= 1:
        for fetched in fetched_items:
            if isinstance(fetched, InputError):
                yield fetched, None
            else:
                yield fetched, extract_one(fetched, overrides.url or fetched.url, meaning=meaning)
        return
    # Workers start from a clean process (see workers.py), not a fork of one running fetch threads; that
    # process imports and warms the extraction once for all of them (ingest/warm.py).
    with process_pool(processes, preload=("provenance.ingest.warm",)) as pool:
        window: deque[tuple[Fetched | InputError, Future[Extracted | InputError] | None]] = deque()
        for fetched in fetched_items:
            future = None if isinstance(fetched, InputError) else pool.submit(
                extract_one, fetched, overrides.url or fetched.url, meaning=meaning)
            window.append((fetched, future))
            while len(window) > processes * 2:
                head, head_future = window.popleft()
                yield head, head_future.result() if head_future else None
        while window:
            head, head_future = window.popleft()
            yield head, head_future.result() if head_future else None


def store_one(db: Database, fetched: Fetched, extracted: Extracted, overrides: Overrides) -> IngestResult:
    """Store one extracted document in one transaction, retrying lost races."""
    label = label_of(fetched)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        session = db.session()
        try:
            with session.begin():
                stored = store_document(session, fetched, extracted, overrides)
            return IngestResult(fetched.input, stored.status, stored.document_id, stored.url)
        except (IntegrityError, OperationalError) as exc:
            if attempt == MAX_ATTEMPTS or not retryable(exc):
                raise InputError(label, f"could not be stored ({first_line(exc)})") from None
            time.sleep(0.05 * attempt)
        finally:
            session.close()
    raise AssertionError("unreachable")


def retryable(exc: IntegrityError | OperationalError) -> bool:
    """A unique-key race, a deadlock, a serialisation failure, or a busy SQLite file."""
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40001", "40P01") or "database is locked" in str(exc.orig)


def first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(exc).__name__


def fetch_all(items: list[Item], *, settings: Settings) -> Iterator[Fetched | InputError]:
    """Fetched documents (or errors) in input order.

    URLs and files are fetched or read by `jobs` worker threads a window ahead of
    the caller, so network waits, disk reads, hashing and compression overlap
    with the extraction of earlier documents. WARC files are read in order here.
    """
    workers = max(1, settings.jobs)
    ahead = [item for item in items if item.kind in ("url", "file")]
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(ThreadPoolExecutor(workers))
        needs_http = any(item.kind == "url" for item in ahead)
        client = stack.enter_context(make_client(settings)) if needs_http else None
        window: deque[tuple[Item, Future[Fetched]]] = deque()
        pending = iter(ahead)

        def load(item: Item) -> Fetched:
            if item.kind == "url":
                assert client is not None
                return fetch_url(item.given, settings=settings, client=client)
            assert item.path is not None
            return read_file(item.path, given=item.given, settings=settings)

        def top_up() -> None:
            while len(window) < workers * 2:
                item = next(pending, None)
                if item is None:
                    return
                window.append((item, pool.submit(load, item)))

        top_up()
        for item in items:
            if item.kind not in ("url", "file"):
                yield from read_item(item, settings=settings)
                continue
            queued, future = window.popleft()
            assert queued is item
            top_up()
            try:
                yield future.result()
            except InputError as exc:
                yield exc


def read_item(item: Item, *, settings: Settings) -> Iterator[Fetched | InputError]:
    """The documents of a WARC item, or the error of an item that failed to expand."""
    if item.error is not None:
        yield item.error
    else:
        assert item.path is not None
        yield from read_warc(item.path, given=item.given, settings=settings)
