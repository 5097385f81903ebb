"""Two reports of one event are not a rewrite of each other because they state the same facts or
report the same official's words.

Documents written for these tests in the shape of the false links read in COUNTER (real Urdu agency and
newspaper stories, `benchmarks/labels/counter_false_links.jsonl`): an agency story whose lede restates its
headline, and a newspaper's own report of the same event whose headline and lede state the same facts; both
carry one statement of a minister, reported outside quotation marks ("the minister said that ...", Urdu
"... نے کہا کہ ..."), word for word as the ministry gave it out. A real rewrite of the agency story, and a
real excerpt of its own prose, stay linked. In English and in Urdu, and through `prov` on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.reuse.align import Alignment, align
from provenance.reuse.index import analyse
from provenance.reuse.text import tokenise

STATEMENT_EN = ("Relief minister Dara Holm said that army engineers would rebuild the washed-out section of the "
                "valley road within ten days and that every family in the three villages would receive a "
                "generator, blankets and clean drinking water from Monday morning.")

AGENCY_EN = f"""Floods cut Tavira valley road, three villages without power

TAVIRA, Oct 12 (VNA): Floods cut the main Tavira valley road on Sunday and left three villages without power.

{STATEMENT_EN}

The river rose by more than two metres overnight after four days of heavy rain in the hills above Lenz. \
Rescue boats brought eleven people from the roofs of their houses to the school in Orsa, where the district \
office has opened a shelter for two hundred people. The weather service expects more rain on Wednesday.
"""

PAPER_EN = f"""Three villages cut off as floods wash away Tavira valley road

Three villages in the Tavira valley have been without power since Sunday, when floods washed away the main road.

Residents of Kell, the largest of them, said the water came down the hillside in the middle of the night and \
carried away two cars parked beside the church. "We heard the wall of the bakery go," said Mara Ostin, who \
runs the village shop. Farmers fear for the maize they had not yet brought in, and the co-operative in Orsa \
has offered its barns to store what can be saved.

{STATEMENT_EN}

The opposition in the provincial assembly blamed the government for delaying the flood wall that was \
promised after the last floods in 2019, and asked for a debate on the relief budget next week. Teachers \
said the schools of the valley would stay shut at least until Friday.
"""

REWRITE_EN = """Tavira valley road cut by floods; power out in three villages

Three villages lost their power on Sunday when floods cut the main road of the Tavira valley.

Army engineers will rebuild the section of the valley road that was washed out within ten days, relief \
minister Dara Holm said, and every family in the three villages will get a generator, blankets and clean \
drinking water from Monday morning.

After four days of heavy rain in the hills above Lenz, the river rose more than two metres overnight. Eleven \
people were brought by rescue boats from their roofs to the Orsa school, where the district office opened a \
shelter for two hundred. More rain is expected on Wednesday, the weather service said.
"""

STATEMENT_UR = ("امدادی امور کے وزیر دارا ہولم نے کہا کہ فوجی انجینئر وادی کی سڑک کا بہہ جانے والا حصہ دس دن میں "
                "دوبارہ تعمیر کریں گے اور تینوں دیہات کے ہر خاندان کو پیر کی صبح سے جنریٹر، کمبل اور پینے کا صاف "
                "پانی فراہم کیا جائے گا۔")

AGENCY_UR = f"""سیلاب سے تاویرا وادی کی سڑک بند، تین دیہات میں بجلی منقطع

تاویرا ۔12 اکتوبر (وی این اے) سیلاب سے اتوار کو تاویرا وادی کی مرکزی سڑک بند ہو گئی اور تین دیہات میں بجلی منقطع ہو گئی۔

{STATEMENT_UR}

