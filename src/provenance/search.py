"""Full-text search over document title and text, behind one function.

SQLite: the FTS5 table `document_fts` (external content, kept by triggers).
PostgreSQL: a stored tsvector column, to_tsvector('simple', title || ' ' || text), with a GIN index.
Both are built by the first migration and change in the document's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Select, bindparam, column, false, func, literal, literal_column, select, table, union_all
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
    vector = literal_column("document.search_vector")
    return (
        select(column("id"), (-func.ts_rank(vector, tsquery)).label("rank"))
        .select_from(table("document", column("id")))
        .where(vector.op("@@")(tsquery))
    )


def _term_select(session: Session, index: int, term: str, prefix: bool, weight: float) -> Select:
    """(id, weight) for the documents holding TERM (or, with PREFIX, a word starting with it)."""
    if session.get_bind().dialect.name == "sqlite":
        fts = table("document_fts", column("rowid"))
        match = '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")
        return (select(fts.c.rowid.label("id"), literal(weight).label("w")).select_from(fts)
                .where(literal_column("document_fts").op("MATCH")(bindparam(f"term{index}", match))))
    tsquery = func.to_tsquery(literal_column("'simple'::regconfig"),
                              bindparam(f"term{index}", "'" + term.replace("'", "''") + "'" + (":*" if prefix else "")))
    vector = literal_column("document.search_vector")
    return (select(column("id"), literal(weight).label("w")).select_from(table("document", column("id")))
            .where(vector.op("@@")(tsquery)))


def weighted_matches(session: Session, terms: Iterable[tuple[str, bool, float]], *, at_least: float,
                     limit: int) -> list[int]:
    """Ids of the documents whose matching terms weigh at least AT_LEAST together, heaviest first.

    Each term is (word, prefix, weight): a document matches it when it holds the word,
    or with prefix a word that starts with it. Every term is one indexed lookup; the
    sums are made in the database, so nothing is ranked or read but the ids.
    """
    parts = [_term_select(session, i, term, prefix, weight) for i, (term, prefix, weight) in enumerate(terms)
             if WORD.fullmatch(term)]
    if not parts:
        return []
    hits = union_all(*parts).subquery()
    total = func.sum(hits.c.w)
    query = (select(hits.c.id).group_by(hits.c.id).having(total >= at_least - 1e-9)
             .order_by(total.desc(), hits.c.id).limit(limit))
    return list(session.scalars(query))
