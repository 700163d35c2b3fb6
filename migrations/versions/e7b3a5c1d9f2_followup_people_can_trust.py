"""follow-up people can trust: bounded numbers, corrected reports, links that keep working

plan_indicators: a kind "percent" (0 to 100) beside "number" (a count or amount, never below zero), checked by
  CHECK constraints; unit_one, the unit after one ("briefing" beside "briefings").
indicator_values: the indicator's kind copied onto each value, so a CHECK bounds the value the same way.
progress_reports: version, corrected_at, reviewed_at, reviewed_by_id; progress_report_versions keeps every
  version a correction replaced.
action_plan_links: every private link emailed (the first, each reminder) instead of one token on the plan,
  so a reminder no longer breaks the link in the first email; the plan's token columns move there.
followup_settings.challenge_categories: the categories each forum's owners choose from.

Existing rows that break the new bounds are NOT changed: the upgrade stops before touching anything and
names each offending row (plan, indicator, value) so a person decides what the right number was.

Revision ID: e7b3a5c1d9f2
Revises: c4e1d2a7b9f0
Create Date: 2026-12-05 00:10:00.000000

"""
import json

import sqlalchemy as sa
from alembic import op

revision = 'e7b3a5c1d9f2'
down_revision = 'c4e1d2a7b9f0'
branch_labels = None
depends_on = None

EVALUATION_WORKSHOP_CHALLENGES = [
    "product_quality", "production_technology", "value_addition", "production_cost", "finance",
    "human_resources", "sales_marketing", "export_procedures", "market_identification", "business_data",
]


class OutOfRangeRows(RuntimeError):
    """Raised by the upgrade when existing numbers break the new bounds: nothing has been changed."""


def offending_rows(connection) -> list[str]:
    """Every indicator target and reported value the new CHECK constraints would refuse, described."""
    problems = []
    for plan_id, title, indicator_id, label, kind, target in connection.execute(sa.text(
            "SELECT p.id, p.title, i.id, i.label, i.kind, i.target FROM plan_indicators i "
            "JOIN action_plans p ON p.id = i.plan_id "
            "WHERE i.target IS NOT NULL AND (i.target < 0 OR i.kind = 'yes_no') ORDER BY p.id, i.id")):
        problems.append(f"plan {plan_id} “{title}”, indicator {indicator_id} “{label}”: target {target:g}"
                        if kind != 'yes_no' else
                        f"plan {plan_id} “{title}”, indicator {indicator_id} “{label}”: a yes/no with target {target:g}")
    for plan_id, title, report_id, indicator_id, label, number in connection.execute(sa.text(
            "SELECT p.id, p.title, r.id, i.id, i.label, v.number FROM indicator_values v "
            "JOIN plan_indicators i ON i.id = v.indicator_id JOIN progress_reports r ON r.id = v.report_id "
            "JOIN action_plans p ON p.id = r.plan_id WHERE v.number < 0 ORDER BY p.id, r.id, i.id")):
        problems.append(f"plan {plan_id} “{title}”, progress report {report_id}, indicator {indicator_id} "
                        f"“{label}”: value {number:g}")
    return problems


