"""Hyperlinks in a page's main text, as credits: the address a sentence's information comes from.

Plain values in, plain values out. Each `<a href>` of the page is looked for in the stored
text by its anchor and the words around it, so a link has offsets into `text` (a link
trafilatura left out of the text, in a menu or a sidebar, is found nowhere and is no
credit). A link found there is a credit when it goes to another site and to something a
sentence can rest on: not the page's own site, a menu, a tag or topic page, a list of
related stories, a share button, a shop or affiliate link, a name linked to its owner's
home page, an encyclopaedia or dictionary, a social-media profile or post (a quoted post
is a quote, not a source), a link shortener, an e-mail or script address.

A named credit ("according to Reuters", "Foreign Policy reported") with a link on its
words, or a link to the same outlet in its sentence, takes that link as its address
instead of counting it twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urljoin

from lxml import html as lxml_html

from provenance.attribution import Found, host_of, linked_site, site_of
from provenance.outlets import host_candidates, name_keys, registry
from provenance.urls import hostname_of, split

PATTERN = "hyperlink"
CONFIDENCE = 0.7
UNSUPPORTED_CONFIDENCE = 0.3  # a link-only credit nothing supports: evidence, no lineage edge
MAX_LINKS = 100  # credits read from one page's links: bounded work on a page of a thousand links

INLINE = {"a", "span", "em", "strong", "b", "i", "u", "font", "small", "sup", "sub", "mark", "abbr", "cite", "q",
          "time", "s", "strike", "del", "ins", "code", "kbd", "var", "bdi", "bdo", "big", "tt", "label", "data"}
SKIPPED = {"script", "style", "noscript", "template"}
# Elements whose links are no part of the article's text, wherever the text extractor put them.
NOT_BODY_TAGS = {"nav", "header", "footer", "aside", "figure", "figcaption", "button", "select", "menu"}
# Class and id words of boxes inside an article that are not its text, read by their first and last
# parts ("related-posts", "post-tags", "share_bar", "sidebar"): a layout word holding one in the middle
# ("l-sidebar-fixed") is a column, and a WordPress `tag-delhi` or `category-news` on the article says
# what it is about. A word with a part naming the text itself ("entry-content-read-more") is the text.
BOX_PARTS = {
    "related", "share", "shares", "sharing", "sharebar", "social", "breadcrumb", "breadcrumbs", "newsletter",
    "sidebar", "recommended", "recommendations", "trending", "popular", "readmore", "alsoread", "morestories",
    "morenews", "byline", "authorbio", "authorbox", "authorinfo", "caption", "credit", "credits", "tweet",
    "embed", "promo", "advert", "advertisement", "sponsor", "sponsored", "comment", "comments", "footer", "menu",
    "nav", "navbar", "navigation", "pagination", "tags", "tagcloud", "taglist", "taglinks", "catlinks",
    "categories", "topics", "seealso", "furtherreading", "outbrain", "taboola", "instagram", "tiktok",
}
CONTENT_PARTS = {"content", "body", "article", "entry", "story", "text", "prose", "richtext", "copy"}
ANCESTORS_LOOKED_AT = 5  # boxes nearer than that to a link; a layout wrapper far above says nothing

# Sites whose pages are no source of a news story's facts (suffixes of the link's host).
SOCIAL = {"twitter.com", "x.com", "facebook.com", "fb.com", "instagram.com", "youtube.com", "youtube-nocookie.com",
          "reddit.com", "redd.it", "tiktok.com", "linkedin.com", "pinterest.com", "tumblr.com", "snapchat.com",
          "whatsapp.com", "wa.me", "t.me", "telegram.me", "telegram.org", "vk.com", "weibo.com", "flickr.com",
          "vimeo.com", "soundcloud.com", "spotify.com", "twitch.tv", "threads.net", "bsky.app", "mastodon.social",
          "dailymotion.com", "giphy.com", "imgur.com", "quora.com", "medium.com/@", "plus.google.com",
          "news.ycombinator.com", "discord.gg", "discord.com", "patreon.com", "gofundme.com"}
REFERENCE = {"wikipedia.org", "wikimedia.org", "wiktionary.org", "wikiquote.org", "wikidata.org", "wikisource.org",
             "britannica.com", "merriam-webster.com", "dictionary.com", "thefreedictionary.com",
             "urbandictionary.com", "oxforddictionaries.com", "lexico.com", "dictionary.cambridge.org",
             "collinsdictionary.com", "vocabulary.com", "thesaurus.com", "imdb.com", "crunchbase.com",
             "investopedia.com", "dict.cc", "duden.de", "larousse.fr", "rae.es", "treccani.it", "genius.com",
             "discogs.com", "allmusic.com", "goodreads.com", "openstreetmap.org", "maps.google.com",
             "google.com", "translate.google.com", "news.google.com", "play.google.com", "books.google.com"}
SHORTENERS = {"bit.ly", "t.co", "goo.gl", "ow.ly", "tinyurl.com", "ift.tt", "buff.ly", "dlvr.it", "trib.al", "fb.me",
              "lnkd.in", "bit.do", "is.gd", "j.mp", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "wp.me",
              "youtu.be", "amzn.to", "apple.co", "spoti.fi", "flip.it", "hubs.ly", "po.st", "shar.es", "snip.ly",
              "ln.is", "s.id", "rb.gy", "feedproxy.google.com", "smarturl.it", "lnk.to", "linktr.ee", "bddy.me",
              "cbsloc.al", "nyti.ms", "wapo.st", "reut.rs", "bbc.in", "cnn.it", "on.wsj.com", "politi.co", "n.pr",
              "eepurl.com", "list-manage.com", "mailchi.mp"}  # (the last three: newsletter sign-ups)
SHOPS = {"ebay.com", "walmart.com", "bestbuy.com", "target.com", "etsy.com", "aliexpress.com", "newegg.com",
         "bhphotovideo.com", "homedepot.com/p", "apps.apple.com", "itunes.apple.com", "music.apple.com",
         "store.apple.com", "microsoft.com/store", "store.steampowered.com", "ticketmaster.com", "livenation.com",
         "eventbrite.com", "stubhub.com", "seatgeek.com", "booking.com", "expedia.com", "tripadvisor.com",
         "airbnb.com", "hotels.com", "kayak.com", "zalando.de", "otto.de", "flipkart.com", "rakuten.com",
         "shopstyle.com", "ssense.com", "nordstrom.com", "macys.com", "sephora.com", "ulta.com", "wayfair.com",
         "costco.com", "kohls.com", "overstock.com", "zappos.com", "chewy.com", "gamestop.com", "humblebundle.com",
         # affiliate and ad networks: the address is a redirect that earns a commission
         "go.redirectingat.com", "go.skimresources.com", "linksynergy.com", "anrdoezrs.net", "jdoqocy.com",
         "tkqlhce.com", "dpbolvw.net", "kqzyfj.com", "awin1.com", "prf.hn", "shareasale.com", "avantlink.com",
         "pntra.com", "pjtra.com", "pjatr.com", "howl.me", "fave.co", "geni.us", "rstyle.me", "narrativ.com",
         "viglink.com", "sovrn.com", "zdbb.net", "ojrq.net", "impact.com", "sjv.io", "doubleclick.net",
         "googleadservices.com", "adclick.g.doubleclick.net", "outbrain.com", "taboola.com", "amazon-adsystem.com",
         "bam-x.com", "shop-links.co", "fmtc.co", "click.linksynergy.com", "redirect.viglink.com", "tidd.ly",
         "tradedoubler.com", "webgains.com", "partner-ads.com", "adtraction.com", "financeads.net", "belboon.com",
         "zanox.com", "digidip.net", "awin.com", "tradetracker.net", "adcell.de", "affilinet.de"}
# Registered domains whose first label names a shop or a reference work in every country ("amazon.co.uk").
SITE_LABELS = {"amazon", "ebay", "wikipedia", "imdb", "aliexpress", "google", "idealo", "pricerunner", "airbnb",
               "booking", "expedia", "tripadvisor", "zalando", "etsy"}
EXCLUDED = {**{h: "social" for h in SOCIAL}, **{h: "reference" for h in REFERENCE},
            **{h: "shortener" for h in SHORTENERS}, **{h: "shop" for h in SHOPS}}
# Picture libraries and stock agencies: a link to one (a photographer's page there, "Foto: name / Pixabay")
# credits a picture, never the text.
PICTURE_HOSTS = {"pixabay.com", "unsplash.com", "pexels.com", "shutterstock.com", "gettyimages.com", "gettyimages.de",
                 "gettyimages.co.uk", "istockphoto.com", "stock.adobe.com", "depositphotos.com", "dreamstime.com",
                 "123rf.com", "alamy.com", "alamy.de", "freepik.com", "fotolia.com", "colourbox.de", "colourbox.com"}
EXCLUDED.update({h: "image" for h in PICTURE_HOSTS})
KEPT_GOOGLE = ("docs.google.com", "drive.google.com", "sites.google.com", "blog.google")
# Search and lookup services ("Google Scholar" after each reference of a paper), licences, donation and
# membership platforms, code hosting and package indexes (a project's own page: what is written about,
# not where it was read), documentation sites.
SERVICES = {
    **{h: "search" for h in ("scholar.google.com", "bing.com", "duckduckgo.com", "search.yahoo.com", "baidu.com",
                             "yandex.ru", "ecosia.org", "startpage.com", "worldcat.org", "scholar.archive.org")},
    **{h: "licence" for h in ("creativecommons.org", "gnu.org/licenses", "opensource.org/licenses",
                              "choosealicense.com", "opendatacommons.org")},
    **{h: "support" for h in ("steadyhq.com", "paypal.com", "paypal.me", "ko-fi.com", "buymeacoffee.com",
                              "flattr.com", "liberapay.com", "betterplace.org", "donorbox.org", "givebutter.com",
                              "substack.com/subscribe", "memberful.com", "piano.io", "tinypass.com")},
    **{h: "project-page" for h in ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "pypi.org",
                                   "npmjs.com", "rubygems.org", "crates.io", "packagist.org", "nuget.org",
                                   "marketplace.visualstudio.com", "chrome.google.com", "addons.mozilla.org",
                                   "wordpress.org/plugins", "sourceforge.net/projects")},
    **{h: "reference" for h in ("docs.python.org", "developer.mozilla.org", "readthedocs.io", "readthedocs.org",
                                "docs.oracle.com", "learn.microsoft.com", "docs.microsoft.com", "man7.org",
                                "w3schools.com", "stackoverflow.com", "stackexchange.com")},
}
# A code host's page of one project ("github.com/owner/repo"); deeper pages (an issue, a pull request,
# a commit) record what a sentence says happened.
PROJECT_DEPTH = 2
IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|heic|avif)$", re.I)
# A sound or video file: the episode or clip itself (a podcast's download), not a page a sentence rests on.
MEDIA = re.compile(r"\.(?:mp3|m4a|aac|ogg|oga|opus|wav|flac|mp4|m4v|mov|webm|mkv|avi)$", re.I)
# A page that is a form to write to someone ("Kontaktformular", "contact us"), wherever it sits in the path.
CONTACT_SEGMENT = re.compile(r"^(?:contact|contacts|contact-us|kontakt|kontaktformular|contacto|contatti|"
                             r"nous-contacter|contactez-nous)(?:[_-]\w+)?(?:\.\w+)?$", re.I)
# A host name is letters, digits, hyphens and dots: an href of words ("http://The text above is ...") is none.
HOST_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
SHOP_SEGMENT = re.compile(r"^(?:p|dp|gp|product|products|produkt|produkte|produit|produits|producto|productos|"
                          r"prodotto|item|items|artikel-kaufen|shop|store|kaufen|buy|cart|warenkorb|basket)$", re.I)
PROFILE_SEGMENT = re.compile(r"^(?:faculty|people|person|persons|(?:meet-)?(?:our-|the-)?team|staff|profile|profiles|"
                             r"experts?|mitarbeiter(?:innen)?|bio|biography|speakers?|members?|directory)$", re.I)

# Query keys that only count a visit (an ad click, a campaign, a newsletter): they make no other page.
TRACKING_KEY = re.compile(r"^(?:utm_\w+|gclid|gclsrc|dclid|fbclid|msclkid|yclid|mc_cid|mc_eid|a_cid|_ga|ref|"
                          r"ref_src|igshid|wt_mc|wt\.mc_id|cmpid|campaign|s_cid)$", re.I)
# First host labels of a site's directory of people ("profiles.stanford.example/first-last").
PROFILE_HOSTS = {"profiles", "profile", "people", "directory", "faculty", "experts", "staff"}
# A file of source code or a binary build (".../blob/master/src/Tsne.java", "firmware-v07.hex").
CODE_FILE = re.compile(r"\.(?:java|py|c|h|cc|cpp|hpp|js|ts|rs|go|rb|php|pl|sh|hex|bin|exe|dmg|msi|apk|deb|rpm|jar|"
                       r"whl|zip|tar|gz|tgz|bz2|xz|7z|el|lisp|hs|kt|swift|scala)$", re.I)

# Paths of pages that are a site's furniture, not something a sentence rests on.
NAV_SEGMENT = re.compile(  # in first place: lists of pages by tag, topic, author, or a search (in the
    # languages of the registry's outlets)
    r"^(?:tags?|topics?|category|categories|sections?|authors?|people|profiles?|users?|hashtag|search|"
    r"staff|contributors?|columnists?|themen|thema|themes?|temas?|temi|sujets?|stichworte?|schlagworte?|"
    r"schlagwort|rubriken|rubrik|rubriques?|ressorts?|kategorien?|categorie|categorias?|categoria|"
    r"etiquetas?|etichette|autoren|autor|autores|auteurs?|autore|dossiers?|suche|recherche|buscar|cerca)$", re.I)
NAV_PAGE = re.compile(  # a whole path: the site's own furniture
    r"^(?:about|about-us|contact|contact-us|login|log-in|signin|sign-in|register|signup|sign-up|privacy|"
    r"privacy-policy|terms|terms-of-use|terms-of-service|cookies?|advertise|careers|jobs|shop|store|cart|"
    r"checkout|buy|donate|account|membership|subscribe|subscriptions?|newsletters?|feed|rss|podcasts?|"
    r"videos?|live|galleries|gallery|photos|news|latest|world|politics|business|sports?|opinion|"
    r"entertainment|tech|technology|science|health|lifestyle|local|national|us|uk|india)$", re.I)
# A page about one player, team, company or stock: a name linked to its entry in a database.
ENTITY_SEGMENT = re.compile(r"^(?:players?|teams?|athletes?|companies|company-profile|organi[sz]ations|quotes?|"
                            r"symbols?|ticker|stocks?|celebrit(?:y|ies)|biography|person|persons|wiki)$", re.I)
HOME_SEGMENT = re.compile(  # a site's front page, in one language or country ("/de/", "/at/de/home/")
    r"^(?:[a-z]{2}(?:[-_][a-z]{2})?|(?:home|homepage|start|startseite|accueil|inicio|index|default|main)"
    r"(?:\.\w+)?)$", re.I)
AFFILIATE_QUERY = re.compile(r"(?:^|&)(?:tag=[\w-]+-2\d|afftrack=|affid=|aff_id=|affiliate|utm_medium=affiliate)", re.I)
LEAD_LABEL = re.compile(
    r"^\W*(?:read\s+more|related(?:\s+(?:stories|articles|coverage|content|links?|reading))?|also\s+read|see\s+also|"
    r"read\s+also|further\s+reading|recommended|suggested|more\s+(?:on|from|about)\b[^:]*|watch|listen|read|"
    r"more|trending|latest|popular|previously|editor'?s\s+picks?|top\s+stories|sign\s+up|subscribe|follow\s+us|"
    r"download|get\s+the\s+app)\s*[:|»›>–—-]", re.I)
# A sentence sending the reader somewhere for more ("more information at ...", "Infos und Fahrplan unter
# ...", "die Bestimmungen finden Sie auf der Webseite ...") points to a service; it does not say where the
# page's information came from. Words of the registry's outlets' languages.
POINTER = re.compile(
    r"(?i)\b(?:more|further|additional|weitere[n]?|mehr|nähere|plus\s+d['’]|más|ulteriori|maggiori|mais)\s+"
    r"(?:info\w*|details?|détails|detalles|dettagli|einzelheiten)\b"
    r"|\b(?:infos?|informationen|information)\s+(?:und|and|&|zu[mr]?|on|about|sur|unter|finden|gibt)\b"
    r"|\b(?:finden|findet|erfahren)\s+(?:sie|ihr)\b|\b(?:sie|ihr)\b[^.\n]{0,80}\b(?:finden|erfahren|nachlesen|"
    r"informieren)\b|\binformieren\s+sie\s+sich\b|\b(?:find|learn)\s+out\s+more\b|\bfor\s+details\b"
    r"|\bvisit\s+(?:the|their|our)\s+(?:website|site|page)\b"
    # where something is to be had: "instructions can be found here", "gibt's hier zu hören", "saiba mais"
    r"|\b(?:can|may)\s+be\s+(?:found|downloaded|read|heard|watched)\b|\bis\s+available\s+(?:here|at|on|from)\b"
    r"|\bhier\s+(?:zu\s+)?(?:hören|sehen|anschauen|nachlesen|herunterladen|downloaden)\b|\bsaiba\s+mais\b"
    r"|\b(?:en\s+savoir|pour\s+en\s+savoir)\s+plus\b|\bpuede\s+(?:consultarse|descargarse)\b"
    # the reader told where to click, look or fetch something: "for a full list, click here", "please consult
    # our handbook", "aktuelle Infos hier", "Infos hierzu findet man", "über weitere Ausnahmen informiert das
    # Ministerium", "download the latest version from", "hier kannst du dir ein Tutorial ansehen"
    r"|\b(?:click|tap)\s+(?:here|below|this|on\s+the\s+link)\b|\bklicken\s+sie\b|\bhier\s+klicken\b|\bcliquez\b"
    r"|\bplease\s+(?:consult|see|refer\s+to|visit|check|read)\b|\baktuelle\s+(?:infos?|informationen)\b"
    r"|\binfos?\s+(?:hierzu|dazu|hier)\b|\binformier(?:t|en)\s+(?:\w+\s+){0,3}?über\b"
    r"|\büber\b[^.\n]{0,60}\binformier(?:t|en)\s+(?:das|die|der|den)\b"
    r"|\b(?:download|herunterladen|runterladen|télécharger|descargar|scaricare)\b"
    r"|\b(?:kannst\s+du|könnt\s+ihr)\b[^.\n]{0,80}\b(?:ansehen|anschauen|nachlesen|lesen|finden|hören)\b"
    r"|\byou\s+can\s+(?:find|read|watch|see|listen\s+to|view|sign)\b[^.\n]{0,40}\b(?:here|below|at|on)\b")
# A sentence selling or asking something of the reader: subscriptions, sign-ups, donations, streams.
PROMO = re.compile(
    r"(?i)\b(?:subscribe|subscription|sign\s+up|register(?:\s+now)?|registrieren|abonnieren|abonnez|"
    r"newsletter|support\s+(?:our|us)\b|donate|delivered\s+(?:to|through)\s+your|issues\s+for|"
    r"jetzt\s+(?:bestellen|kaufen|testen)|im\s+stream|livestream|watch\s+live|"
    r"would\s+you\s+consider\s+supporting|submit\s+(?:your|a)\s+(?:letter|story|question|comment|tip)|"
    r"anmelden|(?:le|la|les)\s+signer|signez|sign\s+(?:it|the|our|this)\s+(?:here|petition|appeal)"
    # "Follow NBC Latino on Facebook, Twitter and Instagram", "Folgt uns auf Instagram"
    r"|\b(?:follow|folgt|folgen\s+sie|suivez|siga|segui|sigue)\b[^.\n]{0,60}\b(?:on|auf|sur|en|no|su)\s+"
    r"(?:facebook|twitter|instagram|tiktok|youtube|linkedin|telegram|x\b))")
# Words saying that a sentence rests on what it names (a reporting verb, a kind of publication, figures, a
# quotation mark), in the languages of the registry's outlets. A name linked to its owner's own site in a
# sentence with none of them is the thing written about ("There's a solution: Dokku."), not a source.
SUPPORT = re.compile(
    r"(?i)\b(?:said|says|say|told|tells|report(?:s|ed|ing)?|wr(?:ote|ites|itten)|not(?:ed|es)|found|finds|"
    r"show(?:s|ed|n)?|according|publish(?:ed|es)|announc(?:ed|es|ement)|stat(?:ed|ement|ements)|"
    r"reveal(?:ed|s)|count(?:ed|s)|estimat(?:ed|es)|stud(?:y|ies)|surveys?|papers?|articles?|analys[ie]s|"
    r"data|figures|statistics|polls?|interview(?:s|ed)?|claim(?:s|ed)|warn(?:s|ed)|explain(?:s|ed)|"
    r"confirm(?:s|ed)|cit(?:es|ed)|quot(?:es|ed)|releas(?:e|es|ed)|featured|journal|research(?:ers)?|"
    r"sagt(?:e|en)?|bericht(?:et|ete|eten|en|e)?|schr(?:eibt|ieb|ieben)|laut|zufolge|meld(?:et|ete|ung)|"
    r"studien?|beitrag|artikel|daten|zahlen|umfrage|interviewt(?:e)?|erkl(?:ärt|ärte|ärten)|mitgeteilt|"
    r"veröffentlicht(?:e|en)?|angaben|zitiert|pressemitteilung|mitteilung|zeitschrift|"
    r"selon|d['’]après|déclar(?:é|e|ait)|rapport(?:e|é)|indiqu(?:e|é)|révél(?:é|e)|étude|publi(?:é|ée|e)|"
    r"enquête|communiqué|chiffres|données|revue|affirm(?:e|é)|expliqu(?:e|é)|"
    r"según|inform(?:ó|a)|public(?:ó|a)|estudio|datos|dijo|segundo|disse|informou|estudo|dados|secondo|"
    r"detto|dati|riport(?:a|ato)|scrive|volgens|meldt|schrijft|według|dane|danych|podaje|raport|badani[ae]|"
    r"via|based\s+on|graph|chart|sources?|quelle|project(?:s|ed|ions?)|predict(?:s|ed)|forecasts?|"
    r"conclud(?:es|ed)|expects?|percent|per\s+cent|prozent|pour\s+cent)\b"
    r"|[“”„«»\"%]|по\s+данным|сообщ\w+|ссылкой|заяви\w+")
# Words of a publication's name ("MedCity News", "The Local Gazette"): a name linked to its site is its credit.
OUTLET_WORD = re.compile(r"(?i)\b(?:news|times|post|journal|daily|zeitung|magazin|magazine|radio|tv|press|presse|"
                         r"tribune|gazette|herald|review|report|reporter|nachrichten|noticias|notizie|journal)\b")
NAME_STOP = {"the", "of", "and", "for", "de", "der", "die", "das", "des", "la", "le", "les", "du", "und", "et", "y"}
# An affiliate link's mark: a star right after the anchor ("Living Crafts*"), explained in a footnote.
AFFILIATE_MARK = re.compile(r"^\s?\*")
SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s)|\n")
ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[0-9a-z_*]+/((?:https?://)?[^/]+\..+)$", re.I)


def unarchived(url: str) -> str:
    """The address a web archive's copy keeps, for an archived copy; else URL itself."""
    archived = ARCHIVED.match(url)
    if archived is None:
        return url
    inner = archived.group(1)
    return inner if "://" in inner else "http://" + inner


