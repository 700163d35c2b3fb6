"""announcement idempotency key: a double click on Send writes to everyone once

announcements.idempotency_key: the composer form's random key (a hidden field made when the form is
drawn). A second POST of the same form finds the announcement the first wrote, by (forum_id, key), and
shows it instead of sending again; the unique constraint is the last guard. NULL for automatic messages
and for announcements written before this revision (NULLs never collide).

Revision ID: b8e2c4d6f1a3
Revises: e5a9c3f7b1d4
Create Date: 2026-12-07 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'b8e2c4d6f1a3'
down_revision = 'e5a9c3f7b1d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_announcements_forum_id_idempotency_key',
                                          ['forum_id', 'idempotency_key'])


def downgrade():
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.drop_constraint('uq_announcements_forum_id_idempotency_key', type_='unique')
        batch_op.drop_column('idempotency_key')
