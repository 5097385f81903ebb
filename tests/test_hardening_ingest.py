"""Issue 18, ingest: unreadable subfolders, control-character entities, UTF-16 without a byte-order mark,
gzip-compressed files, huge documents, headline-only revisions."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from unprivileged import is_root, run_ingest_unprivileged, world_enterable_dir

STORY = ("The river commission of Valdoria met on Tuesday in the old customs house at Tavira. "
         "Its members agreed that the dam will release more water in the dry months of the year, "
         "and that farmers downstream will be told a week ahead of every change in the flow. ")


def ingest_rows(prov, *args: str) -> tuple[int, list[dict], str]:
    result = prov("ingest", *args, "--format", "json")
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines() if line.strip()], result.stderr


# --- an unreadable folder inside an ingested folder is a failed input ---------------------------------


def test_an_unreadable_subfolder_is_reported_and_the_rest_ingested(prov, db_url) -> None:
    folder = world_enterable_dir()  # root's pytest folders are closed to the unprivileged reader
    try:
        (folder / "a-readable.txt").write_text(STORY)
        closed = folder / "b-closed"
        closed.mkdir()
        (closed / "inside.txt").write_text(STORY + "Another page. ")
        (folder / "c-after.txt").write_text(STORY + "A third page. ")
        closed.chmod(0o000)
        if is_root():  # root enters any folder: the folder is walked as nobody (see unprivileged.py)
            out = run_ingest_unprivileged(db_url, str(folder), "--format", "json", cwd=folder)
            code, stdout = out.returncode, out.stdout
        else:
            result = prov("ingest", str(folder), "--format", "json")
            code, stdout = result.exit_code, result.stdout
    finally:
        closed.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert code == 1
    assert [(r["input"], r["status"]) for r in rows] == [
        (str(folder / "a-readable.txt"), "new"), (str(closed), "failed"), (str(folder / "c-after.txt"), "new")]
    assert rows[1]["error"] == f"{closed}: permission denied (cannot read the folder)"


def test_hidden_folders_are_still_left_out(prov, tmp_path) -> None:
    (tmp_path / "story.txt").write_text(STORY)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(STORY + "Hidden. ")
    code, rows, _ = ingest_rows(prov, str(tmp_path))
    assert code == 0 and [r["input"] for r in rows] == [str(tmp_path / "story.txt")]


# --- a control character written as a character reference does not cost the page its text -------------


def page(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1>{body}</article></body></html>")


def test_control_character_references_are_dropped_and_the_page_read(prov, tmp_path) -> None:
    paragraphs = "".join(f"<p>{STORY}Paragraph {i}.</p>" for i in range(4))
    path = tmp_path / "escaped.html"
    path.write_text(page("Commission meets at Tavira", paragraphs + "<p>A stray &#27;[31m escape, a &#1; and a "
                         "&#x0C; form feed, &#xFFFE;&#65535 and a raw \x1b too.</p>"
                         "<p title='&#2;'>The farmers were told on Friday.</p>"))
    code, rows, _ = ingest_rows(prov, str(path))
    assert code == 0 and rows[0]["status"] == "new", rows
    text = prov.json("show", str(path))["text"]
    assert "The farmers were told on Friday." in text
    assert "A stray [31m escape, a and a form feed, and a raw too." in text
    assert "\x1b" not in text and "\x01" not in text


def test_other_character_references_are_read_as_before(tmp_path) -> None:
    from provenance.ingest.extract import extract

    body = page("Caf&#233; reopens", f"<p>{STORY}</p><p>Prices in &#x20AC; &#8364;5, tabs&#9;kept, &#128; stays.</p>")
    text = extract(body.encode(), kind="html", charset=None, url=None, source="x").text
    assert "Prices in \u20ac \u20ac5, tabs" in text and "\u20ac stays." in text


# --- UTF-16 without a byte-order mark is text; binary data is still refused ----------------------------

CYRILLIC = ("Комиссия по реке собралась во вторник в старой таможне. Её члены решили, что плотина будет "
            "выпускать больше воды в сухие месяцы года, а фермеров предупредят за неделю. ")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read(prov, tmp_path, encoding) -> None:
    html = tmp_path / "page.html"
    html.write_bytes(page("Commission meets at Tavira", f"<p>{STORY}</p><p>{STORY}</p>").encode(encoding))
    text = tmp_path / "copy.txt"
    text.write_bytes(f"Commission meets at Tavira\n\n{STORY}\n\n{CYRILLIC}\n".encode(encoding))
    russian = tmp_path / "russian.txt"
    russian.write_bytes((CYRILLIC * 3).encode(encoding))
    code, rows, stderr = ingest_rows(prov, str(html), str(text), str(russian))
    assert code == 0 and [r["status"] for r in rows] == ["new"] * 3, stderr
    for path, words in ((html, "farmers downstream will be told"), (text, "Её члены решили"),
                        (russian, "собралась во вторник")):
        shown = prov.json("show", str(path))
        assert words in shown["text"]
    assert prov.json("show", str(html))["title"] == "Commission meets at Tavira"


@pytest.mark.parametrize(("body", "reason"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary content (a PNG image)"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 8, "binary content (a PDF document)"),
    (b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)) * 8, "binary content (a ZIP archive (or Office document))"),
    (bytes(range(256)) * 8, "binary content (binary data)"),
    # zero bytes on one side of each pair, like UTF-16, but what they spell is control characters
    (bytes([1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0]) * 40, "binary content (binary data)"),
    (b"<html>\x00\x01\x02\x03" * 30 + b"</html>", "binary content (binary data)"),
])
def test_binary_is_still_refused(prov, tmp_path, body, reason) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(body)
    code, rows, _ = ingest_rows(prov, str(path))
    assert code == 1 and rows[0]["error"] == f"{path}: {reason}, not HTML or text"


# --- gzip-compressed pages and text are read, within the same bound as a gzip-compressed HTTP reply -----


def test_gzip_compressed_html_and_text_are_read(prov, tmp_path, count_rows) -> None:
    html = page("Commission meets at Tavira", f"<p>{STORY}</p><p>{STORY}Second paragraph.</p>").encode()
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(html, mtime=0))
    text = f"Dam to release more water\n\n{STORY}\n".encode()
    # two members, as `cat a.gz b.gz` makes: both are read
    (tmp_path / "copy.txt.gz").write_bytes(gzip.compress(text[:40]) + gzip.compress(text[40:]))
    (tmp_path / "archive.tar.gz").write_bytes(gzip.compress(b"not a page"))  # not a page: left out
    code, rows, stderr = ingest_rows(prov, str(tmp_path))
    assert code == 0, stderr
    assert [(r["input"], r["status"]) for r in rows] == [
        (str(tmp_path / "copy.txt.gz"), "new"), (str(tmp_path / "page.html.gz"), "new")]
    shown = prov.json("show", str(tmp_path / "page.html.gz"))
    assert shown["title"] == "Commission meets at Tavira" and "Second paragraph." in shown["text"]
    # The evidence is the document itself, as for an HTTP reply sent gzip-compressed: the SHA-256
    # is that of the decompressed bytes (the file's own is kept in the snapshot's headers).
    assert shown["sha256"] == hashlib.sha256(html).hexdigest()
    assert "farmers downstream" in prov.json("show", str(tmp_path / "copy.txt.gz"))["text"]
    again = ingest_rows(prov, str(tmp_path))[1]
    assert [r["status"] for r in again] == ["unchanged", "unchanged"]


def test_a_gzip_snapshot_keeps_the_decompressed_bytes_and_the_files_hash(db, tmp_path) -> None:
    from sqlalchemy import select

    from conftest import Prov
    from provenance.exchange import snapshot_bytes
    from provenance.models import Snapshot

    html = page("Commission meets at Tavira", f"<p>{STORY}</p>").encode()
    packed = gzip.compress(html)
    (tmp_path / "page.html.gz").write_bytes(packed)
    assert Prov(db.url).json_lines("ingest", str(tmp_path / "page.html.gz"))[0]["status"] == "new"
    with db.session() as session:
        snap = session.scalars(select(Snapshot)).one()
        assert snapshot_bytes(snap) == html and snap.size == len(html)
        assert snap.headers == {"Content-Encoding": "gzip", "X-Provenance-File-SHA256": hashlib.sha256(packed).hexdigest(),
                                "X-Provenance-File-Size": str(len(packed))}


def kinds(db) -> dict[str, str]:
    from sqlalchemy import select

    from provenance.models import Document

    with db.session() as session:
        return {Path(path).name: kind for path, kind in session.execute(select(Document.source_path, Document.content_kind))}


def test_the_kind_of_a_gzip_file_without_a_telling_name(prov, db, tmp_path) -> None:
    html = page("Commission meets at Tavira", f"<p>{STORY}</p>").encode()
    (tmp_path / "saved.gz").write_bytes(gzip.compress(html))  # the content says HTML
    with gzip.GzipFile(tmp_path / "download", "wb", mtime=0) as out:  # the gzip header names copy.txt
        out.name = "copy.txt"
        out.write(f"{STORY}\n".encode())
    (tmp_path / "mislabelled.html").write_bytes(gzip.compress(html))  # gzip under a plain name
    for name in ("saved.gz", "download", "mislabelled.html"):
        code, rows, stderr = ingest_rows(prov, str(tmp_path / name))
        assert code == 0, stderr
    assert kinds(db) == {"saved.gz": "html", "download": "text", "mislabelled.html": "html"}
    assert prov.json("show", str(tmp_path / "saved.gz"))["title"] == "Commission meets at Tavira"
    assert prov.json("show", str(tmp_path / "mislabelled.html"))["title"] == "Commission meets at Tavira"


def test_a_gzip_bomb_stays_bounded_and_broken_gzip_is_one_line(prov, tmp_path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 5_000_000))  # 5 KB on disk
    packed = gzip.compress(f"{STORY}\n".encode() * 20)
    (tmp_path / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "corrupt.txt.gz").write_bytes(packed[:12] + b"\xff" * 40 + packed[52:])
    (tmp_path / "trailing.txt.gz").write_bytes(packed + b"more bytes")
    (tmp_path / "story.txt").write_text(STORY)
    code, rows, _ = ingest_rows(prov, "--max-bytes", "1000000", str(tmp_path))
    assert code == 1
    errors = {Path(r["input"]).name: r["error"] for r in rows if r["status"] == "failed"}
    assert errors.pop("bomb.txt.gz") == f"{bomb}: over the 1,000,000 bytes limit once decompressed"
    assert errors.pop("cut.txt.gz") == f"{tmp_path / 'cut.txt.gz'}: the gzip-compressed file is cut short"
    assert errors.pop("corrupt.txt.gz").startswith(f"{tmp_path / 'corrupt.txt.gz'}: the gzip-compressed file is corrupt (")
    assert errors.pop("trailing.txt.gz") == f"{tmp_path / 'trailing.txt.gz'}: the gzip-compressed file has data after its end"
    assert errors == {} and [r["status"] for r in rows if Path(r["input"]).name == "story.txt"] == ["new"]


# --- the build: `make install` brings the PostgreSQL driver, each benchmark says what it needs ----------

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = sorted(p for p in (ROOT / "benchmarks").glob("*.py") if p.name != "needs.py")


def make_commands(target: str) -> str:
    out = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout


def test_make_install_and_so_demo_installs_the_postgresql_driver() -> None:
    # and the meaning extra (sentence vectors, issue 20); `make test` has it through the dev extra
    assert "pip install -qq -e '.[postgres,meaning]'" in make_commands("install")
    assert "pip install -qq -e '.[postgres,meaning]'" in make_commands("demo")
    assert "pip install -qq -e '.[postgres,meaning,bench]'" in make_commands("bench-deps")


def test_the_extras_hold_what_the_benchmarks_ask_for() -> None:
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(d.startswith("psycopg") for d in extras["postgres"])
    assert {d.split(">")[0] for d in extras["bench"]} >= {"datasketch", "rensa"}


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda p: p.name)
def test_every_benchmark_says_at_its_top_what_it_needs(script) -> None:
    second_paragraph = script.read_text().split('"""')[1].split("\n\n")[1]
    assert second_paragraph.startswith("Needs "), second_paragraph


