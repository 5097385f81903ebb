"""Full-text search over document title and text, behind one function.

SQLite: the FTS5 table `document_fts` (external content, kept by triggers).
PostgreSQL: a stored tsvector column, to_tsvector('simple', title || ' ' || text), with a GIN index.
Both are built by the first migration and change in the document's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Engine,
    Select,
    bindparam,
    case,
    column,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from provenance.grams import RUN
from provenance.grams import pairs as pairs_of
from provenance.reuse.text import MARKS

WORD = re.compile(r"\w+", re.UNICODE)
# A word as a claim or a query is looked up by: letters and digits with the combining marks that live inside
# words. Python's \w leaves the marks out and would cut a Hindi, Bengali or Tamil word at each vowel sign
# or virama into letters that PostgreSQL's index does not hold (its parser keeps the word whole). SQLite's
# index does cut there, and cuts the quoted query the same way (a phrase of the pieces).
TERM = re.compile(rf"(?:[^\W_]|[{MARKS}])+")
# PostgreSQL: the index of migration 0004 holds every word cut to this many letters
# (prov_word_prefixes), so a lookup by a word's first INDEXED_PREFIX letters is one entry.
INDEXED_PREFIX = 5
# Most lookups one candidate query makes: SQLite allows 500 SELECTs in one compound query ("too many
# terms in compound SELECT"), and a claim that long (a pasted article) is found by its heaviest words.
MAX_LOOKUPS = 120


def query_terms(query: str) -> list[str]:
    """The words of a search query, case-folded; punctuation and operators dropped."""
    return [w.casefold() for w in TERM.findall(query)]


def fulltext_matches(session: Session, query: str) -> Select:
    """A SELECT of (id, rank) for documents matching every word of `query`.

    Lower rank is a better match. No words in the query match nothing. A word in a script
    written without spaces (Chinese, Japanese, Thai, ...: one run of characters) is matched by
    its pairs of adjacent characters (grams.py): a document holding all of them matches it.
    """
    words = query_terms(RUN.sub(" ", query))
    grams = list(dict.fromkeys(pairs_of(query)))
    if not words and not grams:
        return select(literal_column("0").label("id"), literal_column("0").label("rank")).where(false())
    in_grams = _holding_pairs(session, "grams", grams)
    if not words:
        return in_grams.add_columns(literal_column("0").label("rank"))
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join('"' + t.replace('"', '""') + '"' for t in words)
        fts = table("document_fts", column("rowid"))
        stmt = (
            select(fts.c.rowid.label("id"), literal_column("bm25(document_fts)").label("rank"))
            .select_from(fts)
            .where(literal_column("document_fts").op("MATCH")(bindparam("fts_match", match)))
        )
        return stmt.where(fts.c.rowid.in_(in_grams)) if grams else stmt
    # Each word cut into lexemes by the server's own parser, as the index was (a word it cuts is a phrase).
    simple: ColumnClause[Any] = literal_column("'simple'::regconfig")
    tsquery: ColumnElement[Any] = func.phraseto_tsquery(simple, bindparam("tsq0", words[0]))
    for i, word in enumerate(words[1:], 1):
        tsquery = tsquery.op("&&")(func.phraseto_tsquery(simple, bindparam(f"tsq{i}", word)))
    vector: ColumnClause[Any] = literal_column("document.search_vector")
    doc = table("document", column("id"))
    stmt = select(doc.c.id, (-func.ts_rank(vector, tsquery)).label("rank")).where(vector.op("@@")(tsquery))
    return stmt.where(doc.c.id.in_(in_grams)) if grams else stmt


def _term_select(session: Session, index: int, term: str, prefix: bool, weight: float,
                 pieces: tuple[str, ...] = ()) -> Select:
    """(id, weight) for the documents holding TERM (or, with PREFIX, a word starting with it); on PostgreSQL
    TERM as the server cut it (PIECES, see `server_lexemes`)."""
    if session.get_bind().dialect.name == "sqlite":
        fts = table("document_fts", column("rowid"))
        match = '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")
        return (select(fts.c.rowid.label("id"), literal(weight).label("w")).select_from(fts)
                .where(literal_column("document_fts").op("MATCH")(bindparam(f"term{index}", match))))
    tsquery = _tsquery(f"term{index}", _operand(pieces or (term,), prefix))
    vector: ColumnClause[Any] = literal_column("document.search_vector")
    return (select(column("id"), literal(weight).label("w")).select_from(table("document", column("id")))
            .where(vector.op("@@")(tsquery)))


def _holding_pairs(session: Session, name: str, held: list[str]) -> Select:
    """(id) of the documents whose text holds every one of the pairs HELD side by side (table document_grams)."""
    if session.get_bind().dialect.name == "sqlite":
        grams = table("document_grams", column("rowid"))
        return (select(grams.c.rowid.label("id")).select_from(grams).where(
            literal_column("document_grams").op("MATCH")(bindparam(name, " ".join(f'"{p}"' for p in held)))))
    grams = table("document_grams", column("document_id"), column("grams"))
    return select(grams.c.document_id.label("id")).where(grams.c.grams.op("@@")(
        _tsquery(name, " & ".join(_tsquery_operand(p, False) for p in held))))


def weighted_matches(session: Session, terms: Iterable[tuple[str, bool, float]], *, at_least: float,
                     limit: int, pairs: Iterable[tuple[str, float]] = ()) -> list[int]:
    """Ids of the documents whose matching terms weigh at least AT_LEAST together, heaviest first.

    Each term is (word, prefix, weight): a document matches it when it holds the word,
    or with prefix a word that starts with it. Each of PAIRS is (two characters of a script written
    without spaces, weight): a document matches it when its text has them side by side (grams.py).
    Nothing is ranked or read in Python but the ids.

    SQLite: every term is one FTS5 lookup; the sums are made in the database. PostgreSQL:
    see `_pg_weighted_matches` (the same union as on SQLite when there are pairs).
    """
    terms = [t for t in terms if TERM.fullmatch(t[0])]
    pairs = [p for p in pairs if WORD.fullmatch(p[0])]
    if not terms and not pairs:
        return []
    terms, pairs, at_least = bounded(terms, pairs, at_least)
    cut: dict[str, tuple[str, ...]] = {}
    if session.get_bind().dialect.name == "postgresql":
        cut = server_lexemes(session, [t for t, _, _ in terms])
        terms = [t for t in terms if cut[t[0]]]  # (a term the parser makes nothing of is in no document)
        if not terms and not pairs:
            return []
        if not pairs:
            found = _pg_weighted_matches(session, terms, at_least, limit, cut)
            if found is not None:
                return found
    parts = [_term_select(session, i, term, prefix, weight, cut.get(term, ()))
             for i, (term, prefix, weight) in enumerate(terms)]
    parts += [_holding_pairs(session, f"pair{i}", [pair]).add_columns(literal(weight).label("w"))
              for i, (pair, weight) in enumerate(pairs)]
    hits = union_all(*parts).subquery()
    summed = func.sum(hits.c.w)
    query = (select(hits.c.id).group_by(hits.c.id).having(summed >= at_least - 1e-9)
             .order_by(summed.desc(), hits.c.id).limit(limit))
    return list(session.scalars(query))


def bounded(terms: list[tuple[str, bool, float]], pairs: list[tuple[str, float]], at_least: float
            ) -> tuple[list[tuple[str, bool, float]], list[tuple[str, float]], float]:
    """At most MAX_LOOKUPS of TERMS and PAIRS, the heaviest (the first of equal weight), with AT_LEAST lowered
    by what the others weigh: every document that reaches AT_LEAST with all of them still reaches it."""
    if len(terms) + len(pairs) <= MAX_LOOKUPS:
        return terms, pairs, at_least
    ranked = sorted([(-w, i, None) for i, (_, _, w) in enumerate(terms)]
                    + [(-w, len(terms) + i, None) for i, (_, w) in enumerate(pairs)])
    kept = {i for _, i, _ in ranked[:MAX_LOOKUPS]}
    dropped = sum(-w for w, i, _ in ranked[MAX_LOOKUPS:])
    return ([t for i, t in enumerate(terms) if i in kept],
            [p for i, p in enumerate(pairs) if len(terms) + i in kept],
            max(at_least - dropped, 1e-6))


def _pg_weighted_matches(session: Session, terms: list[tuple[str, bool, float]], at_least: float,
                         limit: int, cut: dict[str, tuple[str, ...]]) -> list[int] | None:
    """`weighted_matches` on PostgreSQL, summing weights only for rows that can reach AT_LEAST.

    A union of every term's documents would list most of the archive for a common word.
    Instead the threshold is written as one boolean text query (`threshold_query`): the
    GIN index answers it by walking the rare words' lists and probing the common ones,
    and weights are summed row by row for the documents it returns. None when there is
    no useful query (the slower union is used). CUT: each term's lexemes (`server_lexemes`).
    """
    vector: ColumnClause[Any] = literal_column("document.search_vector")
    # Each word as one entry of the word-prefix index when it can answer them all (a word shorter
    # than INDEXED_PREFIX is held whole, a longer one looked up by its first letters), else as
    # prefixes of the stored vector's words (each a walk over all the words that start so).
    entries = [_prefix_entry(cut[t], p, cut_too=True) for t, p, _ in terms]
    if all(entries):
        query = threshold_query([(e, w) for e, (_, _, w) in zip(entries, terms, strict=True) if e], at_least)
        searched: ColumnClause[Any] = literal_column("prov_word_prefixes(document.search_vector)")
    else:
        query = threshold_query([(_operand(cut[t], p), w) for t, p, w in terms], at_least)
        searched = vector
    if query is None:
        return None
    # Each matching row's vector is unpacked from TOAST once (stripped of positions), not once per term:
    # OFFSET 0 keeps the planner from merging the two levels.
    matching = (select(column("id"), func.strip(vector).label("v")).select_from(table("document", column("id")))
                .where(searched.op("@@")(_tsquery("threshold", query[0]))).offset(0).subquery())
    # (the stripped vector has no positions, which a phrase needs: a term cut in pieces asks for them all)
    total = sum((case((matching.c.v.op("@@")(_tsquery(f"term{i}", _operand(cut[t], p, phrase=False))), literal(w)),
                      else_=literal(0.0)) for i, (t, p, w) in enumerate(terms)), literal(0.0))
    rows = select(matching.c.id, total.label("total")).subquery()
    ranked = (select(rows.c.id).where(rows.c.total >= at_least - 1e-9)
              .order_by(rows.c.total.desc(), rows.c.id).limit(limit))
    # The planner prices a sequential scan by the table's own pages, not by the vectors it would
    # unpack from TOAST for every row: for this query the index is always the faster way.
    saved = session.scalar(text("SELECT current_setting('enable_seqscan')"))
    session.execute(text("SELECT set_config('enable_seqscan', 'off', true)"))
    try:
        return list(session.scalars(ranked))
    finally:
        session.execute(text("SELECT set_config('enable_seqscan', :saved, true)"), {"saved": saved})


def _prefix_entry(pieces: tuple[str, ...], prefix: bool, *, cut_too: bool = False) -> str | None:
    """A term the server cut into PIECES as an exact entry of the word-prefix index; None when that index
    cannot answer it. With CUT_TOO a term in several pieces is asked for as all of its pieces' entries (the
    index holds first letters, not where the lexemes stand: a weaker condition every holder meets)."""
    if len(pieces) == 1:
        term = pieces[0]
        if (len(term) == INDEXED_PREFIX) if prefix else (len(term) < INDEXED_PREFIX):
            return _tsquery_operand(term, False)
        return None
    if not cut_too:
        return None
    last = len(pieces) - 1
    return "(" + " & ".join(_tsquery_operand(p[:INDEXED_PREFIX], prefix and i == last and len(p) < INDEXED_PREFIX)
                            for i, p in enumerate(pieces)) + ")"


def _operand(pieces: tuple[str, ...], prefix: bool, *, phrase: bool = True) -> str:
    """A term the server cut into PIECES as an operand of a text query: the lexeme, or the lexemes side by side
    (with PHRASE; else all of them anywhere), the last a prefix with PREFIX."""
    operands = [_tsquery_operand(p, prefix and i == len(pieces) - 1) for i, p in enumerate(pieces)]
    return operands[0] if len(operands) == 1 else "(" + (" <-> " if phrase else " & ").join(operands) + ")"


def server_lexemes(session: Session, terms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each of TERMS cut into lexemes by PostgreSQL's own parser, in order: `to_tsvector('simple', term)`,
    the function the index is made with, so a query asks for what the index holds however the server
    cuts words (its locale decides which letters and marks are a word's, and how it lowers them)."""
    wanted = list(dict.fromkeys(terms))
    if not wanted:
        return {}
    rows = session.execute(text(
        "SELECT t.i, u.lexeme FROM unnest(CAST(:terms AS text[])) WITH ORDINALITY AS t(term, i) "
        "CROSS JOIN LATERAL unnest(to_tsvector('simple'::regconfig, t.term)) AS u ORDER BY t.i, u.positions[1]"),
        {"terms": wanted})
    pieces: dict[str, list[str]] = {t: [] for t in wanted}
    for i, lexeme in rows:
        pieces[wanted[i - 1]].append(lexeme)
    return {t: tuple(p) for t, p in pieces.items()}


