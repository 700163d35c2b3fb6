"""The background worker (`flask forumops worker`): sends the outbox and runs the periodic jobs.

Requests only queue mail (core.outbox); the worker sends it. Several workers on several machines may share
one database. Each takes a batch of due messages with a lease: `SELECT ... FOR UPDATE SKIP LOCKED` on
PostgreSQL, under SQLite's write lock (BEGIN IMMEDIATE) there, setting `claimed_by` and `claimed_until`;
another worker skips leased messages, and a killed worker's lease runs out so its messages come back.
Leases are set and compared by the database's clock (core.jobs.database_now, read as each claim's first
statement and carried on by this machine's monotonic clock), so workers whose machine clocks disagree never
take each other's live claims.

Each message is marked sent, and committed, right after the server accepted it. What that gives:
- SIGTERM (or Ctrl+C): the message being sent is finished and recorded, the rest of the batch released,
  then the worker exits: nothing is sent twice.
- SIGKILL, a power cut or a database lost between the server's "250" and the commit: that one message
  (at most one per worker) is sent again when its lease runs out, with the same Message-ID (fixed when
  queued), which mail clients and many servers use to show it once. Every other message goes exactly once.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import case, or_, select, update

from ..extensions import db
from . import jobs
from .database import write_intent
from .jobs import database_now
from .models import utcnow
from .outbox import OutboxMessage, build_email, new_message_id
from .smtp import MailServer, RateLimit, SendFailure, SmtpConnection

log = logging.getLogger(__name__)

RETRY_FIRST = timedelta(minutes=1)  # after a refused attempt: 1, 2, 4 ... minutes, at most an hour
RETRY_LONGEST = timedelta(hours=1)
SERVER_DOWN_LONGEST_PAUSE = 300.0  # seconds: a worker that cannot reach the server retries at least this often
# this many messages in a row refused for now (4xx, broken connections): the server is in trouble (a provider's
# throttle, say), not each message; the drain stops, gives them back uncounted and backs off
TROUBLE_IN_A_ROW = 5


def retry_delay(attempts: int) -> timedelta:
    """How long a message waits after its `attempts`-th failed attempt."""
    return min(RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 16), RETRY_LONGEST)  # 2**16 minutes: past the cap


class DatabaseClock:
    """The time one drain of the outbox goes by: the database's, read once per claim (`read`, the claim's first
    statement) and carried on by this machine's monotonic clock between claims (`()`: sent_at, backoffs),
    so no machine's wall clock decides a lease. Given a fixed `now` (a test's), that instant throughout."""

    def __init__(self, fixed: datetime | None = None):
        self.fixed = fixed
        self._read_at: tuple[datetime, float] | None = None

    def read(self) -> datetime:
        """Ask the database (inside the transaction about to use it)."""
        if self.fixed is not None:
            return self.fixed
        self._read_at = (database_now(), time.monotonic())
        return self._read_at[0]

    def __call__(self) -> datetime:
        if self.fixed is not None:
            return self.fixed
        if self._read_at is None:  # nothing claimed yet: nothing leased to compare with either
            return utcnow()
        instant, monotonic = self._read_at
        return instant + timedelta(seconds=time.monotonic() - monotonic)


def worker_identity() -> str:
    """host:pid:random, written in `claimed_by`, so a lease names the process that holds it."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True)
class WorkerSettings:
    lease: timedelta = timedelta(minutes=5)
    poll_seconds: float = 5.0
    batch_size: int = 50
    rate_per_minute: int = 0
    give_up: timedelta = timedelta(hours=72)  # a message refused for now this long after the first refusal: failed

    @classmethod
    def from_config(cls, config) -> WorkerSettings:
        return cls(lease=timedelta(seconds=float(config["WORKER_LEASE_SECONDS"])),
                   poll_seconds=float(config["WORKER_POLL_SECONDS"]), batch_size=int(config["WORKER_BATCH_SIZE"]),
                   rate_per_minute=int(config["MAIL_RATE_PER_MINUTE"]),
                   give_up=timedelta(hours=float(config["MAIL_GIVE_UP_HOURS"])))

    @property
    def claim_size(self) -> int:
        """A batch small enough to send well within its lease at the capped rate."""
        if not self.rate_per_minute:
            return self.batch_size
        return max(1, min(self.batch_size, int(self.rate_per_minute * self.lease.total_seconds() / 120)))


