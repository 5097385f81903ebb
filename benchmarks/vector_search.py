"""What the search of sentence vectors costs as an archive grows (provenance.meaning.store.nearest).

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/vector_search.py [--sentences 25000,250000,2500000]

For each size, a fresh SQLite archive gets that many sentence vectors (random unit vectors, packed
as prov stores them; 25 a document, about what an article of 600 words has) written straight into
its tables, and a claim's nearest sentences are looked up twice in one process: the first lookup
reads every vector from the database (what a one-shot `prov trace` pays), the second finds them in
the process's memory and reads only the count (what `prov serve` pays per trace). Printed: both
times, and the memory the vectors take. 100,000 documents of 25 sentences are 2,500,000 sentences.

Measured 2026-12-01 on the 2-core machine shared with other sessions (load average 5-9, so each
figure is an upper bound; the same 250,000 took 2.6 s and 9.9 s cold in two runs):

| sentences | documents | first lookup (reads all) | next lookup (in memory) | memory |
|---|---|---|---|---|
| 25,000 | 1,000 | 0.13 s | 0.005 s | 39 MB |
| 250,000 | 10,000 | 9.88 s | 0.182 s | 390 MB |
| 2,500,000 | 100,000 | 123.55 s | 4.026 s | 3,900 MB (peak RSS 10 GB) |

An exact scan does not meet the 0.5 s trace target at 100,000 documents, even from memory: that
needs an index of the vectors (none installs here: see meaning/store.py).
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np

from provenance.db import Database
from provenance.meaning.model import DIMENSIONS, MODEL_NAME
from provenance.meaning.store import _cache, nearest, pack

PER_DOCUMENT = 25


def fill(path: Path, sentences: int) -> None:
    """SENTENCES random unit vectors, PER_DOCUMENT to a document id (no document rows: foreign keys off)."""
    conn = sqlite3.connect(path)
    rng = np.random.default_rng(7)
    spans = np.zeros((PER_DOCUMENT, 2), dtype="<i4").tobytes()
    done, document = 0, 0
    while done < sentences:
        rows = []
        for _ in range(1_000):
            n = min(PER_DOCUMENT, sentences - done)
            if n <= 0:
                break
            block = rng.standard_normal((n, DIMENSIONS)).astype(np.float32)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            document += 1
            rows.append((document, MODEL_NAME, n, spans[:n * 8], pack(block)))
            done += n
        conn.executemany("INSERT INTO meaning_document (document_id, model, units, spans, vectors) "
                         "VALUES (?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", default="25000,250000,2500000")
    args = parser.parse_args()
    print("| sentences | documents | first lookup (reads all) | next lookup (in memory) | memory |")
    print("|---|---|---|---|---|")
    for size in [int(s) for s in args.sentences.split(",")]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "prov.db"
            db = Database(f"sqlite:///{path}")
            db.ensure_schema()
            fill(path, size)
            query = np.random.default_rng(1).standard_normal(DIMENSIONS).astype(np.float32)
            query /= np.linalg.norm(query)
            _cache.clear()
            times = []
            with db.session() as session:
                for _ in range(2):
                    start = time.perf_counter()
                    nearest(session, query, limit=200, at_least=0.0)
                    times.append(time.perf_counter() - start)
            held = next(iter(_cache.values()))
            megabytes = (held.matrix.nbytes + held.documents.nbytes + held.spans.nbytes) / 1e6
            db.dispose()
            print(f"| {size:,} | {size // PER_DOCUMENT:,} | {times[0]:.2f} s | {times[1]:.3f} s | {megabytes:,.0f} MB |"
                  f" (peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:,.0f} MB)")
            _cache.clear()


if __name__ == "__main__":
    main()
