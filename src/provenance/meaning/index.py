"""The sentence vectors a process holds for one database, and their search.

Vectors are held as they are stored (int8 values and a scale per vector, a quarter of float32: 2.5
million sentences, 100,000 articles, take about 1 GB instead of 3.9). Up to EXACT_UP_TO sentences every
one is compared with the claim. Past that, an index of one bit per dimension: the sign of each
vector's difference from the mean of the held vectors (the centre, fixed when the index is made:
e5's vectors share a large common part, and the sign of the raw values says little). A claim's
nearest sentences are then found among the RESCORED_SHARE (5%, at least RESCORED_LEAST) whose bits
differ least from the claim's, compared with it exactly (int8): 48 bytes a sentence scanned instead
of 1.5 kB of float32. The answer is the exact one unless a sentence above the threshold falls outside
the rescored ones: on real sentences (benchmarks/vector_search.py --recall) every sentence at >= 0.86
from a paraphrased claim was within the closest 2% by its bits, and of translated claims' documents
the exact scan finds, the index found 385 of 386 (the one missed: another page at 0.860, a sentence
near the centre, whose signs say little). With the signs of the raw values, 0.76 and 0.69 of the
sentences were within 2%. 2.5 million sentences held: a search takes 0.15 CPU-s.

Consistent with the database by construction: rows written since are appended (their bits computed
with the same centre) before any search, and a row removed makes the holder read all again
(store.loaded); nothing is kept between processes.
"""

from __future__ import annotations

import threading

import numpy as np

from provenance.meaning.model import DIMENSIONS

EXACT_UP_TO = 50_000  # sentences held: up to this many, every one is compared with the claim
RESCORED_SHARE = 0.05  # of the held sentences, those nearest by their bits that are compared exactly
RESCORED_LEAST = 10_000
CHUNK = 131_072  # sentences converted to float32 at once (bounds the scan's scratch memory)
RESCORE_CHUNK = 16_384  # sentences gathered and rescored at once (their float32 stays in the cache)
WORDS = DIMENSIONS // 64  # uint64 words of a sentence's bits


def _grown(buffer: np.ndarray, used: int, more: int) -> np.ndarray:
    """BUFFER with room for MORE rows past USED (doubling, so appending one row at a time stays cheap)."""
    if used + more <= len(buffer):
        return buffer
    bigger = np.empty((max(2 * len(buffer), used + more, 1024), *buffer.shape[1:]), dtype=buffer.dtype)
    bigger[:used] = buffer[:used]
    return bigger


def bits(values: np.ndarray, scales: np.ndarray, center: np.ndarray) -> np.ndarray:
    """Each vector's signs of (vector - CENTER), packed: WORDS x n uint64 (a word of every sentence
    together, so a search XORs and counts long runs)."""
    out = np.empty((WORDS, len(values)), dtype=np.uint64)
    for at in range(0, len(values), CHUNK):
        block = values[at:at + CHUNK].astype(np.float32) * scales[at:at + CHUNK, None]
        packed = np.packbits(block > center, axis=1)
        out[:, at:at + CHUNK] = packed.view(np.uint64).T
    return out


def _grown_columns(buffer: np.ndarray, used: int, more: int) -> np.ndarray:
    """A WORDS x capacity BUFFER with room for MORE columns past USED."""
    if used + more <= buffer.shape[1]:
        return buffer
    bigger = np.empty((WORDS, max(2 * buffer.shape[1], used + more, 1024)), dtype=buffer.dtype)
    bigger[:, :used] = buffer[:, :used]
    return bigger


def distances(codes: np.ndarray, n: int, mine: np.ndarray) -> np.ndarray:
    """How many bits of each of the first N held sentences differ from MINE (n uint16)."""
    out = np.zeros(n, dtype=np.uint16)
    word = np.empty(n, dtype=np.uint64)
    counted = np.empty(n, dtype=np.uint8)
    for k in range(WORDS):
        np.bitwise_xor(codes[k, :n], mine[k], out=word)
        np.bitwise_count(word, out=counted)
        out += counted
    return out


def closest(distance: np.ndarray, take: int) -> np.ndarray:
    """The rows of the (about) TAKE least distances, in row order: every row up to the distance at which
    TAKE are reached (a count per distance is cheaper than partitioning millions)."""
    counts = np.bincount(distance, minlength=DIMENSIONS + 1)
    cut = int(np.searchsorted(np.cumsum(counts), take))
    return np.flatnonzero(distance <= cut)