def _tsquery_operand(term: str, prefix: bool) -> str:
    return "'" + term.replace("'", "''") + "'" + (":*" if prefix else "")


def _tsquery(name: str, query: str) -> ColumnElement[Any]:
    return func.to_tsquery(literal_column("'simple'::regconfig"), bindparam(name, query))


def threshold_query(terms: list[tuple[str, float]], at_least: float, *, budget: int = 150
                    ) -> tuple[str, bool] | None:
    """A boolean text query true for every document whose TERMS (operand, weight) weigh AT_LEAST together.

    Returns (query, exact). Exact (true for those documents only) when it takes at most
    BUDGET operands: terms heaviest first, "holds the first and the rest weigh what is
    still needed, or lacks it and the rest weigh all of it". Too large (many light
    words), it is written for the heaviest terms only, with the threshold lowered by what
    the others could add: a weaker condition every such document still meets. None when
    even that is too large or would match everything. (The index evaluates the query for
    every document holding any of its words: on 100,000 documents, 150 operands was
    faster than 60, 250 or 400 over ten claims.)
    """
    ordered = sorted(terms, key=lambda t: -t[1])
    for count in range(len(ordered), 0, -1):
        need = at_least - sum(w for _, w in ordered[count:])
        if need <= 1e-9:
            return None  # the kept terms alone need not be there at all
        formula = _threshold(ordered[:count], need, budget)
        if formula is not None:
            return (formula, count == len(ordered)) if isinstance(formula, str) else None
    return None


