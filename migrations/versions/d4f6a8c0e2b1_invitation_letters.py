"""Invitation letters: each forum's letter settings, and people's requests with the details a letter needs

Revision ID: d4f6a8c0e2b1
Revises: c5e7a9b1d3f4
Create Date: 2026-12-14 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'd4f6a8c0e2b1'
down_revision = 'c5e7a9b1d3f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'letter_settings',
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('is_open', sa.Boolean(), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('signatory_id', sa.Integer(), nullable=True),
        sa.Column('with_forum_logo', sa.Boolean(), nullable=False),
        sa.Column('partner_logo_ids', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_letter_settings_forum_id_forums'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['signatory_id'], ['paper_signatories.id'],
                                name=op.f('fk_letter_settings_signatory_id_paper_signatories'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('forum_id', name=op.f('pk_letter_settings')),
    )
    op.create_table(
        'letter_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('purpose', sa.String(length=12), nullable=False),
        sa.Column('passport_name', sa.String(length=200), nullable=False),
        sa.Column('nationality', sa.String(length=2), nullable=False),
        sa.Column('passport_number', sa.String(length=20), nullable=False),
        sa.Column('birth_date', sa.Date(), nullable=True),
        sa.Column('authority_name', sa.String(length=300), nullable=False),
        sa.Column('authority_address', sa.Text(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decline_reason', sa.Text(), nullable=False),
        sa.Column('issued_id', sa.Integer(), nullable=True),
        sa.Column('letter', sa.JSON(), nullable=False),
        sa.CheckConstraint("purpose IN ('visa', 'employer', 'other')", name=op.f('ck_letter_requests_purpose_known')),
        sa.CheckConstraint("status IN ('requested', 'approved', 'declined')",
                           name=op.f('ck_letter_requests_status_known')),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_letter_requests_forum_id_forums'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f('fk_letter_requests_registration_id_registrations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_letter_requests_decided_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['issued_id'], ['issued_documents.id'],
                                name=op.f('fk_letter_requests_issued_id_issued_documents'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_requests')),
        sa.UniqueConstraint('registration_id', name=op.f('uq_letter_requests_registration_id')),
    )
    op.create_index(op.f('ix_letter_requests_forum_id'), 'letter_requests', ['forum_id'])
    op.create_index(op.f('ix_letter_requests_status'), 'letter_requests', ['status'])


def downgrade():
    op.drop_table('letter_requests')
    op.drop_table('letter_settings')
