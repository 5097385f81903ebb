"""Outlet credibility: ratings people give, and signals the archive shows, each with where it came from.

Ratings are kept in the scale they were given in (0-100, 0-1, or a label) with their
source, date and note. To sort and compare, each is also put on 0-100: a 0-1 score
times 100, a label by LABEL_SCORES (labels not listed there stay off the scale).

An outlet's rating, where one is shown as a single figure, is the mean on 0-100 of
the latest rating from each source; the ratings behind it are always listed.

Signals are computed from the archive, never typed in, each with its numerator and
denominator:

- documents: the outlet's documents held;
- origins: of those, the ones that derive from no other source (no lineage edge but
  revisions);
- credited derivations: of its documents that derive from a source, those whose every
  reuse edge is free of the `uncredited-reuse` flag;
- uncredited reuse: its documents with an `uncredited-reuse` edge;
- date conflicts: its documents with a `date-conflict` edge;
- revisions: its documents changed on a later fetch (silent edits caught);
- misdirecting markup: its documents whose markup names the page itself or a URL that
  is not an article as their source (canonical, og:url, original-source tags);
- derived from by others: documents of other outlets that derive from its documents,
  or credit it by name.

The `laundering` flag marks a claim whose origin comes from an outlet rated low (below
LOW on 0-100) or not rated at all, repeated by an outlet rated at least GAP points
higher (or, when the origin is unrated, rated at least LOW): repetition by a trusted
outlet lends the claim a credibility its origin does not have.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from provenance.errors import InputError
from provenance.models import Attribution, Document, LineageEdge, Outlet, OutletRating, Revision, Snapshot, table_of
from provenance.outlets import looks_like_domain, resolve_domain, resolve_name

SCALES = ("0-100", "0-1", "label")
LABEL_SCORES = {
    "very high": 95.0, "high": 80.0, "mostly factual": 65.0, "mixed": 50.0, "low": 25.0, "very low": 10.0,
    "reliable": 80.0, "generally reliable": 80.0, "mostly reliable": 70.0, "unreliable": 20.0,
    "generally unreliable": 20.0, "satire": 10.0, "questionable": 20.0, "conspiracy-pseudoscience": 5.0,
}
LOW = 50.0
GAP = 20.0
SCORE_COLUMNS = ("score", "rating", "reliability", "pc1", "quality", "credibility", "trust")
NAME_COLUMNS = ("domain", "site", "url", "outlet", "source", "name", "website")


def on_scale(scale: str, score: float | None, label: str | None) -> float | None:
    if scale == "0-100":
        return score
    if scale == "0-1":
        return None if score is None else round(score * 100, 4)
    return LABEL_SCORES.get(" ".join((label or "").casefold().split()))


DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
DELIMITERS = (",", ";", "\t", "|")
# Of the numeric scores, the share on one side (fractions below 1, or scores above 1) that
# makes the guess; closer than that the set is ambiguous and the user says which.
CLEAR_MAJORITY = 0.8
LONGEST_NAME = 253
# What rating sets write for "not rated": neither a number nor a worded rating.
NO_SCORE = {"", "-", "--", "?", "n/a", "na", "nan", "null", "none", "unknown", "unrated", "not rated"}


def number(text: str) -> float | None:
    """A score as written: 0.8, or 0,8 with a decimal comma (European spreadsheets); None when not a number."""
    text = text.strip()
    if DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_score(raw: str, scale: str, where: str) -> tuple[float | None, str | None]:
    """(score, label) from what the user or a file gave, checked against the scale."""
    text = raw.strip()
    if scale == "label":
        if not text:
            raise InputError(where, "an empty label")
        return None, text
    value = number(text)
    if value is None:
        raise InputError(where, f"{text!r} is not a number (scale {scale})")
    top = 100.0 if scale == "0-100" else 1.0
    if not 0.0 <= value <= top or value != value:
        raise InputError(where, f"{text} is outside the {scale} scale")
    return value, None


def add_rating(session: Session, outlet: Outlet, *, score: str, scale: str, source: str, rated_on: dt.date | None,
               note: str | None, by: str) -> OutletRating:
    """Record one rating; a rating from the same source on the same date replaces the one before."""
    value, label = parse_score(score, scale, f"rating {score!r}")
    if not source.strip():
        raise InputError("the rating", "say who gave it (its source)", option="source")
    session.execute(delete(OutletRating).where(OutletRating.outlet_id == outlet.id, OutletRating.source == source,
                                               OutletRating.rated_on.is_(None) if rated_on is None
                                               else OutletRating.rated_on == rated_on))
    rating = OutletRating(outlet_id=outlet.id, scale=scale, score=value, label=label,
                          score_0_100=on_scale(scale, value, label), source=source, rated_on=rated_on, note=note,
                          made_by=by)
    session.add(rating)
    session.flush()
    return rating


@dataclass
class RatingsImport:
    rows: int = 0
    matched: int = 0
    added: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    scale: str = ""
    column: str = ""


def pick_column(header: list[str], wanted: tuple[str, ...], given: str | None, path: str, what: str) -> str:
    if given is not None:
        if given not in header:
            raise InputError(path, f"no column {given!r} (columns: {', '.join(header)})")
        return given
    lowered = {h.casefold().strip(): h for h in header}
    for name in wanted:
        if name in lowered:
            return lowered[name]
    raise InputError(path, f"no {what} column found (columns: {', '.join(header)}); name it",
                     option="column" if wanted is SCORE_COLUMNS else "name_column")


def read_csv(path: Path) -> list[list[str]]:
    """The rows of a rating file: UTF-8 (or, failing that, Windows-1252, as spreadsheets save it),
    cells separated by whatever its header line is separated by (comma, semicolon, tab or bar)."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot read the CSV ({exc.strerror or exc})") from None
    try:
        # Excel's "Unicode text" is UTF-16 with a byte-order mark.
        content = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            content = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(where, "cannot read the CSV (neither UTF-8 nor Windows-1252 text)") from None
    # The header line decides: its names hold no separators, where decimal commas in scores would
    # fool a guess from the data (csv.Sniffer takes "0,8;x" for two comma-separated cells).
    header_line = (content.lstrip("\r\n").splitlines() or [""])[0]
    widths = {d: len(header_line.split(d)) for d in DELIMITERS}  # the header's names are not quoted
    delimiter = max(DELIMITERS, key=lambda d: widths[d])  # (first wins a tie: the comma)
    try:
        return list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(where, f"cannot read the CSV ({exc})") from None


