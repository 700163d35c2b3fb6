"""Logs: sign-in failures, access denials, capacity rejections and exports are recorded; secrets never are;
CR, LF and other control characters in what people type cannot forge a log line."""

from __future__ import annotations

import io
import logging
import re

import pytest

from config import TestingConfig
from forumops import create_app
from forumops.core.logs import LOGGER_NAME, escape_controls
from forumops.registration.models import RegistrationSettings
from tests.conftest import TEST_PASSWORD

FORGED = "x\r\n2027-04-14 09:00:00,000 WARNING [1] forumops.security: sign-in ok for admin\u2028\u202e\x1b[2J"
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ \[\d+\] forumops")


@pytest.fixture
def log_stream():
    """What the app's own stderr handler writes, for the length of a test."""
    handler = next(h for h in logging.getLogger(LOGGER_NAME).handlers if getattr(h, "_forumops", False))
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def records(stream: io.StringIO) -> list[str]:
    """The lines that start a record; every other line must be a traceback line under the gutter."""
    lines = stream.getvalue().splitlines()
    assert all(LINE.match(line) or line.startswith("  | ") for line in lines), lines
    return [line for line in lines if LINE.match(line)]


def test_escape_controls_keeps_everything_on_one_visible_line():
    assert escape_controls("a\r\nb\tc\x00d\x7f\x85e\u2028f\u202eg") == "a\\r\\nb\\tc\\x00d\\x7f\\x85e\\u2028f\\u202eg"
    assert escape_controls("Nguyễn Phương Linh ស្រីនាង") == "Nguyễn Phương Linh ស្រីនាង"


def test_input_with_crlf_cannot_forge_a_log_line(app, log_stream, caplog):
    logging.getLogger("forumops.security").warning("sign-in failed: email=%s", FORGED)
    lines = records(log_stream)
    assert len(lines) == 1
    assert "\\r\\n2027-04-14 09:00:00,000 WARNING" in lines[0]
    assert "\\u2028" in lines[0]
    assert "\\u202e" in lines[0]
    assert "\\x1b[2J" in lines[0]
    # other handlers (the host's, pytest's) get the escaped text too
    assert "\n" not in caplog.records[-1].getMessage()
    assert "\\r\\n" in caplog.records[-1].getMessage()


def test_a_traceback_quoting_input_stays_under_its_gutter(log_stream):
    boom = create_app(TestingConfig)

    @boom.route("/boom")
    def explode():
        raise ValueError("bad input: " + FORGED)

    assert boom.test_client().get("/boom").status_code == 500
    lines = records(log_stream)
    assert len(lines) == 1
    assert "unhandled error on GET explode" in lines[0]
    # the exception's own lines stay lines (a traceback is read as one), each under the gutter
    assert "\n  | ValueError: bad input: x\n  | 2027-04-14 09:00:00,000 WARNING" in log_stream.getvalue()


def test_sign_in_failure_is_logged_without_the_address_or_the_password(client, create_user, caplog):
    create_user(email="linh.nguyen@example.org")
    caplog.set_level(logging.INFO, logger="forumops")
    client.post("/account/signin", data={"email": "linh.nguyen@example.org", "password": "wrong password 123"})
    line = next(r.getMessage() for r in caplog.records if "sign-in failed" in r.getMessage())
    assert re.search(r"email=l\*\*\*@example\.org#[0-9a-f]{8} ip=127\.0\.0\.1", line)
    assert "linh.nguyen" not in caplog.text
    assert "wrong password" not in caplog.text
    assert TEST_PASSWORD not in caplog.text


def test_access_denial_names_user_endpoint_and_forum_not_the_path(client, create_user, create_forum, login,
                                                                 caplog):
    organiser, visitor = create_user(), create_user()
    create_forum(slug="acf", organiser=organiser)
    login(visitor)
    caplog.set_level(logging.INFO, logger="forumops")
    assert client.get("/forums/acf/registrations").status_code == 403
    line = next(r.getMessage() for r in caplog.records if "access denied" in r.getMessage())
    assert line.startswith("access denied (403): GET registration.desk")
    assert f"user={visitor.id}" in line
    assert "forum=acf" in line
    assert "/forums/acf/registrations" not in line


