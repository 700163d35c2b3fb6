"""calendar feed tokens stored as their hash, like every other private link

calendar_feeds.token (the secret itself) becomes token_hash (its SHA-256, hex, as core.tokens.hash_token
makes it). Each stored token is hashed in place first, so every feed address handed out before this
migration keeps working: the feed is found by the hash of the token in its address.

Downgrade cannot turn a hash back into a token: it deletes the feeds (their owners make a new address on
"My programme in my calendar") and restores the old column.

Revision ID: df71ae2db758
Revises: cc5e0ed4591b
Create Date: 2026-12-05 03:00:00.000000

"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = 'df71ae2db758'
down_revision = 'cc5e0ed4591b'
branch_labels = None
depends_on = None

feeds = sa.table('calendar_feeds', sa.column('id', sa.Integer), sa.column('token', sa.String))


def upgrade():
    connection = op.get_bind()
    # core.tokens.hash_token, written out: a migration must not change when the app's code does
    for feed_id, token in connection.execute(sa.select(feeds.c.id, feeds.c.token)).all():
        connection.execute(feeds.update().where(feeds.c.id == feed_id)
                           .values(token=hashlib.sha256(token.encode()).hexdigest()))
    # two steps: SQLite's batch mode rebuilds the table once per block, and a constraint on the renamed column
    # is only found once the rename is done
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.drop_constraint('uq_calendar_feeds_token', type_='unique')
        batch_op.alter_column('token', new_column_name='token_hash', existing_type=sa.String(length=64),
                              existing_nullable=False)
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_calendar_feeds_token_hash'), ['token_hash'])


def downgrade():
    op.execute(sa.text('DELETE FROM calendar_feeds'))
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_calendar_feeds_token_hash'), type_='unique')
        batch_op.alter_column('token_hash', new_column_name='token', existing_type=sa.String(length=64),
                              existing_nullable=False)
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_calendar_feeds_token'), ['token'])
