"""The outbox page: organisers of a forum read the mail it sent or kept, newest first."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage, queue_mail
from forumops.registration import seats


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def forum(create_forum, organiser, login):
    forum = create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", organiser=organiser)
    login(organiser)
    return forum


def subjects(page: str) -> list[str]:
    return re.findall(r"<summary[^>]*>([^<]*)</summary>", page)


def test_lists_only_this_forums_mail_newest_first(client, forum, db, create_forum, create_user):
    other = create_forum(slug="other", organiser=create_user(email="o@example.org"))
    now = utcnow()
    for minutes, subject in ((30, "Older note"), (5, "Newest note"), (20, "Middle note")):
        message_id = queue_mail("linh@example.org", subject, "Hello", forum_id=forum.id)
        db.session.get(OutboxMessage, message_id).created_at = now - timedelta(minutes=minutes)
    queue_mail("someone@example.org", "Other forum's note", "Hi", forum_id=other.id)
    queue_mail("user@example.org", "Reset your password", "secret link", forum_id=None)
    db.session.commit()
    response = client.get("/forums/acf/outbox")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert subjects(page) == ["Newest note", "Middle note", "Older note"]
    assert "Other forum" not in page
    assert "Reset your password" not in page
    assert "linh@example.org" in page
    assert "Queued" in page


def test_body_is_readable_and_escaped(app, client, forum, db):
    with app.test_request_context():  # the mail templates are rendered in the registrant's request
        registration, _token = seats.register(forum, {
            "name": "<script>alert('x')</script> Linh", "email": "linh@example.org", "consent_privacy": True})
    db.session.commit()
    page = client.get("/forums/acf/outbox").get_data(as_text=True)
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Linh" in page
    body = re.search(r'<pre class="outbox-body"[^>]*>(.*?)</pre>', page, re.S).group(1)
    assert registration.checkin_code in body
    assert "<details>" in page
    assert "Attachment: acf.ics" in page


def test_private_links_are_cut_short_once_mail_really_goes_out(app, client, forum, db):
    with app.test_request_context():
        _registration, token = seats.register(forum, {
            "name": "Linh", "email": "linh@example.org", "consent_privacy": True})
    db.session.commit()
    assert token in client.get("/forums/acf/outbox").get_data(as_text=True)  # the only copy: kept whole
    app.config["MAIL_SERVER"] = "127.0.0.1"
    try:
        page = client.get("/forums/acf/outbox").get_data(as_text=True)
    finally:
        app.config["MAIL_SERVER"] = ""
    assert token not in page
    assert token[:20] not in page
    assert "/forums/acf/registration/…" in page
    assert "/forums/acf/agenda" in page  # ordinary links stay whole
    assert "shown cut short" in page


def test_notes_that_mail_is_only_kept_here_without_a_mail_server(client, forum, app, login, create_user):
    organisers = client.get("/forums/acf/outbox").get_data(as_text=True)
    # organisers read plain words; the setting's name is for the administrator, who can change it
    assert "Ask your administrator to set up email sending." in organisers
    assert "FORUMOPS_MAIL_SERVER" not in organisers
    login(create_user(email="admin@example.org", is_admin=True))
    assert "FORUMOPS_MAIL_SERVER is empty" in client.get("/forums/acf/outbox").get_data(as_text=True)
    app.config["MAIL_SERVER"] = "127.0.0.1"
    try:
        page = client.get("/forums/acf/outbox").get_data(as_text=True)
        assert "FORUMOPS_MAIL_SERVER is empty" not in page
        assert "set up email sending" not in page
    finally:
        app.config["MAIL_SERVER"] = ""


def test_pages_of_one_hundred(client, forum, db):
    db.session.add_all([OutboxMessage(forum_id=forum.id, to_address=f"p{i}@example.org", subject=f"Message {i:03d}",
                                      body_text="x", created_at=utcnow() + timedelta(seconds=i))
                        for i in range(105)])
    db.session.commit()
    first = client.get("/forums/acf/outbox").get_data(as_text=True)
    assert len(subjects(first)) == 100
    assert subjects(first)[0] == "Message 104"
    assert "Page 1 of 2" in first
    assert "105 messages" in first
    second = client.get("/forums/acf/outbox?page=2").get_data(as_text=True)
    assert subjects(second) == [f"Message {i:03d}" for i in range(4, -1, -1)]
    assert client.get("/forums/acf/outbox?page=99").status_code == 200  # past the end: the last page


@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_forum_roles_below_organiser_are_refused(app, forum, create_user, add_role, role):
    from tests.conftest import sign_in

    user = create_user(email=f"{role}@example.org")
    add_role(forum, user, role)
    client = app.test_client()
    sign_in(client, user)
    assert client.get("/forums/acf/outbox").status_code == 403


def test_organiser_of_another_forum_is_refused_admin_allowed(app, forum, db, create_user, create_forum):
    from tests.conftest import sign_in

    queue_mail("linh@example.org", "Private note", "Body", forum_id=forum.id)
    db.session.commit()
    elsewhere = create_user(email="elsewhere@example.org")
    create_forum(slug="elsewhere", organiser=elsewhere)
    client = app.test_client()
    sign_in(client, elsewhere)
    response = client.get("/forums/acf/outbox")
    assert response.status_code == 403
    assert "Private note" not in response.get_data(as_text=True)
    admin_client = app.test_client()
    sign_in(admin_client, create_user(email="admin@example.org", is_admin=True))
    assert "Private note" in admin_client.get("/forums/acf/outbox").get_data(as_text=True)
    anonymous = app.test_client().get("/forums/acf/outbox")
    assert anonymous.status_code == 302
    assert "/account/signin" in anonymous.headers["Location"]


def test_a_retried_message_keeps_its_message_id_and_headers(app, db, smtp_server):
    """A message that failed once and went on the retry carries the Message-ID it was queued with, so a
    receiving server that saw the first attempt half-way can tell it is the same message."""
    from forumops.core.worker import Worker

    with app.test_request_context():
        message_id = queue_mail("linh@example.org", "Venue change", "Room B now.", kind="announcement",
                                headers={"List-Unsubscribe": "<https://example.org/u/x>\r\nBcc: evil@example.org"})
    db.session.commit()
    queued = db.session.get(OutboxMessage, message_id)
    first_id = queued.message_id
    assert first_id.startswith("<")
    assert first_id.endswith(">")
    assert queued.kind == "announcement"
    server = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 9  # nothing listens: the first attempt fails and the message stays queued
    first = Worker(app, run_jobs=False).send_due_mail()
    assert (first.sent, first.failed) == (0, 1)
    assert queued.status == "queued"
    app.config["MAIL_PORT"] = server
    assert Worker(app, run_jobs=False).send_due_mail(now=utcnow() + timedelta(hours=1)).sent == 1
    [received] = smtp_server.messages
    assert received["Message-ID"] == first_id
    assert received["List-Unsubscribe"] == "<https://example.org/u/x> Bcc: evil@example.org"
    assert received["Bcc"] is None


def test_times_read_as_on_the_other_desk_pages(client, forum, db):
    """The house's short date and time (5 Dec 2026, 10:10), as Messages shows it, not 'Dec 5, 2026, 10:10:38 AM'."""
    message_id = queue_mail("chan.sophal@example.org", "Venue note", "Hello", forum_id=forum.id)
    db.session.get(OutboxMessage, message_id).created_at = datetime(2026, 12, 5, 3, 10, 38, tzinfo=UTC)
    db.session.commit()
    page = client.get("/forums/acf/outbox").get_data(as_text=True)
    assert "5 Dec 2026, 10:10" in page
    assert "10:10:38" not in page
    assert "AM" not in page