@dataclass(frozen=True)
class BodyLink:
    """A link found in the stored text: its absolute address and its anchor's offsets."""

    url: str
    host: str
    anchor: str
    start: int
    end: int
    refused: str | None  # why it is no credit, or None


def norm(text: str) -> str:
    """Text as compared: NFC, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """The text with whitespace runs as one space, and for each of its characters the offset in TEXT."""
    out: list[str] = []
    where: list[int] = []
    space = True  # leading whitespace dropped
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        out.append(ch)
        where.append(i)
        space = False
    return "".join(out), where


def block_of(a: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The nearest element around the link that is not inline: its paragraph, list item or cell."""
    node = a.getparent()
    while node is not None and isinstance(node.tag, str) and node.tag.lower() in INLINE:
        node = node.getparent()
    return node if node is not None else a


def block_text(block: lxml_html.HtmlElement) -> tuple[str, dict[lxml_html.HtmlElement, tuple[int, int]]]:
    """BLOCK's text (scripts and comments left out) and where each link inside it starts and ends in it:
    one walk per block, however many links it holds."""
    out: list[str] = []
    size = 0
    # Keyed by the elements themselves, which keeps their proxies alive (lxml makes a new proxy, maybe
    # at a freed one's address, for a node whose proxy was dropped: an id() would not be stable).
    spans: dict[lxml_html.HtmlElement, tuple[int, int]] = {}

    def add(piece: str) -> None:
        nonlocal size
        out.append(piece)
        size += len(piece)

    def walk(el: lxml_html.HtmlElement) -> None:
        if not isinstance(el.tag, str) or el.tag.lower() in SKIPPED:
            return
        begin = size
        if el.tag.lower() == "br":
            add(" ")
        if el.text:
            add(el.text)
        for child in el:
            walk(child)
            if child.tail:
                add(child.tail)
        if el.tag.lower() == "a":
            spans[el] = (begin, size)

    walk(block)
    return "".join(out), spans


