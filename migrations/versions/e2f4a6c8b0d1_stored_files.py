"""Stored files: uploaded contents kept in the database in 1 MiB chunks, deduplicated by SHA-256

Files live beside every other row, so one machine or several, backups and restores need nothing more.

Revision ID: e2f4a6c8b0d1
Revises: a7d2c9e4b1f3
Create Date: 2026-12-10 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'e2f4a6c8b0d1'
down_revision = 'a7d2c9e4b1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stored_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('mime', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files')),
        sa.UniqueConstraint('sha256', name=op.f('uq_stored_files_sha256')),
    )
    op.create_table(
        'file_chunks',
        sa.Column('file_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_file_chunks_file_id_stored_files'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('file_id', 'seq', name=op.f('pk_file_chunks')),
    )


def downgrade():
    op.drop_table('file_chunks')
    op.drop_table('stored_files')
