"""What a document says about its own sources: markers, prose and markup, with exact spans.

Plain values in, plain values out. Each finding carries the words that are its
evidence and their character offsets in the text, so a fact-checker can see the
credit line itself. A name in prose counts as a source only when it is a known
outlet, a domain, or reads like a publication ("... Observer", "... Times"):
"according to the latest data", "via the highway" and "sources said" are not
attributions, and neither is a bracketed "[sic]" or "[1]".
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import html as lxml_html

from provenance import credit_context as context
from provenance import source_kinds
from provenance.datewords import MONTH_AND_DAY_NAMES as MONTHS
from provenance.htmltree import jsonld_objects, parse
from provenance.outlet_words import known_outlet, news_outlet, publication_like
from provenance.outlets import Entry, looks_like_domain, name_keys, registry
from provenance.urls import hostname_of, split

# A proper name: capitalised words (or acronyms, CamelCase, domains) with the small
# words that join them ("Council on Foreign Relations", "Voice of America").
WORD = r"(?:[A-Z][\w'’.&-]*[\w’]|[A-Z]|[a-z][\w-]*\.(?:com|org|net|in|pk|co\.uk|af|bd|lk|np)\b)"
JOIN = r"(?:of|on|for|and|the|de|del|al|&|-)"
# Words of a name are on one line: a credit line ends where its line ends ("© Agency" above a heading).
GAP = r"[^\S\n]+"
NAME = rf"(?:[Tt]he{GAP})?{WORD}(?:{GAP}(?:{JOIN}{GAP})?{WORD}){{0,6}}"
DOMAIN_OR_URL = r"(?:https?://[^\s)\]]+|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s)\]]*)?)"
SOURCE = rf"(?P<src>{DOMAIN_OR_URL}|{NAME})"
# Words that describe an outlet before its name: "the state-run Xinhua", "hit-or-miss Taiwanese publication
# DigiTimes" (a media noun after a capitalised adjective is handled apart). Optional as a whole, and only
# with at least one such word, so "the Argus Leader" is read as before.
MODIFIER = r"(?:[a-z]+(?:-[a-z]+)+|state|official|local|national|independent|online|influential|respected|leading|popular)"
LEAD = rf"(?:(?:(?:[Tt]he|an?){GAP})?(?:{MODIFIER}{GAP}){{1,3}})?"
# A dateline's place: "HAYWARD, Calif.", "Frankfurt/Main", "Bogotá", "Mumbai (Maharashtra) [India], Jan 13".
PLACE = (r"[^\W\d_][^\W\d_.'’/-]*(?:[ .'’/-]{1,2}[^\W\d_][^\W\d_'’-]*){0,5}\.?"
         r"(?:,[ \t]+[^\W\d_][^\W\d_]*\.?(?:[ \t][^\W\d_]+\.?)?)?")

# The words that make a name a news outlet's, not an institute's or a council's: "X says" is a credit
# only for these ("The San Francisco Chronicle says"); "the Council says" is a speaker.
PRESS_WORDS = {
    "news", "times", "post", "press", "herald", "journal", "tribune", "daily", "tv", "radio", "magazine",
    "gazette", "observer", "telegraph", "chronicle", "guardian", "express", "mirror", "insider", "wire",
    "dispatch", "courier", "examiner", "inquirer", "recorder", "broadcasting", "sentinel", "argus", "bulletin",
}
# Roles of a wire byline after the agency's name: "AP Auto Writer", "Reuters Staff", "PTI Correspondent".
BYLINE_ROLE = re.compile(r"(?i)(?:[ \t]+[A-Za-z]+)?[ \t]+(?:writers?|correspondents?|reporters?|staff|editors?|desk|"
                         r"bureau|journalists?)$")
NOT_SOURCES = {
    "sic", "citation needed", "edit", "updated", "update", "video", "photo", "photos", "advertisement", "ad",
    "editor's note", "editors note", "correction", "watch", "listen", "opinion", "analysis", "live",
    "breaking", "exclusive", "sponsored", "paywall", "archive", "link", "pdf", "map", "graphic", "audio",
}
TRIM = " \t.,;:)]\u201d\"'’"
ROMANCE_MEDIA = (r"journal|quotidien|hebdomadaire|agence|magazine|chaîne|radio|site|diario|periódico|semanario|agencia|"
                 r"cadena|revista|emisora|portal")
# German names of kinds of outlet before an outlet's name: "die Nachrichtenagentur Ansa", "das Magazin X".
DE_MEDIA = (r"Nachrichtenagentur|Agentur|Magazin|Nachrichtenmagazin|Zeitung|Tageszeitung|Wochenzeitung|Zeitschrift|"
            r"Sender|Nachrichtensender|Fernsehsender|Radiosender|Newsportal|Portal|Onlineportal|Fachmagazin|Blatt|"
            r"Boulevardblatt|Branchendienst|Wirtschaftsdienst|Plattform|Nachrichtenportal|[\w-]*Nachrichtensender")


@dataclass
class Found:
    """One attribution: who the document names as its source, and the words that say so."""

    kind: str  # marker | prose | markup
    pattern: str
    source: str | None
    url: str | None
    evidence: str
    start: int | None
    end: int | None
    confidence: float
    detail: dict[str, object] = field(default_factory=dict)
    # None for an outlet; study | journal | data | release | document for a source of another kind.
    source_kind: str | None = None


def clean_source(raw: str) -> str:
    text = raw.strip(TRIM)
    text = re.sub(r"\s+", " ", text)
    # "Foreign Policy magazine", "the Dawn newspaper": the name is what comes before.
    text = re.sub(r"\s+(?:magazine|newspaper|website|news\s+site|web\s*site|blog)$", "", text, flags=re.I)
    return text


def split_source(raw: str) -> tuple[str | None, str | None]:
    """(name, url) from a source written as a name, a domain or a URL."""
    text = clean_source(raw)
    if re.match(r"https?://", text):
        return (hostname_of(text) or "").removeprefix("www.") or None, text
    if looks_like_domain(text) and " " not in text:
        return text.lower().removeprefix("www."), None
    return text or None, None


RULES: list[tuple[str, str, re.Pattern[str], float, bool]] = []
"""(kind, pattern name, regex, confidence, needs a publication-like source)."""

# Words without which a rule cannot match: a rule whose words are all absent is not run,
# and a rule whose regex starts with the source name ("Reuters reported") is run only in a
# window before each of its words, never across the whole text.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "leading-tag": ("[",), "dateline": (") -", ")-", ") —", ") –", ")—", ")–"),
    "original-source": ("source", "originally from"), "source-line": ("source",), "via": ("via",),
    "hat-tip": ("h/t", "ht:", "hat tip", "hat-tip"), "originally-published": ("originally", "first"),
    "first-appeared": ("originally", "first"), "republished": ("publish", "print", "post", "syndicat"),
    "read-more-at": ("read", "continue"), "credit-line": ("courtesy", "credit", "copyright", "©", "(c)"),
    "with-inputs": ("with input", "with reporting"), "dash-credit": ("\n-", "\n—", "\n–", "\n -", "\n —"),
    "wrote-in": ("wrot", "writ", "argu", "note"), "op-ed-for": ("op-ed", "column", "article", "essay", "piece",
                                                              "commentary", "analysis"),
    "according-to": ("according",), "reported": ("reported", "reports", "broke the news", "writes", "wrote",
                                                   "said in a", "said in an", "said in its", "citing", "quoting"),
    "says": ("says", "said"), "cited-by": ("cited", "quoted", "citing"), "leaked-to": ("leaked",),
    "outlet-staff": ("journalist", "reporter", "correspondent", "crew", "team", "investigation", "analysis",
                     "report", "story", "tally", "count", "review", "poll", "survey", "exclusive", "interview"),
    "wie-berichtet": ("bericht",), "laut-bericht": ("bericht", "meldung"), "selon": ("selon", "après", "según"),
    "reported-by": ("reported", "revealed", "disclosed"), "told": ("told", "tell"),
    "interview-with": ("interview", "speaking", "comments to", "statement to", "mail to", "message to", "call with",
                       "call to", "letter to"),
    "report-by": ("report", "investigation", "analysis", "story", "study", "survey"),
}
SOURCE_FIRST = {"reported", "says"}


def rule(kind: str, name: str, regex: str, confidence: float, *, strict: bool, flags: int = 0) -> None:
    RULES.append((kind, name, re.compile(regex, flags), confidence, strict))


def rule_matches(pattern: str, regex: re.Pattern[str], text: str, folded: str) -> list[re.Match[str]]:
    """The rule's matches, looking only where its trigger words occur."""
    triggers = TRIGGERS.get(pattern, ())
    if triggers and not any(t in folded for t in triggers):
        return []
    if pattern not in SOURCE_FIRST:
        return list(regex.finditer(text))
    found: dict[int, re.Match[str]] = {}
    for trigger in triggers:
        for hit in re.finditer(re.escape(trigger), folded):
            window_start = max(0, hit.start() - 160)
            for match in regex.finditer(text, window_start, hit.end() + 20):
                found.setdefault(match.start(), match)
    return [found[k] for k in sorted(found)]