def guess_scale(values: list[str], where: str, column: str) -> str:
    """0-1 or 0-100 from the scores of the usable rows; only numbers either scale could hold count.

    Fractions below 1 say 0-1, scores above 1 say 0-100 (0 and 1 say nothing); one side must hold
    CLEAR_MAJORITY of them, else the set is ambiguous.

    Raises:
        InputError: the scores are words (a label scale), no score is a number, or the scale is ambiguous.
    """
    numbers = [n for n in (number(v) for v in values) if n is not None]
    words = [v.strip() for v in values if number(v) is None and v.strip().casefold() not in NO_SCORE]
    if len(words) > len(numbers):
        raise InputError(where, f"the scores in column {column!r} are words (such as {words[0][:40]!r}): "
                                "read them on the label scale", option="scale")
    usable = [n for n in numbers if 0 <= n <= 100]
    fractions = sum(0 < n < 1 for n in usable)
    above = sum(n > 1 for n in usable)
    if not usable:
        raise InputError(where, f"no score in column {column!r} is a number from 0 to 100: name the scale",
                         option="scale")
    if above <= (1 - CLEAR_MAJORITY) * (fractions + above):
        return "0-1"
    if fractions <= (1 - CLEAR_MAJORITY) * (fractions + above):
        return "0-100"
    raise InputError(where, f"the scores in column {column!r} fit neither scale clearly ({fractions} below 1, "
                            f"{above} above 1): name the scale, 0-1 or 0-100", option="scale")


