"""Sources that are not outlets: studies, journals, data, releases and documents named in the text.

A leaf of attribution.py: plain strings in, findings out. A claim can come from a study
("a study by the University of Leeds"), a journal ("published in the journal Nature
Astronomy"), figures of a named body ("according to data from MarketAxess", "Eurostat
figures show", "Source: Met Office" under a chart), a statement or release an organisation
published ("the Interior Ministry said in a statement", "in a NASA statement") or a
document ("according to a report by Kotak Institutional Equities", "the ministry's
lawyers said in a court filing"). Each finding names the body (its `source`) and says
which of those it is (`source_kind`: study | journal | data | release | document).

Precision first: the body must be named. "A new study", "the company said in a
statement", "officials said in a statement", "Toyota says" name no published source
and give nothing; an organisation saying something is a speaker, not a source, unless
the words name what it published or figures it gave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.datewords import MONTHS_DAYS

SOURCE_KINDS = ("study", "journal", "data", "release", "document")

GAP = r"[^\S\n]+"
# A capitalised word of a name: "U.S.", "Attorney's", "IllustrisTNG", "Ministry", "AT&T".
# A full stop inside a name only in initials and abbreviations: a name never runs on into the next sentence.
CAP = r"(?:[A-Z](?:\.[A-Z])+\.?|(?:Inc|Corp|Co|Ltd|Jr|Sr|St|Dept|Univ|Intl|Natl)\.|[A-Z][\w'’&-]*[\w’]|[A-Z])"
JOIN = r"(?:of|on|for|and|the|de|du|des|di|del|der|für|&|-|in|at)"
# Lowercase nouns that close an organisation's name: "the US military", "the Jordanian government".
ORG_TAIL = (r"(?:military|government|ministry|army|navy|police|department|embassy|office|commission|council|"
            r"agency|authority|administration|authorities|forces|court|parliament|senate|secretariat|"
            r"health\s+commission|health\s+ministry|interior\s+ministry|defen[cs]e\s+ministry|foreign\s+ministry|"
            r"state\s+department|statistics\s+office|statistics\s+agency|central\s+bank|coast\s+guard)")
ORG = rf"(?:[Tt]he{GAP})?(?P<src>(?!The\b){CAP}(?:{GAP}(?:{JOIN}{GAP}){{0,2}}{CAP}){{0,8}}(?:{GAP}{ORG_TAIL})?)"
# A journal's title: capitalised words and the small words inside titles ("Journal of the American ...").
TITLE = rf"(?P<src>{CAP}(?:{GAP}(?:{JOIN}{GAP}){{0,2}}{CAP}){{0,9}})"

# Words that make a name an organisation's, in the languages of most pages read (English first).
ORG_WORDS = {
    "ministry", "department", "dept", "office", "agency", "commission", "council", "police", "army", "military",
    "government", "embassy", "authority", "authorities", "administration", "service", "services", "bureau",
    "institute", "institution", "university", "college", "school", "hospital", "clinic", "association",
    "federation", "union", "organization", "organisation", "committee", "court", "senate", "parliament",
    "congress", "assembly", "party", "corporation", "corp", "inc", "ltd", "llc", "plc", "gmbh", "ag", "sa",
    "group", "company", "bank", "fund", "board", "center", "centre", "foundation", "society", "league",
    "forces", "navy", "guard", "command", "secretariat", "mission", "coalition", "laboratory", "laboratories",
    "labs", "observatory", "statistics", "census", "survey", "nations", "project", "program", "programme",
    "network", "trust", "alliance", "chamber", "academy", "agencies", "directorate", "inspectorate",
    "regulator", "exchange", "tribunal",
    "cabinet", "presidency", "kremlin", "pentagon", "ministerium", "ministère", "ministerio", "ministero",
    "bundesamt", "amt", "polizei", "gobierno", "gouvernement", "governo", "regierung",
}
# Public bodies: bodies whose figures are official figures ("according to the United Nations, 2,500 ...").
PUBLIC_WORDS = {
    "ministry", "department", "office", "agency", "commission", "police", "government", "bureau", "authority",
    "authorities", "administration", "statistics", "census", "nations", "embassy", "military", "army", "forces",
    "court", "senate", "parliament", "congress", "secretariat", "directorate", "inspectorate",
    "regulator", "tribunal", "cabinet", "presidency", "union", "organization", "organisation", "fund", "bank",
    "ministerium", "ministère", "ministerio", "ministero", "bundesamt", "amt", "polizei", "gobierno",
    "gouvernement", "governo", "regierung", "kremlin", "pentagon",
}
# Words in journal titles ("Nature Astronomy", "BMJ Case Reports", "Proceedings of ...").
JOURNAL_WORDS = {
    "journal", "review", "reviews", "proceedings", "letters", "reports", "medicine", "medical", "science",
    "sciences", "nature", "lancet", "jama", "bmj", "plos", "cell", "annals", "archives", "bulletin", "research",
    "pediatrics", "paediatrics", "psychiatry", "neurology", "oncology", "cardiology", "physics", "chemistry",
    "biology", "ecology", "genetics", "astronomy", "astrophysical", "geophysical", "notices", "transactions",
    "quarterly", "studies", "communications", "advances", "frontiers", "epidemiology", "health", "economics",
    "economic", "nejm", "pnas", "elife", "neuron", "immunology", "microbiology", "psychology", "sociology",
}
# First words that make a capitalised phrase no name: a sentence's first word or a kind of thing.
NOT_NAMES = {
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "they", "their", "he", "she", "his", "her",
    "we", "our", "you", "i", "official", "officials", "new", "latest", "recent", "preliminary", "provisional",
    "government", "federal", "state", "local", "national", "some", "other", "many", "most", "both", "all",
    "one", "two", "three", "several", "such", "earlier", "later", "last", "next", "first", "police", "company",
    "ministry", "department", "in", "on", "at", "by", "for", "from", "but", "and", "so", "if", "when", "as",
    "while", "after", "before", "since", "however", "meanwhile", "still", "also", "yet", "then", "now", "today",
    "yesterday", "according", "separately", "additionally", "monthly", "weekly", "annual", "quarterly", "us",
    "current", "previous", "final", "further", "additional", "initial", "early", "overall", "average", "total",
}
# Titles of people: "NASA Administrator Jim Bridenstine", "Governor John Rankin" are people, not bodies.
PERSON_TITLES = {
    "administrator", "governor", "president", "director", "secretary", "minister", "spokesman", "spokeswoman",
    "spokesperson", "chairman", "chairwoman", "chair", "chief", "ceo", "commissioner", "attorney", "mayor",
    "senator", "sen", "rep", "representative", "judge", "general", "gen", "sheriff", "prosecutor", "professor",
    "prof", "dr", "mr", "mrs", "ms", "officer", "manager", "head", "founder", "author", "lead", "leader",
}
RESEARCH_WORDS = {
    "study", "studies", "survey", "commission", "project", "report", "analysis", "researchers", "institute",
    "university", "college", "center", "centre", "laboratory", "laboratories", "labs", "foundation", "observatory",
    "academy", "school", "hospital", "clinic", "statistics", "census", "bureau", "agency", "organization",
    "organisation", "council", "department", "office",
}
STATEMENT = r"(?:(?:joint|written|brief|short|separate|formal|official|emailed|e-mailed|new|press|news)\s+)?" \
            r"(?:statement|press\s+release|news\s+release|media\s+release|release|communiqu[ée]|announcement)"
DOCUMENT = (r"(?:court\s+filing|court\s+filings|legal\s+filing|regulatory\s+filing|securities\s+filing|filing|"
            r"lawsuit|complaint|indictment|affidavit|motion|brief|letter|memo|memorandum|report|audit|"
            r"white\s+paper|policy\s+paper|assessment|submission)")
SAID = r"(?:said|says|say|stated|states|announced|announces|confirmed|confirms|wrote|writes|noted|notes|added|" \
       r"argued|argues|alleged|alleges|claimed|claims|warned|warns|explained|acknowledged|disclosed|reported)"
WHEN = r"(?:(?:on|last|this|late|early)\s+)?(?:[A-Z][a-z]+day|[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+|" \
       r"week|month|year|morning|evening|night|today|yesterday|earlier|later)"


@dataclass(frozen=True)
class KindFound:
    """A source of a kind other than outlet: its name, its kind, and the words that say so."""

    source_kind: str
    pattern: str
    source: str
    start: int  # start of the evidence
    end: int  # end of the evidence (the end of the name, or of the words that name the kind)
    confidence: float


def words_of(name: str) -> list[str]:
    return [w.strip("'’.,").casefold().removesuffix("'s").removesuffix("’s") for w in name.split()]


def acronym(word: str) -> bool:
    """"NASA", "UNICEF", "UN"; not "D.C." or "U.S." (places), nor "US", "UK", "EU"."""
    bare = word.removesuffix("'s").removesuffix("’s").strip(",;:")
    if "." in bare.rstrip("."):
        return False
    bare = bare.rstrip(".")
    return 2 <= len(bare) <= 8 and bare.isupper() and bare.isalpha() and bare not in ("US", "UK", "EU")


def named(name: str) -> bool:
    """A name of something, not a sentence's first word or a kind of thing ("Official", "The Latest")."""
    words = words_of(name)
    if not words or words[0] in NOT_NAMES and len(words) == 1:
        return False
    if all(w in NOT_NAMES or w in MONTHS_DAYS or w in ORG_WORDS for w in words):
        return False  # "Government", "State Department" alone? kept below by org_like when it has a name word
    return not any(w in MONTHS_DAYS for w in words[:1])


