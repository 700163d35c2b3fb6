"""Session notes: a programme item's own notes (a plenary's, a panel's), kept by the cluster notes' engine

cluster_notes gains session_item_id (the programme item whose notes these are, one set per item, removed with the
item); cluster_id becomes optional, and a CHECK says exactly one owner is set (a cluster or a programme item).
Every existing row is a cluster's: it keeps its cluster and satisfies the check. Nothing else changes.

On SQLite a column cannot lose NOT NULL nor a table gain a CHECK in place: batch mode copies the table and drops
the original. Dropping a table runs an implicit DELETE, and with foreign keys on that DELETE cascades to every row
pointing at it: every revision and draft of every notes (ON DELETE CASCADE), and the links from recommendations
and action plans (SET NULL). So on SQLite the copy is made with foreign keys off, which only takes effect outside
a transaction: the migration ends Alembic's transaction, copies, checks with PRAGMA foreign_key_check that every
reference still finds its row (else it stops, with the table as it was), and turns foreign keys back on.
PostgreSQL alters the table in place.

Revision ID: e9c1a3b5d7f2
Revises: e9a1c3b5d7f2
Create Date: 2026-12-14 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'e9c1a3b5d7f2'
down_revision = 'e9a1c3b5d7f2'
branch_labels = None
depends_on = None


class ReferencesBroken(RuntimeError):
    """Raised when, after the copy, a row points at a notes row that is not there: nothing was committed."""


def _outside_foreign_keys(change) -> None:
    """Run `change` on SQLite with foreign keys off (see the module's docstring), then prove nothing dangles."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        change()
        return
    in_alembic_transaction = bind.in_transaction()
    if bind.connection.dbapi_connection.in_transaction:
        bind.exec_driver_sql("COMMIT")  # what this run did so far is kept; PRAGMA foreign_keys needs no transaction
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        bind.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            change()
            dangling = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
            if dangling:
                raise ReferencesBroken(f"rows point at missing rows after copying cluster_notes: {dangling[:10]}")
        except BaseException:
            bind.exec_driver_sql("ROLLBACK")
            raise
        bind.exec_driver_sql("COMMIT")
    finally:
        bind.exec_driver_sql("PRAGMA foreign_keys=ON")
        if in_alembic_transaction:
            bind.exec_driver_sql("BEGIN")  # Alembic records the new revision in it, then commits


def upgrade():
    def change():
        with op.batch_alter_table('cluster_notes', schema=None) as batch_op:
            batch_op.add_column(sa.Column('session_item_id', sa.Integer(), nullable=True))
            batch_op.alter_column('cluster_id', existing_type=sa.Integer(), nullable=True)
            batch_op.create_foreign_key(batch_op.f('fk_cluster_notes_session_item_id_agenda_items'), 'agenda_items',
                                        ['session_item_id'], ['id'], ondelete='CASCADE')
            batch_op.create_unique_constraint(batch_op.f('uq_cluster_notes_session_item_id'), ['session_item_id'])
            batch_op.create_check_constraint(batch_op.f('ck_cluster_notes_one_owner'),
                                             '(cluster_id IS NULL) <> (session_item_id IS NULL)')

    _outside_foreign_keys(change)


def downgrade():
    # a programme item's notes have no cluster to keep them: they go, with their revisions (foreign keys still on)
    op.execute("DELETE FROM cluster_notes WHERE session_item_id IS NOT NULL")

    def change():
        with op.batch_alter_table('cluster_notes', schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f('ck_cluster_notes_one_owner'), type_='check')
            batch_op.drop_constraint(batch_op.f('uq_cluster_notes_session_item_id'), type_='unique')
            batch_op.drop_constraint(batch_op.f('fk_cluster_notes_session_item_id_agenda_items'), type_='foreignkey')
            batch_op.alter_column('cluster_id', existing_type=sa.Integer(), nullable=False)
            batch_op.drop_column('session_item_id')

    _outside_foreign_keys(change)
