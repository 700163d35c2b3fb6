"""outbox_messages.failing_since: temporary refusals are given up by age, not by count

A message the mail server refuses for now (4xx) is retried until FORUMOPS_MAIL_GIVE_UP_HOURS (72) after the
first such refusal, then failed; before, ten attempts (about four hours) failed it, so a mail-server outage
of an afternoon lost registration and password mail for good. A server that cannot be reached counts no
attempt at all now. Messages already failing start their clock at their next refusal.

Revision ID: f6b1d3a5c7e9
Revises: b8e2c4d6f1a3
Create Date: 2026-12-07 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'f6b1d3a5c7e9'
down_revision = 'b8e2c4d6f1a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failing_since', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('failing_since')
