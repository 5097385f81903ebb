"""Whether a credit-shaped match really credits a source, judged by the words and lines around it.

A leaf of attribution.py: plain strings in, a reason (or None) out. Real pages put
credit-shaped words where no source is credited: the photographer's "© Name" under
a picture, a menu of "- Home" lines, a lyric's "[Chorus]", a German dateline's
"(Leipzig) -", "first published in German", tickets "via" a shop. Each check below
names the shape it refuses; the vocabularies are in the languages of the registry's
outlets (English, German, French, Spanish, Italian, Portuguese, Urdu and others).
"""

from __future__ import annotations

import re

# Picture libraries and stock agencies: a line naming them credits an image, never the text.
PICTURE_LIBRARIES = {
    "shutterstock", "getty images", "getty", "istock", "istockphoto", "imago", "imago images", "picture alliance",
    "picture-alliance", "adobe stock", "adobestock", "unsplash", "pixabay", "pexels", "fotolia", "depositphotos",
    "alamy", "123rf", "dreamstime", "stock.adobe.com", "colourbox", "mauritius images", "keystone", "wikimedia commons",
    "flickr", "freepik", "canva", "dpa-bildfunk", "ap photo", "afp photo", "reuters photo", "epa-efe",
}
# Words that open a picture credit or caption ("Foto: X/Pool via Reuters", "Photo: ...", "Bild: ...").
PICTURE_WORDS = (r"foto|fotos|photo|photos|photograph|photography|bild|bilder|image|images|imagen|imágenes|picture|"
                 r"pictures|pic|credit|credits|crédit|crédits|crédito|créditos|illustration|grafik|titelbild|"
                 r"fotografía|fotografia|immagine|tasvir|تصویر")
PICTURE_CUE = re.compile(rf"(?i)(?:\b(?:{PICTURE_WORDS})\b\s*(?:[:©]|by\b|von\b|de\b|di\b|par\b|courtesy\b)"
                         rf"|\bpool\s*$|/\s*$|\b(?:file|archive|handout|stock)\s+(?:photo|image|picture|foto|bild)\b)")

# Services that carry or shorten links, sell tickets or carry messages: "via X" names the means, not a source.
MEANS = {
    "ift.tt", "bit.ly", "t.co", "goo.gl", "tinyurl.com", "ow.ly", "buff.ly", "dlvr.it", "trib.al", "lnkd.in",
    "fb.me", "youtu.be", "amzn.to", "shorturl.at", "rebrand.ly", "tiny.cc", "is.gd", "feedproxy.google.com",
    "twitter", "x", "facebook", "instagram", "youtube", "tiktok", "reddit", "linkedin", "whatsapp", "telegram",
    "snapchat", "pinterest", "threads", "mastodon", "bluesky", "discord", "twitch", "zoom", "skype", "signal",
    "social media", "email", "e-mail", "e mail", "internet", "web", "app", "livestream", "live stream",
    "ticketmaster", "live nation", "eventbrite", "eventim", "stubhub", "seatgeek", "amazon", "ebay", "paypal",
    "google", "google maps", "google play", "app store", "itunes", "spotify", "netflix", "whatsapp groups",
    "soziale medien", "sozialen medien", "redes sociales", "réseaux sociaux", "telefon", "téléphone", "teléfono",
}

# Names of languages, in several languages: "first published in German" names no outlet.
LANGUAGES = {
    "english", "german", "french", "spanish", "italian", "portuguese", "dutch", "russian", "ukrainian", "polish",
    "czech", "hungarian", "romanian", "greek", "turkish", "arabic", "persian", "farsi", "urdu", "hindi", "bengali",
    "punjabi", "pashto", "dari", "chinese", "mandarin", "cantonese", "japanese", "korean", "indonesian", "malay",
    "swedish", "norwegian", "danish", "finnish", "hebrew", "swahili", "tamil", "sinhala", "nepali", "catalan",
    "deutsch", "englisch", "französisch", "spanisch", "italienisch", "russisch", "türkisch", "arabisch",
    "anglais", "allemand", "français", "espagnol", "italien", "russe", "arabe", "ourdou",
    "inglés", "alemán", "francés", "español", "italiano", "portugués", "ruso", "árabe",
    "inglese", "tedesco", "francese", "spagnolo", "inglês", "alemão", "francês", "espanhol",
}
TRANSLATION = re.compile(r"(?i)^[^\S\n]*(?:translation|version|original|language|übersetzung|fassung|sprache|"
                         r"traduction|langue|traducción|versión|idioma|traduzione|tradução)\b")

