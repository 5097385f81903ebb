"""HTML metadata: site names out of titles, markup authors and dates, unstated dates dropped."""

from __future__ import annotations

import datetime as dt

from provenance.htmlmeta import best_title, read_markup, stated_as_own_date, url_date
from provenance.ingest.extract import choose_published, extract

BODY = "<article><h1>{h1}</h1>" + "<p>The harbour board approved the dredging plan on Thursday after a long delay.</p>" * 6 + "</article>"


def page(title: str, h1: str, head: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{BODY.format(h1=h1)}</body></html>"


def test_title_loses_the_site_name() -> None:
    html = page("Dredging plan approved | Harbour Gazette", "Something else entirely",
                '<meta property="og:site_name" content="Harbour Gazette">')
    assert best_title(html, "Dredging plan approved | Harbour Gazette", sitename=None, host="harbourgazette.example") \
        == "Dredging plan approved"


def test_a_heading_the_title_contains_wins() -> None:
    html = page("Harbour Gazette - Dredging plan approved after delay", "Dredging plan approved after delay")
    assert best_title(html, None, sitename="Harbour Gazette", host=None) == "Dredging plan approved after delay"


def test_markup_authors_and_dates() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Dredging plan approved",'
            ' "datePublished": "2024-05-02T08:00:00Z", "author": [{"@type": "Person", "name": "Mira Osei"},'
            ' {"@type": "Person", "name": "admin"}], "publisher": {"@type": "Organization", "name": "Harbour Gazette"}}'
            '</script>')
    markup = read_markup(page("x", "y", head))
    assert markup.authors == ["Mira Osei"] and markup.published.isoformat() == "2024-05-02"
    assert markup.publisher == "Harbour Gazette"


def test_a_date_counts_only_where_the_page_states_it_as_its_own() -> None:
    day = dt.date(2024, 5, 2)
    wrap = "<html><body><article><h1>T</h1>{}<p>Body text here.</p></article>{}</body></html>"
    assert stated_as_own_date(wrap.format('<time datetime="2024-05-02T08:00">2 May</time>', ""), day)
    assert stated_as_own_date(wrap.format('<p class="entry-meta">Posted on May 2, 2024 by Mira</p>', ""), day)
    assert stated_as_own_date(wrap.format('<span class="datum">Veröffentlicht am 2. Mai 2024</span>', ""), day)
    assert not stated_as_own_date(wrap.format("", '<aside><span class="date">May 2, 2024</span></aside>'), day)
    assert not stated_as_own_date(wrap.format("", '<div class="comments"><time>2024-05-02</time></div>'), day)
    assert not stated_as_own_date(wrap.format('<a href="/2024/05/02/other-story">Other</a>', ""), day)
    assert url_date("https://x.example/2016/04/15/story/") == dt.date(2016, 4, 15)


def test_publisher_is_not_an_author() -> None:
    head = '<meta name="author" content="Harbour Gazette"><meta property="og:site_name" content="Harbour Gazette">'
    result = extract(page("Dredging plan approved", "Dredging plan approved", head).encode(), kind="html",
                     charset=None, url=None, source="x")
    assert result.authors == []


def test_meta_authors_are_kept_as_written() -> None:
    head = '<meta name="author" content="night owl"><meta property="article:author" content="https://fb.example/x">'
    assert read_markup(page("x", "y", head)).authors == ["night owl"]
    head = '<meta name="author" content="Zeige alle Beiträge von Petra Ruland">'
    assert read_markup(page("x", "y", head)).authors == ["Petra Ruland"]


def test_kickers_and_archive_chrome_leave_the_headline() -> None:
    html = page("Klimaschutz: Bohren, bis es heiß wird", "Bohren, bis es heiß wird")
    assert best_title(html, None, sitename=None, host=None) == "Bohren, bis es heiß wird"
    html = page("Blog Archive » Interning of Small Integers in Python", "Somewhere else")
    assert best_title(html, None, sitename=None, host=None) == "Interning of Small Integers in Python"


def test_todays_date_without_markup_is_the_clock_not_the_article() -> None:
    today = dt.datetime.now(dt.UTC).date()
    html = page("Dredging plan approved", "Dredging plan approved").replace(
        "<h1>", f'<p class="date">{today:%B} {today.day}, {today.year}</p><h1>')
    assert extract(html.encode(), kind="html", charset=None, url=None, source="x").published is None


