"""sources that are not outlets: source_kind on attribution and lineage_edge, source_name on lineage_edge

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

A document can credit a study, a journal, figures of a named body, a statement or release
an organisation published, or a document (a report, a filing, a letter): a source that is
not an outlet (issue 17). `attribution.source_kind` says which (study | journal | data |
release | document; null for an outlet), and a lineage edge to such a source names it:
`lineage_edge.source_kind` and `lineage_edge.source_name` (no document, no outlet). Existing
rows are outlet credits and edges: null in both, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('attribution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_kind', sa.String(length=20), nullable=True))
    with op.batch_alter_table('lineage_edge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('source_name', sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lineage_edge', schema=None) as batch_op:
        batch_op.drop_column('source_name')
        batch_op.drop_column('source_kind')
    with op.batch_alter_table('attribution', schema=None) as batch_op:
        batch_op.drop_column('source_kind')