# --- markers ---
rule("marker", "leading-tag", r"(?m)^[ \t]*\[(?P<src>[A-Z][^\]\n]{1,60}?)\]", 0.9, strict=False)
# "HAYWARD, Calif. (AP) —", "Berlin/Frankfurt (dpa) -": a lowercase agency ("dpa") only when the registry knows it.
rule("marker", "dateline", rf"(?m)^[ \t]*(?:(?=[A-ZÀ-ÖØ-Þ]){PLACE},?[ \t]+)?(?:\([A-Z][\w .'-]*\)[ \t]*)?"
     rf"\((?P<src>{NAME}|[a-z]{{2,5}}(?:-[A-Za-z]{{2,5}})?)\)[ \t]*[-–—]", 0.9, strict=False)
rule("marker", "original-source", rf"(?im)^[ \t]*(?:original\s+source|originally\s+from|source\s+article)\s*:\s*{SOURCE}",
     0.95, strict=False)
rule("marker", "source-line", rf"(?m)^[ \t]*(?:Source|SOURCE|Sources)\s*:\s*{SOURCE}[ \t]*\.?[ \t]*$", 0.85, strict=False)
rule("marker", "via", rf"(?:^|[\s(—–-])(?:[Vv]ia|VIA)\s*:?\s+{SOURCE}", 0.75, strict=True)
rule("marker", "hat-tip", rf"(?:\b[Hh]/[Tt]|\bHT:|\b[Hh]at[ -]tip(?:\s+to)?)\s*:?\s*{SOURCE}", 0.8, strict=False)
rule("marker", "originally-published",
     rf"(?i:this\s+(?:article|story|piece|post|report|column|op-ed)\s+(?:was\s+)?(?:originally|first)\s+"
     rf"(?:published|appeared|ran|posted)\s+(?:by|on|in|at))\s+{SOURCE}", 0.95, strict=False)
rule("marker", "first-appeared", rf"(?i:(?:originally|first)\s+(?:appeared|published|ran)\s+(?:in|on|at|by))\s+{SOURCE}",
     0.9, strict=False)
rule("marker", "republished", rf"(?i:(?:re-?published|reprinted|re-?posted|syndicated)\s+(?:here\s+)?"
     rf"(?:with\s+(?:the\s+)?(?:kind\s+)?permission\s+)?(?:from|of|by)\s+)(?:(?:the\s+)?(?:publisher|authors?)\s+(?:of|at)\s+)?{SOURCE}",
     0.9, strict=False)
rule("marker", "read-more-at", rf"(?i:read\s+(?:the\s+)?(?:full|original|whole|rest\s+of\s+the)\s+"
     rf"(?:story|article|report|piece)?\s*(?:at|on|in)|read\s+more\s+at|continue\s+reading\s+(?:at|on))\s+{SOURCE}",
     0.85, strict=False)
# strict: a photographer's or a company's "© Name" is no publication; an agency's "© Reuters" is.
rule("marker", "credit-line", rf"(?m)^[ \t]*(?:\(|[-–—]{{1,2}}[ \t]*)?(?:Courtesy|Credit|Copyright|©|\(c\))\s*:?\s*"
     rf"(?:\d{{4}}\s+)?{SOURCE}\)?[ \t]*$", 0.85, strict=True)
rule("marker", "with-inputs", rf"(?im)^[ \t]*\(?(?:with\s+(?:inputs|input|reporting)\s+(?:from|by))\s+{SOURCE}", 0.85,
     strict=False)
# "... sneak into the US. PTI": an agency's initials closing the article's last paragraph (South Asian papers).
rule("marker", "closing-agency", r"(?m)(?<=[.!?”\"])[ \t]+(?P<src>[A-Z]{2,5})[ \t]*$", 0.8, strict=False)
rule("marker", "dash-credit", rf"(?m)^[ \t]*[-–—]{{1,2}}[ \t]*(?P<src>{NAME})[ \t]*$", 0.8, strict=True)
# --- prose ---
rule("prose", "wrote-in", rf"\b(?:wrote|writes|writing|argued|argues|noted|notes)\b(?:\s+(?:on|last|this)\s+(?:{MONTHS}|week|month|"
     rf"year|\w+day))?(?:\s+(?:in\s+)?(?:an?\s+)?(?:article|essay|column|op-ed|analysis|piece|commentary|report))?"
     rf"\s+(?:in|for)\s+{SOURCE}", 0.85, strict=True)
