"""Logos: an organisation's (shown where forums name it as partner) and a forum's own

New tables, not columns: organisations and forums are referenced by other tables, and SQLite's batch mode
would copy and drop them to add a foreign key column.

Revision ID: b8e4d2f6a1c3
Revises: e2f4a6c8b0d1
Create Date: 2026-12-11 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'b8e4d2f6a1c3'
down_revision = 'e2f4a6c8b0d1'
branch_labels = None
depends_on = None


def _logo_table(name, owner, owner_table):
    op.create_table(
        name,
        sa.Column(owner, sa.Integer(), nullable=False),
        sa.Column('stored_file_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=120), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint([owner], [f'{owner_table}.id'], name=op.f(f'fk_{name}_{owner}_{owner_table}'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['stored_file_id'], ['stored_files.id'],
                                name=op.f(f'fk_{name}_stored_file_id_stored_files'), ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint(owner, name=op.f(f'pk_{name}')),
    )
    op.create_index(op.f(f'ix_{name}_stored_file_id'), name, ['stored_file_id'], unique=False)


def upgrade():
    _logo_table('organisation_logos', 'organisation_id', 'organisations')
    _logo_table('forum_logos', 'forum_id', 'forums')


def downgrade():
    op.drop_index(op.f('ix_forum_logos_stored_file_id'), table_name='forum_logos')
    op.drop_table('forum_logos')
    op.drop_index(op.f('ix_organisation_logos_stored_file_id'), table_name='organisation_logos')
    op.drop_table('organisation_logos')
