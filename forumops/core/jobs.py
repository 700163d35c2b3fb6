"""Periodic jobs: each stage registers its own (progress reminders, pruning, purging); the worker runs each
once per period across every worker sharing the database.

    from ..core import jobs

    @jobs.daily("progress-reminders")
    def progress_reminders() -> str:
        return f"{send_reminders()} reminders queued"

Periods are aligned to fixed instants (a daily job's period starts at 00:00 UTC), so "once per period"
holds whichever worker gets there first. A job is a function without arguments that writes through
operations (flush, never commit) and may return a short summary for the log; the runner commits. A job
must be safe to run twice: a worker killed mid-job leaves it unfinished, and another runs it again once
the first one's lease runs out. A job that raises is rolled back and tried again after RETRY_FAILED.
Importing the stage's module registers its jobs: the app factory imports them (register_jobs).

Background work is the other kind: heavy work a request hands over (an import of thousands of rows), found in
the stage's own table and run by the worker on every pass rather than once per period:

    @jobs.background("registration-imports")
    def run_imports(worker: str, stop: threading.Event, budget: float) -> bool:
        ...  # claim an item with a lease, work on it (committing as it goes) for about `budget` seconds
        return more_to_do

The function claims its own work under lock with a lease (so several workers share it, and a killed worker's
item is taken up again), commits as it goes, stops when `stop` is set, and returns True when work remains:
the worker then sends the mail that is due and comes straight back instead of waiting for its next poll.

Leases and periods go by the database's clock (`database_now`), read inside the transaction that takes the
lease, never by the machine's: workers on machines whose clocks disagree still agree on whose lease has run
out. A test's `now=` stands in for that clock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import String, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .database import insert_if_absent, lock_for_update, write_intent
from .models import UTCDateTime, utcnow

log = logging.getLogger(__name__)

EPOCH = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday at 00:00 UTC: days start at midnight UTC, weeks on Monday
RETRY_FAILED = timedelta(minutes=10)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], object]
    every: timedelta
    lease: timedelta  # a worker killed mid-job: another may start it again after this long

    def period_start(self, now: datetime) -> datetime:
        """The start of the period `now` falls in."""
        return EPOCH + self.every * ((now - EPOCH) // self.every)


_registry: dict[str, Job] = {}


def database_now() -> datetime:
    """The database server's time, the one clock every worker sharing it agrees on (for leases).

    Call it as the first statement of the transaction that takes a lease. PostgreSQL: clock_timestamp() (a
    timestamptz; now() would be the transaction's start). SQLite: its own 'now' in UTC, as naive text with
    milliseconds, made aware here; every process sharing a SQLite file runs on its machine (WAL works on no
    network filesystem), so it is that machine's clock, read the same way as PostgreSQL's.
    """
    if db.engine.dialect.name == "postgresql":
        instant: datetime = db.session.execute(select(func.clock_timestamp())).scalar_one()
        return instant.astimezone(UTC)
    text: str = db.session.execute(select(func.strftime("%Y-%m-%d %H:%M:%f", "now"))).scalar_one()
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def register(name: str, func: Callable[[], object], *, every: timedelta, lease: timedelta | None = None):
    """Run `func` once every `every` (across all workers). Returns `func`, so it works as a decorator's end."""
    if every <= timedelta(0):
        raise ValueError(f"job {name!r}: the period must be positive")
    known = _registry.get(name)
    if known is not None and f"{known.func.__module__}.{known.func.__qualname__}" != \
            f"{func.__module__}.{func.__qualname__}":
        raise ValueError(f"two jobs are named {name!r}")
    _registry[name] = Job(name, func, every, lease or min(every, timedelta(hours=1)))
    return func


def periodic(name: str, every: timedelta, lease: timedelta | None = None):
    """Decorator: `@jobs.periodic("digests", every=timedelta(minutes=5))`."""
    return lambda func: register(name, func, every=every, lease=lease)


def daily(name: str, lease: timedelta | None = None):
    """Decorator: once a day, in the first worker pass after 00:00 UTC."""
    return periodic(name, timedelta(days=1), lease)


BackgroundWork = Callable[[str, threading.Event, float], bool]  # (worker, stop, budget in s) -> work remains
_background: dict[str, BackgroundWork] = {}
BACKGROUND_BUDGET = 10.0  # seconds of background work per pass, so due mail is never kept waiting long


def background(name: str) -> Callable[[BackgroundWork], BackgroundWork]:
    """Decorator: run this on every pass of the worker (see the module's docstring)."""
    def register_work(func: BackgroundWork) -> BackgroundWork:
        _background[name] = func
        return func
    return register_work


def run_background_work(worker: str, stop: threading.Event | None = None,
                        budget: float = BACKGROUND_BUDGET) -> bool:
    """One turn of every registered background work; True when some of it has more to do. A failure is
    rolled back and logged (the work's own lease brings it back), never the end of the pass."""
    stop = stop or threading.Event()
    more = False
    for name, work in sorted(_background.items()):
        if stop.is_set():
            break
        try:
            more = work(worker, stop, budget) or more
        except Exception:
            log.exception("background work %s failed; its lease brings it back", name)
        finally:
            # the work commits what it writes; ending whatever it left open means the pass's next transaction
            # begins anew (under write_intent: with SQLite's write lock, never a read upgraded to a write)
            db.session.rollback()
    return more


def registered_jobs() -> list[Job]:
    """Every job the stages registered, by name (`flask forumops jobs` lists them)."""
    return sorted(_registry.values(), key=lambda job: job.name)


def get_job(name: str) -> Job:
    """The job of that name; KeyError lists the known ones."""
    if name not in _registry:
        raise KeyError(f"no job named {name!r}; known: {', '.join(sorted(_registry)) or 'none'}")
    return _registry[name]


class JobRun(db.Model):
    """One row per job: the last period it completed, and the lease of the worker running it now."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    period_done: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # a running job's lease; after a failure, the time before which it is not tried again
    claimed_by: Mapped[str] = mapped_column(String(80), default="", server_default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_result: Mapped[str] = mapped_column(String(300), default="", server_default="")
    last_error: Mapped[str] = mapped_column(String(500), default="", server_default="")


def run_now(job: Job) -> str:
    """Run a job once, here, and commit (the cron commands): no period or lease is consulted."""
    with write_intent():
        result = job.func()
        db.session.commit()
    return "" if result is None else str(result)


def run_due_jobs(worker: str, now: datetime | None = None, stop: threading.Event | None = None,
                 known_done: dict[str, datetime] | None = None) -> list[str]:
    """Run every registered job whose period has no completed run and no live lease. Returns their names.

    `known_done` (kept by a worker between passes) maps a job to the end of a period it saw completed:
    until then (by this machine's clock: it only spares a look) the job's row is not read again.
    """
    known_done = {} if known_done is None else known_done
    ran = []
    for job in registered_jobs():
        if stop is not None and stop.is_set():
            break
        if known_done.get(job.name, EPOCH) > (now or utcnow()):
            continue
        state, at = claim(job, worker, now)
        if state == "claimed" and _run_claimed(job, worker, at):
            ran.append(job.name)
            state = "done"
        if state == "done":
            known_done[job.name] = job.period_start(at) + job.every
    return ran


def claim(job: Job, worker: str, now: datetime | None = None) -> tuple[str, datetime]:
    """Take the job's row under lock: "claimed" (this worker runs this period), "done" (this period's run
    is complete) or "busy" (another worker runs it, or it failed and waits for its retry); with the time it
    was decided at (the database's clock, or `now`)."""
    with write_intent():
        at = now or database_now()
        insert_if_absent(JobRun, {"name": job.name}, ["name"])
        row = db.session.scalar(lock_for_update(select(JobRun).where(JobRun.name == job.name))
                                .execution_options(populate_existing=True))
        if row.period_done is not None and row.period_done >= job.period_start(at):
            state = "done"
        elif row.claimed_until is not None and row.claimed_until > at:
            state = "busy"
        else:
            state = "claimed"
            row.claimed_by, row.claimed_until, row.last_started_at = worker, at + job.lease, at
        db.session.commit()
    return state, at


def _run_claimed(job: Job, worker: str, now: datetime) -> bool:
    started = time.monotonic()
    try:
        summary = run_now(job)
    except Exception as error:
        db.session.rollback()
        log.exception("job %s failed; tried again in %s", job.name, RETRY_FAILED)
        _finish(job, worker, claimed_by="", claimed_until=now + min(RETRY_FAILED, job.every),
                last_error=f"{type(error).__name__}: {error}"[:500])
        return False
    duration = time.monotonic() - started
    log.info("job %s done in %.1f s%s", job.name, duration, f": {summary}" if summary else "")
    _finish(job, worker, period_done=job.period_start(now), claimed_by="", claimed_until=None,
            last_finished_at=now + timedelta(seconds=duration), last_result=summary[:300], last_error="")
    return True


def _finish(job: Job, worker: str, **values) -> None:
    with write_intent():
        db.session.execute(update(JobRun).where(JobRun.name == job.name, JobRun.claimed_by == worker)
                           .values(**values).execution_options(synchronize_session=False))
        db.session.commit()