rule("prose", "op-ed-for", rf"\b(?i:in|on)\s+an?\s+(?:op-ed|column|article|essay|piece|commentary|analysis)\s+"
     rf"(?:published\s+)?(?:for|in|by)\s+{SOURCE}", 0.85, strict=True)
# "according to a report in X", "according to reports from X and Y": a report's publisher, known or not.
rule("prose", "according-to", rf"\b[Aa]ccording\s+to\s+(?P<rep>(?:an?\s+|the\s+)?(?:(?:new|recent|latest|earlier)\s+)?"
     rf"(?:reports?|story|stories|articles?|dispatch|reporting)\s+(?:by|in|from)\s+)?{LEAD}{SOURCE}", 0.8, strict=True)
rule("prose", "reported", rf"{SOURCE}(?:\s+(?:first\s+|also\s+|has\s+|had\s+|earlier\s+|previously\s+)?(?:reported|reports|"
     rf"writes|wrote|broke\s+the\s+news|said\s+in\s+(?:an?|its)\s+(?:report|story|article|dispatch|investigation|"
     rf"analysis))|,\s+(?:citing|quoting))\b", 0.8, strict=True)
# "The San Francisco Chronicle says": only for a name that is a news outlet's (PRESS_WORDS) or a known outlet.
rule("prose", "says", rf"{SOURCE}\s+(?:says|said)\b", 0.75, strict=True)
rule("prose", "cited-by", rf"\b(?:(?:cited|quoted)\s+(?:by|in)|citing|quoting)\s+{LEAD}{SOURCE}", 0.8, strict=True)
rule("prose", "leaked-to", rf"\bleaked\s+to\s+{LEAD}{SOURCE}", 0.8, strict=True)
# "An Associated Press journalist", "By CNN's count", "a New York Times investigation".
rule("prose", "outlet-staff", rf"\b(?:[Aa]n?|[Tt]he|[Bb]y|[Tt]o|[Ii]n)\s+(?P<src>{WORD}(?:{GAP}(?:{JOIN}{GAP})?{WORD}){{0,5}}?)"
     rf"(?:['’]s)?{GAP}(?:journalists?|reporters?|correspondents?|crew|investigation|analysis|report|reporting|"
     rf"tally|count|review|poll|survey|exclusive|interview)\b", 0.8, strict=True)
# French and Spanish: "selon l'agence Reuters", "d'après les informations de X", "según informaciones de la agencia
# de noticias BelTA": a person after "selon" is as common as an outlet, so the name must be an outlet's.
rule("prose", "selon", rf"\b(?:[Ss]elon|[Dd]['’]après|[Ss]egún)\s+(?P<rep>(?:les\s+informations|une?\s+(?:article|information|"
     rf"reportage|dépêche|enquête)|informaciones|(?:una?\s+)?(?:informe|nota|artículo|reportaje|despacho))\s+"
     rf"(?:de\s+la\s+|de\s+l['’]|de|du|d['’]|del)\s*)?(?:(?:la|le|les|l['’]|el|los)\s*)?"
     rf"(?P<media>(?:{ROMANCE_MEDIA})\s+(?:de\s+noticias\s+)?(?:locale?\s+)?)?{SOURCE}", 0.8, strict=True)
# German: "Wie der SWR berichtete", "wie die Nachrichtenagentur Ansa berichtete", "laut einem Bericht von Reuters".
rule("prose", "wie-berichtet", rf"\b[Ww]ie\s+(?:(?:der|die|das|den|dem)\s+)?(?P<media>(?:{DE_MEDIA})\s+)?{SOURCE}"
     rf"(?:\s+(?:am|vom|im|in|bereits|zuerst|kürzlich|jüngst|gestern|heute)(?:\s+[\w.]+){{1,2}})?\s+"
     rf"(?:berichtet|berichtete|berichteten|meldete|meldet)\b", 0.8, strict=True)
rule("prose", "laut-bericht", rf"\b(?:[Ll]aut\s+)?(?:einem|einer|dem|den)\s+(?:\w+\s+)?(?:Bericht|Berichten|Meldung)"
     rf"\s+(?:von|des|der|im|in)\s+(?:(?:der|die|das|dem)\s+)?(?P<media>(?:{DE_MEDIA})\s+)?{SOURCE}", 0.8, strict=True)
rule("prose", "reported-by", rf"\b(?:as\s+)?(?:first\s+)?(?:reported|revealed|disclosed)\s+(?:earlier\s+)?(?:by|in)\s+{SOURCE}",
     0.8, strict=True)
rule("prose", "told", rf"\b(?:told|tells|telling)\s+{SOURCE}", 0.85, strict=True)
rule("prose", "interview-with", rf"\b(?i:in\s+an?\s+(?:exclusive\s+|phone\s+|telephone\s+|brief\s+)?interview\s+with|"
     rf"speaking\s+(?:to|with)|in\s+comments\s+to|in\s+an?\s+(?:statement|email|e-mail|text\s+message|letter|"
     rf"phone\s+call)\s+(?:to|with))\s+{SOURCE}", 0.85, strict=True)
rule("prose", "report-by", rf"\b(?i:an?\s+(?:new\s+|recent\s+|latest\s+)?(?:report|investigation|analysis|story|study|survey)"
     rf"\s+(?:published\s+)?(?:by|from|in))\s+{SOURCE}", 0.8, strict=True)


IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def plausible(name: str | None, *, strict: bool, pattern: str) -> bool:
    if not name:
        return False
    folded = name.casefold().strip()
    if folded in NOT_SOURCES or len(folded) < 2 or (
            re.fullmatch(r"[\d\W]+", folded) and not IPV4.fullmatch(folded)):  # (a URL's host may be an address)
        return False
    if re.fullmatch(MONTHS, name, flags=re.I) or re.match(rf"(?:{MONTHS})\b", name):
        return False
    if pattern == "dateline" and name[0].islower() and not known_outlet(name) and not looks_like_domain(name):
        return False  # "(dpa)" is an agency; "(ots)" or "(red)" is no outlet we know
    if pattern == "leading-tag":
        # "[KhaamaPress]" yes; "[Editor's note: ...]" and "[Updated 3pm]" no.
        return len(name.split()) <= 5 and not re.search(r"\d", name) and ":" not in name
    if not strict:
        return True
    if pattern in ("says", "outlet-staff"):
        return press_like(name, says=pattern == "says")
    return publication_like(name)


def exact_outlets(name: str) -> list[Entry]:
    """Registry outlets this name is the whole name or an alias of ("Apple" is not Apple News)."""
    keys = name_keys(name)
    if not keys:
        return []
    return [e for e in registry().by_key.get(keys[0], [])
            if any(name_keys(label)[:1] == keys[:1] for label in (e.name, *e.aliases))]


