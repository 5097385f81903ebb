"""Full-text search through `prov docs`: accents, non-Latin scripts, and words in any order, on both databases."""

from __future__ import annotations


def test_search_across_scripts(prov, tmp_path) -> None:
    (tmp_path / "fr.txt").write_text("Le café de la bibliothèque a rouvert samedi après dix-huit mois de travaux.")
    (tmp_path / "ur.txt").write_text("پاکستان اور امریکہ کے درمیان سیکیورٹی مذاکرات واشنگٹن میں مکمل ہو گئے۔")
    (tmp_path / "en.txt").write_text("The harbour board approved the dredging plan on Thursday after a long delay.")
    prov("ingest", str(tmp_path))
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "café rouvert")] == ["fr.txt"]
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "مذاکرات")] == ["ur.txt"]
    assert [d["path"].rsplit("/", 1)[1] for d in prov.json_lines("docs", "plan DREDGING")] == ["en.txt"]
    assert prov.json_lines("docs", "dredging café") == []
    assert prov.json_lines("docs", "\"; DROP TABLE document; --") == []
