"""The check-in desk, for the organisers at the door: a code typed or scanned (a QR scanner types like a
keyboard), or a name search, records a confirmed person present on one day of the forum, once a day
(operations.check_in). The day is today in the forum's zone, or the one an organiser chose ("Recording for"),
e.g. to type in a paper sign-in sheet afterwards. Each session's own door is views/session_checkin.py."""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.i18n import LONG_DATETIME, format_day, format_moment, in_zone
from ...core.views import ForumView
from ...forums.models import Forum
from .. import attendance, operations, queries
from ..forms import CheckinForm
from ..labels import MODE_LABELS
from ..operations import Arrival


def format_clock(at: datetime, zone: str) -> str:
    """24-hour clock time in the forum's zone, as the desk's `time` filter writes it."""
    return in_zone(at, zone).strftime("%H:%M")


def search(forum: Forum) -> tuple[str, list, bool]:
    """The name search of a GET (?q=): (query, matches, more than shown)."""
    query = (request.args.get("q") or "").strip()[:100] if request.method == "GET" else ""
    matches, more = queries.find_by_name(forum, query) if query else ([], False)
    return query, matches, more


def recorded_on(at: datetime, zone: str) -> str:
    """When a record was made, as a moment of its own ("5 December 2026, 15:24", in the forum's zone and the
    reader's language): for a record typed in on another day than the one it is for."""
    return format_moment(at, LONG_DATETIME, zone)


def made_that_day(at: datetime, day: date, zone: str) -> bool:
    """Whether a record was made on the day it is for (in the forum's zone): its time is then an arrival's."""
    return in_zone(at, zone).date() == day


def desk_verdict(forum: Forum, outcome: Arrival | None, day: date, today: date) -> str:
    """What the desk says of a scan that found a confirmed person: checked in, or already in (since when; when
    the record was typed in on another day, the moment it was recorded, never a misleading "arrived at")."""
    if outcome is None or outcome.kind not in ("checked_in", "already"):
        return ""
    if outcome.kind == "checked_in":
        if day == today:
            return _("Checked in for today")
        return _("Recorded present on %(day)s", day=format_day(day, "full"))
    at = outcome.arrived_at
    if at is None:  # never: a row found has its time
        return _("Already in today") if day == today else _("Already recorded present on %(day)s",
                                                           day=format_day(day, "full"))
    zone = forum.timezone
    if not made_that_day(at, day, zone):
        if day == today:
            return _("Already in today: recorded on %(when)s", when=recorded_on(at, zone))
        return _("Already recorded present on %(day)s (recorded on %(when)s)", day=format_day(day, "full"),
                 when=recorded_on(at, zone))
    time = format_clock(at, zone)
    if day == today:
        return _("Already in today: arrived at %(time)s", time=time)
    return _("Already in on %(day)s: arrived at %(time)s", day=format_day(day, "full"), time=time)


DESK_SHELL_HEADER = "X-ForumOps-Desk"


# --- the outcome of a "Check in" button, carried across its redirect ---------------------------------------

KEPT_OUTCOME = "checkin_outcome"


def keep_outcome(place: str, outcome: Arrival) -> None:
    """Remember what a "Check in" button did, for the page its POST redirects to (redirect-after-POST: the
    address stays the desk's, a reload records nothing twice). `place` names that page, so another page of
    the desk does not show it."""
    session[KEPT_OUTCOME] = {
        "place": place, "kind": outcome.kind,
        "registration_id": outcome.registration.id if outcome.registration is not None else None,
        "arrived_at": outcome.arrived_at.isoformat() if outcome.arrived_at else None,
        "day_recorded": outcome.day_recorded.isoformat() if outcome.day_recorded else None}


