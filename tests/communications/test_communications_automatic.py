"""Automatic messages: the reminder N days before the start and the message after the end, each once, at the set
local hour, to confirmed people only, through a real SMTP server (issue 17, item 3).

The forum runs 14–15 April 2027 in Asia/Jakarta (UTC+07:00): a reminder 2 days before at 09:00 is due at
2027-04-12 02:00 UTC. The jobs run here without a request, as the worker runs them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from forumops.communications import automatic
from forumops.communications.automatic import save_settings, send_due_automatic_messages
from forumops.communications.models import Announcement, AnnouncementRecipient
from forumops.communications.operations import opt_out
from forumops.core.database import write_intent
from forumops.core.i18n import day_in_zone
from forumops.core.outbox import OutboxMessage
from forumops.extensions import db as _db
from forumops.outcomes.operations import publish_report
from tests.communications.conftest import run_in_two_workers
from tests.conftest import send_queued_mail

REMINDER_DUE = datetime(2027, 4, 12, 2, 0, tzinfo=UTC)  # 2 days before 14 April, 09:00 in Jakarta
AFTER_DUE = datetime(2027, 4, 16, 3, 0, tzinfo=UTC)  # 1 day after 15 April, 10:00 in Jakarta


def turn_on(forum, kind: str, **changes):
    """Save the message as the organiser's form does, with its default text unless told otherwise."""
    message = automatic.settings_of(forum)[kind]
    subject, body = automatic.texts(forum, message)
    data = {"is_enabled": True, "days": message.days, "hour": message.hour, "subject": subject, "body": body,
            "wait_for_report": False, **changes}
    saved = save_settings(forum, kind, data, actor=None)
    return saved


@pytest.fixture
def forum(create_forum, db):
    forum = create_forum(title="ASEAN Community Forum", mode="hybrid", venue_name="Hotel Borobudur",
                         venue_city="Jakarta", online_link="https://meet.example.org/acf-secret")
    db.session.commit()
    return forum


def confirmed(create_registration, forum, name, **fields):
    registration, _token = create_registration(forum, name=name, notify=False, status="confirmed", **fields)
    return registration


def inbox_by_address(smtp_server):
    send_queued_mail()
    return {message["To"]: message for message in smtp_server.messages}


def test_the_reminder_goes_at_the_set_hour_and_not_before_once_only(db, forum, create_registration, smtp_server):
    linh = confirmed(create_registration, forum, "Nguyễn Phương Linh")
    waiting, _token = create_registration(forum, name="Waiting Person", notify=False, status="waitlisted")
    turn_on(forum, "before", days=2, hour=9)
    db.session.commit()

    assert send_due_automatic_messages(REMINDER_DUE - timedelta(minutes=1)) == 0
    db.session.commit()
    assert inbox_by_address(smtp_server) == {}

    assert send_due_automatic_messages(REMINDER_DUE) == 1
    db.session.commit()
    received = inbox_by_address(smtp_server)
    assert set(received) == {linh.email}  # the waitlisted person gets no reminder
    body = received[linh.email].get_body().get_content()
    assert received[linh.email]["Subject"].startswith("Reminder: ASEAN Community Forum, ")  # and {dates}
    assert "Dear Nguyễn Phương Linh" in body
    assert "Hotel Borobudur, Jakarta" in body
    assert "Asia/Jakarta (UTC+07:00)" in body
    assert linh.checkin_code in body

    assert send_due_automatic_messages(REMINDER_DUE + timedelta(hours=5)) == 0  # went once: never again
    db.session.commit()
    assert len(inbox_by_address(smtp_server)) == 1
    sources = db.session.scalars(select(Announcement.source).where(Announcement.forum_id == forum.id)).all()
    assert sources == ["auto_before"]
    assert waiting.status == "waitlisted"


def test_the_meeting_link_only_reaches_people_confirmed_online(db, forum, create_registration, smtp_server):
    online = confirmed(create_registration, forum, "Sopheak", attendance_mode="online")
    in_person = confirmed(create_registration, forum, "Nguyễn Phương Linh")
    turn_on(forum, "before")
    db.session.commit()
    send_due_automatic_messages(REMINDER_DUE)
    db.session.commit()
    received = inbox_by_address(smtp_server)
    assert "https://meet.example.org/acf-secret" in received[online.email].get_body().get_content()
    assert "acf-secret" not in received[in_person.email].get_body().get_content()