@pytest.mark.parametrize(("script", "hidden", "argv"), [
    ("reuse_quality.py", "datasketch", []),
    ("minhash_impl.py", "rensa", []),
    ("reuse_scale.py", "datasketch", []),
    ("reuse_scale.py", "psycopg", ["--no-baseline", "--backends", "postgresql"]),
])
def test_a_benchmark_missing_its_extra_stops_with_one_line(script, hidden, argv) -> None:
    # The module is hidden (as if not installed) whether or not `make bench-deps` ran here.
    run = (f"import runpy, sys; sys.modules[{hidden!r}] = None; sys.argv = [{script!r}, *{argv!r}]; "
           f"runpy.run_path('benchmarks/{script}', run_name='__main__')")
    out = subprocess.run([sys.executable, "-c", run], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.splitlines() == [out.stderr.strip()]
    needed = out.stderr.split(" from the ")[0]
    assert needed.startswith(f"{script}: needs ") and hidden in needed and "make bench-deps" in out.stderr


# --- a changed headline (or byline, or date) is a new revision; the old one is kept ---------------------


def article(headline: str, *, author: str = "Helena Varga", date: str = "2025-06-11", extra: str = "") -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{headline}</title>"
            f"<meta name='author' content='{author}'>"
            f"<meta property='article:published_time' content='{date}'></head><body>{extra}"
            f"<article><h1>{headline}</h1><p>{STORY}</p><p>{STORY}Second paragraph.</p></article></body></html>")


