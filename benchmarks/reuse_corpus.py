"""A labelled text-reuse corpus of any size, generated from realistic text.

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/reuse_corpus.py OUT_DIR [--families N] [--seed S]

Base articles are the real article texts of ../shared/realworld/scrapinghub (read
at run time, never stored in the project) when that folder exists, else texts
written by a word-bigram model trained on the project's own fixtures. They are
split in two: origins of story families, and a pool for filler text and
distractors. For each family the generator writes:

- the origin with one site's chrome (masthead, navigation, newsletter and
  copyright lines);
- verbatim copies with other sites' chrome, and a chain (a copy of a copy);
- a repost that adds a paragraph of commentary;
- excerpts of 15-60% of the origin (one contiguous stretch, or two), set inside
  other text;
- a light rewrite (synonyms, dropped and re-wrapped sentences, changed
  punctuation) and a heavy rewrite (also reordered sentences and clauses,
  deleted and inserted words);
- a near-topic distractor: unrelated text carrying the origin's names and numbers.

Filler around excerpts, commentary, distractors and (past the real texts) further
origins come from a word-bigram model of a third of the real texts that no family
uses, so two documents share text only where the labels say they do.

Writes OUT_DIR/docs/*.txt and OUT_DIR/labels.jsonl, one line per document:
{"file", "family", "role", "parent"}. Gold pair relations follow from the roles
(see reuse_quality.gold_relation).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository, or beside the folder of worktrees.
TRUTH = Path("shared") / "realworld" / "scrapinghub" / "truth.jsonl"
SCRAPINGHUB = next((base / TRUTH for base in (ROOT.parent, ROOT.parents[1]) if (base / TRUTH).exists()),
                   ROOT.parent / TRUTH)

SITES = [
    ("The Harbour Ledger", "harbourledger.example"), ("Northgate Courier", "northgatecourier.example"),
    ("Daily Vantage", "dailyvantage.example"), ("Pinewood Gazette", "pinewoodgazette.example"),
    ("The Civic Lamp", "civiclamp.example"), ("Copperline News", "copperline.example"),
    ("Riverside Bulletin", "riversidebulletin.example"), ("Open Wire Digest", "openwire.example"),
]

# Our own list of news-prose synonyms, used both ways.
SYNONYM_PAIRS = """
said:stated told:informed announced:declared says:states reported:disclosed show:indicate shows:indicates
showed:indicated big:large small:minor large:sizeable new:fresh major:significant important:key help:assist
helped:assisted use:employ used:employed using:employing buy:purchase bought:purchased start:begin
started:began begin:commence end:conclude ended:concluded make:create made:created get:obtain got:obtained
people:individuals company:firm companies:firms government:administration officials:authorities
official:authority country:nation countries:nations city:town president:leader plan:proposal plans:proposals
problem:issue problems:issues change:shift changes:shifts increase:rise increased:rose decrease:decline
cut:reduce cuts:reductions rule:regulation rules:regulations law:legislation laws:statutes month:period
years:decades quickly:rapidly slowly:gradually often:frequently
about:roughly nearly:almost many:numerous several:various also:additionally but:however so:therefore
because:since after:following during:throughout around:approximately
think:believe thinks:believes thought:believed want:wish wanted:wished need:require needs:requires
needed:required try:attempt tried:attempted keep:retain kept:retained allow:permit allowed:permitted
expect:anticipate expected:anticipated claim:assert claimed:asserted warn:caution warned:cautioned
agree:concur agreed:concurred hard:difficult easy:simple clear:evident likely:probable unlikely:improbable
money:funds price:cost prices:costs job:position jobs:positions worker:employee workers:employees
market:marketplace markets:marketplaces users:customers user:customer game:title games:titles
report:study reports:studies data:figures number:figure numbers:figures group:organisation groups:organisations
leader:chief leaders:chiefs police:officers attack:assault attacks:assaults deal:agreement deals:agreements
talks:negotiations meeting:session meetings:sessions building:structure buildings:structures house:home
houses:homes child:youngster children:youngsters area:region areas:regions part:portion parts:portions
way:manner ways:methods idea:notion ideas:notions fight:battle fights:battles win:triumph won:triumphed
lose:forfeit lost:forfeited still:nevertheless however:nonetheless among:amid while:whereas
""".split()
SYNONYMS: dict[str, str] = {}
for pair in SYNONYM_PAIRS:
    left, right = pair.split(":")
    SYNONYMS.setdefault(left, right)
    SYNONYMS.setdefault(right, left)
DROPPABLE = {"very", "really", "also", "just", "quite", "largely", "mostly", "recently", "now", "even", "already",
             "new", "major", "several", "many", "some", "such", "further", "still", "only"}
INSERTS = ["reportedly", "notably", "in fact", "indeed", "as a result", "for now", "at the time", "so far"]


def load_bases(min_words: int = 250) -> tuple[list[str], str]:
    """Real article texts when ../shared is present, else generated ones."""
    if SCRAPINGHUB.exists():
        texts, seen = [], set()
        for line in SCRAPINGHUB.open(encoding="utf-8"):
            text = json.loads(line).get("text") or ""
            if len(text.split()) < min_words:
                continue
            # Some real pages share text (one site's listings, one press release): keep only the
            # first of them, judged by shared word 8-grams, so "unrelated" in the labels is true.
            words = re.findall(r"\w+", text.lower())
            grams = {" ".join(words[i:i + 8]) for i in range(len(words) - 7)}
            if grams & seen:
                continue
            seen |= grams
            texts.append(text.strip())
        return texts, str(SCRAPINGHUB) + f" ({len(texts)} texts sharing no 8-word run)"
    return bigram_texts(160, random.Random(7)), "bigram text from the project's fixtures"


class Bigram:
    """A word-bigram model: text with real words and word order but no long shared runs."""

    def __init__(self, texts: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.tokens = " ".join(texts).split()
        self.following: dict[str, list[str]] = defaultdict(list)
        for a, b in zip(self.tokens, self.tokens[1:], strict=False):
            self.following[a].append(b)
        self.single = {word for word, options in self.following.items() if len(set(options)) == 1}
        self.starts = [b for a, b in zip(self.tokens, self.tokens[1:], strict=False) if a.endswith(".")
                       and b[:1].isupper()] or self.tokens

    def sentence(self) -> str:
        word, out = self.rng.choice(self.starts), []
        while True:
            out.append(word)
            if (word.endswith(".") and len(out) >= 8) or len(out) >= 35:
                break
            # Words with one continuation would replay the source text: jump instead, half the time.
            options = self.following.get(word)
            if not options or (word in self.single and self.rng.random() < 0.5):
                options = self.tokens
            word = self.rng.choice(options)
        text = " ".join(out)
        return text if text.endswith(".") else text.rstrip(",;:") + "."

    def text(self, words: int = 600) -> str:
        paragraphs, current, count = [], [], 0
        while count < words:
            sentence = self.sentence()
            current.append(sentence)
            count += len(sentence.split())
            if len(current) >= self.rng.randint(2, 4):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        return "\n\n".join(paragraphs)


def bigram_texts(n: int, rng: random.Random, words: int = 600) -> list[str]:
    """Texts from a word-bigram model of the project's fixture story."""
    corpus = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "story" / "text").glob("*"))]
    model = Bigram(corpus, rng)
    return [model.text(words) for _ in range(n)]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def chrome(site: tuple[str, str], body: str, rng: random.Random) -> str:
    name, domain = site
    head = f"{name}\nHome | World | Business | Opinion | Sport\n"
    foot = (f"\nSubscribe to the {name} newsletter for the day's top stories.\n"
            f"Copyright {rng.randint(2019, 2025)} {name} ({domain}). All rights reserved.")
    return head + body + foot


