"""Rewrites found by their sentences, not by six shared words in a row (issue 20, part 2).

Documents written for these tests in the shape of an agency story and a newspaper's rewrite of it
(COUNTER, real Urdu agency and newspaper stories, `../shared/reuse/counter`): the rewrite keeps the
names and numbers and reorders and rewords every sentence, so no run of six content words survives.
A third document is an independent report of the same event: it shares the names and a quotation of
the mayor, nothing else. The rewrite is linked, its aligned sentence pairs as passages with their
similarity; the independent report is not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import provenance.reuse.align as align_module
from provenance.reuse.align import Alignment, align, align_sentences, classify, sentence_grams
from provenance.reuse.index import analyse
from provenance.reuse.rare import distinctive_words
from provenance.reuse.text import tokenise

AGENCY = """Harbour crane collapse halts work at Velmor port

VELMOR, May 3 (NPA): A container crane collapsed at the Velmor port on Tuesday, injuring four dockers and \
halting work at the eastern terminal.

The 62-metre crane, built by Ostrander Heavy Lifting in 1998, fell across two berths shortly after noon while \
unloading the freighter Kestrel Dawn.

Port director Ilse Marrow ordered an inspection of the remaining eleven cranes at the terminal.

The four injured dockers were taken to St Brannoc hospital, where two remain in serious condition.

Shipping agents expect delays of at least a week for vessels bound for the eastern terminal.
"""

REWRITE = """Velmor: dockers hurt as giant crane falls

Four dockers were injured at Velmor port when a container crane came down on Tuesday, bringing the eastern \
terminal to a standstill.

Shortly after midday the crane, a 62-metre machine that Ostrander Heavy Lifting built in 1998, toppled over \
two berths as it unloaded the Kestrel Dawn freighter.

Ilse Marrow, the port's director, has called for the other eleven cranes of the terminal to be inspected.

Two of the four dockers taken to St Brannoc hospital are said to be in a serious condition.

Agents of shipping lines warn that ships heading to the eastern terminal face delays of a week or more.
"""

INDEPENDENT = """Velmor port counts the cost of Tuesday's accident

Families of Velmor's dockers gathered outside the port gates on Wednesday, a day after the accident at the \
eastern terminal.

"We will not reopen a single berth until I know every crane is safe," said Ilse Marrow, the port director, \
at a press conference on Wednesday morning.

The dockers' union has long complained about the age of the cranes; its secretary Hal Brennick said that \
members had reported cracks in the booms as far back as 2021.

The city council will debate the port's maintenance budget at its meeting next Thursday, and traders at the \
fish market said their deliveries had already been held up.
"""

QUOTING = """Velmor port director: no berth reopens before cranes are checked

Speaking to reporters outside her office, Ilse Marrow was firm: "We will not reopen a single berth until I \
know every crane is safe."

Students of the Velmor maritime school held a minute of silence for the injured on Wednesday afternoon.

