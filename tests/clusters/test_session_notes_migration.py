"""The session notes migration on a populated database: cluster_notes is copied on SQLite (cluster_id loses NOT
NULL, a CHECK is added), and a dropped table cascades to every row pointing at it unless foreign keys are off.
Every existing notes row, revision, draft, recommendation source and action plan link must survive the upgrade."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

BEFORE = "d8f2a4c6e1b3"  # the revision before session notes
SESSION_NOTES = "e9c1a3b5d7f2"  # its own (later migrations have tests of their own)
NOW = "2017-03-09 09:00:00"


def _populate(conn) -> None:
    """An old forum's cluster work, written as rows the way the schema stood before (raw SQL: the models are
    already the new ones)."""
    conn.execute(text("INSERT INTO users (id, email, name, password_hash, is_admin, is_disabled, created_at, "
                      "updated_at) VALUES (1, 'ben@example.org', 'Dr Ben', 'x', 0, 0, :now, :now)"), {"now": NOW})
    conn.execute(text("INSERT INTO forums (id, slug, title, start_date, end_date, timezone, mode, status, venue_name, "
                      "venue_address, venue_city, venue_country, online_link, background, rationale, objectives, "
                      "expected_outputs, target_participants, themes, programme_outline, created_at, updated_at) "
                      "VALUES (1, 'acf-2017', 'ACF 2017', '2017-03-09', '2017-03-10', 'Asia/Singapore', 'in_person', "
                      "'concluded', '', '', '', '', '', '', '', '[]', '', '', '[]', '', :now, :now)"), {"now": NOW})
    conn.execute(text("INSERT INTO clusters (id, forum_id, name, description, position, created_at, updated_at) "
                      "VALUES (1, 1, 'MSME development', '', 0, :now, :now)"), {"now": NOW})
    conn.execute(text("INSERT INTO agenda_items (id, forum_id, uid, title, type, description, start_at, end_at, "
                      "is_online, cluster_id, status, sequence, created_at, updated_at) VALUES (1, 1, 'u1@forumops', "
                      "'Breakout 1', 'breakout', '', '2017-03-09 02:00:00', '2017-03-09 03:00:00', 0, 1, 'confirmed', "
                      "0, :now, :now)"), {"now": NOW})
    for notes_id, item, status in ((1, 1, "approved"), (2, None, "draft")):
        conn.execute(text(
            "INSERT INTO cluster_notes (id, cluster_id, agenda_item_id, title, content, version, status, "
            "review_comment, updated_by_id, created_at, updated_at) VALUES (:id, 1, :item, :title, :content, 2, "
            ":status, '', 1, :now, :now)"),
            {"id": notes_id, "item": item, "title": f"Notes {notes_id}", "status": status, "now": NOW,
             "content": '{"summary": "Market access", "recommendations": [{"text": "Open markets", '
                        '"addressee": "ASEAN", "priority": "high"}]}'})
        for version in (1, 2):
            conn.execute(text("INSERT INTO note_revisions (notes_id, version, content, status, event, comment, "
                              "author_id, created_at) VALUES (:id, :v, '{}', 'draft', 'saved', '', 1, :now)"),
                         {"id": notes_id, "v": version, "now": NOW})
    conn.execute(text("INSERT INTO note_drafts (notes_id, user_id, base_version, content, saved_at) "
                      "VALUES (2, 1, 2, '{\"summary\": \"typed offline\"}', :now)"), {"now": NOW})
    conn.execute(text("INSERT INTO forum_recommendations (id, forum_id, text, addressee, status, position, created_at, "
                      "updated_at) VALUES (1, 1, 'Open markets', 'ASEAN', 'adopted', 0, :now, :now)"), {"now": NOW})
    conn.execute(text("INSERT INTO recommendation_sources (recommendation_id, cluster_id, notes_id, original_text) "
                      "VALUES (1, 1, 1, 'Open markets')"))
    conn.execute(text("INSERT INTO action_plans (id, forum_id, title, objective, status, owner_kind, owner_name, "
                      "owner_email, country, notes_id, action_index, created_at, updated_at) VALUES (1, 1, 'Plan', '', "
                      "'on_track', 'participant', 'Lan', '', '', 1, 0, :now, :now)"), {"now": NOW})


def _snapshot(conn) -> dict:
    return {
        "notes": conn.execute(text("SELECT id, cluster_id, agenda_item_id, title, status, version, content "
                                   "FROM cluster_notes ORDER BY id")).all(),
        "revisions": conn.execute(text("SELECT notes_id, version, author_id FROM note_revisions "
                                       "ORDER BY notes_id, version")).all(),
        "drafts": conn.execute(text("SELECT notes_id, user_id, content FROM note_drafts")).all(),
        "sources": conn.execute(text("SELECT recommendation_id, cluster_id, notes_id "
                                     "FROM recommendation_sources")).all(),
        "plans": conn.execute(text("SELECT id, notes_id, action_index FROM action_plans")).all(),
    }


@pytest.mark.commits  # a database of its own, built and upgraded by another app
def test_the_upgrade_keeps_every_cluster_notes_revision_draft_and_link(tmp_path):
    from flask_migrate import upgrade

    from config import TestingConfig
    from forumops import create_app
    from forumops.extensions import db as _db

    class OldDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path}/old.sqlite"

    app = create_app(OldDatabase)
    with app.app_context():
        upgrade(revision=BEFORE)
        with _db.engine.begin() as conn:
            _populate(conn)
            before = _snapshot(conn)
        assert len(before["revisions"]) == 4
        assert before["drafts"]
        assert before["sources"]
        assert before["plans"]

        upgrade(revision=SESSION_NOTES)

        with _db.engine.begin() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SESSION_NOTES
            assert _snapshot(conn) == before  # nothing deleted, nothing unlinked
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again for everything after
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            assert conn.execute(text("SELECT count(*) FROM cluster_notes WHERE session_item_id IS NULL")).scalar() == 2
            # the new owner: a programme item's notes, without a cluster
            conn.execute(text("INSERT INTO agenda_items (id, forum_id, uid, title, type, description, start_at, "
                              "end_at, is_online, status, sequence, created_at, updated_at, online_link) VALUES (2, 1, "
                              "'u2@forumops', 'Opening plenary', 'plenary', '', '2017-03-09 01:00:00', "
                              "'2017-03-09 02:00:00', 0, 'confirmed', 0, :now, :now, '')"), {"now": NOW})
            conn.execute(text("INSERT INTO cluster_notes (cluster_id, session_item_id, title, content, version, "
                              "status, review_comment, created_at, updated_at) VALUES (NULL, 2, 'Opening plenary', "
                              "'{}', 0, 'draft', '', :now, :now)"), {"now": NOW})
        for cluster_id, item_id in (("NULL", "NULL"), ("1", "2")):  # no owner, or two: refused by the CHECK
            with pytest.raises(IntegrityError), _db.engine.begin() as conn:
                conn.execute(text(f"INSERT INTO cluster_notes (cluster_id, session_item_id, title, content, version, "
                                  f"status, review_comment, created_at, updated_at) VALUES ({cluster_id}, {item_id}, "
                                  f"'x', '{{}}', 0, 'draft', '', :now, :now)"), {"now": NOW})
        with _db.engine.begin() as conn:  # removing the item removes its notes, and only those
            conn.execute(text("DELETE FROM agenda_items WHERE id = 2"))
            assert conn.execute(text("SELECT count(*) FROM cluster_notes")).scalar() == 2
        _db.engine.dispose()