def import_ratings(session: Session, path: Path, *, source: str, column: str | None = None,
                   name_column: str | None = None, scale: str | None = None, rated_on: dt.date | None = None,
                   by: str) -> RatingsImport:
    """Ratings from a CSV of domains (or names) and scores, as published rating sets are distributed.

    Rows whose outlet is known are matched; an unknown domain becomes an unverified outlet
    (added); a row without a usable name or score is rejected with its line and reason.
    Unless given, the scale is guessed from the rows with a name (see guess_scale). Cells may
    be separated by commas, semicolons, tabs or bars, and scores written with a decimal comma.

    Raises:
        InputError: the file cannot be read, lacks a name or score column, or its scale is not clear.
    """
    where = str(path)
    rows = read_csv(path)
    if not rows:
        raise InputError(where, "the file is empty")
    header, body = [h.strip() for h in rows[0]], rows[1:]
    score_col = pick_column(header, SCORE_COLUMNS, column, where, "score")
    name_col = pick_column(header, NAME_COLUMNS, name_column, where, "domain or name")
    si, ni = header.index(score_col), header.index(name_col)
    result = RatingsImport(column=score_col)
    if scale is None:
        scale = guess_scale([row[si] for row in body if len(row) > max(si, ni) and row[ni].strip()],
                            where, score_col)
    result.scale = scale
    known_ids = set(session.scalars(select(Outlet.id)))
    for line, row in enumerate(body, 2):
        if not any(cell.strip() for cell in row):
            continue
        result.rows += 1
        if len(row) <= max(si, ni):
            result.rejected.append((line, "fewer columns than the header"))
            continue
        name = row[ni].strip()
        if not name:
            result.rejected.append((line, "no domain or name"))
            continue
        if len(name) > LONGEST_NAME:
            result.rejected.append((line, f"a domain or name longer than {LONGEST_NAME} characters"))
            continue
        score = row[si].strip()
        try:
            parse_score(score, scale, f"line {line}")
        except InputError as exc:
            hint = "; worded ratings need the label scale" if scale != "label" and number(score) is None \
                and score.casefold() not in NO_SCORE else ""
            result.rejected.append((line, exc.reason + hint))
            continue
        outlet = known_outlet(session, name)
        if outlet is None:
            domain = looks_like_domain(name)
            if domain is None:
                result.rejected.append((line, f"{name!r} names no known outlet (give a domain to add it)"))
                continue
            # The outlet met by name alone takes the domain; else a new, unverified outlet holds it.
            outlet = resolve_name(session, domain).outlet
            if outlet is None:
                result.rejected.append((line, f"{name!r} names no known outlet"))
                continue
        if outlet.id in known_ids or outlet.verified:  # (one from the shipped registry is known, not added)
            result.matched += 1
        else:
            result.added += 1
            known_ids.add(outlet.id)
        add_rating(session, outlet, score=score, scale=scale, source=source, rated_on=rated_on,
                   note=f"imported from {path.name}, line {line}", by=by)
    return result


def known_outlet(session: Session, name: str) -> Outlet | None:
    """An outlet already known (database or registry) by this domain or name; never creates one from nothing."""
    domain = looks_like_domain(name)
    if domain:
        return resolve_domain(session, domain)
    return resolve_name(session, name).outlet


# Signals ----------------------------------------------------------------------------------------

@dataclass
class Signals:
    documents: list[int] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    derived: list[int] = field(default_factory=list)
    credited: list[int] = field(default_factory=list)
    uncredited: list[int] = field(default_factory=list)
    date_conflicts: list[int] = field(default_factory=list)
    revised: list[int] = field(default_factory=list)
    misdirecting: list[int] = field(default_factory=list)
    derived_by_others: list[int] = field(default_factory=list)

    def frozen(self) -> OutletSignals:
        return OutletSignals(tuple(self.documents), tuple(self.origins), tuple(self.derived), tuple(self.credited),
                             tuple(self.uncredited), tuple(self.date_conflicts), tuple(self.revised),
                             tuple(self.misdirecting), tuple(self.derived_by_others))


@dataclass(frozen=True, slots=True)
class OutletSignals:
    """What an outlet's documents show in the archive: the documents behind each signal, by id."""

    documents: tuple[int, ...] = ()
    origins: tuple[int, ...] = ()  # its documents that derive from no one else's
    derived: tuple[int, ...] = ()  # ... that do: credited or not
    credited: tuple[int, ...] = ()
    uncredited: tuple[int, ...] = ()
    date_conflicts: tuple[int, ...] = ()
    revised: tuple[int, ...] = ()
    misdirecting: tuple[int, ...] = ()  # markup pointing at the page itself or its own site
    derived_by_others: tuple[int, ...] = ()  # other outlets' documents derived from it