def org_like(name: str) -> bool:
    """An organisation's name: an acronym ("NASA"), or words with an organisation word in them."""
    words = words_of(name)
    if not named(name) and not (len(words) >= 2 and any(w not in NOT_NAMES for w in words)):
        return False
    raw = name.split()
    if any(acronym(w) for w in raw) and len(raw) <= 6:
        return True
    return any(w in ORG_WORDS for w in words)


def demonym(name: str) -> bool:
    """"Russian", "Chinese", "British": a people's adjective, not a body ("Russian figures show")."""
    return " " not in name and re.search(r"(?:an|ean|ese|ish|ch|i)$", name) is not None


def public_body(name: str, *, acronyms: bool = True) -> bool:
    words = words_of(name)
    raw = name.split()
    return any(w in PUBLIC_WORDS for w in words) or (acronyms and len(raw) == 1 and acronym(raw[0])
                                                     and len(raw[0]) >= 3)


def journal_like(name: str) -> bool:
    return any(w in JOURNAL_WORDS for w in words_of(name)) or any(acronym(w) for w in name.split())


def clean(name: str, *, when_after: bool = True) -> str:
    """The name as shown: spaces collapsed, a trailing full stop or apostrophe dropped, a leading "the" and
    "X-based" off ("the Charleston-based Post and Courier"); with WHEN_AFTER, a day or month after it too."""
    text = re.sub(r"\s+", " ", name).strip(" .,;:'’\"")
    text = re.sub(r"^[Tt]he ", "", text)
    text = re.sub(r"^[A-Z][\w-]*-based ", "", text)
    # A trailing small word is no part of a name ("Office of the" when the text went on lowercase).
    # and a day or a month after the name is when, not who ("Nature Astronomy on Monday").
    words = text.split()
    while len(words) > 1 and (re.fullmatch(JOIN, words[-1]) or when_after
                              and words[-1].casefold().strip(".,") in MONTHS_DAYS):
        words.pop()
    return " ".join(words)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding START..END (a full stop after a lowercase word, or a line break)."""
    window_start = max(0, start - 400)
    stops = [m.end() for m in re.finditer(r"[a-z0-9)\"”][.!?][\"”]?\s|\n", text[window_start:start])]
    left = window_start + stops[-1] if stops else window_start
    after = re.search(r"[a-z0-9)\"”][.!?](?:\s|$)|\n", text[end:end + 400])
    right = end + (after.end() if after else min(400, len(text) - end))
    return left, right


RULES: list[tuple[str, str, re.Pattern[str], float]] = []
"""(source kind, pattern name, regex with a `src` group, confidence)."""


def rule(kind: str, name: str, regex: str, confidence: float) -> None:
    RULES.append((kind, name, re.compile(regex), confidence))


ci = "(?i:{})".format  # words matched in any case, names in the case they are written
# --- journals ---
rule("journal", "in-the-journal", rf"\b{ci('in|to|by|of')}{GAP}{ci('the')}{GAP}"
     rf"(?:{ci('scientific|medical|peer-reviewed|academic')}{GAP})?{ci('journals?')}{GAP}{TITLE}", 0.9)
rule("journal", "published-in", rf"\b{ci('published|appear(?:s|ed)|reported|described|detailed|outlined|featured|out')}"
     rf"(?:{GAP}[^.\n]{{0,40}}?)??{GAP}in{GAP}(?:{ci('the')}{GAP})?(?:{ci('latest|current|new|online')}{GAP})?"
     rf"(?:{ci('issue|edition')}{GAP}of{GAP}(?:the{GAP})?)?{TITLE}", 0.85)
rule("journal", "study-in", rf"\b{ci('study|paper|research|findings|report|analysis|review|trial|article|survey')}"
     rf"{GAP}in{GAP}(?:{ci('the')}{GAP})?{TITLE}", 0.8)
# --- studies ---
rule("study", "study-by", rf"\b{ci('an?|the')}{GAP}"
     rf"(?:{ci('new|recent|latest|major|landmark|peer-reviewed|large|small')}{GAP})?(?:\d{{4}}{GAP})?{ci('study|studies|research|analysis|paper|simulation|experiment|trial')}"
     rf"{GAP}(?:{ci('published|released|conducted|led|carried out|done|commissioned|created|funded')}{GAP})?"
     rf"{ci('by|from|at')}{GAP}(?:{ci('researchers|scientists|experts|a team')}{GAP}(?:{ci('at|from|of')}){GAP})?"
     rf"{ORG}",
     0.8)
rule("study", "org-study", rf"\b{ci('an?|the')}{GAP}(?:{ci('new|recent|latest')}{GAP})?{ORG}{GAP}"
     rf"{ci('study|analysis|simulation')}\b", 0.75)
rule("study", "org-found", rf"{ORG}{GAP}(?:{ci('study|commission|project|report|analysis|researchers')}{GAP})?"
     rf"{ci('found|finds|estimated|estimates')}\b", 0.7)
# --- data ---
rule("data", "data-from", rf"\b{ci('according to|based on|citing|in')}{GAP}"
     rf"(?:{ci('the|new|latest|recent|official|preliminary')}{GAP})*"
     rf"{ci('data|figures|statistics|stats|estimates|numbers|polling|a poll|a survey|tallies|a tally|a count')}"
     rf"{GAP}(?:{ci('released|published|compiled|collected|gathered|provided|issued|conducted')}{GAP})?"
     rf"{ci('from|by|of')}{GAP}{ORG}", 0.85)
rule("data", "org-figures", rf"{ORG}(?:'s|’s)?{GAP}"
     rf"(?:{ci('latest|new|official|preliminary|monthly|annual|weekly')}{GAP})?"
     rf"{ci('data|figures|statistics|estimates|numbers')}{GAP}"
     rf"{ci('show|shows|showed|suggest|suggests|suggested|indicate|indicates|indicated|released|published')}\b",
     0.85)
rule("data", "org-poll", rf"\b{ci('an?|the')}{GAP}(?:{ci('new|recent|latest|fresh|similarly fresh')}{GAP})?{ORG}"
     rf"(?:{GAP}{ci('and')}{GAP}{CAP}(?:{GAP}{CAP}){{0,3}})?{GAP}(?:poll|survey|tally|count|census)\b(?!-)", 0.8)
rule("data", "polled-by", rf"\b{ci('analysts|economists|experts|forecasters|respondents')}{GAP}"
     rf"{ci('polled|surveyed|asked|interviewed')}{GAP}{ci('by')}{GAP}{ORG}", 0.85)
rule("data", "according-to-body", rf"\b{ci('according to')}{GAP}{ORG}", 0.75)
rule("data", "body-reported", rf"{ORG}(?:{GAP}{ci('has|had|have')})?(?:{GAP}{ci('also')})?{GAP}"
     rf"{ci('reported|estimated|estimates|estimate|recorded|counted|tallied|registered')}\b", 0.75)
# --- releases ---
rule("release", "said-in-statement", rf"{ORG}(?:{GAP}(?:{ci('spokesman|spokeswoman|spokesperson|spokespeople')})"
     rf"(?:{GAP}{CAP}){{0,4}})?,?{GAP}{SAID}(?:{GAP}{WHEN})?{GAP}(?:{ci('in|via|through')}){GAP}"
     rf"(?:{ci('a|an|its|their')}){GAP}{STATEMENT}\b", 0.85)
rule("release", "in-a-statement-org", rf"\b{ci('in|via')}{GAP}{ci('a|an|its|their')}{GAP}{STATEMENT}"
     rf"(?:{GAP}(?:{ci('released|issued|posted|published|sent|put out')})(?:{GAP}{WHEN})?)?"
     rf"(?:,{GAP}|{GAP}{ci('by|from')}{GAP}){ORG}", 0.8)
rule("release", "named-statement", rf"\b{ci('in|via|according to')}{GAP}{ci('a|an|the')}{GAP}"
     rf"(?:{ci('new|joint')}{GAP})?{ORG}{GAP}{STATEMENT}\b", 0.8)
rule("release", "statement-from", rf"\b{ci('according to|in|citing')}{GAP}(?:{ci('a|an|the')}{GAP})?{STATEMENT}{GAP}"
     rf"(?:{ci('released|issued|posted|published|put out')}{GAP})?{ci('by|from')}{GAP}{ORG}", 0.85)
rule("release", "issued-statement", rf"{ORG}{GAP}(?:{ci('has|had')}{GAP})?"
     rf"{ci('issued|released|published|put out|posted')}{GAP}(?:{ci('a|an')}{GAP})?{STATEMENT}\b", 0.8)
# --- documents ---
rule("document", "report-by", rf"\b{ci('according to|in|citing|said|says|per')}{GAP}(?:{ci('a|an|the')}{GAP})?"
     rf"(?:{ci('new|recent|latest|confidential|internal|annual|draft|leaked')}{GAP})?{DOCUMENT}{GAP}"
     rf"(?:{ci('filed|submitted|sent|released|issued|published|written|prepared|compiled|obtained')}{GAP})?"
     rf"{ci('by|from')}{GAP}{ORG}", 0.8)
rule("document", "report-released-by", rf"\b{ci('an?|the')}{GAP}(?:{ci('new|recent|latest|annual|draft')}{GAP})?"
     rf"{ci('report|audit|assessment|review|white paper')}{GAP}"
     rf"{ci('released|published|issued|prepared|compiled|commissioned')}(?:{GAP}{WHEN})?{GAP}{ci('by')}{GAP}{ORG}", 0.8)
rule("document", "said-in-document", rf"{ORG},?{GAP}{SAID}(?:{GAP}{WHEN})?{GAP}{ci('in')}{GAP}"
     rf"(?:{ci('a|an|its|their')}){GAP}(?:{ci('new|recent|court|legal|regulatory|securities|annual|quarterly|written')}"
     rf"{GAP})?{DOCUMENT}\b", 0.8)
rule("document", "released-report", rf"{ORG}{GAP}(?:{ci('has|had')}{GAP})?{ci('released|published|issued|filed')}"
     rf"{GAP}(?:{ci('a|an|its|two|three|the|several')}{GAP})?(?:[a-z-]+{GAP}){{0,3}}"
     rf"{ci('report|reports|audit|audits|lawsuit|complaint|white paper|assessment')}\b", 0.75)


rule("document", "book", rf"\b{ci('in')}{GAP}{ci('his|her|their|the|a|an')}{GAP}"
     rf"(?:{ci('new|latest|recent|last|first')}{GAP})?(?:\d{{4}}{GAP})?{ci('book|memoir|novel|biography')},?{GAP}"
     rf"[\"“‘']{TITLE}[\"”’']", 0.8)


def person(name: str) -> bool:
    """A person named with a title ("NASA Administrator Jim Bridenstine"): a title word, and no body's word after it."""
    words = words_of(name)
    for i, word in enumerate(words):
        if word in PERSON_TITLES and i + 1 < len(words) and not any(w in ORG_WORDS for w in words[i + 1:]):
            return True
    return False


