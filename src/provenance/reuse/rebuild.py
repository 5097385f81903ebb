"""`prov reindex`: the phases that rebuild the whole reuse index in bulk, resumably.

`provenance.derived.derive_all` runs them, with the rest of the derived data. Each
phase is committed in batches so an interrupted rebuild resumes where it stopped
(the phase is kept in `reuse_state`):

1. fingerprint: every document's signature, band keys and postings (and the rest
   of its derived rows that need only its text), computed in worker processes and
   written without the per-document cap checks (on PostgreSQL by COPY, into the
   fingerprint tables stripped of their keys);
2. cap: fingerprints over POSTING_CAP documents move to `reuse_common` and band
   keys keep their first BAND_CAP documents, in two set-based statements; then
   the keys are made again;
3. link: each document is aligned with its candidates among the documents stored
   before it (so each pair is compared once), alignments in worker processes;
4. lineage: the lineage edges of every document with evidence, oldest first, with
   people's corrections applied again.

The result is the same index that ingesting the documents one by one builds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from provenance.config import ANALYSED_CHARS
from provenance.db import Database
from provenance.lineage import update_lineage
from provenance.models import (
    Attribution,
    Correction,
    Document,
    LineageEdge,
    ReuseBand,
    ReuseLink,
    ReusePosting,
    ReuseSignature,
    ReuseState,
    table_of,
)
from provenance.reuse import meaningful
from provenance.reuse.fingerprint import VERSION
from provenance.reuse.index import (
    BAND_CAP,
    MAX_CANDIDATES,
    MIN_SHARED_SHORT,
    POSTING_CAP,
    Candidate,
    analyse,
    compare,
    link_row,
    min_shared,
)
from provenance.reuse.rare import rare_candidates
from provenance.reuse.text import tokenise
from provenance.workers import process_pool

BATCH = 500
LINK_BATCH = 200  # documents whose candidate lookups are made together
Progress = Callable[[str, int, int], None]  # phase, done, total


@dataclass
class ReindexResult:
    documents: int
    links: int
    resumed: bool


@dataclass
class LinkJob:
    document_id: int
    text: str
    outlet_id: int | None
    holders: dict[int, list[int]]
    found: list[Candidate]
    vectors: meaningful.Stored | None = None  # its sentence vectors, when the meaning layer is on


def link_job(job: LinkJob) -> list[dict[str, Any]]:
    """Reuse link rows of one document against its candidates (in a worker)."""
    pairs = compare(job.document_id, analyse(job.text), job.outlet_id, job.holders, job.found, vectors=job.vectors)
    return [link_row(job.document_id, other, al) for other, al in pairs]


@contextmanager
def worker_map(processes: int) -> Iterator[Callable[..., Iterator[Any]]]:
    if processes <= 1:
        yield map
        return
    with process_pool(processes) as pool:
        yield lambda fn, items: pool.map(fn, items, chunksize=8)


def get_state(session: Session) -> str | None:
    return session.scalar(select(ReuseState.value).where(ReuseState.key == "phase"))


def set_state(session: Session, phase: str) -> None:
    session.execute(delete(ReuseState).where(ReuseState.key == "phase"))
    session.execute(insert(ReuseState), [{"key": "phase", "value": phase}])


def vacuum_load_tables(db: Database) -> None:
    """On PostgreSQL, mark the fingerprint tables' pages all-visible, so the link phase's lookups are
    answered from their indexes alone (VACUUM runs outside a transaction: 7 s at 100,000 documents)."""
    if db.dialect != "postgresql":
        return
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for table, _ in LOADED:
            conn.exec_driver_sql(f"VACUUM {table}")


def fingerprint_all(db: Database, run: Callable[..., Iterator[Any]], report: Progress, *,
                    job: Callable[[tuple[int, str | None, str]], Any], write: Callable[[Session, list[Any]], None]
                    ) -> None:
    """Every document without fingerprints gets them, in batches: JOB computes one document's rows from
    (id, title, text) in the workers, WRITE stores a batch of them; the workers compute the next batch
    while this process writes the last one."""
    with db.session() as session:
        total = session.scalar(select(func.count()).select_from(Document)) or 0
        done = session.scalar(select(func.count()).select_from(ReuseSignature)) or 0
    report("fingerprint", done, total)

    def fetch(after: int) -> list[Any]:
        with db.session() as session:
            return list(session.execute(
                select(Document.id, Document.title, Document.text)
                .outerjoin(ReuseSignature, ReuseSignature.document_id == Document.id)
                .where(ReuseSignature.document_id.is_(None), Document.id > after)
                .order_by(Document.id).limit(BATCH)
            ).all())

    batch = fetch(0)
    results = run(job, [(r.id, r.title, r.text) for r in batch]) if batch else iter(())
    while batch:
        computed = list(results)
        following = fetch(batch[-1].id)
        results = run(job, [(r.id, r.title, r.text) for r in following]) if following else iter(())
        with db.session() as session, session.begin():
            write(session, computed)
        done += len(batch)
        report("fingerprint", done, total)
        batch = following
    with db.session() as session, session.begin():
        set_state(session, "cap")


def write_pairs(session: Session, table: str, key: str, rows: list[tuple[int, int]]) -> None:
    """(key, document_id) rows into a fingerprint table: by COPY on PostgreSQL, several times faster there."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(f"COPY {table} ({key}, document_id) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    session.execute(text(f"INSERT INTO {table} ({key}, document_id) VALUES (:k, :d)"),
                    [{"k": k, "d": d} for k, d in rows])


