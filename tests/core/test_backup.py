"""Backup while registrations stream in, and restore: nothing committed before the backup is lost.

A thread posts the real registration form one person after another (each POST commits, with its
email in the outbox) while `flask forumops backup` runs in the middle of the stream. The emails
whose POST had answered before the backup began must all be in the restored database; those
begun after the backup ended must not (the restore really replaced the data); every restored
registration must be whole (its queued email, a manage token hash, a check-in code, seats within
capacity); and `flask forumops restore --yes` must report the integrity check passed.

Runs on SQLite (online backup API) and, with FORUMOPS_TEST_DATABASE_URL set, on PostgreSQL
(pg_dump -Fc / pg_restore --clean), where pg_dump must be installed and match the server.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select

from forumops.core.backup import BackupError, backup_database, pg_environment, pg_tool
from forumops.core.outbox import OutboxMessage
from forumops.registration.models import Registration, RegistrationSettings

# A backup reads the database through its own connection (or pg_dump): it sees only commits.
pytestmark = pytest.mark.commits

CAPACITY = 10
STREAM_LIMIT = 150  # registrations at most
WAIT = 60  # seconds any step may take before the test fails instead of hanging


@pytest.fixture
def forum(create_forum, db):
    forum = create_forum(slug="backup-forum", status="registration_open", mode="hybrid")
    db.session.add(RegistrationSettings(forum_id=forum.id, capacity=CAPACITY))
    db.session.commit()
    return forum


@pytest.fixture
def needs_tools(db):
    if db.engine.dialect.name == "postgresql":
        try:
            pg_tool("pg_dump")
            pg_tool("pg_restore")
        except BackupError as error:
            pytest.skip(str(error))


def person(i: int) -> dict[str, str]:
    return {"name": f"Nguyễn Thị Person {i}", "email": f"stream{i}@example.org", "organisation": "Oxfam",
            "country": "VN", "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": "y"}


class Stream(threading.Thread):
    """Registers people one after another through the real form until told to stop."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.client = app.test_client()
        self.answered: list[str] = []  # emails whose POST returned 302 (committed)
        self.begun_after_backup: list[str] = []  # emails whose POST began after the backup ended
        self.backup_done = threading.Event()
        self.stop = threading.Event()
        self.errors: list[str] = []

    def run(self):
        deadline = time.monotonic() + WAIT
        for i in range(STREAM_LIMIT):
            if self.stop.is_set() or time.monotonic() > deadline:
                return
            after = self.backup_done.is_set()
            data = person(i)
            response = self.client.post("/forums/backup-forum/register", data=data)
            if response.status_code != 302:
                self.errors.append(f"{data['email']}: {response.status_code}")
                return
            self.answered.append(data["email"])
            if after:
                self.begun_after_backup.append(data["email"])

    def wait_for(self, count: int, attr: str = "answered") -> None:
        deadline = time.monotonic() + WAIT
        while len(getattr(self, attr)) < count and self.is_alive():
            assert time.monotonic() < deadline, "the registration stream stalled"
            time.sleep(0.01)  # polling a counter, not timing a race
        assert len(getattr(self, attr)) >= count, f"stream ended early: {self.errors}"


def test_backup_mid_stream_restores_everything_committed_before_it(app, db, forum, tmp_path, needs_tools,
                                                                   monkeypatch):
    # the stream registers from one address for as long as the backup takes: on a busy machine pg_dump takes long
    # enough for the per-address limit (30 an hour, tested in tests/registration) to answer 429 mid-stream
    monkeypatch.setitem(app.config, "REGISTRATIONS_PER_CLIENT", 0)
    runner = app.test_cli_runner()
    stream = Stream(app)
    stream.start()
    try:
        stream.wait_for(8)
        committed_before = list(stream.answered)
        result = runner.invoke(args=["forumops", "backup", str(tmp_path)])
        stream.backup_done.set()
        assert result.exit_code == 0, result.output
        stream.wait_for(3, "begun_after_backup")  # the stream went on after the backup
    finally:
        stream.stop.set()
        stream.join(WAIT)
    assert not stream.errors
    backups = list(tmp_path.iterdir())
    assert len(backups) == 1
    assert backups[0].name.startswith("forumops-")
    assert backups[0].stat().st_mode & 0o777 == 0o600  # personal data: only the owner reads it
    sent, forum_id = set(stream.answered), forum.id
    db.session.remove()

    result = runner.invoke(args=["forumops", "restore", "--yes", str(backups[0])])
    assert result.exit_code == 0, result.output
    assert "Integrity check passed" in result.output
    assert "FAIL" not in result.output

    restored = {r.email: r for r in db.session.scalars(select(Registration))}
    assert set(committed_before) <= set(restored), "a registration committed before the backup is missing"
    assert not set(stream.begun_after_backup) & set(restored), "the restore did not replace later data"
    assert set(restored) <= sent
    outbox = {(m.to_address, m.forum_id) for m in db.session.scalars(select(OutboxMessage))}
    for registration in restored.values():
        assert (registration.email, forum_id) in outbox
        assert len(registration.manage_token_hash) == 64
        assert len(registration.checkin_code) == 12
        assert registration.name.startswith("Nguyễn Thị Person")
        assert registration.organisation.name == "Oxfam"
    statuses = [r.status for r in restored.values()]
    assert set(statuses) <= {"confirmed", "waitlisted"}
    assert statuses.count("confirmed") == min(CAPACITY, len(statuses))
    print(f"\n{len(committed_before)} committed before the backup, {len(restored)} restored, "
          f"{len(sent)} sent in all")