OPENING_WORD = re.compile(r"(?:As|But|And|So|Now|Then|Meanwhile|Also|However|Earlier|Later|Yesterday|Today|While|When|After|"
                          r"Before|Since|Because|If|Though|Although|Still|Yet|Indeed|Instead|Separately|Elsewhere)[^\S\n]+")


def possessor(name: str) -> str:
    """The owner in a possessive: "By CNN's count" -> CNN, "The Verge's Stadia review" -> The Verge;
    a name that has the possessive in it stays ("Tom's Guide", "People's Daily")."""
    head = re.split(r"['’]s(?:\s|$)", name + " ", maxsplit=1)[0].strip()
    if head == name or known_outlet(name):
        return name
    return head if not name[len(head) + 2:].strip() or publication_like(head) else name


def press_like(name: str, *, says: bool) -> bool:
    """A news outlet's name, not a government's, a think tank's or a person's: an outlet of the registry
    named in full (for "says", one of more than one word, or an acronym: "Bloomberg said" is as often the
    man), or a name ending in a press word ("The San Francisco Chronicle")."""
    words = [w.lower().strip("’'") for w in re.findall(r"[A-Za-z’']+", name)]
    if words and words[-1] in PRESS_WORDS and not (says and words[-1] == "news"):
        return True  # ("The Fake News said": "news" is a word of everyday speech too)
    bare = re.sub(r"^[Tt]he\s+", "", name.strip())
    if says and " " not in bare and not bare.isupper():
        return False
    return any(e.kind not in ("think-tank", "government") for e in exact_outlets(name))


# US broadcasters' call signs: "WMUR", "KTLA", "WABC-TV" (four letters: "WHO" and "WTO" are not stations).
CALL_SIGN = re.compile(r"[KW][A-Z]{3}(?:-(?:TV|FM|AM|DT))?")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“”])$")
ROLE_BEFORE = re.compile(r"(?i)\b(?:reporter|correspondent|journalist|writer|columnist|editor|analyst|spokes(?:man|woman|person)|"
                         r"host|anchor|insider|critic|author|officer|official|producer|photographer)[^\S\n]+$")
# What a company reports ("Home Depot reported sales of ..."): results, not a story.
RESULTS_AFTER = re.compile(r"(?i)^[^\S\n]*(?:(?:a|an|its|their|the)[^\S\n]+)?(?:(?:net|quarterly|record|annual|higher|lower|strong|"
                           r"weak|first|second|third|fourth)[\w-]*[^\S\n]+){0,2}(?:revenues?|earnings|profits?|loss(?:es)?|sales|"
                           r"income|results|growth|deliveries|[$€£¥]|\d)")
# Words of official bodies: a name with one is not taken for an unknown outlet.
OFFICIAL_WORDS = {"police", "department", "ministry", "commission", "office", "council", "court", "government",
                  "administration", "authority", "board", "committee", "house", "senate", "congress", "parliament",
                  "services", "agency", "institute", "university", "school", "hospital", "county", "city", "state"}
# Where an unknown name may stand as an outlet: the verbs of reporting, and "a report from X".
UNKNOWN_OK = {"reported", "according-to", "wie-berichtet", "laut-bericht"}


def unknown_outlet(text: str, match: re.Match[str], name: str, pattern: str, *, lenient: bool) -> bool:
    """A name no registry knows, credited as an outlet ("Rolling Stone reported", "WMUR reports",
    "according to reports from The Wrap"): an unverified outlet, unless it reads as a person or a company."""
    bare = name.strip()
    start = match.start("src")
    before = text[max(0, start - 3):start].rstrip(" \t")
    # A capitalised "The" inside a sentence is part of a title: "according to The Hollywood Reporter".
    titled = bare.startswith("The ") and bool(before) and not SENTENCE_START.search(before)
    if pattern not in UNKNOWN_OK or (pattern != "reported" and not lenient and not titled):
        return False
    if CALL_SIGN.fullmatch(bare):
        return True
    if not context.name_shaped(bare) or re.search(r"\d|['’]s\b", bare):
        return False
    if ROLE_BEFORE.search(text[max(0, start - 40):start]) or re.search(r"\w['’]s?[^\S\n]+$", text[max(0, start - 40):start]):
        return False  # "reporter Jane Doe", "Axios' Kaveh Waddell reports": a person (of an outlet named before)
    if pattern == "reported" and (RESULTS_AFTER.match(text[match.end():match.end() + 60])
                                  or not re.search(r"(?i)\breport", match.group(0)[len(match.group("src")):])):
        return False  # "Home Depot reported sales of"; "William Niskanen writes": people write
    if {w.casefold() for w in bare.split()} & OFFICIAL_WORDS:
        return False  # "Indiana State Police reported": an official body (figures), not an outlet
    words = bare.split()
    if titled:
        return len(words) > 1  # "The Wrap", "The Hollywood Reporter": people are not "The"
    if words[0] in ("The", "the"):
        words = words[1:]  # "The Fed reported" opening a sentence: "The" says nothing
    if len(words) <= 1:
        return False  # "Smith reported", "Apple reported": a surname or a company as often as an outlet
    # "Jane Doe reported ... Doe said": a person's surname comes back alone.
    last = re.escape(words[-1])
    alone = [m for m in re.finditer(rf"\b{last}\b", text) if not re.search(
        rf"{re.escape(words[-2])}[^\S\n]+$", text[max(0, m.start() - 40):m.start()])]
    return not alone


def outlet_in_name(name: str) -> str | None:
    """The known outlet closing a name read as one ("Jane Doe of CNN"), when the whole is no outlet."""
    head, join, tail = re.split(r"\s+(of|de|du|del)\s+", name, maxsplit=1)[-3:] if re.search(
        r"\s(?:of|de|du|del)\s", name) else ("", "", "")
    if not tail or known_outlet(name) or publication_like(head) or not exact_outlets(tail):
        return None
    return tail


def outlet_of_person(text: str, end: int) -> tuple[str, int] | None:
    """(name, where it starts) of the outlet in "via Brian Batko of the Pittsburgh Post-Gazette" (after END)."""
    hop = re.match(rf"{GAP}(?:of|de|du|del){GAP}(?:the{GAP}|la{GAP}|el{GAP})?", text[end:])
    named = NAME_AT.match(text, end + hop.end()) if hop else None
    if named is None or not publication_like(trim_name(clean_source(named.group(0)))):
        return None
    return named.group(0), end + hop.end()  # type: ignore[union-attr]