def test_which_date_a_page_gets() -> None:
    may2, jun20, url_day = dt.date(2024, 5, 2), dt.date(2024, 6, 20), dt.date(2024, 5, 1)
    assert choose_published(jun20, "meta article:published_time", may2, may2, None) == (
        may2, "markup", "a date element of the article (meta article:published_time says 2024-06-20)")
    assert choose_published(jun20, "json-ld datePublished", None, may2, None) == (
        jun20, "markup", "json-ld datePublished")
    assert choose_published(None, None, may2, may2, None)[0] == may2
    assert choose_published(None, None, None, None, url_day) == (url_day, "url", "")
    assert choose_published(None, None, None, may2, url_day) == (None, "", "")  # they disagree: no date


def test_author_names_lose_credentials_outlets_and_lead_ins() -> None:
    from provenance.htmlmeta import credible_author, tidy_author

    assert tidy_author("Grant Tinsley, PhD") == "Grant Tinsley"
    assert tidy_author("Rob Picheta, CNN") == "Rob Picheta"
    assert tidy_author("Auteur Anna Kubišta") == "Anna Kubišta"
    assert not credible_author("Hanns-Seidel-Stiftung e.V.")
    assert not credible_author("Deutsche Welle (www.dw.com)")
    assert not credible_author("Name") and credible_author("Anna Kubišta")
    # Not names: a date, a web address made into words, a CMS's default user, a photo credit.
    assert not credible_author("09.10.2021") and not credible_author("30/10/23")
    assert not credible_author("Facebook Com") and not credible_author("Super User")
    assert not credible_author("Фото из Инстаграма Лукаша Подольски")
    assert credible_author("c1ph4") and tidy_author("Autor/in: Korinna Hennig") == "Korinna Hennig"


def test_a_date_written_under_the_headline_counts_without_markup() -> None:
    # No markup date and no date element: only htmldate's extensive search reads it from the text.
    under = page("Dredging plan approved", "Dredging plan approved").replace("</h1>", "</h1><p>12.03.2024</p>")
    assert extract(under.encode(), kind="html", charset=None, url=None, source="x").published == dt.date(2024, 3, 12)
    # The same words of a date in a sidebar are another page's date, not this one's.
    aside = page("Dredging plan approved", "Dredging plan approved").replace(
        "</article>", "</article><aside><p>12.03.2024</p></aside>")
    assert extract(aside.encode(), kind="html", charset=None, url=None, source="x").published is None


def test_bylines_written_as_a_line_of_the_page() -> None:
    from provenance.htmlmeta import byline_text_authors

    def with_line(line: str, where: str = "article") -> str:
        html = page("Dredging plan approved", "Dredging plan approved")
        return html.replace("</article>", f"{line}</article>") if where == "article" else \
            html.replace("</article>", f"</article>{line}")

    assert byline_text_authors(with_line("<p>Von Claudia Lindner</p>")) == ["Claudia Lindner"]
    assert byline_text_authors(with_line("<p>Autoren Jelko Djuren und Jutta Klaukien</p>")) == [
        "Jelko Djuren", "Jutta Klaukien"]
    assert byline_text_authors(with_line('<li><span>Author:</span> Gàbor Muniér, Datum: 03.03.19</li>')) == [
        "Gàbor Muniér"]
    assert byline_text_authors(with_line("<div>Redaktion: Eberhard Fuhr (Pressesprecher)</div>")) == ["Eberhard Fuhr"]
    assert byline_text_authors(with_line("<p><b>By</b> Mira Osei<!-- x --></p>")) == ["Mira Osei"]
    # Not bylines: a place, a sentence, a commenter, a photo credit.
    assert byline_text_authors(with_line("<p>Von Berlin nach Hamburg</p>")) == []
    assert byline_text_authors(with_line("<p>By the end of the year the port will reopen.</p>")) == []
    assert byline_text_authors(with_line('<div class="comments"><p>Von Jana Kluge</p></div>', "after")) == []
    assert byline_text_authors(with_line("<p>Foto: Ingo Schneider</p>")) == []


