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


def store_url(prov, doc: Path, url: str) -> None:
    """Give the stored document DOC the address URL, as an archive written before `--url` refused other
    schemes holds it (ingest now refuses `--url javascript:...` itself: usage error, exit 2)."""
    from sqlalchemy import text

    from provenance.db import Database

    refused = prov("ingest", str(doc), "--url", url)
    assert refused.exit_code == 2 and "only http and https URLs" in refused.output, refused.output
    database = Database(prov.db_url)
    try:
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE document SET url = :url WHERE source_path = :path"),
                         {"url": url, "path": str(doc.resolve())})
    finally:
        database.dispose()


def test_claimreview_can_be_embedded_in_a_script_element(prov, tmp_path) -> None:
    doc = page(tmp_path, "cr.html", ld={"headline": f"Dam deal {SCRIPT_BREAK} agreed & signed \u2028 now",
                                        "datePublished": "2025-06-14"})
    result = prov("ingest", str(doc), "--outlet", f"Evil {SCRIPT_BREAK} Times", "--author", f"Ana {SCRIPT_BREAK} Ruiz")
    assert result.exit_code == 0, result.output
    store_url(prov, doc, "javascript:alert(document.domain)")
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

def test_prov_xml_of_a_document_with_control_characters(prov, another_db_url, tmp_path) -> None:
    from prov.model import ProvDocument

    other = archive_with_escapes(prov, another_db_url, tmp_path)  # stored raw, as older archives hold them
    for subject in (["report", "1"], ["report", "--claim", CLAIM]):
        result = other(*subject, "--format", "prov-xml")
        assert result.exit_code == 0, result.output
        document = ProvDocument.deserialize(content=result.stdout, format="xml")
        labels = {str(v) for r in document.get_records() for k, v in r.attributes if k.localpart == "label"}
        assert any(label.startswith("First \ufffd]52;c;") for label in labels), labels
        assert any(label.startswith("Harbour \ufffd]52") and label.endswith("Ledger\ufffd") for label in labels)
        assert not CONTROL.search(result.stdout)
    # PROV-N, which writes strings as they are, gets the same replacement.
    assert "First \ufffd]52;c;" in other("report", "1", "--format", "prov-n").stdout


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
            assert result.exit_code == 3, (name, args, result.output)  # an output failure's own status
            assert result.output == f"Error: {path}: {reason}: output goes only to a regular file or a new path\n"
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
    assert result.exit_code == 3
    assert result.output == f"Error: {missing}: cannot write the report (No such file or directory)\n"


# 3. Markdown reports: document text makes no link, image or HTML ----------------------------------

MD_PAYLOAD = ("[click](javascript:alert(1)) ![](http://remote.example/pixel.png) <http://auto.example/> "
              "<img src=x onerror=alert(2)> www.evil.example https://bare.example/x *bold* `code` ~~gone~~ | cell")
WEIRD_SOURCE = "https://wire.example/a`b`[x](javascript:alert(4))"


def github_html(markdown: str):
    """The Markdown as GitHub renders it (raw HTML let through, as a careless viewer would), parsed."""
    import cmarkgfm
    from cmarkgfm.cmark import Options
    from lxml import html as lxml_html

    return lxml_html.fromstring(f"<div>{cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)}</div>")


def test_markdown_report_makes_no_link_image_or_html_from_document_text(prov, tmp_path) -> None:
    doc = page(tmp_path, "md.html", ld={"headline": f"Dam deal {MD_PAYLOAD}", "datePublished": "2025-06-14"})
    result = prov("ingest", str(doc), "--outlet", f"Evil {MD_PAYLOAD}", "--author", f"Ana {MD_PAYLOAD}")
    assert result.exit_code == 0, result.output
    store_url(prov, doc, "javascript:alert(3)")
    shown = prov.json("show", str(doc))
    assert shown["title"] == f"Dam deal {MD_PAYLOAD}"
    assert prov("link", str(shown["id"]), WEIRD_SOURCE, "--relation", "cites").exit_code == 0
    for subject in (["report", str(shown["id"])], ["report", "--claim", CLAIM]):
        text = prov(*subject, "--format", "md").stdout
        tree = github_html(text)
        assert not tree.xpath("//a | //img | //script | //del | //strong[contains(., 'bold')]"), text
        assert [e.text_content() for e in tree.xpath("//em")] in ([], [shown["title"]])  # the report's own italics
        assert {c.text for c in tree.xpath("//code")} <= {shown["sha256"], f"prov ingest {WEIRD_SOURCE}",
                                                        f"prov follow {shown['id']}"}
        body = tree.text_content()
        assert f"Dam deal {MD_PAYLOAD}" in body, body  # shown as the text it is
        assert f"Evil {MD_PAYLOAD}".split(" | ")[0] in body
    # The command to ingest the unresolved source is one code span, whatever backticks it holds.
    tree = github_html(prov("report", str(shown["id"]), "--format", "md").stdout)
    assert [c.text for c in tree.xpath("//li/code")] == [f"prov follow {shown['id']}", f"prov ingest {WEIRD_SOURCE}"]


