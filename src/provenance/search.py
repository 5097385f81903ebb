"""Full-text search over document title and text, behind one function.

SQLite: the FTS5 table `document_fts` (external content, kept by triggers).
PostgreSQL: a GIN index over to_tsvector('simple', title || ' ' || text).
Both are built by the first migration and change in the document's transaction.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, bindparam, column, false, func, literal_column, select, table
from sqlalchemy.orm import Session

WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The words of a search query, case-folded; punctuation and operators dropped."""
    return [w.casefold() for w in WORD.findall(query)]


def fulltext_matches(session: Session, query: str, *, any_term: bool = False) -> Select:
    """A SELECT of (id, rank) for documents matching every word of `query` (or any, if asked).

    Lower rank is a better match. No words in the query match nothing.
    """
    terms = query_terms(query)
    if not terms:
        return select(literal_column("0").label("id"), literal_column("0").label("rank")).where(false())
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        joiner = " OR " if any_term else " "
        match = joiner.join('"' + t.replace('"', '""') + '"' for t in terms)
        fts = table("document_fts", column("rowid"))
        return (
            select(fts.c.rowid.label("id"), literal_column("bm25(document_fts)").label("rank"))
            .select_from(fts)
            .where(literal_column("document_fts").op("MATCH")(bindparam("fts_match", match)))
        )
    joiner = " | " if any_term else " & "
    tsquery = func.to_tsquery(
        literal_column("'simple'::regconfig"),
        bindparam("tsq", joiner.join("'" + t.replace("'", "''") + "'" for t in terms)),
    )
    # Written exactly as the GIN index expression, so PostgreSQL uses the index.
    vector = literal_column(
        "to_tsvector('simple'::regconfig, coalesce(document.title, '') || ' ' || document.text)"
    )
    return (
        select(column("id"), (-func.ts_rank(vector, tsquery)).label("rank"))
        .select_from(table("document", column("id")))
        .where(vector.op("@@")(tsquery))
    )