def kind_of_named(kind: str, pattern: str, name: str) -> str | None:
    """Whether NAME fits the finding's kind; None when it does not."""
    if person(name):
        return None
    if pattern == "org-found":
        words = words_of(name)
        return kind if any(w in RESEARCH_WORDS for w in words) and "court" not in words else None
    if pattern in ("in-the-journal", "book"):
        return kind if named(name) else None
    if pattern in ("published-in", "study-in"):
        return kind if named(name) and journal_like(name) else None
    if pattern == "org-figures":
        return kind if (named(name) and not demonym(name)) or org_like(name) else None
    if pattern in ("org-study", "org-found", "according-to-body", "body-reported"):
        return kind if org_like(name) else None
    if pattern in ("study-by", "data-from", "org-poll", "polled-by", "statement-from", "report-by",
                   "report-released-by"):
        return kind if named(name) or org_like(name) else None
    return kind if org_like(name) else None


def find_kinds(text: str) -> list[KindFound]:
    """Named studies, journals, data, releases and documents the text credits.

    Returns:
        Findings in text order; of overlapping findings the longer is kept.
    """
    found: list[KindFound] = []
    folded = text.casefold()
    for kind, pattern, regex, confidence in RULES:
        for match in near_triggers(regex, text, folded, TRIGGERS[pattern], name_first=pattern in NAME_FIRST):
            raw = match.group("src")
            name = clean(raw, when_after=pattern not in NAME_BEFORE_NOUN)
            at_body = pattern in ("org-found", "study-by") and " at " in name
            if at_body:
                name = clean(name.rsplit(" at ", 1)[1])  # "Noam Cohen at the University of X": the university's
            if pattern in SUBJECT_FIRST and not at_body and object_of(text, match.start("src")):
                continue  # "..., administrator of the Science Mission Directorate, said": not who said it
            if not name or len(name) < 2 or kind_of_named(kind, pattern, name) is None:
                continue
            if pattern == "according-to-body" and not (public_body(name) and figures_near(text, match)):
                continue  # an organisation saying something is a speaker; its figures are data
            if pattern == "body-reported" and not (figures_near(text, match) and (
                    public_body(name, acronyms=False) or not match.group(0).rstrip().endswith("reported"))):
                continue  # an organisation saying something is a speaker; its figures are data
            if pattern in ("published-in", "study-in") and not study_before(text, match):
                continue
            start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            if match.start("src") == match.start() or text[start:match.start("src")].casefold() in ("the ", ""):
                start = text.find(name, start, match.end())  # the evidence starts at the name itself
            end = match.end()
            found.append(KindFound(kind, pattern, name, start, end, confidence))
    return keep_longest(found)


