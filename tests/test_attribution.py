"""Attribution phrasings: a table of positives and near misses in several writing styles.

Each row is a sentence (or a few lines) and the source it credits, or None when
it credits no source. The table test prints precision and recall over all rows
and requires both to be at least 0.95.
"""

from __future__ import annotations

import pytest

from provenance.attribution import audit_url, find_attributions, markup_attributions

TABLE: list[tuple[str, str | None]] = [
    # --- markers: wire, forum and aggregator styles ---
    ("[KhaamaPress] Following the surrender of a militant, Kabul hoped for talks.", "KhaamaPress"),
    ("[Dawn] The provincial cabinet met on Monday.", "Dawn"),
    ("[Reuters] Oil prices rose for a third day.", "Reuters"),
    ("ISLAMABAD (Reuters) - Pakistan's central bank held rates steady.", "Reuters"),
    ("KABUL (AP) — A blast hit a market on Friday.", "AP"),
    ("(AFP) - Talks resumed in Doha.", "AFP"),
    ("NEW DELHI (PTI) – The monsoon arrived early this year.", "PTI"),
    ("Body text of the post.\nOriginal Source: foreignpolicy.com", "foreignpolicy.com"),
    ("Summary of the story.\nOriginal source: https://www.dawn.com/news/1880001/budget-talks", "dawn.com"),
    ("Summary.\nSource: The Express Tribune", "The Express Tribune"),
    ("Summary.\nSOURCE: Khaama Press", "Khaama Press"),
    ("Great catch, via Reuters: the port reopened.", "Reuters"),
    ("The port reopened (via The Guardian).", "The Guardian"),
    ("Shipping resumed on Tuesday. h/t Lawfare", "Lawfare"),
    ("Worth reading. H/T: Marginal Revolution", "Marginal Revolution"),
    ("Hat tip to Instapundit for the link.", "Instapundit"),
    ("This article was originally published by The Conversation.", "The Conversation"),
    ("This article was originally published on Eurasia Review.", "Eurasia Review"),
    ("This story first appeared in The Kathmandu Post.", "The Kathmandu Post"),
    ("This piece first appeared in Foreign Affairs.", "Foreign Affairs"),
    ("The essay originally appeared in The Atlantic.", "The Atlantic"),
    ("Republished with permission from Asia Times.", "Asia Times"),
    ("Reprinted with permission from The Diplomat.", "The Diplomat"),
    ("Read the full story at Al Jazeera.", "Al Jazeera"),
    ("Read the original article at thediplomat.com", "thediplomat.com"),
    ("Read more at The Hindu.", "The Hindu"),
    ("The talks ended without a deal.\n— Reuters", "Reuters"),
    ("The talks ended without a deal.\nCourtesy: Dawn", "Dawn"),
    ("Flooding closed the road.\n(With inputs from PTI)", "PTI"),
    ("Flooding closed the road.\nWith inputs from ANI", "ANI"),
    ("Rates were cut.\n© 2025 Bloomberg", "Bloomberg"),
    # --- prose: news, analysis and blog styles ---
    ("Michael Kugelman wrote on Wednesday in Foreign Policy that ties would stay narrow.", "Foreign Policy"),
    ("Madiha Afzal, writing in Foreign Affairs, said the opposite.", "Foreign Affairs"),
    ("He argued in an op-ed for The Washington Post that aid should resume.", "The Washington Post"),
    ("In a column for Dawn, the former ambassador urged restraint.", "Dawn"),
    ("According to Reuters, the shipment left Karachi on Sunday.", "Reuters"),
    ("According to The Wall Street Journal, the deal is close.", "The Wall Street Journal"),
    ("according to a report by Tolo News, two people died.", "Tolo News"),
    ("The New York Times reported that talks had stalled.", "The New York Times"),
    ("Geo News reported the arrests late on Tuesday.", "Geo News"),
    ("The arrests were first reported by Afghanistan International.", "Afghanistan International"),
    ("as reported by The Express Tribune earlier this month", "The Express Tribune"),
    ("Vanda Felbab-Brown told The Diplomat that the dialogue was narrow.", "The Diplomat"),
    ("A spokesman told Reuters the vessel was inspected.", "Reuters"),
    ("\u201cWe were surprised,\u201d she told Al Jazeera.", "Al Jazeera"),
    ("The minister said in an interview with BBC Urdu that talks continue.", "BBC Urdu"),
    ("Speaking to Arab News, the envoy played down the dispute.", "Arab News"),
    ("A report by the International Crisis Group found the opposite.", "the International Crisis Group"),
    ("a new study from the Brookings Institution shows rising costs", "the Brookings Institution"),
    ("The minister told The Lowland Observer the dam would open.", "The Lowland Observer"),
    # --- near misses: must not be attributions ---
    ("According to the latest data, inflation fell to 4 percent.", None),
    ("according to officials, the border stayed closed.", None),
    ("According to Michael Kugelman, the relationship is transactional.", None),
    ("The convoy travelled via the highway to Peshawar.", None),
    ("Supplies arrived via Karachi port.", None),
    ("Sources said the meeting was postponed.", None),
    ("Officials reported no casualties.", None),
    ("Police reported three arrests.", None),
    ("He told reporters the plan was final.", None),
    ("She told Congress the money was spent.", None),
    ("He told him to wait.", None),
    ("The spokesman told the Senate committee nothing new.", None),
    ("He wrote in March that the talks had failed.", None),
    ("She wrote in a letter to the board that she would resign.", None),
    ("The ruling was 'final' [sic] according to the clerk.", None),
    ("Growth slowed in the third quarter [1].", None),
    ("[Editor's note: this story has been updated.] The talks resumed.", None),
    ("[Updated 3 pm] The talks resumed.", None),
    ("The source of the river lies in the mountains.", None),
    ("Open source software was used for the count.", None),
    ("Read more about the budget below.", None),
    ("The tweet was shared via WhatsApp groups.", None),
    ("Analysts reported a rise in attacks.", None),
    ("The report by the committee was leaked.", None),
    ("It first appeared in 2019 on the northern border.", None),
    ("The plan is being implemented via National Counter-terrorism Authority (NACTA).", None),
    ("The Nation's farmers reported record yields.", None),
    ("The team reported its findings on Tuesday.", None),
]