def revisions(db, path) -> list[tuple[int, str | None, bytes]]:
    from sqlalchemy import select

    from provenance.exchange import snapshot_bytes
    from provenance.models import Document, Revision

    with db.session() as session:
        doc = session.scalars(select(Document).where(Document.source_path == str(path))).one()
        return [(r.number, r.title, snapshot_bytes(r.snapshot))
                for r in session.scalars(select(Revision).where(Revision.document_id == doc.id).order_by(Revision.number))]


def test_a_headline_only_change_is_a_new_revision_and_the_old_one_stays(prov, db, tmp_path) -> None:
    path = tmp_path / "story.html"
    first = article("Dam to release more water")
    path.write_text(first)
    assert ingest_rows(prov, str(path))[1][0]["status"] == "new"
    second = article("Dam will release 40 percent more water, commission says")
    path.write_text(second)
    code, rows, _ = ingest_rows(prov, str(path))
    assert code == 0 and rows[0]["status"] == "revised"
    shown = prov.json("show", str(path))
    assert shown["title"] == "Dam will release 40 percent more water, commission says" and shown["revisions"] == 2
    assert revisions(db, path) == [(1, "Dam to release more water", first.encode()),
                                   (2, "Dam will release 40 percent more water, commission says", second.encode())]


def test_a_byline_or_date_change_is_a_revision_boilerplate_is_not(prov, tmp_path) -> None:
    path = tmp_path / "story.html"
    statuses = []
    for html in (article("Dam deal"), article("Dam deal", extra="<nav><a href='/'>Home</a></nav>"),
                 article("Dam deal", author="Anika Dahl"), article("Dam deal", author="Anika Dahl", date="2025-06-12"),
                 article("Dam deal", author="Anika Dahl", date="2025-06-12")):
        path.write_text(html)
        statuses.append(ingest_rows(prov, str(path))[1][0]["status"])
    assert statuses == ["new", "unchanged", "revised", "revised", "unchanged"]
    shown = prov.json("show", str(path))
    assert shown["authors"] == ["Anika Dahl"] and shown["published"] == "2025-06-12" and shown["revisions"] == 3