def box_word(word: str) -> bool:
    """Whether a class or id word names a box that is not the article's text (see BOX_PARTS)."""
    parts = [p for p in re.split(r"[-_:.]+", re.sub(r"(?<=[a-z])(?=[A-Z])", "-", word).lower()) if p]
    if not parts or any(p in CONTENT_PARTS for p in parts):
        return False
    ends = {parts[0], parts[-1], "".join(parts[:2]), "".join(parts[-2:])}
    return bool(ends & BOX_PARTS)


def not_body(a: lxml_html.HtmlElement) -> str | None:
    """Why the link sits outside the article's own text (a menu, a caption, a related-stories box)."""
    node = a.getparent()
    depth = 0
    while (node is not None and isinstance(node.tag, str) and node.tag.lower() not in ("body", "html")
           and depth < ANCESTORS_LOOKED_AT):
        if node.tag.lower() in NOT_BODY_TAGS:
            return node.tag.lower()
        if any(box_word(w) for w in f"{node.get('class') or ''} {node.get('id') or ''}".split()):
            return "box"
        node = node.getparent()
        depth += 1
    return None


def refused_url(url: str, rel: str, own_sites: set[str]) -> str | None:
    """Why a link's address is no source: see the module docstring."""
    parts = split(url)
    host = hostname_of(url)
    if parts is None or parts.scheme not in ("http", "https") or not host:
        return "not-http"
    host = host.removeprefix("www.")
    if not HOST_NAME.match(host):
        return "not-http"  # an href of words, not an address
    site = site_of(host)
    numeric = site.replace(".", "").isdigit()  # an IP address: its first label names no outlet
    if site in own_sites or not numeric and site.split(".")[0] in {own.split(".")[0] for own in own_sites
                                                                  if "." in own}:
        return "own-site"  # (the same name under another country's domain: businessinsider.de, .com)
    if sister_site(host, own_sites) or brand_site(site, own_sites):
        return "own-site"
    if "sponsored" in rel.lower().split():
        return "shop"
    labels = host.split(".")
    path = unquote(parts.path)
    segments = [seg for seg in path.split("/") if seg]
    for i in range(len(labels) - 1):
        suffix = ".".join(labels[i:])
        for key in (f"{suffix}/{segments[0]}" if segments else None, suffix):
            if key in EXCLUDED and not (EXCLUDED[key] == "reference" and host.endswith(KEPT_GOOGLE)):
                return EXCLUDED[key]
            if key in SERVICES:
                if SERVICES[key] == "project-page" and len(segments) > PROJECT_DEPTH:
                    break
                return SERVICES[key]
    if site_of(host).split(".")[0] in SITE_LABELS and not host.endswith(KEPT_GOOGLE):
        return "shop" if site_of(host).split(".")[0] not in ("wikipedia", "imdb", "google") else "reference"
    if segments and segments[0].startswith("@"):
        return "social"  # medium.com/@name and its kind: a person's page on a platform
    if AFFILIATE_QUERY.search(parts.query) or any(SHOP_SEGMENT.match(seg) for seg in segments[:-1]):
        return "shop"
    if len(labels) > 2 and SHOP_SEGMENT.match(labels[0]) and labels[0].lower() not in ("p", "item", "items"):
        return "shop"  # a publisher's or brand's shop under its own host ("shop.publisher.example/book-title")
    if len(labels) > 2 and labels[0].lower() in PROFILE_HOSTS:
        return "profile"  # "profiles.university.example/name": a directory of people
    query = [k for k in parse_qs(parts.query) if not TRACKING_KEY.match(k)]
    if all(HOME_SEGMENT.match(seg) for seg in segments) and not query:
        return "home-page"  # (an ad's click number on a front page, "?gclid=...", is still the front page)
    if segments and (NAV_SEGMENT.match(segments[0]) or (len(segments) == 1 and NAV_PAGE.match(segments[0]))):
        return "navigation"
    if any(ENTITY_SEGMENT.match(seg) for seg in segments[:3]):
        return "entity-page"
    if any(PROFILE_SEGMENT.match(seg) for seg in segments[:3]):
        return "profile"
    if segments and IMAGE.search(segments[-1]):
        return "image"
    if segments and MEDIA.search(segments[-1]):
        return "media"
    if any(CONTACT_SEGMENT.match(seg) for seg in segments):
        return "navigation"
    if any(SERVICES.get(c) == "project-page" for c in host_candidates(host)) and segments and \
            CODE_FILE.search(segments[-1]):
        return "project-page"  # one file of a project's code or a build of it: what the text is about
    if redirect_target(parts.query, site):
        return "shop"  # a tracking redirect to another site: an ad or affiliate network's click address
    return None