# People who were told something: "told Pentagon officials" names the listeners, not a reporter.
LISTENERS = (r"officials?|lawmakers?|legislators?|senators?|congressmen|congresswomen|members?|staff|staffers|"
             r"employees|workers|investigators|officers|police|prosecutors|judges?|jurors?|leaders?|aides?|"
             r"executives|colleagues|students|supporters|voters|residents|troops|soldiers|diplomats|delegates|"
             r"negotiators|commanders|generals|ministers|counterparts|allies|donors|shareholders|investors|"
             r"parents|families|fans|guests|audiences?|crowds?|attendees|participants|committee|panel|board")
LISTENER_AFTER = re.compile(rf"^[^\S\n]+(?:{LISTENERS})\b")
# A kind of outlet between a modifier and the outlet's name: "told Australian magazine Stellar".
MEDIA_NOUN = re.compile(r"^[^\S\n]+(?:magazine|newspaper|daily|weekly|tabloid|broadcaster|channel|network|station|"
                        r"website|news\s+site|outlet|paper|news\s+agency|agency|radio|television|broadsheet|"
                        r"publication|journal|affiliate|site)[^\S\n]+")
# Titles written before a person's name: "according to Dr. Abed" is a person, not the broadcaster DR.
TITLES = {"dr", "mr", "mrs", "ms", "mx", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "maj", "adm",
          "rev", "fr", "sr", "sra", "jr", "st", "hon", "pres", "supt", "insp", "det", "cpl", "pvt", "mme", "mlle",
          "hr", "dipl", "ing", "mag", "univ", "sir", "dame", "lord", "lady", "herr", "frau", "don", "doña"}

# Labels in square brackets that name no source: song sections, ad marks, editorial notes.
BRACKET_LABELS = {
    "chorus", "verse", "bridge", "intro", "outro", "refrain", "hook", "pre-chorus", "post-chorus", "interlude",
    "instrumental", "repeat", "solo", "coda", "breakdown", "strophe", "vers", "couplet", "estribillo", "coro",
    "ritornello", "werbung", "anzeige", "reklame", "advertisement", "advertorial", "sponsored", "ad", "ads",
    "publicité", "pub", "publicidad", "anuncio", "pubblicità", "publicidade", "paid content", "promotion",
    "affiliate", "affiliate link", "partner", "gesponsert", "translation", "übersetzung", "traduction",
    "traducción", "note", "anm", "anm. d. red", "nota", "video", "audio", "foto", "photo", "bild", "image",
}
# Small words a name may carry between its capitalised words ("Voice of America", "El Diario de Hoy").
NAME_JOINS = {"of", "on", "for", "and", "the", "de", "del", "al", "la", "le", "el", "du", "des", "di", "da", "do",
              "dos", "der", "am", "im", "in", "at", "y", "e", "et", "&", "-", "van", "von", "bin", "ul"}

SENTENCE_END = re.compile(r"[.!?…:;\"”“’»)\]۔؟。！？]\s*$")
BULLET = re.compile(r"^[ \t]*(?:[-–—•*·▪►]|\d{1,2}[.)])(?:[ \t]|$)")


def line_of(text: str, start: int, end: int) -> tuple[str, str]:
    """(the line's text before START, the line's text after END)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start:start], text[end:line_end if line_end >= 0 else len(text)]


def neighbour_lines(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The nearest non-empty line before the one holding START, and after the one holding END."""
    before = [ln for ln in text[:text.rfind("\n", 0, start) + 1].split("\n") if ln.strip()]
    next_break = text.find("\n", end)
    after = [ln for ln in text[next_break + 1:].split("\n") if ln.strip()] if next_break >= 0 else []
    return (before[-1] if before else None), (after[0] if after else None)


def prose_line(line: str) -> bool:
    """A sentence of running text: eight words or more, ending as a sentence ends."""
    return len(line.split()) >= 8 and bool(SENTENCE_END.search(line.strip()))


def folded(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split()).removeprefix("the ")


def picture_credit(text: str, start: int, end: int, name: str) -> str | None:
    """A © / (c) / Copyright / Credit line beside a picture, or naming a picture library."""
    if folded(name) in PICTURE_LIBRARIES or folded(name).split("/")[0].strip() in PICTURE_LIBRARIES:
        return "picture-library"
    before, _ = line_of(text, start, end)
    if PICTURE_CUE.search(before):
        return "picture-caption"
    if any(prose_line(line) for line in text[end:].split("\n")):
        # The article goes on after it: a credit under a picture, not the line closing the text.
        return "picture-in-text"
    return None


