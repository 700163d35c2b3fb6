"""privacy: erasure requests, erased_at, retention

Revision ID: b26836e95d02
Revises: ba669a11f484
Create Date: 2026-11-23 03:18:31.256415

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b26836e95d02'
down_revision = 'ba669a11f484'
branch_labels = None
depends_on = None


def upgrade():
    # Read by hand. A new table and two nullable columns, so existing rows need no default:
    # erased_at NULL = not erased; retention_days NULL = keep until erased (the behaviour until now).
    op.create_table('erasure_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('via', sa.String(length=12), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("via IN ('link', 'account')", name=op.f('ck_erasure_requests_via_known')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_erasure_requests_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_erasure_requests_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_requests'))
    )
    with op.batch_alter_table('erasure_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erasure_requests_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_erasure_requests_registration_id'), ['registration_id'], unique=False)

    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), nullable=True))
        # autogenerate does not see check constraints on existing tables: added by hand
        batch_op.create_check_constraint(op.f('ck_forums_retention_days_positive'),
                                         'retention_days IS NULL OR retention_days >= 0')

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('erased_at')

    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_forums_retention_days_positive'), type_='check')
        batch_op.drop_column('retention_days')

    with op.batch_alter_table('erasure_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_erasure_requests_registration_id'))
        batch_op.drop_index(batch_op.f('ix_erasure_requests_forum_id'))

    op.drop_table('erasure_requests')
