"""Shared fixtures: app (schema built by the migrations), a rolled-back transaction per test, client, factories.

The database is SQLite by default; set FORUMOPS_TEST_DATABASE_URL=postgresql+psycopg://... to run
the same suite against PostgreSQL (.ci/run does both).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
from datetime import date, datetime, time

import pytest
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

_tmp = tempfile.mkdtemp(prefix="forumops-test-")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
if os.environ.get("FORUMOPS_TEST_DATABASE_URL") in (None, os.environ.get("_FORUMOPS_OWN_TEST_DATABASE")):
    # no database named: a SQLite file in this process's own folder (an xdist worker inherits the controller's
    # environment, so it must not take the controller's file)
    os.environ["FORUMOPS_TEST_DATABASE_URL"] = os.environ["_FORUMOPS_OWN_TEST_DATABASE"] = (
        f"sqlite:///{_tmp}/test.sqlite")


def _database_of_this_worker() -> None:
    """Under pytest-xdist (`make test` runs one worker per core) each worker has its own database: SQLite's
    is in the worker's own temporary folder (above); on PostgreSQL the worker gets a database of its own on
    the same server, named after it (forumops_test_gw0, ...), made on first use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ["FORUMOPS_TEST_DATABASE_URL"]
    if not worker or not url.startswith("postgresql"):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    mine = base.set(database=f"{base.database}_{worker}")
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": mine.database}):
            conn.execute(text(f'CREATE DATABASE "{mine.database}"'))
    engine.dispose()
    os.environ["FORUMOPS_TEST_DATABASE_URL"] = mine.render_as_string(hide_password=False)


_database_of_this_worker()

from config import TestingConfig  # noqa: E402
from forumops import create_app  # noqa: E402
from forumops.core.database import rebuild_schema, write_intent  # noqa: E402
from forumops.extensions import db as _db  # noqa: E402

TEST_PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def app():
    application = create_app(TestingConfig)
    application.config["FILE_CACHE_DIR"] = f"{_tmp}/file-cache"  # each worker its own disk copies
    rebuild_schema(application)
    return application


class _JoinedSession(FlaskSession):
    """A session inside the test's transaction: on the test app's engine it uses the test's connection.

    Flask-SQLAlchemy picks the current app's engine itself, so `bind=connection` alone would be ignored.
    Another app (a browser test's server, a throwaway database a migration test builds) keeps its own engine.
    """

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        connection = self.bind
        if bind is None and self._db.engines.get(None) is connection.engine:
            return connection
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


@pytest.fixture(autouse=True)
def db(request, app):
    """Each test runs inside one transaction that is rolled back at the end: no row outlives it.

    The session joins that transaction with a savepoint, so the app's own commit and rollback still
    work as they do in production (SQLAlchemy's "Joining a Session into an External Transaction").
    On SQLite the outer transaction begins IMMEDIATE, as a write request's does: take_write_lock()
    then sees the lock held and never commits it. Read through db.session (or db.session.connection()):
    a new connection sees nothing of the test's rows. Tests that need real commits (threads, other
    connections or apps, the live server, backups) are marked `commits` and get the tables emptied after.
    """
    with app.app_context():
        if request.node.get_closest_marker("commits"):
            yield from _committing(_db)
            return
        connection = _db.engine.connect()
        with write_intent():
            outer = connection.begin()
        shared = _db.session
        _db.session = _db._make_scoped_session(
            {"class_": _JoinedSession, "bind": connection, "join_transaction_mode": "create_savepoint"})
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = shared
            outer.rollback()
            connection.close()