def rewrap(text: str, rng: random.Random) -> str:
    """The same words with different line breaks and punctuation."""
    words = text.split()
    lines, line = [], []
    for word in words:
        line.append(word.replace("“", '"').replace("”", '"').replace("’", "'").replace(" - ", " -- "))
        if len(line) >= rng.randint(8, 16):
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    return "\n".join(lines)


def substitute(word: str, rng: random.Random, rate: float) -> str:
    core = word.strip(".,;:!?\"'()“”’")
    key = core.lower()
    if key in SYNONYMS and rng.random() < rate:
        repl = SYNONYMS[key]
        if core[:1].isupper():
            repl = repl[:1].upper() + repl[1:]
        return word.replace(core, repl)
    return word


def edit(words: list[str], rng: random.Random, every: int) -> list[str]:
    """Small edits in any language, about one per EVERY words: a word dropped, two swapped, one added."""
    words = list(words)
    for _ in range(max(1, round(len(words) / every))):
        if len(words) < 4:
            break
        i = rng.randrange(1, len(words) - 1)
        action = rng.random()
        if action < 0.4:
            del words[i]
        elif action < 0.7:
            words[i], words[i + 1] = words[i + 1], words[i]
        else:
            words.insert(i, rng.choice(INSERTS))
    return words


def rewrite(text: str, rng: random.Random, *, heavy: bool) -> str:
    """A paraphrase: light keeps order and most words, heavy reorders and rewords much more."""
    out = []
    for sentence in sentences(text):
        if rng.random() < (0.25 if heavy else 0.1):
            continue  # dropped
        words = [substitute(w, rng, 0.9 if heavy else 0.6) for w in sentence.split()]
        if heavy:
            words = [w for w in words if w.lower().strip(".,") not in DROPPABLE]
            words = edit(words, rng, 4)
            joined = " ".join(words)
            if "," in joined and rng.random() < 0.6:
                first, _, rest = joined.partition(",")
                if len(first.split()) >= 3 and len(rest.split()) >= 3:
                    joined = rest.strip().rstrip(".") + ", " + first[:1].lower() + first[1:] + "."
            out.append(joined[:1].upper() + joined[1:])
        else:
            out.append(" ".join(edit(words, rng, 12)))
    if heavy:
        for i in range(0, len(out) - 1, 2):
            if rng.random() < 0.5:
                out[i], out[i + 1] = out[i + 1], out[i]
    return rewrap(" ".join(out), rng)