def signals(session: Session, outlet_ids: list[int] | None = None) -> dict[int, Signals]:
    """The archive's signals for each outlet (all of them, or OUTLET_IDS): a few grouped queries."""
    def scoped(query: Any, column: Any) -> Any:
        return query.where(column.in_(outlet_ids)) if outlet_ids is not None else query.where(column.is_not(None))

    out: dict[int, Signals] = {}
    for outlet_id, doc_id in session.execute(scoped(select(Document.outlet_id, Document.id), Document.outlet_id)
                                             .order_by(Document.id)):
        out.setdefault(outlet_id, Signals()).documents.append(doc_id)
    # Each edge with the document it comes from when that is the same outlet's (a piece saved or
    # republished twice by its own outlet is not a derivation from someone else).
    edges: dict[int, list[tuple[str, list[str], int | None]]] = {}
    source = table_of(Document).alias("source")
    for derived, relation, flags, source_id, source_outlet, derived_outlet in session.execute(
            scoped(select(LineageEdge.derived_id, LineageEdge.relation, LineageEdge.flags,
                          LineageEdge.source_document_id,
                          func.coalesce(source.c.outlet_id, LineageEdge.source_outlet_id), Document.outlet_id)
                   .join(Document, Document.id == LineageEdge.derived_id)
                   .outerjoin(source, source.c.id == LineageEdge.source_document_id), Document.outlet_id)):
        own = source_id if source_id is not None and source_outlet == derived_outlet else None
        edges.setdefault(derived, []).append((relation, list(flags or []), own))
    # Edited by the outlet: two revisions read from different bytes. The same bytes read again by a
    # newer prov (a better extraction) make a revision too, but the outlet changed nothing.
    revised = set(session.scalars(scoped(
        select(Revision.document_id).join(Document).join(Snapshot, Snapshot.id == Revision.snapshot_id)
        .group_by(Revision.document_id).having(func.count(func.distinct(Snapshot.sha256)) > 1), Document.outlet_id)))
    misdirecting: set[int] = set()
    for doc_id, detail in session.execute(scoped(select(Attribution.document_id, Attribution.detail).join(Document)
                                                 .where(Attribution.kind == "markup"), Document.outlet_id)):
        if (detail or {}).get("audit") or (detail or {}).get("self"):
            misdirecting.add(doc_id)

    def status(doc_id: int, seen: frozenset[int] = frozenset()) -> str:
        """origin, credited or uncredited; a repeat of the outlet's own document takes that one's."""
        mine = [(r, f, own) for r, f, own in edges.get(doc_id, []) if r != "revision"]
        others = [(r, f) for r, f, own in mine if own is None]
        if others:
            return "uncredited" if any("uncredited-reuse" in f for _, f in others) else "credited"
        repeated = [own for _, _, own in mine if own is not None and own not in seen]
        return status(repeated[0], seen | {doc_id}) if repeated else "origin"

    for sig in out.values():
        for doc_id in sig.documents:
            kind = status(doc_id)
            if kind == "origin":
                sig.origins.append(doc_id)
            else:
                sig.derived.append(doc_id)
                (sig.uncredited if kind == "uncredited" else sig.credited).append(doc_id)
            if any("date-conflict" in f for _, f, _ in edges.get(doc_id, [])):
                sig.date_conflicts.append(doc_id)
            if doc_id in revised:
                sig.revised.append(doc_id)
            if doc_id in misdirecting:
                sig.misdirecting.append(doc_id)
    # Others deriving from it: from its documents, or crediting it by name.
    source_doc = table_of(Document).alias("source_doc")
    derived_doc = table_of(Document).alias("derived_doc")
    by_doc = (select(source_doc.c.outlet_id, LineageEdge.derived_id)
              .join(source_doc, source_doc.c.id == LineageEdge.source_document_id)
              .join(derived_doc, derived_doc.c.id == LineageEdge.derived_id)
              .where(derived_doc.c.outlet_id.is_distinct_from(source_doc.c.outlet_id)))
    by_name = (select(LineageEdge.source_outlet_id, LineageEdge.derived_id)
               .join(derived_doc, derived_doc.c.id == LineageEdge.derived_id)
               .where(LineageEdge.source_outlet_id.is_not(None),
                      derived_doc.c.outlet_id.is_distinct_from(LineageEdge.source_outlet_id)))
    for query, column in ((by_doc, source_doc.c.outlet_id), (by_name, LineageEdge.source_outlet_id)):
        for outlet_id, derived_id in session.execute(scoped(query, column)):
            sig = out.setdefault(outlet_id, Signals())
            if derived_id not in sig.derived_by_others:
                sig.derived_by_others.append(derived_id)
    for sig in out.values():
        sig.derived_by_others.sort()
    return out


# Ratings summary ----------------------------------------------------------------------------------

def latest_per_source(ratings: list[OutletRating]) -> list[OutletRating]:
    latest: dict[str, OutletRating] = {}
    for r in sorted(ratings, key=lambda r: (r.rated_on or dt.date.min, r.id)):
        latest[r.source] = r
    return list(latest.values())


def rating_of(ratings: list[OutletRating]) -> tuple[float | None, int]:
    """The mean on 0-100 of the latest rating from each source, and how many sources it rests on."""
    values = [r.score_0_100 for r in latest_per_source(ratings) if r.score_0_100 is not None]
    return (round(sum(values) / len(values), 1) if values else None), len(values)


RATING_FORMULA = "mean on 0-100 of the latest rating from each source"