def test_what_the_user_gave_is_not_a_change_of_the_document(prov, tmp_path) -> None:
    path = tmp_path / "story.html"
    path.write_text(article("Dam deal"))
    prov("ingest", str(path), "--title", "My own title", "--author", "Someone Else", "--date", "2025-01-02")
    path.write_text(article("Dam deal", extra="<footer>Subscribe</footer>"))
    assert ingest_rows(prov, str(path))[1][0]["status"] == "unchanged"
    assert prov.json("show", str(path))["title"] == "My own title"


# --- one huge document: analysed in part, stored and traced whole --------------------------------------

CLAIM = "The Harbour commission agreed to release 40 percent more water from the Tavira Dam"


def filler(size: int, seed: int, common: tuple[str, ...] = ()) -> str:
    """SIZE characters or so of made-up sentences on one line (a third of the words from COMMON, if given)."""
    import random

    rng = random.Random(seed)
    words = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
             for _ in range(3000)]
    out, total = [], 0
    while total < size:
        sentence = " ".join(rng.choice(common) if common and rng.random() < 0.33 else rng.choice(words)
                            for _ in range(rng.randint(8, 20))).capitalize() + ". "
        out.append(sentence)
        total += len(sentence)
    return "".join(out)


def test_a_huge_one_line_document_is_analysed_in_part_and_traced_whole(prov, tmp_path) -> None:
    from provenance.config import ANALYSED_CHARS

    text = filler(ANALYSED_CHARS, 1) + "“We will open the gates in May,” the minister said. " + \
        filler(ANALYSED_CHARS, 2) + CLAIM + ". " + filler(ANALYSED_CHARS, 3)
    assert "\n" not in text and len(text) > 3 * ANALYSED_CHARS
    huge = tmp_path / "huge.txt"
    huge.write_text(text)
    code, rows, stderr = ingest_rows(prov, str(huge))
    assert code == 0 and rows[0]["status"] == "new", stderr
    shown = prov.json("show", str(huge))
    assert shown["text"] == text.strip()  # stored whole
    traced = prov.json("trace", CLAIM)
    found = [o for o in traced["occurrences"] if o["document_id"] == rows[0]["document_id"]]
    assert found and found[0]["snippet"] == CLAIM and found[0]["score"] == pytest.approx(1.0)


