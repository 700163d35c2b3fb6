"""mail a stranger can cause: held mail, who caused it, organiser approval, imports in the background

outbox_messages.status: "held" besides queued, sent and failed: the worker never claims it.
outbox_messages.hold: what a held message waits for ("draft": its forum's announcement; "import:<id>": the
  end of its import).
outbox_messages.actor_id: the account whose action wrote to someone else (counted by the mail quotas).
site_settings: settings the administrator changes at run time (none on a fresh install: every one its default),
  first "organisers_need_approval".
organiser_approvals: the administrator's answer about an account as an organiser (waiting, approved, refused).
registration_imports: CSV imports written by the worker, one committed row at a time, with their progress.
registrations.import_id: the background import that wrote a registration (an import that fails is undone).

Revision ID: 7b9e2d4c6a15
Revises: a7d3e5f1c2b8
Create Date: 2026-12-05 05:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '7b9e2d4c6a15'
down_revision = 'a7d3e5f1c2b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'organiser_approvals',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("state IN ('waiting', 'approved', 'refused')", name=op.f('ck_organiser_approvals_state_known')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_organiser_approvals_decided_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organiser_approvals_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_organiser_approvals')),
    )
    with op.batch_alter_table('organiser_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organiser_approvals_state'), ['state'], unique=False)

    op.create_table(
        'site_settings',
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_site_settings_updated_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_site_settings')),
    )

    op.create_table(
        'registration_imports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('written', sa.Integer(), nullable=False),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.Column('outcome', sa.JSON(), nullable=False),
        sa.Column('error', sa.String(length=500), nullable=False),
        sa.Column('invitation_code_id', sa.Integer(), nullable=True),
        sa.Column('claimed_by', sa.String(length=80), nullable=False),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('waiting', 'running', 'done', 'failed')",
                           name=op.f('ck_registration_imports_state_known')),
        sa.CheckConstraint('written >= 0 AND written <= total', name=op.f('ck_registration_imports_written_in_range')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_registration_imports_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_registration_imports_forum_id_forums'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invitation_code_id'], ['invitation_codes.id'],
                                name=op.f('fk_registration_imports_invitation_code_id_invitation_codes'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_imports')),
    )
    with op.batch_alter_table('registration_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_imports_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_imports_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_imports_state'), ['state'], unique=False)

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hold', sa.String(length=40), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_outbox_messages_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_hold'), ['hold'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_actor_id_users'), 'users', ['actor_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.drop_constraint(op.f('ck_outbox_messages_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_messages_status_known'),
                                         "status IN ('queued', 'held', 'sent', 'failed')")

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_registrations_import_id'), ['import_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_registrations_import_id_registration_imports'),
                                    'registration_imports', ['import_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registrations_import_id_registration_imports'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_registrations_import_id'))
        batch_op.drop_column('import_id')

    op.execute("UPDATE outbox_messages SET status = 'queued' WHERE status = 'held'")  # held mail goes, as it did
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_messages_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_messages_status_known'), "status IN ('queued', 'sent', 'failed')")
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_actor_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_hold'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_actor_id'))
        batch_op.drop_column('hold')
        batch_op.drop_column('actor_id')

    with op.batch_alter_table('registration_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_imports_state'))
        batch_op.drop_index(batch_op.f('ix_registration_imports_forum_id'))
        batch_op.drop_index(batch_op.f('ix_registration_imports_created_by_id'))
    op.drop_table('registration_imports')
    op.drop_table('site_settings')
    with op.batch_alter_table('organiser_approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organiser_approvals_state'))
    op.drop_table('organiser_approvals')