def find_attributions(text: str) -> list[Found]:
    """Markers and prose in the text that name this document's sources.

    Returns:
        Findings in text order; overlapping findings of one source are kept once.
    """
    found: list[Found] = []
    folded = text.casefold()
    for kind, pattern, regex, confidence, strict in RULES:
        for match in rule_matches(pattern, regex, text, folded):
            raw = match.group("src")
            src_start = match.start("src")
            evidence_end = src_start + len(raw.rstrip(TRIM)) + (1 if pattern == "leading-tag" else 0)
            name, url = split_source(raw)
            lead = OPENING_WORD.match(raw) if pattern in SOURCE_FIRST else None
            if lead and name and len(name.split()) > 1:
                # "As AnandTech reports": the sentence's first word is not the outlet's.
                raw, src_start = raw[lead.end():], src_start + lead.end()
                name = split_source(raw)[0]
            if name and not url and pattern != "leading-tag":
                name = trim_name(possessor(name))
                if kind == "prose" and (tail := outlet_in_name(name)) is not None:
                    # "according to Jane Doe of CNN", "d'après Matthew Kupfer de CBC": the reporter's outlet.
                    at = raw.rfind(tail)
                    raw, src_start, name = raw[at:], src_start + at, tail
            # "according to a report from X", "wie die Nachrichtenagentur X berichtete": X is a publisher.
            lenient = any(g in regex.groupindex and match.group(g) for g in ("rep", "media"))
            also: list[tuple[str, int]] = []
            if kind == "prose" and name and not url and " and " in name and not known_outlet(name):
                # "reports from The Wrap and Deadline": two outlets, each judged alone.
                first, _, second = name.partition(" and ")
                also = [(second, src_start + raw.find(" and ") + 5)]
                name = first
                raw = raw[:raw.find(" and ")]
                evidence_end = src_start + len(raw.rstrip(TRIM))
            if kind == "prose" and (after := outlet_after_media_noun(text, evidence_end)) is not None:
                # "told Australian magazine Stellar": the outlet is the name after the kind of outlet.
                raw, src_start = after
                name, url = trim_name(clean_source(raw)), None
                evidence_end = src_start + len(raw.rstrip(TRIM))
            elif plausible(name, strict=strict and not lenient, pattern=pattern) or (
                    name and unknown_outlet(text, match, name, pattern, lenient=lenient)):
                pass
            elif strict and name and not url and (hop := outlet_of_person(text, evidence_end)) is not None:
                # "via Brian Batko of the Pittsburgh Post-Gazette": the reporter's outlet.
                raw, src_start = hop
                name = trim_name(clean_source(raw))
                evidence_end = src_start + len(raw.rstrip(TRIM))
            else:
                continue
            start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
            name_end = src_start + name_length(text, src_start, name or "", raw)
            if refused(pattern, text, match, name or "", name_end, url=url):
                continue
            if pattern in ("says", "outlet-staff"):
                evidence_end = max(evidence_end, match.end())
            found.append(Found(kind, pattern, name, url, text[start:evidence_end], start, evidence_end, confidence))
            for other, at in also:
                other_name = trim_name(clean_source(other))
                if plausible(other_name, strict=strict and not lenient, pattern=pattern) or unknown_outlet(
                        text, match, other_name, pattern, lenient=lenient):
                    stop = at + len(other.rstrip(TRIM))
                    found.append(Found(kind, pattern, other_name, None, text[at:stop], at, stop, confidence))
    found += outlet_lists(text) + described_outlets(text)
    return with_kinds(text, [named_in_full(text, f) for f in dedupe(found)])


# Nouns that say a name is a news outlet's: in a list ("... publications have carried the news") or in
# an apposition ("the People's Daily, the party's mouthpiece, warned").
MEDIA_NOUNS = (r"publications?|outlets?|media|newspapers?|papers?|dailies|daily|weekl(?:y|ies)|tabloids?|"
               r"(?:news|press|wire|state)\s+(?:sites?|websites?|agenc(?:y|ies)|services?|channels?|organi[sz]ations?|"
               r"portals?)|(?:cable|television|TV|news|broadcast|radio)\s+(?:networks?|stations?)|channels?|"
               r"broadcasters?|magazines?|mouthpieces?|news")
LIST_VERB = r"(?:carried|reported|covered|picked\s+up|ran|run|published)"
LIST_SEP = rf"(?:,{GAP}(?:and{GAP}|to{GAP})?|{GAP}(?:and|to){GAP})"
OUTLET_LIST = re.compile(rf"(?P<list>{NAME}(?:{LIST_SEP}{NAME}){{1,8}})(?P<tail>[^.!?\n]{{0,100}}?)"
                         rf"\b(?:(?:have|has|had){GAP})?(?:(?:all|also|widely){GAP})?{LIST_VERB}\b")


def outlet_lists(text: str) -> list[Found]:
    """Outlets named in a list that carried a story: "From The Daily Ledger to the Harbour Post, major
    publications have carried the news", "The Ledger, the Post and the Courier all reported it".

    A list of two names or more before "carried", "reported", "covered" or "picked up" in one sentence;
    each name a known news outlet, or any name when the sentence calls them publications, outlets,
    newspapers or the media. One finding per outlet, its name as evidence.
    """
    out: list[Found] = []
    folded = text.casefold()
    if not re.search(r"carried|reported|covered|picked up|\bran\b|\brun\b|published", folded):
        return out
    for verb in re.finditer(rf"\b{LIST_VERB}\b", text):
        left, _ = source_kinds.sentence_around(text, verb.start(), verb.end())
        match = OUTLET_LIST.search(text, left, verb.end())
        if match is None or match.end() != verb.end():
            continue
        media = re.search(rf"(?i)\b(?:{MEDIA_NOUNS})\b", match.group("tail")) is not None
        names = []
        for raw, at in list_items(match.group("list"), match.start("list")):
            name = trim_name(clean_source(raw))
            names.append((re.sub(r"^(?:[Ff]rom|[Tt]he)[^\S\n]+(?:the[^\S\n]+)?", "", name), at, raw))
        known = [n for n, _, _ in names if any(e.kind != "government" for e in exact_outlets(n))]
        if len(names) < 2 or not (media or len(known) == len(names)):
            continue
        for name, at, raw in names:
            if not (media and context.name_shaped(name)) and name not in known:
                continue
            if name.casefold() in NOT_SOURCES or re.fullmatch(MONTHS, name):
                continue
            stop = at + len(raw.rstrip(TRIM))
            out.append(Found("prose", "outlet-list", name, None, text[at:stop], at, stop, 0.75))
    return out