def test_a_reminder_whose_time_passed_unsent_is_not_sent_once_the_forum_began(db, forum, create_registration):
    confirmed(create_registration, forum, "Nguyễn Phương Linh")
    turn_on(forum, "before")
    db.session.commit()
    first_day = datetime(2027, 4, 13, 17, 0, tzinfo=UTC)  # 14 April 00:00 in Jakarta
    assert send_due_automatic_messages(first_day) == 0
    assert automatic.status_of(forum, automatic.settings_of(forum)["before"], None, None, first_day).state == \
        "too_late"


def test_the_message_after_the_end_links_the_report_only_once_published(db, create_forum, create_registration,
                                                                        smtp_server):
    unpublished = create_forum(title="Mekong Forum")
    published = create_forum(title="Solidarity Forum")
    first = confirmed(create_registration, unpublished, "Nguyễn Phương Linh")
    second = confirmed(create_registration, published, "Sopheak")
    publish_report(published, actor=None, today=published.end_date)
    for forum in (unpublished, published):
        turn_on(forum, "after", days=1, hour=10)
    db.session.commit()

    assert send_due_automatic_messages(AFTER_DUE) == 2
    db.session.commit()
    received = inbox_by_address(smtp_server)
    without = received[first.email].get_body().get_content()
    with_report = received[second.email].get_body().get_content()
    assert "Thank you for taking part in Mekong Forum" in without
    assert "report is published" not in without
    assert "/report" not in without
    assert "The forum's report is published: http" in with_report
    assert f"/forums/{published.slug}/report" in with_report


def test_a_message_waiting_for_the_report_goes_once_it_is_published(db, forum, create_registration, smtp_server):
    linh = confirmed(create_registration, forum, "Nguyễn Phương Linh")
    turn_on(forum, "after", wait_for_report=True)
    db.session.commit()
    assert send_due_automatic_messages(AFTER_DUE + timedelta(days=3)) == 0
    db.session.commit()
    assert automatic.status_of(forum, automatic.settings_of(forum)["after"], None, None).state == "waiting_report"

    report = publish_report(forum, actor=None, today=forum.end_date)
    report.published_at = datetime(2027, 4, 20, 15, 0, tzinfo=UTC)  # 22:00 in Jakarta: it waits for the morning
    db.session.commit()
    assert send_due_automatic_messages(datetime(2027, 4, 20, 15, 5, tzinfo=UTC)) == 0
    assert send_due_automatic_messages(datetime(2027, 4, 21, 3, 0, tzinfo=UTC)) == 1  # 10:00 the next day
    db.session.commit()
    assert f"/forums/{forum.slug}/report" in inbox_by_address(smtp_server)[linh.email].get_body().get_content()


def test_nothing_goes_from_a_draft_forum(db, create_forum, create_registration, smtp_server):
    draft = create_forum(status="draft")
    confirmed(create_registration, draft, "Nguyễn Phương Linh")
    turn_on(draft, "before")
    db.session.commit()
    assert send_due_automatic_messages(REMINDER_DUE) == 0
    db.session.commit()
    assert inbox_by_address(smtp_server) == {}
    assert db.session.scalar(select(func.count(Announcement.id))) == 0


def test_people_who_opted_out_get_no_automatic_message(db, forum, create_registration, smtp_server):
    stays = confirmed(create_registration, forum, "Nguyễn Phương Linh")
    leaves = confirmed(create_registration, forum, "Sopheak")
    opt_out(forum, leaves.id)
    turn_on(forum, "before")
    db.session.commit()
    send_due_automatic_messages(REMINDER_DUE)
    db.session.commit()
    assert set(inbox_by_address(smtp_server)) == {stays.email}
    states = dict(db.session.execute(select(AnnouncementRecipient.registration_id, AnnouncementRecipient.state)).all())
    assert states == {stays.id: "mailed", leaves.id: "opted_out"}


