"""Organisers writing to participants: filters, the composer's checks, what each person receives (through a
real SMTP server), per-recipient state, opt-outs and quotas. Mail is read after send_queued_mail(), so these hold
whether a request or a background worker delivers it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from forumops.clusters.operations import assign_registration
from forumops.communications.models import Announcement, AnnouncementRecipient
from forumops.communications.recipients import RecipientFilters, find_recipients
from forumops.core.outbox import OutboxMessage
from forumops.registration import links as registration_links
from tests.communications.conftest import MEETING
from tests.conftest import count_queries, send_queued_mail


def delivered(smtp_server) -> dict[str, object]:
    """What the outbox sends now, by recipient."""
    send_queued_mail()
    return {message["To"]: message for message in smtp_server.messages}


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def compose(client, forum, **fields):
    data = {"subject": "Room change for {forum}", "body": "Dear {name},\n\nWe meet in room 3.", "status": "confirmed",
            "when": "now", "action": "send", **fields}
    return client.post(f"/forums/{forum.slug}/messages/new", data=data)


# --- who receives it ------------------------------------------------------------------------------------

def test_each_filter_picks_exactly_the_right_people(db, forum, create_registration, create_cluster, create_plan):
    msme = create_cluster(forum, "MSME")
    linh, _t = create_registration(forum, name="Linh", country="VN", attendance_mode="online", notify=False)
    sopheak, _t = create_registration(forum, name="Sopheak", country="KH", category="government", notify=False)
    waiting, _t = create_registration(forum, name="Waiting", country="VN", status="waitlisted", notify=False)
    erased, _t = create_registration(forum, name="Erased", notify=False)
    erased.erased_at = datetime.now(UTC)
    assign_registration(msme, linh)
    sopheak.checked_in_at = datetime.now(UTC)
    linh.created_at = datetime(2027, 1, 10, 3, tzinfo=UTC)  # 10 January in Jakarta
    sopheak.created_at = datetime(2027, 2, 20, 3, tzinfo=UTC)
    waiting.created_at = datetime(2027, 3, 1, 3, tzinfo=UTC)
    db.session.commit()
    create_plan(forum, {"registration_id": sopheak.id, "owner_name": "Sopheak"}, send_link=False)

    def names(**filters):
        return sorted(r.name for r in find_recipients(forum, RecipientFilters(**filters)))

    assert names() == ["Linh", "Sopheak"]  # confirmed by default, never the erased
    assert names(status="") == ["Linh", "Sopheak", "Waiting"]
    assert names(status="waitlisted") == ["Waiting"]
    assert names(mode="online") == ["Linh"]
    assert names(cluster=msme.id) == ["Linh"]
    assert names(country="KH") == ["Sopheak"]
    assert names(category="government") == ["Sopheak"]
    assert names(checked_in="yes") == ["Sopheak"]
    assert names(checked_in="no") == ["Linh"]
    assert names(status="", registered_from=date(2027, 2, 1)) == ["Sopheak", "Waiting"]
    assert names(status="", registered_before=date(2027, 2, 20)) == ["Linh"]
    assert names(has_plan="yes") == ["Sopheak"]
    assert names(has_plan="no") == ["Linh"]
    assert names(mode="online", cluster=msme.id, country="KH") == []


def test_the_count_follows_the_filters(client, login, mai, forum, create_registration):
    create_registration(forum, attendance_mode="online", notify=False)
    create_registration(forum, notify=False)
    login(mai)
    answer = client.get("/forums/acf/messages/count?status=confirmed&mode=online").get_json()
    assert answer["count"] == 1
    assert answer["text"] == "1 person matches these filters."
    assert len(answer["people"]) == 1
    page = client.post("/forums/acf/messages/new", data={"status": "confirmed", "mode": "", "action": "count"})
    assert page.status_code == 200
    assert "2 people match these filters." in page.get_data(as_text=True)


# --- what each person receives ----------------------------------------------------------------------------

def test_the_online_link_reaches_only_those_confirmed_online(client, login, mai, forum, create_registration,
                                                            smtp_server):
    online, _t = create_registration(forum, name="Sopheak", attendance_mode="online", notify=False)
    in_person, _t = create_registration(forum, name="Linh", notify=False)
    waiting, _t = create_registration(forum, name="Waiting", attendance_mode="online", status="waitlisted",
                                      notify=False)
    login(mai)
    response = compose(client, forum, status="", body="Join: {online_link}\nManage: {private_link}")
    assert response.status_code == 302
    mail = delivered(smtp_server)
    assert set(mail) == {online.email, in_person.email, waiting.email}
    assert MEETING in text_of(mail[online.email])
    for address in (in_person.email, waiting.email):
        assert MEETING not in text_of(mail[address])
        assert "confirmed to take part online" in text_of(mail[address])
    # each private link opens that person's own registration; the links they held keep working
    link = re.search(r"Manage: (\S+)", text_of(mail[online.email])).group(1)
    assert client.get(link.replace("http://127.0.0.1:5000", "")).status_code == 200
    assert client.get(f"/forums/acf/registration/{_t}").status_code == 200


def test_preview_fills_in_for_the_chosen_person_and_a_test_goes_to_the_organiser(
        client, login, mai, forum, create_registration, create_cluster, smtp_server):
    msme = create_cluster(forum, "MSME")
    linh, _t = create_registration(forum, name="Nguyễn Phương Linh", attendance_mode="online", notify=False)
    sopheak, _t = create_registration(forum, name="Sopheak", notify=False)
    assign_registration(msme, linh)
    login(mai)
    fields = {"body": "Dear {name}, cluster {cluster}: {online_link}", "status": "confirmed"}
    page = compose(client, forum, action="preview", preview_for=str(linh.id), **fields).get_data(as_text=True)
    assert "Dear Nguyễn Phương Linh, cluster MSME: " + MEETING in page
    page = compose(client, forum, action="preview", preview_for=str(sopheak.id), **fields).get_data(as_text=True)
    assert "Dear Sopheak, cluster not assigned yet: (the meeting link" in page
    assert MEETING not in page.split("preview-title")[1]
    compose(client, forum, action="test", preview_for=str(linh.id), **fields)
    mail = delivered(smtp_server)
    assert list(mail) == ["mai@example.org"]  # nobody else, and no real private link of Linh's
    assert mail["mai@example.org"]["Subject"] == "[Test] Room change for ASEAN Community Forum"
    assert db_announcements() == 0


def db_announcements() -> int:
    from forumops.extensions import db

    return db.session.query(Announcement).count()


def test_an_announcement_goes_once_to_each_person_and_they_can_read_it_on_their_page(
        client, login, mai, forum, create_registration, smtp_server):
    linh, token = create_registration(forum, name="Nguyễn Phương Linh", notify=False)
    login(mai)
    response = compose(client, forum, subject="Venue for {forum}", body="Dear {name}, {venue}.", attach_ics="y")
    message_page = response.headers["Location"]
    mail = delivered(smtp_server)
    assert mail[linh.email]["Subject"] == "Venue for ASEAN Community Forum"
    assert "Dear Nguyễn Phương Linh, Hall A, Jakarta." in text_of(mail[linh.email])
    assert [part.get_filename() for part in mail[linh.email].iter_attachments()] == ["acf.ics"]
    assert len(smtp_server.messages) == 1
    page = client.get(message_page).get_data(as_text=True)
    assert "Nguyễn Phương Linh" in page
    assert "badge-mail-sent" in page
    client.post("/account/signout")
    mine = client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)
    assert "Messages from the organisers" in mine
    assert "Dear Nguyễn Phương Linh, Hall A, Jakarta." in mine


def test_sending_does_not_grow_queries_with_the_recipients(app, db, forum, create_registration, create_cluster):
    """The recipients come loaded (as the composer loads them); clusters, links and opt-outs are one query each,
    and the outbox rows, links and recipient rows one INSERT each."""
    cluster = create_cluster(forum, "MSME")
    for number in range(12):
        registration, _t = create_registration(forum, notify=False, attendance_mode="online")
        if number % 2:
            assign_registration(cluster, registration)
    db.session.commit()

    def send(size):
        people = find_recipients(forum, RecipientFilters())[:size]

        def run():
            with app.test_request_context():
                from forumops.communications.operations import send_announcement

                send_announcement(forum, "Hi {name}", "{private_link} {cluster} {online_link}", people, actor=None,
                                  attach_ics=True)
        return count_queries(db, run)

    send(3)  # the programme's calendar is built once, then cached per programme version (agenda.feeds)
    assert send(3) == send(12)


# --- bad input -----------------------------------------------------------------------------------------------

def test_an_unknown_placeholder_is_named_next_to_the_field_and_the_text_kept(client, login, mai, forum,
                                                                              create_registration):
    create_registration(forum, notify=False)
    login(mai)
    response = compose(client, forum, action="preview", body="Dear {nmae}, see you in Hà Nội.")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Unknown placeholder: {nmae}" in page
    assert 'id="body-error"' in page
    assert "Dear {nmae}, see you in Hà Nội." in page
    assert db_announcements() == 0


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"status": "rejected"}, "filters", "No one matches these filters"),
    ({"body": "x" * 20_001}, "body", "the limit is 20,000"),
    ({"when": "later", "send_at": "2020-01-01T09:00"}, "send_at", "This time has already passed"),
    ({"when": "later", "send_at": ""}, "send_at", "Enter the day and time to send at"),
    ({"when": "later", "send_at": "tomorrow"}, "send_at", "Not a valid datetime value"),
])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_sent(client, login, mai, forum, create_registration,
                                                                     fields, field, message):
    create_registration(forum, notify=False)
    login(mai)
    response = compose(client, forum, **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert f'id="{field}-error"' in page
    assert db_announcements() == 0


def test_a_subject_never_carries_a_line_break(client, login, mai, forum, create_registration, smtp_server):
    linh, _t = create_registration(forum, name="Linh\nBcc: x@example.org", notify=False)
    login(mai)
    compose(client, forum, subject="Hello {name}\r\nBcc: everyone@example.org")
    mail = delivered(smtp_server)[linh.email]
    assert mail["Subject"] == "Hello Linh Bcc: x@example.org Bcc: everyone@example.org"
    assert mail["Bcc"] is None
    assert len(smtp_server.messages) == 1


def test_a_draft_forum_sends_nothing(client, login, mai, create_forum, create_registration, db):
    draft = create_forum(slug="draft", organiser=mai, status="published")
    create_registration(draft, notify=False)
    draft.status = "draft"
    db.session.commit()
    login(mai)
    page = compose(client, draft).get_data(as_text=True)
    assert "A draft forum sends no announcements" in page
    assert db_announcements() == 0
    saved = compose(client, draft, action="save_template", template_name="For later")  # templates may wait
    assert saved.status_code == 200
    assert "Saved as the template" in saved.get_data(as_text=True)


# --- opting out -------------------------------------------------------------------------------------------------

def test_opt_out_holds_for_announcements_and_not_for_registration_mail(
        csrf_app, client, forum, create_registration, create_announcement, smtp_server):
    linh, _t = create_registration(forum, name="Linh", notify=False)
    create_announcement(forum, [linh])
    first = delivered(smtp_server)[linh.email]
    header = first["List-Unsubscribe"].strip("<>")
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = header.replace("http://127.0.0.1:5000", "")
    assert client.get(path).status_code == 302  # a scanner's GET changes nothing
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200  # no CSRF token: RFC 8058
    smtp_server.messages.clear()
    announcement = create_announcement(forum, [linh], subject="Second")
    registration_links.email_current_link(forum, linh)  # mail about her own registration
    from forumops.extensions import db

    db.session.commit()
    mail = delivered(smtp_server)
    assert [m["Subject"] for m in mail.values()] == ["Your link to manage your registration for ASEAN Community Forum"]
    assert db.session.query(AnnouncementRecipient).filter_by(announcement_id=announcement.id).one().state == "opted_out"


def test_the_unsubscribe_page_asks_first_and_can_undo(client, forum, create_registration, create_announcement, db):
    linh, _t = create_registration(forum, notify=False)
    create_announcement(forum, [linh])
    body = db.session.query(OutboxMessage).filter_by(kind="announcement").one().body_text
    page_path = re.search(r"(/forums/acf/unsubscribe/\S+)", body).group(1)
    page = client.get(page_path).get_data(as_text=True)
    assert "Stop announcements from this forum?" in page
    assert "p***@example.org" in page
    client.post(page_path, data={"action": "unsubscribe"})
    assert "You receive no announcements from this forum" in client.get(page_path).get_data(as_text=True)
    client.post(page_path, data={"action": "resubscribe"})
    assert "Stop announcements from this forum?" in client.get(page_path).get_data(as_text=True)
    assert client.get("/forums/acf/unsubscribe/not-a-token").status_code == 404


def test_opting_out_takes_back_what_waits_for_its_time(forum, create_registration, create_announcement, db):
    from forumops.communications.operations import opt_out

    linh, _t = create_registration(forum, notify=False)
    create_announcement(forum, [linh], send_at=datetime.now(UTC) + timedelta(days=2))
    opt_out(forum, linh.id)
    assert db.session.query(OutboxMessage).filter_by(kind="announcement").count() == 0
    assert db.session.query(AnnouncementRecipient).one().state == "opted_out"


# --- timing, failures, retries ------------------------------------------------------------------------------------

def test_a_scheduled_message_waits_and_can_be_cancelled(client, login, mai, forum, create_registration, smtp_server,
                                                        db):
    linh, _t = create_registration(forum, notify=False)
    login(mai)
    later = (datetime.now(UTC) + timedelta(days=3)).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Jakarta"))
    response = compose(client, forum, when="later", send_at=later.strftime("%Y-%m-%dT%H:%M"))
    assert response.status_code == 302
    assert delivered(smtp_server) == {}
    announcement = db.session.query(Announcement).one()
    assert announcement.status == "scheduled"
    assert abs(announcement.send_at - later) < timedelta(minutes=1)
    client.post(f"/forums/acf/messages/{announcement.id}/cancel")
    db.session.refresh(announcement)
    assert announcement.status == "cancelled"
    assert db.session.query(OutboxMessage).count() == 0


def test_a_refused_address_shows_the_servers_answer_and_can_be_retried(client, login, mai, forum,
                                                                       create_registration, create_announcement,
                                                                       smtp_server, db):
    linh, _t = create_registration(forum, name="Linh", notify=False)
    typo, _t = create_registration(forum, name="Typo", email="typo@example.org", notify=False)
    announcement = create_announcement(forum, [linh, typo])
    smtp_server.refuse["typo@example.org"] = "550 5.1.1 No such user here"
    send_queued_mail()  # a 5xx refusal of the address is final: that message fails at once, not the others
    login(mai)
    page = client.get(f"/forums/acf/messages/{announcement.id}").get_data(as_text=True)
    assert "badge-mail-failed" in page
    assert "No such user here" in page
    assert "Try the failed one again" in page
    smtp_server.refuse.clear()
    client.post(f"/forums/acf/messages/{announcement.id}/retry")
    assert "typo@example.org" in delivered(smtp_server)
    page = client.get(f"/forums/acf/messages/{announcement.id}").get_data(as_text=True)
    assert "badge-mail-failed" not in page
    assert len([m for m in smtp_server.messages if m["To"] == linh.email]) == 1  # sent mail never sent twice


# --- limits -------------------------------------------------------------------------------------------------------

def test_quotas_per_account_and_per_forum_raised_by_the_administrator(app, client, login, mai, forum, create_user,
                                                                       create_registration, db):
    for _ in range(3):
        create_registration(forum, notify=False)
    app.config.update(MAIL_ACCOUNT_QUOTA=4, MAIL_FORUM_QUOTA=5)
    try:
        login(mai)
        assert compose(client, forum).status_code == 302  # 3 of the account's 4
        page = compose(client, forum).get_data(as_text=True)
        assert "Your account may write to 4 people in 24 hours; it has written to 3" in page
        colleague = create_user(email="colleague@example.org")
        from forumops.forums.operations import add_member

        add_member(forum, colleague, "organiser")
        db.session.commit()
        login(colleague)
        page = compose(client, forum).get_data(as_text=True)
        assert "This forum may write to 5 people in 24 hours; it has written to 3" in page
        admin = create_user(email="admin@example.org", is_admin=True)
        login(admin)
        assert client.post("/forums/acf/messages/limits", data={"recipient_quota": "-1"}).status_code == 422
        client.post("/forums/acf/messages/limits", data={"recipient_quota": "100"})
        login(colleague)
        assert compose(client, forum).status_code == 302
    finally:
        app.config.update(MAIL_ACCOUNT_QUOTA=5000, MAIL_FORUM_QUOTA=5000)


# --- templates ----------------------------------------------------------------------------------------------------

def test_templates_saved_per_forum_and_the_defaults(client, login, mai, forum, create_registration):
    create_registration(forum, notify=False)
    login(mai)
    online = client.get("/forums/acf/messages/new?default=online").get_data(as_text=True)
    assert "How to join {forum} online" in online
    assert '<option selected value="online">' in online
    compose(client, forum, action="save_template", template_name="Room change")
    index = client.get("/forums/acf/messages").get_data(as_text=True)
    assert "Room change" in index
    assert "Logistics, two days before" in index
    template_id = re.search(r"template=(\d+)", index).group(1)
    assert "We meet in room 3." in client.get(f"/forums/acf/messages/new?template={template_id}").get_data(as_text=True)


def test_the_home_lists_what_a_person_was_sent(client, login, forum, create_user, create_registration,
                                               create_announcement):
    linh_account = create_user(email="linh@example.org", name="Linh")
    linh, _t = create_registration(forum, user=linh_account, email="linh@example.org", name="Linh", notify=False)
    create_announcement(forum, [linh], subject="Venue for {forum}", body="Dear {name}, Hall A.")
    later = create_announcement(forum, [linh], subject="Not yet", send_at=datetime.now(UTC) + timedelta(days=1))
    login(linh_account)
    home = client.get("/").get_data(as_text=True)
    assert "Messages from the organisers" in home
    assert "Venue for ASEAN Community Forum" in home
    assert "Dear Linh, Hall A." in home
    assert "Not yet" not in home
    assert later.status == "scheduled"


def test_only_the_one_click_post_goes_without_a_csrf_token(csrf_app, client, forum, create_registration,
                                                           create_announcement, db):
    from forumops.communications.queries import is_opted_out

    linh, _t = create_registration(forum, notify=False)
    create_announcement(forum, [linh])
    body = db.session.query(OutboxMessage).filter_by(kind="announcement").one().body_text
    page_path = re.search(r"(/forums/acf/unsubscribe/\S+)", body).group(1)
    assert client.post(page_path, data={"action": "unsubscribe"}).status_code == 400
    assert not is_opted_out(forum, linh.id)
    assert client.post(page_path + "/one-click", data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert is_opted_out(forum, linh.id)


def test_the_quota_window_rolls(app, client, login, mai, forum, create_registration, db):
    for _ in range(3):
        create_registration(forum, notify=False)
    app.config.update(MAIL_ACCOUNT_QUOTA=3)
    try:
        login(mai)
        assert compose(client, forum).status_code == 302
        assert compose(client, forum).status_code == 422
        first = db.session.query(Announcement).one()
        first.created_at = datetime.now(UTC) - timedelta(hours=25)  # out of the 24-hour window
        for message in db.session.query(OutboxMessage).filter_by(kind="announcement"):  # what the quotas count
            message.created_at = first.created_at
        db.session.commit()
        assert compose(client, forum).status_code == 302
    finally:
        app.config.update(MAIL_ACCOUNT_QUOTA=5000)


def test_every_problem_is_shown_at_once(client, login, mai, forum, create_registration):
    create_registration(forum, notify=False)
    login(mai)
    page = compose(client, forum, action="preview", subject="Hi {nmae}", body="x" * 20_001 + "{venu}",
                   when="later", send_at="2020-01-01T09:00").get_data(as_text=True)
    for field in ("subject", "body", "send_at"):
        assert f'id="{field}-error"' in page
    assert "Unknown placeholder: {venu}" in page
    assert "the limit is 20,000" in page


def test_erasing_a_person_takes_their_copy_and_keeps_the_count(client, login, mai, forum, create_registration,
                                                               create_announcement, db):
    from forumops.privacy.operations import erase_registration

    linh, _t = create_registration(forum, name="Nguyễn Phương Linh", notify=False)
    sopheak, _t = create_registration(forum, name="Sopheak", notify=False)
    announcement = create_announcement(forum, [linh, sopheak], body="Dear {name}")
    erase_registration(forum, linh)
    db.session.commit()
    assert [m.to_address for m in db.session.query(OutboxMessage).filter_by(kind="announcement")] == [sopheak.email]
    login(mai)
    page = client.get(f"/forums/acf/messages/{announcement.id}").get_data(as_text=True)
    assert "Nguyễn Phương Linh" not in page
    assert "Erased participant" in page
    assert "Withdrawn" in page
