"""The mail outbox, infrastructure every stage uses: each email is saved first, in the transaction of the
change it reports; the worker (core.worker, `flask forumops worker`) sends it after the commit, so a mail
failure loses nothing and no request waits for SMTP.

Stages queue with `queue_mail`. A message of kind "service" is about the recipient's own registration or
account and always goes; "announcement" (what organisers write) respects opt-outs. `send_after` holds a
message back until its time; `claimed_by`/`claimed_until` are a worker's lease on it; `message_id` is fixed
when queued, so a retry sends the same Message-ID.

Who caused a message, and when it may go: `actor_id` names the account whose action wrote to someone else
(an organiser's import, invitation, plan link or announcement), which core.quotas counts; a message that
must wait is "held" under a `hold` key (`"draft"`: its forum is not announced yet; `"import:7"`: its import
is not finished) and the worker never claims it until release_hold() lets it go. Stages say when mail of a
forum waits with hold_rule (forums: a draft forum sends nothing), and name the cause of what they queue with
queue_mail's arguments or, around code that queues deep down (an import registering people), caused_by()."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from functools import cache

from flask import current_app
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, delete, func, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import UTCDateTime, one_of, utcnow

MAIL_STATUSES = ("queued", "held", "sent", "failed")  # held: waits for its hold to be released
MAIL_KINDS = ("service", "announcement")


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (CheckConstraint(one_of("status", MAIL_STATUSES), name="status_known"),
                      CheckConstraint(one_of("kind", MAIL_KINDS), name="kind_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="SET NULL"), nullable=True,
                                                 index=True)
    # the registration the message is about, if any: erasing it deletes exactly its mail (matching by
    # address would also take mail of whoever really owns an address a registrant typed)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"),
                                                        nullable=True, index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # one text attachment at most (the programme's .ics); kept with the message so a retry sends it too
    attachment_name: Mapped[str] = mapped_column(String(120), default="")
    attachment_type: Mapped[str] = mapped_column(String(80), default="")
    attachment_text: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="service", server_default="service")
    # not sent before this instant: a scheduled message's time, then, after a failed attempt, its next try
    send_after: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    message_id: Mapped[str] = mapped_column(String(200), default="", server_default="")
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # e.g. List-Unsubscribe
    claimed_by: Mapped[str] = mapped_column(String(80), default="", server_default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # the account whose action wrote to someone else (an import, an invitation, an announcement): the quotas
    # count these (core.quotas); None for mail a person caused for themselves (their registration, a reset)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                 index=True)
    # what a held message waits for: "draft" (its forum is not announced yet), "import:<id>" (its import runs)
    hold: Mapped[str] = mapped_column(String(40), default="", server_default="", index=True)
    # the first attempt the server refused for now (4xx) since it was queued (or queued again): a message still
    # refused FORUMOPS_MAIL_GIVE_UP_HOURS later is failed. A server that could not be reached leaves it alone.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


SUBJECT_LENGTH: int = OutboxMessage.__table__.c.subject.type.length  # a String(300)


def fit_subject(subject: str) -> str:
    """The subject on one line, and cut at a word boundary with an ellipsis to fit its column: a safety net, so
    a long forum title filled into a placeholder never makes the database refuse the message (PostgreSQL
    checks the length, SQLite does not); the composer refuses an over-long subject beside its field first."""
    line = " ".join(subject.split())  # no CR/LF can reach a header
    if len(line) <= SUBJECT_LENGTH:
        return line
    cut = line[:SUBJECT_LENGTH - 1]
    word_end = cut.rfind(" ")
    if word_end > SUBJECT_LENGTH // 2:  # a word boundary not too far back; else cut inside the long word
        cut = cut[:word_end]
    return cut.rstrip(" ,;:-") + "…"


# --- who caused it, and whether it waits ---------------------------------------------------------------

@dataclass(frozen=True)
class _Cause:
    actor_id: int | None
    hold: str


_cause: ContextVar[_Cause | None] = ContextVar("forumops_mail_cause", default=None)

HoldRule = Callable[[int], str]  # forum id -> the hold its mail is queued under now ("" : none)
_hold_rules: list[HoldRule] = []


def hold_rule(rule: HoldRule) -> HoldRule:
    """Let a stage say when a forum's mail waits (forums: "draft" while the forum is a draft); a decorator.

    The rule is asked once per message queued (once per forum for queue_mails): read what the session holds
    already (db.session.get), so queueing costs no query when the forum is loaded."""
    if rule not in _hold_rules:
        _hold_rules.append(rule)
    return rule


def hold_for(forum_id: int | None) -> str:
    """The hold a message of this forum is queued under now: the first registered rule's answer, or ""."""
    if forum_id is None:
        return ""
    for rule in _hold_rules:
        hold = rule(forum_id)
        if hold:
            return hold
    return ""