def test_a_quota_holds_the_message_back_visibly_and_it_goes_once_room_is_made(app, db, forum, create_registration,
                                                                             client, login, create_user,
                                                                             add_role):
    for name in ("Nguyễn Phương Linh", "Sopheak", "Dr Ben"):
        confirmed(create_registration, forum, name)
    turn_on(forum, "before")
    db.session.commit()
    old = app.config["MAIL_FORUM_QUOTA"]
    app.config["MAIL_FORUM_QUOTA"] = 2
    try:
        assert send_due_automatic_messages(REMINDER_DUE) == 0
        db.session.commit()
    finally:
        app.config["MAIL_FORUM_QUOTA"] = old
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "announcement")) == 0
    mai = create_user(email="mai@example.org", name="Mai")
    add_role(forum, mai, "organiser")
    login(mai)
    page = client.get(f"/forums/{forum.slug}/messages/automatic").get_data(as_text=True)
    assert "Not sent:" in page
    assert "This forum may write to 2 people" in page
    assert "1 automatic message is held back" in client.get(f"/forums/{forum.slug}/").get_data(as_text=True)

    assert send_due_automatic_messages(REMINDER_DUE + timedelta(minutes=5)) == 1  # the default quota again
    db.session.commit()
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "announcement")) == 3
    assert "held back" not in client.get(f"/forums/{forum.slug}/").get_data(as_text=True)


# --- the organisers' form -----------------------------------------------------------------------------------

@pytest.fixture
def mai(create_user, add_role, forum, login):
    organiser = create_user(email="mai@example.org", name="Mai")
    add_role(forum, organiser, "organiser")
    login(organiser)
    return organiser


def form_data(kind: str, **fields) -> dict:
    data = {"is_enabled": "y", "days": "2", "hour": "9", "subject": "Reminder: {forum}",
            "body": "Dear {name}, see you at {venue}.", **fields}
    return {f"{kind}-{name}": value for name, value in data.items()}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("days", "0", "Choose a number of days from 1 to 60."),
    ("days", "two", "Choose a number of days from 1 to 60."),
    ("days", "61", "Choose a number of days from 1 to 60."),
    ("body", "Dear {nmae}, see you.", "Unknown placeholder: {nmae}."),
])
def test_bad_input_is_named_next_to_the_field_and_kept(db, client, forum, mai, field, value, message):
    response = client.post(f"/forums/{forum.slug}/messages/automatic/before",
                           data=form_data("before", **{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="before-{field}-error"' in page
    assert message in page
    assert value in page  # what was typed is still in the box
    assert automatic.settings_of(forum)["before"].is_enabled is False  # nothing saved


def test_the_organiser_turns_the_reminder_on_and_the_page_says_when_it_goes(db, client, forum, mai,
                                                                           create_registration):
    confirmed(create_registration, forum, "Nguyễn Phương Linh")
    response = client.post(f"/forums/{forum.slug}/messages/automatic/before", data=form_data("before", days="3"))
    assert response.status_code == 302
    saved = automatic.settings_of(forum)["before"]
    assert (saved.is_enabled, saved.days, saved.hour, saved.subject) == (True, 3, 9, "Reminder: {forum}")
    page = client.get(f"/forums/{forum.slug}/messages/automatic").get_data(as_text=True)
    assert "Goes on 11 Apr 2027, 09:00 (Asia/Jakarta)" in page
    assert "Dear Nguyễn Phương Linh, see you at Hotel Borobudur, Jakarta." in page  # the preview


def test_a_default_text_left_as_it_is_keeps_following_the_forum(db, forum):
    saved = turn_on(forum, "before")
    assert (saved.subject, saved.body) == ("", "")
    forum.timezone = "Asia/Bangkok"
    assert "Asia/Bangkok" in automatic.texts(forum, saved)[1]


# --- several workers ------------------------------------------------------------------------------------------

@pytest.mark.commits
def test_two_workers_at_once_send_the_reminder_once(app, db, forum, create_registration):
    """Two workers run the job at the same moment (threads released by a barrier, each with its own session
    and real commits): the forum lock makes the second find it sent."""
    confirmed(create_registration, forum, "Nguyễn Phương Linh")
    turn_on(forum, "before")
    db.session.commit()
    results, errors = run_in_two_workers(app, lambda: send_due_automatic_messages(REMINDER_DUE))
    assert errors == []
    assert sorted(results) == [0, 1]
    db.session.rollback()
    assert db.session.scalar(select(func.count(Announcement.id))) == 1
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "announcement")) == 1


def test_the_cli_command_sends_what_is_due_now(app, db, create_forum, create_registration, smtp_server):
    """`flask forumops send-automatic`, as cron runs it: a reminder whose time has passed goes, with its mail."""
    tomorrow = day_in_zone("Asia/Jakarta") + timedelta(days=1)
    forum = create_forum(start_date=tomorrow, end_date=tomorrow)
    linh = confirmed(create_registration, forum, "Nguyễn Phương Linh")
    turn_on(forum, "before", days=2, hour=6)  # yesterday 06:00 in Jakarta: due, and the forum not begun
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["forumops", "send-automatic"])
    assert result.exit_code == 0, result.output
    assert "1 automatic messages queued" in result.output
    assert "emails: 1 sent" in result.output
    assert [message["To"] for message in smtp_server.messages] == [linh.email]
    again = app.test_cli_runner().invoke(args=["forumops", "send-automatic"])
    assert "0 automatic messages queued" in again.output


