"""Lineage and `prov trace` on the fixture story, on SQLite and PostgreSQL."""

from __future__ import annotations

from conftest import STORY_HTML, STORY_TEXT, STORY_WARC

CLAIM = "Valdoria agreed to release 40 percent more water from the Tavira Dam"
FILES = {name: STORY_TEXT / f"{name}.txt" for name in (
    "01-meridian-origin", "02-kestrel-rewrite", "03-forum-repost", "04-digest-summary", "05-observer-interview",
    "06-observer-library")}


def ids_of(prov) -> dict[str, int]:
    return {name: prov.json("show", str(path))["id"] for name, path in FILES.items()}


def kestrel_body() -> str:
    text = FILES["02-kestrel-rewrite"].read_text(encoding="utf-8")
    return text.split("\n\n", 1)[1]


def test_trace_groups_every_copy_under_one_origin_with_the_path_back(prov) -> None:
    prov("ingest", str(STORY_TEXT))
    ids = ids_of(prov)
    data = prov.json("trace", CLAIM)
    found = {o["document_id"]: o for o in data["occurrences"]}
    story = {ids[n] for n in ("01-meridian-origin", "02-kestrel-rewrite", "03-forum-repost", "04-digest-summary")}
    assert story <= set(found)
    assert ids["06-observer-library"] not in found
    assert data["independent_origins"] == 1
    [origin] = data["origins"]
    assert origin["key"] == f"doc:{ids['01-meridian-origin']}" and origin["outlet"] == "The Meridian Review"
    assert found[ids["01-meridian-origin"]]["independent"] is True
    for name in ("02-kestrel-rewrite", "03-forum-repost", "04-digest-summary"):
        occ = found[ids[name]]
        assert occ["origin"] == origin["key"] and occ["independent"] is False
        assert occ["flags"] == ["syndicated-repeat"]
        assert occ["score"] >= 0.6 and "40 percent" in occ["snippet"]
    forum_path = found[ids["03-forum-repost"]]["path"]
    assert [s["document_id"] for s in forum_path] == [ids["03-forum-repost"], ids["02-kestrel-rewrite"],
                                                     ids["01-meridian-origin"]]
    assert forum_path[1]["relation"] == "repost" and "marker" in forum_path[1]["basis"]
    assert forum_path[2]["relation"] == "rewrite" and "prose" in forum_path[2]["basis"]
    assert "[KestrelNews]" in forum_path[1]["evidence"]
    text = prov("trace", CLAIM).stdout
    assert "1 independent origin(s)" in text and "Origin: #" in text and "repost of" in text
    md = prov("trace", CLAIM, "--format", "md").stdout
    assert md.startswith("## Claim: ") and "### Origin:" in md


def test_claims_in_scripts_without_spaces_are_traced_by_pairs_of_characters(prov, tmp_path) -> None:
    texts = {"zh-origin.txt": "新华社讯 水库今年将多放百分之四十的水。农民表示欢迎。官员周二宣布了这一决定。",
             "zh-copy.txt": "据报道，官员周二宣布，水库今年将多放百分之四十的水，农民对此表示欢迎。",
             "zh-other.txt": "东京的天气今天很好，水也很清。",
             "ja.txt": "政府は、ダムの放流量を今年は四十パーセント増やすと発表した。",
             "ja-digits.txt": "ガザにとどまる約６０か国の７０００人が今後２～３週間に退避する見通しだ。",
             "th.txt": "รัฐบาลประกาศว่าจะปล่อยน้ำเพิ่มขึ้นร้อยละสี่สิบ"}
    for name, body in texts.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    prov("ingest", str(STORY_TEXT), str(tmp_path))
    ids = {name: prov.json("show", str(tmp_path / name))["id"] for name in texts}
    data = prov.json("trace", "水库今年将多放百分之四十的水")
    assert {o["document_id"] for o in data["occurrences"]} == {ids["zh-origin.txt"], ids["zh-copy.txt"]}
    assert data["independent_origins"] == 1  # the copy shares the origin's text: one origin
    assert all(o["score"] >= 0.9 for o in data["occurrences"])
    # Reworded (another order, a word changed): still found; a sentence of other pairs is not.
    assert ids["zh-copy.txt"] in {o["document_id"] for o in prov.json("trace", "今年水库将多放百分之四十的水")[
        "occurrences"]}
    assert prov.json("trace", "东京的天气今天很好")["occurrences"][0]["document_id"] == ids["zh-other.txt"]
    assert [o["document_id"] for o in prov.json("trace", "ダムの放流量を四十パーセント増やす")["occurrences"]] == \
        [ids["ja.txt"]]
    # Numbers inside a run of characters, where the word index does not see them, still count.
    assert [o["document_id"] for o in prov.json("trace", "約６０か国の７０００人が今後２～３週間に退避")[
        "occurrences"]] == [ids["ja-digits.txt"]]
    # Mixed with words: both count; nothing is said to be left out.
    mixed = prov("trace", f"Tavira 水库今年将多放 {CLAIM}", "--format", "json")
    assert mixed.exit_code == 0 and mixed.stderr == ""
    # Thai, written without spaces too; its tone marks folded away, so a claim typed without them matches.
    assert [o["document_id"] for o in prov.json("trace", "ปล่อยน้ำเพิ่มขึ้นร้อยละสี่สิบ")["occurrences"]] == \
        [ids["th.txt"]]
    assert [o["document_id"] for o in prov.json("trace", "ปลอยนาเพมขนรอยละสสบ")["occurrences"]] == [ids["th.txt"]]


