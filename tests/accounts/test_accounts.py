"""Sign-up, sign-in, sessions that really end, password change and reset by email, throttling."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from forumops.accounts.models import PasswordResetToken, User, UserSession
from forumops.core.models import utcnow
from tests.conftest import TEST_PASSWORD


def signin(client, email, password=TEST_PASSWORD, **kwargs):
    return client.post("/account/signin", data={"email": email, "password": password}, **kwargs)


def test_production_hashes_passwords_with_scrypt_and_only_tests_make_it_cheap(app):
    from config import Config, DevelopmentConfig, ProductionConfig, TestingConfig
    from forumops.accounts.operations import hash_password

    assert Config.PASSWORD_HASH_METHOD == ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"
    assert DevelopmentConfig.PASSWORD_HASH_METHOD == "scrypt"
    assert TestingConfig.PASSWORD_HASH_METHOD != "scrypt"
    with app.test_request_context():
        app.config["PASSWORD_HASH_METHOD"] = ProductionConfig.PASSWORD_HASH_METHOD
        try:
            assert hash_password("a long passphrase").startswith("scrypt:")
        finally:
            app.config["PASSWORD_HASH_METHOD"] = TestingConfig.PASSWORD_HASH_METHOD


def test_sign_up_creates_an_unconfirmed_account_hashed_and_says_check_your_email(client, db):
    response = client.post("/account/signup", data={
        "name": "Nguyễn Phương Linh", "email": "Linh@Example.org",
        "password": "a long passphrase", "confirm": "a long passphrase"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Check your email" in page
    assert "We have sent a message to linh@example.org." in page
    assert page.count("We have sent a message") == 1  # the flash says it; the page does not repeat it
    user = db.session.scalar(select(User))
    assert user.email == "linh@example.org"
    assert not user.is_verified
    assert user.password_hash.startswith(("pbkdf2:sha256:1$", "scrypt:"))  # the configured method
    assert "a long passphrase" not in user.password_hash
    assert client.get("/account/").status_code == 302  # not signed in: the same answer as for a known address
    assert signin(client, "linh@example.org", "a long passphrase").status_code == 302  # but it may sign in
    assert client.get("/account/").status_code == 200


def test_sign_up_errors_keep_what_was_typed(client, create_user):
    create_user(email="taken@example.org")
    response = client.post("/account/signup", data={
        "name": "Sok Sopheak", "email": "taken@example.org", "password": "short", "confirm": "other"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use between 8 and 128 characters" in page
    assert 'value="Sok Sopheak"' in page
    assert 'value="taken@example.org"' in page


def test_password_length_limits_without_composition_rules(client, db):
    long_password = "ສະບາຍດີ " * 16  # 128 characters, Lao script, spaces: all fine
    ok = client.post("/account/signup", data={"name": "A", "email": "a@example.org",
                                              "password": long_password[:128], "confirm": long_password[:128]})
    assert ok.status_code == 302
    assert db.session.scalar(select(func.count(User.id))) == 1
    too_short = client.post("/account/signup", data={"name": "B", "email": "b@example.org",
                                                     "password": "1234567", "confirm": "1234567"})
    assert too_short.status_code == 422


def test_sign_in_issues_fresh_session_and_sign_out_kills_copied_cookie(app, create_user, db):
    user = create_user(email="mai@example.org")
    browser = app.test_client()
    response = signin(browser, "mai@example.org")
    assert response.status_code == 302
    cookie = browser.get_cookie("forumops_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"

    thief = app.test_client()
    thief.set_cookie("forumops_session", cookie.value)
    assert thief.get("/account/").status_code == 200  # a copied cookie works while the session lives

    browser.post("/account/signout")
    assert db.session.scalar(select(func.count(UserSession.id)).where(UserSession.user_id == user.id)) == 0
    after = thief.get("/account/")
    assert after.status_code == 302
    assert "/account/signin" in after.headers["Location"]


def test_sign_in_again_gives_a_different_session(app, create_user):
    create_user(email="ben@example.org")
    client = app.test_client()
    signin(client, "ben@example.org")
    first = client.get_cookie("forumops_session").value
    client.post("/account/signout")
    signin(client, "ben@example.org")
    assert client.get_cookie("forumops_session").value != first


def test_wrong_password_is_refused_without_saying_which_part(client, create_user):
    create_user(email="ben@example.org")
    response = signin(client, "ben@example.org", "wrong password")
    assert response.status_code == 422
    assert "The email address or the password is not right" in response.get_data(as_text=True)
    unknown = signin(client, "nobody@example.org", "wrong password")
    assert "The email address or the password is not right" in unknown.get_data(as_text=True)


def test_five_failures_lock_sign_in_with_clear_429(app, client, create_user):
    create_user(email="ben@example.org")
    for _ in range(5):
        assert signin(client, "ben@example.org", "wrong password").status_code == 422
    locked = signin(client, "ben@example.org", TEST_PASSWORD)  # even the right password waits
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert re.search(r"Try again in 1[45] minute", locked.get_data(as_text=True))
    # the limit is stored in the database: the same client through another worker is locked too
    other_worker = app.test_client()
    assert signin(other_worker, "ben@example.org", TEST_PASSWORD).status_code == 429


def test_failures_older_than_the_window_do_not_count(client, create_user, db):
    from forumops.accounts.models import ThrottleEvent

    create_user(email="ben@example.org")
    long_ago = utcnow() - timedelta(minutes=16)
    for _ in range(5):
        db.session.add(ThrottleEvent(scope="signin", key="email:ben@example.org", created_at=long_ago))
    db.session.commit()
    assert signin(client, "ben@example.org").status_code == 302


def test_sign_up_is_rate_limited_per_address(client):
    for i in range(10):
        client.post("/account/signup", data={"name": "X", "email": f"x{i}@example.org",
                                             "password": "short", "confirm": "short"})
    blocked = client.post("/account/signup", data={"name": "X", "email": "y@example.org",
                                                   "password": "long enough", "confirm": "long enough"})
    assert blocked.status_code == 429


def test_next_only_redirects_inside_the_site(client, create_user):
    create_user(email="mai@example.org")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = signin(client, "mai@example.org", query_string={"next": evil})
        assert response.headers["Location"] == "/", evil  # their home, never elsewhere
        client.post("/account/signout")
    response = signin(client, "mai@example.org", query_string={"next": "/organisations/"})
    assert response.headers["Location"] == "/organisations/"


def test_change_password_asks_current_and_ends_other_sessions(app, create_user, db):
    create_user(email="mai@example.org")
    laptop, phone = app.test_client(), app.test_client()
    signin(laptop, "mai@example.org")
    signin(phone, "mai@example.org")
    wrong = laptop.post("/account/", data={"current_password": "nope nope", "password": "new password 1",
                                           "confirm": "new password 1"})
    assert "That is not your current password" in wrong.get_data(as_text=True)
    ok = laptop.post("/account/", data={"current_password": TEST_PASSWORD, "password": "new password 1",
                                        "confirm": "new password 1"})
    assert ok.status_code == 302
    assert laptop.get("/account/").status_code == 200  # this browser stays signed in
    assert phone.get("/account/").status_code == 302  # the other one is signed out
    phone_again = app.test_client()
    assert signin(phone_again, "mai@example.org", "new password 1").status_code == 302


def test_password_reset_by_email_once_and_ends_sessions(app, client, create_user, smtp_server, db, deliver_mail):
    create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    elsewhere = app.test_client()
    signin(elsewhere, "linh@example.org")

    response = client.post("/account/forgot", data={"email": "linh@example.org"})
    assert response.status_code == 302
    assert len(deliver_mail()) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == "linh@example.org"
    body = mail.get_content()
    assert "Nguyễn Phương Linh" in body
    link = re.search(r"http://\S+/account/reset/(\S+)", body)
    token = link.group(1)
    assert len(token) >= 43  # 256 bits, URL-safe base64
    stored = db.session.scalar(select(PasswordResetToken))
    assert token not in stored.token_hash  # only the hash is stored

    assert client.get(f"/account/reset/{token}").status_code == 200
    reset = client.post(f"/account/reset/{token}", data={"password": "brand new secret", "confirm": "brand new secret"})
    assert reset.status_code == 302
    assert elsewhere.get("/account/").status_code == 302  # every session ended
    assert signin(app.test_client(), "linh@example.org", "brand new secret").status_code == 302
    again = client.post(f"/account/reset/{token}", data={"password": "another secret", "confirm": "another secret"})
    assert again.status_code == 404
    assert "no longer works" in again.get_data(as_text=True)


def test_reset_link_expires(client, create_user, db, deliver_mail):
    create_user(email="linh@example.org")
    client.post("/account/forgot", data={"email": "linh@example.org"})
    token = re.search(r"/account/reset/(\S+)", deliver_mail()[0].get_content()).group(1)
    row = db.session.scalar(select(PasswordResetToken))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(f"/account/reset/{token}").status_code == 404


def test_reset_for_unknown_address_says_the_same_and_sends_nothing(client, deliver_mail):
    response = client.post("/account/forgot", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert "If an account uses nobody@example.org" in response.get_data(as_text=True)
    assert deliver_mail() == []


def test_mail_failure_keeps_the_message_queued(client, create_user, db, app):
    from forumops.core.outbox import OutboxMessage
    from forumops.core.worker import Worker

    create_user(email="linh@example.org")
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", 9  # nothing listens there
    try:
        response = client.post("/account/forgot", data={"email": "linh@example.org"})
        message = db.session.scalar(select(OutboxMessage))
        assert message.status == "queued"
        assert message.attempts == 0
        assert Worker(app, run_jobs=False).send_due_mail().server_down
    finally:
        app.config["MAIL_SERVER"] = ""
    assert response.status_code == 302
    db.session.refresh(message)
    # an unreachable server costs the reset no attempt: it waits, with the reason, for the server to come back
    assert message.status == "queued"
    assert message.attempts == 0
    assert "ConnectionRefusedError" in message.last_error


def test_csrf_is_required_on_forms(csrf_app, create_user):
    create_user(email="mai@example.org")
    client = csrf_app.test_client()
    response = client.post("/account/signin", data={"email": "mai@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 400
    page = client.get("/account/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    ok = client.post("/account/signin", data={"email": "mai@example.org", "password": TEST_PASSWORD,
                                              "csrf_token": token})
    assert ok.status_code == 302


def test_expired_session_row_is_not_accepted(client, create_user, login, db):
    user = create_user()
    login(user)
    assert client.get("/account/").status_code == 200
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/account/").status_code == 302


def test_an_unconfirmed_accounts_home_says_to_confirm_before_creating_a_forum(client, login, create_user):
    login(create_user(email="new@example.org", verified=False))
    page = client.get("/").get_data(as_text=True)
    assert "To create your own, first confirm your email address with the link we sent you." in page
    assert "or create your own" not in page
    login(create_user(email="confirmed@example.org"))
    assert "You have no forum yet: register for one, or create your own." in client.get("/").get_data(as_text=True)