def excerpt(origin: str, filler: Bigram, rng: random.Random) -> tuple[str, float]:
    """15-60% of the origin in one or two stretches, set inside filler text."""
    parts = sentences(origin)
    share = rng.uniform(0.15, 0.6)
    take = min(max(2, math.ceil(len(parts) * 0.15), round(len(parts) * share)), int(len(parts) * 0.6))
    if rng.random() < 0.5 or take < 6:
        start = rng.randrange(0, max(1, len(parts) - take))
        chosen = [parts[start:start + take]]
    else:
        half = take // 2
        a = rng.randrange(0, max(1, len(parts) // 2 - half))
        b = rng.randrange(len(parts) // 2, max(len(parts) // 2 + 1, len(parts) - half))
        chosen = [parts[a:a + half], parts[b:b + take - half]]
    pieces = [" ".join(filler.sentence() for _ in range(4))]
    for stretch in chosen:
        pieces.append(" ".join(stretch))
        pieces.append(" ".join(filler.sentence() for _ in range(3)))
    return "\n\n".join(pieces), take / len(parts)


def distractor(origin: str, unrelated: str) -> str:
    """Unrelated text carrying the origin's names and numbers: same topic words, no shared text."""
    names = re.findall(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b", origin) or re.findall(r"\b[A-Z][a-z]{3,}\b", origin)
    numbers = re.findall(r"\b\d[\d,.]*\b", origin)
    theirs = re.findall(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b", unrelated)
    out = unrelated
    for i, name in enumerate(dict.fromkeys(theirs)):
        if names:
            out = out.replace(name, names[i % len(names)])
    their_numbers = re.findall(r"\b\d[\d,.]*\b", out)
    for i, number in enumerate(dict.fromkeys(their_numbers)):
        if numbers:
            out = out.replace(number, numbers[i % len(numbers)])
    return out


def generate(out: Path, families: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    bases, source = load_bases()
    rng.shuffle(bases)
    pool_size = max(10, len(bases) // 3)
    # Filler, commentary and distractors come from a bigram model of texts no family uses,
    # so no two generated documents share text unless the labels say so.
    pool, origins = bases[:pool_size], bases[pool_size:]
    filler = Bigram(pool, random.Random(seed + 1))
    docs_dir = out / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    labels = []

    def write(family: int, role: str, parent: str | None, body: str, **extra: object) -> str:
        name = f"f{family:05d}-{role}.txt"
        (docs_dir / name).write_text(body, encoding="utf-8")
        labels.append({"file": name, "family": family, "role": role, "parent": parent, **extra})
        return name

    for family in range(families):
        # Past the real texts, reuse them with a changed wording so families stay distinct.
        base = origins[family] if family < len(origins) else filler.text(600)
        sites = rng.sample(SITES, 5)
        origin = write(family, "origin", None, chrome(sites[0], base, rng))
        copy = write(family, "copy", origin, chrome(sites[1], rewrap(base, rng), rng))
        write(family, "copy2", copy, chrome(sites[2], base, rng))
        commentary = " ".join(filler.sentence() for _ in range(3))
        write(family, "repost", origin, chrome(sites[3], commentary + "\n\n" + base, rng))
        body, share = excerpt(base, filler, rng)
        write(family, "excerpt", origin, chrome(sites[4], body, rng), share=round(share, 3))
        write(family, "light", origin, chrome(sites[1], rewrite(base, rng, heavy=False), rng))
        write(family, "heavy", origin, chrome(sites[2], rewrite(base, rng, heavy=True), rng))
        write(family, "distractor", None, chrome(sites[3], distractor(base, filler.text(len(base.split()))), rng))
    with (out / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for label in labels:
            fh.write(json.dumps(label) + "\n")
    return {"documents": len(labels), "families": families, "source": source}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--families", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    info = generate(args.out, args.families, args.seed)
    print(f"{info['documents']} documents in {info['families']} families from {info['source']} -> {args.out}")


if __name__ == "__main__":
    main()