def test_markdown_links_only_http_urls() -> None:
    from provenance.untrusted import markdown_link

    assert markdown_link("https://ledger.example/a?b=1&c=2") == "<https://ledger.example/a?b=1&c=2>"
    assert markdown_link("https://ledger.example/a|b<c>") == "<https://ledger.example/a%7Cb%3Cc%3E>"
    for bad in ("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "/tmp/a.html", "http:///x"):
        tree = github_html(f"| a |\n|---|\n| {markdown_link(bad)} |\n")
        assert not tree.xpath("//a | //b") and bad in tree.text_content()
    [a] = github_html(markdown_link("https://ledger.example/a?b=1")).xpath("//a")
    assert a.get("href") == "https://ledger.example/a?b=1"


def test_trace_markdown_makes_no_link_from_document_text(prov, tmp_path) -> None:
    doc = page(tmp_path, "md.html", ld={"headline": "Dam deal", "datePublished": "2025-06-14"},
               body=BODY.replace("in the capital", f"in the capital {MD_PAYLOAD}"))
    prov("ingest", str(doc), "--outlet", f"Evil {MD_PAYLOAD}")
    text = prov("trace", CLAIM, "--format", "md").stdout
    tree = github_html(text)
    assert not tree.xpath("//a | //img | //del | //em"), text
    assert f"Evil {MD_PAYLOAD}" in tree.text_content()


# DOT and the HTML report: quoted, escaped, no control character -----------------------------------

def test_dot_and_html_quote_document_strings(prov, tmp_path) -> None:
    import shutil
    import subprocess

    title = 'Dam "deal" \\N \\G \\l back\\ <b>html</b> \x1b]0;owned\x07 end\\'
    doc = page(tmp_path, "dot.html", ld={"headline": title, "datePublished": "2025-06-14"})
    prov("ingest", str(doc), "--outlet", 'Evil" ];\n"x" -> "y"; //', "--author", "Ana\x1b[2J\x9b31m Ruiz")
    shown = prov.json("show", str(doc))
    dot = prov("report", str(shown["id"]), "--format", "dot").stdout
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", dot)
    node = next(line for line in dot.splitlines() if line.startswith(f'  "doc:{shown["id"]}" [label='))
    # Every quote and backslash escaped, the newline between name and title written \n: the label is one string.
    assert node.startswith(f'  "doc:{shown["id"]}" [label="#{shown["id"]} Evil\\" ]; \\"x\\" -> \\"y\\"; //, '
                           '2025-06-14\\nDam \\"deal\\" \\\\N \\\\G \\\\l back\\\\ <b>html</b> end\\\\", style=')
    if shutil.which("dot"):
        subprocess.run(["dot", "-Tsvg"], input=dot, text=True, check=True, capture_output=True)
    page_html = prov("report", str(shown["id"]), "--format", "html").stdout
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page_html)
    assert "&lt;b&gt;html&lt;/b&gt;" in page_html


# 2. Terminal output: no escape sequence from a document reaches the terminal -----------------------

# OSC 52 (clipboard), OSC 0 (window title), OSC 8 (hyperlink), CSI (colour, clear screen), C1 CSI,
# DCS and APC strings, and cut ones: an OSC never ended and an ESC as the last character.
ESCAPES = ("\x1b]52;c;ZWNobyBvd25lZA==\x07 \x1b]0;owned\x1b\\ \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ "
           "\x1b[31mred\x1b[0m \x1b[2J \x9b31m \x1bP1$r\x1b\\ \x1b_apc\x1b\\ \x9d0;c1\x9c \x07\x08\x7f\x85")
CUT = "\x1b]8;;http://evil.example/"  # an OSC with no end: a terminal would swallow what follows
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline


