"""pairs of characters of text in scripts written without spaces, for tracing claims in them

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

See `provenance.grams`: a run of Chinese, Japanese, Thai (...) characters is one word to the
full-text indexes, so each document's runs are also stored as the pairs of adjacent
characters they hold. SQLite: an FTS5 table (rowid = document id), emptied of a
document by a trigger when the document goes. PostgreSQL: a table with a tsvector
and its GIN index, emptied by the foreign key. Existing documents are filled in
here (only those holding such characters get a row).
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from sqlalchemy.orm import Session

    from provenance.grams import fill_grams

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE document_grams USING fts5(grams, tokenize = 'unicode61')")
        op.execute("CREATE TRIGGER document_grams_ad AFTER DELETE ON document BEGIN "
                   "DELETE FROM document_grams WHERE rowid = old.id; END")
    else:
        op.execute("CREATE TABLE document_grams (document_id integer PRIMARY KEY "
                   "REFERENCES document (id) ON DELETE CASCADE, grams tsvector NOT NULL)")
        op.execute("CREATE INDEX ix_document_grams ON document_grams USING gin (grams)")
    fill_grams(Session(bind=bind))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS document_grams_ad")
    op.execute("DROP TABLE IF EXISTS document_grams")