def _threshold(terms: list[tuple[str, float]], need: float, budget: int) -> str | bool | None:
    """The query for "TERMS weigh at least NEED" (True, False: always, never); None past BUDGET operands."""
    remaining = [0.0] * (len(terms) + 1)
    for i in range(len(terms) - 1, -1, -1):
        remaining[i] = remaining[i + 1] + terms[i][1]
    used = 0

    def build(i: int, need: float) -> str | bool:
        nonlocal used
        if need <= 1e-9:
            return True
        if remaining[i] < need - 1e-9:
            return False
        operand, weight = terms[i]
        used += 1
        if used > budget:
            raise OverflowError
        with_it = build(i + 1, need - weight)
        without = build(i + 1, need)
        holding: str | bool = operand if with_it is True else False if with_it is False else f"{operand} & ({with_it})"
        if without is True:
            return True
        if holding is False:
            return without
        return holding if without is False else f"{holding} | {without}"

    try:
        return build(0, need)
    except OverflowError:
        return None


# Rarity (trace.py weighs a claim's words by how few documents hold them): how many documents hold a word.
# PostgreSQL counts at most DF_CAP documents a word (a word held by more is as common as one held by DF_CAP),
# so that a common word costs a bounded count; SQLite reads the index's own counts and is capped the same.
DF_CAP = 2_000
# Counts are kept per database for the process (a server answers many traces), and read again once the
# number of documents has changed by more than DF_STALE of itself.
DF_STALE = 0.02
EXACT_UP_TO = 50_000
_frequencies: dict[str, tuple[int, dict[tuple[str, bool], int]]] = {}


