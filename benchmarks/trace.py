"""Lineage and trace quality on a generated corpus with known lineage.

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/trace.py [--families N] [--seed S]

Families come from reuse_corpus.py (an origin, two chained copies, a repost, an
excerpt, a light and a heavy rewrite, a near-topic distractor), written as text
files with a masthead and a date line, and with credits in every style the
attribution rules know, or none:

- copy: a leading `[Site]` tag, "Originally published by Site", or no credit; it
  adds a line of its own;
- copy2 (a copy of the copy, that line included): credits the copy's site, or nothing;
- repost: "via Site" or nothing; excerpt: "Read the full story at Site";
- light rewrite: "according to Site"; heavy rewrite: "Original Source: domain".

Each derived document is dated after the one it comes from. Gold edges: copy ->
origin, copy2 -> copy, everything else -> origin. Prints lineage edge precision and
recall (an edge is right when its derived document points at the gold source
document), origin accuracy (`prov trace --doc` of each derived document gives the
same origins as the family's origin document, which is itself the origin unless
its real text credits a source), and, per family, a claim traced from a sentence the excerpt carries:
whether every family document carrying it was found and the independent-origin
count is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reuse_corpus  # noqa: E402
import reuse_quality  # noqa: E402

from provenance.db import Database  # noqa: E402
from provenance.models import Document, LineageEdge  # noqa: E402
from provenance.trace import trace_claim, trace_document  # noqa: E402

PARENT = {"copy": "origin", "copy2": "copy", "repost": "origin", "excerpt": "origin", "light": "origin",
          "heavy": "origin"}


def credit(role: str, parent_site: tuple[str, str], rng: random.Random) -> tuple[str, str]:
    """(text before the body, text after it) crediting the parent's site, in this role's style."""
    name, domain = parent_site
    choice = rng.random()
    if role == "copy":
        return ([f"[{name}] ", "", ""][int(choice * 3)],
                ["", f"\n\nOriginally published by {name}.", ""][int(choice * 3)])
    if role == "copy2":
        return ("", f"\n\nOriginally published by {name}." if choice < 0.5 else "")
    if role == "repost":
        return ("", f"\n\nvia {name}" if choice < 0.5 else "")
    if role == "excerpt":
        return ("", f"\n\nRead the full story at {name}.")
    if role == "light":
        return (f"According to {name}, ", "")
    if role == "heavy":
        return ("", f"\n\nOriginal Source: {domain}")
    return ("", "")


def build(out: Path, families: int, seed: int) -> list[dict]:
    """The reuse corpus, rewritten with mastheads, dates and credits; returns the labels."""
    reuse_corpus.generate(out / "raw", families, seed)
    labels = [__import__("json").loads(line) for line in (out / "raw" / "labels.jsonl").open()]
    rng = random.Random(seed)
    docs = out / "docs"
    docs.mkdir()
    by_family: dict[int, dict[str, dict]] = {}
    for label in labels:
        by_family.setdefault(label["family"], {})[label["role"]] = label
    day = dt.date(2025, 1, 1)
    for roles in by_family.values():
        # The copy adds a line of its own, which its copy keeps: the wording that makes a chain a chain.
        origin_words = (out / "raw" / "docs" / roles["origin"]["file"]).read_text(encoding="utf-8").split()
        added = "Update: " + " ".join(rng.sample(origin_words, min(14, len(origin_words)))) + ".\n\n"
        sites = rng.sample(reuse_corpus.SITES, len(reuse_corpus.SITES))
        site_of = {role: sites[i % len(sites)] for i, role in enumerate(
            ["origin", "copy", "copy2", "repost", "excerpt", "light", "heavy", "distractor"])}
        date_of = {"origin": day, "copy": day + dt.timedelta(days=1), "copy2": day + dt.timedelta(days=2)}
        for role in ("repost", "excerpt", "light", "heavy", "distractor"):
            date_of[role] = day + dt.timedelta(days=rng.randint(1, 5))
        day += dt.timedelta(days=7)
        for role, label in roles.items():
            raw = (out / "raw" / "docs" / label["file"]).read_text(encoding="utf-8")
            body = raw.split("\n", 2)[2]  # drop the generator's masthead and menu lines
            body = body.rsplit("\nSubscribe to", 1)[0]
            before, after = credit(role, site_of[PARENT[role]], rng) if role in PARENT else ("", "")
            name = site_of[role][0]
            when = date_of[role].strftime("%B %-d, %Y")
            if role in ("copy", "copy2"):
                body = added + body
            text = f"{name}\n\nBy Staff Writer - {when}\n\n{before}{body}{after}\n"
            (docs / label["file"]).write_text(text, encoding="utf-8")
            label["site"] = name
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=40)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="print the claims whose origins were miscounted")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        labels = build(out, args.families, args.seed)
        url = f"sqlite:///{out / 'trace.db'}"
        ids, elapsed = reuse_quality.ingest_folder(url, out / "docs")
        label_of = {ids[label["file"]]: label for label in labels if label["file"] in ids}
        by_role = {(label["family"], label["role"]): ids[label["file"]] for label in labels}
        db = Database(url)
        with db.session() as session:
            edges = {(e.derived_id, e.source_document_id) for e in session.scalars(select(LineageEdge))
                     if e.source_document_id is not None}
            gold = {(by_role[(f, role)], by_role[(f, PARENT[role])]) for (f, role) in by_role if role in PARENT}
            relevant = {e for e in edges if e[0] in label_of}
            tp = len(relevant & gold)
            precision = tp / len(relevant) if relevant else 0.0
            recall = tp / len(gold) if gold else 0.0
            right_origin = total_origin = 0
            for (family, role), doc_id in by_role.items():
                if role not in PARENT:
                    continue
                total_origin += 1
                data = trace_document(session, session.get(Document, doc_id))
                # The family's origin is a real article: where its own text credits a source, the chain
                # rightly goes on to it. Right = the same origins as the origin document's own.
                own = trace_document(session, session.get(Document, by_role[(family, "origin")]))
                if {o["key"] for o in data["origins"]} == {o["key"] for o in own["origins"]}:
                    right_origin += 1
            claims_ok = counts_ok = 0
            latencies = []
            families = sorted({label["family"] for label in labels})
            for family in families:
                excerpt = session.get(Document, by_role[(family, "excerpt")])
                origin = session.get(Document, by_role[(family, "origin")])
                sentence = next((s for s in reuse_corpus.sentences(excerpt.text)
                                 if 12 <= len(s.split()) <= 40 and s in origin.text), None)
                if sentence is None:
                    continue
                start = time.perf_counter()
                result = trace_claim(session, sentence)
                latencies.append(time.perf_counter() - start)
                carriers = {by_role[(family, r)] for r in ("origin", "copy", "copy2", "repost", "excerpt")}
                found = {o["document_id"] for o in result["occurrences"]}
                claims_ok += carriers <= found
                counts_ok += result["independent_origins"] == 1
                if args.verbose and result["independent_origins"] != 1:
                    roles = {v: r for (f, r), v in by_role.items() if f == family}
                    print(f"family {family}: {result['independent_origins']} origins:", [
                        (o["key"], [roles.get(d, d) for d in o["occurrences"]]) for o in result["origins"]])
        db.dispose()
    print(f"{len(labels)} documents, {len(families)} families; ingest {elapsed:.1f} s")
    print(f"lineage edges: precision {precision:.3f}, recall {recall:.3f} ({tp} of {len(gold)} gold edges, "
          f"{len(relevant)} predicted between documents)")
    print(f"origin accuracy (trace --doc of every derived document): {right_origin / total_origin:.3f} "
          f"({right_origin}/{total_origin})")
    print(f"claims: every carrying document found in {claims_ok}/{len(latencies)}; "
          f"independent origins = 1 in {counts_ok}/{len(latencies)}")
    if latencies:
        print(f"trace time in process: median {sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