def test_trace_of_a_document_gives_its_chain_origin_and_derivatives(prov) -> None:
    prov("ingest", str(STORY_TEXT))
    ids = ids_of(prov)
    data = prov.json("trace", "--doc", str(ids["03-forum-repost"]))
    assert [[s["outlet"] for s in chain] for chain in data["chains"]] == [
        ["Dispatch Forum", "Kestrel News Agency", "The Meridian Review"]]
    assert data["origins"] == [{"key": f"doc:{ids['01-meridian-origin']}", "document_id": ids["01-meridian-origin"],
                                "outlet": "The Meridian Review", "url": None, "source_kind": "outlet",
                                "name": "The Meridian Review"}]
    origin = prov.json("trace", "--doc", str(ids["01-meridian-origin"]))
    assert origin["origins"][0]["document_id"] == ids["01-meridian-origin"]  # its own origin
    derived = {d["document_id"]: d["relation"] for d in origin["derivatives"]}
    assert derived[ids["02-kestrel-rewrite"]] == "rewrite" and derived[ids["04-digest-summary"]] == "rewrite"
    interview = prov.json("trace", "--doc", str(ids["05-observer-interview"]))
    assert interview["origins"][0]["document_id"] == ids["05-observer-interview"]
    shown = prov.json("show", str(ids["03-forum-repost"]))
    assert [(s["relation"], s["document_id"]) for s in shown["sources"]] == [("repost", ids["02-kestrel-rewrite"])]
    assert "syndicated-repeat" in shown["flags"]


def test_a_credited_source_ingested_later_replaces_its_placeholder(prov) -> None:
    prov("ingest", str(FILES["02-kestrel-rewrite"]), str(FILES["03-forum-repost"]))
    kestrel = prov.json("show", str(FILES["02-kestrel-rewrite"]))
    [source] = kestrel["sources"]
    assert source["document_id"] is None and source["outlet"] == "The Meridian Review"
    assert "unresolved-source" in source["flags"]
    before = prov.json("trace", CLAIM)
    assert before["independent_origins"] == 1 and before["origins"][0]["key"].startswith("outlet:")
    assert before["unresolved"] and "prov ingest" in before["unresolved"][0]["hint"]

    prov("ingest", str(FILES["01-meridian-origin"]))
    meridian = prov.json("show", str(FILES["01-meridian-origin"]))["id"]
    kestrel = prov.json("show", str(FILES["02-kestrel-rewrite"]))
    assert [(s["document_id"], s["relation"]) for s in kestrel["sources"]] == [(meridian, "rewrite")]
    after = prov.json("trace", CLAIM)
    assert [o["key"] for o in after["origins"]] == [f"doc:{meridian}"] and after["unresolved"] == []


def test_uncredited_copies_and_chains_of_copies(prov, tmp_path) -> None:
    prov("ingest", str(STORY_TEXT))
    ids = ids_of(prov)
    # A blog reposts the agency story with two sentences of its own; a later site copies the blog,
    # its sentences included. Neither credits anyone.
    commentary = ("We have followed the Tavira dispute on this blog since the drought of 2022, and our readers in "
                  "the lower valley tell us the barley fields are already dry. Nobody we spoke to in Port Alder "
                  "believes the commission will meet before the harvest is lost.")
    blog = tmp_path / "blog.txt"
    blog.write_text("Valley Voices\nJune 14, 2025\n\n" + commentary + "\n\n" + kestrel_body(), encoding="utf-8")
    copier = tmp_path / "copier.txt"
    copier.write_text("River Notes\nJune 20, 2025\n\n" + commentary + "\n\n" + kestrel_body(), encoding="utf-8")
    prov("ingest", str(blog))
    prov("ingest", str(copier))
    blog_id = prov.json("show", str(blog))["id"]
    shown = prov.json("show", str(copier))
    copies = [s for s in shown["sources"] if s["relation"] in ("repost", "excerpt")]
    assert [s["document_id"] for s in copies] == [blog_id]  # the nearer copy, not the agency or the analysis
    assert "uncredited-reuse" in copies[0]["flags"] and "text-reuse" in copies[0]["basis"]
    blog_sources = prov.json("show", str(blog))["sources"]
    assert [s["document_id"] for s in blog_sources if s["relation"] == "repost"] == [ids["02-kestrel-rewrite"]]
    chain = prov.json("trace", "--doc", str(shown["id"]))["chains"][0]
    assert [s["document_id"] for s in chain] == [shown["id"], blog_id, ids["02-kestrel-rewrite"],
                                                 ids["01-meridian-origin"]]


