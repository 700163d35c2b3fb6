"""outbox: the registration a message is about

Erasing a registration deletes exactly its own mail by this link; matching by address also took mail of
whoever really owns an address a registrant typed (a plan owner's reporting link). Nullable, no backfill:
mail queued before this revision is not linked and stays (its private links die with the erasure, which
replaces the manage token).

Revision ID: a61146f0e5b3
Revises: b26836e95d02
Create Date: 2026-11-23 04:36:01.836584

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a61146f0e5b3'
down_revision = 'b26836e95d02'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_registration_id'), ['registration_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_registration_id_registrations'), 'registrations',
                                    ['registration_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_registration_id_registrations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_registration_id'))
        batch_op.drop_column('registration_id')