لینز کے اوپر پہاڑوں میں چار دن کی شدید بارش کے بعد دریا رات بھر میں دو میٹر سے زیادہ چڑھ گیا۔ امدادی کشتیوں \
نے گیارہ افراد کو ان کے گھروں کی چھتوں سے اتار کر اورسا کے سکول پہنچایا جہاں ضلعی دفتر نے دو سو افراد کے لئے \
پناہ گاہ کھول دی ہے۔ محکمہ موسمیات نے بدھ کو مزید بارش کی پیش گوئی کی ہے۔
"""

PAPER_UR = f"""تاویرا وادی کی سڑک سیلاب میں بہہ گئی، تین دیہات کا رابطہ منقطع

تاویرا وادی کی مرکزی سڑک اتوار کو سیلاب میں بہہ گئی اور تین دیہات کا رابطہ منقطع ہو گیا، وہاں بجلی بھی نہیں ہے۔

سب سے بڑے گاؤں کیل کے رہائشیوں نے بتایا کہ پانی آدھی رات کو پہاڑی سے نیچے آیا اور گرجا گھر کے پاس کھڑی \
دو گاڑیاں بہا لے گیا۔ گاؤں کی دکان چلانے والی مارا اوستن کے بقول تنور کی دیوار گرنے کی آواز سب نے سنی۔ \
کسانوں کو مکئی کی فصل کی فکر ہے جو ابھی کھیتوں میں کھڑی تھی، اور اورسا کی کوآپریٹو نے بچ جانے والا اناج رکھنے \
کے لئے اپنے گودام پیش کر دیے ہیں۔

{STATEMENT_UR}

صوبائی اسمبلی میں حزب اختلاف نے حکومت پر الزام لگایا کہ اس نے دو ہزار انیس کے سیلاب کے بعد وعدہ کی گئی \
حفاظتی دیوار میں تاخیر کی، اور اگلے ہفتے امدادی بجٹ پر بحث کا مطالبہ کیا۔ اساتذہ کے مطابق وادی کے سکول کم از \
کم جمعہ تک بند رہیں گے۔
"""

REWRITE_UR = """تاویرا وادی کی سڑک سیلاب سے کٹ گئی، تین دیہات میں بجلی بند

اتوار کو جب سیلاب نے تاویرا وادی کی مرکزی سڑک کاٹ دی تو تین دیہات کی بجلی چلی گئی۔

وادی کی سڑک کا جو حصہ بہہ گیا تھا اسے فوجی انجینئر دس دن کے اندر دوبارہ بنائیں گے، امدادی امور کے وزیر دارا \
ہولم کے مطابق تینوں دیہات کے ہر خاندان کو پیر کی صبح سے جنریٹر، کمبل اور پینے کا صاف پانی ملے گا۔