def first_source(text: str) -> str | None:
    found = [f for f in find_attributions(text) if f.kind in ("marker", "prose")]
    if not found:
        return None
    return found[0].source


def test_the_phrasing_table_has_precision_and_recall_of_at_least_095() -> None:
    assert len(TABLE) >= 60
    tp = fp = fn = 0
    wrong = []
    for text, want in TABLE:
        got = first_source(text)
        if want is None and got is None:
            continue
        if want is not None and got is not None and got.casefold() == want.casefold():
            tp += 1
            continue
        wrong.append((text, want, got))
        if got is not None:
            fp += 1
        if want is not None:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    positives = sum(1 for _, w in TABLE if w)
    print(f"\nattribution phrasings: {len(TABLE)} rows ({positives} positive, {len(TABLE) - positives} near misses): "
          f"precision {precision:.3f}, recall {recall:.3f}")
    for row in wrong:
        print("  wrong:", row)
    assert precision >= 0.95 and recall >= 0.95, wrong


def test_evidence_is_the_exact_span() -> None:
    text = "Intro line.\nMichael Kugelman wrote on Wednesday in Foreign Policy that ties would stay narrow."
    (found,) = find_attributions(text)
    assert text[found.start:found.end] == found.evidence == "wrote on Wednesday in Foreign Policy"
    assert (found.kind, found.pattern) == ("prose", "wrote-in")


def test_a_url_source_keeps_its_url() -> None:
    (found,) = find_attributions("Text.\nOriginal Source: https://foreignpolicy.com/2025/03/12/us-pakistan-ties/")
    assert found.source == "foreignpolicy.com"
    assert found.url == "https://foreignpolicy.com/2025/03/12/us-pakistan-ties/"


PAGE = """<html><head>
<link rel="canonical" href="{canonical}">
<meta property="og:url" content="{og}">
<meta name="original-source" content="{original}">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "isBasedOn": "https://www.meridianreview.example/2025/06/11/tavira-deal-will-not-end-river-dispute/",
 "sourceOrganization": {{"@type": "Organization", "name": "Kestrel News Agency"}}}}</script>
</head><body><p>x</p></body></html>"""


def test_markup_is_read_and_audited() -> None:
    page_url = "https://digesthub.example/world/tavira-river-deal-4471"
    page = PAGE.format(canonical="https://kestrelnews.example/en/2025/06/12/ostmark-valdoria-water-deal/",
                       og=page_url, original="https://kestrelnews.example/")
    assert [f.detail for f in markup_attributions(PAGE.format(canonical=page_url, og=page_url, original=page_url),
                                                  page_url)][:1] == [{"audit": "self"}]
    found = {f.pattern: f for f in markup_attributions(page, page_url)}
    assert found["canonical"].source == "kestrelnews.example" and not found["canonical"].detail
    assert "og:url" not in found  # pointing at itself is what og:url is for
    assert found["original-source"].detail == {"audit": "not-an-article"}
    assert found["isBasedOn"].url.startswith("https://www.meridianreview.example/2025/06/11/")
    assert found["sourceOrganization"].source == "Kestrel News Agency"


def test_canonical_on_the_same_site_is_not_an_attribution() -> None:
    page_url = "https://lowlandobserver.example/2025/06/21/tavira-talks-gauges/?utm=x"
    page = f'<html><head><link rel="canonical" href="{page_url.split("?")[0]}"></head><body>x</body></html>'
    assert [f for f in markup_attributions(page, page_url) if f.pattern == "canonical"] == [] or \
        markup_attributions(page, page_url)[0].detail == {"audit": "self"}


@pytest.mark.parametrize(("target", "audit"), [
    ("https://example.org/", "not-an-article"),
    ("https://example.org/2025/06/11/river-deal/", None),
    ("https://example.org/news/river-deal-talks", None),
    ("ftp://example.org/a", "not-a-url"),
])
def test_audit_url(target: str, audit: str | None) -> None:
    assert audit_url(target, "https://other.example/a-b") == audit
