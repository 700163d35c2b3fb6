"""automatic messages and programme-change notices

automatic_messages: per forum, the reminder before the start and the message after the end, as the organisers
  set them (on or off, N days, the local hour, their text or "" for the default). That one went is the
  forum's announcement with source auto_before / auto_after, not a column here.
programme_change_notices: per forum, how change digests go (off, on the button, after a delay) and the JSON
  snapshot of the programme as participants last heard of it.
New tables only: nothing existing changes.

Revision ID: 8d2f6b1e4a73
Revises: 3c0a7e91d5b2
Create Date: 2026-12-05 02:16:05.728887

"""
import sqlalchemy as sa
from alembic import op

revision = '8d2f6b1e4a73'
down_revision = '3c0a7e91d5b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('automatic_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('is_enabled', sa.Boolean(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('hour', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('wait_for_report', sa.Boolean(), nullable=False),
    sa.Column('blocked_reason', sa.String(length=500), nullable=False),
    sa.Column('blocked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('before', 'after')", name=op.f('ck_automatic_messages_kind_known')),
    sa.CheckConstraint('days >= 0', name=op.f('ck_automatic_messages_days_positive')),
    sa.CheckConstraint('hour >= 0 AND hour <= 23', name=op.f('ck_automatic_messages_hour_of_day')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_automatic_messages_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_automatic_messages_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_automatic_messages')),
    sa.UniqueConstraint('forum_id', 'kind', name='uq_automatic_messages_forum_id_kind')
    )
    op.create_table('programme_change_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('delay_minutes', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.Column('snapshot_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sent_count', sa.Integer(), nullable=False),
    sa.Column('blocked_reason', sa.String(length=500), nullable=False),
    sa.Column('blocked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('off', 'button', 'delay')", name=op.f('ck_programme_change_notices_mode_known')),
    sa.CheckConstraint('delay_minutes >= 0', name=op.f('ck_programme_change_notices_delay_positive')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_programme_change_notices_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_programme_change_notices_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_change_notices')),
    sa.UniqueConstraint('forum_id', name=op.f('uq_programme_change_notices_forum_id'))
    )


def downgrade():
    op.drop_table('programme_change_notices')
    op.drop_table('automatic_messages')
