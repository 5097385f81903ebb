"""Draw a random sample of the unlabelled credits `prov` uses for lineage, to read and label.

Needs nothing beyond `make install`, a SQLite database built by `credits_precision.py --keep`,
and ../shared/realworld (for the pages' own addresses; without it they print as "?").

    .venv/bin/python benchmarks/credits_sample.py --db URL --seed 22 --size 120 [--skip-seed 21 ...]

URL is a database built by `benchmarks/credits_precision.py --keep DIR` (sqlite:///DIR/prov.db).
The population is every attribution behind a `sources` edge of its document (as
credits_precision.py counts them) that `benchmarks/labels/attributions_found.jsonl` does not
label, sorted by page, offset and source; the sample is `random.Random(SEED).sample` of it.
`--as-before seed24` leaves that sample's own label lines out (so it is drawn again as it was).
`--skip-seed S:N` first removes the sample seed S of size N drew from the same population
(draw two samples of one build that do not overlap). For each credit it prints, for reading
only, the page, the page's own address (`truth.jsonl`), the link's address, the anchor and its
sentence, and with `--jsonl` the label skeleton (page, source, evidence_sha1, start, kind) to
fill in. Nothing of a page is written to the repository by this script.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from credits_precision import (  # noqa: E402
    SETS,
    edges_with_credits,
    find_realworld,
    label_in,
    page_key,
    prov_json_lines,
    read_labels,
    sha1,
)


def population(db_url: str, label: str | None = None, ignore: frozenset[str] = frozenset()
               ) -> tuple[list[tuple[str, dict, dict]], dict[int, dict]]:
    """(page, document, attribution) of every unlabelled lineage credit (or of those labelled LABEL),
    sorted; documents by id."""
    os.environ["PROV_SERVER"] = "off"
    prov = [str(Path(sys.executable).with_name("prov"))]
    docs = prov_json_lines(prov, ["--db", db_url, "docs", "--format", "json", "--limit", "0"])
    outlets = {o["id"]: o["name"] for o in prov_json_lines(prov, ["--db", db_url, "outlets", "--format", "json"])}
    labels = {key: kept for key, rows in read_labels().items()
              if (kept := [r for r in rows if r.get("sample") not in ignore])}
    out = []
    for doc in docs:
        page = page_key(doc.get("path"))
        used: set[int] = set()
        for _edge, behind in edges_with_credits(doc, outlets):
            used.update(behind)
        for i in sorted(used):
            a = doc["attributions"][i]
            row = label_in(labels, page, a)
            if (row is None and label is None) or (row is not None and row["label"] == label):
                out.append((page or "", doc, a))
    out.sort(key=lambda t: (t[0], t[2]["start"] if t[2]["start"] is not None else -1, t[2]["source"] or ""))
    return out, {d["id"]: d for d in docs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--skip-seed", action="append", default=[], metavar="SEED:N")
    parser.add_argument("--jsonl", action="store_true", help="print label skeletons, one JSON line each")
    parser.add_argument("--labelled", metavar="LABEL", help="draw from the lineage credits labelled LABEL instead")
    parser.add_argument("--as-before", action="append", default=[], metavar="SAMPLE",
                        help="leave out the label lines of SAMPLE (e.g. seed24): redraw it as it was drawn")
    args = parser.parse_args()
    path = args.db.removeprefix("sqlite:///")
    if not args.db.startswith("sqlite:///") or not Path(path).is_file():
        print(f"credits_sample.py: --db must be sqlite:///PATH of a database credits_precision.py --keep built "
              f"(got {args.db!r})", file=sys.stderr)
        return 1
    pool, _ = population(args.db, args.labelled, frozenset(args.as_before))
    print(f"{len(pool)} unlabelled lineage credits", file=sys.stderr)
    for spec in args.skip_seed:
        seed, n = (int(x) for x in spec.split(":"))
        drawn = {id(t) for t in random.Random(seed).sample(pool, n)}
        pool = [t for t in pool if id(t) not in drawn]
        print(f"  without seed {seed}'s {n}: {len(pool)}", file=sys.stderr)
    sample = random.Random(args.seed).sample(pool, min(args.size, len(pool)))
    realworld = find_realworld()
    urls: dict[str, str] = {}
    if realworld is not None:
        for name in SETS:
            for line in (realworld / name / "truth.jsonl").read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                urls.setdefault(f"{name}/html/{row['file'].rsplit('/', 1)[-1]}", row.get("url") or "")
    texts: dict[int, str] = {}
    with sqlite3.connect(path) as con:
        for _page, doc, _a in sample:
            if doc["id"] not in texts:
                texts[doc["id"]] = con.execute("select text from document where id = ?", (doc["id"],)).fetchone()[0]
    for n, (page, doc, a) in enumerate(sample, 1):
        skeleton = {"page": page, "source": a["source"], "evidence_sha1": sha1(a["evidence"] or ""),
                    "start": a["start"], "kind": a["kind"]}
        if args.jsonl:
            print(json.dumps(skeleton, ensure_ascii=False))
            continue
        text = texts[doc["id"]]
        start, end = a["start"], a["end"]
        if start is not None and end is not None:
            before = text[max(0, start - 320):start].replace("\n", " / ")
            after = text[end:end + 220].replace("\n", " / ")
            context = f"{before}[[{text[start:end]}]]{after}"
        else:
            context = f"(no offsets) {a['evidence']!r}"
        print(f"#{n} {page}  page={urls.get(page, '?')}\n   source={a['source']!r} url={a['source_url']} "
              f"pattern={a['pattern']} kind={a['kind']}\n   {context}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
