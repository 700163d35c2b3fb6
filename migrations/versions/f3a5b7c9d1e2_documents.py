"""Documents: files and links on the forum, programme items, clusters and the report, with file versions

Revision ID: f3a5b7c9d1e2
Revises: b8e4d2f6a1c3
Create Date: 2026-12-11 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'f3a5b7c9d1e2'
down_revision = 'b8e4d2f6a1c3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('target_kind', sa.String(length=16), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('visibility', sa.String(length=16), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("target_kind IN ('forum', 'item', 'cluster', 'report')",
                           name=op.f('ck_documents_target_kind_known')),
        sa.CheckConstraint("visibility IN ('public', 'participants', 'organisers')",
                           name=op.f('ck_documents_visibility_known')),
        sa.CheckConstraint("kind IN ('file', 'link')", name=op.f('ck_documents_kind_known')),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_documents_forum_id_forums'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_documents_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    )
    op.create_index('ix_documents_target', 'documents', ['forum_id', 'target_kind', 'target_id'], unique=False)
    op.create_index(op.f('ix_documents_forum_id'), 'documents', ['forum_id'], unique=False)
    op.create_table(
        'document_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('stored_file_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_document_versions_document_id_documents'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['stored_file_id'], ['stored_files.id'],
                                name=op.f('fk_document_versions_stored_file_id_stored_files')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'],
                                name=op.f('fk_document_versions_uploaded_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_versions')),
    )
    op.create_index(op.f('ix_document_versions_document_id'), 'document_versions', ['document_id'], unique=False)
    op.create_index(op.f('ix_document_versions_stored_file_id'), 'document_versions', ['stored_file_id'],
                    unique=False)


def downgrade():
    op.drop_table('document_versions')
    op.drop_table('documents')