@dataclass(frozen=True, slots=True)
class RatingView:
    """A rating someone gave an outlet, on the scale it was given in."""

    score: float | int | str | None  # a label on the label scale; a whole number on 0-100 as an int
    scale: str
    score_0_100: float | None
    source: str
    date: dt.date | None
    note: str | None
    by: str | None


@dataclass(frozen=True, slots=True)
class OutletView:
    """`prov outlet show` and a row of `prov outlets`: the outlet, its ratings and its signals in the archive."""

    id: int | None  # None: a registry outlet not stored yet
    name: str
    slug: str
    kind: str | None
    verified: bool
    domains: tuple[str, ...]
    aliases: tuple[str, ...]
    ratings: tuple[RatingView, ...]
    rating: float | None  # RATING_FORMULA
    rated_by: int  # the sources that rating rests on
    signals: OutletSignals


@dataclass(frozen=True, slots=True)
class Brief:
    """An outlet briefly, beside an occurrence or an origin of a traced claim."""

    outlet: str
    rating: float | None
    rated_by: int
    signals: OutletSignals
    summary: str  # one line: its rating and what it does in the archive


def rating_view(r: OutletRating) -> RatingView:
    score: float | int | str | None = r.label if r.scale == "label" else (
        int(r.score) if r.score is not None and r.score.is_integer() and r.scale == "0-100" else r.score)
    return RatingView(score, r.scale, r.score_0_100, r.source, r.rated_on, r.note, r.made_by)


def outlet_view(outlet: Outlet, sig: Signals | None) -> OutletView:
    """OUTLET with its ratings and SIG, its signals (none when it has no documents)."""
    rating, sources = rating_of(outlet.ratings)
    return OutletView(outlet.id, outlet.name, outlet.slug, outlet.kind, outlet.verified,
                      tuple(d.domain for d in outlet.domains),
                      tuple(dict.fromkeys(a.alias for a in outlet.aliases if a.alias != outlet.name)),
                      tuple(rating_view(r) for r in outlet.ratings), rating, sources, (sig or Signals()).frozen())


def describe_outlet(session: Session, outlet: Outlet) -> OutletView:
    """`prov outlet show`: OUTLET, its ratings and its signals, with the documents behind them."""
    sig = signals(session, [outlet.id]).get(outlet.id) if outlet.id is not None else None
    return outlet_view(outlet, sig)


def outlet_views(session: Session, *, kind: str | None = None, sort: str = "documents") -> list[OutletView]:
    """`prov outlets`: the stored outlets (of KIND) with ratings and signals, sorted.

    Args:
        sort: `credibility` (by rating, unrated last), `documents` (most first) or `name`.
    """
    query = select(Outlet)
    if kind:
        query = query.where(Outlet.kind == kind)
    found = list(session.scalars(query))
    sig = signals(session)
    rows = [outlet_view(o, sig.get(o.id)) for o in found]
    if sort == "credibility":
        rows.sort(key=lambda r: (r.rating is None, -(r.rating or 0), r.name))
    elif sort == "documents":
        rows.sort(key=lambda r: (-len(r.signals.documents), r.name.casefold()))
    else:
        rows.sort(key=lambda r: r.name.casefold())
    return rows


def brief(outlet: Outlet | None, sig: Signals | None) -> str:
    """One line on an outlet for a chain: its rating and what it does in the archive."""
    if outlet is None:
        return "no outlet"
    rating, sources = rating_of(outlet.ratings)
    rated = f"rated {rating:g}/100 by {sources} source(s)" if rating is not None else "not rated"
    if sig is None or not sig.documents:
        return rated
    parts = [rated, f"originates {len(sig.origins)}/{len(sig.documents)}"]
    if sig.derived:
        parts.append(f"credits {len(sig.credited)}/{len(sig.derived)}")
    return ", ".join(parts)


def outlet_brief(outlet: Outlet | None, sig: Signals | None) -> Brief | None:
    """OUTLET briefly (None for no outlet)."""
    if outlet is None:
        return None
    rating, sources = rating_of(outlet.ratings)
    return Brief(outlet.name, rating, sources, (sig or Signals()).frozen(), brief(outlet, sig))


def laundering(origin_rating: float | None, copy_rating: float | None) -> bool:
    """Whether a repeat by an outlet rated COPY_RATING launders an origin rated ORIGIN_RATING (or unrated)."""
    if copy_rating is None:
        return False
    if origin_rating is None:
        return copy_rating >= LOW
    return origin_rating < LOW and copy_rating >= origin_rating + GAP

