"""`prov report` on the fixture story: every format says what the trace found, escaped, and readable by tools."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import STORY_TEXT

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"


def story(prov) -> dict[str, dict]:
    """Ingest the story's saved texts; the shown documents by file name."""
    prov("ingest", str(STORY_TEXT))
    return {d["path"].rsplit("/", 1)[1]: prov.json("show", d["path"]) for d in prov.json_lines("docs")}


def test_claim_report_as_json_and_markdown(prov) -> None:
    docs = story(prov)
    origin, agency, forum = (docs["01-meridian-origin.txt"], docs["02-kestrel-rewrite.txt"],
                             docs["03-forum-repost.txt"])
    data = json.loads(prov("report", "--claim", CLAIM, "--format", "json").stdout)
    assert data["report"]["subject"] == {"kind": "claim", "claim": CLAIM}
    assert data["independent_origins"] == 1
    assert [o["key"] for o in data["origins"]] == [f"doc:{origin['id']}"]
    chains = {c["document_id"]: c for c in data["chains"]}
    assert chains[origin["id"]]["hops"] == [] and chains[origin["id"]]["independent"]
    # The forum post: a repost of the agency, which rewrote the origin; each hop with its evidence.
    hops = chains[forum["id"]]["hops"]
    assert [(h["from"], h["to"], h["relation"]) for h in hops] == [
        (f"doc:{forum['id']}", f"doc:{agency['id']}", "repost"),
        (f"doc:{agency['id']}", f"doc:{origin['id']}", "rewrite")]
    assert any(ev["text"] == "[KestrelNews]" for ev in hops[0]["evidence"])
    assert any("wrote on Wednesday in The Meridian Review" in (ev["text"] or "") for ev in hops[1]["evidence"])
    # The graph: an edge per hop, arrows from source to copy; the origin marked.
    edges = {(e["source"], e["derived"]) for e in data["graph"]["edges"]}
    assert (f"doc:{agency['id']}", f"doc:{forum['id']}") in edges
    assert [n["key"] for n in data["graph"]["nodes"] if n["origin"]] == [f"doc:{origin['id']}"]
    # The evidence record of every document, with the hash of its stored bytes.
    records = {d["document_id"]: d for d in data["documents"]}
    assert records[forum["id"]]["snapshots"][0]["sha256"] == forum["sha256"]
    assert set(records) == {c["document_id"] for c in data["chains"]}

    text = prov("report", "--claim", CLAIM).stdout
    assert text.startswith("# Citation-lineage report")
    assert "come from 1 independent origin(s)" in text
    assert "\u201c\\[KestrelNews\\]\u201d" in text and "wrote on Wednesday in The Meridian Review" in text  # [ ] escaped
    assert f"### #{forum['id']} Dispatch Forum" in text
    assert forum["sha256"] in text and origin["sha256"] in text
    assert "syndicated-repeat" in text and "not independent corroboration" in text


def test_report_to_a_file_and_as_graphviz(prov, tmp_path) -> None:
    docs = story(prov)
    out = tmp_path / "story.dot"
    result = prov("report", "--claim", CLAIM, "--format", "dot", "-o", str(out))
    assert result.stdout == "" and out.exists()
    dot = out.read_text()
    assert dot.startswith("digraph lineage {") and dot.rstrip().endswith("}")
    origin, agency = docs["01-meridian-origin.txt"]["id"], docs["02-kestrel-rewrite.txt"]["id"]
    assert f'"doc:{origin}" -> "doc:{agency}" [label="rewrite"' in dot


def test_html_report_is_one_self_contained_file(prov) -> None:
    docs = story(prov)
    page = prov("report", "--claim", CLAIM, "--format", "html").stdout
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//script | //link | //iframe | //img | //object")
    assert not [el for el in tree.iter() if isinstance(el.tag, str) and (el.get("src") or el.get("href"))]
    data = json.loads(prov("report", "--claim", CLAIM, "--format", "json").stdout)
    nodes = tree.xpath("//*[local-name()='svg']//*[local-name()='g'][contains(@class, 'node')]")
    assert len(nodes) == len(data["graph"]["nodes"])
    edges = tree.xpath("//*[local-name()='svg']//*[local-name()='g'][contains(@class, 'edge')]")
    assert len(edges) == len(data["graph"]["edges"])
    body = tree.text_content()
    assert "wrote on Wednesday in The Meridian Review" in body
    assert docs["03-forum-repost.txt"]["sha256"] in body


