"""`prov trace`: an occurrence's snippet starts where its sentence does, with the bracket or quotation mark
that opens it, as the stored text has it. SQLite and PostgreSQL; documents written for the test."""

from __future__ import annotations

from pathlib import Path

TAGGED = ("[Wrenfield] Port Selby has closed the Aldgate ferry pier for six weeks after divers found cracked "
          "piles under the landing stage.\n\nThe harbour office said repairs would start in May.\n")
QUOTED = ("QUAYSIDE NOTES\n\nThe harbour master spoke on Monday.\n\n\u201cPort Selby has closed the Aldgate ferry "
          "pier for six weeks after divers found cracked piles,\u201d she said.\n")
CLAIM = "Port Selby has closed the Aldgate ferry pier for six weeks"


def test_a_snippet_keeps_the_mark_that_opens_its_sentence(prov, tmp_path: Path) -> None:
    ids = {}
    for name, text in (("tagged", TAGGED), ("quoted", QUOTED)):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        ids[name] = next(r["document_id"] for r in prov.json_lines("ingest", str(path)) if r.get("document_id"))
    data = prov.json("trace", CLAIM)
    by_doc = {o["document_id"]: o for o in data["occurrences"]}
    assert by_doc[ids["tagged"]]["snippet"].startswith("[Wrenfield] Port Selby has closed")
    assert by_doc[ids["quoted"]]["snippet"].startswith("\u201cPort Selby has closed")
    for name in ids:  # the snippet as stored, from the start of its sentence
        snippet = by_doc[ids[name]]["snippet"]
        text = prov.json("show", str(ids[name]))["text"]
        at = text.index(snippet)
        assert at == 0 or text[at - 1].isspace()