def test_author_fields_as_the_names_they_hold() -> None:
    from provenance.htmlmeta import page_spelling, separate_names, tidy_author

    sites = ["PhillyVoice", "unocero", None]
    assert separate_names("unocero - Alberto Ávila", sites) == ["Alberto Ávila"]
    assert separate_names("Adam Aaronson PhillyVoice Staff", sites) == ["Adam Aaronson"]
    assert separate_names("'Luana Patriolino, Raphael Felice'", sites) == ["Luana Patriolino", "Raphael Felice"]
    assert separate_names("Smith, John", sites) == ["Smith, John"]  # one name written surname first
    assert separate_names("The Economist", ["Economist"]) == ["The Economist"]
    assert tidy_author("Redacci&oacute;n Diario Pagina Siete") == "Redacción Diario Pagina Siete"
    assert tidy_author("Sara Zinnecker Stand") == "Sara Zinnecker"
    assert tidy_author("Zum Profil von jesusfreak jesusfreak") == "jesusfreak"
    assert page_spelling("T V Raman", "<span class='author'>T. V. Raman</span>") == "T. V. Raman"
    assert page_spelling("Joe S", "<p>Posted by Joe S. on Monday</p>") == "Joe S."
    assert page_spelling("Rodolfo Costa", "<p>Rodolfo Costa. Brasília</p>") == "Rodolfo Costa"


def test_every_author_the_markup_names() -> None:
    head = ('<meta name="dc.Creator" content=" Michael L.  Anderson "><meta name="dc.Creator" content="Carla Dobkin">'
            '<meta name="author" content="Someone Else">')
    assert read_markup(page("x", "y", head)).authors == ["Michael L. Anderson", "Carla Dobkin"]
    # JSON-LD names one Person; the meta tag names the same person and a second one.
    head = ('<script type="application/ld+json">{"@type": "Article", "author": {"@type": "Person", "name": '
            '"Sadhbh Roe"}}</script><meta property="author" content="Sadhbh Roe,Elisabeth Kochan">')
    assert read_markup(page("x", "y", head)).authors == ["Sadhbh Roe", "Elisabeth Kochan"]
    # ... but not when it names someone else: JSON-LD wins.
    head = ('<script type="application/ld+json">{"@type": "Article", "author": {"@type": "Person", "name": '
            '"Sadhbh Roe"}}</script><meta name="author" content="Web Team, Other Person">')
    assert read_markup(page("x", "y", head)).authors == ["Sadhbh Roe"]


def test_bylines_inside_a_line_of_other_things() -> None:
    from provenance.htmlmeta import byline_text_authors

    def with_line(line: str) -> str:
        return page("Dredging plan approved", "Dredging plan approved").replace("</article>", f"{line}</article>")

    assert byline_text_authors(with_line("<div>Dredging plan | By Cara Stiles | April 13, 2020</div>")) == [
        "Cara Stiles"]
    assert byline_text_authors(with_line("<div>05.02.2020 - Redaktion: Eberhard Fuhr (Sprecher)</div>")) == [
        "Eberhard Fuhr"]
    assert byline_text_authors(with_line("<div>Essay 25.10.2022 - Reiner Nagel</div>")) == ["Reiner Nagel"]
    assert byline_text_authors(with_line("<p>Text von Christian Seiler Illustration von Mara Roe</p>")) == [
        "Christian Seiler"]
    assert byline_text_authors(with_line('<div><a href="/a/gw">Von: Götz Warnke</a></div>')) == ["Götz Warnke"]
    assert byline_text_authors(with_line("<div>25.10.2022 - 14 Kommentare</div>")) == []


def test_the_lead_the_extraction_dropped_comes_back_in_the_pages_own_words() -> None:
    from provenance.htmlmeta import lead_paragraph

    lead = ("The harbour board has approved the long-delayed dredging plan, ending two years of dispute "
            "between the port and the fishing cooperatives.")
    description = lead[:100] + "…"  # descriptions are often cut short
    body = "The vote was seven to two. Work starts in the spring."
    html = (f'<html><head><meta property="og:description" content="{description}"></head><body><article>'
            f'<header><span class="kicker">Ports</span><h1>Dredging plan approved</h1>'
            f'<p class="standfirst">{lead}</p></header><p>{body}</p></article></body></html>')
    assert lead_paragraph(html, description, body) == lead  # the page's paragraph, whole
    assert lead_paragraph(html, description, f"{lead}\n\n{body}") is None  # the text has it already
    assert lead_paragraph(html, None, body) is None
    # Only a description, not shown on the page: nothing is made up from it.
    hidden = html.replace(f'<p class="standfirst">{lead}</p>', "")
    assert lead_paragraph(hidden, description, body) is None
    # Shown only in a sidebar: another story's teaser.
    aside = hidden.replace("</article>", f"</article><aside><p>{lead}</p></aside>")
    assert lead_paragraph(aside, description, body) is None
    # The description is the headline: no lead.
    headline = "Dredging plan approved after two years of dispute at the port"
    titled = hidden.replace("<h1>Dredging plan approved</h1>", f"<h1>{headline}</h1>")
    assert lead_paragraph(titled, headline, body, headline) is None
