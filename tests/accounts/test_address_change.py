"""Issue 18, item 1: changing one's address confirms the new one first; the old stays in force until then."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forumops.accounts.models import EmailVerification
from forumops.core.models import utcnow
from tests.accounts.test_verification import account, link_in, mails_to
from tests.conftest import TEST_PASSWORD


def change(client, new_email: str, password: str = TEST_PASSWORD, **kwargs):
    return client.post("/account/email", data={"address-email": new_email, "address-current_password": password},
                       **kwargs)


def signin(client, email: str, password: str = TEST_PASSWORD):
    return client.post("/account/signin", data={"email": email, "password": password})


def test_the_new_address_counts_only_once_its_link_is_followed(app, client, db, create_user, login):
    user = create_user(email="ben@example.org", name="Dr Ben")
    login(user)
    response = change(client, "Ben.New@Example.org", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "A link is on its way to ben.new@example.org" in page
    assert "your address stays ben@example.org" in page
    assert "Waiting for you to confirm ben.new@example.org" in page  # the account page says what is pending
    assert account(db, "ben@example.org").id == user.id  # the old address is still the account's
    assert signin(app.test_client(), "ben@example.org").status_code == 302
    assert signin(app.test_client(), "ben.new@example.org").status_code == 422

    [mail] = mails_to(db, "ben.new@example.org")
    assert mail.subject == "Confirm your new email address for ForumOps"
    assert "instead of ben@example.org" in mail.body_text
    path, _token = link_in(mail)
    opened = app.test_client().get(path).get_data(as_text=True)
    assert "Make ben.new@example.org the address of the ForumOps account of Dr Ben, instead of ben@example.org?" \
        in opened
    assert client.post(path).status_code == 302
    assert account(db, "ben.new@example.org").id == user.id
    assert account(db, "ben.new@example.org").is_verified
    assert signin(app.test_client(), "ben.new@example.org").status_code == 302
    assert signin(app.test_client(), "ben@example.org").status_code == 422
    [notice] = mails_to(db, "ben@example.org")  # the old address is told
    assert notice.subject == "Your ForumOps address was changed"
    assert "ben.new@example.org" in notice.body_text


def test_a_change_needs_the_password_and_a_real_change(client, db, create_user, login):
    login(create_user(email="ben@example.org"))
    wrong = change(client, "new@example.org", password="not my password")
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 422
    assert "That is not your current password." in page
    assert 'value="new@example.org"' in page  # what was typed is kept
    same = change(client, "BEN@example.org")
    assert same.status_code == 422
    assert "That is already your address." in same.get_data(as_text=True)
    bad = change(client, "not an address")
    assert bad.status_code == 422
    assert "Enter an email address like name@example.org." in bad.get_data(as_text=True)
    assert db.session.scalar(select(EmailVerification)) is None  # nothing half-saved
    assert mails_to(db, "new@example.org") == []


def test_a_newer_request_or_a_cancel_stops_the_link_to_a_mistyped_address(client, db, create_user, login):
    user = create_user(email="ben@example.org")
    login(user)
    change(client, "ben@exmaple.org")  # a typing mistake: someone else's mailbox
    typo_path, _token = link_in(mails_to(db, "ben@exmaple.org")[0])
    change(client, "ben@example.com")
    assert client.post(typo_path).status_code == 410
    right_path, _token = link_in(mails_to(db, "ben@example.com")[0])
    row = db.session.scalar(select(EmailVerification).where(EmailVerification.email == "ben@example.com"))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert "That link has expired: ask for a new one." in client.get("/account/").get_data(as_text=True)
    cancelled = client.post("/account/email/cancel", follow_redirects=True)
    assert "The change to ben@example.com is cancelled" in cancelled.get_data(as_text=True)
    assert client.post(right_path).status_code == 410
    assert account(db, "ben@example.org").id == user.id


def test_moving_to_an_address_that_has_an_account_tells_its_owner_and_nothing_else(app, client, db, create_user,
                                                                                  login):
    create_user(email="mai@example.org")
    login(create_user(email="ben@example.org"))
    taken = change(client, "mai@example.org", follow_redirects=True).get_data(as_text=True)
    assert "A link is on its way to mai@example.org" in taken  # the same answer as for a free address
    assert "Waiting for you to confirm mai@example.org" in taken
    [mail] = mails_to(db, "mai@example.org")
    assert mail.subject == "You already have a ForumOps account"
    assert "/account/verify/" not in mail.body_text
    client.post("/account/verify-again", data={"next": "/account/"})  # "send the link again" gives no link either
    assert all("/account/verify/" not in m.body_text for m in mails_to(db, "mai@example.org"))


def test_an_address_taken_meanwhile_is_refused_with_a_clear_page(app, client, db, create_user, login):
    user = create_user(email="ben@example.org")
    login(user)
    change(client, "new@example.org")
    path, _token = link_in(mails_to(db, "new@example.org")[0])
    create_user(email="new@example.org")  # someone got there first (an invitation made their account)
    refused = client.post(path)
    assert refused.status_code == 409
    assert "This address belongs to another account now" in refused.get_data(as_text=True)
    assert account(db, "ben@example.org").id == user.id


def test_an_unconfirmed_account_fixes_a_mistyped_sign_up_address(client, db):
    from tests.conftest import sign_up

    sign_up(client, "linh@exmaple.org", sign_in_after=True)
    change(client, "linh@example.org")
    banner_resend = client.post("/account/verify-again", data={"next": "/"}, follow_redirects=True)
    assert "A new link is on its way to linh@example.org" in banner_resend.get_data(as_text=True)
    path, _token = link_in(mails_to(db, "linh@example.org")[-1])
    assert client.post(path).status_code == 302
    fixed = account(db, "linh@example.org")
    assert fixed.is_verified
    assert account(db, "linh@exmaple.org") is None
    assert mails_to(db, "linh@exmaple.org")[-1].subject == "Confirm your email address for ForumOps"  # no notice
