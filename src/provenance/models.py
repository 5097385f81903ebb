"""Every table, as SQLAlchemy 2 typed models. The schema itself is built by Alembic.

Outlets and authors are shared records; a document is one article at one locator
(its URL, or the path it was ingested from) with its current text and metadata.
Every version of its text is a revision, and every set of raw bytes it came from
is a snapshot kept as evidence. Attributions, quotes, reuse links, lineage edges
and corrections hang off documents.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Locators and URLs are indexed; PostgreSQL's btree limit makes 2048 a safe bound.
URL_LENGTH = 2048


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores UTC, returns aware UTC datetimes on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, dt.datetime: UTCDateTime}


class Outlet(Base):
    """A publisher: wire service, newspaper, magazine, blog or forum, aggregator..."""

    __tablename__ = "outlet"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str | None] = mapped_column(String(40))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    domains: Mapped[list[OutletDomain]] = relationship(
        back_populates="outlet", cascade="all, delete-orphan", order_by="OutletDomain.id"
    )
    ratings: Mapped[list[OutletRating]] = relationship(
        cascade="all, delete-orphan", order_by="OutletRating.id", passive_deletes=True
    )
    aliases: Mapped[list[OutletAlias]] = relationship(
        back_populates="outlet", cascade="all, delete-orphan", order_by="OutletAlias.id"
    )


class OutletRating(Base):
    """A rating someone gave an outlet, in the scale they gave it (many per outlet, each with its source).

    scale: 0-100 | 0-1 | label. `score` holds a numeric rating, `label` a worded one;
    `score_0_100` puts either on one scale for sorting (null for a label with no
    known place on it).
    """

    __tablename__ = "outlet_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"), index=True)
    scale: Mapped[str] = mapped_column(String(10))
    score: Mapped[float | None] = mapped_column(Float)
    label: Mapped[str | None] = mapped_column(String(100))
    score_0_100: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300))
    rated_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    made_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class OutletDomain(Base):
    """A domain an outlet publishes on (without a leading www.)."""

    __tablename__ = "outlet_domain"

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)

    outlet: Mapped[Outlet] = relationship(back_populates="domains")


class OutletAlias(Base):
    """Another name an outlet goes by; `key` is the normalised form used to match."""

    __tablename__ = "outlet_alias"
    __table_args__ = (UniqueConstraint("outlet_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), index=True)

    outlet: Mapped[Outlet] = relationship(back_populates="aliases")


class Author(Base):
    """A person credited as author; `key` is the normalised name used to match."""

    __tablename__ = "author"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)


class DocumentAuthor(Base):
    """Which authors a document names, in byline order."""

    __tablename__ = "document_author"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("author.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    author: Mapped[Author] = relationship()


class Document(Base):
    """One article at one locator, with its current text and metadata.

    `locator` identifies the document across ingests: its URL when it has one,
    else `file://` and the absolute path it was read from, else (a WARC record whose
    target URI is no http(s) URL) `warc:`, the archive's file URI, `#` and the record's name. `text` is the article
    text that search, reuse and claims use; `raw_text` is a text file's text as
    read (boilerplate included) when it differs from `text`; for HTML the
    snapshot keeps the page itself.
    """

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    locator: Mapped[str] = mapped_column(String(URL_LENGTH), unique=True)
    url: Mapped[str | None] = mapped_column(String(URL_LENGTH), index=True)
    canonical_url: Mapped[str | None] = mapped_column(String(URL_LENGTH), index=True)
    source_path: Mapped[str | None] = mapped_column(String(URL_LENGTH), index=True)
    outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("outlet.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # Where the published date came from: markup | url | text | user
    date_source: Mapped[str | None] = mapped_column(String(20))
    retrieved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    language: Mapped[str | None] = mapped_column(String(20))
    content_kind: Mapped[str] = mapped_column(String(10), default="html")  # html | text
    raw_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    text: Mapped[str] = mapped_column(Text, default="")
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    # Where each metadata value came from, e.g. {"title": "markup", "authors": "user"}
    metadata_sources: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    outlet: Mapped[Outlet | None] = relationship()
    author_links: Mapped[list[DocumentAuthor]] = relationship(
        cascade="all, delete-orphan", order_by="DocumentAuthor.position"
    )
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Revision.number"
    )
    snapshots: Mapped[list[Snapshot]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Snapshot.id"
    )
    attributions: Mapped[list[Attribution]] = relationship(
        cascade="all, delete-orphan", order_by="Attribution.start"
    )
    quotes: Mapped[list[Quote]] = relationship(cascade="all, delete-orphan", order_by="Quote.start")

    @property
    def authors(self) -> list[str]:
        """Author names in byline order."""
        return [link.author.name for link in self.author_links]


class Snapshot(Base):
    """The raw bytes a document was read from, exactly as received, as evidence.

    `body` is zlib-compressed; `sha256` is over the uncompressed bytes, so a
    fact-checker can cite it and anyone can check a copy against it. For HTTP,
    the bytes are the response body after transfer decoding (gzip undone).
    """

    __tablename__ = "snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    origin: Mapped[str] = mapped_column(String(10))  # http | file | warc
    # The address asked for (a credited address that redirected: lineage finds the document by it too).
    requested_url: Mapped[str | None] = mapped_column(String(URL_LENGTH), index=True)
    final_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    source_path: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    http_status: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(200))
    encoding: Mapped[str | None] = mapped_column(String(40))
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    warc_record_id: Mapped[str | None] = mapped_column(String(200))
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    size: Mapped[int] = mapped_column(Integer)
    compression: Mapped[str] = mapped_column(String(10), default="zlib")
    body: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    document: Mapped[Document] = relationship(back_populates="snapshots")


class Revision(Base):
    """One version of a document's text; number 1 is the first one seen."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("snapshot.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, deferred=True)
    text_hash: Mapped[str] = mapped_column(String(64))
    retrieved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship(back_populates="revisions")
    snapshot: Mapped[Snapshot | None] = relationship()


