"""Recall of the credits real news pages give, on 60 English pages labelled by hand.

Needs nothing beyond `make install`, and the pages in ../shared/realworld.

    .venv/bin/python benchmarks/credits_recall.py [--prov PATH] [--keep DIR] [--misses]

Reads `benchmarks/labels/credits_recall.jsonl` (what each field means, how the pages
were chosen and the labelling rules: `benchmarks/labels/README.md`), takes the 60 pages
from ../shared/realworld/scrapinghub (exits with one line when that folder is not
there), checks that every label still points at its phrase (the sha1 of the
decompressed HTML bytes at its offset), writes the pages into one temporary WARC
file (resource records, each with its page URL, so prov knows the URL and the outlet),
ingests it into a fresh temporary SQLite database with the installed `prov`
(`--processes 1`), and reads each document's `attributions` and `sources` from
`prov docs --format json --limit 0` and the outlet registry from
`prov outlets --format json`.

A labelled credit counts as found when prov has, on that page, an attribution (not
marked `self`) or a source that names the same source. Matching rule:
  - names: the label's name or one of its aliases equals, after normalisation, the
    attribution's `source`, a source's `outlet` or `name`, or the name or an alias of
    the registry outlet the attribution or source points to. Normalisation: NFKC,
    casefold, "&" read as "and", initials joined ("U.S." = "US"), a possessive "'s"
    dropped ("South Dakota's Department of Social Services" = "South Dakota Department
    of Social Services"), other apostrophes dropped, other punctuation as spaces,
    a leading "the" dropped, spaces collapsed ("The Verge" = "verge",
    "Tom's Guide" = "tom guide");
  - or URL hosts: the label's link host (or an alias written as a host) equals,
    "www." aside, the host of an attribution's `source_url`, of a source's `url`, or
    a domain of the registry outlet it points to, or is a subdomain of one of those
    ("uk.reuters.com" is found by "reuters.com").
Credits labelled `self` (the page's own outlet) are left out of recall; the script
says how many of them prov turned into a lineage source (those are precision errors).

Prints recall overall (and counting only credits that became a lineage source: a `sources`
edge of the page names them; an attribution kept only as evidence, such as an unsupported
link, does not count there), by kind (outlet, study, journal, data, release, document), for
credits that name their source in the text vs credits that are only a link, and by
cue; with --misses, every missed credit by kind (page index, source, cue).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels" / "credits_recall.jsonl"
CANDIDATES = [HERE.parents[1] / "shared" / "realworld", HERE.parents[2] / "shared" / "realworld"]
KINDS = ("outlet", "study", "journal", "data", "release", "document")


def norm(name: str | None) -> str:
    """A source's name as compared: see the module docstring."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    text = re.sub(r"\b([a-z])\.(?=[a-z]\b)", r"\1", text)  # initials: "U.S." = "US"
    text = re.sub(r"['\u2019`]s\b", "", text)  # a possessive: "NASA's Office" = "NASA Office"
    text = re.sub(r"['\u2019\u2018`]", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text)


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url if "//" in url else "//" + url).hostname
    return host.removeprefix("www.") if host else None


def host_matches(label_host: str, prov_host: str) -> bool:
    return label_host == prov_host or label_host.endswith("." + prov_host)


def find_realworld() -> Path | None:
    for path in CANDIDATES:
        if (path / "scrapinghub" / "truth.jsonl").exists():
            return path
    return None


def prov_command(given: str | None) -> str:
    if given:
        return given
    sibling = Path(sys.executable).parent / "prov"
    return str(sibling) if sibling.exists() else (shutil.which("prov") or "prov")


def run(prov: str, db: str, *args: str) -> str:
    env = {**os.environ, "PROV_SERVER": "off"}
    done = subprocess.run([prov, "--db", db, *args], capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"prov {' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()[:300]}")
    return done.stdout


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    from warcio.warcwriter import WARCWriter  # a dependency of prov

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for url, body in pages:
            record = writer.create_warc_record(
                url, "resource", payload=io.BytesIO(body), warc_content_type="text/html"
            )
            writer.write_record(record)


