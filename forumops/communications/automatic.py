"""Automatic messages: the reminder N days before a forum starts and the message N days after it ends.

The organisers turn each on, choose N and the local hour, and may edit its text (the composer's placeholders;
an unknown one is refused by name). Each goes once per forum, to the people confirmed at that moment, through
communications.operations.send_announcement: opt-outs hold, the forum's quota holds, and the Announcement it
writes (source "auto_before" / "auto_after") is the record that it went. Nothing goes from a draft forum.

`send_due_automatic_messages(now)` is the job (the worker runs it every few minutes, `flask forumops
send-automatic` once): it takes the forum's lock before deciding, so several workers never send one twice.
A message a quota (or the lack of anyone confirmed) held back says why on the organisers' page and is tried
again on the next run. Each forum's part runs in a savepoint of its own (`one_forum_at_a_time`): whatever
goes wrong with one forum (a quota, or an error nobody foresaw) is rolled back, logged and shown to its
organisers, and every other forum's messages still go.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import exists, select

from ..accounts.models import User
from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.http import absolute_url
from ..core.models import utcnow
from ..core.text import clean_line, clean_text
from ..extensions import db
from ..forums.models import Forum
from ..outcomes.models import OutcomeReport
from . import automatic_texts
from .checks import check_text
from .models import AUTOMATIC_KINDS, Announcement, AutomaticMessage
from .operations import send_announcement
from .recipients import RecipientFilters, count_recipients, find_recipients
from .versions import in_each_language

SOURCES = {"before": "auto_before", "after": "auto_after"}
DAYS_RANGE = {"before": (1, 60), "after": (0, 60)}  # a reminder on the first day itself would come too late
HOURS = tuple(range(6, 21))  # the local hours offered: none in the middle of the night
LATEST_HOUR = 21  # a message waiting for the report does not go from this hour of the evening
DEFAULTS = {"before": {"days": 2, "hour": 9}, "after": {"days": 1, "hour": 10}}
RECIPIENTS = RecipientFilters(status="confirmed")  # waitlisted, pending and cancelled people get neither

log = logging.getLogger(__name__)
T = TypeVar("T")


# --- reading -----------------------------------------------------------------------------------------------

def new_settings(forum: Forum, kind: str) -> AutomaticMessage:
    """The settings of a forum that never saved any (off), not added to the session."""
    return AutomaticMessage(forum_id=forum.id, kind=kind, is_enabled=False, subject="", body="",
                            wait_for_report=False, blocked_reason="", **DEFAULTS[kind])


def settings_of(forum: Forum) -> dict[str, AutomaticMessage]:
    """kind -> the forum's settings for it (saved, or the defaults), one query."""
    saved = {m.kind: m for m in db.session.scalars(select(AutomaticMessage).where(
        AutomaticMessage.forum_id == forum.id))}
    return {kind: saved.get(kind) or new_settings(forum, kind) for kind in AUTOMATIC_KINDS}


def sent_of(forum: Forum) -> dict[str, Announcement]:
    """kind -> the announcement it went as, for those that went (one query)."""
    rows = db.session.scalars(select(Announcement).where(
        Announcement.forum_id == forum.id, Announcement.source.in_(SOURCES.values())).order_by(Announcement.id))
    by_source = {announcement.source: announcement for announcement in rows}
    return {kind: by_source[source] for kind, source in SOURCES.items() if source in by_source}


def texts(forum: Forum, message: AutomaticMessage) -> tuple[str, str]:
    """The subject and body as the organisers set them, or the defaults."""
    return (message.subject or automatic_texts.default_subject(message.kind),
            message.body or automatic_texts.default_body(message.kind, forum))


def _local(forum: Forum, day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(forum.timezone or "UTC"))


def report_published_at(forum: Forum) -> datetime | None:
    """When the forum's report was published (None: not, or not yet)."""
    return db.session.scalar(select(OutcomeReport.published_at).where(OutcomeReport.forum_id == forum.id))


def due_at(forum: Forum, message: AutomaticMessage, published_at: datetime | None = None) -> datetime | None:
    """When it is to go: N days before the first day or after the last, at the hour, in the forum's zone.

    A message after the end that waits for the report goes once both that time and the publication have come
    (None until the report is out); a report published in the evening sends it at the hour the next morning,
    one published before the hour at the hour itself.
    """
    if message.kind == "before":
        return _local(forum, forum.start_date - timedelta(days=message.days), message.hour)
    scheduled = _local(forum, forum.end_date + timedelta(days=message.days), message.hour)
    if not message.wait_for_report:
        return scheduled
    if published_at is None:
        return None
    if published_at <= scheduled:
        return scheduled
    local = published_at.astimezone(scheduled.tzinfo)
    if local.hour < message.hour:
        return _local(forum, local.date(), message.hour)
    if local.hour >= LATEST_HOUR:
        return _local(forum, local.date() + timedelta(days=1), message.hour)
    return published_at


