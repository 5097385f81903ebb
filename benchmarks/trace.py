"""Lineage and trace quality on a generated corpus with known lineage.

Needs nothing beyond `make install`.

    .venv/bin/python benchmarks/trace.py [--families N] [--seed S] [--old] [--links] [--verbose]

Families come from reuse_corpus.py (an origin, two chained copies, a repost, an
excerpt, a light and a heavy rewrite, a near-topic distractor), written with a
masthead and a date, and with credits or none. Each derived document is dated
after the one it comes from, except where said. Gold edges: copy -> origin,
copy2 -> copy, everything else -> origin.

The default corpus is the harder one (issue 17):
- in every other family an early uncredited copy: another outlet's copy of the
  origin's text dated 1-3 days BEFORE the origin, while the family credits the
  origin's outlet (gold: early -> origin, flagged date-conflict and uncredited-reuse);
- a second excerpt of the origin overlapping the first one's stretch, dated after it
  (gold: -> origin, not -> the first excerpt);
- credits as footers ("Originally published by X.", "This story was originally
  published by X.", "This article first appeared on domain."), via lines ("via X",
  "(via X)", "Via: X"), read-on lines ("Read the full story at X.", "Read more at X.",
  "Continue reading at domain."), a leading "[X]", "According to X," (after the story's
  dateline where it has one, as a rewrite keeps it in front), "Original Source: domain", or none;
- a third of the families as HTML pages with canonical addresses; with --links their
  credits are hyperlinks only ("Read the full story <a href=...>here</a>"), for when
  prov reads links;
- COUNTER's non-derived pairs (an agency story and a newspaper's own story of the same
  event, real Urdu text read at run time from ../shared/reuse/counter, never stored in
  the project; a pair repeating a text already used is skipped): no edge between them is right.

--old builds the earlier corpus (text files, no early copies, siblings or same-event
pairs; copy: "[Site]", "Originally published by Site" or none; copy2: "Originally
published by" or none; repost: "via Site" or none; excerpt: "Read the full story at
Site"; light: "According to Site"; heavy: "Original Source: domain").

Prints lineage edge precision and recall (an edge is right when its derived document
points at the gold source document) and how many found gold edges have the right
relation (copies repost, excerpts excerpt, rewrites rewrite); origin accuracy (`prov
trace --doc` of each derived document gives the same origins as the family's origin
document, which is itself the origin unless its real text credits a source beyond the
corpus); `uncredited-reuse` precision and recall over documents (a derived document
should carry it when its text does not credit its source); early copies flagged
`date-conflict`; same-event pairs linked; and, per family, a claim traced from a
sentence the excerpt carries: whether every family document carrying it was found and
the independent-origin count is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
import os as _os

import reuse_corpus  # noqa: E402
import reuse_quality  # noqa: E402
from needs import shared_dir  # noqa: E402

from provenance.db import Database  # noqa: E402
from provenance.models import Document, LineageEdge  # noqa: E402
from provenance.trace import trace_claim, trace_document  # noqa: E402
from provenance.views import document_trace_json, trace_json  # noqa: E402

# Sentence vectors (the meaning layer) cost about 2.7 CPU-seconds a real article and change nothing
# measured here but trace candidates: off unless PROV_MEANING says otherwise (PROV_MEANING=on to measure with).
_os.environ.setdefault("PROV_MEANING", "off")

ROOT = Path(__file__).resolve().parents[1]
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


def generated_families(out: Path, families: int, seed: int) -> tuple[list[dict], dict[int, dict[str, dict]], Path]:
    """The reuse corpus generated into OUT/raw: its labels, the labels of each family by role, and the
    empty folder OUT/docs the lineage corpus is written to."""
    reuse_corpus.generate(out / "raw", families, seed)
    labels = [json.loads(line) for line in (out / "raw" / "labels.jsonl").open()]
    docs = out / "docs"
    docs.mkdir()
    by_family: dict[int, dict[str, dict]] = {}
    for label in labels:
        by_family.setdefault(label["family"], {})[label["role"]] = label
    return labels, by_family, docs


def build(out: Path, families: int, seed: int) -> list[dict]:
    """The reuse corpus, rewritten with mastheads, dates and credits; returns the labels."""
    labels, by_family, docs = generated_families(out, families, seed)
    rng = random.Random(seed)
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
            label["credited"] = bool(before or after)
    return labels


HARD_PARENT = {**PARENT, "early": "origin", "excerpt2": "origin"}
RELATION_OF_ROLE = {"copy": "repost", "copy2": "repost", "repost": "repost", "early": "repost", "excerpt": "excerpt",
                    "excerpt2": "excerpt", "light": "rewrite", "heavy": "rewrite"}
# The real articles the families are made of are sometimes themselves an agency's copy or a republished
# story: a wire dateline ("NEW YORK (Reuters) -", "(AP) —") or a footer naming the original publisher.
# A copy that keeps it names the owner of its words, as the origin does: not an uncredited reuse.
OWNER_CREDIT = re.compile(
    r"^(?:[A-Z][\w.,' ]{0,40} )?\((?:AP|Reuters|AFP|PTI|ANI|IANS|UNI|dpa|Bloomberg|CNN)\)\s*[-\u2013\u2014]"
    r"|originally (?:published|appeared) (?:by|on|in|at)|first (?:published|appeared) (?:by|on|in|at)"
    r"|republished (?:from|with permission)", re.MULTILINE | re.IGNORECASE)
EXTRA_SITES = [("Eastbank Observer", "eastbankobserver.example"), ("The Lantern Review", "lanternreview.example")]
# Credit lines at the end of a text, in the wordings real pages use (our own sentences around them).
FOOTERS = ["Originally published by {name}.", "This story was originally published by {name}.",
           "This article first appeared on {domain}."]
VIAS = ["via {name}", "(via {name})", "Via: {name}"]
READ_ON = ["Read the full story at {name}.", "Read the full article at {name}.", "Continue reading at {domain}.",
           "Read more at {name}."]
# The same credits as hyperlinks only (the name is not in the text): read once links are (j17-links).
LINKED = {"copy": 'This story was originally published <a href="{url}">here</a>.',
          "copy2": 'This story was originally published <a href="{url}">here</a>.',
          "repost": 'Read the original <a href="{url}">here</a>.',
          "excerpt": 'Read the full story <a href="{url}">here</a>.',
          "excerpt2": 'Read the full story <a href="{url}">here</a>.',
          "light": 'As <a href="{url}">first reported</a>, '}


# A story's dateline ("(Reuters) — ", "HAYWARD, Calif. (AP) — ", "New York, NY – "): a rewrite crediting
# another outlet in its first sentence keeps it in front ("(Reuters) — According to X, the ...").
DATELINE = re.compile(r"^(?:(?:[A-Z][\w.,' ]{0,40}?\s)?\([A-Z][\w .&-]{1,30}\)|[A-Z][A-Z .,']{2,40}"
                      r"|[A-Z][\w.' ]{1,30}, [A-Z][A-Za-z.]{1,12})\s*[—–-]+\s+")


def lead_in(credit: str, paragraph: str) -> str:
    """PARAGRAPH opening with CREDIT, a prose credit ("According to X, "), after its dateline if it has one."""
    dateline = DATELINE.match(paragraph)
    at = dateline.end() if dateline else 0
    return paragraph[:at] + credit + paragraph[at:]


@dataclass
class Credit:
    """How one document credits its parent: text before and after its body, or a hyperlink."""

    before: str = ""
    after: str = ""
    link: str = ""  # an HTML credit (a link on other words), used instead of the text one with --links

    @property
    def given(self) -> bool:
        return bool(self.before or self.after)


def hard_credit(role: str, parent_site: tuple[str, str], rng: random.Random) -> Credit:
    """This role's credit of its parent's site in the harder corpus's styles, or none."""
    name, domain = parent_site
    fill = {"name": name, "domain": domain}
    choice = rng.random()
    if role == "copy":
        if choice < 0.25:
            return Credit(before=f"[{name}] ", link=LINKED[role])
        if choice < 0.5:
            return Credit(after=rng.choice(FOOTERS).format(**fill), link=LINKED[role])
        if choice < 0.75:
            return Credit(after=rng.choice(VIAS).format(**fill), link=LINKED[role])
        return Credit()
    if role == "copy2":
        return Credit(after=rng.choice(FOOTERS).format(**fill), link=LINKED[role]) if choice < 0.5 else Credit()
    if role == "repost":
        return Credit(after=rng.choice(VIAS).format(**fill), link=LINKED[role]) if choice < 0.5 else Credit()
    if role == "excerpt":
        return Credit(after=rng.choice(READ_ON).format(**fill), link=LINKED[role]) if choice < 0.8 else Credit()
    if role == "excerpt2":
        return Credit(after=rng.choice(READ_ON).format(**fill), link=LINKED[role]) if choice < 0.5 else Credit()
    if role == "light":
        return Credit(before=f"According to {name}, ", link=LINKED[role])
    if role == "heavy":
        return Credit(after=f"Original Source: {domain}")
    return Credit()  # the origin, the early uncredited copy, the distractor


