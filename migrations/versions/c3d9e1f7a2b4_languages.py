"""Languages: an account's chosen language, the language a registration was made in, a forum's languages

users.language is what the switcher saved (NULL: none chosen). registrations.language is the language
the form was filled in, which every email to that person is written in; rows made before take English,
the only language there was (the server defaults stay: dropping them would make SQLite copy the tables,
and dropping `forums` in that copy cascades to every row that points at it). forums.languages lists the languages a forum's content is written in, its
main language first; existing forums are English.

Revision ID: c3d9e1f7a2b4
Revises: f6b1d3a5c7e9
Create Date: 2026-12-05 05:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'c3d9e1f7a2b4'
down_revision = 'f6b1d3a5c7e9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=False, server_default='en'))
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('languages', sa.JSON(), nullable=False, server_default='["en"]'))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('languages')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