@contextmanager
def caused_by(actor_id: int | None, *, hold: str = "") -> Iterator[None]:
    """Mail queued inside is written at this account's request to other people (counted against its quotas,
    core.quotas) and, with `hold`, waits until release_hold(hold): for code that queues deep inside operations
    it calls (an import registers people, and registering queues their email)."""
    token = _cause.set(_Cause(actor_id, hold))
    try:
        yield
    finally:
        _cause.reset(token)


def _status_and_hold(forum_id: int | None, actor_id: int | None, hold: str | None,
                     forum_holds: dict[int | None, str] | None = None) -> dict:
    """The columns saying who caused a message and whether it waits: the arguments given (hold "" : sent
    whatever the forum's rules say, a choice its caller explains), else caused_by()'s, else the forum's hold
    rules (asked once per forum when `forum_holds` keeps their answers)."""
    cause = _cause.get()
    if actor_id is None and cause is not None:
        actor_id = cause.actor_id
    if hold is None:
        hold = cause.hold if cause is not None else ""
        if not hold and forum_holds is None:
            hold = hold_for(forum_id)
        elif not hold and forum_holds is not None:
            if forum_id not in forum_holds:
                forum_holds[forum_id] = hold_for(forum_id)
            hold = forum_holds[forum_id]
    return {"actor_id": actor_id, "hold": hold, "status": "held" if hold else "queued"}


@cache  # built once per process: every registration queues a message, under the forum's seat lock
def _insert_statement():
    return insert(OutboxMessage.__table__)


def queue_mail(to_address: str, subject: str, body_text: str, *, forum_id: int | None = None,
               registration_id: int | None = None, attachment: tuple[str, str, str] | None = None,
               kind: str = "service", send_after: datetime | None = None,
               headers: dict[str, str] | None = None, actor_id: int | None = None, hold: str | None = None) -> int:
    """Save a message in the outbox, in the caller's transaction; the worker sends it once that commits.
    Returns the message's id.

    `attachment` is (file name, MIME type, text), e.g. the programme as an .ics file; `kind` is "service"
    (about the recipient's own registration or account) or "announcement"; `send_after` holds it back until
    then; `headers` are extra header lines (List-Unsubscribe, ...), each cleaned of line breaks. `actor_id`:
    the account that wrote to this person (counted by the quotas); `hold`: what it waits for (None: what
    caused_by() or the forum's hold rules say; "": it goes now, whatever the forum's rules). One plain
    INSERT (the column defaults fill the rest): nothing reads the message back in this transaction, so the
    ORM's unit of work, three times the cost of the INSERT itself, buys nothing here.
    """
    values = {"to_address": to_address, "subject": fit_subject(subject),
              "body_text": body_text, "forum_id": forum_id, "registration_id": registration_id,
              "kind": kind, "send_after": send_after, "message_id": new_message_id(),
              "headers": {name: " ".join(value.split()) for name, value in (headers or {}).items()},
              **_status_and_hold(forum_id, actor_id, hold)}
    if attachment is not None:
        values["attachment_name"], values["attachment_type"], values["attachment_text"] = attachment
    db.session.flush()  # a Core INSERT does not autoflush: what the message is about is written first
    return db.session.execute(_insert_statement(), values).inserted_primary_key[0]  # type: ignore[attr-defined]  # INSERT: a CursorResult


def queue_mails(messages: list[dict]) -> list[int]:
    """Save many messages in one executemany INSERT (an announcement to 2,000 people): each dict takes
    queue_mail's arguments by name (to_address, subject, body_text, forum_id, registration_id, attachment, kind,
    send_after, headers, actor_id, hold). Returns their ids in the order given."""
    if not messages:
        return []
    rows = []
    forum_holds: dict[int | None, str] = {}
    for message in messages:
        forum_id = message.get("forum_id")
        row = {"to_address": message["to_address"], "subject": fit_subject(message["subject"]),
               "body_text": message["body_text"], "forum_id": forum_id,
               "registration_id": message.get("registration_id"), "kind": message.get("kind", "service"),
               "send_after": message.get("send_after"), "message_id": new_message_id(),
               "headers": {name: " ".join(value.split()) for name, value in (message.get("headers") or {}).items()},
               "attachment_name": "", "attachment_type": "", "attachment_text": "",
               **_status_and_hold(forum_id, message.get("actor_id"), message.get("hold"), forum_holds)}
        if message.get("attachment") is not None:
            row["attachment_name"], row["attachment_type"], row["attachment_text"] = message["attachment"]
        rows.append(row)
    db.session.flush()
    table = OutboxMessage.__table__
    # RETURNING pairs each id with its Message-ID (unique per message), so the ids come back in the order given
    # without asking the database for an order it may only give one row at a time (SQLite)
    returned = {message_id: row_id for row_id, message_id in db.session.execute(
        insert(table).returning(table.c.id, table.c.message_id), rows)}
    return [returned[row["message_id"]] for row in rows]