def too_late_at(forum: Forum) -> datetime:
    """A reminder not sent by the time the forum's first day begins is not sent at all."""
    return _local(forum, forum.start_date, 0)


@dataclass(frozen=True)
class AutomaticStatus:
    """What the organisers' page says about one automatic message."""

    state: str  # off, draft, scheduled, waiting_report, sent, too_late
    at: datetime | None = None  # when it goes (scheduled) or went (sent)
    announcement: Announcement | None = None
    blocked_reason: str = ""  # the last attempt sent nothing, and why


def status_of(forum: Forum, message: AutomaticMessage, sent: Announcement | None, published_at: datetime | None,
              now: datetime | None = None) -> AutomaticStatus:
    """Where one automatic message stands: sent (and when), off, too late, waiting for the report, or due at a
    time; with the reason the last attempt was held back, if any."""
    now = now or utcnow()
    if sent is not None:
        return AutomaticStatus("sent", sent.created_at, sent)
    if not message.is_enabled:
        return AutomaticStatus("off")
    blocked = message.blocked_reason
    if message.kind == "before" and now >= too_late_at(forum):
        return AutomaticStatus("too_late", blocked_reason=blocked)
    due = due_at(forum, message, published_at)
    if forum.status == "draft":
        return AutomaticStatus("draft", due, blocked_reason=blocked)
    if due is None:
        return AutomaticStatus("waiting_report", blocked_reason=blocked)
    return AutomaticStatus("scheduled", due, blocked_reason=blocked)


def recipient_count(forum: Forum) -> int:
    """How many people an automatic message would go to now (opted-out people included: they are skipped)."""
    return count_recipients(forum, RECIPIENTS)


# --- the organisers' settings --------------------------------------------------------------------------------

def save_settings(forum: Forum, kind: str, data: dict, actor: User | None) -> AutomaticMessage:
    """Save one automatic message's settings: on/off, days, hour, text (a default left unchanged is stored as
    "", so it keeps following the forum), and for the message after the end whether it waits for the report.
    Refuses days out of range and unknown placeholders, naming the field."""
    low, high = DAYS_RANGE[kind]
    days = data.get("days")
    if days is None or not low <= days <= high:
        raise FormError(_("Choose a number of days from %(low)s to %(high)s.", low=low, high=high), field="days")
    if data.get("hour") not in HOURS:
        raise FormError(_("Choose one of the hours offered."), field="hour")
    subject, body = clean_line(data.get("subject")), clean_text(data.get("body"))
    if not subject:
        raise FormError(_("Give the message a subject."), field="subject")
    if not body:
        raise FormError(_("Write the message."), field="body")
    check_text(subject, body)
    message = db.session.scalar(select(AutomaticMessage).where(AutomaticMessage.forum_id == forum.id,
                                                               AutomaticMessage.kind == kind))
    if message is None:
        message = new_settings(forum, kind)
        db.session.add(message)
    message.is_enabled = bool(data.get("is_enabled"))
    message.days, message.hour = days, data["hour"]
    message.subject = "" if subject == automatic_texts.default_subject(kind) else subject
    message.body = "" if body == clean_text(automatic_texts.default_body(kind, forum)) else body
    message.wait_for_report = kind == "after" and bool(data.get("wait_for_report"))
    message.blocked_reason, message.blocked_at = "", None  # the organisers' change is the next try
    message.updated_by_id = actor.id if actor is not None else None
    db.session.flush()
    return message


# --- sending -----------------------------------------------------------------------------------------------

def message_texts(forum: Forum, message: AutomaticMessage, published: bool) -> tuple[str, str]:
    """The subject and body that go: the message after the end gains the report's address once it is out."""
    subject, body = texts(forum, message)
    if message.kind == "after" and published:
        body += automatic_texts.report_paragraph(absolute_url("outcomes.report", slug=forum.slug))
    return subject, body


