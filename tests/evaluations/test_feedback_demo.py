"""The demo's feedback: the ASEAN Community Forum 2017's sessions were rated by people who attended them, so its
organisers' page and its sessions' pages show results in `make run`; loading twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from forumops.evaluations.feedback_queries import MIN_RATINGS, attended_item_ids, forum_feedback
from forumops.evaluations.models import SessionFeedback
from forumops.forums.models import Forum
from forumops.registration.models import Registration


def test_the_demo_forum_has_feedback_from_those_who_came(app, db):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    rows = db.session.scalar(select(func.count(SessionFeedback.id)))
    load_demo()  # twice: nothing added
    db.session.commit()
    assert db.session.scalar(select(func.count(SessionFeedback.id))) == rows

    forum = db.session.scalar(select(Forum).where(Forum.slug == "asean-community-forum-2017"))
    rated = [row for row in forum_feedback(forum) if row.feedback.count]
    assert len(rated) >= 3
    assert all(row.feedback.count >= MIN_RATINGS for row in rated)  # its presenters would see every one
    assert any(row.feedback.comments for row in rated)
    for feedback in db.session.scalars(select(SessionFeedback).where(SessionFeedback.forum_id == forum.id)):
        registration = db.session.get(Registration, feedback.registration_id)
        assert feedback.agenda_item_id in attended_item_ids(forum, registration)
