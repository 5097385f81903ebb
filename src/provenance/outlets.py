"""Outlets: the shipped registry, name keys, and resolution of names and domains to outlets.

A name resolves through keys that ignore case, accents, spacing, punctuation and
CamelCase ("KhaamaPress" = "Khaama Press"), then through the same keys with
generic trailing words dropped ("Khaama Press News Agency" -> "Khaama Press").
The most specific key that names exactly one outlet wins; a key that names two
or more outlets is ambiguous and resolution stops there without guessing.

Outlets the user added (`prov outlet add/alias`) are in the database and win
over the registry. Registry outlets are written to the database the first time a
document needs them, marked verified. Looking an outlet up (`find_outlet`, for
commands that only read) writes nothing; `named_outlet` and `resolve_name` may.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from provenance.models import Outlet, OutletAlias, OutletDomain
from provenance.urls import hostname_of, split

KINDS = ("wire", "newspaper", "broadcaster", "magazine", "digital", "think-tank", "aggregator",
         "blog", "forum", "government")
# Trailing words that do not distinguish one outlet from another.
GENERIC = {"news", "agency", "press", "newspaper", "online", "media", "tv", "magazine", "network",
           "service", "com", "net", "org", "co", "uk", "in", "pk", "inc", "ltd"}
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(/[^\s]*)?$", re.I)


def fold(text: str) -> str:
    """Case, accents and compatibility forms folded away."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def name_words(name: str) -> list[str]:
    spaced = CAMEL.sub(" ", name.replace("&", " and "))
    words = re.findall(r"[a-z0-9]+", fold(spaced))
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return words


def name_keys(name: str) -> list[str]:
    """Match keys for a name, most specific first: the whole name, then generic words dropped."""
    words = name_words(name)
    keys = ["".join(words)] if words else []
    while len(words) > 1 and words[-1] in GENERIC:
        words = words[:-1]
        if words[-1:] and not (len(words) == 1 and words[0] in GENERIC):
            keys.append("".join(words))
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def looks_like_domain(text: str) -> str | None:
    """The host (and path) when text is a bare domain or a URL, else None."""
    match = DOMAIN.match(text.strip().rstrip(".,;)"))
    if not match:
        return None
    return match.group(1).lower() + (match.group(2) or "").rstrip("/")


def host_candidates(url_or_domain: str) -> list[str]:
    """Host with path prefix, then the host, then its parent domains: most specific first."""
    text = url_or_domain if "://" in url_or_domain else "http://" + url_or_domain
    parts = split(text)
    host = hostname_of(text) or ""
    if parts is None:
        return []
    if host.startswith("www."):
        host = host[4:]
    if not host:
        return []
    out = []
    first = parts.path.strip("/").split("/")[0] if parts.path.strip("/") else ""
    if first:
        out.append(f"{host}/{first}")
    labels = host.split(".")
    for i in range(len(labels) - 1):
        out.append(".".join(labels[i:]))
    return out


@dataclass(frozen=True)
class Entry:
    """One outlet of the shipped registry."""

    kind: str
    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass
class Registry:
    entries: list[Entry]
    by_domain: dict[str, Entry] = field(default_factory=dict)
    by_key: dict[str, list[Entry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for domain in entry.domains:
                self.by_domain[domain] = entry
            for label in (entry.name, *entry.aliases):
                for key in name_keys(label):
                    found = self.by_key.setdefault(key, [])
                    if entry not in found:
                        found.append(entry)


def slugify(name: str) -> str:
    return re.sub(r"[\W_]+", "-", fold(name)).strip("-") or "outlet"


def parse_registry(text: str) -> list[Entry]:
    """Entries from the `kind | name | domains | aliases` format of data/outlets.txt."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or parts[0] not in KINDS or not parts[1]:
            raise ValueError(f"outlets.txt line {number}: expected 'kind | name | domains | aliases'")
        entries.append(Entry(
            kind=parts[0], name=parts[1],
            domains=tuple(d.strip().lower() for d in parts[2].split(",") if d.strip()),
            aliases=tuple(a.strip() for a in parts[3].split(";") if a.strip()),
        ))
    return entries


@cache
def registry() -> Registry:
    """The registry shipped in the package (read once per process)."""
    text = resources.files("provenance").joinpath("data/outlets.txt").read_text(encoding="utf-8")
    return Registry(parse_registry(text))


@dataclass(frozen=True)
class Resolution:
    """What a name or domain resolved to: an outlet, or nothing (maybe because ambiguous)."""

    outlet: Outlet | None
    ambiguous: tuple[str, ...] = ()


def materialise(session: Session, entry: Entry) -> Outlet:
    """The database outlet for a registry entry, written (verified) on first use."""
    outlet = session.scalar(select(Outlet).where(Outlet.slug == entry.slug))
    if outlet is None:
        outlet = Outlet(name=entry.name, slug=entry.slug, kind=entry.kind, verified=True)
        session.add(outlet)
        session.flush()
    else:
        outlet.kind = outlet.kind or entry.kind
        outlet.verified = True
    for domain in entry.domains:
        if session.scalar(select(OutletDomain.id).where(OutletDomain.domain == domain)) is None:
            session.add(OutletDomain(outlet_id=outlet.id, domain=domain))
    add_alias_keys(session, outlet, [entry.name, *entry.aliases])
    return outlet


def add_alias_keys(session: Session, outlet: Outlet, labels: list[str], *, new: bool = False) -> None:
    """Record every key of every label as an alias row of the outlet (once; `new`: it has none yet)."""
    existing = set() if new else set(
        session.scalars(select(OutletAlias.key).where(OutletAlias.outlet_id == outlet.id)))
    for label in labels:
        for key in name_keys(label):
            if key not in existing:
                session.add(OutletAlias(outlet_id=outlet.id, alias=label, key=key))
                existing.add(key)
    session.flush()


def resolve_domain(session: Session, url_or_domain: str, *, create: bool = True) -> Outlet | None:
    """The outlet publishing at this URL or domain: the database first, then the registry.

    A registry outlet is written to the database on first use; with `create=False` nothing is
    written and one not stored yet comes back unsaved (`registry_outlet`).
    """
    reg = registry()
    candidates = host_candidates(url_or_domain)
    if not candidates:
        return None
    rows = session.execute(
        select(OutletDomain.domain, Outlet).join(Outlet).where(OutletDomain.domain.in_(candidates))
    ).all()
    known = {domain: outlet for domain, outlet in rows}
    for candidate in candidates:  # most specific first: the database, then the registry
        if candidate in known:
            return known[candidate]
        entry = reg.by_domain.get(candidate)
        if entry is not None:
            return materialise(session, entry) if create else stored_or_registry(session, entry)
    return None


def registry_outlet(entry: Entry) -> Outlet:
    """A registry outlet as an unsaved Outlet (no id, in no session): what a lookup that writes nothing shows."""
    outlet = Outlet(name=entry.name, slug=entry.slug, kind=entry.kind, verified=True)
    outlet.domains = [OutletDomain(domain=domain) for domain in entry.domains]
    outlet.aliases = [OutletAlias(alias=label, key=key) for label in (entry.name, *entry.aliases)
                      for key in name_keys(label)]
    outlet.ratings = []
    return outlet


def stored_or_registry(session: Session, entry: Entry) -> Outlet:
    """The stored outlet of a registry entry, else the entry as an unsaved one."""
    return session.scalar(select(Outlet).where(Outlet.slug == entry.slug)) or registry_outlet(entry)


def resolve_name(session: Session, name: str, *, create: bool = True) -> Resolution:
    """The outlet a name (or a domain or URL written as a name) stands for, if exactly one.

    Args:
        session: the unit of work.
        name: a name, alias, domain or URL.
        create: write what resolving learns: a registry outlet on first use, a domain for the
            outlet whose name it spells, an unverified outlet for a domain met for the first time.
            Without it nothing is written (a registry outlet not stored yet comes back unsaved,
            a domain nobody knows resolves to nothing): the lookup of commands that only read.
    """
    domain = looks_like_domain(name)
    if domain:
        found = resolve_domain(session, domain, create=create)
        if found is None:
            bare = domain.removeprefix("www.")
            # "meridianreview.example" names the outlet met as "The Meridian Review" in a saved text:
            # the domain's first label matches its name, and it has no domain yet.
            label = bare.split(".")[0]
            by_label = resolve_name(session, label, create=create).outlet if "." in bare else None
            if by_label is None and len(label) >= 5:
                # ... or its start ("openwire.example" for "Open Wire Digest"), when only one outlet fits.
                fits = {o.id: o for o in session.scalars(select(Outlet).join(OutletAlias).where(
                    OutletAlias.key.like(f"{label}%")))}
                by_label = next(iter(fits.values())) if len(fits) == 1 else None
            if by_label is not None and not by_label.domains and not create:
                found = by_label  # (it would take the domain)
            elif by_label is not None and not by_label.domains:
                session.add(OutletDomain(outlet_id=by_label.id, domain=bare))
                session.flush()
                session.expire(by_label, ["domains"])
                found = by_label
            elif create:
                # Known only by its domain: an unverified outlet holding it, so the site's own pages find it.
                found = create_unverified(session, domain, domain=bare)
        return Resolution(found)
    reg = registry()
    for key in name_keys(name):
        in_db = list(session.scalars(select(Outlet).join(OutletAlias).where(OutletAlias.key == key).distinct()))
        slugs = {o.slug for o in in_db}
        in_registry = [e for e in reg.by_key.get(key, []) if e.slug not in slugs]
        if in_registry:  # a registry outlet once stored speaks through its rows (an alias taken from it stays so)
            stored = set(session.scalars(select(Outlet.slug).where(Outlet.slug.in_([e.slug for e in in_registry]))))
            in_registry = [e for e in in_registry if e.slug not in stored]
        if len(in_db) + len(in_registry) > 1:
            return Resolution(None, tuple(sorted({o.name for o in in_db} | {e.name for e in in_registry})))
        if in_db:
            return Resolution(in_db[0])
        if in_registry:
            return Resolution(materialise(session, in_registry[0]) if create else registry_outlet(in_registry[0]))
    return Resolution(outlet_by_domain_label(session, name))


def outlet_by_domain_label(session: Session, name: str) -> Outlet | None:
    """The one outlet whose domain is the name, a station's call sign above all: "WHDH" for whdh.com,
    "KRON" for kron4.com (the channel number after it), "JIS News" for jis.gov.jm."""
    words = name.split()
    # "JIS News" as "jis" too (an acronym before generic words); "VICE US" only as "viceus".
    acronym = fold(words[0]) if words and words[0].isupper() and words[0].isalpha() else None
    keys = [k for i, k in enumerate(name_keys(name)) if (i == 0 or k == acronym) and len(k) >= 3 and k.isalnum()]
    if not keys:
        return None
    rows = session.execute(select(OutletDomain.domain, Outlet).join(Outlet).where(
        or_(*(OutletDomain.domain.like(f"{key}%") for key in keys)))).all()
    for key in keys:  # most specific first
        fits = {o.id: o for domain, o in rows if re.fullmatch(rf"{re.escape(key)}\d{{0,2}}", domain.split(".")[0])}
        if len(fits) == 1:
            return next(iter(fits.values()))
    return None


def create_unverified(session: Session, name: str, *, domain: str | None = None, kind: str | None = None) -> Outlet:
    """An outlet nobody has vouched for: known only from a document's own words."""
    slug = slugify(name)
    if session.scalar(select(Outlet.id).where(Outlet.slug == slug)) is not None:
        slug = slugify(f"{name} {domain or 'unverified'}")
    outlet = Outlet(name=name, slug=slug, kind=kind, verified=False)
    session.add(outlet)
    session.flush()
    if domain and session.scalar(select(OutletDomain.id).where(OutletDomain.domain == domain)) is None:
        session.add(OutletDomain(outlet_id=outlet.id, domain=domain))
    add_alias_keys(session, outlet, [name], new=True)
    return outlet


def add_outlet(session: Session, name: str, *, domains: list[str], kind: str | None) -> Outlet:
    """A user's outlet (verified: a person vouched for it). Raises ProvenanceError on a clash.

    An outlet of that name already in the database (e.g. made unverified from a
    document's words) is taken over rather than duplicated.
    """
    from provenance.errors import ProvenanceError

    existing = session.scalar(select(Outlet).where(Outlet.slug == slugify(name)))
    outlet = existing or Outlet(name=name, slug=slugify(name))
    outlet.kind = kind or outlet.kind
    outlet.verified = True
    if existing is None:
        session.add(outlet)
        session.flush()
    for domain in domains:
        host = (looks_like_domain(domain) or domain).lower().removeprefix("www.")
        holder = session.scalar(select(OutletDomain).where(OutletDomain.domain == host))
        if holder is not None and holder.outlet_id != outlet.id:
            other = session.get(Outlet, holder.outlet_id)
            raise ProvenanceError(f"{host}: already a domain of {other.name if other else 'another outlet'}")
        if holder is None:
            session.add(OutletDomain(outlet_id=outlet.id, domain=host))
    add_alias_keys(session, outlet, [name])
    return outlet


def find_outlet(session: Session, name: str) -> Outlet:
    """The outlet NAME stands for (a name, alias or domain), writing nothing: for commands that only read.

    A registry outlet not stored yet comes back unsaved (no id, no documents).

    Raises:
        UnknownOutletError: NAME stands for no outlet.
        AmbiguousOutletError: NAME stands for two or more.
    """
    return resolved(name, resolve_name(session, name, create=False))


def named_outlet(session: Session, name: str) -> Outlet:
    """The outlet NAME stands for, for commands that write: a registry outlet is stored on first use,
    and a domain met for the first time becomes an unverified outlet.

    Raises:
        UnknownOutletError: NAME stands for no outlet.
        AmbiguousOutletError: NAME stands for two or more.
    """
    return resolved(name, resolve_name(session, name))


def resolved(name: str, found: Resolution) -> Outlet:
    """The outlet of a resolution, or the one error for a name that resolves to none."""
    from provenance.errors import AmbiguousOutletError, UnknownOutletError

    if found.ambiguous:
        raise AmbiguousOutletError(name, found.ambiguous)
    if found.outlet is None:
        raise UnknownOutletError(name)
    return found.outlet


def key_holders(session: Session, outlet: Outlet, key: str) -> tuple[list[Outlet], list[Entry]]:
    """The other outlets a name key stands for: in the database, and in the registry (not yet stored)."""
    in_db = list(session.scalars(select(Outlet).join(OutletAlias).where(OutletAlias.key == key, Outlet.id != outlet.id)
                                 .distinct().order_by(Outlet.name)))
    entries = [e for e in registry().by_key.get(key, []) if e.slug != outlet.slug]
    stored = set(session.scalars(select(Outlet.slug).where(Outlet.slug.in_([e.slug for e in entries])))) \
        if entries else set()
    return in_db, [e for e in entries if e.slug not in stored]


def add_alias(session: Session, name: str, alias: str, *, force: bool = False) -> Outlet:
    """Give an outlet (named as it resolves) another name.

    A name that already stands for another outlet is refused: it would make that outlet's
    credits ambiguous (or, worse, this one's). With FORCE it is taken from the other outlet.
    The shorter keys of a longer alias ("Reuters" of "Reuters Wire") are not added where
    another outlet holds them.

    Raises:
        UnknownOutletError: NAME names no outlet.
        AmbiguousOutletError: NAME names two or more.
        ProvenanceError: ALIAS has no letters or digits, or names another outlet (option "force").
    """
    from provenance.errors import ProvenanceError

    outlet = named_outlet(session, name)
    keys = name_keys(alias)
    if not keys:
        raise ProvenanceError(f"{alias!r}: not a name (no letters or digits)")
    in_db, entries = key_holders(session, outlet, keys[0])
    if (in_db or entries) and not force:
        holders = ", ".join(dict.fromkeys([o.name for o in in_db] + [e.name for e in entries]))
        raise ProvenanceError(f"{alias}: already a name of {holders}; forcing it moves it to {outlet.name}",
                              option="force")
    if force:
        taken = in_db + [materialise(session, e) for e in entries]
        session.execute(delete(OutletAlias).where(OutletAlias.key == keys[0],
                                                  OutletAlias.outlet_id.in_([o.id for o in taken])))
    existing = set(session.scalars(select(OutletAlias.key).where(OutletAlias.outlet_id == outlet.id)))
    for i, key in enumerate(keys):
        if key in existing or (i and any(key_holders(session, outlet, key))):
            continue
        session.add(OutletAlias(outlet_id=outlet.id, alias=alias, key=key))
        existing.add(key)
    session.flush()
    return outlet


def remove_alias(session: Session, name: str, alias: str) -> Outlet:
    """Take ALIAS away from the outlet NAME (any alias but its own name).

    Raises:
        UnknownOutletError: NAME names no outlet (NotFoundError: ALIAS is not one of its aliases).
        AmbiguousOutletError: NAME names two or more.
        ProvenanceError: ALIAS is (part of) the outlet's own name.
    """
    from provenance.errors import NotFoundError, ProvenanceError

    outlet = named_outlet(session, name)
    key = (name_keys(alias) or [""])[0]
    if key in name_keys(outlet.name):
        raise ProvenanceError(f"{alias}: is the name of {outlet.name}, not an alias")
    rows = [a for a in outlet.aliases if name_keys(a.alias)[:1] == [key]]
    if not rows:
        others = sorted({a.alias for a in outlet.aliases if a.alias != outlet.name})
        raise NotFoundError(f"{alias}: not an alias of {outlet.name}" + (
            f" (its aliases: {', '.join(others)})" if others else " (it has none)"))
    session.execute(delete(OutletAlias).where(OutletAlias.id.in_([a.id for a in rows])))
    session.expire(outlet, ["aliases"])
    return outlet


@dataclass(frozen=True)
class Listed:
    name: str
    kind: str | None
    domains: tuple[str, ...]
    aliases: tuple[str, ...]
    verified: bool
    origin: str  # database | registry
    id: int | None = None


def list_outlets(session: Session, *, kind: str | None = None) -> list[Listed]:
    """Every outlet prov knows: the database's, then the registry's not yet used, by name."""
    rows: list[Listed] = []
    seen: set[str] = set()
    for outlet in session.scalars(select(Outlet).order_by(Outlet.name)):
        seen.add(outlet.slug)
        aliases = tuple(dict.fromkeys(a.alias for a in outlet.aliases if a.alias != outlet.name))
        rows.append(Listed(outlet.name, outlet.kind, tuple(d.domain for d in outlet.domains), aliases,
                           outlet.verified, "database", outlet.id))
    for entry in registry().entries:
        if entry.slug not in seen:
            rows.append(Listed(entry.name, entry.kind, entry.domains, entry.aliases, True, "registry"))
    rows = [r for r in rows if kind is None or r.kind == kind]
    return sorted(rows, key=lambda r: fold(r.name).removeprefix("the "))


def lookup(session: Session, text: str) -> Outlet | None:
    """An outlet already in the database, by domain, name or alias; never creates one."""
    domain = looks_like_domain(text)
    if domain:
        candidates = host_candidates(domain)
        return session.scalar(select(Outlet).join(OutletDomain).where(OutletDomain.domain.in_(candidates)).limit(1))
    for key in name_keys(text):
        found = list(session.scalars(select(Outlet).join(OutletAlias).where(OutletAlias.key == key).distinct()))
        if len(found) == 1:
            return found[0]
    return session.scalar(select(Outlet).where(Outlet.slug == slugify(text)))


def merge_outlets(session: Session, keep: Outlet, drop: Outlet) -> Outlet:
    """Make DROP part of KEEP: its domains, aliases, documents and every reference move over.

    Used when two records turn out to be one outlet: a masthead name met in a saved
    text, and the domain met in a credit or a fetched page.
    """
    from provenance.models import Base

    if keep.id == drop.id:
        return keep
    session.flush()
    keys = set(session.scalars(select(OutletAlias.key).where(OutletAlias.outlet_id == keep.id)))
    session.execute(delete(OutletAlias).where(OutletAlias.outlet_id == drop.id, OutletAlias.key.in_(keys)))
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "outlet" and fk.column.name == "id" for fk in column.foreign_keys):
                session.execute(update(table).where(column == drop.id).values({column.name: keep.id}))
    keep.verified = keep.verified or drop.verified
    keep.kind = keep.kind or drop.kind
    session.execute(delete(Outlet).where(Outlet.id == drop.id))
    session.expire_all()
    return session.get(Outlet, keep.id)  # type: ignore[return-value]


def bare_domain_outlet(outlet: Outlet) -> bool:
    """An unverified outlet known only by a domain (created from a credit such as "Original Source: x.com")."""
    return not outlet.verified and looks_like_domain(outlet.name) is not None


def domain_outlet_for_name(session: Session, name: str) -> Outlet | None:
    """An outlet known so far only by a domain whose first label is this name ("copperline.example"
    for "Copperline News"), to take the name instead of making a second outlet."""
    for key in name_keys(name):
        if len(key) < 5:
            continue
        rows = session.execute(select(OutletDomain.domain, Outlet).join(Outlet)
                               .where(OutletDomain.domain.like(f"{key[:5]}%"))).all()
        # The domain's first label is the name, or its start ("openwire" for "Open Wire Digest").
        candidates = list({o.id: o for domain, o in rows if bare_domain_outlet(o)
                           and len(label := domain.split(".")[0]) >= 5 and key.startswith(label)}.values())
        if len(candidates) == 1:
            outlet = candidates[0]
            outlet.name = name
            add_alias_keys(session, outlet, [name])
            return outlet
    return None