# --- one forum's trouble is its own --------------------------------------------------------------------------

def break_forum(monkeypatch, module, name: str, slug: str) -> None:
    """Make `module.name` hit a real database error for one forum (a statement the database refuses: on
    PostgreSQL it aborts the transaction until its savepoint is rolled back), as a bug nobody foresaw would."""
    from sqlalchemy import text

    real = getattr(module, name)

    def broken(forum, *args, **kwargs):
        if forum.slug == slug:
            _db.session.execute(text("SELECT no_such_column FROM forums"))
        return real(forum, *args, **kwargs)

    monkeypatch.setattr(module, name, broken)


def test_one_forums_error_does_not_stop_the_other_forums_reminders(db, create_forum, create_registration,
                                                                   smtp_server, monkeypatch, caplog, client, login,
                                                                   create_user):
    """The worker's job for every forum: the first forum's reminder hits a database error; it is rolled back,
    logged with its traceback and shown to its organisers, and the second forum's reminder still goes. Once
    the fault is gone, the first forum's goes on the next run and its page is clear again."""
    mai = create_user(email="mai@example.org", name="Mai")
    broken = create_forum(slug="broken", title="Mekong Forum", organiser=mai)
    good = create_forum(slug="good", title="ASEAN Community Forum")
    linh, sopheak = confirmed(create_registration, broken, "Nguyễn Phương Linh"), confirmed(
        create_registration, good, "Sopheak")
    turn_on(broken, "before")
    turn_on(good, "before")
    db.session.commit()
    break_forum(monkeypatch, automatic, "send_announcement", "broken")

    with write_intent():  # as core.jobs.run_now runs it for the worker: the job, then one commit
        assert send_due_automatic_messages(REMINDER_DUE) == 1
        db.session.commit()

    assert set(inbox_by_address(smtp_server)) == {sopheak.email}
    failure = next(record for record in caplog.records if record.name == "forumops.communications.automatic")
    assert failure.exc_info
    assert "forum" in failure.getMessage()
    assert "broken" in failure.getMessage()
    login(mai)
    page = client.get("/forums/broken/messages/automatic").get_data(as_text=True)
    assert "Not sent:" in page
    assert "An unexpected error stopped it (" in page
    assert "worker&#39;s log" in page

    monkeypatch.undo()
    with write_intent():
        assert send_due_automatic_messages(REMINDER_DUE + timedelta(minutes=5)) == 1
        db.session.commit()
    assert set(inbox_by_address(smtp_server)) == {sopheak.email, linh.email}
    assert "Not sent:" not in client.get("/forums/broken/messages/automatic").get_data(as_text=True)


def test_a_forum_title_too_long_for_a_subject_still_gets_its_reminder_out(db, create_forum, create_registration,
                                                                         smtp_server):
    """A subject of {forum} and {venue} filled past the outbox's 300 characters (PostgreSQL refused the INSERT,
    which rolled back every forum's reminders): it goes cut after a whole word, and the other forum's too."""
    long_venue = "Grand Ballroom, National Convention Centre, " * 5
    long = create_forum(slug="long", title="A" * 190, venue_name=long_venue[:200], venue_city="Jakarta")
    short = create_forum(slug="short", title="ASEAN Community Forum", venue_name="Hall A")
    linh, sopheak = confirmed(create_registration, long, "Linh"), confirmed(create_registration, short, "Sopheak")
    turn_on(long, "before", subject="{forum}: see you at {venue}")
    turn_on(short, "before")
    db.session.commit()

    with write_intent():
        assert send_due_automatic_messages(REMINDER_DUE) == 2
        db.session.commit()

    received = inbox_by_address(smtp_server)
    cut = received[linh.email]["Subject"]
    assert len(cut) <= 300
    assert cut.startswith("A" * 190 + ": see you at Grand Ballroom")
    assert cut.endswith("…")
    assert received[sopheak.email]["Subject"].startswith("Reminder: ASEAN Community Forum")
