"""The tests that tell an outlet's name: a known outlet, a news outlet, a name that reads like a publication.

A leaf module: the readers (attribution, htmlmeta, textmeta, quotes) import it, and it imports
none of them, so no reader imports another for these.
"""

from __future__ import annotations

import re

from provenance.outlets import looks_like_domain, name_keys, registry

OUTLET_WORDS = {
    "news", "times", "post", "press", "agency", "herald", "journal", "tribune", "daily", "tv", "radio",
    "magazine", "review", "gazette", "observer", "telegraph", "chronicle", "guardian", "express", "star",
    "mirror", "monitor", "insider", "today", "report", "wire", "dispatch", "standard", "sun", "mail",
    "independent", "institute", "center", "centre", "foundation", "council", "network", "media", "online",
    "weekly", "digest", "bulletin", "courier", "register", "examiner", "inquirer", "recorder", "forum",
    "blog", "broadcasting", "channel", "policy", "affairs", "diplomat", "economist", "nation", "world",
    "hub", "pulse", "voice", "globe", "week", "sentinel", "leader", "argus", "bureau", "service",
    # the same in the other languages of the registry's outlets
    "zeitung", "rundschau", "nachrichten", "anzeiger", "tagblatt", "kurier", "rundfunk", "diario", "noticias",
}


def known_outlet(name: str) -> bool:
    reg = registry()
    return any(key in reg.by_key for key in name_keys(name))


def news_outlet(name: str) -> bool:
    """A known outlet that publishes news, not a government body the registry lists ("United Nations")."""
    reg = registry()
    return any(entry.kind != "government" for key in name_keys(name) for entry in reg.by_key.get(key, []))


def publication_like(name: str) -> bool:
    """A known outlet, a domain, or a name with a publication word in it."""
    if looks_like_domain(name) or known_outlet(name):
        return True
    first = name.split()[0]
    if len(name.split()) > 1 and first.isupper() and len(first) >= 2 and known_outlet(first):
        return True  # "BBC Urdu", "CNN Turk": a known outlet's service, named by its acronym
    words = {w.lower().strip("’'") for w in re.findall(r"[A-Za-z’']+", name)}
    return bool(words & OUTLET_WORDS)
