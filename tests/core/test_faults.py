"""Faults survived: a locked or unreachable database, a mail server that is down, a worker killed mid-request.

- Database locked too long (SQLite: another connection holds the write lock past a short busy timeout)
  or unreachable (PostgreSQL on a closed port): a 503 page with Retry-After, never a 500, and a POST's
  typed text is shown back so nothing the person wrote is lost.
- Mail server down: the registration is saved, its email waits in the outbox (the worker's failed attempt
  recorded on it), and goes out when the server is back (the worker's next pass).
- gunicorn worker killed with SIGKILL while registrations are in flight: the database passes SQLite's
  integrity check and holds no half-written registration (each has its queued email, manage token hash
  and check-in code; seats within capacity); every POST that was answered 302 is there.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config import ProductionConfig, TestingConfig
from forumops import create_app
from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage
from forumops.extensions import db as _db
from forumops.registration.models import Registration, RegistrationSettings

# Other processes, connections and locks see only what is really committed.
pytestmark = pytest.mark.commits

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def forum(create_forum, db):
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open", mode="hybrid",
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), timezone="Asia/Jakarta")


def form(**overrides) -> dict[str, str]:
    data = {"name": "Nguyễn Phương Linh", "email": "linh@example.org", "organisation": "Vietnam Women's Union",
            "job_title": "Project officer", "country": "VN", "category": "civil_society",
            "attendance_mode": "in_person", "dietary_needs": "Vegetarian, no fish sauce please",
            "accessibility_needs": "", "gender": "woman", "consent_privacy": "y"}
    data.update(overrides)
    return data


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_with(**settings):
    config = type("FaultConfig", (TestingConfig,), settings)
    return create_app(config)


# --- the database -----------------------------------------------------------------------------------

def test_write_while_the_database_is_locked_is_a_503_that_keeps_the_typed_text(db, forum, caplog):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    impatient = app_with(SQLALCHEMY_DATABASE_URI=str(db.engine.url), SQLITE_BUSY_TIMEOUT_MS=200)
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None, timeout=5)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock for longer than the app will wait
    try:
        client = impatient.test_client()
        assert client.get("/forums/acf/register").status_code == 200  # reads never queue behind a writer
        response = client.post("/forums/acf/register", data=form())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.get_data(as_text=True)
    assert "Your text is safe" in page
    assert "very busy" in page
    assert "Nguyễn Phương Linh" in page
    assert "Vegetarian, no fish sauce please" in page
    assert "database unavailable on POST registration.register: OperationalError: database is locked" in caplog.text
    assert db.session.scalar(select(func.count(Registration.id))) == 0  # nothing half-saved

    assert client.post("/forums/acf/register", data=form()).status_code == 302  # the lock is gone: it works
    with impatient.app_context():
        _db.engine.dispose()


def test_unreachable_database_is_a_503_for_pages_and_keeps_a_posts_text(db):
    closed = free_port()  # bound then released: nothing listens there
    down = app_with(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://forumops@127.0.0.1:{closed}/forumops"
                                            "?connect_timeout=3")
    client = down.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"  # a signed-in visitor: loading them needs the database too
    response = client.get("/forums/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.get_data(as_text=True)
    assert "ForumOps is busy for a moment" in page
    assert "try again in 1 minute" in page
    response = client.post("/forums/acf/register", data=form())
    assert response.status_code == 503
    assert "Vegetarian, no fish sauce please" in response.get_data(as_text=True)


def test_a_broken_statement_is_still_a_500_not_a_503(app, db):
    from sqlalchemy.exc import OperationalError

    from forumops.core.database import database_unavailable

    bad_sql = OperationalError("SELECT nope", {}, sqlite3.OperationalError("no such column: nope"))
    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    assert not database_unavailable(bad_sql)
    assert database_unavailable(locked)


# --- mail --------------------------------------------------------------------------------------------

def test_mail_server_down_then_back_sends_the_queued_confirmation(app, client, db, forum, request):
    from forumops.core.worker import Worker

    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", free_port()  # nobody listens
    try:
        assert client.post("/forums/acf/register", data=form()).status_code == 302
        assert Worker(app, run_jobs=False).send_due_mail(now=utcnow()).server_down
    finally:
        app.config["MAIL_SERVER"] = ""
    message = db.session.scalar(select(OutboxMessage))
    # the server, not the message: no attempt counted, no backoff, the reason kept for the outbox page
    assert (message.status, message.attempts, message.send_after) == ("queued", 0, None)
    assert "ConnectionRefusedError" in message.last_error

    deliver_mail = request.getfixturevalue("deliver_mail")  # the mail server comes back: it goes at once
    inbox = deliver_mail()
    assert [m["To"] for m in inbox] == ["linh@example.org"]
    assert "confirmed" in inbox[0]["Subject"]
    db.session.refresh(message)
    assert message.status == "sent"
    assert message.attempts == 1
    assert message.last_error == ""


# --- a worker killed mid-request -----------------------------------------------------------------------

KILL_CAPACITY = 25
KILL_LIMIT = 20  # seconds for the load and the kills, after gunicorn is up
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _http(port: int, method: str, path: str, body: str | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        conn.close()


def test_worker_killed_mid_request_leaves_no_half_written_registration(tmp_path):
    from forumops.core.database import rebuild_schema, write_intent
    from forumops.forums import operations as forum_operations

    url = f"sqlite:///{tmp_path}/killed.sqlite"
    setup = create_app(type("KillConfig", (ProductionConfig,), {
        "SECRET_KEY": secrets.token_hex(32), "SQLALCHEMY_DATABASE_URI": url, "MAIL_SERVER": ""}))
    rebuild_schema(setup)
    with setup.app_context(), write_intent():
        forum = forum_operations.create_forum({"title": "Kill Forum", "slug": "kill", "start_date": date(2027, 4, 14),
                                               "end_date": date(2027, 4, 15), "timezone": "Asia/Jakarta",
                                               "mode": "hybrid"}, None)
        forum_operations.change_status(forum, "registration_open")
        _db.session.add(RegistrationSettings(forum_id=forum.id, capacity=KILL_CAPACITY))
        _db.session.commit()
        _db.engine.dispose()

    port = free_port()
    env = {**os.environ, "FORUMOPS_ENV": "production", "FORUMOPS_SECRET_KEY": secrets.token_hex(32),
           "FORUMOPS_DATABASE_URL": url, "FORUMOPS_MAIL_SERVER": "", "FORUMOPS_LOG_LEVEL": "WARNING",
           "FORUMOPS_REGISTRATIONS_PER_CLIENT": "0"}  # four registrants, all from 127.0.0.1, as fast as they can
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    # --preload: a replacement worker is a fork of the loaded app, so the test is not spent importing it again
    master = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--preload",
                               "--timeout", "30", "--graceful-timeout", "5", "wsgi:app"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    answered, cut, other, killed = [], [], [], []
    stop = threading.Event()
    try:
        deadline = time.monotonic() + 30
        while True:
            assert master.poll() is None, (tmp_path / "gunicorn.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            try:
                if _http(port, "GET", "/forums/kill/register")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)  # start-up poll, outside any measurement

        def registrant(n: int) -> None:
            for _attempt in range(5):  # the form itself may be cut by a kill
                try:
                    _status, cookie, page = _http(port, "GET", "/forums/kill/register")
                    break
                except (OSError, http.client.HTTPException):
                    continue
            token, cookie = CSRF_RE.search(page).group(1), cookie.split(";")[0]
            for i in range(10_000):
                if stop.is_set():
                    return
                email = f"p{n}-{i}@example.org"
                body = urllib.parse.urlencode({**form(email=email, name=f"Person {n}-{i}"), "csrf_token": token})
                try:
                    status = _http(port, "POST", "/forums/kill/register", body, {
                        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})[0]
                except (OSError, http.client.HTTPException):
                    cut.append(email)  # the worker died under this request
                    continue
                (answered if status == 302 else other).append((email, status))

        threads = [threading.Thread(target=registrant, args=(n,), daemon=True) for n in range(4)]
        for thread in threads:
            thread.start()
        end = time.monotonic() + KILL_LIMIT
        for _round in range(3):  # kill a worker three times, each while the others keep registering
            target = len(answered) + 10
            while len(answered) < target and time.monotonic() < end:
                time.sleep(0.02)
            workers = _children(master.pid)
            if workers:
                os.kill(workers[0], signal.SIGKILL)  # a worker this test's gunicorn started
                killed.append(workers[0])
        target = len(answered) + 10  # the respawned workers serve again
        while len(answered) < target and time.monotonic() < end:
            time.sleep(0.02)
        stop.set()
        for thread in threads:
            thread.join(20)
    finally:
        stop.set()
        if master.poll() is None:
            master.terminate()
            try:
                master.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(master.pid, signal.SIGKILL)  # the group this test started, by its id
                master.wait(timeout=10)
        log.close()

    assert len(killed) == 3, other[:5]
    assert not other, other[:5]
    database = sqlite3.connect(tmp_path / "killed.sqlite")
    try:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert database.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = database.execute("SELECT email, status, manage_token_hash, checkin_code FROM registrations").fetchall()
        mailed = {row[0] for row in database.execute("SELECT to_address FROM outbox_messages")}
    finally:
        database.close()
    emails = {row[0] for row in rows}
    assert {email for email, _status in answered} <= emails  # every answered registration is kept
    assert emails <= {email for email, _status in answered} | set(cut)  # and nothing nobody sent
    for email, status, token_hash, code in rows:
        assert email in mailed, email
        assert len(token_hash) == 64, email
        assert len(code) == 12, email
        assert status in ("confirmed", "waitlisted")
    statuses = [row[1] for row in rows]
    assert statuses.count("confirmed") == min(KILL_CAPACITY, len(rows))
    print(f"\n{len(rows)} registrations, {len(answered)} answered, {len(cut)} cut by 3 kills "
          f"({sum(1 for e in cut if e in emails)} of those committed before the worker died)")