def redirect_target(query: str, site: str) -> str | None:
    """The address on another site a link's query hands on ("click.html?wgtarget=https%3A%2F%2Fshop..."),
    or None: a click counter between the page and a shop."""
    for values in parse_qs(query).values():
        for value in values:
            value = value.strip()
            inner = hostname_of(value) if value.lower().startswith(("http://", "https://")) else None
            if inner and site_of(inner.removeprefix("www.")) != site:
                return value
    return None


def sister_site(host: str, own_sites: set[str]) -> bool:
    """Whether HOST is the page's own outlet under another name the registry gives it: a link to
    huffpost.com from huffingtonpost.co.uk, whose site's name is an alias of the linked outlet."""
    reg = registry()
    entry = next((reg.by_domain[c] for c in host_candidates(host) if c in reg.by_domain), None)
    if entry is None:
        return False
    keys = {k for label in (entry.name, *entry.aliases) for k in name_keys(label)}
    return any(own.split(".")[0].replace("-", "") in keys for own in own_sites if "." in own)

BRAND_CHARS = 6  # a shorter first label ("faz", "welt") begins too many unrelated sites' names


def brand_site(site: str, own_sites: set[str]) -> bool:
    """Whether SITE is the page's own brand under a longer name, or the page's under the brand's: one first
    label begins the other (deutschlandfunk.de and deutschlandfunkkultur.de, a party's die-partei.net and its
    branch's die-partei-luebeck.de). The publisher's other site links its own programme, not a source."""
    label = site.split(".")[0]
    for own in own_sites:
        own_label = own.split(".")[0]
        if "." not in own or own_label == label:
            continue
        short, long = sorted((own_label, label), key=len)
        if len(short) >= BRAND_CHARS and long.startswith(short):
            return True
    return False


