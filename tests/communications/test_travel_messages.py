"""The travel form through the composer: the "Travel form" filter (those it concerns; those of them who have not sent
it), {travel_link} (each person's own private link to their travel form, refused without that filter), and the two
built-in messages, "Your travel details" and its reminder with the deadline, which reaches only those who have not
sent the form, now or at a time set (a scheduled reminder is withdrawn from whoever sends the form meanwhile)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from forumops.communications.defaults import default_templates
from forumops.communications.models import Announcement
from forumops.communications.recipients import RecipientFilters, count_recipients, find_recipients
from forumops.core.outbox import OutboxMessage
from forumops.travel.details_operations import save_settings, send_travel_details


@pytest.fixture
def people(db, forum, create_registration, create_support, create_travel):
    """Sopheak (travel offered, form sent), Malee (accommodation accepted, not sent), Aung (travel declined), Dara
    (nothing funded); the form concerns those offered travel or accommodation, and is open until 31 March."""
    save_settings(forum, {"form_open": True, "form_audience": "sponsored", "currency": "USD",
                          "form_deadline": date(2027, 3, 31)})
    found = {}
    for name, kind, status in (("Sopheak", "travel", "offered"), ("Malee", "accommodation", "accepted"),
                               ("Aung", "travel", "declined"), ("Dara", None, None)):
        registration, _token = create_registration(forum, status="confirmed", name=name, notify=False,
                                                   email=f"{name.lower()}@example.org")
        if kind:
            create_support(registration, kind=kind, status=status)
        found[name] = registration
    create_travel(found["Sopheak"], arrival=datetime(2027, 4, 13, 23, 30))
    db.session.commit()
    return found


def compose(client, forum, **fields):
    data = {"subject": "Travel to {forum}", "body": "Dear {name}, your form: {travel_link}", "status": "confirmed",
            "travel_form": "concerned", "when": "now", "action": "send", **fields}
    return client.post(f"/forums/{forum.slug}/messages/new", data=data)


def body_of(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else ""


def test_the_filter_counts_those_the_form_concerns_and_those_who_have_not_sent_it(client, login, mai, forum, people):
    concerned, pending = RecipientFilters(travel_form="concerned"), RecipientFilters(travel_form="pending")
    assert sorted(r.name for r in find_recipients(forum, concerned)) == ["Malee", "Sopheak"]
    assert [r.name for r in find_recipients(forum, pending)] == ["Malee"]
    assert (count_recipients(forum, concerned), count_recipients(forum, pending)) == (2, 1)
    assert RecipientFilters.from_mapping(pending.as_dict()) == pending  # kept with the announcement
    login(mai)
    counted = client.get(f"/forums/{forum.slug}/messages/count?status=confirmed&travel_form=pending").get_json()
    assert counted["count"] == 1
    page = client.get(f"/forums/{forum.slug}/messages/new").get_data(as_text=True)
    assert "Not sent yet" in page
    assert "{travel_link}" in page


def test_each_person_gets_their_own_link_to_their_travel_form(app, client, login, mai, forum, people, deliver_mail):
    login(mai)
    assert compose(client, forum).status_code == 302
    mails = {mail["To"]: body_of(mail) for mail in deliver_mail()}
    assert set(mails) == {"sopheak@example.org", "malee@example.org"}
    links = {address: re.search(r"your form: (\S+)", body).group(1) for address, body in mails.items()}
    assert links["sopheak@example.org"] != links["malee@example.org"]
    fresh = app.test_client()  # nobody signed in: the link alone opens Malee's form
    path = urlsplit(links["malee@example.org"]).path
    assert re.fullmatch(rf"/forums/{forum.slug}/registration/[^/]+/travel", path)
    page = fresh.get(path).get_data(as_text=True)
    assert "Your travel details" in page
    assert "Malee" in page
    assert "Send my travel details" in page
    announcement = db_announcement(client)
    recipients = client.get(f"/forums/{forum.slug}/messages/{announcement.id}").get_data(as_text=True)
    assert "whom the travel form concerns" in recipients


def db_announcement(client) -> Announcement:
    from forumops.extensions import db

    return db.session.scalar(select(Announcement))


def test_a_message_with_the_travel_link_must_choose_the_travel_filter(db, client, login, mai, forum, people):
    login(mai)
    response = compose(client, forum, travel_form="")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "goes to the people the travel form concerns" in error_beside(page, "travel_form")
    assert "Dear {name}, your form: {travel_link}" in page  # what was typed is kept
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "announcement")) is None


def test_the_travel_link_is_not_mailed_while_the_form_is_closed(db, client, login, mai, forum, people):
    """Seventy people following their link to read "The organisers have closed the travel form": refused at the
    message, both when sending and in the preview, until the form is opened."""
    save_settings(forum, {"form_open": False, "form_audience": "sponsored", "currency": "USD"})
    db.session.commit()
    login(mai)
    response = compose(client, forum)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The travel form is closed" in error_beside(page, "body")
    assert "Dear {name}, your form: {travel_link}" in page  # what was typed is kept
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "announcement")) is None
    preview = compose(client, forum, action="preview", preview_for=str(people["Malee"].id)).get_data(as_text=True)
    assert "The travel form is closed" in error_beside(preview, "body")
    in_subject = compose(client, forum, subject="Your form: {travel_link}", body="Dear {name}")
    assert "The travel form is closed" in error_beside(in_subject.get_data(as_text=True), "subject")
    save_settings(forum, {"form_open": True, "form_audience": "sponsored", "currency": "USD"})
    db.session.commit()
    assert compose(client, forum).status_code == 302


def test_the_preview_shows_where_the_link_will_be(client, login, mai, forum, people):
    login(mai)
    page = compose(client, forum, action="preview", preview_for=str(people["Malee"].id)).get_data(as_text=True)
    assert "Dear Malee, your form: [their link to the travel form, made when the message is sent]" in page


def test_the_built_in_messages_send_the_form_and_remind_with_the_deadline(client, login, mai, forum, people):
    defaults = {d.key: d for d in default_templates(forum)}
    assert "{travel_link}" in defaults["travel_form"].body
    assert defaults["travel_form"].filters["travel_form"] == "concerned"
    reminder = defaults["travel_reminder"]
    assert reminder.filters["travel_form"] == "pending"
    assert "Please send them by 31 March 2027." in reminder.body
    login(mai)
    page = client.get(f"/forums/{forum.slug}/messages/new?default=travel_reminder").get_data(as_text=True)
    assert "Reminder: your travel details for {forum}" in page
    assert '<option selected value="pending">' in page


def test_the_reminder_reaches_only_those_who_have_not_sent_the_form(client, login, mai, forum, people,
                                                                    deliver_mail):
    reminder = next(d for d in default_templates(forum) if d.key == "travel_reminder")
    login(mai)
    assert compose(client, forum, subject=reminder.subject, body=reminder.body, **reminder.filters).status_code == 302
    mails = deliver_mail()
    assert [mail["To"] for mail in mails] == ["malee@example.org"]
    body = body_of(mails[0])
    assert "Dear Malee" in body
    assert "/travel" in body
    assert "Please send them by 31 March 2027." in body


def test_a_scheduled_reminder_is_withdrawn_from_whoever_sends_the_form_meanwhile(app, client, db, login, mai, forum,
                                                                                  people, create_registration,
                                                                                  create_support, smtp_server):
    kiet, _token = create_registration(forum, status="confirmed", name="Kiet", email="kiet@example.org",
                                       notify=False)
    create_support(kiet, kind="travel")
    login(mai)
    later = (datetime.now(UTC) + timedelta(days=2)).astimezone(ZoneInfo(forum.timezone))
    assert compose(client, forum, travel_form="pending", when="later",
                   send_at=later.strftime("%Y-%m-%dT%H:%M")).status_code == 302
    waiting = {m.to_address for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "announcement"))}
    assert waiting == {"malee@example.org", "kiet@example.org"}
    with app.test_request_context():
        send_travel_details(forum, people["Malee"], {"arrival_date": None, "notes": "By bus"})
    db.session.commit()
    waiting = {m.to_address for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "announcement"))}
    assert waiting == {"kiet@example.org"}
    page = client.get(f"/forums/{forum.slug}/messages/{db_announcement(client).id}").get_data(as_text=True)
    assert "badge-mail-withdrawn" in page
