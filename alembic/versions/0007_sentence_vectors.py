"""sentence vectors of documents, for tracing claims by meaning and across languages

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

See `provenance.meaning` (issue 20): one vector per sentence of each document
(`sentence_vector`: its span in the text, 384 float16 values), and per document the model
that computed them (`meaning_document`), so vectors of another model are never compared.
Both are derived from the text and go with the document (foreign keys, ON DELETE CASCADE).
Plain tables on both databases: Debian's packages here have no pgvector, and this Python's
sqlite3 cannot load extensions (sqlite-vec), so vectors are stored as bytes and compared in
numpy (provenance.meaning.store). Existing documents get their vectors from
`prov reindex --vectors`.
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
        sa.Column('document_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('model', sa.String(length=60), nullable=False),
        sa.Column('units', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_meaning_document_document_id_document'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id', name=op.f('pk_meaning_document')),
    )
    op.create_table(
        'sentence_vector',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_sentence_vector_document_id_document'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sentence_vector')),
    )
    with op.batch_alter_table('sentence_vector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sentence_vector_document_id'), ['document_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sentence_vector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sentence_vector_document_id'))
    op.drop_table('sentence_vector')
    op.drop_table('meaning_document')