@dataclass
class _Claimed:
    id: int
    attempts: int
    message: OutboxMessage = field(repr=False)


@dataclass
class MailPass:
    """What one drain of the outbox did."""

    sent: int = 0
    failed: int = 0  # attempts that failed (counted against the message or not)
    server_down: bool = False
    connections: int = 0
    # messages refused for now since the last one sent, still claimed: counted as their own failures once the
    # server is seen to answer, given back uncounted if it turns out to be in trouble (TROUBLE_IN_A_ROW)
    refused: list[tuple[_Claimed, SendFailure]] = field(default_factory=list)


class Worker:
    """Drains the outbox and runs due jobs, pass after pass, until asked to stop."""

    connection_class = SmtpConnection  # the benchmark swaps in one connection per message, to compare

    def __init__(self, app: Flask, *, identity: str | None = None, settings: WorkerSettings | None = None,
                 run_jobs: bool = True, run_background: bool = True):
        self.app = app
        self.identity = identity or worker_identity()
        self.settings = settings or WorkerSettings.from_config(app.config)
        self.run_jobs = run_jobs
        self.run_background = run_background  # work requests hand over (core.jobs.background): an import
        self.more_background_work = False
        self.stop_event = threading.Event()
        self.rate = RateLimit(self.settings.rate_per_minute)
        self._wake = threading.Event()
        self._progress = threading.Condition()
        self._passes_started = 0
        self._passes_finished = 0
        self._jobs_done: dict[str, datetime] = {}  # job -> end of a period seen complete (core.jobs)

    # --- running ---------------------------------------------------------------------------------------

    def request_stop(self, signum: int | None = None, _frame=None) -> None:
        """Finish the message being sent, release the rest, then stop (SIGTERM, SIGINT). A second Ctrl+C
        does not wait for a slow mail server: it stops at once, as a SIGKILL would."""
        if signum == signal.SIGINT and self.stop_event.is_set():
            raise KeyboardInterrupt
        self.stop_event.set()
        self._wake.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)

    def run_forever(self) -> None:
        """Pass after pass, each in its own app context (a fresh session), until request_stop()."""
        settings = self.settings
        log.info("worker %s started: lease %ss, poll %ss, batch %s, rate %s", self.identity,
                 int(settings.lease.total_seconds()), settings.poll_seconds, settings.claim_size,
                 f"{settings.rate_per_minute}/min" if settings.rate_per_minute else "unlimited")
        pause = settings.poll_seconds
        while not self.stop_event.is_set():
            self._wake.clear()
            with self.app.app_context():  # its teardown drops the pass's session, whatever happened
                try:
                    outcome = self.run_pass()
                except Exception:  # a database that went away, a job's bug: log, wait, try again
                    log.exception("worker pass failed")
                    outcome = MailPass(server_down=True)
            # a server that is down is asked again later and later (up to 5 minutes), not every poll
            pause = min(pause * 2, SERVER_DOWN_LONGEST_PAUSE) if outcome.server_down else settings.poll_seconds
            if not self.more_background_work:  # an import half-way goes on at once, after the due mail
                self._wake.wait(pause)
        log.info("worker %s stopped", self.identity)

    def run_pass(self, now: datetime | None = None) -> MailPass:
        """The due periodic jobs (if this worker runs them), a turn of background work, then every due message."""
        with self._progress:
            self._passes_started += 1
        try:
            if self.run_jobs:
                jobs.run_due_jobs(self.identity, now=now, stop=self.stop_event, known_done=self._jobs_done)
            if self.run_background:
                self.more_background_work = jobs.run_background_work(self.identity, self.stop_event)
            return self.send_due_mail(now)
        finally:
            with self._progress:
                self._passes_finished += 1
                self._progress.notify_all()

    def wait_for_pass(self, timeout: float) -> bool:
        """Wake the worker and wait until a pass that began after this call has finished (for tests)."""
        with self._progress:
            target = self._passes_started + 1
            self._wake.set()
            return self._progress.wait_for(lambda: self._passes_finished >= target, timeout)

    # --- mail ------------------------------------------------------------------------------------------

    def send_due_mail(self, now: datetime | None = None) -> MailPass:
        """Claim and send due messages, batch after batch, over one connection, until none is due.

        `now` stands in for the clock (tests of schedules and leases); the rate limit keeps real time.
        """
        outcome = MailPass()
        server = MailServer.from_config(self.app.config)
        if server is None:
            return outcome  # no FORUMOPS_MAIL_SERVER: mail stays in the outbox
        connection = self.connection_class(server)
        clock = DatabaseClock(now)
        try:
            with write_intent():
                while not self.stop_event.is_set():
                    batch = self._claim(clock.read())
                    if not batch or not self._send_batch(batch, connection, outcome, clock):
                        break
                self._count_refusals(outcome, clock())  # refusals the server answered, then nothing more
        finally:
            connection.close()
            outcome.connections = connection.opened
        return outcome

    def _claim(self, now: datetime | None = None) -> list[_Claimed]:
        """Lease a batch of due messages, service mail first. Plain rows (Core), not the session's objects:
        the emails are built after the commit, so SQLite's write lock is held for two statements only.
        `now`: the database's clock, read in this transaction (by default, here)."""
        now = now or database_now()
        table = OutboxMessage.__table__
        due = (select(table)
               .where(table.c.status == "queued",
                      or_(table.c.send_after.is_(None), table.c.send_after <= now),
                      or_(table.c.claimed_until.is_(None), table.c.claimed_until <= now))
               .order_by(case((table.c.kind == "service", 0), else_=1), table.c.id)
               .limit(self.settings.claim_size))
        if db.engine.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)  # another worker's rows are skipped, not waited for
        rows = db.session.execute(due).all()
        if not rows:
            db.session.commit()
            return []
        db.session.execute(update(table).where(table.c.id.in_([row.id for row in rows]))
                           .values(claimed_by=self.identity, claimed_until=now + self.settings.lease))
        claimed = []
        for row in rows:
            message = OutboxMessage(**row._asdict())  # transient: never added to the session
            if not message.message_id:  # queued before Message-IDs were fixed at queue time: fixed now
                message.message_id = new_message_id()
                db.session.execute(update(table).where(table.c.id == row.id).values(message_id=message.message_id))
            claimed.append(_Claimed(row.id, row.attempts, message))
        db.session.commit()
        return claimed

    def _send_batch(self, batch: list[_Claimed], connection: SmtpConnection, outcome: MailPass,
                    clock: DatabaseClock) -> bool:
        """Send a claimed batch; False when the drain should end (stopping, or the server is down).

        Whose failure it was decides what it costs the message. The server's (it could not be reached, it
        went away before this message's data, or it refused TROUBLE_IN_A_ROW messages for now in a row):
        the claims are given back with no attempt counted and no give-up clock started, the drain ends, and
        the worker asks again later; an outage of hours loses nothing. The message's own (the server
        answered it with 4xx, or broke off during its data, while other messages go): an attempt, its
        backoff, and failed after FORUMOPS_MAIL_GIVE_UP_HOURS. A refusal for good (5xx to the recipient):
        failed at once.
        """
        lease = self.settings.lease.total_seconds()
        # stop sending from a batch well before its lease runs out, or another worker may take it meanwhile
        deadline = time.monotonic() + lease - min(lease / 2, 3 * connection.server.timeout)
        for index, claimed in enumerate(batch):
            if time.monotonic() > deadline or not self.rate.wait(self.stop_event):
                self._release(batch[index:])
                return index > 0 and not self.stop_event.is_set()  # a lease too short to send even one: end
            try:
                connection.send(build_email(claimed.message))
            except SendFailure as failure:
                outcome.failed += 1
                if failure.permanent:
                    self._count_refusals(outcome, clock())  # the server answers properly: not its trouble
                    self._record_failure(claimed, failure, clock())
                    continue
                outcome.refused.append((claimed, failure))
                if server_gone(failure) or len(outcome.refused) >= TROUBLE_IN_A_ROW:
                    outcome.server_down = True
                    refused, outcome.refused = outcome.refused, []
                    self._release([claimed for claimed, _failure in refused] + batch[index + 1:],
                                  {claimed.id: failure.answer for claimed, failure in refused})
                    log.warning("mail server unavailable, %s message(s) given back without an attempt counted: %s",
                                len(batch) - index + len(refused) - 1, _reason(failure))
                    return False
                continue
            self._count_refusals(outcome, clock())
            self._record_sent(claimed, clock())
            outcome.sent += 1
        return True

    def _count_refusals(self, outcome: MailPass, now: datetime) -> None:
        """The refusals for now since the last message sent were each message's own: count their attempts."""
        refused, outcome.refused = outcome.refused, []
        for claimed, failure in refused:
            self._record_failure(claimed, failure, now)

    def _record_sent(self, claimed: _Claimed, now: datetime) -> None:
        """Right after the server's 250: the message is sent, whoever holds its lease now."""
        statement = (update(OutboxMessage).where(OutboxMessage.id == claimed.id, OutboxMessage.status == "queued")
                     .values(status="sent", sent_at=now, attempts=claimed.attempts + 1, last_error="",
                             claimed_by="", claimed_until=None)
                     .execution_options(synchronize_session=False))
        for attempt in range(3):  # a busy database must not make us send it again: try a little harder
            try:
                db.session.execute(statement)
                db.session.commit()
                return
            except Exception:
                db.session.rollback()
                if attempt == 2:
                    log.error("mail %s was sent but could not be recorded; it is sent again (same Message-ID) "
                              "when its lease runs out", claimed.id)
                    raise
                time.sleep(0.2 * 2 ** attempt)

    def _record_failure(self, claimed: _Claimed, failure: SendFailure, now: datetime) -> None:
        """The message's own failure: an attempt counted; failed if for good, or refused for now for longer
        than the give-up time; else retried after its backoff (never later than that time)."""
        attempts = claimed.attempts + 1
        failing_since = claimed.message.failing_since or now
        give_up_at = failing_since + self.settings.give_up
        final = failure.permanent or now >= give_up_at
        values = {"attempts": attempts, "last_error": failure.answer, "claimed_by": "", "claimed_until": None,
                  "status": "failed" if final else "queued", "failing_since": failing_since}
        if not final:  # not before then; its schedule had come anyway
            values["send_after"] = min(now + retry_delay(attempts), give_up_at)
        db.session.execute(update(OutboxMessage)
                           .where(OutboxMessage.id == claimed.id, OutboxMessage.claimed_by == self.identity)
                           .values(**values).execution_options(synchronize_session=False))
        db.session.commit()
        log.warning("mail %s not sent (attempt %s%s): %s%s", claimed.id, attempts, ", final" if final else "",
                    _reason(failure),
                    "; the server may have taken it, a retry keeps its Message-ID" if failure.uncertain else "")

    def _release(self, batch: list[_Claimed], errors: dict[int, str] | None = None) -> None:
        """Give back claims not used, no attempt counted: another pass or worker takes them at once. `errors`
        (message id -> the server's answer) says on the outbox page why a message given back did not go."""
        if not batch:
            return
        db.session.execute(update(OutboxMessage)
                           .where(OutboxMessage.id.in_([claimed.id for claimed in batch]),
                                  OutboxMessage.claimed_by == self.identity, OutboxMessage.status == "queued")
                           .values(claimed_by="", claimed_until=None).execution_options(synchronize_session=False))
        for message_id, answer in (errors or {}).items():
            db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                               .values(last_error=answer).execution_options(synchronize_session=False))
        db.session.commit()


def server_gone(failure: SendFailure) -> bool:
    """The server, not the message: it could not be reached, or the connection ended before the message's
    data began (a 421 "closing", a drop at MAIL FROM). A break during the data may be the message's own."""
    return failure.could_not_connect or (failure.connection_lost and not failure.uncertain)


def _reason(failure: SendFailure) -> str:
    """SMTP answers can quote the address: the log names the kind of failure only."""
    return failure.answer if failure.could_not_connect else type(failure.__cause__).__name__
