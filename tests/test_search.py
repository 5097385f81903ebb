"""Full-text search through `prov docs`: accents, non-Latin scripts, and words in any order, on both databases."""

from __future__ import annotations

from sqlalchemy import text


def test_search_across_scripts(prov, tmp_path) -> None:
    (tmp_path / "fr.txt").write_text("Le café de la bibliothèque a rouvert samedi après dix-huit mois de travaux.")
    (tmp_path / "ur.txt").write_text("پاکستان اور امریکہ کے درمیان سیکیورٹی مذاکرات واشنگٹن میں مکمل ہو گئے۔")
    (tmp_path / "en.txt").write_text("The harbour board approved the dredging plan on Thursday after a long delay.")
    (tmp_path / "zh.txt").write_text("水库今年将多放百分之四十的水，港口委员会批准了疏浚计划。", encoding="utf-8")
    (tmp_path / "ja.txt").write_text("港湾局は木曜日に浚渫計画を承認した。dredging", encoding="utf-8")
    (tmp_path / "th.txt").write_text("คณะกรรมการท่าเรืออนุมัติแผนขุดลอกเมื่อวันพฤหัสบดี", encoding="utf-8")
    prov("ingest", str(tmp_path))
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "café rouvert")] == ["fr.txt"]
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "مذاکرات")] == ["ur.txt"]
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "plan DREDGING")] == ["en.txt"]
    assert prov.json_lines("docs", "dredging café") == []
    # Chinese, Japanese and Thai words are found inside the runs of characters they are written in.
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "百分之四十")] == ["zh.txt"]
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "疏浚 水库")] == ["zh.txt"]
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "浚渫 dredging")] == ["ja.txt"]
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "計画")] == ["ja.txt"]
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "ขุดลอก")] == ["th.txt"]
    assert prov.json_lines("docs", "水库 dredging") == [] and prov.json_lines("docs", "北京") == []
    assert prov.json_lines("docs", "\"; DROP TABLE document; --") == []


def test_claim_candidates_are_weighed_in_the_database(prov, db, tmp_path) -> None:
    """`prov trace` asks the index for documents whose claim words could reach the threshold, heaviest first."""
    from provenance.search import weighted_matches
    from provenance.trace import search_terms

    (tmp_path / "all.txt").write_text("Officials in Quetta thanked the brigade for the 14 rescued miners on Sunday.")
    (tmp_path / "some.txt").write_text("The brigade rescued people from the flooded road near the market.")
    (tmp_path / "caps.txt").write_text("ПРОГОЛОСОВАТЬ можно до пятницы, сообщили организаторы конкурса.")
    (tmp_path / "none.txt").write_text("Harvest prices rose again at the weekly auction in the valley.")
    prov("ingest", str(tmp_path))
    terms = search_terms("Quetta officials thank the brigade for rescuing 14 miners")
    # Words are looked up by their first five letters, as scoring matches them; numbers and names weigh most.
    assert ("thank", True, 1.0) in terms and ("14", False, 3.0) in terms and ("quett", True, 2.0) in terms
    names = {}
    with db.session() as session:
        for doc_id, path in session.execute(text("SELECT id, locator FROM document")):
            names[doc_id] = path.rsplit("/", 1)[1]
        found = weighted_matches(session, terms, at_least=1.0, limit=10)
        assert [names[i] for i in found] == ["all.txt", "some.txt"]
        assert [names[i] for i in weighted_matches(session, terms, at_least=5.0, limit=10)] == ["all.txt"]
        # Case folds outside ASCII too, on both databases.
        assert [names[i] for i in weighted_matches(session, search_terms("проголосовать"), at_least=1.0,
                                                   limit=10)] == ["caps.txt"]


def test_lookups_by_whole_word_and_by_first_letters(prov, db, tmp_path) -> None:
    """A lookup by a word's first five letters finds every word that starts so; a whole word only itself.

    On PostgreSQL the five-letter and shorter lookups of a claim are answered by the word-prefix index
    (migration 0004), any other by the stored vector: both must give what the lookup means.
    """
    from sqlalchemy import event

    from provenance.search import weighted_matches

    (tmp_path / "a.txt").write_text("The brigade rescued the miners near the river.")
    (tmp_path / "b.txt").write_text("Rescuers and a brig reached the rescue site by boat.")
    (tmp_path / "c.txt").write_text("A rescu team is not a word here, nor is brigad.")
    prov("ingest", str(tmp_path))
    statements: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with db.session() as session:
            names = dict(session.execute(text("SELECT id, locator FROM document")).all())

            def found(*terms: tuple[str, bool, float]) -> list[str]:
                return sorted(names[i].rsplit("/", 1)[1] for i in weighted_matches(session, terms, at_least=1.0,
                                                                                     limit=10))

            assert found(("rescu", True, 1.0)) == ["a.txt", "b.txt", "c.txt"]  # rescued, rescuers, rescue, rescu
            assert found(("rescu", False, 1.0)) == ["c.txt"]  # the word itself only
            assert found(("rescued", False, 1.0)) == ["a.txt"]
            assert found(("brig", False, 1.0)) == ["b.txt"]  # not "brigade" nor "brigad"
            assert found(("brig", True, 1.0)) == ["a.txt", "b.txt", "c.txt"]
            assert found(("briga", True, 1.0), ("rescu", True, 1.0)) == ["a.txt", "b.txt", "c.txt"]
            assert found(("briga", True, 0.5), ("river", True, 0.5)) == ["a.txt"]
            if db.dialect == "postgresql":
                # The claim-shaped lookups go to the word-prefix index, and the planner uses it.
                statements.clear()
                found(("briga", True, 0.5), ("river", True, 0.5), ("by", False, 0.1))
                statement, parameters = next((s, p) for s, p in statements if "prov_word_prefixes" in s)
                session.execute(text("SET LOCAL enable_seqscan = off"))
                plan = session.connection().exec_driver_sql("EXPLAIN " + statement, parameters).scalars().all()
                assert any("ix_document_word_prefixes" in line for line in plan), plan
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)


def test_threshold_query_is_true_exactly_when_the_terms_weigh_enough() -> None:
    """The boolean query PostgreSQL's index answers for "claim words weighing at least X", against every subset."""
    import itertools
    import random

    from provenance.search import threshold_query

    rng = random.Random(7)
    for _ in range(200):
        weights = [rng.choice([1.0, 1.0, 2.0, 3.0]) for _ in range(rng.randint(1, 9))]
        names = [f"w{i}" for i in range(len(weights))]
        need = rng.uniform(0.3, 1.0) * sum(weights)
        query = threshold_query(list(zip(names, weights, strict=True)), need, budget=rng.choice([6, 40, 400]))
        if query is None:
            continue
        formula, exact = query
        python = formula.replace("&", " and ").replace("|", " or ")
        for held in itertools.product([False, True], repeat=len(weights)):
            enough = sum(w for w, h in zip(weights, held, strict=True) if h) >= need - 1e-9
            says = eval(python, {}, dict(zip(names, held, strict=True)))  # noqa: S307 - names and operators only
            assert says == enough if exact else (says or not enough), (formula, held, need)
    # Many light words: the exact query would be too large, and a weaker one over the heaviest comes back.
    formula, exact = threshold_query([(f"w{i}", 1.0) for i in range(20)], 12.0)
    assert not exact and formula.count("w") <= 400