def _committing(database):
    """The old way, for tests marked `commits`: real commits, then every table emptied.

    On SQLite the test's own writes (factories, then a commit) take the write lock before their first flush,
    as a write request does: a transaction that read first and then writes would otherwise fail at once with
    "database is locked" whenever the live server or the mail worker committed in between."""
    test_thread = threading.get_ident()

    def lock_before_writing(session, _context, _instances):
        if (threading.get_ident() != test_thread or database.engine.dialect.name != "sqlite"
                or session.in_nested_transaction()):  # a savepoint would not outlive the COMMIT
            return
        connection = session.connection()
        if not connection.info.get("write_lock"):
            connection.exec_driver_sql("COMMIT")  # nothing written yet: this only ends the read snapshot
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # waits (busy timeout) for the other writers
            connection.info["write_lock"] = True

    event.listen(Session, "before_flush", lock_before_writing)
    try:
        yield database
    finally:
        event.remove(Session, "before_flush", lock_before_writing)
    database.session.rollback()
    database.session.remove()
    with database.engine.begin() as conn:
        for table in reversed(database.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF switched on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def create_user(db):
    from forumops.accounts.operations import create_user as _create

    counter = iter(range(1, 10_000))

    def make(email: str | None = None, name: str = "Test Person", password: str = TEST_PASSWORD,
             is_admin: bool = False, verified: bool = True):
        """An account whose address is confirmed, as most tests need; verified=False: as sign-up leaves it."""
        user = _create(name, email or f"user{next(counter)}@example.org", password, is_admin=is_admin,
                       verified=verified)
        db.session.commit()
        return user

    return make


@pytest.fixture
def create_forum(db):
    from forumops.forums import operations

    counter = iter(range(1, 10_000))

    def make(slug: str | None = None, status: str = "published", organiser=None, **fields):
        data = {
            "title": fields.pop("title", "ASEAN Community Forum"),
            "slug": slug or f"forum-{next(counter)}",
            "start_date": fields.pop("start_date", date(2027, 4, 14)),
            "end_date": fields.pop("end_date", date(2027, 4, 15)),
            "timezone": fields.pop("timezone", "Asia/Jakarta"),
            "mode": fields.pop("mode", "hybrid"),
            **fields,
        }
        forum = operations.create_forum(data, organiser)
        operations.change_status(forum, status)
        db.session.commit()
        return forum

    return make


@pytest.fixture
def create_registration(db):
    """Register someone through the operation the public form uses; returns (registration, private token).

    `organisation_type` makes the organisation's directory entry first, of that type (the form cannot);
    `status` then sets the status outright (no seat decision, no mail), for a test that needs one.
    """
    from forumops.organisations.operations import find_or_create_organisation
    from forumops.registration.seats import register

    counter = iter(range(1, 10_000))

    def make(forum, user=None, notify: bool = True, organisation_type: str | None = None, status: str | None = None,
             **fields):
        data = {"name": fields.pop("name", "Nguyễn Phương Linh"),
                "email": fields.pop("email", f"person{next(counter)}@example.org"),
                "country": "VN", "category": "civil_society", "attendance_mode": "in_person",
                "consent_privacy": True, **fields}
        if organisation_type is not None:
            find_or_create_organisation(data["organisation"], country=data["country"], type=organisation_type)
        registration, token = register(forum, data, user=user, notify=notify)
        if status is not None:
            registration.status = status
        db.session.commit()
        return registration, token

    return make


@pytest.fixture
def create_item(db):
    """A programme item through the operation the organiser's form uses (times in the forum's zone)."""
    from forumops.agenda.operations import create_item as _create

    def make(forum, title: str = "Item", start: time = time(9), end: time = time(10), day: date = date(2027, 4, 14),
             type: str = "panel", **fields):
        item = _create(forum, {"day": day, "start": start, "end": end, "title": title, "type": type, **fields})
        db.session.commit()
        return item

    return make


@pytest.fixture
def create_day_attendance(db):
    """The days a registration was checked in at the desk (attendance_days rows, as the desk writes them)."""
    from forumops.registration.models import DayAttendance

    def make(registration, *days: date):
        for day in days:
            db.session.add(DayAttendance(forum_id=registration.forum_id, registration_id=registration.id, day=day))
        db.session.commit()

    return make


@pytest.fixture
def create_signatory(db):
    """A signatory of a forum's certificates and letters, with a signature image unless `signature` is False."""
    import io

    from forumops.certificates.operations import add_signatory
    from tests.pdf_images import logo_png

    def make(forum, name: str = "Dr Somchai Wongsa", title: str = "Director, Mekong Institute",
             signature: bool = True):
        upload = (io.BytesIO(logo_png((300, 100), (10, 10, 60))), "signature.png") if signature else None
        person = add_signatory(forum, {"name": name, "title": title}, upload)
        db.session.commit()
        return person

    return make


@pytest.fixture
def create_cluster(db):
    """A cluster through the organiser's operation; `capacity` caps its seats (None: no cap)."""
    from forumops.clusters.operations import create_cluster as _create

    counter = iter(range(1, 10_000))

    def make(forum, name: str | None = None, capacity: int | None = None, description: str = ""):
        cluster = _create(forum, name or f"Cluster {next(counter)}", description)
        cluster.capacity = capacity
        db.session.commit()
        return cluster

    return make


@pytest.fixture
def create_notes(db):
    """A cluster's notes as a row in the given status, without walking the notes workflow (tested elsewhere)."""
    from forumops.clusters.models import ClusterNotes

    def make(cluster, recommendations=(), status: str = "approved", title: str = "", summary: str = "",
             agenda_item=None):
        notes = ClusterNotes(cluster_id=cluster.id, status=status, title=title,
                             agenda_item_id=agenda_item.id if agenda_item is not None else None,
                             content={"summary": summary, "recommendations": list(recommendations)})
        db.session.add(notes)
        db.session.commit()
        return notes

    return make


@pytest.fixture
def create_session_notes(db):
    """A programme item's own session notes as a row in the given status, without walking the notes workflow (tested
    in tests/clusters/test_session_notes.py)."""
    from forumops.clusters.models import ClusterNotes

    def make(item, recommendations=(), status: str = "approved", summary: str = "", findings=(), actions=()):
        notes = ClusterNotes(session_item_id=item.id, status=status, title=item.title, version=1,
                             content={"summary": summary, "findings": list(findings),
                                      "recommendations": list(recommendations), "actions": list(actions)})
        db.session.add(notes)
        db.session.commit()
        return notes

    return make


@pytest.fixture
def create_survey(db):
    """A survey with its items, written as rows (building one through the organisers' pages is tested in
    tests/evaluations/). `items` are (kind, text) or (kind, text, options) or dicts of SurveyItem's fields;
    `opens_at` defaults to an hour ago, so it is open."""
    from datetime import UTC, datetime, timedelta

    from forumops.evaluations.models import Survey, SurveyItem

    def make(forum, items=(("rating", "How useful was the forum?", ["Not useful", "Very useful"]),),
             title: str = "End-of-forum evaluation", **fields):
        fields.setdefault("opens_at", datetime.now(UTC) - timedelta(hours=1))
        survey = Survey(forum_id=forum.id, title=title, **fields)
        for position, spec in enumerate(items):
            if isinstance(spec, dict):
                data = dict(spec)
            else:
                data = {"kind": spec[0], "text": spec[1], "options": list(spec[2]) if len(spec) > 2 else []}
            survey.items.append(SurveyItem(position=position, **data))
        db.session.add(survey)
        db.session.commit()
        return survey

    return make


@pytest.fixture
def create_response(db):
    """A sent answer sheet written as rows and counted into the breakdowns by the same function sending does
    (evaluations.tally.count_sheet): `answers` maps an item to a number, a text, or a list of choices (multiple
    choice); `registration` is kept on the sheet only if the survey is named, gives the groups unless they are
    passed (gender=, country=, category=, cluster_id=), and has its responder row marked sent, as sending does
    (what the response rate counts). Answering through the pages is tested in tests/evaluations/."""
    from datetime import date

    from forumops.evaluations.models import SurveyAnswer, SurveyResponder, SurveyResponse
    from forumops.evaluations.tally import Groups, count_sheet

    def make(survey, answers: dict, registration=None, phase: str = "", **groups):
        if registration is not None:
            for name in ("gender", "country", "category"):
                groups.setdefault(name, getattr(registration, name) or "")
            db.session.add(SurveyResponder(survey_id=survey.id, registration_id=registration.id, phase=phase,
                                           submitted=True))
        response = SurveyResponse(survey_id=survey.id, phase=phase, submitted_on=date.today(),
                                  registration_id=registration.id if registration and not survey.anonymous else None)
        for item, value in answers.items():
            if isinstance(value, list):
                response.answers.extend(SurveyAnswer(item_id=item.id, choice=c, number=c) for c in value)
            elif isinstance(value, str):
                response.answers.append(SurveyAnswer(item_id=item.id, text=value))
            else:
                response.answers.append(SurveyAnswer(item_id=item.id, number=value))
        db.session.add(response)
        count_sheet(survey.id, phase, Groups(**groups), {item.id: value for item, value in answers.items()})
        db.session.commit()
        return response

    return make


@pytest.fixture
def create_feedback(db):
    """A participant's rating (and comment) of a programme item written as a row, attendance unchecked; rating
    through the operation and the pages, attendance and all, is tested in tests/evaluations/test_feedback*.py."""
    from forumops.evaluations.models import SessionFeedback

    def make(item, registration, rating: int = 4, comment: str = ""):
        row = SessionFeedback(forum_id=item.forum_id, agenda_item_id=item.id, registration_id=registration.id,
                              rating=rating, comment=comment)
        db.session.add(row)
        db.session.commit()
        return row

    return make


@pytest.fixture
def create_support(db):
    """What the organisers fund for a registration, written as a row (`status` offered by default); offering
    through the desk, and accepting or declining through the person's page, is tested in tests/travel/."""
    from decimal import Decimal

    from forumops.travel.models import Support

    def make(registration, kind: str = "travel", status: str = "offered", amount=None, currency: str = "", **fields):
        row = Support(registration_id=registration.id, kind=kind, status=status, currency=currency,
                      amount=Decimal(str(amount)) if amount is not None else None, **fields)
        db.session.add(row)
        db.session.commit()
        return row

    return make


@pytest.fixture
def create_hotel(db):
    """A hotel the organisers chose for the forum, written as a row."""
    from forumops.travel.models import Hotel

    def make(forum, name: str = "Hanoi Daewoo Hotel", **fields):
        row = Hotel(forum_id=forum.id, name=name, **fields)
        db.session.add(row)
        db.session.commit()
        return row

    return make


@pytest.fixture
def create_travel(db):
    """A person's travel details written as a row. `arrival` and `departure` are the forum's local times
    (naive datetimes), stored in UTC as the travel form stores them; `submitted` marks the form as sent."""
    from zoneinfo import ZoneInfo

    from forumops.core.models import utcnow
    from forumops.forums.models import Forum
    from forumops.travel.models import TravelDetails

    def make(registration, arrival: datetime | None = None, departure: datetime | None = None,
             submitted: bool = True, **fields):
        zone = ZoneInfo(db.session.get(Forum, registration.forum_id).timezone)

        def utc(local: datetime | None) -> datetime | None:
            return local.replace(tzinfo=zone).astimezone(ZoneInfo("UTC")) if local else None

        row = TravelDetails(registration_id=registration.id, arrival_at=utc(arrival), departure_at=utc(departure),
                            submitted_at=utcnow() if submitted else None, **fields)
        db.session.add(row)
        db.session.commit()
        return row

    return make


def pdf_bytes(pages: int = 1) -> bytes:
    """A small real PDF (blank pages), as a presenter's slides would be."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def create_document(app, db):
    """A document through the organisers' operations: a file (a small PDF unless `content` says otherwise)
    or, with `url`, a link; attached to the forum unless `target` names an item ("item-12") or a cluster."""
    import io

    from forumops.documents import operations
    from forumops.documents.targets import find_target

    def make(forum, title: str = "Concept note", visibility: str = "public", target: str = "forum",
             content: bytes | None = None, filename: str = "concept-note.pdf", url: str = "", description: str = ""):
        with app.test_request_context():  # a target knows its page's address
            where = find_target(forum, target)
        data = {"title": title, "visibility": visibility, "description": description, "url": url}
        if url:
            document = operations.add_link(forum, where, data, None)
        else:
            uploaded = operations.add_files(forum, where, [(io.BytesIO(content or pdf_bytes()), filename)], data, None)
            assert uploaded.refused == []
            document = uploaded.added[0]
        db.session.commit()
        return document

    return make


@pytest.fixture
def create_answer_file(db):
    """A file sent as a registration's answer to a "file" question, through the operations the forms use (judged by
    its content, counted in the answers' room); returns the AnswerFile row."""
    import io

    from werkzeug.datastructures import FileStorage

    from forumops.forums.models import Forum
    from forumops.registration.answers import judged_answer_files, store_answer_files
    from forumops.registration.queries import answer_files_of

    def make(registration, question, content: bytes | None = None, filename: str = "passport.pdf"):
        forum = db.session.get_one(Forum, registration.forum_id)
        registration.answers = {**(registration.answers or {}), str(question.id): filename}
        upload = FileStorage(io.BytesIO(content or pdf_bytes()), filename)
        with judged_answer_files({question.id: upload}) as judged:
            store_answer_files(forum, registration, judged)
        db.session.commit()
        return answer_files_of(registration)[question.id]

    return make


@pytest.fixture
def create_plan(db):
    """An action plan through the operation the organiser's form uses; returns (plan, private link token).

    `data` is the form's data (the defaults below fill what it leaves out); the token is None when
    send_link is off or the owner has no email address.
    """
    from forumops.followup.operations import create_plan as _create

    def make(forum, data: dict | None = None, actor=None, send_link: bool = True, now=None):
        fields = {"title": "Organic certification for palm sugar", "objective": "", "registration_id": None,
                  "organisation": "", "owner_name": "", "owner_email": "", "country": "", "cluster_id": None,
                  "status": "not_started", "report_every_days": None, "activities": [], "indicators": [],
                  **(data or {})}
        plan, token = _create(forum, fields, actor, send_link=send_link, now=now)
        db.session.commit()
        return plan, token

    return make


@pytest.fixture
def create_announcement(db):
    """An announcement through the operation the composer and automatic messages share (committed)."""
    from forumops.communications.operations import send_announcement

    def make(forum, registrations, subject: str = "News from {forum}", body: str = "Dear {name},\n\nNews.",
             actor=None, **options):
        announcement = send_announcement(forum, subject, body, registrations, actor=actor, **options)
        db.session.commit()
        return announcement

    return make


def sign_in(client, user) -> str:
    """Put a real server-side session for this user into the client's cookie; returns its token."""
    from forumops.accounts.operations import start_session

    token = start_session(user, "pytest")
    _db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return token


def sign_up(client, email: str, name: str = "Test Person", password: str = TEST_PASSWORD, sign_in_after: bool = False):
    """Sign up through the public form, as anyone may with any address: the account starts unconfirmed.
    `sign_in_after`: then sign in through the form too (an unconfirmed account may). Returns the last answer."""
    response = client.post("/account/signup", data={"name": name, "email": email, "password": password,
                                                     "confirm": password})
    if sign_in_after:
        assert response.status_code == 302, response.status_code
        response = client.post("/account/signin", data={"email": email, "password": password})
        assert response.status_code == 302, response.status_code
    return response


@pytest.fixture
def login(client):
    def do(user):
        return sign_in(client, user)

    return do


@pytest.fixture
def add_role(db):
    from forumops.forums.operations import add_member

    def do(forum, user, role):
        add_member(forum, user, role)
        db.session.commit()

    return do


class LiveServer:
    """The app served on 127.0.0.1 from a thread, with a worker beside it sending its mail, as in production.

    The worker looks at the outbox every 50 ms and runs no periodic jobs (each test's data would be purged
    or reminded at random); tests wait for it with the `deliver_mail` fixture (tests/e2e/conftest.py). It
    runs only during a browser test (tests/e2e/conftest.py starts and stops it around each): the server lives
    for the whole session, and a worker left polling would take SQLite's write lock in the middle of the unit
    tests that follow, each of which holds that lock for its own transaction.
    """

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.worker = None
        self.worker_thread = None

    def start(self):
        self.thread.start()
        return self

    def start_worker(self):
        """A fresh worker beside the server, until stop_worker()."""
        from forumops.core.worker import Worker, WorkerSettings

        self.stop_worker()
        self.worker = Worker(self.app, run_jobs=False, settings=WorkerSettings(poll_seconds=0.05))
        self.worker_thread = threading.Thread(target=self.worker.run_forever, daemon=True)
        self.worker_thread.start()

    def stop_worker(self):
        """Let the worker finish its pass and stop (a pass is short: it waits for nothing but mail and rows)."""
        if self.worker is not None:
            self.worker.request_stop()
            self.worker_thread.join(timeout=10)
            assert not self.worker_thread.is_alive(), "the live server's worker did not stop within 10 s"
            self.worker = self.worker_thread = None

    def stop(self):
        self.stop_worker()
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_app(app):
    """A second app on the same database, with CSRF on, as a browser would meet it."""

    class BrowserConfig(TestingConfig):
        WTF_CSRF_ENABLED = True

    return create_app(BrowserConfig)


@pytest.fixture(scope="session")
def live_server(live_app):
    server = LiveServer(live_app).start()
    yield server
    server.stop()


class _Inbox:
    """A real SMTP server's handler: keeps every message received, parsed, and the connections it served.

    A test can make it refuse an address (`refuse[address] = "550 5.1.1 No such user"`), vanish at the end
    of a message's data (`vanish_after = n`: after n messages it closes the connection before answering and
    takes no more connections), hang up after answering (`hang_up_after = n`, as servers that limit messages
    per connection do), or hold each message until `hold_until_connections` connections are open.
    `wait_for(condition)` waits (bounded) until condition(inbox) holds, for tests of other processes.
    """

    def __init__(self):
        self.messages = []
        self.connection_of = []  # for each message, the number of the connection that carried it
        self.recipients: set[str] = set()  # every address that received at least one message
        self.connections = 0
        self.refuse: dict[str, str] = {}
        self.vanish_after: int | None = None
        self.hang_up_after: int | None = None
        self.down = False
        self.hold_until_connections: int | None = None
        self._enough_connections = None
        self._arrived = threading.Condition()

    def wait_for(self, condition, timeout: float = 20) -> bool:
        with self._arrived:
            return self._arrived.wait_for(lambda: condition(self), timeout)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.down:
            server.transport.close()
        elif getattr(session, "number", None) is None:
            self.connections += 1
            session.number = self.connections
            if self.hold_until_connections and self.connections >= self.hold_until_connections:
                self._event().set()
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        from email import message_from_bytes, policy

        if self.vanish_after is not None and len(self.messages) >= self.vanish_after:
            self.down = True
            server.transport.close()  # the data arrived, the answer never leaves: the client cannot know
            return "250 OK"
        if self.hold_until_connections:
            await asyncio.wait_for(self._event().wait(), timeout=10)
        with self._arrived:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            self.connection_of.append(session.number)
            self.recipients.update(envelope.rcpt_tos)
            self._arrived.notify_all()
        if self.hang_up_after is not None and len(self.messages) == self.hang_up_after:
            asyncio.get_running_loop().call_soon(server.transport.close)  # after the answer below is written
        return "250 OK"

    def _event(self):
        import asyncio

        if self._enough_connections is None:
            self._enough_connections = asyncio.Event()
        return self._enough_connections


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on 127.0.0.1; the app sends to it for the length of the test."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    # server_hostname: the greeting's name, so no connection waits on a DNS lookup of this machine's name
    controller = Controller(inbox, hostname="127.0.0.1", port=port, server_hostname="smtp.test")
    controller.start()
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", port
    yield inbox
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old
    controller.stop()


def send_queued_mail() -> None:
    """What one pass of the worker sends (every due message, no periodic jobs), for test helpers that have
    no fixture at hand; the `deliver_mail` fixture does the same and returns what arrived."""
    from flask import current_app

    from forumops.core.worker import Worker

    Worker(current_app._get_current_object(), run_jobs=False).send_due_mail()


@pytest.fixture
def deliver_mail(app, smtp_server):
    """Requests and operations only queue mail; the worker sends it. `deliver_mail()` does what the worker's
    pass does (every due message, over one connection, no periodic jobs) to the test SMTP server, and returns
    every message that server has received so far (`smtp_server.messages`)."""
    from forumops.core.worker import Worker

    def deliver():
        Worker(app, run_jobs=False).send_due_mail()
        return smtp_server.messages

    return deliver


_SAVEPOINT = re.compile(r"\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.IGNORECASE)


def count_queries(db, do) -> int:
    """How many SQL statements run while do() runs: pages must not grow this with the data."""
    from sqlalchemy import event

    statements = []

    def listener(*args):
        if not _SAVEPOINT.match(args[2]):  # the test's own transaction, not the page's work
            statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        do()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


@pytest.fixture
def issue_paper(db, create_registration):
    """A certificate or letter issued through certificates.issuing, committed; returns (paper, its printed code).

    Without `registration`, a confirmed person is registered to the forum first. `details` is what else the
    paper printed (a letter's passport fields, a certificate's organisation)."""
    from forumops.certificates.issuing import code_of, issue

    def make(forum, kind: str = "certificate", registration=None, holder_name: str = "Nguyễn Phương Linh",
             language: str = "en", details: dict | None = None, by=None):
        if registration is None:
            registration, _token = create_registration(forum, name=holder_name, notify=False, status="confirmed")
        paper = issue(registration, kind, holder_name=holder_name, language=language, details=details or {},
                      by_id=by.id if by is not None else None)
        code = code_of(paper)
        db.session.commit()
        return paper, code

    return make