TRIGGERS: dict[str, tuple[str, ...]] = {
    "in-the-journal": ("journal",),
    "published-in": ("published", "appear", "reported", "described", "detailed", "outlined", "featured", " out "),
    "study-in": ("study in", "paper in", "research in", "findings in", "report in", "analysis in", "review in",
                 "trial in", "article in", "survey in"),
    "study-by": ("stud", "research", "analysis", "paper", "simulation", "experiment", "trial"),
    "org-study": ("study", "analysis", "simulation"), "org-found": ("found", "finds", "estimate", "conclude"),
    "data-from": ("data", "figures", "statistic", "stats", "estimates", "numbers", "poll", "survey", "tall", "count"),
    "org-figures": ("data", "figures", "statistic", "estimates", "numbers"),
    "org-poll": ("poll", "survey", "tally", "count", "census"),
    "polled-by": ("polled", "surveyed", "asked", "interviewed"),
    "according-to-body": ("according to",),
    "said-in-statement": ("statement", "release", "communiq", "announcement"),
    "in-a-statement-org": ("statement", "release", "communiq", "announcement"),
    "named-statement": ("statement", "release", "communiq", "announcement"),
    "statement-from": ("statement", "release", "communiq", "announcement"),
    "issued-statement": ("issued", "released", "published", "put out", "posted"),
    "report-by": ("report", "filing", "lawsuit", "complaint", "indictment", "affidavit", "motion", "brief", "letter",
                  "memo", "audit", "paper", "assessment", "submission"),
    "said-in-document": ("report", "filing", "lawsuit", "complaint", "indictment", "affidavit", "motion", "brief",
                         "letter", "memo", "audit", "paper", "assessment", "submission"),
    "released-report": ("released", "published", "issued", "filed"),
    "report-released-by": ("report", "audit", "assessment", "review", "paper"),
    "body-reported": ("reported", "estimate", "recorded", "counted", "tallied", "registered"),
    "book": ("book", "memoir", "novel", "biography"),
}