The ferry to Oskholm left on time, its operator said, since it docks at the western terminal.
"""


def pair(x: str, y: str):
    a, b = analyse(x), analyse(y)
    return a.tokens, b.tokens, align(a.tokens, a.fingerprint, b.tokens, b.fingerprint)


def test_reworded_sentences_align_one_to_one_with_their_source() -> None:
    a, b, al = pair(REWRITE, AGENCY)
    assert al.longest < 25  # no verbatim stretch to find it by
    # Each of the five body sentences aligns with the one it rewords (and the headline with the headline).
    sources = {a.text[a.starts[a.sentences[i].start]:a.ends[a.sentences[i].end - 1]][:20]:
               b.text[b.starts[b.sentences[k].start]:b.ends[b.sentences[k].end - 1]][:20]
               for i, k, _ in al.sentence_pairs}
    assert sources["Four dockers were in"] == "VELMOR, May 3 (NPA):"
    assert sources["Ilse Marrow, the por"] == "Port director Ilse M"
    assert sources["Two of the four dock"] == "The four injured doc"
    assert all(0.35 <= s <= 1.0 for _, _, s in al.sentence_pairs)
    assert al.aligned_a >= 0.8 and al.aligned_b >= 0.8
    assert al.relation == "rewrite"
    sentences = [p for p in al.passages if p.kind == "sentence"]
    assert len(sentences) == len(al.sentence_pairs) >= 5
    assert all(p.similarity is not None for p in sentences)


def test_independent_report_sharing_a_quotation_is_not_a_rewrite() -> None:
    for text in (INDEPENDENT, QUOTING):
        _a, _b, al = pair(text, AGENCY)
        assert al.relation is None, (text[:30], al)
    # The quotation the two independent reports share is someone's words, not rewriting: no sentence pair.
    _a, _b, al = pair(INDEPENDENT, QUOTING)
    assert al.sentence_pairs == []
    assert al.relation in (None, "quote-only")


def test_aligned_sentences_alone_need_a_shared_stretch_of_prose_to_make_a_rewrite(monkeypatch) -> None:
    # Two reports of one event align sentence by sentence (same names, numbers, order of facts) as much as
    # a rewrite does; without the old rule's loose matches, the aligned share decides only with a stretch
    # of ten words or more of the texts' own prose shared as well.
    def decided(longest_own: int, aligned: float) -> str | None:
        al = Alignment(aligned_a=aligned, aligned_b=aligned, longest_own=longest_own, longest=longest_own)
        return classify(al, 400, 400)

    assert decided(0, 0.6) is None  # much aligned, nothing shared verbatim: an independent report
    assert decided(align_module.ALIGNED_RUN - 1, 0.6) is None
    assert decided(align_module.ALIGNED_RUN, 0.3) == "rewrite"
    assert decided(align_module.ALIGNED_RUN, 0.1) is None  # the run alone is no rewrite
    monkeypatch.setattr(align_module, "ALIGNED_REWRITE", False)
    assert decided(align_module.ALIGNED_RUN, 0.6) is None  # the switch leaves the old rule alone


def test_sentences_aligned_only_where_they_can_decide_or_are_the_evidence(monkeypatch) -> None:
    # Aligning costs; a pair sharing no stretch of prose that the old rule does not call a rewrite has
    # nothing to gain from it. The rewrite is aligned (its sentence pairs are its passages).
    calls = []

    def counted(*args):
        calls.append(args)
        return align_sentences(*args)

    monkeypatch.setattr(align_module, "align_sentences", counted)
    _a, _b, al = pair(INDEPENDENT, AGENCY)
    assert al.longest_own < align_module.ALIGNED_RUN and al.relation is None
    assert calls == [] and al.sentence_pairs == []
    _a, _b, al = pair(REWRITE, AGENCY)
    assert len(calls) == 1 and al.relation == "rewrite" and len(al.sentence_pairs) >= 5


def test_trigram_similarity_weighs_the_rare_parts_of_a_sentence() -> None:
    a, b = tokenise(REWRITE), tokenise(AGENCY)
    left_a, left_b = np.zeros(len(a) + 1), np.zeros(len(b) + 1)
    pairs, share_a, share_b = align_sentences(a, b, left_a, left_b)
    # Set aside every sentence of B: nothing left to align with.
    assert align_sentences(a, b, left_a, np.ones(len(b) + 1)) == ([], 0.0, 0.0)
    assert pairs and share_a > 0.8 and share_b > 0.8
    # A spelling variant keeps most of its trigrams; function words have none.
    assert len(sentence_grams(("bangladesh",)) & sentence_grams(("bangladeshi",))) >= 8
    assert sentence_grams(("the", "of")) == frozenset()


def test_urdu_rewrite_aligns_across_spelling_variants() -> None:
    agency = ("کراچی میں بارش سے پانچ افراد جاں بحق\n\n"
              "کراچی (این پی اے) شہر میں موسلا دھار بارش کے دوران کرنٹ لگنے سے پانچ افراد جاں بحق ہو گئے۔ "
              "محکمہ موسمیات کے مطابق گلشن اقبال میں 86 ملی میٹر بارش ریکارڈ کی گئی۔ "
              "میئر وسیم اختر نے نکاسی آب کے لیے تمام مشینری سڑکوں پر بھیجنے کا حکم دیا۔\n")
    paper = ("بارش نے کراچی میں پانچ جانیں لے لیں\n\n"
             "کراچی میں شدید بارش کے دوران بجلی کا کرنٹ لگنے سے پانچ افراد ہلاک ہو گئے۔ "
             "گلشنِ اقبال میں 86 ملی میٹر بارش ہوئی، محکمۂ موسمیات نے بتایا۔ "
             "نکاسیٔ آب کے لیے میئر وسیم اختر نے ساری مشینری سڑکوں پر لانے کا حکم دیا ہے۔\n")
    a, b, al = pair(paper, agency)
    assert len(al.sentence_pairs) >= 3
    assert al.relation == "rewrite"
    # Urdu letters survive the folding the trigrams are made of.
    assert "اقب" in "".join(sentence_grams(tuple(tokenise("گلشن اقبال").words)))


def test_distinctive_words_are_numbers_and_names_first() -> None:
    words = distinctive_words(tokenise(AGENCY))
    assert words[:2] == ["1998", "62"]  # numbers, longest first
    assert "ostrander" in words and "marrow" in words and "kestrel" in words
    assert "crane" not in words  # a short word, not capitalised
    assert "terminal" in words and words.index("terminal") > words.index("marrow")  # long words after names
    assert "the" not in words


def test_prov_links_the_rewrite_by_its_sentences_and_not_the_independent_report(prov, tmp_path: Path) -> None:
    paths = {}
    for name, text in (("agency", AGENCY), ("rewrite", REWRITE), ("independent", INDEPENDENT),
                       ("quoting", QUOTING)):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    ids = {}
    for name in ("agency", "independent", "quoting", "rewrite"):
        [row] = prov.json_lines("ingest", str(paths[name]))
        assert row["status"] == "new", row
        ids[name] = row["document_id"]
    found = prov.json("reuse", str(ids["rewrite"]))
    links = {link["document_id"]: link for link in found["links"]}
    agency_id = ids["agency"]
    assert links[agency_id]["relation"] == "rewrite"
    sentences = [p for p in links[agency_id]["passages"] if p["kind"] == "sentence"]
    assert len(sentences) >= 5
    assert all(0.35 <= p["similarity"] <= 1.0 for p in sentences)
    first = next(p for p in sentences if p["text"].startswith("Ilse Marrow"))
    assert AGENCY[first["other"][0]:first["other"][1]].startswith("Port director Ilse Marrow")
    # The independent reports are linked to nothing: not to the agency story, not to each other.
    for name in ("independent", "quoting"):
        other = prov.json("reuse", str(ids[name]))
        assert [link for link in other["links"] if link["relation"] != "quote-only"] == []
    text = prov("reuse", str(ids["rewrite"])).output
    assert "(reworded, similarity 0." in text
