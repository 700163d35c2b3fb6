"""The mail outbox, infrastructure every stage uses: each email is saved first, in the transaction of the
change it reports; the worker (core.worker, `flask forumops worker`) sends it after the commit, so a mail
failure loses nothing and no request waits for SMTP.

Stages queue with `queue_mail`. A message of kind "service" is about the recipient's own registration or
account and always goes; "announcement" (what organisers write) respects opt-outs. `send_after` holds a
message back until its time; `claimed_by`/`claimed_until` are a worker's lease on it; `message_id` is fixed
when queued, so a retry sends the same Message-ID."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from functools import cache

from flask import current_app
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, insert, update
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import UTCDateTime, one_of, utcnow

MAIL_STATUSES = ("queued", "sent", "failed")
MAIL_KINDS = ("service", "announcement")


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (CheckConstraint("status IN ('queued', 'sent', 'failed')", name="status_known"),
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


@cache  # built once per process: every registration queues a message, under the forum's seat lock
def _insert_statement():
    return insert(OutboxMessage.__table__)


def queue_mail(to_address: str, subject: str, body_text: str, *, forum_id: int | None = None,
               registration_id: int | None = None, attachment: tuple[str, str, str] | None = None,
               kind: str = "service", send_after: datetime | None = None,
               headers: dict[str, str] | None = None) -> int:
    """Save a message in the outbox, in the caller's transaction; the worker sends it once that commits.
    Returns the message's id.

    `attachment` is (file name, MIME type, text), e.g. the programme as an .ics file; `kind` is "service"
    (about the recipient's own registration or account) or "announcement"; `send_after` holds it back until
    then; `headers` are extra header lines (List-Unsubscribe, ...), each cleaned of line breaks. One plain INSERT (the
    column defaults fill the rest): nothing reads the message back in this transaction, so the ORM's unit
    of work, three times the cost of the INSERT itself, buys nothing here.
    """
    values = {"to_address": to_address, "subject": fit_subject(subject),
              "body_text": body_text, "forum_id": forum_id, "registration_id": registration_id,
              "kind": kind, "send_after": send_after, "message_id": new_message_id(),
              "headers": {name: " ".join(value.split()) for name, value in (headers or {}).items()}}
    if attachment is not None:
        values["attachment_name"], values["attachment_type"], values["attachment_text"] = attachment
    db.session.flush()  # a Core INSERT does not autoflush: what the message is about is written first
    return db.session.execute(_insert_statement(), values).inserted_primary_key[0]  # type: ignore[attr-defined]  # INSERT: a CursorResult


def queue_mails(messages: list[dict]) -> list[int]:
    """Save many messages in one executemany INSERT (an announcement to 2,000 people): each dict takes
    queue_mail's arguments by name (to_address, subject, body_text, forum_id, registration_id, attachment, kind,
    send_after, headers). Returns their ids in the order given."""
    if not messages:
        return []
    rows = []
    for message in messages:
        row = {"to_address": message["to_address"], "subject": fit_subject(message["subject"]),
               "body_text": message["body_text"], "forum_id": message.get("forum_id"),
               "registration_id": message.get("registration_id"), "kind": message.get("kind", "service"),
               "send_after": message.get("send_after"), "message_id": new_message_id(),
               "headers": {name: " ".join(value.split()) for name, value in (message.get("headers") or {}).items()},
               "attachment_name": "", "attachment_type": "", "attachment_text": ""}
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
