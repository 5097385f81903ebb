"""sentence vectors of documents, for tracing claims by meaning and across languages

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

See `provenance.meaning` (issue 20): one vector per sentence of each document, kept in one
row per document (`meaning_document`: the model that computed them, so vectors of another
model are never compared; each sentence's span in the text; the vectors, 384 int8 values and
a scale each). Derived from the text, they go with the document (ON DELETE CASCADE). A plain table on
both databases: Debian's packages here have no pgvector, and this Python's sqlite3 cannot
load extensions (sqlite-vec), so the vectors are compared in numpy
(provenance.meaning.store). Existing documents get theirs from `prov reindex --vectors`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'meaning_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('model', sa.String(length=60), nullable=False),
        sa.Column('units', sa.Integer(), nullable=False),
        sa.Column('spans', sa.LargeBinary(), nullable=False),
        sa.Column('vectors', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_meaning_document_document_id_document'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meaning_document')),
        sa.UniqueConstraint('document_id', name=op.f('uq_meaning_document_document_id')),
    )


def downgrade() -> None:
    op.drop_table('meaning_document')