def kept_outcome(forum: Forum, place: str) -> Arrival | None:
    """The outcome a button kept for this page, once (one query for the person), or None."""
    kept = session.get(KEPT_OUTCOME)
    if not isinstance(kept, dict) or kept.get("place") != place:
        return None
    session.pop(KEPT_OUTCOME)
    registration = queries.get_registration(forum, kept.get("registration_id") or 0)
    if registration is None:
        return None
    try:
        arrived_at = datetime.fromisoformat(kept["arrived_at"]) if kept.get("arrived_at") else None
        day_recorded = date.fromisoformat(kept["day_recorded"]) if kept.get("day_recorded") else None
    except (TypeError, ValueError):
        return None
    return Arrival(str(kept.get("kind")), registration, arrived_at, day_recorded=day_recorded)


def _render_desk(forum: Forum, day: date, form: CheckinForm, outcome: Arrival | None = None, status: int = 200):
    query, matches, more = search(forum)
    today = attendance.today_at(forum)
    arrived = attendance.arrivals_on(forum, day, [m.id for m in matches])
    present_labels = {rid: _("In today since %(time)s", time=format_clock(at, forum.timezone)) if day == today
                      else _("Present that day") for rid, at in arrived.items()}
    return render_template(
        "registration/checkin.html", forum=forum, form=form, outcome=outcome, query=query, matches=matches,
        more=more, day=day, today=today, days=attendance.forum_days(forum),
        counts=attendance.day_counts(forum, day), sessions=attendance.sessions_on(forum, day),
        verdict=desk_verdict(forum, outcome, day, today), present_labels=present_labels,
        search_limit=queries.CHECKIN_SEARCH_LIMIT, mode_labels=MODE_LABELS), status


def _posted_day(forum: Forum, form: CheckinForm) -> date | None:
    """The day a POST records for: its hidden field, or the desk's default day when it carries none (a scanner
    posting the code alone). None, with the message on the form, for a day that is not the forum's."""
    posted = (request.form.get("day") or "").strip()
    if not posted:
        return attendance.default_day(forum)
    day = attendance.parse_day(forum, posted)
    if day is None:
        form.add_error(None, _("That is not a day of this forum: choose one of its days under “Recording for”."))
    return day


class CheckinView(ForumView):
    """GET: the desk for a day (?day=, today by default; ?q= name search). POST: a code typed or scanned."""

    permission = "attendance.record"

    def get(self, forum):
        day = attendance.parse_day(forum, request.args.get("day")) or attendance.default_day(forum)
        outcome = kept_outcome(forum, f"day-{day.isoformat()}")
        body, status = _render_desk(forum, day, CheckinForm(formdata=None), outcome)
        response = make_response(body, status)
        if outcome is None and not request.args.get("q"):
            # no person on it: the page the desk's service worker may keep for opening offline (offline_desk.py)
            response.headers[DESK_SHELL_HEADER] = "shell"
        return response

    def post(self, forum):
        form = CheckinForm()
        day = _posted_day(forum, form)
        if day is None or not form.validate_on_submit():
            return _render_desk(forum, day or attendance.default_day(forum), form, status=422)
        registration = operations.find_by_code(forum, form.code.data)
        outcome = operations.check_in(forum, registration, day, current_user)
        if outcome.kind == "unknown":
            outcome = Arrival("unknown", code=form.code.data)
        # a fresh, empty input for the next scan, focused again by autofocus
        return _render_desk(forum, day, CheckinForm(formdata=None), outcome)


class CheckinPersonView(ForumView):
    """The "Check in" button next to a name found by search: records, then back to the desk for that day, which
    shows what it did."""

    permission = "attendance.record"

    def post(self, forum, registration_id: int):
        registration = queries.get_registration(forum, registration_id)
        if registration is None:
            abort(404)  # another forum's registration is not acknowledged (CSRF is checked app-wide)
        form = CheckinForm(formdata=None)
        day = _posted_day(forum, form)
        if day is None:
            return _render_desk(forum, attendance.default_day(forum), form, status=422)
        keep_outcome(f"day-{day.isoformat()}", operations.check_in(forum, registration, day, current_user))
        chosen = day.isoformat() if day != attendance.default_day(forum) else None
        return redirect(url_for("registration.checkin", slug=forum.slug, day=chosen), 303)
