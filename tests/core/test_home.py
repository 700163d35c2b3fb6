"""Every person finds what is theirs: private links that keep working, the online link for exactly those
confirmed online, and the home each role has on a forum's page and after signing in."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from forumops.clusters import operations as cluster_operations
from forumops.registration import links, seats
from forumops.registration.models import Registration
from tests.conftest import count_queries

MEETING = "https://meet.example.org/acf-secret-room"


@pytest.fixture
def forum(create_forum, create_user, db):
    organiser = create_user(email="mai@example.org", name="Mai")
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", organiser=organiser,
                        mode="hybrid", online_link=MEETING, start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))


def settings(db, forum, **values):
    found = seats.settings_for(forum)
    for key, value in values.items():
        setattr(found, key, value)
    db.session.commit()


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message) -> str:
    return re.search(r"/forums/acf/registration/([\w-]+)", body(message)).group(1)


def ics_of(message) -> str:
    return next(part for part in message.iter_attachments()).get_payload(decode=True).decode()


# --- private links that keep working ----------------------------------------------------------------

def test_the_first_link_keeps_working_after_approval(client, forum, db, create_registration, deliver_mail):
    settings(db, forum, approval_required=True)
    registration, first = create_registration(forum, email="linh@example.org")
    assert client.get(f"/forums/acf/registration/{first}").status_code == 200
    seats.approve(forum, [registration])
    db.session.commit()
    approval = deliver_mail()[-1]
    assert "approved" in approval["Subject"]
    second = link_in(approval)
    assert second != first
    for token in (first, second):  # the bookmarked link and the new email's both open it, confirmed
        page = client.get(f"/forums/acf/registration/{token}")
        assert page.status_code == 200
        assert "Confirmed" in page.get_data(as_text=True)


def test_the_first_link_keeps_working_after_promotion(client, forum, db, create_registration, deliver_mail):
    settings(db, forum, capacity=1)
    first_in, first_token = create_registration(forum, email="first@example.org")
    waiting, bookmarked = create_registration(forum, email="waiting@example.org")
    assert waiting.status == "waitlisted"
    seats.cancel(forum, first_in)
    db.session.commit()
    page = client.get(f"/forums/acf/registration/{bookmarked}")
    assert page.status_code == 200
    assert "Confirmed" in page.get_data(as_text=True)
    promoted = [m for m in deliver_mail() if m["To"] == "waiting@example.org"][-1]
    assert client.get(f"/forums/acf/registration/{link_in(promoted)}").status_code == 200


def test_a_replaced_link_says_so_and_emails_the_current_one(client, forum, db, create_registration, deliver_mail):
    registration, old = create_registration(forum, email="linh@example.org")
    response = client.post(f"/forums/acf/registration/{old}/replace")
    new = response.headers["Location"].rsplit("/", 1)[1]
    assert new != old
    assert client.get(f"/forums/acf/registration/{new}").status_code == 200
    told = deliver_mail()[-1]
    assert "replaced" in told["Subject"].lower() or "new link" in told["Subject"].lower()
    page = client.get(f"/forums/acf/registration/{old}")
    text = page.get_data(as_text=True)
    assert page.status_code == 410
    assert "This link was replaced" in text
    assert "linh@example.org" not in text
    assert registration.name not in text
    before = len(deliver_mail())
    sent = client.post(f"/forums/acf/registration/{old}/send-link", follow_redirects=True)
    assert "emailed the current link" in sent.get_data(as_text=True)
    mail = deliver_mail()[before]
    assert mail["To"] == "linh@example.org"
    assert client.get(f"/forums/acf/registration/{link_in(mail)}").status_code == 200
    assert client.get(f"/forums/acf/registration/{old}").status_code == 410  # replaced stays replaced


def test_asking_for_links_is_throttled_per_address(client, forum, db, create_registration, deliver_mail):
    create_registration(forum, email="linh@example.org")
    before = len(deliver_mail())
    for _ in range(5):
        answer = client.post("/forums/acf/register/resend-link", data={"email": "Linh@example.org"},
                             follow_redirects=True)
    assert len(deliver_mail()) - before == operations_limit()
    assert "try again in a few minutes" in answer.get_data(as_text=True)


def operations_limit() -> int:
    from forumops.accounts.operations import LINK_MAILS_PER_WINDOW

    return LINK_MAILS_PER_WINDOW


def test_an_unknown_link_offers_to_send_the_link_again(client, forum):
    page = client.get("/forums/acf/registration/not-a-real-token-at-all")
    text = page.get_data(as_text=True)
    assert page.status_code == 404
    assert "Get your link again" in text
    assert 'name="email"' in text


def test_erased_registration_links_open_nothing_not_even_a_replaced_page(client, forum, db, create_registration):
    from forumops.privacy.operations import erase_registration

    registration, old = create_registration(forum, email="linh@example.org")
    new = links.replace_links(forum, registration)
    erase_registration(forum, registration)
    db.session.commit()
    for token in (old, new):
        assert client.get(f"/forums/acf/registration/{token}").status_code == 404


# --- the online link reaches exactly the people entitled to it ---------------------------------------

def add_online_session(forum, db, **fields):
    from datetime import time

    from forumops.agenda import operations as agenda_operations

    agenda_operations.create_item(forum, {"day": date(2027, 4, 14), "start": time(9), "end": time(10),
                                          "title": "Opening plenary", "is_online": True, **fields})
    db.session.commit()


def test_confirmed_online_gets_the_link_in_email_calendar_and_page(client, forum, db, create_registration,
                                                                    deliver_mail):
    add_online_session(forum, db)
    registration, token = create_registration(forum, email="sopheak@example.org", attendance_mode="online")
    confirmation = deliver_mail()[-1]
    assert MEETING in body(confirmation)
    calendar = ics_of(confirmation)
    assert "CONFERENCE" in calendar.replace("\r\n ", "")
    assert MEETING in calendar.replace("\r\n ", "")
    page = client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)
    assert MEETING in page
    assert "Join online" in page
    own = client.get(f"/forums/acf/registration/{token}/calendar.ics")
    assert own.status_code == 200
    assert MEETING in own.get_data(as_text=True).replace("\r\n ", "")


@pytest.mark.parametrize("case", ["in_person", "waitlisted", "pending", "cancelled"])
def test_nobody_else_gets_the_link(client, forum, db, create_registration, deliver_mail, case):
    if case == "waitlisted":
        settings(db, forum, capacity_online=0)
    if case == "pending":
        settings(db, forum, approval_required=True)
    registration, token = create_registration(
        forum, email="x@example.org", attendance_mode="in_person" if case == "in_person" else "online")
    if case == "cancelled":
        seats.cancel(forum, registration)
        db.session.commit()
    assert registration.status == {"in_person": "confirmed", "waitlisted": "waitlisted", "pending": "pending",
                                   "cancelled": "cancelled"}[case]
    sent = deliver_mail()
    # a cancelled person was confirmed online until they cancelled: only what came after must not carry it
    for message in sent[1:] if case == "cancelled" else sent:
        assert MEETING not in body(message)
        for part in message.iter_attachments():
            assert MEETING not in part.get_payload(decode=True).decode().replace("\r\n ", "")
    assert MEETING not in client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)
    assert MEETING not in client.get("/forums/acf/").get_data(as_text=True)


def test_approval_brings_the_link_and_public_pages_never_show_it(client, forum, db, create_registration,
                                                                  deliver_mail):
    settings(db, forum, approval_required=True)
    registration, _token = create_registration(forum, email="sopheak@example.org", attendance_mode="online")
    seats.approve(forum, [registration])
    db.session.commit()
    assert MEETING in body(deliver_mail()[-1])
    for public in ("/forums/acf/", "/forums/acf/agenda", "/forums/acf/agenda.ics", "/forums/acf/register"):
        assert MEETING not in client.get(public).get_data(as_text=True), public


def test_a_session_link_overrides_the_forums_for_those_entitled_only(client, forum, db, create_registration,
                                                                      create_user, login):
    add_online_session(forum, db, online_link="https://meet.example.org/opening-own-room")
    user = create_user(email="sopheak@example.org", name="Sopheak")
    create_registration(forum, user=user, email="sopheak@example.org", attendance_mode="online")
    assert "opening-own-room" not in client.get("/forums/acf/agenda.ics").get_data(as_text=True)
    login(user)
    feed_page = client.post("/forums/acf/agenda/mine").get_data(as_text=True)  # make the feed: its address, once
    feed_url = re.search(r"/forums/acf/agenda/feed/[\w-]+\.ics", feed_page).group(0)
    feed = client.get(feed_url).get_data(as_text=True).replace("\r\n ", "")
    assert "opening-own-room" in feed
    assert MEETING not in feed


# --- the home each person finds ---------------------------------------------------------------------

def test_a_participant_finds_registration_cluster_calendar_and_link_on_the_forum_page(
        client, forum, db, create_registration, create_user, login):
    cluster = cluster_operations.create_cluster(forum, "Women's empowerment")
    user = create_user(email="linh@example.org", name="Linh")
    registration, _token = create_registration(forum, user=user, email="linh@example.org",
                                               attendance_mode="online")
    cluster_operations.assign_registration(cluster, registration)
    db.session.commit()
    login(user)
    page = client.get("/forums/acf/").get_data(as_text=True)
    section = page[page.index('id="home-participant'):]
    for expected in ("Your registration", "Confirmed", "Women&#39;s empowerment", MEETING,
                     "/forums/acf/my-registration/calendar.ics", "/forums/acf/my-registration/badge.pdf"):
        assert expected in section, expected
    assert client.get("/forums/acf/my-registration/calendar.ics").status_code == 200


def test_a_facilitator_finds_the_notes_editor_from_the_forum_page(client, forum, db, create_user, login):
    ben = create_user(email="ben@example.org", name="Dr Ben")
    cluster = cluster_operations.create_cluster(forum, "MSME")
    cluster_operations.add_staff(cluster, ben, "facilitator")
    notes = cluster_operations.open_notes(cluster, title="MSME breakout")
    db.session.commit()
    login(ben)
    page = client.get("/forums/acf/").get_data(as_text=True)
    assert "Your clusters" in page
    assert "MSME breakout" in page
    editor = f"/forums/acf/clusters/{cluster.id}/notes/{notes.id}/edit"
    assert editor in page
    assert client.get(editor).status_code == 200


def test_an_organiser_sees_the_forums_to_do(client, forum, db, create_registration, create_user, login):
    settings(db, forum, approval_required=True)
    for n in range(2):
        create_registration(forum, email=f"p{n}@example.org")  # emails queue: no SMTP server here
    cluster = cluster_operations.create_cluster(forum, "MSME")
    notes = cluster_operations.open_notes(cluster, title="MSME breakout")
    notes.status = "submitted"
    db.session.commit()
    login(db.session.scalar(select(Registration.forum_id)) and forum.members[0].user)
    page = client.get("/forums/acf/").get_data(as_text=True)
    todo = page[page.index('class="home-todo"'):]
    assert "2 registrations wait for your approval" in todo
    assert "1 set of cluster notes waits for your review" in todo
    assert "2 emails have not gone out yet" in todo
    assert "/forums/acf/registrations?status=pending" in todo


def test_the_forum_page_reads_the_same_number_of_queries_however_many_registrations(
        client, forum, db, create_registration, login):
    login(forum.members[0].user)
    create_registration(forum, email="one@example.org", notify=False)
    few = count_queries(db, lambda: client.get("/forums/acf/"))
    for n in range(15):
        create_registration(forum, email=f"more{n}@example.org", notify=False)
    assert count_queries(db, lambda: client.get("/forums/acf/")) == few


def test_signing_in_leads_home_to_what_is_mine(client, forum, db, create_registration, create_user):
    from tests.conftest import TEST_PASSWORD

    user = create_user(email="linh@example.org", name="Linh")
    settings(db, forum, approval_required=True)
    create_registration(forum, user=user, email="linh@example.org")  # pending: no team role yet
    response = client.post("/account/signin", data={"email": "linh@example.org", "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert "Your home" in home
    assert "ASEAN Community Forum" in home
    assert "Awaiting approval" in home


def test_a_forum_with_only_session_links_still_sends_them_to_those_confirmed_online(
        client, create_forum, create_user, db, create_registration, deliver_mail):
    forum = create_forum(slug="sessions-only", status="registration_open", mode="hybrid", online_link="")
    add_online_session(forum, db, online_link="https://meet.example.org/opening-own-room")
    _registration, token = create_registration(forum, email="sopheak@example.org", attendance_mode="online")
    _in_person, other = create_registration(forum, email="linh@example.org")
    sent = {message["To"]: message for message in deliver_mail()}
    assert "opening-own-room" in body(sent["sopheak@example.org"])
    assert "opening-own-room" in ics_of(sent["sopheak@example.org"]).replace("\r\n ", "")
    assert "opening-own-room" not in body(sent["linh@example.org"])
    assert "opening-own-room" not in ics_of(sent["linh@example.org"]).replace("\r\n ", "")
    assert "opening-own-room" in client.get(f"/forums/sessions-only/registration/{token}").get_data(as_text=True)
    assert "opening-own-room" not in client.get(f"/forums/sessions-only/registration/{other}").get_data(as_text=True)


def test_private_pages_are_kept_by_no_cache(client, forum, create_registration):
    _registration, token = create_registration(forum, email="linh@example.org", notify=False)
    for path in (f"/forums/acf/registration/{token}", "/forums/acf/registration/not-a-token"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_a_changed_meeting_link_reaches_the_next_calendar_attached(forum, db, create_registration, deliver_mail):
    add_online_session(forum, db)
    create_registration(forum, email="first@example.org", attendance_mode="online")
    forum.online_link = "https://meet.example.org/a-new-room"
    db.session.commit()
    create_registration(forum, email="second@example.org", attendance_mode="online")
    sent = {message["To"]: ics_of(message).replace("\r\n ", "") for message in deliver_mail()}
    assert MEETING in sent["first@example.org"]
    assert "a-new-room" in sent["second@example.org"]
    assert MEETING not in sent["second@example.org"]