def list_items(words: str, offset: int) -> list[tuple[str, int]]:
    """The names of a list ("A, B and C", "from A to B to C") with where each starts; "X and Y" stays one
    name when it is an outlet's ("The Post and Courier")."""
    items: list[tuple[str, int]] = []
    at = 0
    for sep in [*re.finditer(rf"{LIST_SEP}", words), None]:
        stop = sep.start() if sep else len(words)
        piece = words[at:stop]
        if " and " in piece and not exact_outlets(piece.strip()):
            first, _, second = piece.partition(" and ")
            items += [(first, offset + at), (second, offset + at + len(first) + 5)]
        elif piece.strip():
            items.append((piece, offset + at))
        at = sep.end() if sep else stop
    return items


DESCRIBED = re.compile(rf"(?P<src>{NAME}),{GAP}(?P<desc>(?:the|a|an|its|their|Beijing['’]s|[A-Z][a-z]+['’]s){GAP}"
                       rf"(?:(?!(?:at|of|for|with|from|in|on|by|to|who|which|that)\b)[\w’'-]+{GAP}){{0,4}}"
                       rf"(?:{MEDIA_NOUNS})\b[^,;\n]{{0,60}}?),{GAP}"
                       rf"(?:(?:has|had|also|first|earlier){GAP})?"
                       rf"(?:reported|reports|wrote|writes|said|says|warned|warns|noted|notes|claimed|claims|added|"
                       rf"argued|argues|insisted|revealed|disclosed|declared|stated|editorialized|editorialised)\b")


def described_outlets(text: str) -> list[Found]:
    """An outlet described in an apposition as one before its verb: "the People's Daily, the party's
    mouthpiece, warned", "Kommersant, a business daily, reported". The apposition's head noun must call it a
    publication (a newspaper, daily, agency, mouthpiece, channel...), before any "of", "at" or "who":
    "Jane Doe, the company's chief, said" and "Tom Reed, a reporter at the paper, said" are speakers."""
    out: list[Found] = []
    for comma in re.finditer(r",[^\S\n]+(?:the|a|an|its|their|[A-Z][a-z]+['’]s)[^\S\n]", text):
        window = max(0, comma.start() - 120)
        for match in DESCRIBED.finditer(text, window, min(len(text), comma.end() + 200)):
            if match.end("src") != comma.start():
                continue
            raw = match.group("src")
            lead = OPENING_WORD.match(raw)
            at = match.start("src") + (lead.end() if lead else 0)
            name = trim_name(possessor(clean_source(text[at:match.end("src")])))
            name = re.sub(r"^(?:The|the)[^\S\n]+", "", name)
            if not name or not context.name_shaped(name) or context.titled_person(text, match.end("src"), name):
                continue
            out.append(Found("prose", "described-outlet", name, None, text[at:match.end()], at, match.end(), 0.75))
            break
    return out


def named_in_full(text: str, found: Found) -> Found:
    """"The Chronicle says" after "The San Francisco Chronicle says", "the Journal" after "The Wall Street
    Journal": a short name stands for the outlet the page named in full before it, not for whichever
    paper of that name the registry knows. The words as written stay in `detail["written"]`."""
    if found.url or not found.source or found.start is None:
        return found
    words = found.source.split()
    bare = words[1:] if words[0].casefold() == "the" else words
    if len(bare) != 1 or not bare[0][:1].isupper() or looks_like_domain(bare[0]):
        return found
    before = text[max(0, found.start - 20000):found.start]
    fuller = None
    for match in re.finditer(rf"(?<![\w’'])(?:[A-Z][\w.'’&-]*[^\S\n]+){{1,4}}{re.escape(bare[0])}\b", before):
        name = re.sub(r"^(?:The|the)[^\S\n]+", "", match.group(0))
        if name != bare[0] and exact_outlets(name):
            fuller = name  # the nearest earlier one wins
    if fuller is None:
        return found
    return Found(found.kind, found.pattern, fuller, None, found.evidence, found.start, found.end, found.confidence,
                 {**found.detail, "written": found.source})


# Shapes a news outlet takes too: "Reuters reported", "according to a report by The Times" are outlet credits.
OUTLET_READING = {"according-to-body", "body-reported", "org-found", "report-by", "said-in-document",
                  "released-report", "report-released-by"}


def bare_name(name: str | None) -> str:
    return re.sub(r"^the\s+", "", " ".join((name or "").casefold().split()))


def with_kinds(text: str, found: list[Found]) -> list[Found]:
    """FOUND with the named studies, journals, data, releases and documents of the text (source_kinds.py).

    A finding of another kind wins over an outlet finding it overlaps ("a study by the X Institute"
    is the institute's study); a "Source: X" line naming an organisation that is no known outlet is
    data (the line under a chart or a table of figures).
    """
    kinds = []
    for k in source_kinds.find_kinds(text):
        if k.pattern in OUTLET_READING and news_outlet(k.source):
            continue
        overlapping = [f for f in found if f.start is not None and f.end is not None and f.source_kind is None
                       and f.start < k.end and k.start < f.end]
        same = [f for f in overlapping if bare_name(f.source) == bare_name(k.source)]
        if same:
            # The outlet rule read the same words ("according to the World Health Organization"): it is
            # that finding, of the kind the words say.
            same[0].source_kind = k.source_kind
            continue
        kinds.append(Found("prose", f"{k.source_kind}-{k.pattern}", k.source, None, text[k.start:k.end], k.start,
                           k.end, k.confidence, source_kind=k.source_kind))
    kept = [f for f in found if f.start is None or f.source_kind is not None or not any(
        k.start is not None and f.start < (k.end or 0) and k.start < (f.end or 0) for k in kinds)]
    for f in kept:
        if (f.pattern == "source-line" and f.source and not f.url and not news_outlet(f.source)
                and source_kinds.org_like(f.source) and not looks_like_domain(f.source)):
            f.source_kind = "data"
    return sorted(kept + kinds, key=lambda f: (f.start or 0, f.end or 0))


NAME_AT = re.compile(NAME)


def outlet_after_media_noun(text: str, end: int) -> tuple[str, int] | None:
    """(name, where it starts) of a publication named after a kind of outlet ("magazine Stellar")."""
    at = context.named_after_media_noun(text, end)
    if at is None:
        return None
    named = NAME_AT.match(text, at)
    if named is None:
        return None
    # After "magazine", "newspaper", "broadcaster" the name is a publication's, known or not.
    return (named.group(0), at) if plausible(trim_name(clean_source(named.group(0))), strict=False,
                                             pattern="") else None


def name_length(text: str, at: int, name: str, raw: str) -> int:
    """How many characters of the text from AT the (trimmed) name takes."""
    words = name.split()
    if words:
        spelled = re.match(r"[^\S\n]*" + r"\s+".join(map(re.escape, words)), text[at:at + len(raw) + 5])
        if spelled:
            return spelled.end()
    return len(raw.rstrip(TRIM))


