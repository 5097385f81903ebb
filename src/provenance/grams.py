"""Text in scripts written without spaces as pairs of characters, so that `prov trace` can look up a phrase.

Chinese, Japanese, Thai, Lao, Khmer and Myanmar are written without spaces between
words: the full-text indexes (SQLite's FTS5 `unicode61`, PostgreSQL's `simple`
parser) hold a run of such characters as one word, and a phrase from inside a run
cannot be looked up. Each document's runs are therefore also stored as the pairs of
adjacent characters they hold ("水库今年" holds 水库, 库今, 今年), in the table
`document_grams` (migration 0005): an FTS5 table on SQLite, a tsvector with a GIN
index on PostgreSQL. A claim's pairs are looked up there, and sentences are then
scored on them as on words.

Pairs are taken from the text folded as texts are compared (`quick_fold`: Thai and
Lao vowel and tone marks dropped, kana and compatibility forms decomposed), so a
claim typed with other marks or forms finds the same pairs. Only documents holding
such characters have a row.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from sqlalchemy import text
from sqlalchemy.orm import Session

from provenance.reuse.text import NO_SPACE, quick_fold

RUN = re.compile(f"{NO_SPACE.pattern}+")  # a run of characters of the scripts written without spaces


def pairs(text_: str) -> list[str]:
    """The pairs of adjacent characters of TEXT's runs, folded, in order (a run of one character is itself)."""
    out: list[str] = []
    for match in RUN.finditer(quick_fold(text_)):
        run = match.group()
        out += [run[i:i + 2] for i in range(len(run) - 1)] or [run]
    return out


def write_grams(session: Session, document_id: int, title: str | None, body: str, *, replace: bool,
                body_pairs: Collection[str] | None = None) -> None:
    """Store the document's pairs, in the caller's transaction (REPLACE: those it had go first); none: no row.

    BODY_PAIRS are those of BODY when already found (`set(pairs(body))`, by an extraction worker): a run
    of such characters never spans the line between the title and the body, so they are the same."""
    if not replace and RUN.search(body) is None and RUN.search(title or "") is None:
        return  # (most documents: the cheap check spares folding the text)
    sqlite = session.get_bind().dialect.name == "sqlite"
    if replace:
        session.execute(text("DELETE FROM document_grams WHERE " + ("rowid" if sqlite else "document_id") + " = :id"),
                        {"id": document_id})
    if body_pairs is None:
        found = sorted(set(pairs(f"{title or ''}\n{body}")))
    else:
        found = sorted(set(pairs(title or "")) | set(body_pairs))
    insert_grams(session, document_id, found)


def document_pairs(title: str | None, body: str) -> list[str]:
    """The pairs `write_grams` stores for a document (none: it has no row), sorted."""
    if RUN.search(body) is None and RUN.search(title or "") is None:
        return []
    return sorted(set(pairs(f"{title or ''}\n{body}")))


def insert_grams(session: Session, document_id: int, found: list[str]) -> None:
    """The row of a document's pairs FOUND (sorted, none: no row), in the caller's transaction."""
    if not found:
        return
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO document_grams(rowid, grams) VALUES (:id, :grams)"),
                        {"id": document_id, "grams": " ".join(found)})
    else:
        session.execute(text("INSERT INTO document_grams(document_id, grams) "
                             "VALUES (:id, array_to_tsvector(CAST(:grams AS text[])))"),
                        {"id": document_id, "grams": found})


def fill_grams(session: Session) -> None:
    """The pairs of every document, in the caller's transaction, into an empty `document_grams` (after an
    import, or by migration 0005); read in batches, in plain SQL."""
    last = 0
    while True:
        rows = session.execute(text("SELECT id, title, text FROM document WHERE id > :last ORDER BY id LIMIT 500"),
                               {"last": last}).all()
        if not rows:
            return
        for doc_id, title, body in rows:
            write_grams(session, doc_id, title, body or "", replace=False)
        last = rows[-1][0]