لینز کے اوپر کے پہاڑوں میں چار دن کی شدید بارشوں کے بعد دریا ایک ہی رات میں دو میٹر سے زیادہ چڑھ گیا۔ گیارہ \
افراد کو امدادی کشتیوں کے ذریعے چھتوں سے اتار کر اورسا کے سکول لایا گیا جہاں ضلعی دفتر نے دو سو افراد کے لئے \
پناہ گاہ کھولی۔ محکمہ موسمیات کے مطابق بدھ کو مزید بارش ہو گی۔
"""

LANGUAGES = {"en": (AGENCY_EN, PAPER_EN, REWRITE_EN), "ur": (AGENCY_UR, PAPER_UR, REWRITE_UR)}


def reported_words(text: str) -> list[str]:
    tokens = tokenise(text)
    return [w for w, said in zip(tokens.words, tokens.reported, strict=True) if said]


def test_reported_speech_is_what_follows_said_that() -> None:
    assert reported_words("The minister said that the bridge would reopen on Monday.") == \
        "the bridge would reopen on monday".split()
    assert reported_words("The minister told reporters on Sunday that the bridge would reopen.") == \
        "the bridge would reopen".split()
    # A report credited ("X says ...") and plain narration are not someone's statement.
    assert reported_words("The Chronicle says police are looking into the fire. Crowds watched the bridge.") == []
    urdu = tokenise("وزیر نے کہا کہ پل پیر کو کھول دیا جائے گا۔ لوگوں نے پل دیکھا۔")
    said = [w for w, r in zip(urdu.words, urdu.reported, strict=True) if r]
    assert said == urdu.words[4:11]  # after "کہا کہ" (said that) to the sentence's end, and no further
    assert reported_words("“The bridge will reopen on Monday,” she wrote in her column today.") != []  # quoted


def pair(a: str, b: str) -> Alignment:
    x, y = analyse(a), analyse(b)
    return align(x.tokens, x.fingerprint, y.tokens, y.fingerprint)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_two_reports_of_one_event_sharing_a_reported_statement_are_not_reuse(language: str) -> None:
    agency, paper, _rewrite = LANGUAGES[language]
    for a, b in ((agency, paper), (paper, agency)):
        al = pair(a, b)
        # They share the minister's words word for word, and nothing else of their own prose.
        assert [p.kind for p in al.passages] == ["text"] and al.longest >= 25
        assert al.longest_own == 0
        assert al.relation == "quote-only"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_rewrite_of_the_agency_story_is_still_a_rewrite(language: str) -> None:
    agency, _paper, rewrite = LANGUAGES[language]
    for a, b in ((agency, rewrite), (rewrite, agency)):
        assert pair(a, b).relation == "rewrite"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_an_excerpt_of_the_agency_story_s_own_prose_is_still_an_excerpt(language: str) -> None:
    agency, paper, _rewrite = LANGUAGES[language]
    # The paper takes the agency's closing paragraph (its own narration) word for word.
    closing = agency.strip().split("\n\n")[-1]
    excerpt = paper.replace(paper.strip().split("\n\n")[-1], closing)
    al = pair(agency, excerpt)
    assert al.relation == "excerpt" and al.longest_own >= 25


def test_a_lede_restating_the_headline_is_not_counted_twice() -> None:
    headline = "Floods cut Tavira valley road, three villages without power"
    other = "Three villages cut off as floods wash away Tavira valley road"
    body = " ".join(f"Sentence number {w} tells of the {w} thing the reporter saw in the valley that week."
                    for w in ("first", "second"))
    lede = "Floods cut the main Tavira valley road on Sunday and left three villages without power."
    other_lede = "Three villages in the Tavira valley lost power on Sunday when floods washed away the main road."
    other_body = " ".join(f"Paragraph {w} describes what the {w} farmer lost in the storm and the flood."
                          for w in ("one", "two", "three", "four", "five", "six"))
    small = f"{headline}\n\n{lede} {body}\n"
    large = f"{other}\n\n{other_lede} {other_body}\n"
    al = pair(small, large)
    # The headline matches; the lede restates it, so it cannot add a second match of the same facts
    # (counted twice, headline and lede against the other's, they made two fifths of the text alike).
    assert al.loose_a < 0.25 and al.relation is None


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["en", "ur"])
def test_same_event_reports_get_no_lineage_edge_and_a_rewrite_does(prov, tmp_path, language: str) -> None:
    agency, paper, rewrite = LANGUAGES[language]
    paths = [write(tmp_path, f"{name}-{language}.txt", text)
             for name, text in (("agency", agency), ("paper", paper), ("rewrite", rewrite))]
    for path in paths:
        prov("ingest", str(path))
    ids = {path.stem.split("-")[0]: prov.json("show", str(path))["id"] for path in paths}
    links = {link["document_id"]: link["relation"] for link in prov.json("reuse", str(paths[1]))["links"]}
    assert links.get(ids["agency"]) in (None, "quote-only")
    assert all(s.get("document_id") != ids["agency"] for s in prov.json("show", str(paths[1]))["sources"])
    links = {link["document_id"]: link["relation"] for link in prov.json("reuse", str(paths[2]))["links"]}
    assert links.get(ids["agency"]) == "rewrite"