def _is_due(forum: Forum, message: AutomaticMessage, published_at: datetime | None, now: datetime) -> bool:
    if forum.status == "draft" or not message.is_enabled:
        return False
    due = due_at(forum, message, published_at)
    if due is None or now < due:
        return False
    return message.kind != "before" or now < too_late_at(forum)


def _already_sent(forum: Forum, kind: str) -> bool:
    return bool(db.session.scalar(select(exists().where(Announcement.forum_id == forum.id,
                                                        Announcement.source == SOURCES[kind]))))


def send_if_due(forum: Forum, message: AutomaticMessage, now: datetime) -> Announcement | None:
    """Send this automatic message if its time has come and it has not gone yet; returns what went.

    Takes the forum's lock first and decides on what it reads after it, so two workers (or a worker and the
    CLI) running together send it once. A quota or an empty list leaves the reason on the settings row.
    """
    lock_forum(forum.id)
    db.session.refresh(forum)
    db.session.refresh(message)
    published_at = report_published_at(forum)
    if not _is_due(forum, message, published_at, now) or _already_sent(forum, message.kind):
        return None
    people = find_recipients(forum, RECIPIENTS)
    # the default texts in each language the people read; a text the organisers wrote, in the main language
    ours = not message.subject and not message.body
    subject, body, versions = in_each_language(forum, people if ours else [],
                                               lambda: message_texts(forum, message, published_at is not None))
    try:
        with db.session.begin_nested():  # a refusal leaves nothing half-written
            announcement = send_announcement(forum, subject, body, people, actor=None,
                                             source=SOURCES[message.kind], filters=RECIPIENTS.as_dict(),
                                             versions=versions)
    except FormError as refused:
        hold_back(message, refused.message, now)
        return None
    message.blocked_reason, message.blocked_at = "", None
    db.session.flush()
    return announcement


class HeldBack(Protocol):
    """A settings row that says on the organisers' page why its last try sent nothing."""

    blocked_reason: str
    blocked_at: datetime | None


def hold_back(settings: HeldBack, reason: str, now: datetime) -> None:
    """Keep why nothing went, for the organisers' page (the time of the first such try, not of each)."""
    if settings.blocked_reason != reason[:500]:
        settings.blocked_reason, settings.blocked_at = reason[:500], now
        db.session.flush()


def one_forum_at_a_time(job: str, forum: Forum, settings: HeldBack, now: datetime, send: Callable[[], T]) -> T | None:
    """One forum's part of a job, in a savepoint of its own: anything it raises is rolled back, and kept as
    the reason on `settings` for its organisers (a refusal's own words, or that an error stopped it, logged
    with its traceback for the administrator), so one forum's trouble never stops the other forums'."""
    try:
        with db.session.begin_nested():
            return send()
    except FormError as refused:
        hold_back(settings, refused.message, now)
    except Exception as error:
        reason = _("An unexpected error stopped it (%(error)s); the administrator finds the details in the "
                   "worker's log.", error=type(error).__name__)
        if settings.blocked_reason != reason[:500]:
            log.exception("%s: forum %s (%s) failed; the other forums go on", job, forum.id, forum.slug)
        else:
            log.warning("%s: forum %s (%s) failed again: %s", job, forum.id, forum.slug, type(error).__name__)
        hold_back(settings, reason, now)
    return None


def send_due_automatic_messages(now: datetime | None = None) -> int:
    """Send every automatic message whose time has come and that has not gone yet (the job). Returns how many
    messages went (not recipients). Safe to run often, and from several workers at once; flushes, the caller
    commits. Each forum in its own savepoint: one forum's error is kept on its page, not the others' end."""
    now = now or utcnow()
    candidates = db.session.execute(
        select(AutomaticMessage, Forum).join(Forum, Forum.id == AutomaticMessage.forum_id)
        .where(AutomaticMessage.is_enabled, Forum.status != "draft",
               ~exists().where(Announcement.forum_id == AutomaticMessage.forum_id,
                               Announcement.source == _source_column()))
        .order_by(AutomaticMessage.id)).all()
    sent = 0
    for message, forum in candidates:
        published_at = report_published_at(forum) if message.wait_for_report else None
        if not _is_due(forum, message, published_at, now):
            continue  # decided again under the lock: the first look only spares forums with nothing due
        if one_forum_at_a_time("automatic messages", forum, message, now,
                               partial(send_if_due, forum, message, now)) is not None:
            sent += 1
    return sent


def _source_column():
    """The announcement source that records an automatic message, as SQL ("auto_" + its kind)."""
    return "auto_" + AutomaticMessage.kind
