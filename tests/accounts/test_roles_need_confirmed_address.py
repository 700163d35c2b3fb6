"""Issue 18, item 1: an address typed by someone else never gains anything.

The finding, reproduced: a stranger signs up with a facilitator's address. Before, invitations to that address,
and registrations made with it, attached to whatever account held it. Now a role attaches only to an account
whose address was confirmed by a link sent to it, so the stranger gains nothing, even holding the links, and
the real owner (who can take the account over with a password reset) gets the role.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forumops.accounts.models import User
from forumops.core.errors import FormError
from forumops.core.outbox import OutboxMessage
from forumops.forums.models import ForumMember, RoleInvitation
from tests.accounts.test_verification import account, link_in, mails_to
from tests.conftest import sign_up

VICTIM = "ben.facilitator@example.org"


def roles_of(db, email: str) -> list[tuple[int, str]]:
    user = account(db, email)
    return [(m.forum_id, m.role) for m in db.session.scalars(select(ForumMember).where(ForumMember.user_id == user.id))]


def invitation_token(db, email: str) -> str:
    body = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.to_address == email)
                              .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"/invitations/(\S+)", body).group(1)


@pytest.fixture
def forum(create_user, create_forum):
    return create_forum(slug="mekong-2027", status="registration_open",
                        organiser=create_user(email="mai@example.org", name="Mai"))


@pytest.fixture
def stranger(app):
    """Someone who signed up with the facilitator's address (unconfirmed) and is signed in."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.6.6.6"
    sign_up(client, VICTIM, name="Mallory", sign_in_after=True)
    return client


def take_over_by_password_reset(app, db, email: str):
    """The address's real owner asks for a reset link, sets a password and signs in."""
    owner = app.test_client()
    owner.post("/account/forgot", data={"email": email})
    token = re.search(r"/account/reset/(\S+)", mails_to(db, email)[-1].body_text).group(1)
    owner.post(f"/account/reset/{token}", data={"password": "ben's own passphrase", "confirm": "ben's own passphrase"})
    assert owner.post("/account/signin", data={"email": email, "password": "ben's own passphrase"}).status_code == 302
    return owner


def test_a_team_invitation_does_not_attach_to_a_stranger_holding_the_address(app, db, forum, stranger):
    from forumops.forums.invitations import invite_to_team

    invite_to_team(forum, VICTIM, "facilitator", account(db, "mai@example.org"))
    db.session.commit()
    token = invitation_token(db, VICTIM)  # worst case: the stranger got hold of the link too

    page = stranger.get(f"/invitations/{token}")
    body = page.get_data(as_text=True)
    assert page.status_code == 403
    assert "Confirm your address first" in body
    assert "roles go only to accounts whose address is confirmed" in body
    assert "Email me a new link" in body
    accepted = stranger.post(f"/invitations/{token}")
    assert accepted.status_code == 403
    assert roles_of(db, VICTIM) == []
    assert db.session.scalar(select(RoleInvitation)).accepted_at is None

    owner = take_over_by_password_reset(app, db, VICTIM)  # the real owner: the reset confirms the address
    assert owner.post(f"/invitations/{token}").status_code == 302
    assert roles_of(db, VICTIM) == [(forum.id, "facilitator")]


def test_a_cluster_staff_invitation_does_not_attach_to_a_stranger_holding_the_address(app, db, forum, stranger,
                                                                                       create_cluster):
    from forumops.clusters.models import ClusterAssignment
    from forumops.clusters.operations import invite_staff

    cluster = create_cluster(forum, "MSME development")
    invite_staff(forum, cluster, VICTIM, "Dr Ben", "rapporteur", account(db, "mai@example.org"))
    db.session.commit()
    token = invitation_token(db, VICTIM)
    assert stranger.post(f"/invitations/{token}").status_code == 403
    assert db.session.scalar(select(ClusterAssignment).where(ClusterAssignment.cluster_id == cluster.id)) is None
    assert roles_of(db, VICTIM) == []


def test_a_registration_made_with_the_address_does_not_join_the_strangers_account(db, forum, stranger,
                                                                                   create_registration):
    """The stranger registers (signed out) with the facilitator's address, so holds the private link too."""
    registration, token = create_registration(forum, name="Dr Ben", email=VICTIM)
    assert registration.status == "confirmed"
    page = stranger.get(f"/forums/{forum.slug}/registration/{token}").get_data(as_text=True)
    assert f'action="/forums/{forum.slug}/registration/{token}/link"' not in page  # no "add to my account"
    stranger.post(f"/forums/{forum.slug}/registration/{token}/link")
    db.session.expire_all()
    assert registration.user_id is None
    assert roles_of(db, VICTIM) == []


def test_an_unconfirmed_account_registering_signed_in_gets_no_role_until_it_confirms(app, db, forum):
    client = app.test_client()
    sign_up(client, "linh@example.org", name="Linh", sign_in_after=True)
    response = client.post(f"/forums/{forum.slug}/register", data={
        "name": "Linh", "email": "linh@example.org", "country": "VN", "category": "civil_society",
        "attendance_mode": "in_person", "consent_privacy": "y"})
    assert response.status_code == 302  # "check your email": the private link comes by email, as for anyone
    [registered] = [m for m in mails_to(db, "linh@example.org") if "/registration/" in m.body_text]
    manage_url = re.search(r"/forums/[\w-]+/registration/[\w-]+", registered.body_text).group(0)
    from forumops.registration.models import Registration

    registration = db.session.scalar(select(Registration))
    assert registration.status == "confirmed"
    assert registration.user_id is None
    assert roles_of(db, "linh@example.org") == []

    path, _token = link_in(mails_to(db, "linh@example.org")[0])
    client.post(path)  # confirmed: now the private link adds the registration to the account
    assert 'action="' + manage_url + '/link"' in client.get(manage_url).get_data(as_text=True)
    assert client.post(manage_url + "/link").status_code == 302
    assert roles_of(db, "linh@example.org") == [(forum.id, "participant")]


def test_no_operation_gives_an_unconfirmed_account_a_role(db, forum, create_user):
    from forumops.forums.operations import add_member

    unconfirmed = create_user(email="new@example.org", name="New Person", verified=False)
    with pytest.raises(FormError, match="New Person has not confirmed their email address yet"):
        add_member(forum, unconfirmed, "organiser")


def test_closing_a_strangers_account_leaves_the_invitations_to_the_address(app, db, forum, stranger):
    from forumops.forums.invitations import invite_to_team

    invite_to_team(forum, VICTIM, "facilitator", account(db, "mai@example.org"))
    db.session.commit()
    closed = stranger.post("/account/erasure", data={"confirm": "y"})
    assert closed.status_code == 302
    assert db.session.scalar(select(User).where(User.email == VICTIM)) is None  # the account is gone
    assert db.session.scalar(select(RoleInvitation)).email == VICTIM  # the owner's invitation is not
    assert len([m for m in mails_to(db, VICTIM) if "/invitations/" in m.body_text]) == 1