def document_count(session: Session) -> int:
    """How many documents the archive holds: counted, or on PostgreSQL past EXACT_UP_TO documents the
    planner's estimate (a count there reads the whole table, for a figure that only scales the weights)."""
    if session.get_bind().dialect.name == "postgresql":
        estimate = session.scalar(text("SELECT reltuples FROM pg_class WHERE oid = 'document'::regclass"))
        if estimate is not None and estimate > EXACT_UP_TO:
            return int(estimate)
    return int(session.scalar(text("SELECT count(*) FROM document")) or 0)


def document_frequencies(session: Session, keys: Iterable[tuple[str, bool]], *, total: int | None = None
                         ) -> dict[tuple[str, bool], int]:
    """How many documents hold each word of KEYS (word, prefix: any word starting with it), at most DF_CAP.

    Args:
        session: an open unit of work.
        keys: the words, as `weighted_matches` looks them up.
        total: the number of documents, when the caller has counted them.

    Returns:
        Per key its count; none at all when the index cannot be read so (then words weigh by kind).
    """
    wanted = list(dict.fromkeys(k for k in keys if TERM.fullmatch(k[0])))
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    where = engine.url.render_as_string(hide_password=True)
    n = document_count(session) if total is None else total
    cached = _frequencies.get(where)
    if cached is None or abs(cached[0] - n) > DF_STALE * max(cached[0], 1):
        cached = _frequencies[where] = (n, {})
    known = cached[1]
    todo = [k for k in wanted if k not in known]
    if todo:
        known.update(_sqlite_frequencies(session, todo) if bind.dialect.name == "sqlite"
                     else _pg_frequencies(session, todo))
    return {k: known[k] for k in wanted if k in known}