def test_a_copy_dated_before_its_credited_source_is_a_date_conflict(prov, tmp_path) -> None:
    prov("ingest", str(FILES["01-meridian-origin"]))
    early = tmp_path / "early.txt"
    early.write_text("Valley Wire\nJune 1, 2025\n\n" + kestrel_body() + "\n\nSource: The Meridian Review\n",
                     encoding="utf-8")
    prov("ingest", str(early))
    [source] = prov.json("show", str(early))["sources"]
    assert source["outlet"] == "The Meridian Review" and "date-conflict" in source["flags"]


def test_corrections_win_over_inference_and_survive_reindex(prov) -> None:
    prov("ingest", str(STORY_TEXT))
    ids = ids_of(prov)
    forum, kestrel, library = ids["03-forum-repost"], ids["02-kestrel-rewrite"], ids["06-observer-library"]
    result = prov("unlink", str(forum), str(kestrel), "--note", "the forum copied the wire feed", "--by", "ana")
    assert result.exit_code == 0
    assert prov("link", str(forum), str(library), "--relation", "cites", "--note", "linked in a comment").exit_code == 0
    assert prov("link", str(forum), "outlet:Kestrel News Agency", "--relation", "repost").exit_code == 0

    def sources() -> set[tuple[int | None, str | None, str, bool]]:
        return {(s["document_id"], s["outlet"], s["relation"], s["manual"])
                for s in prov.json("show", str(forum))["sources"]}

    expected = {(library, "The Lowland Observer", "cites", True), (None, "Kestrel News Agency", "repost", True)}
    assert sources() == expected
    assert prov("reindex").exit_code == 0
    assert sources() == expected
    listed = prov.json("corrections")
    assert [(c["action"], c["by"], c["note"]) for c in listed][:2] == [
        ("unlink", "ana", "the forum copied the wire feed"), ("link", listed[1]["by"], "linked in a comment")]
    assert listed[1]["by"]  # the OS user when --by is not given
    assert "unlink" in prov("corrections").stdout


def test_bad_trace_and_link_arguments_are_one_line_errors(prov) -> None:
    prov("ingest", str(FILES["01-meridian-origin"]))
    assert prov("trace").exit_code != 0
    bad = prov("link", "1", "outlet:No Such Outlet Anywhere", "--relation", "cites")
    assert bad.exit_code != 0 and "No Such Outlet Anywhere" in bad.output
    missing = prov("trace", "--doc", "999")
    assert missing.exit_code != 0 and "999" in missing.output
    empty = prov.json("trace", "zeppelin hangar")
    assert empty["occurrences"] == [] and empty["independent_origins"] == 0


def test_saved_copies_of_one_story_keep_their_real_sources(prov) -> None:
    """The story as pages, as saved text and as an archive: each copy goes back to the article it
    repeats, and the agency's copies are not made copies of an aggregator that summarised the same origin."""
    prov("ingest", str(STORY_HTML), str(STORY_TEXT), str(STORY_WARC))
    docs = prov.json_lines("docs", "--limit", "0")
    outlet_of = {d["id"]: (d["outlet"] or {}).get("name") for d in docs}
    for doc in docs:
        shown = prov.json("show", str(doc["id"]))
        for source in shown["sources"]:
            if outlet_of[doc["id"]] == "Kestrel News Agency":
                assert source["outlet"] in ("Kestrel News Agency", "The Meridian Review"), source
    agency = [d["id"] for d in docs if outlet_of[d["id"]] == "Kestrel News Agency"]
    assert len(agency) == 3
    for doc_id in agency:
        [origin] = prov.json("trace", "--doc", str(doc_id))["origins"]
        assert origin["outlet"] == "The Meridian Review"
