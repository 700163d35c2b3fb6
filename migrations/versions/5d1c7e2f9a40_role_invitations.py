"""role invitations

Staff roles (a team role in a forum, or facilitator or rapporteur of one of its clusters) are offered by
email and granted when the owner of the address accepts through the link. One table for both kinds;
cluster_id is NULL for a team role. Only the SHA-256 of the link's token is stored. A new table only:
existing rows and roles are untouched.

Revision ID: 5d1c7e2f9a40
Revises: 2a9a239bdf05
Create Date: 2026-12-04 23:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1c7e2f9a40'
down_revision = '2a9a239bdf05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('role_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(cluster_id IS NULL AND role IN ('organiser', 'facilitator', 'participant')) OR "
                       "(cluster_id IS NOT NULL AND role IN ('facilitator', 'rapporteur'))",
                       name=op.f('ck_role_invitations_role_fits_scope')),
    sa.CheckConstraint('expires_at > created_at', name=op.f('ck_role_invitations_expires_after_created')),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_role_invitations_accepted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_role_invitations_cluster_id_clusters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_role_invitations_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_role_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_role_invitations_token_hash'))
    )
    with op.batch_alter_table('role_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_invitations_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_invitations_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_invitations_forum_id'), ['forum_id'], unique=False)


def downgrade():
    with op.batch_alter_table('role_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_invitations_forum_id'))
        batch_op.drop_index(batch_op.f('ix_role_invitations_email'))
        batch_op.drop_index(batch_op.f('ix_role_invitations_cluster_id'))

    op.drop_table('role_invitations')