# Patterns whose name sits between an article and a noun: "a Mail on Sunday poll".
NAME_BEFORE_NOUN = {"org-poll", "org-study", "named-statement"}
# Patterns whose name is the subject of a verb: "X said in a statement", "X released a report".
SUBJECT_FIRST = {"said-in-statement", "said-in-document", "issued-statement", "released-report", "body-reported",
                 "org-found", "org-figures"}


def object_of(text: str, at: int) -> bool:
    """Whether the name at AT is the object of a preposition ("of the X", "at X"), not a subject."""
    return re.search(r"(?i)\b(?:of|at|for|from|with|by|to|in)\s+(?:the\s+)?$", text[max(0, at - 12):at]) is not None


# How far before and after a trigger word a match may start or end (a name is at most some 150
# characters): on the side of the name, and on the side of the other words of the rule.
NAME_SIDE, WORD_SIDE = 220, 90
# Rules whose regex starts with the name ("X said in a statement").
NAME_FIRST = {"said-in-statement", "issued-statement", "said-in-document", "released-report", "org-figures",
              "org-found", "body-reported"}


def near_triggers(regex: re.Pattern[str], text: str, folded: str, triggers: tuple[str, ...], *,
                  name_first: bool) -> list[re.Match[str]]:
    """The regex's matches around its trigger words only: each rule is run in windows of text round
    the words it cannot match without, never over a whole text (most texts name no such source)."""
    before, after = (NAME_SIDE, WORD_SIDE) if name_first else (WORD_SIDE, NAME_SIDE)
    spans: list[list[int]] = []
    for trigger in triggers:
        at = folded.find(trigger)
        while at >= 0:
            spans.append([max(0, at - before), min(len(text), at + len(trigger) + after)])
            at = folded.find(trigger, at + 1)
    if not spans:
        return []
    spans.sort()
    merged = [spans[0]]
    for lo, hi in spans[1:]:
        if lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    found: dict[tuple[int, int], re.Match[str]] = {}
    for lo, hi in merged:
        for match in regex.finditer(text, lo, hi):
            found.setdefault((match.start(), match.end()), match)
    return [found[key] for key in sorted(found)]


