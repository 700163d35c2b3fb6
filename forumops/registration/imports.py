"""CSV imports of invitees: all or nothing, and never holding the database for the whole list.

Every row is checked before anything is written (csvio.parse_invitees and the desk), and the mail the import
would send is checked against the quotas (core.quotas) before anything is written too. A short list is then
registered in the request, in one transaction. A longer one (more than IMPORT_BACKGROUND_ROWS rows) is handed to
the background worker as a RegistrationImport: the worker writes it one row per transaction (taking SQLite's
write lock only for each row's own INSERTs, core.database.reads_before_writes), so a registration on another
forum waits at most for one row, never for the list. All or nothing still holds for the people on it: their
emails are held until the last row is written (core.outbox, hold "import:<id>"), and an import that fails is
undone (its registrations and held emails deleted, the waiting list moved up into any seat it took). A worker
stopped or killed half-way leaves its lease to run out; the import then goes on from the row it had reached.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from sqlalchemy import case, delete, exists, func, or_, select, update

from ..accounts.models import User
from ..core import jobs, quotas
from ..core.database import database_unavailable, lock_for_update, reads_before_writes, write_intent
from ..core.models import utcnow
from ..core.outbox import caused_by, discard_held, release_hold
from ..extensions import db
from ..forums.models import Forum
from .answers import forget_files_of_import
from .csvio import Invitee
from .labels import STATUS_LABELS
from .models import InvitationCode, Registration, RegistrationImport
from .seats import DuplicateRegistration, promote_from_waitlist, register
from .setup import import_invitees, invitation_code_for_import

log = logging.getLogger(__name__)

ACTIVE = ("waiting", "running")
RETRY_BUSY = timedelta(seconds=30)  # a database too busy for a row: the import goes on after this


def background_rows() -> int:
    """Lists longer than this are imported by the worker (FORUMOPS_IMPORT_BACKGROUND_ROWS)."""
    return int(current_app.config["IMPORT_BACKGROUND_ROWS"])


def start_import(forum: Forum, invitees: list[Invitee], actor: User | None) -> RegistrationImport | dict[str, int]:
    """Import a checked list: a short one now (setup.import_invitees: how many ended in each status), a long one
    handed to the worker (the RegistrationImport). Either is refused whole, before anything is written, when its
    emails would pass a quota."""
    if len(invitees) <= background_rows():
        return import_invitees(forum, invitees, actor)
    return queue_import(forum, invitees, actor)


def queue_import(forum: Forum, invitees: list[Invitee], actor: User | None) -> RegistrationImport:
    """Hand a long list to the worker; the quotas are checked now, and reserve its emails until it is written."""
    quotas.check_mail_quota(forum_id=forum.id, actor_id=actor.id if actor is not None else None,
                            count=len(invitees), zone=forum.timezone)
    job = RegistrationImport(forum_id=forum.id, created_by_id=actor.id if actor is not None else None,
                             state="waiting", total=len(invitees), written=0, outcome={},
                             rows=[invitee.as_registration_data() for invitee in invitees])
    db.session.add(job)
    db.session.flush()
    return job


def _data(row: dict, code: str) -> dict:
    return row | {"consent_privacy": True, "invitation_code": code}


# --- reads -----------------------------------------------------------------------------------------------

def imports_to_show(forum: Forum) -> list[RegistrationImport]:
    """The forum's imports still running, and finished ones the organisers have not acknowledged yet."""
    return list(db.session.scalars(
        select(RegistrationImport).where(RegistrationImport.forum_id == forum.id,
                                         or_(RegistrationImport.state.in_(ACTIVE),
                                             RegistrationImport.acknowledged_at.is_(None)))
        .order_by(RegistrationImport.id)))


def get_import(forum: Forum, import_id: int) -> RegistrationImport | None:
    """One of this forum's imports (another forum's is not found)."""
    return db.session.scalar(select(RegistrationImport).where(RegistrationImport.forum_id == forum.id,
                                                              RegistrationImport.id == import_id))


def acknowledge(job: RegistrationImport) -> None:
    """The organisers have read how a finished import went: the desk stops showing it."""
    if job.finished and job.acknowledged_at is None:
        job.acknowledged_at = utcnow()
        db.session.flush()