def _dot(values: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Each int8 row of VALUES dotted with QUERY, by numpy's own loop: BLAS would start threads that spin
    for a product this small (three times the CPU time on the shared machine)."""
    return np.einsum("ij,j->i", values.astype(np.float32), query)


class Held:
    """The vectors of one database as a process holds them: one row per sentence, in the order written."""

    def __init__(self, *, exact_up_to: int | None = None) -> None:
        self.last_id = 0  # the last meaning_document row read
        self.count = 0  # meaning_document rows read
        self.size = 0  # sentences held
        self.exact_up_to = EXACT_UP_TO if exact_up_to is None else exact_up_to
        self.documents = np.zeros(0, dtype=np.int64)
        self.spans = np.zeros((0, 2), dtype=np.int32)
        self.values = np.zeros((0, DIMENSIONS), dtype=np.int8)
        self.scales = np.zeros(0, dtype=np.float32)
        self.codes: np.ndarray | None = None
        self.center: np.ndarray | None = None
        self.lock = threading.Lock()

    @property
    def indexed(self) -> bool:
        """Whether searches go through the bits (else every sentence is compared)."""
        return self.codes is not None

    def nbytes(self) -> int:
        """Memory the held sentences take (their share of the buffers)."""
        n = self.size
        per = 8 + 8 + DIMENSIONS + 4 + (WORDS * 8 if self.codes is not None else 0)
        return n * per

    def extend(self, documents: np.ndarray, spans: np.ndarray, values: np.ndarray, scales: np.ndarray) -> None:
        """Append sentences (their document ids, spans, int8 values and scales), indexing them when the
        index is made, and making it once the held sentences pass exact_up_to."""
        more, used = len(documents), self.size
        if not more:
            return
        with self.lock:
            self.documents = _grown(self.documents, used, more)
            self.spans = _grown(self.spans, used, more)
            self.values = _grown(self.values, used, more)
            self.scales = _grown(self.scales, used, more)
            self.documents[used:used + more] = documents
            self.spans[used:used + more] = spans
            self.values[used:used + more] = values
            self.scales[used:used + more] = scales
            if self.codes is not None and self.center is not None:
                self.codes = _grown_columns(self.codes, used, more)
                self.codes[:, used:used + more] = bits(values, scales, self.center)
            self.size = used + more
            if self.codes is None and self.size > self.exact_up_to:
                self._make_index()

    def _make_index(self) -> None:
        """The centre (mean of up to 100,000 held vectors, evenly spread) and every held sentence's bits."""
        n = self.size
        sample = np.linspace(0, n - 1, num=min(n, 100_000)).astype(np.int64)
        self.center = (self.values[sample].astype(np.float32) * self.scales[sample, None]).mean(axis=0)
        codes = np.empty((WORDS, len(self.values)), dtype=np.uint64)
        codes[:, :n] = bits(self.values[:n], self.scales[:n], self.center)
        self.codes = codes

    def search(self, vector: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """The LIMIT held sentences most similar to VECTOR (indexes into the held rows, and their
        similarities), most similar first."""
        query = np.asarray(vector, dtype=np.float32).reshape(DIMENSIONS)
        with self.lock:
            n, values, scales, codes, center = self.size, self.values, self.scales, self.codes, self.center
        if n == 0 or limit <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if codes is None or center is None:
            rows = np.arange(n)
            sims = np.empty(n, dtype=np.float32)
            for at in range(0, n, CHUNK):
                end = min(n, at + CHUNK)
                sims[at:end] = _dot(values[at:end], query) * scales[at:end]
        else:
            mine = np.packbits(query > center).view(np.uint64)
            take = min(n, max(RESCORED_LEAST, int(n * RESCORED_SHARE), limit))
            rows = closest(distances(codes, n, mine), take)
            sims = np.empty(len(rows), dtype=np.float32)
            for at in range(0, len(rows), RESCORE_CHUNK):  # a block at a time: float32 of all would be 190 MB
                block = rows[at:at + RESCORE_CHUNK]
                sims[at:at + len(block)] = _dot(values[block], query) * scales[block]
        take = min(limit, len(sims))
        top = np.argpartition(-sims, take - 1)[:take] if take < len(sims) else np.arange(len(sims))
        top = top[np.argsort(-sims[top], kind="stable")]
        return rows[top], sims[top]
