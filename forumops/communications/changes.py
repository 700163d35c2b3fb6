"""Programme-change notices: one digest per affected person, never one email per edit.

The organisers choose how digests go (ProgrammeChangeNotices.mode): "button", when they press "Notify
participants of changes"; "delay", by themselves once the programme has been left alone for N minutes (the
job `send_due_change_notices`); "off", not tracked. The pending changes are found by comparing the programme
with the snapshot taken when notices were turned on or the last digest went (programme_diff.py); sending
takes the forum's lock, compares again, writes the digests through send_announcement (opt-outs and the
forum's quota hold; source "programme_change") and takes the next snapshot, so pressing twice, or two workers
at once, sends nothing the second time. The job looks at each running forum without a lock first, locks only
one whose digests are due, and runs each in its own savepoint (automatic.one_forum_at_a_time): one forum's
error is kept on its page and the others' digests still go. A forum whose last day is past is left alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..agenda.models import AgendaItem
from ..clusters.models import Cluster, ClusterAssignment
from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.http import absolute_url
from ..core.i18n import day_in_zone
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .automatic import one_forum_at_a_time
from .digest import digest_body, digest_subject
from .models import ProgrammeChangeNotices
from .operations import check_quota, opted_out_ids, send_announcement
from .programme_diff import ItemChange, compare, snapshot_of
from .recipients import RecipientFilters, find_recipients
from .versions import in_each_language

RECIPIENTS = RecipientFilters(status="confirmed")  # waitlisted and pending people are not told either
SOURCE = "programme_change"
DELAY_RANGE = (5, 1440)  # minutes: long enough to finish a round of edits, at most a day


# --- reading -----------------------------------------------------------------------------------------------

def settings_of(forum: Forum) -> ProgrammeChangeNotices | None:
    """The forum's change-notice settings and snapshot (None: never turned on)."""
    return db.session.scalar(select(ProgrammeChangeNotices).where(ProgrammeChangeNotices.forum_id == forum.id))


def pending_changes(forum: Forum, notices: ProgrammeChangeNotices | None,
                    current: dict[str, dict] | None = None) -> list[ItemChange]:
    """The changes participants have not been told of (none while notices are off)."""
    if notices is None or notices.mode == "off" or notices.snapshot is None:
        return []
    return compare(notices.snapshot, snapshot_of(forum) if current is None else current)


def last_change_at(forum: Forum, changes: Sequence[ItemChange], notices: ProgrammeChangeNotices) -> datetime | None:
    """When the programme was last edited in a way that counts (the latest edit of a changed item); the delay
    of the "after N minutes" mode runs from here."""
    if not changes:
        return None
    latest = db.session.scalar(select(func.max(AgendaItem.updated_at)).where(
        AgendaItem.forum_id == forum.id, AgendaItem.id.in_([change.item_id for change in changes])))
    if latest is None or (notices.snapshot_at is not None and latest < notices.snapshot_at):
        return notices.snapshot_at  # a change not made through an item's edit (a cluster renamed)
    return latest


def due_at(forum: Forum, changes: Sequence[ItemChange], notices: ProgrammeChangeNotices) -> datetime | None:
    """When the "after N minutes" mode sends the pending changes (None: nothing pending, or not that mode)."""
    last = last_change_at(forum, changes, notices) if notices.mode == "delay" else None
    return last + timedelta(minutes=notices.delay_minutes) if last is not None else None


@dataclass(frozen=True)
class Digest:
    """The changes that matter to some people, and those people (each gets one email)."""

    changes: tuple[ItemChange, ...]
    people: tuple[Registration, ...]


def digests(forum: Forum, changes: Sequence[ItemChange]) -> list[Digest]:
    """One digest per distinct set of changes, with the confirmed people it concerns; people concerned by none
    are in none. Three queries, however many people and changes."""
    if not changes:
        return []
    clusters_of: dict[int | None, set[int]] = defaultdict(set)
    rows = db.session.execute(select(ClusterAssignment.registration_id, ClusterAssignment.cluster_id).join(
        Cluster, Cluster.id == ClusterAssignment.cluster_id).where(
        Cluster.forum_id == forum.id, ClusterAssignment.registration_id.is_not(None)))
    for registration_id, cluster_id in rows:
        clusters_of[registration_id].add(cluster_id)
    grouped: dict[tuple[int, ...], list[Registration]] = defaultdict(list)
    for person in find_recipients(forum, RECIPIENTS):
        theirs = tuple(index for index, change in enumerate(changes)
                       if change.everyone or change.cluster_ids & clusters_of[person.id]
                       or (person.user_id is not None and person.user_id in change.user_ids))
        if theirs:
            grouped[theirs].append(person)
    return [Digest(tuple(changes[index] for index in key), tuple(members)) for key, members in grouped.items()]


def digest_texts(forum: Forum, digest: Digest) -> tuple[str, str]:
    """The subject and body of one digest, with the composer's placeholders still in them."""
    return digest_subject(), digest_body(forum, digest.changes, absolute_url("agenda.programme", slug=forum.slug))


# --- the organisers' settings --------------------------------------------------------------------------------

