"""communications: announcements to participants, who each went to, saved templates, opt-outs, limits

announcements: what an organiser (or an automatic message) wrote, with placeholders and recipient filters.
announcement_recipients: one row per registration it went to (the filled copy is its outbox row) or skipped
  as opted out; the unsubscribe token's SHA-256 only.
message_templates: subjects and bodies saved per forum.
announcement_opt_outs: a registration's holder wants no more announcements from the forum.
communication_settings: the administrator's recipient quota for one forum (no row: the default).
New tables only: nothing existing changes.

Revision ID: 3c0a7e91d5b2
Revises: f1a2b3c4d5e6
Create Date: 2026-12-05 02:04:29.203320

"""
import sqlalchemy as sa
from alembic import op

revision = '3c0a7e91d5b2'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('announcements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('attach_ics', sa.Boolean(), nullable=False),
    sa.Column('send_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=32), server_default='composer', nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'queued', 'scheduled', 'cancelled')", name=op.f('ck_announcements_status_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_announcements_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_announcements_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcements'))
    )
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcements_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_announcements_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_announcements_status'), ['status'], unique=False)

    op.create_table('communication_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('recipient_quota', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('recipient_quota IS NULL OR recipient_quota >= 0', name=op.f('ck_communication_settings_recipient_quota_positive')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_communication_settings_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communication_settings')),
    sa.UniqueConstraint('forum_id', name=op.f('uq_communication_settings_forum_id'))
    )
    op.create_table('message_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_message_templates_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_message_templates_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_templates')),
    sa.UniqueConstraint('forum_id', 'name', name='uq_message_templates_forum_id_name')
    )
    with op.batch_alter_table('message_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_templates_forum_id'), ['forum_id'], unique=False)

    op.create_table('announcement_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_announcement_opt_outs_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_announcement_opt_outs_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement_opt_outs')),
    sa.UniqueConstraint('forum_id', 'registration_id', name='uq_announcement_opt_outs_forum_id_registration_id')
    )
    with op.batch_alter_table('announcement_opt_outs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_opt_outs_forum_id'), ['forum_id'], unique=False)

    op.create_table('announcement_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('announcement_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('unsubscribe_token_hash', sa.String(length=64), nullable=True),
    sa.CheckConstraint("state IN ('mailed', 'opted_out')", name=op.f('ck_announcement_recipients_state_known')),
    sa.ForeignKeyConstraint(['announcement_id'], ['announcements.id'], name=op.f('fk_announcement_recipients_announcement_id_announcements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_messages.id'], name=op.f('fk_announcement_recipients_outbox_message_id_outbox_messages'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_announcement_recipients_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement_recipients')),
    sa.UniqueConstraint('announcement_id', 'registration_id', name='uq_announcement_recipients_announcement_id_registration_id'),
    sa.UniqueConstraint('unsubscribe_token_hash', name=op.f('uq_announcement_recipients_unsubscribe_token_hash'))
    )
    with op.batch_alter_table('announcement_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_recipients_announcement_id'), ['announcement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_announcement_recipients_outbox_message_id'), ['outbox_message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_announcement_recipients_registration_id'), ['registration_id'], unique=False)



def downgrade():
    with op.batch_alter_table('announcement_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_recipients_registration_id'))
        batch_op.drop_index(batch_op.f('ix_announcement_recipients_outbox_message_id'))
        batch_op.drop_index(batch_op.f('ix_announcement_recipients_announcement_id'))

    op.drop_table('announcement_recipients')
    with op.batch_alter_table('announcement_opt_outs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_opt_outs_forum_id'))

    op.drop_table('announcement_opt_outs')
    with op.batch_alter_table('message_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_templates_forum_id'))

    op.drop_table('message_templates')
    op.drop_table('communication_settings')
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcements_status'))
        batch_op.drop_index(batch_op.f('ix_announcements_forum_id'))
        batch_op.drop_index(batch_op.f('ix_announcements_created_by_id'))

    op.drop_table('announcements')