def summary(job: RegistrationImport) -> str:
    """One sentence on where an import stands, for the page, the desk and the page's script alike."""
    if job.state == "waiting":
        return ngettext("%(num)d invitee waits to be imported: the import starts in a moment.",
                        "%(num)d invitees wait to be imported: the import starts in a moment.", job.total)
    if job.state == "running":
        return _("%(written)s of %(total)s invitees imported so far. Their emails go out once all are imported.",
                 written=format_number(job.written), total=format_number(job.total))
    if job.state == "failed":
        return job.error
    counts = ", ".join(f"{count:,} {str(STATUS_LABELS[status]).lower()}" for status, count in job.outcome.items()
                       if count and status in STATUS_LABELS)
    already = job.outcome.get("already", 0)
    text = ngettext("%(num)d invitee imported", "%(num)d invitees imported",
                    job.total - already) + (f" ({counts})" if counts else "") + "."
    if already:
        text += " " + ngettext("%(num)d had registered themselves meanwhile and was left as they were.",
                               "%(num)d had registered themselves meanwhile and were left as they were.", already)
    return text


@quotas.reservation
def _rows_still_to_write(forum_id: int | None, actor_id: int | None) -> tuple[int, int]:
    """Emails of imports not written yet, which the quotas count as if sent (one query)."""
    remaining = RegistrationImport.total - RegistrationImport.written
    of_forum = func.sum(case((RegistrationImport.forum_id == forum_id, remaining), else_=0))
    of_actor = func.sum(case((RegistrationImport.created_by_id == actor_id, remaining), else_=0))
    row = db.session.execute(select(func.coalesce(of_forum, 0), func.coalesce(of_actor, 0))
                             .where(RegistrationImport.state.in_(ACTIVE))).one()
    return int(row[0]), int(row[1])


# --- the worker's part ---------------------------------------------------------------------------------------

@dataclass
class _Claim:
    id: int
    forum_id: int
    actor_id: int | None
    rows: list[dict]
    written: int
    outcome: dict[str, int]
    code: str


@jobs.background("registration-imports")
def run_imports(worker: str, stop: threading.Event, budget: float) -> bool:
    """Write waiting imports for about `budget` seconds; True when one is not finished yet."""
    deadline = time.monotonic() + budget
    while not stop.is_set() and time.monotonic() < deadline:
        if not _work_waiting():
            return False
        claim = claim_next(worker)
        if claim is None:  # another worker holds each of them
            return False
        if not write_rows(claim, worker, stop, deadline):
            return True
    return _work_waiting()


def _work_waiting(now: datetime | None = None) -> bool:
    """An import waits for a worker (a plain read: no pass takes SQLite's write lock when none does). The read
    is ended at once, so the pass's next transaction (the mail's claim) begins with the write lock."""
    now = now or utcnow()
    waiting = db.session.scalar(select(exists().where(
        RegistrationImport.state.in_(ACTIVE),
        or_(RegistrationImport.claimed_until.is_(None), RegistrationImport.claimed_until <= now))))
    db.session.commit()
    return bool(waiting)


def _lease() -> timedelta:
    return timedelta(seconds=float(current_app.config["WORKER_LEASE_SECONDS"]))


def claim_next(worker: str, now: datetime | None = None) -> _Claim | None:
    """Lease the oldest import waiting (or left by a worker whose lease ran out), under lock."""
    now = now or utcnow()
    with write_intent():
        query = lock_for_update(select(RegistrationImport).where(
            RegistrationImport.state.in_(ACTIVE),
            or_(RegistrationImport.claimed_until.is_(None), RegistrationImport.claimed_until <= now))
            .order_by(RegistrationImport.id).limit(1))
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job = db.session.scalar(query)
        if job is None:
            db.session.commit()
            return None
        forum = db.session.get_one(Forum, job.forum_id)
        if job.state == "waiting":
            job.state, job.started_at = "running", now
            code = invitation_code_for_import(forum, job.total)
            job.invitation_code_id = code.id if code is not None else None
        job.claimed_by, job.claimed_until = worker, now + _lease()
        code_text = db.session.scalar(select(InvitationCode.code).where(
            InvitationCode.id == job.invitation_code_id)) if job.invitation_code_id else ""
        claim = _Claim(job.id, job.forum_id, job.created_by_id, list(job.rows), job.written, dict(job.outcome),
                       code_text or "")
        db.session.commit()
    return claim


