"""Composer messages in several languages: a version of the subject and body per forum language

announcements.versions and message_templates.versions hold the message in the forum's languages after its main
one ({"vi": {"subject": ..., "body": ...}}); each person gets the version in their registration's language,
else the main one (subject and body). Messages written before have none.

Revision ID: a7c2e4f6b8d1
Revises: c3d9e1f7a2b4
Create Date: 2026-12-06 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'a7c2e4f6b8d1'
down_revision = 'c3d9e1f7a2b4'
branch_labels = None
depends_on = None

TABLES = ('announcements', 'message_templates')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('versions', sa.JSON(), nullable=False, server_default='{}'))
        # the server default stays: dropping it would make SQLite copy the table, and dropping the original
        # in that copy cascades to every row that points at it (the outbox's messages of an announcement)


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('versions')
