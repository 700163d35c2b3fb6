"""Issue 18, item 4: a stranger cannot lock the owner out with the address-wide sign-in limit.

Review finding reproduced: 50 wrong passwords for an address from 50 clients (SIGNIN_ADDRESS_MAX_FAILURES an
hour, from anywhere) paused the owner too, on another network, in the browser they always use. Now a browser
that signed in to the account before (a signed "known device" cookie) is spared that limit; the limit of its
own client on the address still holds, and signing out everywhere else makes every earlier browser unknown.
"""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from forumops.accounts import devices
from tests.accounts.test_probing_and_throttles import client_from, signin
from tests.accounts.test_verification import mails_to
from tests.conftest import TEST_PASSWORD

EMAIL = "ben@example.org"


def stranger_fills_the_address_limit(app, email: str = EMAIL) -> None:
    """SIGNIN_ADDRESS_MAX_FAILURES wrong passwords, each from a client of its own: the address is paused."""
    for _attempt in range(app.config["SIGNIN_ADDRESS_MAX_FAILURES"]):
        assert signin(client_from(app), email, "a guess").status_code == 422
    assert signin(client_from(app), email).status_code == 429


@pytest.fixture
def address_limit(app, monkeypatch):
    """A lower address-wide limit where the number does not matter (the first test uses the real one)."""
    monkeypatch.setitem(app.config, "SIGNIN_ADDRESS_MAX_FAILURES", 12)


def device_cookie(response) -> str:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{devices.COOKIE_NAME}=")]
    return header


def test_the_owners_browser_still_signs_in_when_a_stranger_filled_the_address_limit(app, create_user):
    create_user(email=EMAIL)
    owner = client_from(app, "198.51.100.7")
    assert signin(owner, EMAIL).status_code == 302
    owner.post("/account/signout")  # signed out since: the browser is still the owner's
    stranger_fills_the_address_limit(app)
    owner.environ_base["REMOTE_ADDR"] = "203.0.113.40"  # on another network today
    assert signin(owner, EMAIL).status_code == 302
    assert owner.get("/account/").status_code == 200


def test_the_cookie_is_http_only_same_site_long_lived_and_secure_when_the_app_says_so(app, create_user,
                                                                                        monkeypatch):
    create_user(email=EMAIL)
    header = device_cookie(signin(client_from(app), EMAIL))
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Path=/" in header
    assert f"Max-Age={180 * 24 * 3600}" in header
    assert "Secure" not in header
    assert EMAIL not in header  # it names the account by id
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert "; Secure" in device_cookie(signin(client_from(app), EMAIL))
    assert device_cookie(signin(client_from(app), EMAIL)) != header  # signed afresh


def test_a_known_browser_still_has_its_own_clients_limit(app, create_user):
    create_user(email=EMAIL)
    owner = client_from(app)
    assert signin(owner, EMAIL).status_code == 302
    owner.post("/account/signout")
    assert [signin(owner, EMAIL, "a guess").status_code for _attempt in range(6)] == [422] * 5 + [429]
    assert signin(owner, EMAIL).status_code == 429  # THROTTLE_MAX_FAILURES per address and client


def test_a_cookie_of_another_account_a_forged_one_or_an_old_one_spares_nothing(app, db, create_user, address_limit):
    ben, _mai = create_user(email=EMAIL), create_user(email="mai@example.org")
    mai_browser = client_from(app)
    assert signin(mai_browser, "mai@example.org").status_code == 302
    mai_browser.post("/account/signout")
    stranger_fills_the_address_limit(app)
    assert signin(mai_browser, EMAIL).status_code == 429  # known to Mai's account, not to Ben's

    secret = app.config["SECRET_KEY"]
    salt = "x" * 22
    ben.known_device_salt = salt
    db.session.commit()

    class SignedLongAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - (devices.KNOWN_DEVICE_DAYS + 1) * 24 * 3600

    claim = {"account": ben.id, "salt": salt}
    cookies = {
        "forged": URLSafeTimedSerializer("not the secret", salt=devices.PURPOSE).dumps(claim),
        "another purpose": URLSafeTimedSerializer(secret, salt="cookie-session").dumps(claim),
        "older than 180 days": URLSafeTimedSerializer(secret, salt=devices.PURPOSE,
                                                      signer=SignedLongAgo).dumps(claim),
        "another salt": URLSafeTimedSerializer(secret, salt=devices.PURPOSE).dumps({**claim, "salt": "y" * 22}),
        "garbage": "<script>",
    }
    good = URLSafeTimedSerializer(secret, salt=devices.PURPOSE).dumps(claim)
    answers = {}
    for name, value in {**cookies, "good": good}.items():
        browser = client_from(app)
        browser.set_cookie(devices.COOKIE_NAME, value)
        answers[name] = signin(browser, EMAIL).status_code
    assert answers == {**dict.fromkeys(cookies, 429), "good": 302}


def change_password(browser, new_password: str):
    return browser.post("/account/", data={"current_password": TEST_PASSWORD, "password": new_password,
                                           "confirm": new_password})


def test_a_password_change_or_signing_out_everywhere_else_makes_other_browsers_unknown(app, create_user,
                                                                                        address_limit):
    create_user(email=EMAIL)
    laptop, phone, tablet = client_from(app), client_from(app), client_from(app)
    for browser in (laptop, phone, tablet):
        assert signin(browser, EMAIL).status_code == 302
    tablet.post("/account/signout")
    assert change_password(laptop, "new password 1").status_code == 302
    assert laptop.post("/account/sessions/end-others").status_code == 302  # again, from a known browser
    stranger_fills_the_address_limit(app)
    assert signin(tablet, EMAIL, "new password 1").status_code == 429  # known before the change only
    assert phone.get("/account/").status_code == 302
    assert signin(phone, EMAIL, "new password 1").status_code == 429
    laptop.post("/account/signout")
    assert signin(laptop, EMAIL, "new password 1").status_code == 302  # the browser that changed it is known


def test_sign_out_of_other_browsers_makes_them_unknown_and_keeps_this_one(app, create_user, address_limit):
    create_user(email=EMAIL)
    laptop, phone = client_from(app), client_from(app)
    for browser in (laptop, phone):
        assert signin(browser, EMAIL).status_code == 302
    assert laptop.post("/account/sessions/end-others").status_code == 302
    laptop.post("/account/signout")
    stranger_fills_the_address_limit(app)
    assert signin(phone, EMAIL).status_code == 429
    assert signin(laptop, EMAIL).status_code == 302


def test_a_password_reset_makes_every_browser_unknown(app, db, create_user, address_limit):
    create_user(email=EMAIL)
    phone = client_from(app)
    assert signin(phone, EMAIL).status_code == 302
    owner = client_from(app)
    owner.post("/account/forgot", data={"email": EMAIL})
    token = re.search(r"/account/reset/(\S+)", mails_to(db, EMAIL)[-1].body_text).group(1)
    owner.post(f"/account/reset/{token}", data={"password": "a new passphrase", "confirm": "a new passphrase"})
    stranger_fills_the_address_limit(app)
    assert signin(phone, EMAIL, "a new passphrase").status_code == 429