def write_rows(claim: _Claim, worker: str, stop: threading.Event, deadline: float) -> bool:
    """Register the claimed import's rows from where it stands, one committed row at a time, until it is done
    (True: finished or undone), or the budget, a stop or a busy database ends this turn (False: the lease
    brings it back)."""
    failed_at = _write_from(claim, worker, stop, deadline)
    if failed_at is None:
        return False
    if failed_at:
        undo(claim.id, _("The import stopped at row %(row)d of %(total)d because of an error on our side, and was "
                         "undone: nobody was registered or emailed. Upload the file again; if it happens again, "
                         "tell the site administrator.", row=failed_at, total=len(claim.rows)))
    else:
        _finish(claim, worker)
    return True


def _write_from(claim: _Claim, worker: str, stop: threading.Event, deadline: float) -> int | None:
    """0 when every row is written; the number of the row that failed; None when this turn ended early."""
    with caused_by(claim.actor_id, hold=f"import:{claim.id}"), reads_before_writes():
        for index in range(claim.written, len(claim.rows)):
            if stop.is_set() or time.monotonic() >= deadline:
                _release(claim, worker)
                return None
            forum = db.session.get_one(Forum, claim.forum_id)
            try:
                try:
                    registration, _token = register(forum, _data(claim.rows[index], claim.code), notify=True)
                    registration.import_id = claim.id
                    status = registration.status
                except DuplicateRegistration:  # the person registered themselves since the list was checked
                    db.session.rollback()
                    status = "already"
                claim.outcome[status] = claim.outcome.get(status, 0) + 1
                if not _progress(claim, worker, index + 1):
                    db.session.rollback()  # the lease was lost to another worker, which goes on from here
                    return None
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                if database_unavailable(error):
                    _release(claim, worker, until=utcnow() + RETRY_BUSY)
                    log.warning("import %s paused at row %s: the database is busy", claim.id, index + 1)
                    return None
                log.exception("import %s failed at row %s; undone", claim.id, index + 1)
                return index + 1
    return 0


def _progress(claim: _Claim, worker: str, written: int) -> bool:
    """Record the row in the same transaction as the row itself, renewing the lease; False if it was lost."""
    result = db.session.execute(
        update(RegistrationImport).where(RegistrationImport.id == claim.id, RegistrationImport.claimed_by == worker)
        .values(written=written, outcome=dict(claim.outcome), claimed_until=utcnow() + _lease())
        .execution_options(synchronize_session=False))
    return result.rowcount == 1  # type: ignore[attr-defined]  # DML: a CursorResult


def _release(claim: _Claim, worker: str, until: datetime | None = None) -> None:
    with write_intent():
        db.session.execute(update(RegistrationImport).where(RegistrationImport.id == claim.id,
                                                            RegistrationImport.claimed_by == worker)
                           .values(claimed_by="", claimed_until=until).execution_options(synchronize_session=False))
        db.session.commit()


def _finish(claim: _Claim, worker: str) -> None:
    """Every row is written: the held emails go (or wait on as a draft's), and the rows are forgotten."""
    with write_intent():
        release_hold(f"import:{claim.id}", claim.forum_id)
        db.session.execute(update(RegistrationImport).where(RegistrationImport.id == claim.id,
                                                            RegistrationImport.claimed_by == worker)
                           .values(state="done", rows=[], finished_at=utcnow(), claimed_by="", claimed_until=None)
                           .execution_options(synchronize_session=False))
        db.session.commit()


def undo(import_id: int, reason: str) -> None:
    """Take back everything an import wrote: its held emails, its registrations (and the invitation code made
    for it); the waiting list moves up into any seat it had taken. The import says why, and forgets its rows."""
    with write_intent():
        job = db.session.get_one(RegistrationImport, import_id)
        forum = db.session.get_one(Forum, job.forum_id)
        discard_held(job.hold)
        forget_files_of_import(job.id)  # an organiser may have answered a file question at the desk meanwhile
        db.session.execute(delete(Registration).where(Registration.import_id == job.id)
                           .execution_options(synchronize_session=False))
        if job.invitation_code_id is not None:
            db.session.execute(delete(InvitationCode).where(InvitationCode.id == job.invitation_code_id))
        job.state, job.error, job.rows, job.finished_at = "failed", reason[:500], [], utcnow()
        job.claimed_by, job.claimed_until, job.invitation_code_id = "", None, None
        db.session.flush()
        promote_from_waitlist(forum)
        db.session.commit()
