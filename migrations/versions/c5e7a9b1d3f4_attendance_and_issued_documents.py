"""Attendance per day and per programme item; certificates and letters issued, verifiable by their code

Revision ID: c5e7a9b1d3f4
Revises: f3a5b7c9d1e2
Create Date: 2026-12-12 08:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'c5e7a9b1d3f4'
down_revision = 'f3a5b7c9d1e2'
branch_labels = None
depends_on = None


def _who(table, column):
    return sa.ForeignKeyConstraint([column], ['users.id'], name=op.f(f'fk_{table}_{column}_users'),
                                   ondelete='SET NULL')


def _owned(table):
    return [
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f(f'fk_{table}_forum_id_forums'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f(f'fk_{table}_registration_id_registrations'), ondelete='CASCADE'),
    ]


def upgrade():
    op.create_table(
        'attendance_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        *_owned('attendance_days'), _who('attendance_days', 'recorded_by_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_days')),
        sa.UniqueConstraint('registration_id', 'day', name='uq_attendance_days_registration_id_day'),
    )
    op.create_index(op.f('ix_attendance_days_forum_id'), 'attendance_days', ['forum_id'])
    op.create_index(op.f('ix_attendance_days_registration_id'), 'attendance_days', ['registration_id'])
    op.create_table(
        'attendance_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('agenda_item_id', sa.Integer(), nullable=False),
        sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        *_owned('attendance_sessions'), _who('attendance_sessions', 'recorded_by_id'),
        sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'],
                                name=op.f('fk_attendance_sessions_agenda_item_id_agenda_items'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_sessions')),
        sa.UniqueConstraint('registration_id', 'agenda_item_id',
                            name='uq_attendance_sessions_registration_id_agenda_item_id'),
    )
    op.create_index(op.f('ix_attendance_sessions_forum_id'), 'attendance_sessions', ['forum_id'])
    op.create_index(op.f('ix_attendance_sessions_registration_id'), 'attendance_sessions', ['registration_id'])
    op.create_index(op.f('ix_attendance_sessions_agenda_item_id'), 'attendance_sessions', ['agenda_item_id'])
    op.create_table(
        'issued_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('nonce', sa.String(length=32), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('holder_name', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_reason', sa.Text(), nullable=False),
        sa.Column('revoked_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('certificate', 'letter')", name=op.f('ck_issued_documents_kind_known')),
        *_owned('issued_documents'), _who('issued_documents', 'issued_by_id'),
        _who('issued_documents', 'revoked_by_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_documents')),
        sa.UniqueConstraint('nonce', name=op.f('uq_issued_documents_nonce')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_issued_documents_code_hash')),
    )
    op.create_index(op.f('ix_issued_documents_forum_id'), 'issued_documents', ['forum_id'])
    op.create_index(op.f('ix_issued_documents_registration_id'), 'issued_documents', ['registration_id'])
    op.create_table(
        'paper_signatories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('signature_file_id', sa.Integer(), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_paper_signatories_forum_id_forums'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['signature_file_id'], ['stored_files.id'],
                                name=op.f('fk_paper_signatories_signature_file_id_stored_files'), ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_signatories')),
    )
    op.create_index(op.f('ix_paper_signatories_forum_id'), 'paper_signatories', ['forum_id'])
    op.create_index(op.f('ix_paper_signatories_signature_file_id'), 'paper_signatories', ['signature_file_id'])


def downgrade():
    op.drop_table('paper_signatories')
    op.drop_table('issued_documents')
    op.drop_table('attendance_sessions')
    op.drop_table('attendance_days')