def test_prov_formats_read_back_with_the_prov_package(prov) -> None:
    from prov.model import PROV, PROV_TYPE, ProvDerivation, ProvDocument

    docs = story(prov)
    origin, agency, forum = (docs["01-meridian-origin.txt"], docs["02-kestrel-rewrite.txt"],
                             docs["03-forum-repost.txt"])
    read = {}
    for fmt, kind in (("prov-json", "json"), ("prov-xml", "xml")):
        read[fmt] = ProvDocument.deserialize(content=prov("report", "--claim", CLAIM, "--format", fmt).stdout,
                                             format=kind)
    document = read["prov-json"]
    assert document == read["prov-xml"]  # the same graph either way

    def relations(kind: str) -> set[tuple[str, str]]:
        pairs = set()
        for record in document.get_records():
            if record.get_type().localpart == kind:
                first, second = list(record.formal_attributes)[:2]
                pairs.add((first[1].localpart, second[1].localpart))
        return pairs

    assert (f"doc-{agency['id']}", f"doc-{origin['id']}") in relations("Derivation")
    quotations = {(r.formal_attributes[0][1].localpart, r.formal_attributes[1][1].localpart)
                  for r in document.get_records(ProvDerivation)
                  if PROV["Quotation"] in set(r.get_asserted_types() or [])}
    assert (f"doc-{forum['id']}", f"doc-{agency['id']}") in quotations
    assert (f"doc-{agency['id']}", f"doc-{origin['id']}") not in quotations  # a rewrite is no quotation
    primary = {(r.formal_attributes[0][1].localpart, r.formal_attributes[1][1].localpart)
               for r in document.get_records(ProvDerivation)
               if PROV["PrimarySource"] in set(r.get_asserted_types() or [])}
    assert (f"doc-{forum['id']}", f"doc-{origin['id']}") in primary
    assert (f"snapshot-{forum['sha256']}", f"doc-{forum['id']}") in relations("Specialization")
    assert (f"doc-{forum['id']}", "outlet-dispatch-forum") in relations("Attribution")
    assert ("author-helena-varga", "outlet-the-meridian-review") in relations("Delegation")
    assert PROV_TYPE  # the type attribute name the package uses for prov:type
    provn = prov("report", "--claim", CLAIM, "--format", "prov-n").stdout
    assert provn.startswith("document") and f"wasDerivedFrom(pv:doc-{agency['id']}, pv:doc-{origin['id']}" in provn


def test_claimreview_is_prefilled_from_the_trace(prov) -> None:
    docs = story(prov)
    review = json.loads(prov("report", "--claim", CLAIM, "--format", "claimreview").stdout)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == CLAIM
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    data = json.loads(prov("report", "--claim", CLAIM, "--format", "json").stdout)
    assert len(item["appearance"]) == data["occurrences"]
    first = item["firstAppearance"]
    assert first["publisher"]["name"] == "The Meridian Review"
    assert first["headline"] == docs["01-meridian-origin.txt"]["title"]
    assert first["datePublished"] == docs["01-meridian-origin.txt"]["published"]
    assert review["reviewRating"]["ratingValue"] is None  # the fact-checker's to give


def test_document_and_outlet_reports(prov) -> None:
    docs = story(prov)
    forum, agency = docs["03-forum-repost.txt"], docs["02-kestrel-rewrite.txt"]
    data = json.loads(prov("report", str(forum["id"]), "--format", "json").stdout)
    assert data["report"]["subject"]["kind"] == "document"
    [chain] = data["chains"]
    assert [h["relation"] for h in chain["hops"]] == ["repost", "rewrite"]
    assert [o["outlet"] for o in data["origins"]] == ["The Meridian Review"]
    agency_report = json.loads(prov("report", str(agency["id"]), "--format", "json").stdout)
    assert forum["id"] in {d["document_id"] for d in agency_report["derived"]}
    outlet = json.loads(prov("report", "--outlet", "KestrelNews", "--format", "json").stdout)
    assert outlet["outlet"]["name"] == "Kestrel News Agency"
    assert outlet["document_ids"] == [agency["id"]]
    assert outlet["takes_from"] == [{"source": "The Meridian Review", "documents": 1, "credited": 1}]
    assert [d["document_id"] for d in outlet["derived_by_others"]].count(forum["id"]) == 1
    assert "Kestrel News Agency" in prov("report", "--outlet", "Kestrel News Agency").stdout
    # A ClaimReview needs a claim; a subject must be given once; unknown subjects are one-line errors.
    usage = prov("report", "--outlet", "Kestrel News Agency", "--claim", CLAIM)
    assert usage.exit_code == 2 and "Error: give one subject" in usage.output
    claimreview = prov("report", str(forum["id"]), "--format", "claimreview")  # a usage error: a claim is needed
    assert claimreview.exit_code == 2 and claimreview.stderr.endswith(
        "Error: Invalid value for --format: a ClaimReview is about a claim: give --claim \"...\"\n")
    for args, message in ((["report", "9999"], "9999: no such document"),
                          (["report", "--outlet", "Nobody Media Group"], "no such outlet")):
        result = prov(*args)
        assert result.exit_code != 0 and message in result.output and len(result.output.strip().splitlines()) == 1