class Locator:
    """Finds a link's anchor, with the words around it, in the stored text, in document order."""

    def __init__(self, text: str) -> None:
        self.flat, self.where = normalised_with_offsets(text)
        self.cursor = 0

    def holds(self, anchor: str) -> bool:
        """Whether ANCHOR is anywhere in the text: where it is not, `find` finds it nowhere."""
        return bool(anchor) and anchor in self.flat

    def find(self, before: str, anchor: str, after: str) -> tuple[int, int] | None:
        """(start, end) of ANCHOR in the text, where it stands between BEFORE and AFTER; None if nowhere."""
        if not self.holds(anchor):
            return None  # (every needle below holds the anchor)
        attempts = [(before[-30:], after[:30]), (before[-12:], after[:12]), (before[-12:], ""), ("", after[:12])]
        for left, right in attempts:
            needle = left + anchor + right
            if len(needle) < 12 and not (left or right):
                continue
            at = self.flat.find(needle, self.cursor)
            if at < 0:
                at = self.flat.find(needle)
            if at < 0:
                continue
            start = at + len(left)
            end = start + len(anchor)
            self.cursor = end
            return self.where[start], self.where[end - 1] + 1
        return None


def body_links(tree: lxml_html.HtmlElement, text: str, *, page_url: str | None, saved: bool = False
               ) -> list[BodyLink]:
    """Every `<a href>` of the page found in TEXT, with why it is no credit when it is none.

    Args:
        tree: the parsed page.
        text: the document's stored text (what offsets point into).
        page_url: the page's address (or its canonical one), for relative links and its own site.
        saved: the page came without an address (a file): PAGE_URL is what its markup says.
    """
    own_sites = set()
    if page_url and (host := hostname_of(page_url)):
        own_sites.add(site_of(host))
        if (kept := hostname_of(unarchived(page_url))) is not None:
            own_sites.add(site_of(kept))  # an archived copy's site is the site it keeps
    # A saved page has no address of its own: the site its own links go to stands in for it.
    if (saved or not own_sites) and (site := linked_site(tree)) is not None:
        own_sites.add(site)
    locator = Locator(text)
    blocks: dict[lxml_html.HtmlElement, tuple[str, dict[lxml_html.HtmlElement, tuple[int, int]]]] = {}
    out: list[BodyLink] = []
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        block = block_of(a)
        if block not in blocks:
            blocks[block] = block_text(block)
        whole, spans = blocks[block]
        if a not in spans:
            continue  # inside a script or a comment
        s0, s1 = spans[a]
        raw_before, raw_inside, raw_after = whole[:s0], whole[s0:s1], whole[s1:]
        inside = norm(raw_inside)
        if not locator.holds(inside):
            continue  # (most of a page's links, in its menus and sidebars: the words around them are not read)
        before, after = norm(raw_before[-200:]), norm(raw_after[:200])
        if before and (raw_before[-1:].isspace() or raw_inside[:1].isspace()):
            before += " "
        if after and (raw_inside[-1:].isspace() or raw_after[:1].isspace()):
            after = " " + after
        place = locator.find(before, inside, after)
        if place is None:
            continue
        try:
            url = urljoin(page_url or "", href)
        except ValueError:
            continue
        url = unarchived(url)  # an archived copy stands for the page it keeps
        host = (hostname_of(url) or "").removeprefix("www.")
        refused = refused_url(url, " ".join(a.get("rel", "").split()), own_sites) or not_body(a) \
            or list_line(text, *place) or reader_line(text, *place) or affiliate_mark(text, place[1]) \
            or subject_link(text, *place, host) or name_profile(text, *place, url) or explainer_link(text, *place, url)
        out.append(BodyLink(url, host, text[place[0]:place[1]], place[0], place[1], refused))
    return out


