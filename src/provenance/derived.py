"""Derived data: what prov computes from the stored documents, and can compute again from them alone.

Three kinds, written in this order, each reading what the one before wrote:

1. the reuse index (reuse/): each document's fingerprints (signature, band keys,
   postings) and its reuse links with the documents stored before it;
2. pairs of characters (grams.py), so that claims in scripts written without
   spaces are found;
3. lineage edges (lineage.py), from credits, reuse links and people's corrections.

The sequence is composed here and nowhere else. Ingest derives one document's data
in the transaction that stores it (`derive_document`, from the analysis its
extraction worker made); `prov reindex` and `prov import` derive every document's in
bulk and resumably (`derive_all`): per-document data in worker processes, batch by
batch (`document_rows`, `write_rows`), then the caps of the index, the links, the
lineage. Both give the same rows.

More derived data (sentence vectors, say) goes in three places: its per-document
form in `derive_document`, its bulk form as a field of `DocumentRows` (computed in
`document_rows`, written by `write_rows`), and, when it needs every document
first, a phase of `derive_all`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from provenance.db import Database
from provenance.grams import document_pairs, insert_grams, write_grams
from provenance.lineage import update_for
from provenance.models import ReuseBand, ReuseCommon, ReuseLink, ReusePosting, ReuseSignature, ReuseState, table_of
from provenance.reuse import rebuild
from provenance.reuse.index import analyse, index_document, signature_row
from provenance.reuse.translated import link_all_translations, link_translations

if TYPE_CHECKING:
    from provenance.ingest.analysis import Analysis


def translations_for(session: Session, document_ids: list[int]) -> None:
    """Link documents given sentence vectors after they were stored (`prov reindex --vectors`) with their
    translations, and their lineage again where one was found."""
    for document_id in document_ids:
        if link_translations(session, document_id):
            update_for(session, document_id)


def derive_document(session: Session, document_id: int, *, title: str | None, outlet_id: int | None,
                    analysis: Analysis, replace: bool) -> None:
    """A new or revised document's derived data, in the caller's transaction (the one storing it).

    Args:
        session: the unit of work storing the document.
        document_id: the stored document.
        title: its title as stored.
        outlet_id: its outlet, so its site's own repeated text is recognised.
        analysis: the analysis of its text (ingest/analysis.py).
        replace: the document was stored before (a revision): the derived data it had goes first.
    """
    index_document(session, document_id, analysis.text, outlet_id, analysed=analysis.reuse, new=not replace)
    write_grams(session, document_id, title, analysis.text, replace=replace, body_pairs=analysis.grams)
    # (more derived data of one document: here, before the lineage, which may read it)
    link_translations(session, document_id)  # (its sentence vectors are stored first: ingest/store.py)
    update_for(session, document_id)


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """One document's derived rows that need only its own text, computed in a worker during a rebuild."""

    signature: dict[str, Any]  # its reuse_signature row
    bands: list[int]  # LSH band keys
    postings: list[int]  # winnowed fingerprints
    grams: list[str]  # pairs of characters, sorted (none: no row)


def document_rows(item: tuple[int, str | None, str]) -> DocumentRows:
    """The derived rows of one document (DOCUMENT_ID, TITLE, TEXT) that need only its text (in a worker)."""
    document_id, title, body = item
    analysed = analyse(body)
    return DocumentRows(signature_row(document_id, analysed, linked=False), analysed.fingerprint.bands,
                        analysed.fingerprint.winnowed, document_pairs(title, body))


def write_rows(session: Session, computed: list[DocumentRows]) -> None:
    """A batch of documents' rows, in the caller's transaction: the fingerprints without the per-document
    cap checks (the cap phase applies them to all at once), the pairs."""
    bands: list[tuple[Any, int]] = []
    postings: list[tuple[Any, int]] = []
    for rows in computed:
        document_id = rows.signature["document_id"]
        bands.extend((k, document_id) for k in set(rows.bands))
        postings.extend((h, document_id) for h in rows.postings)
        insert_grams(session, document_id, rows.grams)
    if computed:
        session.execute(insert(table_of(ReuseSignature)), [rows.signature for rows in computed])
    rebuild.write_pairs(session, "reuse_band", "key", bands)
    rebuild.write_pairs(session, "reuse_posting", "hash", postings)


def clear_all(session: Session) -> None:
    """Every document's derived data that a rebuild makes again (people's corrections stay)."""
    for table in (ReuseLink, ReuseBand, ReusePosting, ReuseCommon, ReuseSignature):
        session.execute(delete(table))
    session.execute(text("DELETE FROM document_grams"))
    rebuild.drop_load_keys(session)


def derive_all(db: Database, *, processes: int, progress: rebuild.Progress | None = None, restart: bool = False,
               imported: bool = False) -> rebuild.ReindexResult:
    """Every document's derived data, made again in bulk; resumed where an interrupted run stopped.

    Phases, each committed in batches (the phase is kept in `reuse_state`): documents (fingerprints and
    pairs, in worker processes), cap (over-common fingerprints leave the index), link (reuse links with
    earlier documents), lineage (every document's edges, people's corrections applied again).

    Args:
        db: the database.
        processes: worker processes for the per-document rows and the alignments.
        progress: called with (phase, done, total) as batches complete.
        restart: discard the progress of an interrupted run and start again.
        imported: the documents were just restored from an export that carries their reuse links and
            lineage edges: those are kept, not made again.

    Returns:
        Documents indexed, links stored, and whether an interrupted run was resumed.
    """
    report = progress or (lambda phase, done, total: None)
    with db.session() as session, session.begin():
        phase = rebuild.get_state(session)
        resumed = phase is not None and not restart and not imported
        if not resumed:
            if imported:
                rebuild.drop_load_keys(session)  # (the export brought links and edges: only those go in again)
            else:
                clear_all(session)
            rebuild.set_state(session, "fingerprint")
            phase = "fingerprint"
    with rebuild.worker_map(processes) as run:
        if phase == "fingerprint":
            rebuild.fingerprint_all(db, run, report, job=document_rows, write=write_rows)
            phase = "cap"
        if phase == "cap":
            rebuild.apply_caps(db)
            rebuild.vacuum_load_tables(db)
            phase = "link"
        if phase == "link" and imported:
            with db.session() as session, session.begin():
                session.execute(table_of(ReuseSignature).update().values(linked=True))
            phase = "done"
        if phase == "link":
            rebuild.link_all(db, run, report)
            phase = "lineage"
        if phase == "lineage":
            link_all_translations(db, report)  # (again when resumed here: it skips the pairs it linked)
            rebuild.lineage_all(db, report)
    with db.session() as session, session.begin():
        session.execute(delete(ReuseState).where(ReuseState.key == "phase"))
        documents = session.scalar(select(func.count()).select_from(ReuseSignature)) or 0
        links = session.scalar(select(func.count()).select_from(ReuseLink)) or 0
    return rebuild.ReindexResult(documents, links, resumed)
