"""Issue 18, item 2: the quotas of the communications issue hold for every kind of mail an organiser causes:
imports, invitations, plan links and announcements count against one figure per account and per forum
(core.quotas), and a refusal says when the same would fit again. Mail a person causes for themselves does not
count."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from forumops.core import quotas
from forumops.core.errors import FormError
from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage, queue_mail
from forumops.followup.models import ActionPlan
from forumops.forums.models import RoleInvitation
from tests.importing import invitee_csv, upload_invitees


@pytest.fixture
def limits(app):
    """Small quotas for one test: 3 emails per account, 5 per forum, over 24 hours."""
    old = {key: app.config[key] for key in ("MAIL_ACCOUNT_QUOTA", "MAIL_FORUM_QUOTA", "MAIL_QUOTA_HOURS")}
    app.config.update(MAIL_ACCOUNT_QUOTA=3, MAIL_FORUM_QUOTA=5, MAIL_QUOTA_HOURS=24)
    yield
    app.config.update(old)


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def forum(create_forum, mai):
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", organiser=mai,
                        timezone="Asia/Bangkok")


def _outbox(db) -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id))) or 0


def invite(client, email: str, role: str = "facilitator"):
    return client.post("/forums/acf/team", data={"email": email, "role": role})


def test_invitations_count_and_the_refusal_says_when_to_try_again(client, login, mai, forum, limits, db):
    login(mai)
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        assert invite(client, email).status_code == 302
    oldest = db.session.scalar(select(func.min(OutboxMessage.created_at)))

    refused = invite(client, "d@example.org")

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Your account may write to 3 people in 24 hours; it has written to 3, so these 1 would go over." in page
    fits = (oldest + timedelta(hours=24)).astimezone(ZoneInfo("Asia/Bangkok"))
    assert f"They would fit from {fits.day} {fits.strftime('%b')} {fits.year}, {fits:%H:%M} (Asia/Bangkok)" in page
    assert 'id="email-error"' in page  # beside the address typed, which is kept
    assert 'value="d@example.org"' in page
    assert db.session.scalar(select(func.count(RoleInvitation.id))) == 3
    assert _outbox(db) == 3


def test_plan_links_count_towards_the_same_quota(client, login, mai, forum, limits, db, create_plan):
    login(mai)
    for email in ("a@example.org", "b@example.org"):
        invite(client, email)
    create_plan(forum, {"organisation": "Mekong Youth Network", "owner_email": "one@example.org"}, actor=mai)

    with pytest.raises(FormError, match="Your account may write to 3 people") as refused:
        create_plan(forum, {"organisation": "Mekong Youth Network", "owner_email": "two@example.org"}, actor=mai)
    assert refused.value.field == "owner_email"
    db.session.rollback()
    assert db.session.scalar(select(func.count(ActionPlan.id))) == 1
    assert _outbox(db) == 3


def test_the_forum_quota_counts_every_organiser_and_the_administrator_can_raise_it(
        client, login, mai, forum, limits, db, create_user, add_role):
    colleague = create_user(email="colleague@example.org", name="Colleague")
    add_role(forum, colleague, "organiser")
    login(mai)
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        invite(client, email)
    login(colleague)
    assert upload_invitees(client, "acf", invitee_csv(2)).status_code == 302  # 5 of the forum's 5
    refused = invite(client, "e@example.org")
    assert refused.status_code == 422
    assert "This forum may write to 5 people in 24 hours; it has written to 5" in refused.get_data(as_text=True)

    admin = create_user(email="admin@example.org", is_admin=True)
    login(admin)
    client.post("/forums/acf/messages/limits", data={"recipient_quota": "10"})
    login(colleague)
    assert invite(client, "e@example.org").status_code == 302
    assert quotas.forum_use(forum.id).used == 6


def test_mail_people_cause_for_themselves_is_not_counted(app, forum, create_registration, mai, limits, db):
    """A registration's own confirmation, a password reset: they go to the address typed, and throttles (not
    the organisers' quota) keep them honest; an organiser's quota must not fill up with them."""
    for _ in range(6):
        create_registration(forum)
    queue_mail("mai@example.org", "Reset your password", "...")
    db.session.commit()
    assert quotas.forum_use(forum.id).used == 0
    assert quotas.account_use(mai.id).used == 0
    quotas.check_mail_quota(forum_id=forum.id, actor_id=mai.id, count=3)  # still the whole quota


def test_the_window_rolls(client, login, mai, forum, limits, db):
    login(mai)
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        invite(client, email)
    assert invite(client, "d@example.org").status_code == 422
    for message in db.session.scalars(select(OutboxMessage)):
        message.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    assert invite(client, "d@example.org").status_code == 302


def test_more_than_the_whole_quota_at_once_says_to_send_them_in_parts(app, forum, mai, limits):
    with pytest.raises(quotas.QuotaReached, match="That is more than the limit at once") as refused:
        quotas.check_mail_quota(forum_id=forum.id, actor_id=mai.id, count=4)
    assert refused.value.retry_at is None
