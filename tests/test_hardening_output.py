"""Text from documents going out: JSON-LD for HTML, terminals, Markdown, XML, DOT, and `-o` targets.

Every document here is written by the test, carrying the payload, and ingested through the CLI.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"
BODY = """<p>Valdoria agreed to release 40 percent more water from the Tavira Dam, the ministry said on Friday
in a statement to reporters in the capital city of the country.</p>
<p>Officials confirmed that the schedule begins in July and runs through October, with gauges checked by
both sides every week of the dry season.</p>"""


def page(tmp_path: Path, name: str, *, ld: dict | None = None, head: str = "", body: str = BODY) -> Path:
    """An HTML page with BODY as its article and LD as its JSON-LD (written with json.dumps: any string fits)."""
    script = ""
    if ld is not None:
        # As a page would carry it: `<` written \u003c, so the markup parses and the value holds `</script>`.
        script = ('<script type="application/ld+json">'
                  + json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", **ld}).replace("<", "\\u003c")
                  + "</script>")
    path = tmp_path / name
    path.write_text(f"<!DOCTYPE html><html><head><title>Dam deal</title>{head}{script}</head><body><article>"
                    f"<h1>Dam deal agreed</h1>{body}</article></body></html>", encoding="utf-8")
    return path


# 1. ClaimReview and the other JSON formats, embedded in HTML --------------------------------------

SCRIPT_BREAK = "</script><script>alert('x')</script><!--"


def test_claimreview_can_be_embedded_in_a_script_element(prov, tmp_path) -> None:
    doc = page(tmp_path, "cr.html", ld={"headline": f"Dam deal {SCRIPT_BREAK} agreed & signed \u2028 now",
                                        "datePublished": "2025-06-14"})
    result = prov("ingest", str(doc), "--url", "javascript:alert(document.domain)",
                  "--outlet", f"Evil {SCRIPT_BREAK} Times", "--author", f"Ana {SCRIPT_BREAK} Ruiz")
    assert result.exit_code == 0, result.output
    shown = prov.json("show", str(doc))
    assert "</script>" in shown["title"] and shown["url"].startswith("javascript:")  # stored as read
    text = prov("report", "--claim", CLAIM, "--format", "claimreview").stdout
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in text
    review = json.loads(text)
    first = review["itemReviewed"]["firstAppearance"]
    assert first["headline"] == shown["title"]  # the same value, only escaped
    assert first["publisher"]["name"] == f"Evil {SCRIPT_BREAK} Times"
    assert first["author"] == [{"@type": "Person", "name": f"Ana {SCRIPT_BREAK} Ruiz"}]
    assert "url" not in first  # a javascript: URL is no appearance to link to
    assert all("url" not in work for work in review["itemReviewed"]["appearance"])
    # Embedded the usual way, the page has exactly the one script element, holding all of it.
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(f'<html><head><script type="application/ld+json">{text}</script></head>'
                                "<body><p>review</p></body></html>")
    [script] = tree.xpath("//script")
    assert json.loads(script.text) == review
    # The other JSON formats a page may embed: the report as JSON and as PROV-JSON.
    for fmt in ("json", "prov-json"):
        out = prov("report", "--claim", CLAIM, "--format", fmt).stdout
        assert "<" not in out and ">" not in out and "&" not in out, fmt
        assert "</script>" in json.dumps(json.loads(out), ensure_ascii=False), fmt  # the value is kept


def test_claimreview_keeps_http_urls(prov, tmp_path) -> None:
    doc = page(tmp_path, "ok.html", ld={"headline": "Dam deal agreed", "datePublished": "2025-06-14"})
    prov("ingest", str(doc), "--url", "https://ledger.example/2025/06/14/dam?a=1&b=2")
    review = json.loads(prov("report", "--claim", CLAIM, "--format", "claimreview").stdout)
    assert review["itemReviewed"]["firstAppearance"]["url"] == "https://ledger.example/2025/06/14/dam?a=1&b=2"


# 4. PROV-XML with control characters ---------------------------------------------------------------

def test_prov_xml_of_a_document_with_control_characters(prov, tmp_path) -> None:
    from prov.model import ProvDocument

    doc = page(tmp_path, "ctl.html", ld={"headline": "Dam \x01deal \x1b]0;x\x07 agreed", "datePublished": "2025-06-14"})
    prov("ingest", str(doc), "--author", "Ana\x1bRuiz", "--outlet", "Evil\x02 Times\x7f")
    shown = prov.json("show", str(doc))
    for subject in (["report", str(shown["id"])], ["report", "--claim", CLAIM]):
        result = prov(*subject, "--format", "prov-xml")
        assert result.exit_code == 0, result.output
        document = ProvDocument.deserialize(content=result.stdout, format="xml")
        labels = {str(v) for r in document.get_records() for k, v in r.attributes if k.localpart == "label"}
        assert "Ana\ufffdRuiz" in labels and "Evil\ufffd Times\x7f" in labels  # DEL is allowed in XML 1.0
        assert any(label.startswith("Dam \ufffddeal") for label in labels)
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", result.stdout)