def list_line(text: str, start: int, end: int) -> str | None:
    """"related" when the link is its whole line, or the line is labelled as a list of other stories."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if LEAD_LABEL.match(line):
        return "related"
    left, right = text[line_start:start], line[end - line_start:]
    if re.fullmatch(r"\s*[\[(]\s*", left) and re.fullmatch(r"\s*[\])]\W*", right):
        return None  # "[Engadget]" under a quoted excerpt: the excerpt's source mark
    others = len(re.findall(r"\w+", left)) + len(re.findall(r"\w+", right))
    return "related" if others <= 2 else None


def reader_line(text: str, start: int, end: int) -> str | None:
    """"pointer" or "promo" when the link's sentence addresses the reader (see POINTER, PROMO)."""
    s0, s1 = sentence_of(text, start, end)
    sentence = text[s0:s1]
    if PROMO.search(sentence):
        return "promo"
    if POINTER.search(sentence):
        return "pointer"
    return "pointer" if polite_imperative(sentence) else None


# German's polite imperative opening a clause ("Achten Sie darauf ...", "dann nehmen Sie das Rezept",
# "Tipp: Überprüfen Sie Ihr Wissen"): the reader is told to do something, not told where a fact came from.
IMPERATIVE_SIE = re.compile(r"(?:^[-–•*]?\s*|[:;,–—]\s+|\b(?:dann|und|bitte)\s+)[^\W\d_]+(?:en|eln|ern)\s+Sie\b")


def polite_imperative(sentence: str) -> bool:
    """Whether SENTENCE tells the reader what to do in German's polite form, with no SUPPORT word (a question
    "Wissen Sie, ...?" asks, and "laut einer Studie sollten Sie" rests on the study)."""
    match = IMPERATIVE_SIE.search(sentence.strip())
    return match is not None and "?" not in sentence[match.end():] and not SUPPORT.search(sentence)


def name_forms(anchor: str) -> set[str]:
    """How a name in an anchor can be spelled as a host label: its words run together (all, or without
    "the", "of", "and"), its initials ("Customs and Border Protection": cbp), initials and last word
    ("TransPennine Express": tpexpress). The whole anchor is the name: "Fan Vote" is not vote.example's."""
    split_camel = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", anchor)
    words = [w.lower() for w in re.findall(r"[^\W_]+", anchor)]
    parts = [w.lower() for w in re.findall(r"[^\W_]+", split_camel)]
    content = [w for w in parts if w not in NAME_STOP]
    forms = {"".join(words), "".join(w for w in words if w not in NAME_STOP), "".join(content)}
    if len(content) >= 2:
        forms.add("".join(w[0] for w in content))
        forms.add("".join(w[0] for w in content[:-1]) + content[-1])
    return {f for f in forms if len(f) >= 3}


def subject_link(text: str, start: int, end: int, host: str) -> str | None:
    """"subject" when the link is on a name (a tool, a hotel, a company, an association) that its host
    spells, and its sentence says nothing rests on it (no SUPPORT word): the thing written about, linked to
    its own site."""
    anchor = text[start:end].strip().strip(QUOTE_MARKS).strip()  # a name in quotation marks: „Brücke 49“
    if not anchor or not anchor[0].isupper() or len(anchor.split()) > 6 or "://" in anchor:
        return None
    labels = {label.replace("-", "") for label in host.lower().split(".")[:-1]} - {"www"}
    forms = name_forms(anchor) | {"".join(folded_words(anchor)), "".join(plain_words(anchor))}
    if not labels & forms or OUTLET_WORD.search(anchor):
        return None
    reg = registry()
    if any(c in reg.by_domain for c in host_candidates(host)):
        return None  # an outlet the registry knows, named and linked: its credit
    s0, s1 = sentence_of(text, start, end)
    # Quotation marks around a name or a title of a few words („Amrumbank“/„Deutsche Bucht“) name it; they
    # quote nobody, so they are no SUPPORT.
    sentence = SHORT_QUOTED.sub(lambda m: m.group(1), text[s0:s1])
    return None if SUPPORT.search(sentence) else "subject"


QUOTE_MARKS = "„“”\"«»‚‘’‹›"
SHORT_QUOTED = re.compile(r"[„“”\"«»‹›‚‘]\s*((?:[^\s„“”\"«»‹›‚‘’]+\s*){1,4}?)[“”\"«»‹›‘’]")


