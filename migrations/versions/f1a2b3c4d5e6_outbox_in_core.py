"""the outbox moves to core and learns what a worker and the composer need

outbox_messages.kind: "service" (about the recipient's own registration or account: always sent) or
  "announcement" (written by organisers: opt-outs apply); existing rows are service mail.
outbox_messages.send_after: held back until this instant (scheduled messages).
outbox_messages.message_id: fixed when queued, so a retry sends the same Message-ID; existing rows get
  theirs when they are next sent.
outbox_messages.headers: extra header lines (List-Unsubscribe and the like).
outbox_messages.claimed_by, claimed_until: a worker's lease; a killed worker's claims run out.

Revision ID: f1a2b3c4d5e6
Revises: e7b3a5c1d9f2
Create Date: 2026-12-05 02:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'f1a2b3c4d5e6'
down_revision = 'e7b3a5c1d9f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='service', nullable=False))
        batch_op.add_column(sa.Column('send_after', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('headers', sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_send_after'), ['send_after'], unique=False)
        batch_op.create_check_constraint('kind_known', "kind IN ('service', 'announcement')")


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint('kind_known', type_='check')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_send_after'))
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('headers')
        batch_op.drop_column('message_id')
        batch_op.drop_column('send_after')
        batch_op.drop_column('kind')
