"""A registration made signed out joins an account only through its private link.

Sign-up does not verify addresses, so an account bearing a registrant's email proves nothing (anyone can
sign up as linh@example.org); the private link, which was sent to that address, does. Opened while signed
in to the account with the registration's address, the page offers "Add it to my account".
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from forumops.forums.models import ForumMember
from forumops.registration import seats
from forumops.registration.models import Registration

ADD = "Add it to my account"


@pytest.fixture
def forum(create_forum, create_user):
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", mode="hybrid",
                        organiser=create_user(email="mai@example.org"), start_date=date(2027, 4, 14),
                        end_date=date(2027, 4, 15))


@pytest.fixture
def signed_out_registration(app, forum, db):
    """Linh registers without an account; returns (registration id, her private token)."""
    with app.test_request_context():
        registration, token = seats.register(forum, {
            "name": "Nguyễn Phương Linh", "email": "linh@example.org", "country": "VN", "consent_privacy": True})
    db.session.commit()
    return registration.id, token


def test_her_own_account_adds_it_from_the_private_link(client, login, create_user, db, signed_out_registration):
    registration_id, token = signed_out_registration
    linh = create_user(email="Linh@Example.org", name="Nguyễn Phương Linh")
    login(linh)
    assert client.get("/forums/acf/my-registration").status_code == 404  # not hers by email alone
    page = client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)
    assert ADD in page
    response = client.post(f"/forums/acf/registration/{token}/link")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/forums/acf/my-registration")
    mine = client.get("/forums/acf/my-registration", follow_redirects=True).get_data(as_text=True)
    assert "Your registration is now in your account." in mine
    assert "Nguyễn Phương Linh" in mine
    assert db.session.get(Registration, registration_id).user_id == linh.id
    roles = db.session.scalars(select(ForumMember.role).where(ForumMember.user_id == linh.id)).all()
    assert roles == ["participant"]  # her place is confirmed, so she is a participant of the forum
    assert ADD not in client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)  # done once


def test_another_account_with_the_link_cannot_take_it(client, login, create_user, db, signed_out_registration):
    registration_id, token = signed_out_registration
    login(create_user(email="somchai@example.org"))
    assert ADD not in client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)
    page = client.post(f"/forums/acf/registration/{token}/link", follow_redirects=True).get_data(as_text=True)
    assert "can only be added to the account that has its email address" in page
    assert db.session.get(Registration, registration_id).user_id is None


def test_signed_out_the_link_page_offers_nothing_and_the_action_asks_to_sign_in(client, signed_out_registration):
    _registration_id, token = signed_out_registration
    assert ADD not in client.get(f"/forums/acf/registration/{token}").get_data(as_text=True)
    response = client.post(f"/forums/acf/registration/{token}/link")
    assert response.status_code == 302
    assert "/account/signin" in response.headers["Location"]


def test_one_registration_per_account_and_forum(app, client, login, create_user, forum, db,
                                                signed_out_registration):
    registration_id, token = signed_out_registration
    linh = create_user(email="linh@example.org")
    with app.test_request_context():  # she had also registered, signed in, under a second address
        seats.register(forum, {"name": "Linh", "email": "linh.work@example.org", "country": "VN",
                                    "consent_privacy": True}, linh)
    db.session.commit()
    login(linh)
    page = client.post(f"/forums/acf/registration/{token}/link", follow_redirects=True).get_data(as_text=True)
    assert "Your account already has a registration for this forum." in page
    assert db.session.get(Registration, registration_id).user_id is None


def test_the_link_action_needs_the_form_token(csrf_app, create_user, db, signed_out_registration):
    from tests.conftest import sign_in

    _registration_id, token = signed_out_registration
    client = csrf_app.test_client()
    sign_in(client, create_user(email="linh@example.org"))
    assert client.post(f"/forums/acf/registration/{token}/link").status_code == 400
    assert db.session.scalar(select(Registration.user_id)) is None
