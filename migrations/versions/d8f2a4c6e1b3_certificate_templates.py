"""A forum's certificate of attendance: its design, who receives it, and whether it is published

Revision ID: d8f2a4c6e1b3
Revises: d4f6a8c0e2b1
Create Date: 2026-12-12 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'd8f2a4c6e1b3'
down_revision = 'd4f6a8c0e2b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'certificate_templates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('signatory_ids', sa.JSON(), nullable=False),
        sa.Column('logos', sa.JSON(), nullable=False),
        sa.Column('rule', sa.String(length=12), nullable=False),
        sa.Column('min_days', sa.Integer(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rule IN ('days', 'picked')", name=op.f('ck_certificate_templates_rule_known')),
        sa.CheckConstraint('min_days >= 1', name=op.f('ck_certificate_templates_min_days_positive')),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_certificate_templates_forum_id_forums'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_templates')),
        sa.UniqueConstraint('forum_id', name=op.f('uq_certificate_templates_forum_id')),
    )
    op.create_table(
        'certificate_choices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('choice', sa.String(length=12), nullable=False),
        sa.CheckConstraint("choice IN ('picked', 'excluded')", name=op.f('ck_certificate_choices_choice_known')),
        sa.ForeignKeyConstraint(['template_id'], ['certificate_templates.id'],
                                name=op.f('fk_certificate_choices_template_id_certificate_templates'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f('fk_certificate_choices_registration_id_registrations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_choices')),
        sa.UniqueConstraint('template_id', 'registration_id', 'choice',
                            name='uq_certificate_choices_template_id_registration_id_choice'),
    )
    op.create_index(op.f('ix_certificate_choices_template_id'), 'certificate_choices', ['template_id'])
    op.create_index(op.f('ix_certificate_choices_registration_id'), 'certificate_choices', ['registration_id'])


def downgrade():
    op.drop_table('certificate_choices')
    op.drop_table('certificate_templates')
