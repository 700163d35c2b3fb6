"""job_runs: the worker's periodic jobs, each run once per period across all workers

job_runs: one row per registered job (core.jobs), claimed under lock by the worker that runs it:
  period_done (start of the last period completed), claimed_by/claimed_until (the running worker's
  lease, or after a failure the time before which it is not retried), last start, finish, result, error.

Revision ID: cc5e0ed4591b
Revises: 8d2f6b1e4a73
Create Date: 2026-12-05 04:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'cc5e0ed4591b'
down_revision = '8d2f6b1e4a73'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job_runs',
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('period_done', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_by', sa.String(length=80), server_default='', nullable=False),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_result', sa.String(length=300), server_default='', nullable=False),
        sa.Column('last_error', sa.String(length=500), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_job_runs')),
    )


def downgrade():
    op.drop_table('job_runs')
