"""Content versions: a forum's texts written in its other languages

One generic table for the versions of the forum's title and concept note, programme items, clusters and
registration questions, keyed by (forum, kind, object id, field, language), so a page reads a language's
versions in one query.

Revision ID: a7d2c9e4b1f3
Revises: a7c2e4f6b8d1
Create Date: 2026-12-06 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'a7d2c9e4b1f3'
down_revision = 'a7c2e4f6b8d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'content_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=40), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_content_versions_forum_id_forums'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_versions')),
        sa.UniqueConstraint('forum_id', 'kind', 'object_id', 'field', 'language', name='uq_content_versions_key'),
    )
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_versions_forum_id'), ['forum_id'], unique=False)


def downgrade():
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_versions_forum_id'))
    op.drop_table('content_versions')