def figures_near(text: str, match: re.Match[str]) -> bool:
    """A number in the sentence of "according to X": figures the body gave, not words it said."""
    left, right = sentence_around(text, match.start(), match.end())
    sentence = text[left:match.start()] + " " + text[match.end():right]
    sentence = re.sub(r"\b(?:19|20)\d\d\b", "", sentence)  # a year is no figure
    return re.search(r"\d", sentence) is not None or re.search(
        r"(?i)\b(?:percent|per cent|million|billion|thousand|hundreds|dozens)\b", sentence) is not None


def study_before(text: str, match: re.Match[str]) -> bool:
    """"published in X" names a journal when a study, a paper or findings are what was published."""
    left, _ = sentence_around(text, match.start(), match.end())
    head = text[left:match.start("src")]
    return re.search(r"(?i)\b(?:study|studies|paper|papers|research|findings|results|analysis|trial|review|"
                     r"report|article|articles|work|data|survey|estimates|discovery|observations)\b", head) is not None


def keep_longest(found: list[KindFound]) -> list[KindFound]:
    found.sort(key=lambda f: (f.start, -(f.end - f.start), -f.confidence))
    out: list[KindFound] = []
    for item in found:
        if out and item.start < out[-1].end:
            if (item.end - item.start) > (out[-1].end - out[-1].start) and item.confidence >= out[-1].confidence:
                out[-1] = item
            continue
        out.append(item)
    return out
