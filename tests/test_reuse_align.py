"""Reuse detection on hand-made pairs: tokens, passages as character spans, containment, relation."""

from __future__ import annotations

import random
import re

import pytest

from provenance.reuse.align import Alignment, align
from provenance.reuse.index import analyse
from provenance.reuse.text import normalise, tokenise

STORY = [
    "Ostmark and Valdoria signed a water-sharing agreement on June 3 that commits the upstream state to "
    "release forty percent more water from the Tavira Dam during the dry months.",
    "Farmers in the lower valley lost a third of their barley harvest in 2022 when releases were cut without "
    "warning, and many of them have since borrowed heavily to replant.",
    "The agreement creates a joint commission of six engineers, three from each side, which is meant to "
    "meet every quarter and publish the gauge readings it relies on.",
    "Critics in Port Alder point out that the treaty names no penalty for missed releases and leaves the "
    "question of drought years to the commission's discretion.",
    "Valdoria's parliament has not yet ratified the deal, and two opposition parties there have said they "
    "will vote against it unless the dam's maintenance costs are shared.",
    "Hydrologists at the Institute for River Basin Studies estimate that the extra water would irrigate "
    "roughly eleven thousand hectares in a normal summer.",
    "Officials said the commission would hold its first meeting in September at a hotel near the border "
    "crossing at Vell, with observers from the regional development bank.",
    "The last agreement between the two governments, signed in 1998, collapsed within four years after a "
    "dispute over who should pay for dredging the reservoir.",
]
OTHER = [
    "The Harrow Street library reopened on Saturday after a two-year renovation that added a rooftop garden "
    "and a children's reading room facing the canal.",
    "Volunteers carried more than nine thousand books back onto the shelves over three weekends, sorting "
    "them by hand because the new catalogue system was late.",
    "The architect kept the original oak staircase and the stained-glass window above the entrance, which "
    "had been boarded up since a storm in the eighties.",
    "Opening hours will be longer than before the closure, and the council has promised to keep the branch "
    "open on Sundays for at least the next two years.",
]


def pair(a: str, b: str) -> Alignment:
    x, y = analyse(a), analyse(b)
    return align(x.tokens, x.fingerprint, y.tokens, y.fingerprint)


def words_of(text: str) -> list[str]:
    return [normalise(w) for w in re.findall(r"\w+", text)]


VOCABULARY = """
harbour museum festival tram bakery orchestra ferry market bridge choir archive lighthouse stadium garden
theatre hospital station airport river canal forest valley mountain island village district square tower
mayor teacher nurse farmer driver painter baker singer writer sailor miner doctor student pilot judge
announced postponed celebrated reviewed questioned repaired expanded welcomed inspected closed funded
described painted rebuilt measured counted moved sold bought lent borrowed opened shared planted
quietly loudly slowly early late twice often rarely finally suddenly carefully openly briefly
red green blue old young tall narrow wide heavy light bright dark warm cold wet dry busy empty
monday tuesday winter summer spring autumn morning evening midnight noon decade century weekend
bicycle lantern ladder blanket kettle window carpet mirror bottle basket pillow candle engine
""".split()


def filler(n_words: int, seed: int) -> str:
    """Padding prose: sentences of random words from a fixed stock, so no two sentences are alike."""
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    while count < n_words:
        words = rng.sample(VOCABULARY, rng.randint(9, 18))
        out.append(" ".join(words).capitalize() + ".")
        count += len(words)
    return " ".join(out)


def test_tokens_are_normalised_across_typography_and_scripts() -> None:
    assert normalise("ＴＡＶＩＲＡ") == "tavira"  # full-width forms (NFKC) and case folding
    assert normalise("Café") == normalise("CAFE")  # accents on Latin letters
    # Urdu typed on an Arabic keyboard: Arabic yeh and kaf, a harakat mark, a tatweel
    assert normalise("پاکستان") == normalise("پاكستان")
    assert normalise("علی") == normalise("عليٰ".replace("ٰ", "")) == normalise("علـي")
    tokens = tokenise("水坝放水增加了百分之四十 Tavira")
    assert tokens.words[:3] == ["水", "坝", "放"]  # a spaceless script: one token per character
    assert tokens.words[-1] == "tavira"
    text = "Ostmark's   farmers\nlost a third."
    t = tokenise(text)
    assert [text[s:e] for s, e in zip(t.starts, t.ends, strict=True)] == ["Ostmark's", "farmers", "lost", "a",
                                                                           "third"]