def _sqlite_frequencies(session: Session, keys: list[tuple[str, bool]]) -> dict[tuple[str, bool], int]:
    """Document counts from the FTS5 index's vocabulary (a prefix sums its words': at most DF_CAP anyway); a word
    the index holds in pieces (a Hindi word, cut at its vowel signs) is counted by a search for them side by side."""
    import unicodedata

    from sqlalchemy.exc import OperationalError

    try:
        session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.prov_fts_vocab "
                             "USING fts5vocab(main, document_fts, row)"))
    except OperationalError:  # (a connection that may not make even a temporary table: no counts)
        return {}
    out = {}
    for term, prefix in keys:
        # (the index keeps words case-folded and without their marks: tokenize 'unicode61 remove_diacritics 2')
        bare = "".join(c for c in unicodedata.normalize("NFD", term.casefold()) if not unicodedata.combining(c))
        if not WORD.fullmatch(bare):
            found = session.scalar(text("SELECT count(*) FROM (SELECT 1 FROM document_fts WHERE document_fts MATCH :q "
                                        "LIMIT :cap)"),
                                   {"q": '"' + term.replace('"', '""') + '"' + ("*" if prefix else ""), "cap": DF_CAP})
        elif prefix:
            found = session.scalar(text("SELECT sum(doc) FROM (SELECT doc FROM temp.prov_fts_vocab "
                                        "WHERE term >= :lo AND term < :hi LIMIT :cap)"),
                                   {"lo": bare, "hi": bare + "\U0010ffff", "cap": DF_CAP})
        else:
            found = session.scalar(text("SELECT doc FROM temp.prov_fts_vocab WHERE term = :t"), {"t": bare})
        out[(term, prefix)] = min(int(found or 0), DF_CAP)
    return out


def _pg_frequencies(session: Session, keys: list[tuple[str, bool]]) -> dict[tuple[str, bool], int]:
    """Document counts from the word-prefix index of migration 0004, DF_CAP at most, all in one query (each word
    as the server cuts it, see `server_lexemes`; one it makes nothing of is in no document)."""
    cut = server_lexemes(session, [t for t, _ in keys])
    out: dict[tuple[str, bool], int] = {k: 0 for k in keys if not cut[k[0]]}
    keys = [k for k in keys if cut[k[0]]]
    parts = []
    for i, (term, prefix) in enumerate(keys):
        entry = _prefix_entry(cut[term], prefix)
        searched = "prov_word_prefixes(search_vector)" if entry else "search_vector"
        parts.append(f"(SELECT count(*) FROM (SELECT 1 FROM document WHERE {searched} @@ "
                     f"to_tsquery('simple'::regconfig, :t{i}) LIMIT {DF_CAP}) s{i})")
    params = {f"t{i}": _prefix_entry(cut[t], p) or _operand(cut[t], p) for i, (t, p) in enumerate(keys)}
    for start in range(0, len(parts), 100):
        chunk = range(start, min(start + 100, len(parts)))
        row = session.execute(text("SELECT " + ", ".join(parts[i] for i in chunk)),
                              {f"t{i}": params[f"t{i}"] for i in chunk}).one()
        out.update({keys[i]: int(c) for i, c in zip(chunk, row, strict=True)})
    return out
