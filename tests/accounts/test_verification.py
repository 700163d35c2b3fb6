"""Issue 18, item 1: an address counts only once a link sent to it was followed.

Sign-up mails a link (256 bits, only its SHA-256 stored, working EMAIL_VERIFICATION_TTL_HOURS); opening it
changes nothing (mail scanners open links), its button confirms the address once; an expired, used or replaced
link says what happened and, when expired, offers a new one. Until then the account signs in but cannot make a
forum. Mail is read from the outbox (no mail server in tests).
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from forumops.accounts.models import EmailVerification, User
from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage
from forumops.forums.models import Forum
from tests.conftest import TEST_PASSWORD, sign_up

LINK = re.compile(r"http://\S+(/account/verify/([A-Za-z0-9_-]+))")


def mails_to(db, address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)
                                   .order_by(OutboxMessage.id)))


def link_in(message: OutboxMessage) -> tuple[str, str]:
    """(path, token) of the confirmation link in a message."""
    found = LINK.search(message.body_text)
    assert found, message.body_text
    return found.group(1), found.group(2)


def account(db, email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def new_forum_data(slug: str) -> dict:
    return {"title": "Mekong Water Dialogue", "slug": slug, "start_date": "2027-05-10", "end_date": "2027-05-11",
            "timezone": "Asia/Bangkok", "mode": "in_person"}


def test_sign_up_mails_a_link_stored_hashed_that_confirms_the_address_once(client, db):
    sign_up(client, "linh@example.org", name="Nguyễn Phương Linh")
    [mail] = mails_to(db, "linh@example.org")
    assert mail.subject == "Confirm your email address for ForumOps"
    assert mail.kind == "service"
    assert "Nguyễn Phương Linh" in mail.body_text
    assert "within 48 hours" in mail.body_text
    path, token = link_in(mail)
    assert len(token) == 43  # 256 random bits, URL-safe
    row = db.session.scalar(select(EmailVerification))
    assert token not in row.token_hash
    assert len(row.token_hash) == 64
    assert timedelta(hours=47) < row.expires_at - row.created_at <= timedelta(hours=48)

    opened = client.get(path)  # a mail scanner opening the link confirms nothing
    page = opened.get_data(as_text=True)
    assert opened.status_code == 200
    assert opened.headers["Cache-Control"] == "no-store"
    assert "Confirm that linh@example.org is the address of the ForumOps account of Nguyễn Phương Linh" in page
    assert not account(db, "linh@example.org").is_verified

    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"].endswith("/account/signin")
    assert account(db, "linh@example.org").is_verified
    assert "linh@example.org is confirmed" in client.get("/account/signin").get_data(as_text=True)

    again = client.post(path)  # the link works once
    assert again.status_code == 410
    assert "This link has been used already" in again.get_data(as_text=True)
    assert client.get(path).status_code == 410


def test_an_expired_link_says_so_changes_nothing_and_offers_a_new_one(client, db):
    sign_up(client, "ben@example.org")
    path, token = link_in(mails_to(db, "ben@example.org")[0])
    row = db.session.scalar(select(EmailVerification))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    refused = client.post(path)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 410
    assert "This link has expired" in page
    assert "work for 48 hours" in page
    assert "it goes to ben@example.org" in page
    assert not account(db, "ben@example.org").is_verified  # nothing half-saved
    assert f'action="/account/verify/{token}/resend"' in page

    resent = client.post(f"/account/verify/{token}/resend", follow_redirects=True)
    assert "A new link is on its way to ben@example.org." in resent.get_data(as_text=True)
    first, second = mails_to(db, "ben@example.org")
    new_path, _token = link_in(second)
    assert new_path != path
    assert client.get(path).status_code == 410  # the expired one stays expired
    assert client.post(new_path).status_code == 302
    assert account(db, "ben@example.org").is_verified


def test_a_newer_link_replaces_the_one_sent_before(client, db):
    sign_up(client, "ben@example.org", sign_in_after=True)
    old_path, _token = link_in(mails_to(db, "ben@example.org")[0])
    response = client.post("/account/verify-again", data={"next": "/forums/"}, follow_redirects=True)
    assert "A new link is on its way to ben@example.org" in response.get_data(as_text=True)
    new_path, _token = link_in(mails_to(db, "ben@example.org")[1])
    replaced = client.post(old_path)
    assert replaced.status_code == 410
    assert "A newer link was sent" in replaced.get_data(as_text=True)
    assert not account(db, "ben@example.org").is_verified
    assert client.post(new_path).status_code == 302
    assert account(db, "ben@example.org").is_verified


def test_an_unknown_link_is_a_clear_404(client):
    response = client.get("/account/verify/not-a-real-token")
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)


def test_an_unconfirmed_account_signs_in_but_cannot_create_a_forum_until_it_confirms(client, db):
    sign_up(client, "mai@example.org", name="Mai Anh", sign_in_after=True)
    home = client.get("/forums/").get_data(as_text=True)
    assert "Confirm your email address" in home
    assert "We sent a link to mai@example.org" in home

    page = client.get("/forums/new")
    body = page.get_data(as_text=True)
    assert page.status_code == 403
    assert "<h1" in body
    assert "Confirm your email address" in body
    assert "not create a forum or accept a role" in body
    assert 'action="/account/verify-again"' in body
    assert "Email me a new link" in body
    assert client.post("/forums/new", data=new_forum_data("mekong-2027")).status_code == 403
    assert db.session.scalar(select(func.count(Forum.id))) == 0

    path, _token = link_in(mails_to(db, "mai@example.org")[0])
    assert client.post(path).headers["Location"].endswith("/")  # signed in: to their home
    assert "Confirm your email address" not in client.get("/forums/").get_data(as_text=True)
    assert client.get("/forums/new").status_code == 200
    created = client.post("/forums/new", data=new_forum_data("mekong-2027"))
    assert created.status_code == 302
    assert created.headers["Location"].endswith("/forums/mekong-2027/")


def test_the_resend_button_is_throttled_per_address(client, db):
    sign_up(client, "ben@example.org", sign_in_after=True)  # the sign-up's mail counts too
    for _ in range(2):
        client.post("/account/verify-again", data={"next": "/forums/"})
    assert len(mails_to(db, "ben@example.org")) == 3
    refused = client.post("/account/verify-again", data={"next": "/forums/"}, follow_redirects=True)
    assert "Several links were sent a moment ago" in refused.get_data(as_text=True)
    assert len(mails_to(db, "ben@example.org")) == 3


def test_the_resend_button_goes_back_only_inside_the_site(client, db):
    sign_up(client, "ben@example.org", sign_in_after=True)
    response = client.post("/account/verify-again", data={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/account/"


def test_accounts_made_by_the_demo_the_cli_and_the_factory_are_confirmed(app, db, create_user, monkeypatch):
    from forumops.demo.loader import load_demo

    load_demo()
    assert db.session.scalar(select(func.count(User.id)).where(User.email_verified_at.is_(None))) == 0
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "root password 2027")
    result = app.test_cli_runner().invoke(args=["forumops", "create-admin", "--email", "root@example.org",
                                                "--name", "Root"])
    assert result.exit_code == 0, result.output
    assert account(db, "root@example.org").is_verified
    assert create_user(email="factory@example.org").is_verified
    assert not create_user(email="signup@example.org", verified=False).is_verified


def test_the_migration_marks_accounts_made_before_it_confirmed(tmp_path):
    """Accounts made before addresses were confirmed keep their forums and roles (and the demo logins work)."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from config import TestingConfig
    from forumops import create_app
    from forumops.extensions import db as _db

    class OldDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path}/old.sqlite"

    app = create_app(OldDatabase)
    with app.app_context():
        upgrade(revision="9d4f2b7c1a3e")  # the revision before addresses were confirmed
        with _db.engine.begin() as conn:
            conn.execute(text("INSERT INTO users (id, email, name, password_hash, is_admin, is_disabled, created_at, "
                              "updated_at) VALUES (1, 'old@example.org', 'Old', 'x', 0, 0, '2025-01-02 03:04:05', "
                              "'2025-01-02 03:04:05')"))
        upgrade(revision="a7d3e5f1c2b8")
        with _db.engine.connect() as conn:
            verified = conn.execute(text("SELECT email_verified_at FROM users WHERE id = 1")).scalar()
            assert str(verified).startswith("2025-01-02 03:04:05")
        _db.engine.dispose()


