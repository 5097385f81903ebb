"""Which MinHash implementation: our NumPy one, datasketch, or rensa, on the same shingles.

Needs the `bench` extra (datasketch, rensa): `make bench-deps`.

    .venv/bin/python benchmarks/minhash_impl.py [--docs N]

Each gets the same documents' shingles (prov's content-word shingles, as their
hashes or as strings) and computes 128-permutation signatures. Prints signatures
per second and how closely each estimates the true Jaccard similarity of pairs of
overlapping documents (mean absolute error), so the choice rests on figures.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

from provenance.reuse.fingerprint import NUM_PERM, minhash, shingle_hashes
from provenance.reuse.text import tokenise

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reuse_corpus  # noqa: E402
from needs import require  # noqa: E402


def documents(n: int) -> list[str]:
    rng = random.Random(3)
    bases, _ = reuse_corpus.load_bases()
    model = reuse_corpus.Bigram(bases, rng)
    docs = []
    for i in range(n):
        if i % 2 and docs:
            # Every other document overlaps the previous one by a random share.
            words = docs[-1].split()
            keep = rng.uniform(0.2, 0.9)
            cut = int(len(words) * keep)
            docs.append(" ".join(words[:cut]) + " " + model.text(int(len(words) * (1 - keep))))
        else:
            docs.append(model.text(600))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    require(__file__, "bench", "datasketch", "rensa")
    texts = documents(args.docs)
    hashed = []
    strings = []
    for t in texts:
        tokens = tokenise(t)
        h, _, _ = shingle_hashes(tokens)
        hashed.append(h)
        content = [tokens.words[i] for i in tokens.content]
        strings.append([" ".join(content[i:i + 3]) for i in range(max(0, len(content) - 2))])
    truth = []
    for i in range(1, len(hashed), 2):
        a, b = set(hashed[i - 1].tolist()), set(hashed[i].tolist())
        truth.append(len(a & b) / len(a | b) if a | b else 0.0)

    results: dict[str, tuple[float, float]] = {}

    start = time.perf_counter()
    ours = [minhash(h) for h in hashed]
    elapsed = time.perf_counter() - start
    est = [float(np.mean(ours[i - 1] == ours[i])) for i in range(1, len(ours), 2)]
    results["prov (NumPy, multiply-shift)"] = (len(texts) / elapsed, float(np.mean(np.abs(np.subtract(est, truth)))))

    from datasketch import MinHash
    from rensa import RMinHash

    start = time.perf_counter()
    sketches = []
    for s in strings:
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([x.encode() for x in s])
        sketches.append(m)
    elapsed = time.perf_counter() - start
    est = [sketches[i - 1].jaccard(sketches[i]) for i in range(1, len(sketches), 2)]
    results["datasketch MinHash.update_batch"] = (len(texts) / elapsed, float(np.mean(np.abs(np.subtract(est, truth)))))

    start = time.perf_counter()
    rs = []
    for s in strings:
        m = RMinHash(num_perm=NUM_PERM, seed=42)
        m.update(s)
        rs.append(m)
    elapsed = time.perf_counter() - start
    est = [rs[i - 1].jaccard(rs[i]) for i in range(1, len(rs), 2)]
    results["rensa RMinHash"] = (len(texts) / elapsed, float(np.mean(np.abs(np.subtract(est, truth)))))

    print(f"{len(texts)} documents of about 600 words, {NUM_PERM} permutations")
    print(f"{'implementation':34} {'signatures/s':>12} {'Jaccard MAE':>12}")
    for name, (rate, mae) in results.items():
        print(f"{name:34} {rate:12.0f} {mae:12.4f}")


if __name__ == "__main__":
    main()
