"""registration: settings, questions, invitation codes, registrations; outbox forum and attachment

Revision ID: b23b4c0409dc
Revises: 4f3934f8970c
Create Date: 2026-11-23 01:05:31.089753

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b23b4c0409dc'
down_revision = '4f3934f8970c'
branch_labels = None
depends_on = None


def upgrade():
    # Existing outbox rows get empty attachment fields (server_default), so the NOT NULL columns can be
    # added to a table that already holds mail.
    op.create_table('invitation_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('max_uses', sa.Integer(), nullable=False),
    sa.Column('used', sa.Integer(), nullable=False),
    sa.CheckConstraint('max_uses >= 1', name=op.f('ck_invitation_codes_max_uses_positive')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_invitation_codes_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_codes')),
    sa.UniqueConstraint('forum_id', 'code', name='uq_invitation_codes_forum_id_code')
    )
    with op.batch_alter_table('invitation_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_codes_forum_id'), ['forum_id'], unique=False)

    op.create_table('registration_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('help_text', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('short_text', 'long_text', 'single_choice', 'multiple_choice', 'yes_no')", name=op.f('ck_registration_questions_kind_known')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_registration_questions_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_questions'))
    )
    with op.batch_alter_table('registration_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_questions_forum_id'), ['forum_id'], unique=False)

    op.create_table('registration_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('capacity_in_person', sa.Integer(), nullable=True),
    sa.Column('capacity_online', sa.Integer(), nullable=True),
    sa.Column('approval_required', sa.Boolean(), nullable=False),
    sa.Column('invitation_only', sa.Boolean(), nullable=False),
    sa.Column('privacy_notice', sa.Text(), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_registration_settings_capacity_positive')),
    sa.CheckConstraint('capacity_in_person IS NULL OR capacity_in_person >= 0', name=op.f('ck_registration_settings_in_person_positive')),
    sa.CheckConstraint('capacity_online IS NULL OR capacity_online >= 0', name=op.f('ck_registration_settings_online_positive')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_registration_settings_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_settings')),
    sa.UniqueConstraint('forum_id', name=op.f('uq_registration_settings_forum_id'))
    )
    op.create_table('registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('attendance_mode', sa.String(length=12), nullable=False),
    sa.Column('cluster_preferences', sa.JSON(), nullable=False),
    sa.Column('dietary_needs', sa.String(length=300), nullable=False),
    sa.Column('accessibility_needs', sa.String(length=500), nullable=False),
    sa.Column('gender', sa.String(length=20), nullable=False),
    sa.Column('consent_privacy', sa.Boolean(), nullable=False),
    sa.Column('consent_photos', sa.Boolean(), nullable=False),
    sa.Column('list_publicly', sa.Boolean(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('waitlisted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('manage_token_hash', sa.String(length=64), nullable=False),
    sa.Column('checkin_code', sa.String(length=16), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('invitation_code_id', sa.Integer(), nullable=True),
    sa.Column('badge_printed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("attendance_mode IN ('in_person', 'online')", name=op.f('ck_registrations_mode_known')),
    sa.CheckConstraint("category IN ('civil_society', 'government', 'resource_person', 'observer', 'media', 'organiser_staff')", name=op.f('ck_registrations_category_known')),
    sa.CheckConstraint("status IN ('pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled')", name=op.f('ck_registrations_status_known')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_registrations_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_code_id'], ['invitation_codes.id'], name=op.f('fk_registrations_invitation_code_id_invitation_codes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_registrations_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_registrations_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrations')),
    sa.UniqueConstraint('checkin_code', name=op.f('uq_registrations_checkin_code')),
    sa.UniqueConstraint('forum_id', 'email', name='uq_registrations_forum_id_email'),
    sa.UniqueConstraint('manage_token_hash', name=op.f('uq_registrations_manage_token_hash'))
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrations_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrations_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrations_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forum_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attachment_name', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('attachment_type', sa.String(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('attachment_text', sa.Text(), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_outbox_messages_forum_id'), ['forum_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_forum_id_forums'), 'forums', ['forum_id'], ['id'], ondelete='SET NULL')

    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_forum_id_forums'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_forum_id'))
        batch_op.drop_column('attachment_text')
        batch_op.drop_column('attachment_type')
        batch_op.drop_column('attachment_name')
        batch_op.drop_column('forum_id')

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registrations_user_id'))
        batch_op.drop_index(batch_op.f('ix_registrations_status'))
        batch_op.drop_index(batch_op.f('ix_registrations_forum_id'))

    op.drop_table('registrations')
    op.drop_table('registration_settings')
    with op.batch_alter_table('registration_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_questions_forum_id'))

    op.drop_table('registration_questions')
    with op.batch_alter_table('invitation_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_codes_forum_id'))

    op.drop_table('invitation_codes')
    # ### end Alembic commands ###