def test_reuse_analysis_of_a_huge_text_is_bounded_and_its_spans_index_the_text() -> None:
    from provenance.config import ANALYSED_CHARS
    from provenance.reuse.index import analyse

    text = filler(3 * ANALYSED_CHARS, 4)
    analysed = analyse(text)
    assert analysed.tokens.text == text[:ANALYSED_CHARS]
    assert max(analysed.tokens.ends) <= ANALYSED_CHARS


def test_a_claim_anywhere_in_a_long_text_is_scored_where_it_stands() -> None:
    from provenance.config import ANALYSED_CHARS
    from provenance.trace import best_window, claim_terms

    terms = claim_terms(CLAIM)
    for before in (10, ANALYSED_CHARS // 2, 2 * ANALYSED_CHARS, 5 * ANALYSED_CHARS):
        text = filler(before, 5) + CLAIM + ". " + filler(ANALYSED_CHARS, 6)
        score, start, end = best_window(text, terms, at_least=0.6)
        assert score == pytest.approx(1.0) and text[start:end] == CLAIM, before
    assert best_window(filler(2 * ANALYSED_CHARS, 7), terms, at_least=0.6) == (0.0, 0, 0)
    # The claim's ordinary words all over the text, a few in every sentence (its names and number are
    # rarer): the claim itself is still where it scores.
    common = ("the", "commission", "agreed", "to", "release", "percent", "more", "water", "from", "dam", "of", "said")
    text = filler(2 * ANALYSED_CHARS, 8, common) + CLAIM + ". " + filler(2 * ANALYSED_CHARS, 9, common)
    score, start, end = best_window(text, terms, at_least=0.6)
    assert score == pytest.approx(1.0) and text[start:end] == CLAIM