def save_settings(forum: Forum, mode: str, delay_minutes: int | None, actor: User | None,
                  now: datetime | None = None) -> ProgrammeChangeNotices:
    """Turn notices on (the programme as it is now is what participants are taken to know), change how they
    go, or turn them off (the snapshot is dropped: turned on again, they count from then)."""
    if mode not in ("off", "button", "delay"):
        raise FormError(_("Choose how participants hear of changes."), field="mode")
    low, high = DELAY_RANGE
    if delay_minutes is None or not low <= delay_minutes <= high:
        raise FormError(_("Choose a delay from %(low)s to %(high)s minutes.", low=low, high=format_number(high)),
                        field="delay_minutes")
    now = now or utcnow()
    notices = settings_of(forum)
    if notices is None:
        notices = ProgrammeChangeNotices(forum_id=forum.id, mode="off", last_sent_count=0, blocked_reason="")
        db.session.add(notices)
    if mode == "off":
        notices.snapshot, notices.snapshot_at = None, None
    elif notices.snapshot is None:
        notices.snapshot, notices.snapshot_at = snapshot_of(forum), now
    notices.mode, notices.delay_minutes = mode, delay_minutes
    notices.blocked_reason, notices.blocked_at = "", None
    notices.updated_by_id = actor.id if actor is not None else None
    db.session.flush()
    return notices


# --- sending -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoticeResult:
    changes: int  # changes announced
    people: int  # people written to (opted-out people not counted)
    digests: int  # announcements written


def _lock(forum: Forum) -> ProgrammeChangeNotices | None:
    """Take the forum's lock, then read its settings (and the forum) afresh: what is decided after this sees
    every digest another worker or request committed before."""
    lock_forum(forum.id)
    db.session.refresh(forum)
    return db.session.scalar(select(ProgrammeChangeNotices).where(ProgrammeChangeNotices.forum_id == forum.id)
                             .execution_options(populate_existing=True))


def send_change_notices(forum: Forum, actor: User | None, now: datetime | None = None) -> NoticeResult:
    """Write every affected person their digest of the pending changes, then take the next snapshot (the
    organisers' "Notify participants of changes").

    Takes the forum's lock and compares after it, so a second press (or a worker at the same moment) finds
    nothing pending and sends nothing. Refuses (FormError) for a draft forum, notices turned off, or a quota
    the digests would pass; nothing is written then. Changes that concern nobody confirmed are taken as told.
    """
    now = now or utcnow()
    notices = _lock(forum)
    if notices is None or notices.mode == "off":
        raise FormError(_("Programme-change notices are off for this forum: turn them on first."))
    if forum.status == "draft":
        raise FormError(_("A draft forum sends no announcements: publish the forum first."))
    current = snapshot_of(forum)
    return _send(forum, notices, pending_changes(forum, notices, current), current, actor, now)


def _send(forum: Forum, notices: ProgrammeChangeNotices, changes: Sequence[ItemChange], current: dict[str, dict],
          actor: User | None, now: datetime) -> NoticeResult:
    if not changes:
        return NoticeResult(0, 0, 0)
    found = digests(forum, changes)
    skipped = opted_out_ids(forum)
    people = sum(1 for digest in found for person in digest.people if person.id not in skipped)
    if people:
        check_quota(forum, actor, people, now)
    for digest in found:  # each written in the languages its people read
        subject, body, versions = in_each_language(forum, digest.people, partial(digest_texts, forum, digest))
        send_announcement(forum, subject, body, digest.people, actor=actor, source=SOURCE,
                          filters=RECIPIENTS.as_dict(), check_limits=False,  # checked above, for all of them
                          versions=versions)
    notices.snapshot, notices.snapshot_at = current, now
    notices.last_sent_at, notices.last_sent_count = now, people
    notices.blocked_reason, notices.blocked_at = "", None
    db.session.flush()
    return NoticeResult(len(changes), people, len(found))


def send_due_change_notices(now: datetime | None = None) -> int:
    """Send the digests of every running forum in "after N minutes" mode whose programme has been left alone
    that long (the job). Returns how many people were written to. Flushes, the caller commits; safe from
    several workers at once.

    Each forum is first looked at without its lock; only one whose digests are due is locked, looked at again
    and sent, in a savepoint of its own: a refusal (a quota) or any error is kept on the forum's settings for
    its organisers and tried again on the next run, half-written nothing, and the other forums go on. A forum
    whose last day is past (in its own zone) is skipped: its programme no longer changes anyone's day.
    """
    now = now or utcnow()
    candidates = db.session.execute(
        select(ProgrammeChangeNotices, Forum).join(Forum, Forum.id == ProgrammeChangeNotices.forum_id)
        .where(ProgrammeChangeNotices.mode == "delay", Forum.status != "draft",
               Forum.end_date >= (now - timedelta(days=1)).date())  # the zone's day is checked below
        .order_by(ProgrammeChangeNotices.id)).all()
    people = 0
    for notices, forum in candidates:
        if forum.end_date < day_in_zone(forum.timezone, now) or not _due_changes(forum, notices, now):
            continue
        sent = one_forum_at_a_time("change notices", forum, notices, now, partial(_send_if_still_due, forum, now))
        people += sent or 0
    return people


def _due_changes(forum: Forum, notices: ProgrammeChangeNotices, now: datetime,
                 current: dict[str, dict] | None = None) -> list[ItemChange]:
    """The pending changes, if the programme has been left alone for the forum's delay (else none)."""
    changes = pending_changes(forum, notices, current)
    due = due_at(forum, changes, notices)
    return changes if due is not None and now >= due else []


def _send_if_still_due(forum: Forum, now: datetime) -> int:
    """Under the forum's lock, decided again on what is committed now: another worker may have sent them."""
    notices = _lock(forum)
    if notices is None or notices.mode != "delay" or forum.status == "draft":
        return 0
    current = snapshot_of(forum)
    changes = _due_changes(forum, notices, now, current)
    return _send(forum, notices, changes, current, None, now).people if changes else 0
