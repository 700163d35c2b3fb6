"""The last seats under a rush: never more confirmed places than capacity, on SQLite and PostgreSQL.

50 people submit the real registration form at the same instant (threads released together by a
threading.Barrier) for a forum with 5 places: exactly 5 are confirmed and 45 waitlisted, with no
500s and no errors. Once through app.test_client() (one client per thread), once over real HTTP
against the live server (CSRF on, so each person first fetches the form, as a browser does).

Control run: the same rush with the seat lock taken away (register()'s lock_forum made a no-op and
SQLite's write transactions begun deferred instead of IMMEDIATE). The assertions above must then
fail, or the test could not see an oversell:

- PostgreSQL (READ COMMITTED) oversells: every registration counts the confirmed rows that are
  committed, and nobody waits for anybody. A second barrier after the seat-state read register() decides
  on (the first ten to read it wait there until all ten have read) makes it certain, not a matter of timing.
- SQLite cannot oversell even without the lock: in WAL mode a transaction that has read cannot write
  once another writer has committed after its read began, so a count made on an old snapshot never
  becomes a seat. What the missing lock costs on SQLite is errors instead: that transaction cannot
  wait for the lock ("database is locked": a 503 asking to retry). A barrier at the point where the lock would be
  taken (everyone has begun reading first) makes that certain.

The registration POST reads (forum, settings, questions) and checks the form without SQLite's write lock,
and register() takes it (BEGIN IMMEDIATE) just before its seat decision: a rush queues only for the
decision itself, and a form with a mistake is answered even while another writer holds the lock.

Same person twice: a double-clicked submit makes one registration (both clicks get the same "check your
email" answer, and the address gets its link again with a note that it was registered already), and the
database itself refuses a second row for the same (forum, email).

Each person registers from a client address of their own, as fifty phones would: the form takes 30
registrations per client address and hour (tests/registration/test_registration_trust.py); over HTTP, where
every request comes from 127.0.0.1, the limit is raised to the fifty, as for an office behind one address.

Found on the way and fixed: the first rush on a forum whose registration settings were never saved ended in 500s
on PostgreSQL, because the view created the settings row before register() took the forum lock.

Run on both databases:
    PYTHONPATH=. python -m pytest -q tests/registration/test_registration_concurrency.py
    eval "$(.ci/postgres.sh start)" && \
        PYTHONPATH=. python -m pytest -q tests/registration/test_registration_concurrency.py; .ci/postgres.sh stop
"""

from __future__ import annotations

import http.cookiejar
import logging
import re
import threading
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forumops.core.outbox import OutboxMessage
from forumops.extensions import db as _db
from forumops.registration import seats
from forumops.registration.models import Registration, RegistrationSettings

# Threads, a second connection and the live server race on real commits.
pytestmark = pytest.mark.commits

PEOPLE = 50
CAPACITY = 5
SLUG = "last-seats"
URL = f"/forums/{SLUG}/register"
WAIT = 30  # seconds any barrier or thread may take before the test fails instead of hanging


@pytest.fixture
def forum(create_forum, db):
    forum = create_forum(slug=SLUG, title="ASEAN Community Forum", status="registration_open", mode="hybrid")
    db.session.add(RegistrationSettings(forum_id=forum.id, capacity=CAPACITY))
    db.session.commit()
    return forum


def form(i: int, **overrides) -> dict[str, str]:
    data = {"name": f"Nguyễn Thị Person {i}", "email": f"person{i}@example.org",
            "organisation": "Vietnam Women's Union", "job_title": "Project officer", "country": "VN",
            "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": "y"}
    data.update(overrides)
    return data


def race(n: int, prepare, submit) -> tuple[list, list[str]]:
    """n threads: each runs prepare(i) (own client, own page fetch), waits at one barrier, then submit().

    Returns the results by thread and every exception raised in any thread, with its traceback.
    The main thread must hold no transaction while they run (the caller rolls back first).
    """
    barrier = threading.Barrier(n, timeout=WAIT)
    results: list = [None] * n
    errors: list[str] = []

    def run(i):
        try:
            state = prepare(i)
            barrier.wait()
            results[i] = submit(i, state)
        except threading.BrokenBarrierError:
            errors.append(f"thread {i}: barrier broken (another thread failed first)")
        except Exception:  # noqa: BLE001 - collected, asserted by the caller
            errors.append(f"thread {i}: {traceback.format_exc()}")
            barrier.abort()  # nobody waits the full timeout for a thread that will never arrive

    threads = [threading.Thread(target=run, args=(i,), name=f"registrant-{i}") for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT)
    assert not [t.name for t in threads if t.is_alive()], "threads still running: a lock was never released"
    return results, errors