def main() -> int:
    # Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
    # measured here: off unless PROV_MEANING says otherwise (set here, not on import: other benchmarks import this).
    os.environ.setdefault("PROV_MEANING", "off")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prov", help="the prov command to score (default: the one next to this Python)")
    parser.add_argument("--keep", help="keep the database and WARC in this folder")
    parser.add_argument("--misses", action="store_true", help="list every missed credit")
    args = parser.parse_args()
    realworld = find_realworld()
    if realworld is None:
        print("../shared/realworld/scrapinghub not found: this benchmark reads the shared real-world pages")
        return 1
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = [r for r in rows if r["type"] == "page"]
    credits = [r for r in rows if r["type"] == "credit"]
    by_page = {p["page"]: p for p in pages}

    html: dict[str, bytes] = {}
    bad = []
    for p in pages:
        html[p["page"]] = gzip.decompress((realworld / p["file"]).read_bytes())
    for c in credits:
        span = html[c["page"]][c["offset"] : c["offset"] + c["length"]]
        if hashlib.sha1(span).hexdigest() != c["phrase_sha1"]:
            bad.append(c)
    print(f"labels: {len(pages)} pages, {len(credits)} credits "
          f"({sum(not c['self'] for c in credits)} to other sources, {sum(c['self'] for c in credits)} self); "
          f"{len(credits) - len(bad)}/{len(credits)} offsets verified by sha1")

    prov = prov_command(args.prov)
    with tempfile.TemporaryDirectory(prefix="credits_recall.") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        warc = work / "pages.warc"
        write_warc(warc, [(p["url"], html[p["page"]]) for p in pages])
        db = f"sqlite:///{work / 'prov.db'}"
        if (work / "prov.db").exists():
            (work / "prov.db").unlink()
        out = run(prov, db, "ingest", str(warc), "--format", "json", "--processes", "1", "-q")
        doc_of_url = {}
        for line in out.splitlines():
            if line.strip().startswith("{"):
                r = json.loads(line)
                if r.get("document_id"):
                    doc_of_url[r["url"]] = r["document_id"]
        docs = {}
        for line in run(prov, db, "docs", "--format", "json", "--limit", "0").splitlines():
            if line.strip().startswith("{"):
                d = json.loads(line)
                docs[d["id"]] = d
        outlets = {}
        for line in run(prov, db, "outlets", "--format", "json").splitlines():
            if line.strip().startswith("{"):
                o = json.loads(line)
                outlets[o["id"]] = o
        outlets_by_name = {norm(o["name"]): o for o in outlets.values()}

    def prov_items(page_id: str) -> list[tuple[set[str], set[str], str, bool]]:
        """(names, hosts, what, is_lineage_source) for each attribution and source prov has on the page."""
        doc = docs.get(doc_of_url.get(by_page[page_id]["url"]))
        if doc is None:
            return []
        items = []

        def registry(outlet: dict | None, names: set[str], hosts: set[str]) -> None:
            if outlet:
                names.add(norm(outlet.get("name")))
                names.update(norm(a) for a in outlet.get("aliases") or [])
                hosts.update(h.removeprefix("www.") for h in outlet.get("domains") or [])

        for a in doc.get("attributions") or []:
            if a.get("self"):
                continue
            names, hosts = {norm(a.get("source"))}, {host_of(a.get("source_url"))}
            registry(outlets.get(a.get("source_outlet_id")), names, hosts)
            items.append((names - {""}, hosts - {None}, f"attribution {a.get('source')!r}", False))
        for s in doc.get("sources") or []:
            names = {norm(s.get("outlet")), norm(s.get("name"))}
            hosts = {host_of(s.get("url"))}
            registry(outlets_by_name.get(norm(s.get("outlet"))), names, hosts)
            items.append((names - {""}, hosts - {None}, f"source {s.get('outlet') or s.get('name')!r}", True))
        return items

    def matches(c: dict, item: tuple[set[str], set[str], str, bool]) -> bool:
        names, hosts, _, _ = item
        label_names = {norm(c["name"])} | {norm(a) for a in c.get("aliases") or []}
        label_hosts = {host_of(c["link_host"])} if c.get("link_host") else set()
        label_hosts |= {host_of(a) for a in c.get("aliases") or [] if re.fullmatch(r"[\w-]+(\.[\w-]+)+", a)}
        label_hosts.discard(None)
        if label_names & names:
            return True
        return any(host_matches(lh, ph) for lh in label_hosts for ph in hosts)

    found_by = defaultdict(lambda: [0, 0])  # key -> [found, total]
    per_page = defaultdict(lambda: [0, 0])
    misses = defaultdict(list)
    self_as_source = []
    for c in credits:
        items = prov_items(c["page"])
        if c["self"]:
            if any(matches(c, it) for it in items if it[3]):
                self_as_source.append(c)
            continue
        hit = any(matches(c, it) for it in items)
        # Also: found as a lineage source (a `sources` edge of the page names it), not only as evidence.
        found_by["lineage"][1] += 1
        found_by["lineage"][0] += any(matches(c, it) for it in items if it[3])
        keys = ["all", f"kind:{c['kind']}", "named:" + ("named in text" if c["named"] else "link only"),
                f"cue:{c['cue']}", "linked:" + ("yes" if c["linked"] else "no")]
        for k in keys:
            found_by[k][1] += 1
            found_by[k][0] += hit
        per_page[c["page"]][1] += 1
        per_page[c["page"]][0] += hit
        if not hit:
            misses[c["kind"]].append(c)

    def line(label: str, key: str) -> str:
        f, t = found_by.get(key, [0, 0])
        return f"  {label:<28} {f:>4}/{t:<4} {f / t if t else 0:.3f}"

    ingested = sum(1 for p in pages if p["url"] in doc_of_url)
    print(f"prov: {prov}; {ingested}/{len(pages)} pages ingested")
    print("recall (credits to other sources found on their page):")
    print(line("overall", "all"))
    print(line("as a lineage source", "lineage"))
    shares = [f / t for f, t in per_page.values()]
    print(f"  {'mean over pages':<28} {len(shares):>4} pages {sum(shares) / len(shares) if shares else 0:.3f}"
          "   (each page with a credit to another source counts once)")
    for k in KINDS:
        print(line(f"kind {k}", f"kind:{k}"))
    nf = sum(found_by[f"kind:{k}"][0] for k in KINDS if k != "outlet")
    nt = sum(found_by[f"kind:{k}"][1] for k in KINDS if k != "outlet")
    print(f"  {'kind not outlet (5 kinds)':<28} {nf:>4}/{nt:<4} {nf / nt if nt else 0:.3f}")
    print(line("named in the text", "named:named in text"))
    print(line("only a link", "named:link only"))
    cues = Counter({k[4:]: v[1] for k, v in found_by.items() if k.startswith("cue:")})
    print("  by cue (the 8 commonest):")
    for cue, _ in cues.most_common(8):
        print("  " + line(cue, f"cue:{cue}"))
    print(f"self credits (the page's own outlet) that prov made a lineage source: "
          f"{len(self_as_source)}/{sum(c['self'] for c in credits)}")
    print("misses by kind:" + ("" if args.misses else " (counts; --misses lists them)"))
    for k in KINDS:
        ms = misses.get(k, [])
        if not args.misses:
            print(f"  {k}: {len(ms)}")
            continue
        print(f"  {k} ({len(ms)}):")
        for c in ms:
            print(f"    page {by_page[c['page']]['index']:>3} {c['name']} [{c['cue']}"
                  f"{', link ' + c['link_host'] if c['link_host'] else ''}]")
    if bad:
        print(f"WARNING: {len(bad)} labels no longer match their page bytes (sha1): "
              + ", ".join(f"{c['page']}@{c['offset']}" for c in bad[:10]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
