"""Issue 18, item 2: the administrator can require approval of new organisers (a setting, off on a fresh install).
With it on, a new account's forum stays a draft, sending nothing, until the administrator approves the account."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from forumops.core.outbox import OutboxMessage
from forumops.forums import approval
from forumops.forums.models import Forum, OrganiserApproval
from tests.importing import invitee_csv, upload_invitees

NEW_FORUM = {"title": "URGENT: verify your bank account", "slug": "verify-now", "start_date": date(2027, 5, 1),
             "end_date": date(2027, 5, 1), "timezone": "Asia/Bangkok", "mode": "in_person"}


@pytest.fixture
def admin(create_user):
    return create_user(email="admin@example.org", name="Site Admin", is_admin=True)


@pytest.fixture
def stranger(create_user):
    return create_user(email="stranger@example.org", name="New Account")


def turn_on(client, login, admin):
    login(admin)
    response = client.post("/admin/organisers", data={"required": "y"}, follow_redirects=True)
    assert "New organisers now need your approval" in response.get_data(as_text=True)


def test_off_on_a_fresh_install(client, login, admin, stranger, db):
    assert approval.approval_required() is False
    login(admin)
    page = client.get("/admin/organisers").get_data(as_text=True)
    assert 'name="required" type="checkbox"' in page
    assert "checked" not in page.split('name="required"')[1][:40]
    assert "Nobody is waiting." in page
    login(stranger)
    client.post("/forums/new", data=NEW_FORUM)
    assert client.post("/forums/verify-now/status", data={"status": "published"}).status_code == 302


def test_a_new_organisers_forum_waits_for_the_administrator(client, login, admin, stranger, db, deliver_mail):
    turn_on(client, login, admin)
    login(stranger)
    assert client.post("/forums/new", data=NEW_FORUM).status_code == 302
    upload_invitees(client, "verify-now", invitee_csv(2))

    page = client.get("/forums/verify-now/").get_data(as_text=True)
    assert "can be announced once the site administrator approves New Account as a new organiser" in page
    refused = client.post("/forums/verify-now/status", data={"status": "registration_open"})
    assert refused.status_code == 422
    assert "can be announced once the site administrator approves" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Forum.status).where(Forum.slug == "verify-now")) == "draft"
    assert deliver_mail() == []

    login(admin)
    listing = client.get("/admin/organisers").get_data(as_text=True)
    assert "New Account" in listing
    assert "stranger@example.org" in listing
    assert "URGENT: verify your bank" in listing
    assert "1 new organiser waits for your approval" in client.get("/forums/").get_data(as_text=True)
    response = client.post(f"/admin/organisers/{stranger.id}/refuse", follow_redirects=True)
    assert "New Account is refused" in response.get_data(as_text=True)

    login(stranger)
    again = client.post("/forums/verify-now/status", data={"status": "registration_open"})
    assert again.status_code == 422
    assert "has not approved New Account" in again.get_data(as_text=True)
    assert deliver_mail() == []

    login(admin)
    client.post(f"/admin/organisers/{stranger.id}/approve")
    assert db.session.get(OrganiserApproval, stranger.id).state == "approved"
    login(stranger)
    assert client.post("/forums/verify-now/status", data={"status": "registration_open"}).status_code == 302
    assert sorted(message["To"] for message in deliver_mail()) == ["invitee1@example.org", "invitee2@example.org"]


def test_organisers_already_trusted_need_no_approval(client, login, admin, create_user, create_forum, db):
    """Turning the setting on does not stop the organisers of forums already announced, nor administrators."""
    known = create_user(email="known@example.org", name="Known Organiser")
    create_forum(slug="last-year", status="concluded", organiser=known)
    turn_on(client, login, admin)
    for person, slug in ((known, "next-year"), (admin, "admins-own")):
        login(person)
        assert client.post("/forums/new", data=NEW_FORUM | {"slug": slug}).status_code == 302
        assert client.post(f"/forums/{slug}/status", data={"status": "published"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(OrganiserApproval)) == 0


def test_turning_it_off_lets_the_waiting_drafts_be_announced(client, login, admin, stranger, db):
    turn_on(client, login, admin)
    login(stranger)
    client.post("/forums/new", data=NEW_FORUM)
    login(admin)
    response = client.post("/admin/organisers", data={}, follow_redirects=True)
    assert "no longer need approval" in response.get_data(as_text=True)
    login(stranger)
    assert client.post("/forums/verify-now/status", data={"status": "published"}).status_code == 302
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "held")) == 0


def test_only_the_administrator_answers(client, login, admin, stranger, create_user, db):
    turn_on(client, login, admin)
    login(stranger)
    client.post("/forums/new", data=NEW_FORUM)
    login(create_user(email="someone@example.org"))
    assert client.get("/admin/organisers").status_code == 403
    assert client.post(f"/admin/organisers/{stranger.id}/approve").status_code == 403
    assert db.session.get(OrganiserApproval, stranger.id).state == "waiting"
