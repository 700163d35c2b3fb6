"""A person's feedback on sessions is in their data export, and their erasure deletes it (the row names them:
registration_id cannot be emptied, so it goes, and the session's counts fall with it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from forumops.evaluations.feedback_queries import item_feedback
from forumops.evaluations.models import SessionFeedback
from forumops.extensions import db
from forumops.privacy.operations import erase_registration
from forumops.privacy.queries import registration_export


def test_the_export_holds_the_persons_ratings_and_comments(create_forum, create_registration, create_item,
                                                          create_feedback):
    forum = create_forum()
    registration, _token = create_registration(forum, status="confirmed")
    someone_else, _token = create_registration(forum, status="confirmed")
    item = create_item(forum, "Opening plenary", type="plenary")
    create_feedback(item, registration, 4, "Useful examples from Laos.")
    create_feedback(item, someone_else, 1, "Not mine to export.")
    exported = registration_export(registration)["registrations"][0]["session_feedback"]
    assert [(f["session"], f["rating"], f["comment"]) for f in exported] == [
        ("Opening plenary", 4, "Useful examples from Laos.")]


def test_erasure_deletes_the_persons_feedback_only(create_forum, create_registration, create_item, create_feedback):
    forum = create_forum(start_date=date(2020, 4, 14), end_date=date(2020, 4, 15))
    registration, _token = create_registration(forum, status="confirmed")
    someone_else, _token = create_registration(forum, status="confirmed")
    item = create_item(forum, "Opening plenary", type="plenary", day=date(2020, 4, 14))
    create_feedback(item, registration, 4, "Useful examples from Laos.")
    create_feedback(item, someone_else, 2, "Kept.")
    erase_registration(forum, registration)
    db.session.commit()
    assert db.session.scalar(select(func.count(SessionFeedback.id)).where(
        SessionFeedback.registration_id == registration.id)) == 0
    assert item_feedback(item).comments == ("Kept.",)
