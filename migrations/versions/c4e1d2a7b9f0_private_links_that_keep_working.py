"""private links that keep working; a session's own online link

registration_links: every private link emailed after the first (approval, promotion, "email me my link")
gets a row, so the link a person bookmarked keeps working; a link its owner replaced keeps its row with
revoked_at, so opening it says so instead of a bare 404. The first link stays on registrations.
agenda_items.online_link: a session may have its own meeting link, overriding the forum's.

Revision ID: c4e1d2a7b9f0
Revises: 5d1c7e2f9a40
Create Date: 2026-12-04 23:50:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'c4e1d2a7b9f0'
down_revision = '5d1c7e2f9a40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'registration_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f('fk_registration_links_registration_id_registrations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_links')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_registration_links_token_hash')),
    )
    with op.batch_alter_table('registration_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_links_registration_id'), ['registration_id'], unique=False)
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_link', sa.String(length=500), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('online_link')
    with op.batch_alter_table('registration_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_links_registration_id'))
    op.drop_table('registration_links')