def test_ingest_stores_names_without_escape_sequences_and_keeps_the_bytes(prov, tmp_path) -> None:
    import hashlib

    doc = page(tmp_path, "esc.html", ld={"headline": f"Dam deal {ESCAPES} agreed {CUT}", "datePublished": "2025-06-14",
                                         "author": {"@type": "Person", "name": f"Ana {ESCAPES}Ruiz\x1b"},
                                         "publisher": {"@type": "Organization", "name": f"Harbour {ESCAPES} Ledger"}})
    result = prov("ingest", str(doc))
    assert result.exit_code == 0, result.output
    shown = prov.json("show", str(doc))
    for value in (shown["title"], shown["outlet"]["name"], *shown["authors"]):
        assert not CONTROL.search(value), value
    assert shown["title"].startswith("Dam deal ") and "red" in shown["title"] and "link" in shown["title"]
    assert "owned" not in shown["title"] and "ZWNo" not in shown["title"]  # payloads go with their sequence
    assert shown["sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest()  # the evidence as it came
    given = page(tmp_path, "given.html")
    prov("ingest", str(given), "--title", f"T {ESCAPES}", "--author", f"A {CUT}", "--outlet", f"O {ESCAPES}")
    shown = prov.json("show", str(given))
    for value in (shown["title"], shown["outlet"]["name"], *shown["authors"]):
        assert not CONTROL.search(value), value


def archive_with_escapes(prov, another_db_url, tmp_path: Path):
    """Two documents whose stored title, author and outlet carry escape sequences, as an archive of an
    earlier version (or an export from elsewhere) has them: written by `prov import`."""
    from conftest import Prov

    prov("ingest", str(page(tmp_path, "a.html", ld={"headline": "First", "datePublished": "2025-06-14"})),
         "--author", "Ana Ruiz", "--outlet", "Harbour Ledger")
    prov("ingest", str(page(tmp_path, "b.html", ld={"headline": "Second", "datePublished": "2025-06-13"},
                            body=BODY.replace("Friday", "Friday, it said,"))), "--outlet", "Kestrel Wire")
    exported = tmp_path / "export.jsonl"
    assert prov("export", "-o", str(exported)).exit_code == 0
    lines = []
    for line in exported.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        row = record.get("row", {})
        if record.get("table") in ("document", "revision") and row.get("title") == "First":
            row["title"] = f"First {ESCAPES} {CUT}"
        if record.get("table") == "author":
            row["name"] = f"Ana {ESCAPES} Ruiz {CUT}"
        if record.get("table") == "outlet" and row.get("name") == "Harbour Ledger":
            row["name"] = f"Harbour {ESCAPES} Ledger\x1b"
        lines.append(json.dumps(record))
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = Prov(another_db_url())
    result = other("import", str(exported))
    assert result.exit_code == 0, result.output
    assert CONTROL.search(other.json("show", "1")["title"])  # stored raw: only the output cleans it
    return other


def test_terminal_output_carries_no_escape_sequence(prov, another_db_url, tmp_path) -> None:
    other = archive_with_escapes(prov, another_db_url, tmp_path)
    commands = [["docs"], ["show", "1"], ["show", "2"], ["trace", CLAIM], ["trace", CLAIM, "--format", "md"],
                ["trace", "--doc", "1"], ["trace", "--doc", "2"], ["reuse", "1"], ["outlets"], ["outlet", "list"],
                ["outlet", "show", "Kestrel Wire"], ["corrections"], ["show", "2", "--format", "json"],
                ["docs", "--format", "json"], ["trace", CLAIM, "--format", "json"]]
    commands += [["report", "--claim", CLAIM, "--format", fmt] for fmt in
                 ("md", "html", "json", "dot", "prov-json", "prov-n", "prov-xml", "claimreview")]
    commands += [["report", "1", "--format", "md"], ["report", "--outlet", "Kestrel Wire"]]
    for args in commands:
        result = other(*args)
        assert result.exit_code == 0, (args, result.output)
        assert not CONTROL.search(result.stdout), (args, [m.group() for m in CONTROL.finditer(result.stdout)])
    # The listing: both rows there, in order, each on its own line, the cut sequence shown as text.
    listing = other("docs").stdout.splitlines()
    assert len(listing) == 3 and listing[1].lstrip().startswith("1 ") and listing[2].lstrip().startswith("2 ")
    assert "First" in listing[1] and "red" in listing[1] and "Second" in listing[2]
    shown = other("show", "1").stdout.splitlines()
    assert shown[0].startswith("#1  First ") and "red" in shown[0] and "ZWNo" not in shown[0]
    assert any(line.startswith("outlet:    Harbour ") and line.rstrip().endswith("Ledger  [user]") for line in shown)
    # JSON keeps the value (C0 as JSON escapes, C1 too), so a tool reading it sees what was stored.
    data = other.json("show", "1")
    assert data["title"] == f"First {ESCAPES} {CUT}"


def test_terminal_removes_whole_sequences_and_cut_ones() -> None:
    from provenance.untrusted import terminal

    cases = {
        "a\x1b]52;c;ZWNobw==\x07b": "ab",  # OSC ended by BEL, payload and all
        "a\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\b": "alinkb",  # OSC 8 hyperlink ended by ST
        "a\x9d0;title\x9cb": "ab",  # the C1 forms
        "a\x9b31mb": "ab",
        "a\x1b[1;31mb\x1b[0m": "ab",
        "a\x1bP1$r\x1b\\b \x1b_apc\x1b\\c \x1b^pm\x1b\\d \x1bXsos\x1b\\e": "ab c d e",
        "a\x1bcb": "ab",  # a two-byte escape (reset)
        "a\x1b]8;;http://evil/": "a8;;http://evil/",  # cut: no end, the introducer ESC ] goes, the rest is text
        "title\x1b": "title",  # ESC as the last character
        "x\x1b[": "x",
        "one\ntwo\tthree\r\x0bfour\u2028five\x85six": "one two three four five six",
        "\x00\x07\x08\x7f\x80\x9fok": "ok",
        "Ostmark \u2013 \u0627\u0644\u0633\u062f \u00e9t\u00e9": "Ostmark \u2013 \u0627\u0644\u0633\u062f \u00e9t\u00e9",
    }
    for raw, shown in cases.items():
        assert terminal(raw) == shown, raw
    assert terminal("para one\r\n\x1b[2Jpara\ttwo\n", multiline=True) == "para one\npara\ttwo\n"
    assert terminal(None) == ""