class _Keep(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.kept: list[str] = []

    def emit(self, record):
        error = record.exc_info[1] if record.exc_info else None
        self.kept.append(repr(error) if error else record.getMessage())


@contextmanager
def unhandled_errors():
    """The exceptions behind any 500 in the block: the app's Exception handler logs each one here."""
    handler = _Keep()
    logger = logging.getLogger("forumops.factory")
    # migrations/env.py runs logging.config.fileConfig(), which disables loggers that already exist
    was_disabled, logger.disabled = logger.disabled, False
    logger.addHandler(handler)
    try:
        yield handler.kept
    finally:
        logger.removeHandler(handler)
        logger.disabled = was_disabled


def status_counts() -> Counter:
    _db.session.rollback()  # a fresh transaction sees everything the threads committed
    return Counter(dict(_db.session.execute(
        select(Registration.status, func.count(Registration.id)).group_by(Registration.status)).all()))


def client_race(app, make_form=form):
    def prepare(i):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.{i // 256}.{i % 256}"  # a phone each
        return client

    def submit(i, client):
        response = client.post(URL, data=make_form(i))
        return response.status_code, response.get_data(as_text=True)

    return prepare, submit


def assert_exactly_capacity(results, errors):
    assert errors == [], "\n".join(errors)
    codes = Counter(code for code, _body in results)
    assert codes == {302: PEOPLE}, codes  # every person got the "registered" redirect: no 409/422/500
    counts = status_counts()
    assert counts == {"confirmed": CAPACITY, "waitlisted": PEOPLE - CAPACITY}, counts
    # each person got the one email that matches their outcome
    subjects = Counter(_db.session.scalars(select(OutboxMessage.subject)))
    assert subjects == {"Your place at ASEAN Community Forum is confirmed": CAPACITY,
                        "You are on the waiting list for ASEAN Community Forum": PEOPLE - CAPACITY}, subjects


# --- the rush ----------------------------------------------------------------------------------

def test_fifty_at_once_for_the_last_five_seats(app, db, forum):
    db.session.rollback()  # this thread holds no transaction (nor SQLite read snapshot) during the race
    with unhandled_errors() as raised:
        results, errors = race(PEOPLE, *client_race(app))
    assert_exactly_capacity(results, errors + raised)
    # first come, first served: the five confirmed were registered before anyone waitlisted
    rows = db.session.execute(select(Registration.status, Registration.id).order_by(Registration.id)).all()
    assert [status for status, _id in rows[:CAPACITY]] == ["confirmed"] * CAPACITY


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer we check


def test_fifty_at_once_over_http_against_the_live_server(live_server, live_app, db, forum, monkeypatch):
    """The same rush over real sockets: werkzeug's threaded server, CSRF on, a cookie jar per person."""
    db.session.rollback()
    monkeypatch.setitem(live_app.config, "REGISTRATIONS_PER_CLIENT", PEOPLE)  # all from 127.0.0.1

    def prepare(_i):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                             _NoRedirect())
        with opener.open(live_server.url + URL, timeout=WAIT) as page:
            html = page.read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        return opener, token

    def submit(i, state):
        opener, token = state
        body = urllib.parse.urlencode({**form(i), "csrf_token": token}).encode()
        try:
            with opener.open(live_server.url + URL, data=body, timeout=WAIT) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:  # 302 (not followed), 4xx, 5xx
            return answer.code, answer.read().decode()

    with unhandled_errors() as raised:
        results, errors = race(PEOPLE, prepare, submit)
    assert_exactly_capacity(results, errors + raised)


def test_the_first_rush_on_a_forum_whose_settings_were_never_saved(request, app, db, create_forum):
    """Opening registration without ever saving its settings is allowed: the row is made on first use.

    Found here: on PostgreSQL that first use is a race. RegisterView.post calls seats.settings_for(),
    which INSERTs the missing registration_settings row, before register() takes the forum lock; ten people
    at once all INSERT it and all but one get a 500 (UniqueViolation on uq_registration_settings_forum_id).
    SQLite was safe: its write lock admits one writer at a time. Fixed: the view only reads the settings
    and register() makes the row after taking the lock.
    """
    create_forum(slug=SLUG, status="registration_open", mode="hybrid")  # no RegistrationSettings row
    db.session.rollback()
    with unhandled_errors() as raised:
        results, errors = race(10, *client_race(app))
    assert errors + raised == [], "\n".join(errors + raised)
    assert Counter(code for code, _body in results) == {302: 10}
    assert status_counts() == {"confirmed": 10}  # no capacity set: everyone is in


def test_a_form_with_a_mistake_is_answered_while_another_writer_holds_the_lock(app, db, forum):
    """SQLite only (PostgreSQL has no database-wide write lock): the form is checked before the lock."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single write lock; PostgreSQL locks only the forum row, in register()")
    from sqlalchemy import text

    from forumops.core.database import write_intent

    db.session.rollback()
    with write_intent():
        other = db.engine.connect()
        other.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: this connection now holds the write lock
    try:
        response = app.test_client().post(URL, data=form(1, email="not-an-address"))
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "Enter an email address like name@example.org." in page
        assert 'value="Nguyễn Thị Person 1"' in page  # what they typed is kept
    finally:
        other.rollback()
        other.close()
    # and once the lock is free the corrected form registers as usual
    assert app.test_client().post(URL, data=form(1)).status_code == 302


def test_registration_closed_while_a_request_waited_for_the_lock_takes_no_one_more(app, db, forum, monkeypatch):
    """The form was read while registration was open; before its seat decision an organiser closed it.
    register() asks again under the lock, so the person is told it is closed and nothing is saved."""
    from sqlalchemy import update

    from forumops.core.database import write_intent
    from forumops.forums.models import Forum

    real_lock = seats.lock_forum

    def organiser_closes_first(forum_id):
        with write_intent(), db.engine.begin() as other:  # another request, committed meanwhile
            other.execute(update(Forum).where(Forum.id == forum_id).values(status="registration_closed"))
        real_lock(forum_id)

    db.session.rollback()
    monkeypatch.setattr(seats, "lock_forum", organiser_closes_first)
    response = app.test_client().post(URL, data=form(1))
    assert response.status_code == 409
    assert "Registration for this forum is not open." in response.get_data(as_text=True)
    assert status_counts() == {}


def test_a_closing_time_set_while_a_request_waited_is_respected_too(app, db, create_forum, monkeypatch):
    """The forum had no settings row when the form was read; the organiser then saves a closing time in
    the past. The seat decision reads the new row and the person gets the closed page."""
    from datetime import timedelta

    from forumops.core.database import write_intent
    from forumops.core.models import utcnow

    create_forum(slug="no-settings-yet", status="registration_open", mode="hybrid")
    real_lock = seats.lock_forum

    def organiser_sets_a_closing_time_first(forum_id):
        with write_intent(), db.engine.begin() as other:
            other.execute(RegistrationSettings.__table__.insert().values(
                forum_id=forum_id, closes_at=utcnow() - timedelta(minutes=1), approval_required=False,
                invitation_only=False, privacy_notice=""))
        real_lock(forum_id)

    db.session.rollback()
    monkeypatch.setattr(seats, "lock_forum", organiser_sets_a_closing_time_first)
    response = app.test_client().post("/forums/no-settings-yet/register", data=form(1))
    assert response.status_code == 409
    assert "Registration closed on" in response.get_data(as_text=True)
    assert status_counts() == {}


# --- the control run: without the lock the same test fails -----------------------------------------

class _Gate:
    """The first `parties` threads to pass wait here until all of them have arrived; the rest go by.

    Fewer parties than the connection pool holds (5 + 10 overflow), since they wait inside a transaction.
    """

    def __init__(self, parties: int):
        self.parties = parties
        self.barrier = threading.Barrier(parties, timeout=WAIT)
        self.arrived = 0
        self.lock = threading.Lock()

    def __call__(self):
        with self.lock:
            self.arrived += 1
            mine = self.arrived
        if mine <= self.parties:
            self.barrier.wait()


def test_control_without_the_lock_the_rush_is_caught(app, db, forum, monkeypatch):
    import forumops.core.database as database

    gate = _Gate(10)
    dialect = db.engine.dialect.name
    monkeypatch.setattr(database, "wants_write_lock", lambda: False)  # SQLite: plain (deferred) BEGIN
    if dialect == "sqlite":
        # everyone has begun reading before anyone writes: where BEGIN IMMEDIATE would have queued them
        monkeypatch.setattr(seats, "lock_forum", lambda forum_id: gate())
    else:
        past_lock = threading.local()  # set where the lock would have been taken, in each request's thread

        def no_lock(forum_id):  # no SELECT ... FOR UPDATE
            past_lock.here = True

        read_state = seats.seat_state

        def read_then_wait(forum, email):
            state = read_state(forum, email)
            if getattr(past_lock, "here", False):  # the read the decision is made on, not the early one
                past_lock.here = False
                gate()  # the first ten have all read the places before any of them confirms and commits
            return state

        monkeypatch.setattr(seats, "lock_forum", no_lock)
        monkeypatch.setattr(seats, "seat_state", read_then_wait)
    db.session.rollback()
    def own_organisation(i):
        # one organisation each: without the forum lock, PostgreSQL inserts of one new organisation by
        # everybody at once would queue on its unique index behind a transaction waiting at the gate
        return form(i, organisation=f"Organisation {i}")

    with unhandled_errors() as raised:  # what the 500s were (the error page does not say)
        results, errors = race(PEOPLE, *client_race(app, own_organisation))
    assert errors == [], "\n".join(errors)  # the harness itself worked
    counts = status_counts()
    codes = Counter(code for code, _body in results)
    with pytest.raises(AssertionError):  # the real test's assertions catch what went wrong
        assert_exactly_capacity(results, errors)
    if dialect == "sqlite":
        # "database is locked" is answered 503 with Retry-After by the fault handler (tests/core/test_faults.py)
        assert codes[503] >= gate.parties - 1, (codes, counts)
        assert codes[500] == 0, raised[:3]
        assert raised == [], raised[:3]
        assert all("Your text is safe" in body for code, body in results if code == 503)
        assert counts["confirmed"] <= CAPACITY, counts  # see the module docstring: errors, not an oversell
    else:
        assert counts["confirmed"] >= gate.parties > CAPACITY, (codes, counts)  # oversold


# --- one person, one registration ------------------------------------------------------------------

def test_a_double_clicked_submit_makes_one_registration(app, db, forum):
    db.session.rollback()
    for attempt in range(5):  # a few rounds: the two clicks land in either order
        email = f"double{attempt}@example.org"
        prepare, _submit = client_race(app)

        def submit(i, client, email=email):
            response = client.post(URL, data=form(i, email=email))
            return response.status_code, response.get_data(as_text=True)

        with unhandled_errors() as raised:
            results, errors = race(2, prepare, submit)
        assert errors + raised == [], "\n".join(errors + raised)
        assert [code for code, _body in results] == [302, 302], [code for code, _ in results]
        assert results[0][1] == results[1][1]  # the same answer: nothing tells which click registered
        db.session.rollback()
        assert db.session.scalar(select(func.count(Registration.id)).where(Registration.email == email)) == 1
        subjects = sorted(_db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.to_address == email)))
        assert subjects == ["You are already registered for ASEAN Community Forum",  # with the link again
                            "Your place at ASEAN Community Forum is confirmed"]


def test_the_database_refuses_a_second_row_for_the_same_forum_and_email(db, forum):
    def row(token_hash):
        return Registration(forum_id=forum.id, name="Linh", email="linh@example.org", consent_privacy=True,
                            status="confirmed", manage_token_hash=token_hash)

    db.session.add(row("a" * 64))
    db.session.commit()
    db.session.add(row("b" * 64))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_the_same_address_in_other_letter_case_is_the_same_person(client, db, forum):
    assert client.post(URL, data=form(1, email="linh@example.org")).status_code == 302
    again = client.post(URL, data=form(2, email="  Linh@Example.ORG "))
    assert again.status_code == 302  # "check your email", as for anyone
    assert db.session.scalar(select(func.count(Registration.id))) == 1
    assert db.session.scalar(select(OutboxMessage.subject).order_by(OutboxMessage.id.desc()).limit(1)) == (
        "You are already registered for ASEAN Community Forum")


# --- shared rows across forums ---------------------------------------------------------------------------

def test_two_forums_create_the_same_new_organisation_at_once(app, db, create_forum, monkeypatch):
    """Each forum's seat lock serialises only that forum. Two registrants of two forums who name the same
    new organisation at the same instant make one directory entry, and neither gets an error (on
    PostgreSQL the second INSERT used to fail on the unique index once the first committed)."""
    from forumops.organisations.models import Organisation

    slugs = ("forum-a", "forum-b")
    for slug in slugs:
        create_forum(slug=slug, status="registration_open")
    db.session.commit()
    both_looked = threading.Barrier(2, timeout=WAIT)
    look = seats.find_organisation

    def looked_then_wait(name, country=""):
        found = look(name, country)
        both_looked.wait()  # neither has created it when both go on to create it
        return found

    monkeypatch.setattr(seats, "find_organisation", looked_then_wait)

    def submit(i, client):
        response = client.post(f"/forums/{slugs[i]}/register", data=form(i, organisation="Mekong Youth Network"))
        return response.status_code, response.get_data(as_text=True)

    db.session.rollback()
    with unhandled_errors() as raised:
        results, errors = race(2, lambda _i: app.test_client(), submit)
    assert errors == [], (errors, raised)
    assert raised == [], (errors, raised)
    assert [code for code, _body in results] == [302, 302]
    db.session.rollback()
    entries = db.session.scalars(select(Organisation).where(Organisation.name == "Mekong Youth Network")).all()
    assert len(entries) == 1
    assert set(db.session.scalars(select(Registration.organisation_id))) == {entries[0].id}