def test_a_verbatim_copy_with_rewrapped_lines_and_new_punctuation_is_a_duplicate() -> None:
    origin = "\n\n".join(STORY)
    copy = re.sub(r"(\S+ \S+ \S+ \S+ \S+ \S+ \S+) ", r"\1\n", origin).replace(",", " -").replace("'", "’")
    al = pair(origin, copy)
    assert al.relation == "duplicate"
    assert al.a_in_b > 0.97 and al.b_in_a > 0.97
    passage = al.passages[0]
    assert words_of(origin[passage.a[0]:passage.a[1]]) == words_of(copy[passage.b[0]:passage.b[1]])


def test_repost_with_commentary_inserted_ads_and_reordered_paragraphs() -> None:
    origin = "\n\n".join(STORY)
    ad = "Advertisement. Try the new Valley Fresh yoghurt, now in six flavours, at every good grocer this month."
    commentary = ("Our readers have asked about the river for months, so here is the full report. "
                  "We will follow the commission closely and publish every gauge reading it releases.")
    reordered = STORY[4:] + STORY[:4]
    repost = commentary + "\n\n" + "\n\n".join(reordered[:3] + [ad] + reordered[3:])
    al = pair(origin, repost)
    assert al.relation == "repost"
    assert al.a_in_b > 0.97  # all of the origin is in the repost ...
    assert 0.7 < al.b_in_a < 0.9  # ... which adds its own commentary and an ad
    texts = [p for p in al.passages if p.kind == "text"]
    assert len(texts) >= 2  # the reordered halves are separate passages
    for p in texts:
        assert words_of(origin[p.a[0]:p.a[1]]) == words_of(repost[p.b[0]:p.b[1]])
    assert all("yoghurt" not in repost[p.b[0]:p.b[1]] for p in texts) or len(texts) >= 2


def test_a_short_excerpt_buried_in_a_long_article_is_found_with_its_spans() -> None:
    excerpt_text = " ".join(STORY[2:5])  # about 90 words
    origin = filler(900, 1) + "\n\n" + " ".join(STORY) + "\n\n" + filler(900, 2)
    derived = filler(150, 3) + "\n\n" + excerpt_text + "\n\n" + filler(80, 4)
    al = pair(origin, derived)
    assert al.relation == "excerpt"
    assert al.a_in_b < 0.1 and al.b_in_a > 0.2
    [passage] = [p for p in al.passages if p.kind == "text"]
    assert words_of(origin[passage.a[0]:passage.a[1]]) == words_of(excerpt_text)
    assert derived[passage.b[0]:passage.b[1]] == excerpt_text.rstrip(".")  # spans run from word to word


def test_excerpt_in_urdu_and_in_chinese() -> None:
    urdu = ("دریائے تاویرا کے پانی کی تقسیم کا نیا معاہدہ تین جون کو طے پایا۔ اس کے تحت بالائی ریاست خشک مہینوں میں "
            "ڈیم سے چالیس فیصد زیادہ پانی چھوڑے گی۔ نچلی وادی کے کسانوں نے دو ہزار بائیس میں اپنی جو کی فصل کا "
            "ایک تہائی حصہ کھو دیا تھا۔ ناقدین کا کہنا ہے کہ معاہدے میں پانی نہ چھوڑنے پر کوئی جرمانہ نہیں رکھا گیا۔ "
            "مشترکہ کمیشن ہر تین ماہ بعد اجلاس کرے گا اور پیمائش کے اعداد و شمار شائع کرے گا۔")
    # The same sentences typed with Arabic yeh and kaf, inside other text.
    copied = urdu.split("۔")[1] + "۔" + urdu.split("۔")[2] + "۔"
    arabic_keyboard = copied.replace("ی", "ي").replace("ک", "ك")
    derived = "ایک اور خبر میں شہر کی لائبریری دوبارہ کھل گئی اور بچوں کے لیے نیا کمرہ بنایا گیا۔ " + arabic_keyboard
    al = pair(urdu, derived)
    assert al.relation == "excerpt"
    [passage] = [p for p in al.passages if p.kind == "text"]
    assert "چالیس فیصد" in urdu[passage.a[0]:passage.a[1]]
    assert derived[passage.b[0]:passage.b[1]].startswith(arabic_keyboard.strip()[:10])

    chinese = ("奥斯特马克与瓦尔多里亚六月三日签署了分水协议。上游国家承诺在旱季从塔维拉水坝多放百分之四十的水。"
               "下游河谷的农民在二零二二年失去了三分之一的大麦收成。批评者指出条约没有规定未按时放水的处罚。"
               "联合委员会将每季度开会一次并公布水位读数。")
    part = "下游河谷的农民在二零二二年失去了三分之一的大麦收成。批评者指出条约没有规定未按时放水的处罚。"
    derived_zh = "市图书馆周六重新开放，新增了屋顶花园和儿童阅览室。" + part + "志愿者花了三个周末把书搬回书架。"
    al = pair(chinese, derived_zh)
    assert al.relation == "excerpt"
    [passage] = [p for p in al.passages if p.kind == "text"]
    assert chinese[passage.a[0]:passage.a[1]].startswith("下游河谷")
    assert derived_zh[passage.b[0]:passage.b[1]].startswith("下游河谷")