def plain_words(text: str) -> list[str]:
    """Words of TEXT, case-folded, accents and umlauts dropped ("Brücke" -> brucke), as hosts spell them too."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return re.findall(r"[^\W_]+", "".join(c for c in folded if not unicodedata.combining(c)))


TITLES = {"dr", "prof", "professor", "phd", "md", "mag", "dipl", "ing", "mr", "mrs", "ms"}
# Small words that a name never is but a title often has ("Meta Programming In Python" is a post's title).
SMALL_WORDS = {"a", "an", "the", "in", "on", "of", "to", "for", "and", "or", "with", "how", "why", "what", "is",
               "are", "der", "die", "das", "und", "im", "zu", "mit", "von", "le", "la", "les", "et", "un", "une"}


# Possessive and personal pronouns: a name never holds one, a title often does ("Share Your Garden", "Knips
# Deinen Krempel").
PRONOUNS = {"my", "your", "our", "their", "mein", "meine", "meinen", "dein", "deine", "deinen", "deiner", "unser",
            "unsere", "unseren", "euer", "eure", "euren", "mon", "ma", "mes", "ton", "ta", "tes", "notre", "votre",
            "mi", "tu", "tus", "nuestro", "nuestra", "il", "tuo", "tua", "nostro", "nostra"}


def folded_words(text: str) -> list[str]:
    """Words of TEXT, case-folded, accents dropped, umlauts spelt out ("Jäger" -> jaeger)."""
    out = []
    for word in re.findall(r"[^\W_]+", text.casefold()):
        plain = unicodedata.normalize("NFKD", word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                                      .replace("ß", "ss"))
        out.append("".join(c for c in plain if not unicodedata.combining(c)))
    return out


def name_profile(text: str, start: int, end: int, url: str) -> str | None:
    """"profile" when the link is on a name and its address is that name's own page: the last part of its
    path is the name and nothing more ("Wendy Garrett" -> /wendy-garrett/, "Rechtsanwalt Till Jaeger" ->
    /anwaelte/dr-till-jaeger, "Bushmeat Research Initiative" -> /bushmeat-research-initiative/). A person's
    or a body's page says who they are; a story about them has more words in its address than the name."""
    parts = split(url)
    if parts is None:
        return None
    segments = [seg for seg in unquote(parts.path).split("/") if seg]
    if staff_page(text[start:end], unquote(parts.path)) or lab_page(text[start:end], url):
        return "profile"
    if not segments or article_address(url):
        return None
    slug = [w for w in folded_words(segments[-1].rsplit(".", 1)[0]) if w not in TITLES]
    anchor = text[start:end]
    capitals = [w for w in re.findall(r"[^\W\d_]+", anchor) if w[0].isupper()]
    if not 2 <= len(slug) <= 4 or len(capitals) < 2 or SMALL_WORDS & set(slug) or min(map(len, slug)) < 2:
        return None
    if PRONOUNS & set(folded_words(anchor)):
        return None  # "Knips Deinen KULT Krempel": a pronoun makes it a title (a contest's, a post's), no name
    words = set(folded_words(anchor))
    return "profile" if all(w in words for w in slug) else None


# An address that explains a term: "what is a sting jet", "black holes: facts", a glossary, an A-Z.
EXPLAINER_PATH = re.compile(
    r"(?:^|[/_-])(?:what-(?:is|are)|was-(?:ist|sind)|qu-est-ce|que-es|facts|learn-about|glossary|glossar|"
    r"lexikon|definition|explained|explainer|encyclop[a-z]*|dictionary|woerterbuch|wörterbuch|faqs?)(?=$|[/_.-])",
    re.I)
TERM_WORDS = 4  # a term linked to its explanation is short; a longer anchor says something


# Words of an address naming a page of people ("/scientific-staff-detail/3862/first-middle-last",
# "/resources/meet-acme-first-last-vice-president").
STAFF_WORDS = {"staff", "team", "people", "faculty", "profile", "profiles", "bio", "biography", "experts", "expert",
               "mitarbeiter", "mitarbeiterin", "meet", "person", "directory"}


def staff_page(anchor: str, path: str) -> bool:
    """Whether a person's name (two to four capitalised words) is linked to a page of a people directory: the
    address holds every word of the name and a STAFF_WORDS part, and is no dated story. Who the person is,
    not what the sentence says."""
    capitals = [w for w in re.findall(r"[^\W\d_]+", anchor) if w[0].isupper()]
    words = [w for w in folded_words(anchor) if w not in TITLES]
    if DATED_PATH.search(path) or not 2 <= len(words) <= 4 or len(capitals) < 2 or set(words) & SMALL_WORDS:
        return False
    in_path = set(folded_words(path))
    return bool(in_path & STAFF_WORDS) and all(w in in_path for w in words)


# Words of an address naming a research group's or a team's page ("/h-teams-fr/h-jay-fr", "/labs/okafor/").
LAB_WORDS = {"lab", "labs", "laboratory", "team", "teams", "group", "groups", "equipe", "equipes", "arbeitsgruppe",
             "arbeitsgruppen", "researchgroup", "forschungsgruppe"}


def lab_page(anchor: str, url: str) -> bool:
    """Whether a person's name (two or three words, each capitalised and none in capitals only, no figure) is
    linked to the page of their lab or team: a part of the address is the surname alone ("/buck/en.html"), or
    the address has a LAB_WORDS part and the surname in a part ("/h-teams-fr/h-jay-fr"). Not a piece of writing
    (`article_address`). Who the person is and where they work, not what the sentence says."""
    words = re.findall(r"[^\W\d_]+", anchor)
    if re.search(r"\d|§", anchor) or not 2 <= len(words) <= 3 or set(folded_words(anchor)) & SMALL_WORDS:
        return False
    if not all(w[0].isupper() and not w.isupper() for w in words):
        return False
    parts = split(url)
    if parts is None or article_address(url):
        return False
    segments = [seg.lower() for seg in unquote(parts.path).split("/") if seg]
    surname = folded_words(words[-1])[0]
    if len(surname) < 3 or len(segments) > 5:
        return False
    pieces = [set(folded_words(seg.rsplit(".", 1)[0] if "." in seg else seg)) for seg in segments]
    alone = any(seg.rsplit(".", 1)[0] == surname for seg in segments)
    lab = any(piece & LAB_WORDS for piece in pieces) and any(surname in piece for piece in pieces)
    return alone or lab


def term_page(anchor: str, path: str) -> bool:
    """Whether a term (at most TERM_WORDS words, no figure, no SUPPORT word, not capitalised like a title) is
    linked to a page named for it and nothing more: the last part of the address is the term
    ("undefined behavior" -> /2018/08/17/undefined-behavior.html, "code of conduct" -> /policies/code-of-conduct).
    A page named for a term is background reading on it; a source of the sentence is named for what it says."""
    words = anchor.split()
    if re.search(r"\d", anchor) or not 0 < len(words) <= TERM_WORDS or SUPPORT.search(anchor):
        return False
    if any(w[:1].isupper() and w.lower() in SMALL_WORDS for w in words[1:]):
        return False  # "Meta Programming In Python": a post's title, capitalised as one
    if len(words) >= 3 and all(w[:1].isupper() for w in words):
        return False  # "Knips Deinen KULT Krempel": a title (a contest's, a post's), every word capitalised
    segments = [seg for seg in path.split("/") if seg]
    if not segments or segments[-1].lower().endswith(".pdf"):
        return False
    slug = [w for w in folded_words(segments[-1]) if w not in ("html", "htm", "php", "aspx", "shtml")]
    return slug == folded_words(anchor)