class Attribution(Base):
    """What a document says about its own sources, with the exact span as evidence.

    kind: marker | prose | markup | manual. Offsets are into the document's text
    (markup attributions have none).
    """

    __tablename__ = "attribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    source_name: Mapped[str | None] = mapped_column(String(300))
    source_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    source_outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("outlet.id", ondelete="SET NULL"), index=True
    )
    # study | journal | data | release | document: a source that is not an outlet (null: an outlet).
    source_kind: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    source_outlet: Mapped[Outlet | None] = relationship()


class Quote(Base):
    """A quoted span; speaker is null when the document does not say who said it."""

    __tablename__ = "quote"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(300))
    primary: Mapped[bool] = mapped_column(Boolean, default=False)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class ReuseLink(Base):
    """Measured text overlap between two documents (document_a_id < document_b_id).

    `a_in_b` is the share of A's text found in B; `passages` holds aligned
    character spans [[a_start, a_end, b_start, b_end], ...].
    """

    __tablename__ = "reuse_link"
    __table_args__ = (UniqueConstraint("document_a_id", "document_b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_a_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    document_b_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    relation: Mapped[str] = mapped_column(String(20))
    a_in_b: Mapped[float] = mapped_column(Float)
    b_in_a: Mapped[float] = mapped_column(Float)
    # Mean best match of the smaller text's sentences (0-1): how close a rewrite stays to its source.
    similarity: Mapped[float | None] = mapped_column(Float)
    passages: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReuseSignature(Base):
    """A document's reuse fingerprints are stored (at `version`) and, once `linked`, its links too."""

    __tablename__ = "reuse_signature"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    tokens: Mapped[int] = mapped_column(Integer)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    linked: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class ReuseBand(Base):
    """LSH band keys of MinHash signatures: documents sharing a key overlap nearly whole."""

    __tablename__ = "reuse_band"
    __table_args__ = {"sqlite_with_rowid": False}

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ReusePosting(Base):
    """Winnowed shingle fingerprints: documents sharing one share a run of text, however short a part."""

    __tablename__ = "reuse_posting"
    __table_args__ = {"sqlite_with_rowid": False}

    hash: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ReuseCommon(Base):
    """Fingerprints found in too many documents to mean reuse (boilerplate, stock phrases)."""

    __tablename__ = "reuse_common"

    hash: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)


class ReuseState(Base):
    """Progress of a bulk `prov reindex`, so an interrupted one resumes."""

    __tablename__ = "reuse_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class LineageEdge(Base):
    """derived document -> source (a document, or an outlet or URL known only by name, or a named
    source of another kind: `source_kind` study | journal | data | release | document, and its
    `source_name`, with no document and no outlet).

    relation: repost | excerpt | rewrite | quote | cites | revision. `basis` lists
    the kinds of evidence (marker, prose, markup, text-reuse, date, manual).
    """

    __tablename__ = "lineage_edge"
    id: Mapped[int] = mapped_column(primary_key=True)
    derived_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    source_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    source_outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("outlet.id", ondelete="SET NULL"), index=True
    )
    source_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    source_kind: Mapped[str | None] = mapped_column(String(20))
    source_name: Mapped[str | None] = mapped_column(String(300))
    relation: Mapped[str] = mapped_column(String(20))
    basis: Mapped[list[Any]] = mapped_column(default=list)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    flags: Mapped[list[Any]] = mapped_column(default=list)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Correction(Base):
    """A person's link or unlink between two documents; wins over inference."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(10))  # link | unlink
    derived_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    source_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    source_outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("outlet.id", ondelete="SET NULL")
    )
    source_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    relation: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    made_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MeaningDocument(Base):
    """A document's sentence vectors, computed by `model` (vectors of another model are not used).

    One vector per sentence (`units` of them), kept together: `spans` holds each sentence's start and
    end in the text (int32 pairs), `vectors` the vectors (units x (float32 scale, 384 int8):
    meaning.store.pack), little-endian. A row per
    document, not per sentence: reading 25 rows for each article cost a one-shot trace seconds.
    `id` grows with every write, so a process holding the vectors reads only the rows written since.
    """

    __tablename__ = "meaning_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), unique=True)
    model: Mapped[str] = mapped_column(String(60))
    units: Mapped[int] = mapped_column(Integer, default=0)
    spans: Mapped[bytes] = mapped_column(LargeBinary)
    vectors: Mapped[bytes] = mapped_column(LargeBinary)


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class, for bulk inserts and aliases (to a type checker
    `Model.__table__` is any FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