def release_hold(hold: str, forum_id: int | None = None) -> int:
    """Let the mail held under `hold` (of one forum, or every forum) go, as its forum's rules allow now: mail
    an import held, on a forum still a draft, waits on as "draft"; the rest is queued for the worker. Returns
    how many messages were queued."""
    table = OutboxMessage.__table__
    where = [table.c.status == "held", table.c.hold == hold]
    if forum_id is not None:
        where.append(table.c.forum_id == forum_id)
    queued = 0
    for held_forum in db.session.scalars(select(table.c.forum_id).where(*where).distinct()).all():
        now_held = hold_for(held_forum)
        result = db.session.execute(
            update(table).where(*where, table.c.forum_id.is_(None) if held_forum is None
                                else table.c.forum_id == held_forum)
            .values(hold=now_held, status="held" if now_held else "queued"))
        queued += 0 if now_held else result.rowcount  # type: ignore[attr-defined]  # DML: a CursorResult
    return queued


def discard_held(hold: str) -> int:
    """Delete the mail still held under `hold` (an import undone: nobody hears of it). Returns how many."""
    return db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.status == "held", OutboxMessage.hold == hold)
        .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]  # DML: a CursorResult


def held_count(forum_id: int, hold: str | None = None) -> int:
    """How many of this forum's messages wait (under `hold`, or under any)."""
    query = select(func.count(OutboxMessage.id)).where(OutboxMessage.forum_id == forum_id,
                                                         OutboxMessage.status == "held")
    if hold is not None:
        query = query.where(OutboxMessage.hold == hold)
    return db.session.scalar(query) or 0


# queued again as if new: its first attempt at once (the worker's backoff time was its own; a person asks now),
# and a fresh FORUMOPS_MAIL_GIVE_UP_HOURS before it is given up; its last answer stays on the outbox page
_QUEUED_AGAIN = {"status": "queued", "attempts": 0, "send_after": None, "failing_since": None, "claimed_by": "",
                 "claimed_until": None}


def requeue(message_ids: list[int]) -> int:
    """Try these messages again from the first attempt (an organiser's "Send again" on failed mail). Returns
    how many were failed and are queued again; sent mail is never sent twice."""
    if not message_ids:
        return 0
    return db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == "failed")
        .values(**_QUEUED_AGAIN)
        .execution_options(synchronize_session="fetch")).rowcount  # type: ignore[attr-defined]  # DML: a CursorResult


def requeue_failed(since: datetime | None = None) -> int:
    """Queue every failed message again (the administrator's `flask forumops send-mail --retry-failed`, after
    an outage), or only those queued at or after `since`. Returns how many; flushes, the caller commits."""
    statement = update(OutboxMessage).where(OutboxMessage.status == "failed")
    if since is not None:
        statement = statement.where(OutboxMessage.created_at >= since)
    return db.session.execute(statement.values(**_QUEUED_AGAIN).execution_options(
        synchronize_session=False)).rowcount  # type: ignore[attr-defined]  # DML: a CursorResult


def new_message_id() -> str:
    """A Message-ID fixed when the message is queued, so every attempt to send it carries the same one."""
    sender = current_app.config.get("MAIL_SENDER") or ""
    domain = sender.rpartition("@")[2].strip(" >") or "forumops.local"
    return make_msgid(domain=domain)


def build_email(message: OutboxMessage) -> EmailMessage:
    """The email to send for an outbox row: its Message-ID, headers and attachment included."""
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_SENDER"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id or new_message_id()
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.body_text)
    if message.attachment_name:
        maintype, _, subtype = message.attachment_type.partition("/")
        email.add_attachment(message.attachment_text.encode(), maintype=maintype, subtype=subtype,
                             filename=message.attachment_name)
    return email