def test_a_subject_too_long_for_its_column_is_cut_at_a_word_not_refused(app, db, smtp_server):
    """A long forum title filled into a subject: the message is saved (PostgreSQL would refuse a 301st
    character) and arrives with the subject cut after a whole word, an ellipsis saying so."""
    from forumops.core.outbox import SUBJECT_LENGTH, queue_mails
    from forumops.core.worker import Worker

    title = "Regional Dialogue on Inclusive Digital Transformation and Community Resilience " * 5
    one = queue_mail("linh@example.org", f"{title}: see you at Hall A", "Body")
    [many] = queue_mails([{"to_address": "sopheak@example.org", "subject": "Reminder\r\n" + "x" * 400,
                           "body_text": "Body"}])
    short = queue_mail("mai@example.org", "Venue change", "Body")
    db.session.commit()

    assert Worker(app, run_jobs=False).send_due_mail().sent == 3
    cut, unbroken, kept = (m["Subject"] for m in smtp_server.messages)
    assert len(cut) <= SUBJECT_LENGTH
    assert cut.endswith("…")
    assert title.startswith(cut[:-1])
    assert title[len(cut) - 1] == " "
    assert len(cut) > SUBJECT_LENGTH - 20
    assert unbroken == "Reminder " + "x" * (SUBJECT_LENGTH - 10) + "…"  # one long word: cut inside it
    assert kept == "Venue change"
    assert [db.session.get(OutboxMessage, i).status for i in (one, many, short)] == ["sent"] * 3


