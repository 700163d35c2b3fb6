"""attendance_days: the device that took an arrival offline, its id for the arrival and its clock

The check-in desk keeps working offline (issue 24): a desk's device records arrivals and sends them when the
network returns. Each day's row now says which device took it (a random id the desk made up; "" for the
desk's page online), the arrival's own id (so an arrival sent twice records once) and the device's clock
reading, kept beside `arrived_at` when the server stamped the arrival because the device's clock was far off.

Revision ID: d4e7a9c1b3f5
Revises: 069c73fe27fe
Create Date: 2026-12-08 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'd4e7a9c1b3f5'
down_revision = '069c73fe27fe'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attendance_days', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('device_arrival_id', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('device_arrived_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('attendance_days', schema=None) as batch_op:
        batch_op.drop_column('device_arrived_at')
        batch_op.drop_column('device_arrival_id')
        batch_op.drop_column('device')
