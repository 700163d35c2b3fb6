"""content_versions.original_digest: a version remembers the original it was written from

When an organiser changes an original after its version was written, readers see the new original (marked
out of date) rather than a version that no longer says the same thing, and the translation page flags it.
Versions written before this column have none and count as current. The table is new and nothing refers
to it, so adding the column is a plain ALTER on every database.

Revision ID: b4e6d8f0a2c3
Revises: a7d2c9e4b1f3
Create Date: 2026-12-05 05:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'b4e6d8f0a2c3'
down_revision = 'a7d2c9e4b1f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_digest', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.drop_column('original_digest')
