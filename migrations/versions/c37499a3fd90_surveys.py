"""Surveys, before-and-after tests and session feedback: what the forum learned

Eight new tables, nothing else changes: surveys and their items (questions and section headings);
survey_responders (who opened a survey: their draft, and whether they sent it); survey_responses and
survey_answers (what was sent, which in an anonymous survey leads back to no one: a random id, a day and no time,
no language, no group, and on SQLite no rowid, so the order rows were written in says nothing either);
survey_value_counts and survey_respondent_counts (the breakdowns by gender, country, category and cluster,
counted apart from the sheets, one dimension per row); session_feedback (a rating and a comment per person and
programme item).

Revision ID: c37499a3fd90
Revises: e9c1a3b5d7f2
Create Date: 2026-12-05 10:05:28.748684

"""
import sqlalchemy as sa
from alembic import op


revision = 'c37499a3fd90'
down_revision = 'e9c1a3b5d7f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('audience', sa.String(length=12), nullable=False),
    sa.Column('audience_cluster_id', sa.Integer(), nullable=True),
    sa.Column('audience_category', sa.String(length=24), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('after_opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("audience IN ('confirmed', 'attended', 'cluster', 'category')", name=op.f('ck_surveys_audience_known')),
    sa.CheckConstraint("kind IN ('evaluation', 'test')", name=op.f('ck_surveys_kind_known')),
    sa.ForeignKeyConstraint(['audience_cluster_id'], ['clusters.id'], name=op.f('fk_surveys_audience_cluster_id_clusters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_surveys_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys'))
    )
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveys_forum_id'), ['forum_id'], unique=False)

    op.create_table('survey_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('help', sa.Text(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('in_report', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('section', 'rating', 'agreement', 'single', 'multiple', 'short', 'long', 'nps')", name=op.f('ck_survey_items_kind_known')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_items_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_items'))
    )
    with op.batch_alter_table('survey_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_items_survey_id'), ['survey_id'], unique=False)

    op.create_table('session_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_session_feedback_rating_on_scale')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_session_feedback_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_session_feedback_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_session_feedback_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_feedback')),
    sa.UniqueConstraint('agenda_item_id', 'registration_id', name='uq_session_feedback_agenda_item_id_registration_id')
    )
    with op.batch_alter_table('session_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_feedback_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_feedback_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_feedback_registration_id'), ['registration_id'], unique=False)

    op.create_table('survey_responders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=8), nullable=False),
    sa.Column('draft', sa.JSON(), nullable=True),
    sa.Column('draft_saved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted', sa.Boolean(), nullable=False),
    sa.CheckConstraint("phase IN ('', 'before', 'after')", name=op.f('ck_survey_responders_phase_known')),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_survey_responders_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_responders_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responders')),
    sa.UniqueConstraint('survey_id', 'registration_id', 'phase', name='uq_survey_responders_survey_id_registration_id_phase')
    )
    with op.batch_alter_table('survey_responders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responders_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responders_survey_id'), ['survey_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=8), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.CheckConstraint("phase IN ('', 'before', 'after')", name=op.f('ck_survey_responses_phase_known')),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_survey_responses_registration_id_registrations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_responses_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index('ix_survey_responses_survey_id_phase', ['survey_id', 'phase'], unique=False)

    op.create_table('survey_answers',
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('quoted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['survey_items.id'], name=op.f('fk_survey_answers_item_id_survey_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['survey_responses.id'], name=op.f('fk_survey_answers_response_id_survey_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'item_id', 'choice', name=op.f('pk_survey_answers')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answers_item_id'), ['item_id'], unique=False)

    op.create_table('survey_value_counts',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=8), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=8), nullable=False),
    sa.Column('group_key', sa.String(length=24), nullable=False),
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.CheckConstraint("dimension IN ('gender', 'country', 'category', 'cluster')", name=op.f('ck_survey_value_counts_dimension_known')),
    sa.CheckConstraint("phase IN ('', 'before', 'after')", name=op.f('ck_survey_value_counts_phase_known')),
    sa.ForeignKeyConstraint(['item_id'], ['survey_items.id'], name=op.f('fk_survey_value_counts_item_id_survey_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_value_counts_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'phase', 'item_id', 'dimension', 'group_key', 'number', name=op.f('pk_survey_value_counts')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('survey_value_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_value_counts_item_id'), ['item_id'], unique=False)

    op.create_table('survey_respondent_counts',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=8), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=8), nullable=False),
    sa.Column('group_key', sa.String(length=24), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.CheckConstraint("dimension IN ('gender', 'country', 'category', 'cluster')", name=op.f('ck_survey_respondent_counts_dimension_known')),
    sa.CheckConstraint("phase IN ('', 'before', 'after')", name=op.f('ck_survey_respondent_counts_phase_known')),
    sa.ForeignKeyConstraint(['item_id'], ['survey_items.id'], name=op.f('fk_survey_respondent_counts_item_id_survey_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_respondent_counts_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', 'phase', 'item_id', 'dimension', 'group_key', name=op.f('pk_survey_respondent_counts')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('survey_respondent_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_respondent_counts_item_id'), ['item_id'], unique=False)


def downgrade():
    with op.batch_alter_table('survey_respondent_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_respondent_counts_item_id'))

    op.drop_table('survey_respondent_counts')
    with op.batch_alter_table('survey_value_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_value_counts_item_id'))

    op.drop_table('survey_value_counts')
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_answers_item_id'))

    op.drop_table('survey_answers')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_responses_survey_id_phase')
        batch_op.drop_index(batch_op.f('ix_survey_responses_registration_id'))

    op.drop_table('survey_responses')
    with op.batch_alter_table('survey_responders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_responders_survey_id'))
        batch_op.drop_index(batch_op.f('ix_survey_responders_registration_id'))

    op.drop_table('survey_responders')
    with op.batch_alter_table('session_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_feedback_registration_id'))
        batch_op.drop_index(batch_op.f('ix_session_feedback_forum_id'))
        batch_op.drop_index(batch_op.f('ix_session_feedback_agenda_item_id'))

    op.drop_table('session_feedback')
    with op.batch_alter_table('survey_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_items_survey_id'))

    op.drop_table('survey_items')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveys_forum_id'))

    op.drop_table('surveys')
