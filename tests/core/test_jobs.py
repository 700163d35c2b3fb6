"""Periodic jobs (core.jobs): registered by their stage, run by the worker once per period across all workers,
brought back when a worker dies mid-job, retried after a failure; the cron commands still run them once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from forumops.core import jobs
from forumops.core.jobs import JobRun
from forumops.core.models import utcnow
from forumops.core.outbox import OutboxMessage, queue_mail

DAY = timedelta(days=1)
MIDNIGHT = jobs.EPOCH + 10_000 * DAY  # 00:00 UTC, a day boundary


@pytest.fixture
def registry(monkeypatch):
    """A registry of the test's own jobs only (the stages' jobs would purge and remind the test's data)."""
    monkeypatch.setattr(jobs, "_registry", {})
    return jobs


def run_of(db, name: str) -> JobRun:
    db.session.expire_all()
    return db.session.get(JobRun, name)


def test_each_stage_registers_its_daily_jobs(app):
    assert {job.name: job.every for job in jobs.registered_jobs()}.items() >= {
        "progress-reminders": DAY, "accounts-prune": DAY, "privacy-purge": DAY}.items()


def test_a_daily_job_runs_once_a_day(app, db, registry):
    runs = []

    @registry.daily("count")
    def count():
        runs.append(1)
        queue_mail("linh@example.org", "Daily note", "Hello")  # the job's writes are committed with it
        return "counted"

    assert jobs.run_due_jobs("a", now=MIDNIGHT + timedelta(hours=3)) == ["count"]
    assert jobs.run_due_jobs("b", now=MIDNIGHT + timedelta(hours=23, minutes=59)) == []
    assert jobs.run_due_jobs("b", now=MIDNIGHT + DAY) == ["count"]  # the next day's period
    assert len(runs) == 2
    assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == 2
    run = run_of(db, "count")
    assert (run.period_done, run.last_result, run.claimed_by, run.claimed_until) == (
        MIDNIGHT + DAY, "counted", "", None)


def test_a_worker_killed_mid_job_leaves_it_to_another_after_the_lease(app, db, registry):
    runs = []
    registry.register("digest", lambda: runs.append(1), every=timedelta(minutes=5), lease=timedelta(minutes=2))
    job = registry.get_job("digest")
    assert jobs.claim(job, "killed-worker", MIDNIGHT) == ("claimed", MIDNIGHT)  # then SIGKILL: it never finishes
    assert jobs.run_due_jobs("other", now=MIDNIGHT + timedelta(minutes=1)) == []  # its lease holds
    assert jobs.run_due_jobs("other", now=MIDNIGHT + timedelta(minutes=2)) == ["digest"]
    assert runs == [1]
    assert run_of(db, "digest").period_done == MIDNIGHT


def test_a_worker_whose_machine_clock_runs_ahead_does_not_take_a_live_job_lease(app, db, registry, monkeypatch):
    """Leases go by the database's clock: a worker on a machine two hours ahead sees the killed worker's
    lease (an hour) as live, and its own lease is written in the database's time, not its machine's."""
    runs = []
    registry.register("digest", lambda: runs.append(1), every=DAY)
    job = registry.get_job("digest")
    state, at = jobs.claim(job, "killed-worker")
    assert state == "claimed"
    assert abs(at - utcnow()) < timedelta(minutes=1)
    monkeypatch.setattr(jobs, "utcnow", lambda: utcnow() + timedelta(hours=2))  # the other machine's clock

    assert jobs.run_due_jobs("ahead") == []
    assert runs == []
    run = run_of(db, "digest")
    assert (run.claimed_by, run.claimed_until) == ("killed-worker", at + job.lease)


def test_a_failing_job_is_rolled_back_recorded_and_retried_later(app, db, registry):
    attempts = []

    @registry.daily("fragile")
    def fragile():
        attempts.append(1)
        queue_mail("linh@example.org", "Half done", "Never sent")
        if len(attempts) == 1:
            raise RuntimeError("the directory service timed out")

    assert jobs.run_due_jobs("a", now=MIDNIGHT) == []
    run = run_of(db, "fragile")
    assert run.last_error == "RuntimeError: the directory service timed out"
    assert run.period_done is None
    assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == 0  # its writes rolled back
    assert jobs.run_due_jobs("a", now=MIDNIGHT + timedelta(minutes=9)) == []  # not every pass
    assert jobs.run_due_jobs("b", now=MIDNIGHT + jobs.RETRY_FAILED) == ["fragile"]
    assert run_of(db, "fragile").last_error == ""
    assert len(attempts) == 2


def test_registering_two_different_jobs_under_one_name_is_refused(registry):
    registry.register("one", lambda: None, every=DAY)
    with pytest.raises(ValueError, match="two jobs are named 'one'"):
        registry.register("one", print, every=DAY)
    with pytest.raises(ValueError, match="positive"):
        registry.register("never", print, every=timedelta(0))


def test_the_cron_commands_still_run_the_same_jobs_once(app, db, create_user):
    from forumops.accounts.models import UserSession
    from forumops.accounts.operations import start_session

    user = create_user()
    start_session(user, "pytest")
    db.session.scalar(select(UserSession)).expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["forumops", "prune"])
    assert result.exit_code == 0, result.output
    assert "0 throttle events, 1 expired sessions and 0 old address links deleted." in result.output
    listing = app.test_cli_runner().invoke(args=["forumops", "jobs"])
    assert all(name in listing.output for name in ("accounts-prune", "privacy-purge", "progress-reminders"))


def test_worker_once_runs_the_due_jobs_then_sends_the_mail_they_queued(app, db, registry, smtp_server):
    @registry.daily("greet")
    def greet():
        queue_mail("linh@example.org", "Good morning", "The forum opens at 9:00.")

    result = app.test_cli_runner().invoke(args=["forumops", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert [m["Subject"] for m in smtp_server.messages] == ["Good morning"]


@pytest.mark.commits  # four workers, each with its own database connection, as on several machines
def test_four_workers_at_once_run_a_job_once(app, db, registry):
    runs = []
    registry.daily("count")(lambda: runs.append(1))
    start = threading.Barrier(4)
    ran = []

    def worker(name: str):
        start.wait(timeout=10)
        with app.app_context():
            ran.extend(jobs.run_due_jobs(name, now=MIDNIGHT))

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert runs == [1]
    assert ran == ["count"]
