"""How much mail one account, and one forum, may make ForumOps send to other people: one check for every kind.

A stranger can sign up, make a forum and have ForumOps write to any address typed into it: an import's
registration emails, invitations, plan links, announcements. Each of those is an outbox row naming the account
that caused it (`actor_id`, core.outbox); an announcement counts even when nobody pressed a button (the automatic
ones the organisers turned on). Over a rolling window of MAIL_QUOTA_HOURS, an account may cause
MAIL_ACCOUNT_QUOTA such emails (all its forums together) and a forum MAIL_FORUM_QUOTA (the administrator's
figure for that forum when set: communications registers it with forum_limit). Mail a person causes for
themselves (their own registration's email, a password reset) is not counted: it goes only to the address they
typed, and other limits (throttles) keep that honest.

Work that will write mail later (an import waiting for the worker) reserves its share now (reservation), so two
imports cannot each pass the check and then together go over. Callers check before writing anything, so a
refusal leaves nothing half-done: check_mail_quota raises QuotaReached, a FormError that says what happened
and from when the same would be allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ..extensions import db
from .errors import FormError
from .i18n import format_moment
from .models import utcnow
from .outbox import OutboxMessage

ForumLimit = Callable[[int], "int | None"]  # forum id -> the administrator's figure for it, or None
Reservation = Callable[["int | None", "int | None"], "tuple[int, int]"]  # (forum id, actor id) -> reserved
_forum_limits: list[ForumLimit] = []
_reservations: list[Reservation] = []


def forum_limit(provider: ForumLimit) -> ForumLimit:
    """Let a later stage give one forum a figure of its own (communications: the administrator's); a decorator."""
    if provider not in _forum_limits:
        _forum_limits.append(provider)
    return provider


def reservation(provider: Reservation) -> Reservation:
    """Let a stage count mail it will write later (an import waiting to run): (forum id, actor id) ->
    (emails reserved for that forum, emails reserved by that account); a decorator."""
    if provider not in _reservations:
        _reservations.append(provider)
    return provider


def window() -> timedelta:
    """The rolling window both quotas count over."""
    return timedelta(hours=current_app.config["MAIL_QUOTA_HOURS"])


def account_limit() -> int:
    """Emails one account may cause per window, over all its forums."""
    return int(current_app.config["MAIL_ACCOUNT_QUOTA"])


def limit_for_forum(forum_id: int) -> int:
    """Emails one forum may send per window: the administrator's figure for it, or the default."""
    for provider in _forum_limits:
        figure = provider(forum_id)
        if figure is not None:
            return figure
    return int(current_app.config["MAIL_FORUM_QUOTA"])


def _counted_of_forum(forum_id: int):
    return (OutboxMessage.forum_id == forum_id,
            or_(OutboxMessage.actor_id.is_not(None), OutboxMessage.kind == "announcement"))


def _counted_of_actor(actor_id: int):
    return (OutboxMessage.actor_id == actor_id,)


@dataclass(frozen=True)
class MailUse:
    """Emails counted in the window (written, and reserved for work still to run) and the limit."""

    used: int
    limit: int


def forum_use(forum_id: int, now: datetime | None = None) -> MailUse:
    """What this forum has used of its quota in the window."""
    return MailUse(_used(_counted_of_forum(forum_id), now) + _reserved(forum_id, None)[0], limit_for_forum(forum_id))


def account_use(actor_id: int, now: datetime | None = None) -> MailUse:
    """What this account has used of its quota in the window."""
    return MailUse(_used(_counted_of_actor(actor_id), now) + _reserved(None, actor_id)[1], account_limit())


def _used(where, now: datetime | None) -> int:
    since = (now or utcnow()) - window()
    return db.session.scalar(select(func.count(OutboxMessage.id)).where(*where, OutboxMessage.created_at >= since)) \
        or 0


def _reserved(forum_id: int | None, actor_id: int | None) -> tuple[int, int]:
    forum_total = actor_total = 0
    for provider in _reservations:
        of_forum, of_actor = provider(forum_id, actor_id)
        forum_total, actor_total = forum_total + of_forum, actor_total + of_actor
    return forum_total, actor_total


class QuotaReached(FormError):
    """Sending `count` more would take an account or a forum past its quota. `retry_at`: from when the same
    would fit (None: not before the work running now has finished, or never in one go)."""

    def __init__(self, message: str, field: str | None, retry_at: datetime | None):
        super().__init__(message, field=field)
        self.retry_at = retry_at


def check_mail_quota(*, forum_id: int | None, actor_id: int | None, count: int, now: datetime | None = None,
                     field: str | None = None, zone: str = "UTC") -> None:
    """Refuse (QuotaReached) `count` more emails to other people when they would take the account or the forum
    past its quota. Call it before writing anything. `zone`: the time zone the retry time is told in."""
    if count <= 0:
        return
    now = now or utcnow()
    hours = current_app.config["MAIL_QUOTA_HOURS"]
    if actor_id is not None:
        use = account_use(actor_id, now)
        if use.used + count > use.limit:
            retry_at = _fits_again_at(_counted_of_actor(actor_id), use, count, now)
            raise QuotaReached(_("Your account may write to %(limit)s people in %(hours)s hours; it has written "
                                 "to %(used)s, so these %(count)s would go over.", limit=format_number(use.limit),
                                 hours=hours, used=format_number(use.used), count=format_number(count))
                               + " " + _when_again(retry_at, count, use, zone), field, retry_at)
    if forum_id is not None:
        use = forum_use(forum_id, now)
        if use.used + count > use.limit:
            retry_at = _fits_again_at(_counted_of_forum(forum_id), use, count, now)
            raise QuotaReached(_("This forum may write to %(limit)s people in %(hours)s hours; it has written to "
                                 "%(used)s, so these %(count)s would go over.", limit=format_number(use.limit),
                                 hours=hours, used=format_number(use.used), count=format_number(count))
                               + " " + _when_again(retry_at, count, use, zone)
                               + " " + _("The site administrator can raise this forum's limit."), field, retry_at)


def _fits_again_at(where, use: MailUse, count: int, now: datetime) -> datetime | None:
    """When enough of the counted emails have left the window for `count` more to fit: the moment the k-th
    oldest of them turns older than the window. None when they never would (more than the limit at once, or
    reserved work still to run)."""
    over = use.used + count - use.limit
    if count > use.limit:
        return None
    oldest = db.session.scalar(
        select(OutboxMessage.created_at).where(*where, OutboxMessage.created_at >= now - window())
        .order_by(OutboxMessage.created_at, OutboxMessage.id).offset(over - 1).limit(1))
    return oldest + window() if oldest is not None else None


def _when_again(retry_at: datetime | None, count: int, use: MailUse, zone: str) -> str:
    if count > use.limit:
        return _("That is more than the limit at once: send them in parts.")
    if retry_at is None:
        return _("Try again once the work running now (an import) has finished.")
    return _("They would fit from %(when)s (%(zone)s).", when=format_moment(retry_at, "short", zone), zone=zone)
