"""The shared foundation of announcements: placeholders, recipient filters, the one send operation, opt-outs."""

from __future__ import annotations

import pytest

from forumops.communications import placeholders
from forumops.communications.models import AnnouncementRecipient
from forumops.communications.operations import opt_out, send_announcement
from forumops.communications.recipients import RecipientFilters, count_recipients, find_recipients
from forumops.core.errors import FormError
from forumops.core.outbox import OutboxMessage
from tests.conftest import send_queued_mail


def test_placeholders_fill_in_one_pass_and_unknown_ones_are_named():
    assert placeholders.unknown("Dear {name}, see {nmae} and { venue } and {{literal}}") == ["nmae"]
    values = {"name": "{private_link}", "venue": "Hall A"}
    filled = placeholders.fill("Dear {name}, at { venue }; {{braces}}", values)
    assert filled == "Dear {private_link}, at Hall A; {braces}"  # a value is never read again
    assert "{nmae}" in placeholders.unknown_message(["nmae"])


def test_an_announcement_reaches_each_person_once_with_their_own_values(app, db, create_forum, create_registration,
                                                                         smtp_server):
    forum = create_forum(online_link="https://meet.example.org/acf", venue_name="Hall A")
    online, _t = create_registration(forum, name="Nguyễn Phương Linh", attendance_mode="online", notify=False)
    in_person, _t = create_registration(forum, name="Sopheak", notify=False)
    with app.test_request_context():
        people = find_recipients(forum, RecipientFilters())
        body = "Dear {name}: {online_link} at {venue}\n{private_link}"
        announcement = send_announcement(forum, "Joining {forum}", body, people, actor=None)
        db.session.commit()
    send_queued_mail()
    by_address = {m["To"]: m for m in smtp_server.messages}
    assert set(by_address) == {online.email, in_person.email}
    linh = by_address[online.email].get_body().get_content()
    assert "Dear Nguyễn Phương Linh: https://meet.example.org/acf at Hall A" in linh
    assert "/registration/" in linh
    assert "meet.example.org" not in by_address[in_person.email].get_body().get_content()
    assert by_address[online.email]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert announcement.recipient_count == 2


def test_opted_out_people_are_skipped_and_recorded(app, db, create_forum, create_registration):
    forum = create_forum()
    keeps, _t = create_registration(forum, notify=False)
    leaves, _t = create_registration(forum, notify=False)
    opt_out(forum, leaves.id)
    with app.test_request_context():
        announcement = send_announcement(forum, "Hello", "Hi {name}", [keeps, leaves], actor=None)
    states = {r.registration_id: r.state for r in db.session.query(AnnouncementRecipient)
              .filter_by(announcement_id=announcement.id)}
    assert states == {keeps.id: "mailed", leaves.id: "opted_out"}
    assert [m.to_address for m in db.session.query(OutboxMessage).filter_by(kind="announcement")] == [keeps.email]


def test_nothing_is_sent_to_nobody_or_with_an_unknown_placeholder(app, db, create_forum, create_registration):
    forum = create_forum()
    person, _t = create_registration(forum, notify=False)
    with app.test_request_context():
        with pytest.raises(FormError) as nobody:
            send_announcement(forum, "Hello", "Hi", [], actor=None)
        assert nobody.value.field == "filters"
        with pytest.raises(FormError) as typo:
            send_announcement(forum, "Hello", "Hi {nmae}", [person], actor=None)
        assert typo.value.field == "body"
        assert "{nmae}" in typo.value.message
    assert count_recipients(forum, RecipientFilters(status="")) == 1