def failed_mail(db, forum, address="linh@example.org", subject="Your place is confirmed") -> int:
    message_id = queue_mail(address, subject, "Your link: ...", forum_id=forum.id)
    message = db.session.get(OutboxMessage, message_id)
    message.status, message.attempts, message.last_error = "failed", 40, "452 4.2.2 Mailbox full"
    db.session.commit()
    return message_id


def test_send_again_on_the_outbox_page_delivers_a_failed_email_once(app, client, forum, db, smtp_server):
    """The organiser presses "Send again" beside a failed confirmation: it is queued afresh and the worker
    delivers it; pressed again (an old tab), nothing is queued twice and the page says why."""
    from forumops.core.worker import Worker

    message_id = failed_mail(db, forum)
    page = client.get("/forums/acf/outbox").get_data(as_text=True)
    button = re.search(r'<form method="post" action="([^"]+)" class="outbox-retry"', page)
    assert button
    assert "Send again" in page
    assert "452 4.2.2 Mailbox full" in page

    response = client.post(button.group(1).replace("&amp;", "&"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/forums/acf/outbox?page=1#mail-{message_id}")
    shown = client.get("/forums/acf/outbox").get_data(as_text=True)
    assert "The email to linh@example.org is queued to be sent again." in shown
    assert "outbox-retry" not in shown
    assert Worker(app, run_jobs=False).send_due_mail().sent == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Your place is confirmed"]

    again = client.post(button.group(1).replace("&amp;", "&"), follow_redirects=True)
    assert "has not failed (any more)" in again.get_data(as_text=True)
    assert Worker(app, run_jobs=False).send_due_mail().sent == 0
    assert len(smtp_server.messages) == 1
    assert db.session.get(OutboxMessage, message_id).status == "sent"


def test_send_again_needs_the_forms_csrf_token_and_this_forums_email(csrf_app, client, forum, db, create_forum,
                                                                     create_user):
    message_id = failed_mail(db, forum)
    other = create_forum(slug="other", organiser=create_user(email="o@example.org"))
    elsewhere = failed_mail(db, other, address="sopheak@example.org")
    assert client.post(f"/forums/acf/outbox/{message_id}/send-again").status_code == 400  # no token
    assert db.session.get(OutboxMessage, message_id).status == "failed"
    page = client.get("/forums/acf/outbox").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/forums/acf/outbox/{elsewhere}/send-again", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/forums/acf/outbox/{message_id}/send-again", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert [db.session.get(OutboxMessage, i).status for i in (message_id, elsewhere)] == ["queued", "failed"]
