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


# 5. -o writes a regular file or a new path, nothing else ------------------------------------------

def story_doc(prov, tmp_path: Path) -> None:
    prov("ingest", str(page(tmp_path, "story.html", ld={"headline": "Dam deal agreed", "datePublished": "2025-06-14"})))


def special_targets(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Paths that are not regular files, and the reason each is refused."""
    import os
    import socket
    import stat

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (tmp_path / "link").symlink_to(victim)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    targets = {"link": (tmp_path / "link", "is a symbolic link"), "fifo": (tmp_path / "fifo", "is a FIFO (named pipe)"),
               "folder": (tmp_path / "folder", "is a directory")}
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "sock"))
        targets["sock"] = (tmp_path / "sock", "is a socket")
    except OSError:  # a path too long for a socket name
        pass
    finally:
        sock.close()
    if os.geteuid() == 0:  # a null device of our own, in tmp_path: replacing it would harm nothing
        os.mknod(tmp_path / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets["null"] = (tmp_path / "null", "is a device")
    return targets


def kind_of(path: Path) -> str:
    import stat

    mode = path.lstat().st_mode
    return next(name for name, test in (("link", stat.S_ISLNK), ("fifo", stat.S_ISFIFO), ("folder", stat.S_ISDIR),
                                        ("sock", stat.S_ISSOCK), ("null", stat.S_ISCHR), ("file", stat.S_ISREG))
                if test(mode))


def test_output_is_never_written_over_a_link_fifo_socket_device_or_folder(prov, tmp_path) -> None:
    story_doc(prov, tmp_path)
    targets = special_targets(tmp_path)
    for name, (path, reason) in targets.items():
        for args in (["report", "--claim", CLAIM, "--format", "md"], ["export"], ["export", "--format", "warc"]):
            result = prov(*args, "-o", str(path))
            assert result.exit_code == 1, (name, args, result.output)
            assert result.output == f"Error: {path}: {reason}: -o writes only to a regular file or a new path\n"
            assert kind_of(path) == name  # left as it was
    assert (tmp_path / "victim.txt").read_text() == "keep me\n"
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob(".*partial"))


def test_output_replaces_a_regular_file_whole_and_follows_no_partial_link(prov, tmp_path) -> None:
    story_doc(prov, tmp_path)
    out = tmp_path / "out.md"
    out.write_text("old report\n")
    out.chmod(0o640)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (tmp_path / "out.md.partial").symlink_to(victim)  # a trap set where the old code wrote first
    result = prov("report", "--claim", CLAIM, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Citation-lineage report") and kind_of(out) == "file"
    assert out.stat().st_mode & 0o777 == 0o640  # its permissions kept
    assert victim.read_text() == "keep me\n"
    new = tmp_path / "new.jsonl"
    assert prov("export", "-o", str(new)).exit_code == 0 and new.read_text().startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == ["out.md.partial"]
    # A failed write (no such folder) names the path and leaves nothing behind.
    missing = tmp_path / "no" / "such.md"
    result = prov("report", "--claim", CLAIM, "-o", str(missing))
    assert result.exit_code == 1
    assert result.output == f"Error: {missing}: cannot write the report (No such file or directory)\n"
