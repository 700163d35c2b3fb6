"""clusters: guiding questions, capacity, room; assignments by registration; notes, revisions, drafts; forum recommendations

Revision ID: 614c7c9cc861
Revises: b23b4c0409dc
Create Date: 2026-11-23 01:21:42.104795

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '614c7c9cc861'
down_revision = 'b23b4c0409dc'
branch_labels = None
depends_on = None


def upgrade():
    # Existing clusters get an empty list of guiding questions and no room (server defaults).
    op.create_table('forum_recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('addressee', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('proposed', 'adopted', 'noted', 'rejected')", name=op.f('ck_forum_recommendations_status_known')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_forum_recommendations_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_recommendations'))
    )
    with op.batch_alter_table('forum_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_recommendations_forum_id'), ['forum_id'], unique=False)

    op.create_table('cluster_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'returned', 'approved', 'published')", name=op.f('ck_cluster_notes_status_known')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_cluster_notes_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_cluster_notes_cluster_id_clusters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_cluster_notes_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_notes')),
    sa.UniqueConstraint('cluster_id', 'agenda_item_id', name='uq_cluster_notes_cluster_id_agenda_item_id')
    )
    with op.batch_alter_table('cluster_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_notes_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cluster_notes_status'), ['status'], unique=False)

    op.create_table('note_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notes_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['notes_id'], ['cluster_notes.id'], name=op.f('fk_note_drafts_notes_id_cluster_notes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_note_drafts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_drafts')),
    sa.UniqueConstraint('notes_id', 'user_id', name='uq_note_drafts_notes_id_user_id')
    )
    with op.batch_alter_table('note_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_drafts_notes_id'), ['notes_id'], unique=False)

    op.create_table('note_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notes_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('event', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_note_revisions_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['notes_id'], ['cluster_notes.id'], name=op.f('fk_note_revisions_notes_id_cluster_notes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_revisions')),
    sa.UniqueConstraint('notes_id', 'version', name='uq_note_revisions_notes_id_version')
    )
    with op.batch_alter_table('note_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_revisions_notes_id'), ['notes_id'], unique=False)

    op.create_table('recommendation_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('notes_id', sa.Integer(), nullable=True),
    sa.Column('original_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_recommendation_sources_cluster_id_clusters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['notes_id'], ['cluster_notes.id'], name=op.f('fk_recommendation_sources_notes_id_cluster_notes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['forum_recommendations.id'], name=op.f('fk_recommendation_sources_recommendation_id_forum_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_sources'))
    )
    with op.batch_alter_table('recommendation_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_sources_recommendation_id'), ['recommendation_id'], unique=False)

    with op.batch_alter_table('cluster_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('choice_rank', sa.Integer(), nullable=True))
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_cluster_assignments_registration_id'), ['registration_id'], unique=False)
        batch_op.create_unique_constraint('uq_cluster_assignments_cluster_id_registration_id', ['cluster_id', 'registration_id'])
        batch_op.create_foreign_key(batch_op.f('fk_cluster_assignments_registration_id_registrations'), 'registrations', ['registration_id'], ['id'], ondelete='CASCADE')
        # autogenerate does not see check constraints on an existing table: added by hand
        batch_op.create_check_constraint('role_known', "role IN ('participant', 'facilitator', 'rapporteur')")
        batch_op.create_check_constraint('someone', 'user_id IS NOT NULL OR registration_id IS NOT NULL')

    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guiding_questions', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('capacity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('room', sa.String(length=120), nullable=False, server_default=''))

    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_column('room')
        batch_op.drop_column('capacity')
        batch_op.drop_column('guiding_questions')

    with op.batch_alter_table('cluster_assignments', schema=None) as batch_op:
        batch_op.drop_constraint('someone', type_='check')
        batch_op.drop_constraint('role_known', type_='check')
        batch_op.drop_constraint(batch_op.f('fk_cluster_assignments_registration_id_registrations'), type_='foreignkey')
        batch_op.drop_constraint('uq_cluster_assignments_cluster_id_registration_id', type_='unique')
        batch_op.drop_index(batch_op.f('ix_cluster_assignments_registration_id'))
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('choice_rank')
        batch_op.drop_column('registration_id')

    with op.batch_alter_table('recommendation_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_sources_recommendation_id'))

    op.drop_table('recommendation_sources')
    with op.batch_alter_table('note_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_revisions_notes_id'))

    op.drop_table('note_revisions')
    with op.batch_alter_table('note_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_drafts_notes_id'))

    op.drop_table('note_drafts')
    with op.batch_alter_table('cluster_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_notes_status'))
        batch_op.drop_index(batch_op.f('ix_cluster_notes_cluster_id'))

    op.drop_table('cluster_notes')
    with op.batch_alter_table('forum_recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_recommendations_forum_id'))

    op.drop_table('forum_recommendations')
    # ### end Alembic commands ###