def second_excerpt(origin_body: str, first: str, filler: reuse_corpus.Bigram, rng: random.Random) -> str | None:
    """Another excerpt of the origin overlapping the first one's stretch and going past it: a sibling
    that shares text with the first excerpt, though both come from the origin."""
    parts = reuse_corpus.sentences(origin_body)
    inside = [i for i, s in enumerate(parts) if len(s.split()) >= 6 and s in first]
    if len(inside) < 2:
        return None
    start = inside[len(inside) // 2]
    end = min(len(parts), start + max(3, len(inside) // 2) + rng.randint(2, 4))
    if end - start < 3:
        return None
    return "\n\n".join([" ".join(filler.sentence() for _ in range(3)), " ".join(parts[start:end]),
                        " ".join(filler.sentence() for _ in range(3))])


def counter_events(limit: int) -> list[tuple[dict, dict]]:
    """COUNTER's non-derived pairs (an agency story and a newspaper's own story of one event), read from
    ../shared at run time and never stored in the project; a pair repeating a text already taken is skipped."""
    shared = shared_dir()
    folder = shared / "reuse" / "counter" / "xml" if shared else None
    if folder is None or not folder.is_dir():
        return []

    def read(path: Path) -> dict:
        raw = path.read_text(encoding="utf-8")
        head = re.search(r"<COUNTER_document([^>]*)>", raw)
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', head.group(1) if head else ""))
        parts = {tag: html.unescape(m.group(1)).replace('\\"', '"').strip() if (m := re.search(
            rf"<{tag}>(.*?)</{tag}>", raw, re.S)) else "" for tag in ("headline", "body")}
        return {**attrs, **parts}

    pairs, seen = [], set()
    for paper in sorted(folder.glob("*p.xml")):
        agency_path = folder / paper.name.replace("p.xml", ".xml")
        if not agency_path.exists():
            continue
        b = read(paper)
        if b.get("classification") != "ND":
            continue
        a = read(agency_path)
        grams = [{" ".join(words[i:i + 8]) for i in range(len(words) - 7)}
                 for words in (re.findall(r"\w+", a["body"]), re.findall(r"\w+", b["body"]))]
        if not all(grams) or (grams[0] | grams[1]) & seen:
            continue
        seen |= grams[0] | grams[1]
        pairs.append((a, b))
        if len(pairs) >= limit:
            break
    return pairs


def counter_date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%d.%m.%y").date()
    except ValueError:
        return None


def page(site: tuple[str, str], url: str, when: dt.date, title: str, paragraphs: list[str]) -> str:
    """An HTML article page of SITE at URL (its canonical address); PARAGRAPHS are HTML already."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{html.escape(title)}</title>\n<link rel=\"canonical\" href=\"{url}\">\n"
            f"<meta property=\"og:site_name\" content=\"{html.escape(site[0])}\">\n"
            f"<meta property=\"article:published_time\" content=\"{when.isoformat()}\">\n</head><body>\n"
            f"<header>{html.escape(site[0])}</header><article><h1>{html.escape(title)}</h1>\n"
            f"<p>By Staff Writer - {when.strftime('%B %-d, %Y')}</p>\n{body}\n</article></body></html>\n")


def build_hard(out: Path, families: int, seed: int, *, links: bool, events: int) -> list[dict]:
    """The reuse corpus made harder: an early uncredited copy (dated before the origin) in every other
    family, a second excerpt overlapping the first, credit lines as footers, via and read-the-full-story
    lines, a third of the families as HTML pages (with hyperlink-only credits when LINKS), and COUNTER's
    independent same-event pairs. Returns the labels."""
    labels, by_family, docs = generated_families(out, families, seed)
    bases, _ = reuse_corpus.load_bases()
    random.Random(seed).shuffle(bases)  # as generate() does: its pool is text no family uses
    filler = reuse_corpus.Bigram(bases[:max(10, len(bases) // 3)], random.Random(seed + 99))
    rng = random.Random(seed)
    day = dt.date(2025, 1, 1)
    for family, roles in by_family.items():
        raw_text = {role: (out / "raw" / "docs" / label["file"]).read_text(encoding="utf-8")
                    for role, label in roles.items()}
        bodies = {role: text.split("\n", 2)[2].rsplit("\nSubscribe to", 1)[0] for role, text in raw_text.items()}
        origin_body = bodies["origin"]
        if family % 2 == 0:
            bodies["early"] = origin_body
            roles["early"] = {"file": f"f{family:05d}-early.txt", "family": family, "role": "early", "parent": "origin"}
        extra = second_excerpt(origin_body, bodies["excerpt"], filler, rng)
        if extra is not None:
            bodies["excerpt2"] = extra
            roles["excerpt2"] = {"file": f"f{family:05d}-excerpt2.txt", "family": family, "role": "excerpt2",
                                 "parent": "origin"}
        words = origin_body.split()
        added = "Update: " + " ".join(rng.sample(words, min(14, len(words)))) + ".\n\n"
        sites = rng.sample(reuse_corpus.SITES, len(reuse_corpus.SITES))
        order = ["origin", "copy", "copy2", "repost", "excerpt", "light", "heavy", "distractor", "early", "excerpt2"]
        site_of = {role: sites[i % len(sites)] for i, role in enumerate(order)}
        # The early copy and the second excerpt come from outlets of their own.
        site_of["early"], site_of["excerpt2"] = EXTRA_SITES
        date_of = {"origin": day, "copy": day + dt.timedelta(days=1), "copy2": day + dt.timedelta(days=2),
                   "early": day - dt.timedelta(days=rng.randint(1, 3))}
        for role in ("repost", "excerpt", "light", "heavy", "distractor"):
            date_of[role] = day + dt.timedelta(days=rng.randint(1, 5))
        date_of["excerpt2"] = date_of["excerpt"] + dt.timedelta(days=rng.randint(1, 2))
        day += dt.timedelta(days=7)
        as_html = family % 3 == 1
        url_of = {role: f"https://{site_of[role][1]}/{date_of[role]:%Y/%m/%d}/story-{family}-{role}" for role in order}
        for role in order:
            if role not in roles:
                continue
            label = roles[role]
            credit = hard_credit(role, site_of[HARD_PARENT[role]], rng) if role in HARD_PARENT else Credit()
            body = (added + bodies[role]) if role in ("copy", "copy2") else bodies[role]
            label["credited"] = credit.given
            label["owner_credit"] = role in HARD_PARENT and bool(OWNER_CREDIT.search(body))
            label["site"] = site_of[role][0]
            if as_html:
                label["file"] = label["file"].replace(".txt", ".html")
                paragraphs = [html.escape(p.strip()) for p in body.split("\n\n") if p.strip()]
                linked = links and bool(credit.link)
                label["linked"] = linked
                if linked:
                    link = credit.link.format(url=url_of[HARD_PARENT[role]])
                    if link.endswith(", "):
                        first = paragraphs[0]
                        at = dateline.end() if (dateline := DATELINE.match(first)) else 0
                        paragraphs[0] = first[:at] + link + first[at:at + 1].lower() + first[at + 1:]
                    else:
                        paragraphs.append(link)
                elif role == "light":
                    paragraphs[0] = lead_in(html.escape(credit.before), paragraphs[0])
                else:
                    paragraphs[0] = html.escape(credit.before) + paragraphs[0]
                    if credit.after:
                        paragraphs.append(html.escape(credit.after))
                title = " ".join(body.split()[:8]).rstrip(".,;:")
                text = page(site_of[role], url_of[role], date_of[role], title, paragraphs)
            else:
                # A text file in a real page's shape: masthead, headline, byline and date, then the body.
                after = f"\n\n{credit.after}" if credit.after else ""
                title = " ".join(body.split()[:8]).rstrip(".,;:")
                opening = lead_in(credit.before, body) if role == "light" else credit.before + body
                text = (f"{site_of[role][0]}\n\n{title}\n\nBy Staff Writer - {date_of[role].strftime('%B %-d, %Y')}"
                        f"\n\n{opening}{after}\n")
            (docs / label["file"]).write_text(text, encoding="utf-8")
    labels = [label for roles in by_family.values() for label in roles.values()]
    for k, (agency, paper) in enumerate(counter_events(events)):
        # Two outlets' own reports of one event: no edge between them is right.
        a_site, b_site = rng.sample(reuse_corpus.SITES, 2)
        for role, story, site in (("agency", agency, a_site), ("paper", paper, b_site)):
            when = counter_date(story.get("newsdate", "")) or dt.date(2014, 12, 1)
            name = f"e{k:03d}-{role}.txt"
            (docs / name).write_text(f"{site[0]}\n\n{story['headline']}\n\nBy Staff Writer - "
                                     f"{when.strftime('%B %-d, %Y')}\n\n{story['body']}\n", encoding="utf-8")
            labels.append({"file": name, "family": f"e{k}", "role": role, "parent": None, "credited": False,
                           "site": site[0]})
    return labels


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else "n/a (0/0)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=40)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--old", action="store_true",
                        help="the earlier, easier corpus (text files, no early copies, siblings or same-event pairs)")
    parser.add_argument("--links", action="store_true",
                        help="hyperlink-only credits in the HTML families (for when prov reads links)")
    parser.add_argument("--events", type=int, default=100, help="at most this many COUNTER same-event pairs")
    parser.add_argument("--keep", type=Path, help="keep the corpus and the database in this (new) folder")
    parser.add_argument("--verbose", action="store_true", help="print the wrong edges, flags and claims")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        if args.old:
            labels, parent_of = build(out, args.families, args.seed), PARENT
            mode = "old corpus"
        else:
            labels = build_hard(out, args.families, args.seed, links=args.links, events=args.events)
            parent_of = HARD_PARENT
            mode = "harder corpus" + (", hyperlink credits on" if args.links else ", hyperlink credits off")
        url = f"sqlite:///{out / 'trace.db'}"
        ids, elapsed = reuse_quality.ingest_folder(url, out / "docs")
        label_of = {ids[label["file"]]: label for label in labels if label["file"] in ids}
        by_role = {(label["family"], label["role"]): ids[label["file"]] for label in labels if label["file"] in ids}
        name_of = {v: f"{f}:{r}" for (f, r), v in by_role.items()}
        db = Database(url)
        with db.session() as session:
            stored = list(session.scalars(select(LineageEdge)))
            edge_rows = {(e.derived_id, e.source_document_id): e for e in stored if e.source_document_id is not None}
            edges = set(edge_rows)
            gold = {(by_role[(f, role)], by_role[(f, parent_of[role])]) for (f, role) in by_role
                    if role in parent_of and (f, parent_of[role]) in by_role}
            relevant = {e for e in edges if e[0] in label_of}
            tp = len(relevant & gold)
            precision = tp / len(relevant) if relevant else 0.0
            recall = tp / len(gold) if gold else 0.0
            relations_right = sum(edge_rows[e].relation == RELATION_OF_ROLE[label_of[e[0]]["role"]]
                                  for e in relevant & gold)
            # Flags: a document is flagged when one of its edges carries the flag.
            flagged: dict[str, set[int]] = {}
            for e in stored:
                for flag in e.flags:
                    flagged.setdefault(flag, set()).add(e.derived_id)
            by_generator = {doc_id for doc_id, label in label_of.items()
                            if label["role"] in parent_of and not label["credited"]}
            should_flag = {doc_id for doc_id in by_generator if not label_of[doc_id].get("owner_credit")}
            uncredited = flagged.get("uncredited-reuse", set()) & set(label_of)
            early = {by_role[k] for k in by_role if k[1] == "early"}
            early_conflict = {d for d in early if "date-conflict" in getattr(
                edge_rows.get((d, by_role[(label_of[d]["family"], "origin")])), "flags", [])}
            other_conflicts = (flagged.get("date-conflict", set()) & set(label_of)) - early
            right_origin = total_origin = 0
            wrong_origins = []
            for (family, role), doc_id in by_role.items():
                if role not in parent_of:
                    continue
                total_origin += 1
                data = document_trace_json(trace_document(session, session.get(Document, doc_id)))
                # The family's origin is a real article: where its own text credits a source, the chain
                # rightly goes on to it. Right = the same origins as the origin document's own, those
                # beyond the corpus (a document of the corpus is never the origin document's origin).
                origin_id = by_role[(family, "origin")]
                own = document_trace_json(trace_document(session, session.get(Document, origin_id)))
                expected = {o["key"] for o in own["origins"] if o.get("document_id") not in label_of
                            or o.get("document_id") == origin_id} or {f"doc:{origin_id}"}
                if {o["key"] for o in data["origins"]} == expected:
                    right_origin += 1
                else:
                    wrong_origins.append((name_of[doc_id], [o["key"] for o in data["origins"]], sorted(expected)))
            events = {label["family"] for label in labels if label["role"] == "agency" and label["file"] in ids}
            events_linked = sum(1 for f in events if {(by_role[(f, "paper")], by_role[(f, "agency")]),
                                                      (by_role[(f, "agency")], by_role[(f, "paper")])} & edges)
            claims_ok = counts_ok = 0
            latencies = []
            families = sorted({label["family"] for label in labels if isinstance(label["family"], int)})
            wrong_claims = []
            for family in families:
                excerpt = session.get(Document, by_role[(family, "excerpt")])
                origin = session.get(Document, by_role[(family, "origin")])
                sentence = next((s for s in reuse_corpus.sentences(excerpt.text)
                                 if 12 <= len(s.split()) <= 40 and s in origin.text), None)
                if sentence is None:
                    continue
                start = time.perf_counter()
                result = trace_json(trace_claim(session, sentence))
                latencies.append(time.perf_counter() - start)
                carriers = {by_role[(family, r)] for r in ("origin", "copy", "copy2", "repost", "excerpt", "early")
                            if (family, r) in by_role}
                if (family, "excerpt2") in by_role and sentence in session.get(
                        Document, by_role[(family, "excerpt2")]).text:
                    carriers.add(by_role[(family, "excerpt2")])
                found = {o["document_id"] for o in result["occurrences"]}
                claims_ok += carriers <= found
                counts_ok += result["independent_origins"] == 1
                if result["independent_origins"] != 1:
                    wrong_claims.append((family, result["independent_origins"], [
                        (o["key"], [name_of.get(d, d) for d in o["occurrences"]]) for o in result["origins"]]))
            if args.verbose:
                for e in sorted(relevant - gold):
                    row = edge_rows[e]
                    print("extra edge", name_of.get(e[0]), "->", name_of.get(e[1], e[1]), row.relation, row.basis,
                          row.flags)
                for e in sorted(gold - relevant):
                    print("missed edge", name_of.get(e[0]), "->", name_of.get(e[1]))
                for e in sorted(relevant & gold):
                    if edge_rows[e].relation != RELATION_OF_ROLE[label_of[e[0]]["role"]]:
                        print("relation", name_of.get(e[0]), "->", name_of.get(e[1]), edge_rows[e].relation)
                for d in sorted(uncredited - should_flag):
                    print("uncredited-reuse on a credited document", name_of[d])
                for d in sorted(should_flag - uncredited):
                    print("uncredited-reuse missing", name_of[d])
                for d in sorted(early - early_conflict):
                    print("early copy without date-conflict", name_of[d])
                for d in sorted(other_conflicts):
                    print("date-conflict on", name_of[d])
                for item in wrong_origins:
                    print("origin", *item)
                for item in wrong_claims:
                    print("claim of family", *item)
        db.dispose()
    counted = f"{len(families)} families" + (f", {len(events)} same-event pairs" if events else "")
    print(f"{mode}: {len(labels)} documents, {counted}; ingest {elapsed:.1f} s")
    print(f"lineage edges: precision {precision:.3f}, recall {recall:.3f} ({tp} of {len(gold)} gold edges, "
          f"{len(relevant)} predicted between documents); relation right on {ratio(relations_right, tp)}")
    print(f"origin accuracy (trace --doc of every derived document): {ratio(right_origin, total_origin)}")
    print(f"uncredited-reuse: precision {ratio(len(uncredited & should_flag), len(uncredited))}, "
          f"recall {ratio(len(uncredited & should_flag), len(should_flag))}")
    kept = by_generator - should_flag
    print(f"  copies keeping their origin's own agency or publisher credit (not to be flagged): {len(kept)}, "
          f"flagged {len(kept & uncredited)}; counting them as uncredited, recall "
          f"{ratio(len(uncredited & by_generator), len(by_generator))}")
    if events:
        # What reuse links between the independent reports costs, apart from the lineage of the families.
        in_families = {d for d, label in label_of.items() if isinstance(label["family"], int)}
        family_edges = {e for e in relevant if e[0] in in_families}
        family_flags = uncredited & in_families
        print(f"  the families alone: edges precision {ratio(len(family_edges & gold), len(family_edges))}; "
              f"uncredited-reuse precision {ratio(len(family_flags & should_flag), len(family_flags))}")
    if early:
        print(f"early uncredited copies flagged date-conflict: {ratio(len(early_conflict), len(early))}; "
              f"date-conflict on other documents: {len(other_conflicts)}")
    if events:
        print(f"same-event pairs (COUNTER, not derived) linked: {ratio(events_linked, len(events))}")
    print(f"claims: every carrying document found in {claims_ok}/{len(latencies)}; "
          f"independent origins = 1 in {counts_ok}/{len(latencies)}")
    if latencies:
        print(f"trace time in process: median {sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
