"""Fingerprints of a text: shingle hashes, a MinHash signature with LSH band keys, winnowed hashes.

Shingles are K consecutive content tokens (function words skipped), hashed to 64
bits. Two indexes are built from them:

- MinHash (NUM_PERM permutations by multiply-shift hashing on NumPy) cut into
  BANDS bands of ROWS values, each band hashed to one key. Two texts whose shingle
  sets have Jaccard similarity 0.5 share a band key with probability 0.87, at 0.7
  with probability 0.9998: the index for near-whole-document overlap.
- Winnowing (Schleimer, Wilkerson and Aiken 2003) with window WINDOW keeps the
  smallest hash of every window of shingles. Any run of WINDOW + K - 1 shared
  content tokens (about 15 words of running text) is guaranteed to leave at least
  one common fingerprint, however small a part of either text it is: the index for
  excerpts.

Hashes are derived from BLAKE2b of each token, so they are stable across runs,
machines and Python versions; they are stored as signed 64-bit integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import blake2b

import numpy as np

from provenance.reuse.text import Tokens

K = 3  # content tokens per shingle
WINDOW = 6  # winnowing window, in shingles
NUM_PERM = 128
BANDS, ROWS = 32, 4
VERSION = 1  # bump when anything above changes: stored fingerprints are then rebuilt

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_rng = np.random.Generator(np.random.PCG64(20261123))
_PERM_A = _rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_PERM_B = _rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
_SHINGLE_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9][:K], dtype=np.uint64)
_BAND_MULT = _rng.integers(1, 2**63, ROWS + 1, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


@dataclass
class Fingerprint:
    shingles: np.ndarray  # uint64 hash per shingle position
    positions: np.ndarray  # token index where each shingle starts (into Tokens.words)
    ends: np.ndarray  # token index one past each shingle's last token
    signature: np.ndarray  # uint32[NUM_PERM]; empty when the text has no shingles
    bands: list[int]  # signed 64-bit band keys
    winnowed: list[int]  # signed 64-bit fingerprints, unique


_token_hashes: dict[str, int] = {}


def token_hash(token: str) -> int:
    """A stable 64-bit hash of one normalised token (remembered: a plain dict is the fastest cache)."""
    value = _token_hashes.get(token)
    if value is None:
        if len(_token_hashes) > 250_000:
            _token_hashes.clear()
        value = _token_hashes[token] = int.from_bytes(blake2b(token.encode("utf-8"), digest_size=8).digest(),
                                                      "little")
    return value


def mix(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: spreads the bits of uint64 values."""
    with np.errstate(over="ignore"):
        values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return values ^ (values >> np.uint64(31))


def shingle_hashes(tokens: Tokens) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hash of every K-content-token shingle, with the token range it covers."""
    content = tokens.content
    if len(content) < K:
        empty = np.zeros(0, dtype=np.uint64)
        return empty, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    known = _token_hashes
    words = tokens.words
    hashes = np.fromiter((known.get(words[i]) or token_hash(words[i]) for i in content), dtype=np.uint64,
                         count=len(content))
    n = len(content) - K + 1
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(K):
            combined += hashes[j : j + n] * _SHINGLE_MULT[j]
    index = np.asarray(content, dtype=np.int64)
    return mix(combined), index[:n], index[K - 1 :] + 1


def minhash(shingles: np.ndarray) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32 values) of a set of shingle hashes."""
    if len(shingles) == 0:
        return np.zeros(0, dtype=np.uint32)
    unique = np.unique(shingles)
    with np.errstate(over="ignore"):
        permuted = unique[None, :] * _PERM_A[:, None] + _PERM_B[:, None]
    return (permuted.min(axis=1) >> np.uint64(32)).astype(np.uint32)


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band of a signature."""
    if len(signature) == 0:
        return []
    rows = signature.reshape(BANDS, ROWS).astype(np.uint64)
    with np.errstate(over="ignore"):
        keys = rows @ _BAND_MULT[:ROWS] + np.arange(BANDS, dtype=np.uint64) * _BAND_MULT[ROWS]
    return mix(keys).view(np.int64).tolist()


def winnow(shingles: np.ndarray) -> list[int]:
    """The smallest hash of every window of WINDOW shingles, unique, as signed integers."""
    if len(shingles) == 0:
        return []
    if len(shingles) <= WINDOW:
        chosen = shingles[[int(shingles.argmin())]]
    else:
        windows = np.lib.stride_tricks.sliding_window_view(shingles, WINDOW)
        picks = windows.argmin(axis=1) + np.arange(len(windows))
        chosen = shingles[np.unique(picks)]
    return np.unique(chosen).view(np.int64).tolist()


def fingerprint(tokens: Tokens) -> Fingerprint:
    """Every fingerprint of one tokenised text."""
    shingles, positions, ends = shingle_hashes(tokens)
    signature = minhash(shingles)
    return Fingerprint(shingles, positions, ends, signature, band_keys(signature), winnow(shingles))