def via_means(text: str, start: int, end: int, name: str) -> str | None:
    """"via X" meaning "by means of X", a picture's "Pool via X", or a link shortener (START: the word "via")."""
    key = folded(name)
    if key in MEANS or key.split(".")[0] in {"bit", "ift", "tinyurl", "goo"}:
        return "means"
    head, after = line_of(text, start, end)
    if PICTURE_CUE.search(head.rstrip()):
        return "picture-caption"
    head = head.rstrip()
    credit_before = (not head or head[-1] in "([,;:—–-|\"”’'“" or
                     re.search(r"(?i)\b(?:said|says|say|told|tells|reported|reports|wrote|writes|added|noted|"
                               r"explained|according|sagte|erklärte|berichtet|laut|dit|a déclaré|dijo|informó)$", head))
    credit_after = re.match(r"[^\S\n]*(?:$|[:)\]\[,;|—–]|-[^\S\n]|https?://|\(|[\"“”«»])", after)
    if credit_before or credit_after:
        return None
    return "means"


def dash_list(text: str, start: int, end: int, name: str) -> str | None:
    """A "- X" line in a list or a menu, not a line closing a paragraph with its agency's name."""
    if re.search(r"\s[-–—|]\s", name):
        return "navigation"
    before, after = neighbour_lines(text, start, end)
    if (before and BULLET.match(before)) or (after and BULLET.match(after)):
        return "list"
    if before is None or not SENTENCE_END.search(before.strip()):
        return "navigation"
    return None


def name_shaped(name: str) -> bool:
    """Every word capitalised, a joining word, or a domain: "PC World", not "Tenemos que"."""
    for word in name.split():
        bare = word.strip("'’\".,;:!?()")
        if not bare:
            continue
        if bare.endswith("-") or (bare[0].islower() and bare.casefold() not in NAME_JOINS and "." not in bare):
            return False
    return True


def bracket_label(text: str, start: int, end: int, name: str) -> str | None:
    """"[X]" that is a song section, an ad mark, a bracketed translation or a glossary label."""
    key = folded(name).rstrip(".:")
    if key in BRACKET_LABELS or re.sub(r"\s*\d+$", "", key) in BRACKET_LABELS:
        return "label"
    if not name_shaped(name):
        return "not-a-name"
    before, after = line_of(text, start, end)
    if before.strip():
        return "inside-a-line"
    previous, _ = neighbour_lines(text, start, end)
    if after.strip():
        # "[Site] The story...": a tag that opens the article, before any of its sentences.
        earlier = text[:start].split("\n")
        return "inside-the-text" if any(prose_line(line) for line in earlier) else None
    # "[Site]" alone on its line: the mark closing an excerpt, after the excerpt's last sentence.
    if previous is None or not SENTENCE_END.search(previous.strip()):
        return "not-after-a-sentence"
    return None


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w[0].isalpha()).casefold()


def dateline_place(text: str, start: int, end: int, name: str, *, known: bool) -> str | None:
    """"(Leipzig) -", "Rostow (Russland) -": a place in the dateline; "Body Condition Score (BCS)": an
    abbreviation after its long form."""
    bare = name.strip()
    if bare.isupper() and bare.isalpha():
        before = text[text.rfind("\n", 0, start) + 1:start]
        words = re.findall(r"[\w'’-]+", before.rsplit("(", 1)[0])
        if len(words) >= len(bare) and initials(words[-len(bare):]) == bare.casefold():
            return "abbreviation"
        return None
    single = " " not in bare and re.fullmatch(r"[A-ZÄÖÜÀ-Ý][a-zäöüßà-ÿ'’-]+", bare) is not None
    if single and not known:
        return "place"
    return None


def first_published_in(text: str, start: int, end: int, name: str) -> str | None:
    """"first published in German" (a language) or "Cases first appeared in West Michigan" (no text as subject)."""
    if folded(name) in LANGUAGES or TRANSLATION.match(text[end:]):
        return "language"
    sentence_start = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "? ", "! "))) + 1
    subject = text[sentence_start:start]
    if not subject.strip():
        return None  # "Originally published on X." as a line or a sentence of its own
    if re.search(r"(?i)\b(?:article|story|piece|post|report|column|op-?ed|essay|interview|version|feature|blog|"
                 r"commentary|analysis|letter|text|review|editorial|excerpt|this|which|translation|podcast|"
                 r"newsletter|series|investigation|item|content)\b", subject):
        return None
    return "no-text-subject"


def told_listeners(text: str, end: int) -> bool:
    """"told Pentagon officials": the name is a modifier of the people who were told."""
    return LISTENER_AFTER.match(text[end:]) is not None


def titled_person(text: str, end: int, name: str) -> bool:
    """"Dr. Abed Abu Hasira": a title, a full stop and a name: a person."""
    return folded(name).rstrip(".") in TITLES and re.match(r"\.?[^\S\n]+[A-Z]", text[end:]) is not None


def named_after_media_noun(text: str, end: int) -> int | None:
    """Where the outlet's own name starts in "told Australian magazine Stellar" (after END), if it does."""
    match = MEDIA_NOUN.match(text[end:])
    if match is None or not re.match(r"(?:[Tt]he[^\S\n]+)?[A-Z0-9]", text[end + match.end():]):
        return None
    return end + match.end()
