"""an index on snapshot.requested_url: a document found by the address it was credited at

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

`prov follow` fetches the address a document credits; when that address redirects, the document
is stored at the address it landed on and its snapshot keeps the one asked for
(`snapshot.requested_url`). Lineage matches a credited address against both (issue 21), so the
placeholder becomes the document; the index keeps that lookup an indexed one.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_snapshot_requested_url'), ['requested_url'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_snapshot_requested_url'))