def upgrade():
    connection = op.get_bind()
    problems = offending_rows(connection)
    if problems:
        raise OutOfRangeRows(
            "These numbers are below zero (or a yes/no indicator has a numeric target), which the new checks "
            "refuse. Nothing was changed. Correct each one in the plan's page or the report (or in SQL), then "
            "run the upgrade again:\n  " + "\n  ".join(problems))

    op.create_table(
        'action_plan_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['plan_id'], ['action_plans.id'], name=op.f('fk_action_plan_links_plan_id_action_plans'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_action_plan_links')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_action_plan_links_token_hash')),
    )
    with op.batch_alter_table('action_plan_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_plan_links_plan_id'), ['plan_id'], unique=False)
    connection.execute(sa.text(
        "INSERT INTO action_plan_links (plan_id, token_hash, created_at, expires_at) "
        "SELECT id, token_hash, COALESCE(link_sent_at, token_expires_at), token_expires_at FROM action_plans "
        "WHERE token_hash IS NOT NULL AND token_expires_at IS NOT NULL"))
    with op.batch_alter_table('action_plans', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_action_plans_token_hash'), type_='unique')
        batch_op.drop_column('token_hash')
        batch_op.drop_column('token_expires_at')

    op.create_table(
        'progress_report_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.Column('via', sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(['report_id'], ['progress_reports.id'],
                                name=op.f('fk_progress_report_versions_report_id_progress_reports'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_progress_report_versions_sent_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report_versions')),
        sa.UniqueConstraint('report_id', 'version', name='uq_progress_report_versions_report_id_version'),
    )
    with op.batch_alter_table('progress_report_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_report_versions_report_id'), ['report_id'], unique=False)
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_progress_reports_reviewed_by_id_users'), 'users',
                                    ['reviewed_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('plan_indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_one', sa.String(length=60), server_default='', nullable=False))
        batch_op.drop_constraint(op.f('ck_plan_indicators_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_plan_indicators_kind_known'), "kind IN ('number', 'percent', 'yes_no')")
        batch_op.create_check_constraint(op.f('ck_plan_indicators_yes_no_has_no_target'), "kind <> 'yes_no' OR target IS NULL")
        batch_op.create_check_constraint(op.f('ck_plan_indicators_target_in_range'), "target IS NULL OR (target >= 0 AND (kind <> 'percent' OR target <= 100))")
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='number', nullable=False))
    connection.execute(sa.text(
        "UPDATE indicator_values SET kind = (SELECT kind FROM plan_indicators WHERE plan_indicators.id = "
        "indicator_values.indicator_id)"))
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_indicator_values_kind_known'), "kind IN ('number', 'percent', 'yes_no')")
        batch_op.create_check_constraint(op.f('ck_indicator_values_number_in_range'), "number IS NULL OR (number >= 0 AND (kind <> 'percent' OR number <= 100))")

    with op.batch_alter_table('followup_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('challenge_categories', sa.JSON(), nullable=True))
    connection.execute(sa.text("UPDATE followup_settings SET challenge_categories = :codes"),
                       {"codes": json.dumps(EVALUATION_WORKSHOP_CHALLENGES)})
    with op.batch_alter_table('followup_settings', schema=None) as batch_op:
        batch_op.alter_column('challenge_categories', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('followup_settings', schema=None) as batch_op:
        batch_op.drop_column('challenge_categories')
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_indicator_values_number_in_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_indicator_values_kind_known'), type_='check')
        batch_op.drop_column('kind')
    op.execute("UPDATE plan_indicators SET kind = 'number' WHERE kind = 'percent'")
    with op.batch_alter_table('plan_indicators', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_plan_indicators_target_in_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_plan_indicators_yes_no_has_no_target'), type_='check')
        batch_op.drop_constraint(op.f('ck_plan_indicators_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_plan_indicators_kind_known'), "kind IN ('number', 'yes_no')")
        batch_op.drop_column('unit_one')
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_progress_reports_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('corrected_at')
        batch_op.drop_column('version')
    with op.batch_alter_table('progress_report_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_report_versions_report_id'))
    op.drop_table('progress_report_versions')
    with op.batch_alter_table('action_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('token_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(op.f('uq_action_plans_token_hash'), ['token_hash'])
    # the newest live link of each plan goes back on the plan; the others are lost with the table
    op.execute(
        "UPDATE action_plans SET token_hash = (SELECT l.token_hash FROM action_plan_links l WHERE l.plan_id = "
        "action_plans.id AND l.revoked_at IS NULL ORDER BY l.created_at DESC LIMIT 1), token_expires_at = "
        "(SELECT l.expires_at FROM action_plan_links l WHERE l.plan_id = action_plans.id AND l.revoked_at IS NULL "
        "ORDER BY l.created_at DESC LIMIT 1)")
    with op.batch_alter_table('action_plan_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_plan_links_plan_id'))
    op.drop_table('action_plan_links')