def test_password_reset_confirms_the_address_and_ends_a_strangers_sessions(app, client, db, create_user):
    """Someone signed up with Linh's address first: Linh takes the account over by choosing a new password."""
    stranger = app.test_client()
    sign_up(stranger, "linh@example.org", name="Mallory", sign_in_after=True)
    client.post("/account/forgot", data={"email": "linh@example.org"})
    reset_mail = mails_to(db, "linh@example.org")[-1]
    token = re.search(r"/account/reset/(\S+)", reset_mail.body_text).group(1)
    client.post(f"/account/reset/{token}", data={"password": "lotus pond at dawn", "confirm": "lotus pond at dawn"})
    assert account(db, "linh@example.org").is_verified
    assert stranger.get("/account/").status_code == 302  # signed out
    assert stranger.post("/account/signin", data={"email": "linh@example.org",
                                                  "password": TEST_PASSWORD}).status_code == 422


def test_prune_forgets_links_a_month_after_they_expired(app, client, db):
    sign_up(client, "old@example.org")
    sign_up(client, "recent@example.org")
    old = db.session.scalar(select(EmailVerification).where(EmailVerification.email == "old@example.org"))
    old.expires_at = utcnow() - timedelta(days=31)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["forumops", "prune"])
    assert "1 old address links deleted" in result.output
    assert [row.email for row in db.session.scalars(select(EmailVerification))] == ["recent@example.org"]