HOSTILE = """<!DOCTYPE html><html><head>
<title>Dam deal &lt;script&gt;alert('title')&lt;/script&gt; agreed</title>
<meta name="author" content="&lt;img src=x onerror=alert('author')&gt;">
<meta property="article:published_time" content="2025-06-14">
</head><body><article><h1>Dam deal &lt;script&gt;alert('title')&lt;/script&gt; agreed</h1>
<p>Valdoria agreed to release 40 percent more water from the Tavira Dam, the ministry said on Friday
&lt;script&gt;document.title='owned'&lt;/script&gt; in a statement to reporters in the capital city.</p>
<p>Officials &lt;b onmouseover="alert('text')"&gt;confirmed&lt;/b&gt; that the schedule begins in July and
runs through October, with gauges checked by both sides every week of the dry season.</p>
</article></body></html>"""


def test_report_escapes_every_piece_of_document_text(prov, tmp_path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(HOSTILE, encoding="utf-8")
    # A byline with markup in it is dropped on reading; given as the author, it is stored as given.
    prov("ingest", str(page), "--url", "https://hostile.example/2025/06/14/dam/",
         "--author", "<img src=x onerror=alert('author')>", "--outlet", "<b onmouseover=alert(1)>Evil</b> Times")
    shown = prov.json("show", str(page))
    assert "<script>" in shown["title"] and "onerror" in " ".join(shown["authors"])  # the payload is stored
    assert "<b onmouseover" in shown["outlet"]["name"]
    for args in (["report", str(shown["id"])], ["report", "--claim", CLAIM]):
        output = prov(*args, "--format", "html").stdout
        tree = lxml_html.fromstring(output)
        assert not tree.xpath("//script | //img | //b")
        assert not [(el.tag, name) for el in tree.iter() if isinstance(el.tag, str)
                    for name in el.attrib if name.lower().startswith("on")]
        assert "<script>alert('title')</script>" in tree.text_content()  # shown as text
        md = prov(*args, "--format", "md").stdout
        assert "<script" not in md and "<img" not in md and "&lt;script&gt;" in md
        dot = prov(*args, "--format", "dot").stdout
        assert dot.startswith("digraph")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(chromium_path() is None and os.environ.get("PROV_TEST_REQUIRE_CHROMIUM") != "1",
                    reason="chromium is not installed (make test installs it)")
def test_html_report_renders_in_chromium(prov, tmp_path) -> None:
    """The report in a real browser: the graph's nodes and the chain text are visible, and no script runs."""
    from playwright.sync_api import sync_playwright

    story(prov)
    page_file = tmp_path / "report.html"
    prov("report", "--claim", CLAIM, "--format", "html", "-o", str(page_file))
    data = json.loads(prov("report", "--claim", CLAIM, "--format", "json").stdout)
    executable = chromium_path()
    assert executable is not None, "chromium not found"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(page_file.as_uri())
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            nodes = page.locator("svg.lineage g.node")
            assert nodes.count() == len(data["graph"]["nodes"])
            for i in range(nodes.count()):
                assert nodes.nth(i).is_visible()
                box = nodes.nth(i).bounding_box()
                assert box is not None and box["width"] > 100 and box["height"] > 30
            for node in data["graph"]["nodes"]:
                label = page.locator(f"svg.lineage g.node[data-key='{node['key']}'] text.n1")
                assert label.is_visible() and label.text_content().strip() == (node["outlet"] or "(no outlet)")[:30]
            assert page.get_by_text("wrote on Wednesday in The Meridian Review").first.is_visible()
            assert page.get_by_text("come from 1 independent origin(s)").is_visible()
            assert requests == [page_file.as_uri()] and dialogs == []
        finally:
            browser.close()
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert Path(tmp_path / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