def test_restore_asks_first_and_refuses_what_is_not_a_backup(app, db, forum, tmp_path, needs_tools):
    runner = app.test_cli_runner()
    app.test_client().post("/forums/backup-forum/register", data=person(1))
    backup = backup_database(db.engine.url, tmp_path / "one.backup")
    app.test_client().post("/forums/backup-forum/register", data=person(2))
    db.session.remove()

    result = runner.invoke(args=["forumops", "restore", str(backup)], input="n\n")
    assert result.exit_code != 0
    assert "Replace everything" in result.output
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["forumops", "restore", "--yes", str(garbage)])
    assert result.exit_code != 0
    assert "nothing was changed" in result.output
    assert db.session.scalar(select(func.count(Registration.id))) == 2

    result = runner.invoke(args=["forumops", "restore", str(backup)], input="y\n")
    assert result.exit_code == 0, result.output
    assert [r.email for r in db.session.scalars(select(Registration))] == ["stream1@example.org"]


def test_sqlite_backup_is_one_self_contained_file(app, db, forum, tmp_path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    app.test_client().post("/forums/backup-forum/register", data=person(1))
    backup = backup_database(db.engine.url, tmp_path / "copy.sqlite")
    assert not (tmp_path / "copy.sqlite-wal").exists()
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("SELECT email FROM registrations").fetchall() == [("stream1@example.org",)]
    finally:
        copy.close()
    assert [p.name for p in tmp_path.iterdir()] == ["copy.sqlite"]  # no partial file left behind


def test_the_copy_is_private_from_its_first_byte(app, db, forum, tmp_path, monkeypatch, needs_tools):
    """Other local accounts must not be able to open the file while it is still being written (pg_dump can
    take minutes) and keep reading it afterwards."""
    from forumops.core import backup

    modes = []
    real_run, real_sqlite = backup._run, backup._sqlite_backup

    def watched_run(tool, args, url):
        partial = next(a.split("=", 1)[1] for a in args if a.startswith("--file="))
        modes.append(os.stat(partial).st_mode & 0o777)
        return real_run(tool, args, url)

    def watched_sqlite(path, partial):
        modes.append(os.stat(partial).st_mode & 0o777)
        return real_sqlite(path, partial)

    monkeypatch.setattr(backup, "_run", watched_run)
    monkeypatch.setattr(backup, "_sqlite_backup", watched_sqlite)
    stale = tmp_path / f".forumops-leftover.{os.getpid()}.partial"  # a killed run's leftover, same pid
    stale.write_bytes(b"half a dump")
    old_umask = os.umask(0o022)  # a usual umask: files readable by everyone unless made otherwise
    try:
        made = backup_database(db.engine.url, tmp_path)
    finally:
        os.umask(old_umask)
    assert modes == [0o600]
    assert made.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([made.name, stale.name])  # only ours cleaned


def test_postgres_password_travels_in_the_environment_not_argv():
    from sqlalchemy.engine import make_url

    env = pg_environment(make_url("postgresql+psycopg://forum%20ops:s3cr%40t@db.internal:6543/forum's?sslmode=require"))
    assert (env["PGUSER"], env["PGPASSWORD"], env["PGHOST"], env["PGPORT"]) == ("forum ops", "s3cr@t",
                                                                                "db.internal", "6543")
    assert env["PGDATABASE"] == "forum's"
    assert env["PGSSLMODE"] == "require"
    assert os.environ.get("PGPASSWORD") != "s3cr@t"