# The fingerprint tables' keys, dropped on PostgreSQL while a rebuild loads them and made again
# after (building an index once is far cheaper than keeping it up to date over ten million inserts).
LOADED = (("reuse_posting", "hash"), ("reuse_band", "key"))


def drop_load_keys(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    for table, _ in LOADED:
        session.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS pk_{table}"))
        session.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS fk_{table}_document_id_document"))
        session.execute(text(f"DROP INDEX IF EXISTS ix_{table}_document_id"))


def restore_load_keys(session: Session) -> None:
    """The keys `drop_load_keys` dropped, made again where missing (rows of documents deleted meanwhile go)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for table, key in LOADED:
        if session.scalar(text("SELECT count(*) FROM pg_constraint WHERE conname = :name"), {"name": f"pk_{table}"}):
            continue
        session.execute(text(f"DELETE FROM {table} t WHERE NOT EXISTS "
                             "(SELECT 1 FROM document d WHERE d.id = t.document_id)"))
        session.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY ({key}, document_id)"))
        session.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{table}_document_id ON {table} (document_id)"))
        session.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT fk_{table}_document_id_document FOREIGN KEY "
                             "(document_id) REFERENCES document (id) ON DELETE CASCADE"))
        session.execute(text(f"ANALYZE {table}"))


def apply_caps(db: Database) -> None:
    """Move over-common fingerprints to reuse_common; keep the first BAND_CAP documents per band key;
    then the fingerprint tables' keys, if a rebuild dropped them to load faster."""
    with db.session() as session, session.begin():
        session.execute(text(
            "INSERT INTO reuse_common (hash) SELECT hash FROM reuse_posting GROUP BY hash HAVING count(*) > :cap "
            "EXCEPT SELECT hash FROM reuse_common"), {"cap": POSTING_CAP})
        session.execute(text("DELETE FROM reuse_posting WHERE hash IN (SELECT hash FROM reuse_common)"))
        session.execute(text(
            "DELETE FROM reuse_band WHERE (key, document_id) IN (SELECT key, document_id FROM "
            "(SELECT key, document_id, row_number() OVER (PARTITION BY key ORDER BY document_id) AS n "
            "FROM reuse_band) AS ranked WHERE n > :cap)"), {"cap": BAND_CAP})
        restore_load_keys(session)
        set_state(session, "link")


def link_all(db: Database, run: Callable[..., Iterator[Any]], report: Progress) -> None:
    """Every document not yet linked is aligned with its candidates, in batches; this process looks up
    the next batch's candidates while the workers align the last one."""
    with db.session() as session:
        total = session.scalar(select(func.count()).select_from(ReuseSignature)) or 0
        todo = session.scalar(select(func.count()).select_from(ReuseSignature).where(
            ReuseSignature.linked.is_(False))) or 0
    done = total - todo
    report("link", done, total)

    def plan(after: int) -> tuple[list[int], list[LinkJob]]:
        with db.session() as session:
            ids = list(session.scalars(
                select(ReuseSignature.document_id)
                .where(ReuseSignature.linked.is_(False), ReuseSignature.document_id > after)
                .order_by(ReuseSignature.document_id).limit(LINK_BATCH)))
            return ids, plan_links(session, ids) if ids else []

    ids, jobs = plan(0)
    results = run(link_job, jobs)
    while ids:
        following, following_jobs = plan(ids[-1])
        rows = [row for result in results for row in result]
        results = run(link_job, following_jobs)
        with db.session() as session, session.begin():
            # A link found from both ends (a document ingested during the rebuild) is stored once.
            unique = {(r["document_a_id"], r["document_b_id"]): r for r in rows}
            if unique:
                session.execute(insert(table_of(ReuseLink)), list(unique.values()))
            session.execute(update(ReuseSignature).where(ReuseSignature.document_id.in_(ids)).values(linked=True))
        done += len(ids)
        report("link", done, total)
        ids = following


def lineage_all(db: Database, report: Progress) -> None:
    """Every document's lineage edges again, from its evidence, oldest first.

    Only documents with evidence (a credit, a reuse link or a correction) can have
    edges; the rest are skipped. Manual corrections are kept and applied again.
    """
    with db.session() as session, session.begin():
        session.execute(delete(LineageEdge))
        with_evidence = set(session.scalars(select(Attribution.document_id).distinct()))
        with_evidence |= set(session.scalars(select(ReuseLink.document_a_id).distinct()))
        with_evidence |= set(session.scalars(select(ReuseLink.document_b_id).distinct()))
        with_evidence |= set(session.scalars(select(Correction.derived_id).distinct()))
        order = [row.id for row in session.execute(
            select(Document.id, Document.published).where(Document.id.in_(with_evidence)))
            .all()] if with_evidence else []
        dates = dict(session.execute(select(Document.id, Document.published)
                                     .where(Document.id.in_(with_evidence))).all()) if with_evidence else {}
    order.sort(key=lambda d: (dates.get(d) or dt.date.max, d))
    report("lineage", 0, len(order))
    for start in range(0, len(order), BATCH):
        with db.session() as session, session.begin():
            update_lineage(session, order[start:start + BATCH])
            if start + BATCH >= len(order):
                set_state(session, "done")
        report("lineage", min(start + BATCH, len(order)), len(order))


def pair_counts(session: Session, table: Any, key: str, ids: list[int], *, least: int
                ) -> dict[int, dict[int, int]]:
    """For each document of IDS, the earlier documents sharing at least LEAST values of KEY with it
    in TABLE, and how many: one indexed self-join, counted by the database."""
    mine, theirs = table.alias("mine"), table.alias("theirs")
    counts: dict[int, dict[int, int]] = {i: {} for i in ids}
    for me, other, n in session.execute(
            select(mine.c.document_id, theirs.c.document_id, func.count())
            .join(theirs, theirs.c[key] == mine.c[key])
            .where(mine.c.document_id.in_(ids), theirs.c.document_id < mine.c.document_id)
            .group_by(mine.c.document_id, theirs.c.document_id)
            .having(func.count() >= least)):
        counts[me][other] = n
    return counts


def plan_links(session: Session, ids: list[int]) -> list[LinkJob]:
    """For a batch of documents: their candidates among earlier documents, with the texts to align.

    The shared-fingerprint counts and band hits of the whole batch come from two indexed self-joins,
    counted by the database; only pairs that qualify come back. The fingerprints shared with
    candidates of the document's own outlet (for recognising site chrome) are fetched for those alone.
    """
    docs = {row.id: row for row in session.execute(
        select(Document.id, Document.text, Document.outlet_id).where(Document.id.in_(ids)))}
    shared_of = pair_counts(session, table_of(ReusePosting), "hash", ids, least=MIN_SHARED_SHORT)
    bands_of = pair_counts(session, table_of(ReuseBand), "key", ids, least=1)
    mine, theirs = table_of(ReusePosting).alias("mine"), table_of(ReusePosting).alias("theirs")
    others = {d for shared in shared_of.values() for d in shared} | set(ids)
    sizes = dict(session.execute(select(ReuseSignature.document_id, ReuseSignature.tokens)
                                 .where(ReuseSignature.document_id.in_(others))).all())
    plans: list[tuple[int, list[int]]] = []
    wanted: set[int] = set()
    for document_id in ids:
        shared, band_hits = shared_of[document_id], bands_of[document_id]
        own_size = sizes.get(document_id, 0)
        found = {d for d, n in shared.items() if n >= min_shared(min(own_size, sizes.get(d, 0)))} | set(band_hits)
        chosen = sorted(found, key=lambda d: (-band_hits.get(d, 0), -shared.get(d, 0), d))[:MAX_CANDIDATES]
        chosen += [d for d in rare_candidates(session, document_id, tokenise(docs[document_id].text[:ANALYSED_CHARS]),
                                              below=document_id) if d not in chosen]
        if chosen:
            plans.append((document_id, chosen))
            wanted.update(chosen)
    texts = {row.id: row for row in session.execute(
        select(Document.id, Document.text, Document.outlet_id).where(Document.id.in_(wanted)))} if wanted else {}
    vectors = meaningful.stored_vectors(session, sorted(wanted | {d for d, _ in plans}))
    jobs = []
    for document_id, chosen in plans:
        outlet = docs[document_id].outlet_id
        same_outlet = [c for c in chosen if outlet is not None and texts[c].outlet_id == outlet]
        holders: dict[int, list[int]] = {}
        if same_outlet:
            for h, other in session.execute(
                    select(mine.c.hash, theirs.c.document_id).join(theirs, theirs.c.hash == mine.c.hash)
                    .where(mine.c.document_id == document_id, theirs.c.document_id.in_(same_outlet))):
                holders.setdefault(h, []).append(other)
        jobs.append(LinkJob(document_id, docs[document_id].text, outlet, holders,
                            [Candidate(c, texts[c].outlet_id, texts[c].text, vectors.get(c)) for c in chosen],
                            vectors.get(document_id)))
    return jobs


__all__ = ["VERSION", "ReindexResult"]
