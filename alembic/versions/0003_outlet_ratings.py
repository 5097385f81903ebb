"""outlet ratings, stored search vector

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Ratings people give outlets (outlet_rating: many per outlet, each with its scale,
source, date and note). On PostgreSQL, the full-text vector of each document is
stored (a generated column with its GIN index) instead of being an expression
index: a search that matches many documents no longer computes the vector of each
one again, and a small table that the planner scans in full is cheap to search.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outlet_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('scale', sa.String(length=10), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('label', sa.String(length=100), nullable=True),
    sa.Column('score_0_100', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('rated_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('made_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_outlet_rating_outlet_id_outlet'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outlet_rating'))
    )
    op.create_index(op.f('ix_outlet_rating_outlet_id'), 'outlet_rating', ['outlet_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_document_fts")
        op.execute("ALTER TABLE document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
                   "to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || text)) STORED")
        op.execute("CREATE INDEX ix_document_search_vector ON document USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_document_search_vector")
        op.execute("ALTER TABLE document DROP COLUMN IF EXISTS search_vector")
        op.execute("CREATE INDEX ix_document_fts ON document USING gin ("
                   "to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || text))")
    op.drop_index(op.f('ix_outlet_rating_outlet_id'), table_name='outlet_rating')
    op.drop_table('outlet_rating')
