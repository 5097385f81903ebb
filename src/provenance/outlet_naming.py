"""Whether a text credits one known outlet, by any name or address the outlet goes by.

A leaf for lineage: plain values in, a finding out. An outlet is met first in many
ways: by its name in a masthead, by an alias a person added, or only by the domain
of a link ("harbourledger.example", its name not known yet). A copy crediting it
writes one of them: "via The Harbour Ledger", "Read more at harbourledger.example",
a "here" linked to one of its pages. Each is a credit of that outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from provenance.attribution import NAMED_AFTER, NAMED_CUES, Found, credit_naming
from provenance.outlets import host_candidates, looks_like_domain, name_keys

# A name after a credit cue: capitalised words (with the small words names hold), or a domain.
WORD = r"[A-Z0-9][\w&'’-]*"
NAME = (rf"(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+|(?:[Tt]he[^\S\n]+)?{WORD}"
        rf"(?:[^\S\n]+(?:{WORD}|of|and|&|de|du|la|el|al)){{0,5}})")
MIN_KEY = 3  # shorter keys ("ap", "fp") say too little to match a domain's label


@dataclass(frozen=True)
class OutletLabels:
    """What an outlet goes by: its names as written (name, aliases), their match keys, its domains."""

    names: tuple[str, ...]
    keys: frozenset[str] = field(default_factory=frozenset)
    domains: tuple[str, ...] = ()

    def names_it(self, name: str) -> bool:
        """Whether NAME, as a credit writes it, is this outlet: one of its keys, one of its domains
        written out, or the name its domain spells ("The Harbour Ledger" for harbourledger.example,
        "Open Wire Digest" for openwire.example, "WHDH" for whdh7.com)."""
        domain = looks_like_domain(name)
        if domain:
            return bool(set(host_candidates(domain)) & set(self.domains))
        keys = name_keys(name)
        if set(keys) & self.keys:
            return True
        labels = [d.split(".")[0] for d in self.domains]
        return any(len(key) >= MIN_KEY and (re.fullmatch(rf"{re.escape(key)}\d{{0,2}}", label)
                                            or len(label) >= 5 and key.startswith(label))
                   for key in keys for label in labels)

    def links_here(self, url: str | None) -> bool:
        """Whether URL is on one of this outlet's domains."""
        return bool(url) and bool(set(host_candidates(url or "")) & set(self.domains))


def credit_of(text: str, labels: OutletLabels, phrases: list[Found] | None = None) -> Found | None:
    """The first credit phrase in TEXT naming this outlet by any of its names or domains ("via X",
    "Read the full story at X", "X reported"), or None.

    Args:
        text: a document's text.
        labels: the outlet's names, keys and domains.
        phrases: `credited_names(text)`, when the caller holds it already.

    Returns:
        The finding, with the cue and the name as evidence and their offsets.
    """
    # Names spelled as written; a domain is read whole by the scan below ("x.example" is not "x.example.org").
    found = [f for label in labels.names if not looks_like_domain(label) and (f := credit_naming(text, label))]
    if not found:
        found = [f for f in (credited_names(text) if phrases is None else phrases)
                 if f.source and labels.names_it(f.source)]
    return min(found, key=lambda f: f.start or 0) if found else None


def credited_names(text: str) -> list[Found]:
    """Every name a credit phrase gives, with each shorter reading of it ("via The Harbour Ledger
    Weekly Edition" gives the whole and "The Harbour Ledger" among others): the caller tells which
    is an outlet it knows."""
    out: list[Found] = []
    for kind, pattern, cue in NAMED_CUES:
        for match in re.finditer(cue + f"(?P<src>{NAME})", text):
            words = match.group("src").split()
            for n in range(len(words), 0, -1):
                name = " ".join(words[:n]).rstrip(".,;:")
                end = match.start("src") + len(" ".join(words[:n]))
                out.append(Found(kind, pattern, name, None, text[match.start():end].strip(), match.start(), end,
                                 0.75))
    for match in re.finditer(rf"(?<![\w-])(?P<src>{NAME}){NAMED_AFTER}", text):
        words = match.group("src").split()
        for n in range(len(words)):
            name = " ".join(words[n:])
            start = match.end("src") - len(name)
            out.append(Found("prose", "reported", name, None, text[start:match.end()], start, match.end(), 0.75))
    return out