def test_shared_boilerplate_does_not_make_unrelated_pages_alike() -> None:
    footer = ("Subscribe to our newsletter for the day's top stories, delivered every morning. "
              "Copyright 2025 Valley Media Group. All rights reserved. Read our privacy policy and terms of use.")
    al = pair(" ".join(STORY) + "\n\n" + footer, " ".join(OTHER) + "\n\n" + footer)
    assert al.relation is None
    assert [p.kind for p in al.passages] == ["boilerplate"]
    assert al.a_in_b == 0.0
    # A sign-off with no tell-tale words (here in Portuguese) closing both texts is treated the same way.
    sign_off = ("Deixe suas dúvidas e opiniões aqui embaixo, obrigado por compartilhar nosso conteúdo com amigos "
                "e familiares, e até a próxima semana com mais novidades do nosso blog de receitas caseiras.")
    al = pair(" ".join(STORY) + "\n\n" + sign_off, " ".join(OTHER) + " " + filler(60, 5) + "\n\n" + sign_off)
    assert al.relation is None


def test_two_reports_sharing_only_a_quotation_are_quote_only() -> None:
    quote = ("“We did not sign this agreement to admire it on paper; the water has to reach the fields by July, "
             "and every release will be measured and published,” the minister said.")
    first = " ".join(STORY[:3]) + " " + quote + " " + STORY[5]
    second = " ".join(OTHER[:3]) + " At the ceremony the minister spoke again. " + quote
    al = pair(first, second)
    assert al.relation == "quote-only"
    assert [p.kind for p in al.passages] == ["quote"]
    assert al.a_in_b == 0.0 and al.quote_a_in_b > 0.15


def test_a_reworded_version_is_a_rewrite_and_independent_writing_is_nothing() -> None:
    rewrite = (
        "On June 3 Valdoria and Ostmark agreed to share the river: the upstream state will let forty percent "
        "more water out of the Tavira Dam in the dry months. "
        "In 2022 growers in the lower valley saw a third of their barley crop lost after releases stopped with "
        "no warning; many borrowed heavily to replant since. "
        "A joint commission of six engineers, three per side, is supposed to meet each quarter and to publish "
        "the gauge readings on which it relies. "
        "In Port Alder critics note the treaty sets no penalty for missed releases and leaves drought years "
        "to the discretion of the commission. "
        "Two opposition parties in Valdoria's parliament, which has yet to ratify the deal, say they will vote "
        "against it unless maintenance costs for the dam are shared."
    )
    al = pair(" ".join(STORY), rewrite)
    assert al.relation == "rewrite"
    assert al.similarity > 0.5
    unrelated = pair(" ".join(STORY), " ".join(OTHER) + " " + filler(200, 6))
    assert unrelated.relation is None and unrelated.passages == []


def test_site_chrome_shared_within_an_outlet_is_kept_apart() -> None:
    masthead = ("The Valley Courier brings you independent reporting from the river towns since 1921, "
                "owned by its readers and edited in Port Alder by a team of nine journalists and two cats.")
    first = analyse(masthead + "\n\n" + " ".join(STORY[:4]))
    second = analyse(masthead + "\n\n" + " ".join(OTHER))
    plain = align(first.tokens, first.fingerprint, second.tokens, second.fingerprint)
    assert [p.kind for p in plain.passages] == ["text"]  # without knowing the outlet, it is shared text
    chrome = frozenset(first.fingerprint.winnowed)  # what the index reports as the outlet's repeated text
    al = align(first.tokens, first.fingerprint, second.tokens, second.fingerprint, chrome_hashes=chrome)
    assert [p.kind for p in al.passages] == ["chrome"]
    assert al.relation is None


@pytest.mark.parametrize("text", ["", "   ", "Hi.", "[1]", "🙂🙂🙂"])
def test_tiny_and_empty_texts_align_to_nothing(text: str) -> None:
    assert pair(text, " ".join(STORY)).relation is None
    assert pair(text, text).relation is None