def test_capacity_rejection_and_export_are_logged_without_tokens(client, create_user, create_forum, login, db,
                                                                caplog):
    organiser = create_user()
    forum = create_forum(slug="full", organiser=organiser, status="registration_open")
    db.session.add(RegistrationSettings(forum_id=forum.id, capacity=1))
    db.session.commit()
    caplog.set_level(logging.INFO, logger="forumops")
    links = []
    for name in ("first", "second"):
        response = client.post("/forums/full/register", data={
            "name": f"Person {name}", "email": f"{name}@example.org", "country": "VN", "category": "civil_society",
            "attendance_mode": "in_person", "consent_privacy": "y"})
        links.append(response.headers["Location"])
    assert any(re.match(r"capacity: registration \S+ of forum \d+ waitlisted, no free in_person place",
                        r.getMessage()) for r in caplog.records)

    login(organiser)
    assert client.get("/forums/full/registrations.csv").status_code == 200
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("export:"))
    assert f"endpoint=registration.export_csv user={organiser.id} forum=full" in line
    assert "type=text/csv rows=2 bytes=" in line
    assert "@example.org" not in caplog.text  # no address in any line
    for link in links:
        assert link.rsplit("/", 1)[1] not in caplog.text  # nor any private manage link


def test_log_level_comes_from_config(app):
    quiet = create_app(type("Quiet", (TestingConfig,), {"LOG_LEVEL": "WARNING"}))
    try:
        assert logging.getLogger(LOGGER_NAME).level == logging.WARNING
        assert sum(bool(getattr(h, "_forumops", False)) for h in logging.getLogger(LOGGER_NAME).handlers) == 1
    finally:
        create_app(TestingConfig)
        assert logging.getLogger(LOGGER_NAME).level == logging.INFO
        assert quiet


def test_a_failed_statement_logs_no_participants_data(app, log_stream):
    """A database error ending in a 500 is logged with its traceback; SQLAlchemy would put the statement's
    values into that text (a registrant's name, email, needs), so the engine hides them."""
    from sqlalchemy import text

    from forumops.extensions import db

    failing = create_app(TestingConfig)

    @failing.route("/failing-insert")
    def insert_into_nothing():
        db.session.execute(text("INSERT INTO no_such_table (email, needs) VALUES (:email, :needs)"),
                           {"email": "linh@example.org", "needs": "Step-free access"})

    assert failing.test_client().get("/failing-insert").status_code == 500
    logged = log_stream.getvalue()
    assert "no_such_table" in logged  # the error itself is there, to be fixed
    assert "linh@example.org" not in logged
    assert "Step-free access" not in logged


@pytest.mark.commits  # a second app writes through its own connection
def test_a_constraint_failure_logs_no_row_values(app, log_stream):
    """PostgreSQL's own error text quotes the failing row ("DETAIL: Failing row contains (..., linh@...)");
    SQLite names only the column. Either way the log keeps the error and loses the values."""
    from sqlalchemy import text

    from forumops.extensions import db

    failing = create_app(TestingConfig)

    @failing.route("/failing-registration")
    def registration_without_a_name():
        db.session.execute(text("INSERT INTO registrations (forum_id, name, email, manage_token_hash) "
                                "VALUES (1, NULL, :email, :token)"),
                           {"email": "linh@example.org", "token": "0" * 64})

    assert failing.test_client().get("/failing-registration").status_code == 500
    logged = log_stream.getvalue()
    assert "IntegrityError" in logged or "NotNullViolation" in logged
    assert "linh@example.org" not in logged
    assert "0" * 64 not in logged
