"""registration: the categories the public form offers

registration_settings.public_categories: a JSON list, a subset of civil_society, government, observer and
media; NULL (every existing forum) means all four. Resource person and organiser staff, which print SPEAKER
and STAFF on a badge, are given by organisers only and are never offered to the public.

Revision ID: 9d4f2b7c1a3e
Revises: df71ae2db758
Create Date: 2026-12-05 03:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '9d4f2b7c1a3e'
down_revision = 'df71ae2db758'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_categories', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.drop_column('public_categories')