def refused(pattern: str, text: str, match: re.Match[str], name: str, end: int, *, url: str | None) -> str | None:
    """Why a match that names a plausible source still credits none, judged by its surroundings."""
    start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    if context.titled_person(text, end, name):
        return "person"
    if pattern == "credit-line":
        return context.picture_credit(text, start, end, name)
    if pattern == "via":
        keyword = match.start() + match.group(0).casefold().find("via")
        return context.via_means(text, keyword, end, (host_of(url) if url else None) or name)
    if pattern == "dash-credit":
        return context.dash_list(text, start, end, name)
    if pattern == "closing-agency":
        if not any(e.kind == "wire" for e in exact_outlets(name)):
            return "not-an-agency"
        return "inside-the-text" if any(context.prose_line(line) for line in text[end:].split("\n")) else None
    if pattern == "leading-tag":
        return context.bracket_label(text, start, end + 1, name)
    if pattern == "dateline" and re.match(r"[^\S\n]*[-–—]+[^\S\n]*[a-zäöüß]", text[match.end("src") + 1:]):
        return "no-sentence-after"  # "Flüssiggas (LPG) - nicht zu verwechseln": a gloss, not a dateline
    if pattern == "dateline":
        return context.dateline_place(text, match.start("src"), end, name, known=publication_like(name))
    if pattern == "first-appeared":
        return context.first_published_in(text, start, end, name)
    if pattern in ("told", "interview-with") and context.told_listeners(text, end):
        return "listeners"
    return None


def trim_name(name: str) -> str:
    """Drop trailing words that are not part of a name: "Foreign Policy that" -> "Foreign Policy"; a day
    or a month written after it: "The Associated Press on Thursday", "the Argus Leader Monday"; the
    town after a known outlet: "the Argus Leader of Sioux Falls"."""
    words = name.split()
    while len(words) > 1 and ((words[-1][0].islower() and not looks_like_domain(words[-1]))
                              or re.fullmatch(MONTHS, words[-1].strip(".,"))):
        words.pop()
    trimmed = " ".join(words)
    head, of, _ = trimmed.partition(" of ")
    if of and " " in head.strip() and not known_outlet(trimmed) and exact_outlets(head):
        return head
    return trimmed


def dedupe(found: list[Found]) -> list[Found]:
    """One finding per overlapping span: the longer evidence wins, then the higher confidence."""
    found.sort(key=lambda f: (f.start or 0, -(f.end or 0) + (f.start or 0), -f.confidence))
    out: list[Found] = []
    for item in found:
        overlaps = out and item.start is not None and out[-1].end is not None and item.start < out[-1].end
        same = overlaps and (item.source or "").casefold() == (out[-1].source or "").casefold()
        if overlaps and (same or item.confidence <= out[-1].confidence):
            continue
        out.append(item)
    return out


# --- markup ---

ARTICLE_PATH = re.compile(r"/[^/]*[a-z0-9][-_][a-z0-9][^/]*|/\d{4,}|\?(?:p|id|story|article)=\d+", re.I)


def audit_url(target: str, page_url: str | None) -> str | None:
    """Why a markup URL is not believed: it points at the page itself, or is no article."""
    parts, host = split(target), hostname_of(target)
    if parts is None or parts.scheme not in ("http", "https") or not host:
        return "not-a-url"
    page = split(page_url)
    if page is not None:
        # The real hosts, never the netloc (`www.reuters.com@example.org` is on example.org), and one site
        # under one registered domain: "money.udn.com" and "udn.com", an IDN and its punycode.
        same = site_of(host) == site_of(hostname_of(page_url) or "")
        if same and parts.path.rstrip("/") == page.path.rstrip("/"):
            return "self"
        if same:
            return "same-site"
    if parts.path.strip("/") == "" or not ARTICLE_PATH.search(parts.path + ("?" + parts.query if parts.query else "")):
        return "not-an-article"
    return None


def markup_attributions(page: str | lxml_html.HtmlElement, page_url: str | None) -> list[Found]:
    """Canonical and og:url on another domain, original-source and syndication-source tags,
    and schema.org isBasedOn / citation / sourceOrganization, each audited.

    A tag pointing at the page itself, at its own site, or at something that is
    not an article is recorded with `detail["audit"]` and a low confidence: it
    is evidence about the page's markup, not about its source.
    """
    tree = parse(page)
    if tree is None:
        return []
    found: list[Found] = []
    # A saved page has no address of its own; the site its own links go to stands in for it.
    own_site = None if page_url else linked_site(tree)

    def add(pattern: str, target: str, evidence: str, confidence: float, name: str | None = None) -> None:
        try:
            url = urljoin(page_url or "", target.strip()) if target else None
            audit = audit_url(url, page_url) if url else None
        except ValueError:  # the tag's address (or the page's) does not parse: no address at all
            return
        if audit is None and url and own_site and site_of(host_of(url) or "") == own_site:
            audit = "same-site"
        if audit in ("self", "same-site") and pattern in ("canonical", "og:url"):
            return  # an ordinary page pointing at its own address: no source named
        host = (hostname_of(url) or "").removeprefix("www.") if url else None
        found.append(Found("markup", pattern, name or host, url, evidence[:300], None, None,
                           0.2 if audit else confidence, {"audit": audit} if audit else {}))

    for link in tree.xpath('//link[@rel and @href]'):
        if "canonical" in (link.get("rel") or "").lower().split():
            add("canonical", link.get("href"), lxml_html.tostring(link, encoding="unicode").strip(), 0.85)
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        tag = lxml_html.tostring(meta, encoding="unicode").strip()
        if key == "og:url":
            add("og:url", meta.get("content"), tag, 0.8)
        elif key in ("original-source", "syndication-source"):
            add(key, meta.get("content"), tag, 0.9 if key == "original-source" else 0.85)
    for obj in jsonld_objects(tree):
        for key, pattern in (("isBasedOn", "isBasedOn"), ("isBasedOnUrl", "isBasedOn"),
                             ("citation", "citation"), ("sourceOrganization", "sourceOrganization")):
            for value in as_list(obj.get(key)):
                url, name = jsonld_target(value)
                evidence = f'"{key}": {json.dumps(value, ensure_ascii=False)[:250]}'
                if url:
                    add(pattern, url, evidence, 0.85, name)
                elif name:
                    found.append(Found("markup", pattern, name, None, evidence, None, None, 0.7))
    return found


def host_of(url: str) -> str | None:
    """The host of a URL written on a page, or None when it has none or cannot be read."""
    return hostname_of(url if "://" in url else "https://" + url)


# Platforms where each subdomain is a site of its own.
HOSTED_SITES = {"blogspot.com", "wordpress.com", "tumblr.com", "medium.com", "substack.com", "github.io",
                "wixsite.com", "weebly.com", "over-blog.com", "livejournal.com", "hypotheses.org", "typepad.com",
                "jimdofree.com", "jimdo.com", "webnode.com", "blogger.com", "home.blog", "forumieren.com",
                "ghost.io", "netlify.app", "canalblog.com", "blogs.com", "squarespace.com", "hatenablog.com"}
SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gob", "nic"}


def site_of(host: str) -> str:
    """The registered domain of a host: "money.udn.com" -> "udn.com", "news.bbc.co.uk" -> "bbc.co.uk"."""
    labels = host.lower().removeprefix("www.").rstrip(".").split(".")
    with contextlib.suppress(UnicodeError):  # a broken punycode label stays as written
        labels = [label.encode("ascii").decode("idna") if label.startswith("xn--") else label for label in labels]
    if all(label.isdigit() for label in labels):
        return ".".join(labels)  # an IP address is one site
    keep = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2 else 2
    if ".".join(labels[-keep:]) in HOSTED_SITES:
        keep += 1  # "someone.wordpress.com" is someone's own site
    return ".".join(labels[-keep:])


def linked_site(tree: lxml_html.HtmlElement) -> str | None:
    """The site a page's own links go to, when one site clearly has most of them: ten links or
    more, twice as many as any other site (a syndicated copy links to its copier's own pages;
    a page that links mostly to the article's source, as some portals do, does not pass the margin)."""
    counts: dict[str, int] = {}
    for href in tree.xpath("//a/@href"):
        if href.startswith(("http://", "https://", "//")) and (host := host_of(href.removeprefix("//"))):
            site = site_of(host)
            counts[site] = counts.get(site, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < 10 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def as_list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def jsonld_target(value: object) -> tuple[str | None, str | None]:
    if isinstance(value, str):
        return (value, None) if value.startswith("http") else (None, value)
    if isinstance(value, dict):
        url = value.get("url") or value.get("@id")
        name = value.get("name")
        publisher = value.get("publisher")
        if not name and isinstance(publisher, dict):
            name = publisher.get("name")
        good_url = url if isinstance(url, str) and url.startswith("http") else None
        return good_url, name if isinstance(name, str) else None
    return None, None


# --- bylines ---

def wire_agency(name: str) -> tuple[str, str] | None:
    """The agency a byline names when the byline is the agency ("By Reuters", "AP Auto Writer",
    "David Hutzler, dpa"), else None: the registry's wire services only, named by the whole of a
    byline or of one of its comma-separated parts, a role ("Staff", "Correspondent") aside.
    Returns (the agency as the byline spells it, its registry name)."""
    text = re.sub(r"(?i)^\s*(?:by|von|par|por|di|de)\s+", "", name.strip())
    parts = [text, *(p.strip() for p in text.split(",")[1:] if "," in text)]
    parts += [p for p in (text.split(",")[0].strip(),) if "," in text]
    reg = registry()
    for part in parts:
        bare = BYLINE_ROLE.sub("", part).strip(TRIM)
        if not bare or len(bare.split()) > 5:
            continue
        keys = name_keys(bare)
        entries = reg.by_key.get(keys[0], []) if keys else []
        if len(entries) == 1 and entries[0].kind == "wire":
            return bare, entries[0].name
    return None


def byline_credits(authors: list[str]) -> list[Found]:
    """Wire bylines as credits: a piece whose author is an agency is the agency's copy.

    Args:
        authors: the document's authors as extracted (metadata or byline).

    Returns:
        One `marker` finding (pattern `byline`) per agency named, with the byline as evidence and no
        offsets (a byline is read from the page's markup or header, not from its text). On the
        agency's own site the store marks it as the document's own outlet (self).
    """
    found: list[Found] = []
    seen: set[str] = set()
    for author in authors:
        agency = wire_agency(author)
        if agency and agency[1] not in seen:
            seen.add(agency[1])
            found.append(Found("marker", "byline", agency[0], None, author[:300], None, None, 0.85))
    return found


# --- a credit of a name known to be an outlet ---

# The credit phrases of the rules above, before or after a name (read at line ends as well as in prose).
NAMED_CUES: list[tuple[str, str, str]] = [
    ("marker", "via", r"(?:^|(?<=[\s(—–-]))(?:[Vv]ia|VIA)\s*:?[^\S\n]+"),
    ("marker", "first-appeared", r"(?i:(?:originally|first)\s+(?:published|appeared|ran|posted)\s+(?:by|on|in|at)\s+)"),
    ("marker", "republished", r"(?i:(?:re-?published|reprinted|re-?posted|syndicated)\s+(?:here\s+)?"
                              r"(?:with\s+(?:the\s+)?(?:kind\s+)?permission\s+)?(?:from|of|by)\s+)"),
    ("marker", "read-more-at", r"(?i:read\s+(?:the\s+)?(?:full|original|whole|rest\s+of\s+the)\s+(?:story|article|report|piece)?"
                               r"\s*(?:at|on|in)\s+|read\s+more\s+(?:at|on)\s+|continue\s+reading\s+(?:at|on)\s+)"),
    ("marker", "source-line", r"(?im:^[ \t]*(?:original\s+)?sources?\s*:\s*)"),
    ("marker", "leading-tag", r"(?m:^[ \t]*\[)"),
    ("prose", "according-to", r"\b[Aa]ccording\s+to\s+"),
    ("prose", "reported-by", r"\b(?:first\s+)?(?:reported|revealed|disclosed)\s+(?:earlier\s+)?(?:by|in)\s+"),
]
NAMED_AFTER = r"[^\S\n]+(?:first\s+|also\s+|has\s+|had\s+|earlier\s+)?(?:reported|reports)\b"


def credit_naming(text: str, name: str) -> Found | None:
    """The first credit phrase in TEXT naming NAME, an outlet the caller knows ("via The Civic Lamp",
    "Read the full story at The Harbour Ledger", "The Civic Lamp reported"), whether or not the name
    reads like a publication: the rules above need that of names they do not know.

    Returns:
        The finding (evidence: the cue and the name, with offsets), or None.
    """
    words = name.split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    if not words or not text:
        return None
    spelled = r"(?:[Tt]he[^\S\n]+)?" + r"[^\S\n]+".join(map(re.escape, words)) + r"(?![\w-])"
    found: list[Found] = []
    for kind, pattern, cue in NAMED_CUES:
        match = re.search(cue + f"(?P<src>{spelled})", text)
        if match:
            end = match.end("src") + (1 if pattern == "leading-tag" else 0)
            found.append(Found(kind, pattern, name, None, text[match.start():end].strip(), match.start(), end, 0.75))
    match = re.search(rf"(?<![\w-]){spelled}{NAMED_AFTER}", text)
    if match:
        found.append(Found("prose", "reported", name, None, match.group(0), match.start(), match.end(), 0.75))
    return min(found, key=lambda f: f.start or 0) if found else None
