"""Issue 18, item 4 (accounts): nothing to learn by probing, and limits a stranger cannot turn on the owner.

Findings reproduced: sign-up said whether an address had an account; five wrong passwords from anywhere locked
the owner out everywhere. Now sign-up answers the same (the difference is in the email, which only the address's
owner reads), and sign-in failures count per address and client, with a slower limit per address from anywhere.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from forumops.accounts.models import User
from tests.accounts.test_verification import account, mails_to
from tests.conftest import TEST_PASSWORD, sign_up

CSRF = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]+(")')
_numbers = iter(range(1, 1_000_000))


def client_from(app, address: str | None = None):
    """A browser on its own client address (the throttles count per client)."""
    client = app.test_client()
    number = next(_numbers)
    client.environ_base["REMOTE_ADDR"] = address or f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    return client


def signin(client, email: str, password: str = TEST_PASSWORD):
    return client.post("/account/signin", data={"email": email, "password": password})


def test_sign_up_answers_the_same_whether_or_not_the_address_has_an_account(csrf_app, db):
    def answer(name: str, password: str):
        client = client_from(csrf_app)
        # a browser of its own: requests share the test's app context (and Flask-WTF keeps the form token in g)
        with csrf_app.app_context():
            form = client.get("/account/signup").get_data(as_text=True)
            token = CSRF.search(form).group(0).split('value="')[1].rstrip('"')
            response = client.post("/account/signup", data={"name": name, "email": "linh@example.org",
                                                             "password": password, "confirm": password,
                                                             "csrf_token": token})
            shown = client.get(response.headers["Location"])
        return (response.status_code, response.headers["Location"], CSRF.sub(r"\1\2", response.get_data(as_text=True)),
                shown.status_code, CSRF.sub(r"\1\2", shown.get_data(as_text=True)))

    unknown = answer("Nguyễn Phương Linh", "lotus pond at dawn")
    known = answer("Mallory", "another passphrase")  # the address has an account now
    assert unknown == known
    assert unknown[0] == 302
    assert unknown[3] == 200
    assert "Check your email" in unknown[4]

    first, second = mails_to(db, "linh@example.org")
    assert first.subject == "Confirm your email address for ForumOps"
    assert "/account/verify/" in first.body_text
    assert second.subject == "You already have a ForumOps account"
    assert "/account/signin" in second.body_text
    assert "/account/forgot" in second.body_text
    assert "/account/verify/" not in second.body_text
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert account(db, "linh@example.org").name == "Nguyễn Phương Linh"  # the second sign-up changed nothing
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    assert signin(client_from(csrf_app), "linh@example.org", "another passphrase").status_code == 422
    assert signin(client_from(csrf_app), "linh@example.org", "lotus pond at dawn").status_code == 302


def test_sign_up_mail_is_throttled_per_address(app, db):
    for _ in range(3):  # from three clients: the address's inbox is what is protected
        assert sign_up(client_from(app), "linh@example.org").status_code == 302
    refused = sign_up(client_from(app), "linh@example.org")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Try again in" in refused.get_data(as_text=True)
    assert len(mails_to(db, "linh@example.org")) == 3


def test_sign_up_is_throttled_per_client(app, db):
    client = client_from(app)
    for number in range(9):
        assert sign_up(client, f"person{number}@example.org").status_code == 302
    refused = sign_up(client, "one.more@example.org")
    assert refused.status_code == 429
    assert mails_to(db, "one.more@example.org") == []
    assert sign_up(client_from(app), "one.more@example.org").status_code == 302  # another client is not held


def test_a_stranger_failing_sign_in_elsewhere_does_not_lock_the_owner_out(app, create_user):
    create_user(email="ben@example.org")
    stranger = client_from(app, "203.0.113.66")
    for _ in range(5):
        assert signin(stranger, "ben@example.org", "a guess").status_code == 422
    assert signin(stranger, "ben@example.org").status_code == 429  # the stranger's client is paused
    owner = client_from(app, "198.51.100.7")
    assert signin(owner, "ben@example.org").status_code == 302  # the owner's is not


def test_a_stranger_hopping_over_one_ipv6_connection_does_not_lock_the_owner_out(app, create_user):
    """Review finding: failures counted per IPv6 address, so a stranger with one home connection (a /64)
    made 5 failures from each of 10 of its addresses and the address-wide limit (50) locked the owner out
    from any network. Now the /64 is one client: it is paused after 5, and the owner signs in elsewhere."""
    create_user(email="ben@example.org")
    answers = [signin(client_from(app, f"2001:db8:1:2::{number // 5 + 1:x}"), "ben@example.org", "a guess").status_code
               for number in range(50)]
    assert answers == [422] * 5 + [429] * 45
    assert signin(client_from(app, "2001:db8:1:2::beef"), "ben@example.org").status_code == 429
    assert signin(client_from(app, "203.0.113.7"), "ben@example.org").status_code == 302


def test_sign_up_and_password_reset_count_one_ipv6_connection_as_one_client(app, db):
    """The same finding for sign-up (9 mails per client) and "forgot my password" (5 per client)."""
    addresses = (f"2001:db8:7:7:{number:x}::1" for number in range(1, 100))
    signups = [sign_up(client_from(app, next(addresses)), f"person{number}@example.org").status_code
               for number in range(10)]
    assert signups == [302] * 9 + [429]
    assert mails_to(db, "person9@example.org") == []
    resets = [client_from(app, next(addresses)).post("/account/forgot", data={"email": f"person{number}@example.org"})
              .status_code for number in range(6)]
    assert resets == [302] * 5 + [429]
    assert sign_up(client_from(app, "2001:db8:7:8::1"), "person9@example.org").status_code == 302  # next /64


def test_a_guess_spread_over_many_clients_is_still_bounded_and_a_reset_lifts_it(app, db, create_user):
    create_user(email="ben@example.org")
    for _ in range(50):  # SIGNIN_ADDRESS_MAX_FAILURES an hour, from anywhere
        assert signin(client_from(app), "ben@example.org", "a guess").status_code == 422
    paused = signin(client_from(app), "ben@example.org")
    assert paused.status_code == 429
    assert 15 * 60 < int(paused.headers["Retry-After"]) <= 60 * 60

    owner = client_from(app)
    owner.post("/account/forgot", data={"email": "ben@example.org"})
    token = re.search(r"/account/reset/(\S+)", mails_to(db, "ben@example.org")[-1].body_text).group(1)
    owner.post(f"/account/reset/{token}", data={"password": "a new passphrase", "confirm": "a new passphrase"})
    assert signin(owner, "ben@example.org", "a new passphrase").status_code == 302


def test_one_client_trying_many_addresses_is_paused(app, create_user):
    create_user(email="ben@example.org")
    client = client_from(app)
    for number in range(20):  # SIGNIN_CLIENT_MAX_FAILURES
        assert signin(client, f"person{number}@example.org", "a guess").status_code == 422
    assert signin(client, "ben@example.org").status_code == 429
    assert signin(client_from(app), "ben@example.org").status_code == 302


def test_prune_keeps_failures_the_hourly_address_limit_still_counts(app, db):
    from datetime import timedelta

    from forumops.accounts.models import ThrottleEvent
    from forumops.core.models import utcnow

    db.session.add_all([ThrottleEvent(scope="signin", key="email:ben@example.org",
                                      created_at=utcnow() - timedelta(minutes=minutes)) for minutes in (30, 61)])
    db.session.commit()
    app.test_cli_runner().invoke(args=["forumops", "prune"])
    ages = [utcnow() - event.created_at for event in db.session.scalars(select(ThrottleEvent))]
    assert len(ages) == 1
    assert ages[0] < timedelta(minutes=31)


def test_the_known_leak_sign_up_then_sign_in_is_bounded_and_the_owner_told_each_time(app, db, create_user):
    """Kept on purpose (README, "Accounts and addresses"): an unconfirmed account may sign in, so signing up
    with an address and signing in with the password chosen tells whether the address had an account (its
    password fails). Each try is a sign-up: 3 per address every 15 minutes, each one emailed to the owner."""
    create_user(email="ben@example.org")
    probes = []
    for attempt in range(4):
        prober = client_from(app)
        password = f"probe number {attempt}"
        signed_up = sign_up(prober, "ben@example.org", password=password).status_code
        probes.append((signed_up, signin(prober, "ben@example.org", password).status_code))
    assert probes == [(302, 422)] * 3 + [(429, 422)]
    assert [mail.subject for mail in mails_to(db, "ben@example.org")] == ["You already have a ForumOps account"] * 3
