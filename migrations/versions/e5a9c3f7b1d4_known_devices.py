"""known devices: users.known_device_salt

The salt the "known device" cookie of each browser that signed in names (accounts.devices): such a browser is
spared the address-wide sign-in limit a stranger could fill. NULL until the account's next sign-in, and set
back to NULL when everywhere else is signed out, so every earlier cookie stops counting.

Revision ID: e5a9c3f7b1d4
Revises: 7b9e2d4c6a15
Create Date: 2026-12-07 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'e5a9c3f7b1d4'
down_revision = '7b9e2d4c6a15'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('known_device_salt', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('known_device_salt')