def explainer_link(text: str, start: int, end: int, url: str) -> str | None:
    """"reference" when a term (a short anchor, no figure in it, every word of it in the address) is linked
    to a page explaining it (EXPLAINER_PATH: "sting jet" -> /what-is-a-sting-jet-...): background for the
    reader, not the source of the sentence."""
    parts = split(url)
    anchor = text[start:end]
    if parts is not None and term_page(anchor.strip(), unquote(parts.path)):
        return "reference"
    if parts is None or re.search(r"\d", anchor) or not 0 < len(anchor.split()) <= TERM_WORDS:
        return None
    path = unquote(parts.path).lower()
    if path.endswith(".pdf") or not EXPLAINER_PATH.search(path):
        return None
    words = set(folded_words(path))
    term = [w for w in folded_words(anchor) if w not in SMALL_WORDS]
    return "reference" if term and all(w in words for w in term) else None


def affiliate_mark(text: str, end: int) -> str | None:
    """"shop" when a star follows the anchor: the mark of an affiliate link."""
    return "shop" if AFFILIATE_MARK.match(text[end:end + 2]) else None


def sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Where sentences end between START and END: a stop followed by a word that does not start in
    lower case ("bzw. für", "e.g. the" go on), or a line break."""
    out = []
    for match in SENTENCE_END.finditer(text, start, end):
        after = text[match.end():match.end() + 3].lstrip()
        if match.group(0) == "\n" or not after or not after[0].islower():
            out.append(match.end())
    return out


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [START, END): from the end of the previous one to the end of this one."""
    before = sentence_ends(text, max(0, start - 400), start)
    after = sentence_ends(text, end, min(len(text), end + 600))
    return (before[-1] if before else max(0, start - 400)), (after[0] if after else min(len(text), end + 600))


def host_names_source(host: str, name: str) -> bool:
    """Whether the link's host is the named outlet's: by the registry, or the name spelled as the host."""
    keys = set(name_keys(name))
    if not keys:
        return False
    reg = registry()
    for candidate in host_candidates(host):
        entry = reg.by_domain.get(candidate)
        if entry is not None:
            return any(k in keys for label in (entry.name, *entry.aliases) for k in name_keys(label))
    label = site_of(host).split(".")[0].replace("-", "")
    return label in keys


# An address that is a piece of writing or a record, not a site's front, product or service page: a
# document, a scholarly record, a dated path ("/2019/11/05/", "201911"), a long number ("articleshow/71797878"),
# a headline in the address (a segment of five words or more).
DOC_HOSTS = ("doi.org", "ncbi.nlm.nih.gov", "arxiv.org", "pubmed.ncbi.nlm.nih.gov", "europepmc.org", "ssrn.com",
             "jstor.org", "hal.science", "hal.archives-ouvertes.fr", "researchgate.net")
DATED_PATH = re.compile(r"(?:19|20)\d\d[/_-]?(?:0[1-9]|1[0-2])(?!\d)|/(?:19|20)\d\d/")
RECORD_QUERY = re.compile(r"(?:^|&)(?:id|p|artid|story|article|doc|docid)=\d{3,}", re.I)


def article_address(url: str) -> bool:
    """Whether URL looks like a piece of writing or a record (see DOC_HOSTS)."""
    parts = split(url)
    if parts is None:
        return False
    host = (hostname_of(url) or "").removeprefix("www.")
    path = unquote(parts.path)
    segments = [seg for seg in path.split("/") if seg]
    if path.lower().endswith(".pdf") or any(host == h or host.endswith("." + h) for h in DOC_HOSTS):
        return True
    if DATED_PATH.search(path) or RECORD_QUERY.search(parts.query):
        return True
    return any(re.search(r"\d{5,}", seg) or len(re.findall(r"[^\W_]+", seg.rsplit(".", 1)[0])) >= 5
               for seg in segments)


def link_support(text: str, start: int, end: int, url: str) -> str | None:
    """What makes a link-only credit a source of its sentence: "cue" (a reporting verb, a kind of
    publication, figures or a quotation mark in the sentence: SUPPORT), "figure" (a number in the anchor:
    "arresting 210 people", "BGHZ 156, 1"), "address" (the link goes to a piece of writing or a record:
    `article_address`); None when nothing does (a link on a word to a service, a product, a project)."""
    s0, s1 = sentence_of(text, start, end)
    if SUPPORT.search(text[s0:s1]):
        return "cue"
    if re.search(r"\d", text[start:end]):
        return "figure"
    return "address" if article_address(url) else None


def link_credits(found: list[Found], links: list[BodyLink], text: str) -> list[Found]:
    """Named credits given the link on their words or to their outlet in their sentence; the other
    links that are credits, as hyperlink attributions.

    Args:
        found: the markers and prose found in TEXT; their `url` is set in place when a link is theirs.
        links: the page's links found in TEXT (`body_links`).
        text: the document's stored text.

    Returns:
        One hyperlink attribution per address not taken by a named credit, in text order.
    """
    credits = [lk for lk in links if lk.refused is None]
    taken: set[str] = set()
    for f in found:
        if f.url or f.start is None or f.end is None or not f.source:
            continue
        on_words = [lk for lk in credits if lk.start < f.end and f.start < lk.end]
        s0, s1 = sentence_of(text, f.start, f.end)
        in_sentence = [lk for lk in credits if s0 <= lk.start < s1 and host_names_source(lk.host, f.source)]
        at = f.start
        chosen = on_words[:1] or sorted(in_sentence, key=lambda lk: abs(lk.start - at))[:1]
        if chosen:
            f.url = chosen[0].url
            f.detail["link"] = "on-credit" if on_words else "in-sentence"
            taken.add(chosen[0].url)
    out: list[Found] = []
    for lk in credits:
        if lk.url in taken:
            continue
        taken.add(lk.url)  # one credit per address: a page linking one source three times credits it once
        support = link_support(text, lk.start, lk.end, lk.url)
        # A link nothing in its sentence or its address supports stays on the document as evidence, with no
        # lineage edge (lineage.usable_credits): half of such links on real pages credit nothing.
        detail: dict[str, object] = {"hyperlink": True, "support": support} if support else \
            {"hyperlink": True, "unsupported": True}
        out.append(Found("markup", PATTERN, lk.host or host_of(lk.url), lk.url, lk.anchor, lk.start, lk.end,
                         CONFIDENCE if support else UNSUPPORTED_CONFIDENCE, detail))
        if len(out) >= MAX_LINKS:
            break
    return out
