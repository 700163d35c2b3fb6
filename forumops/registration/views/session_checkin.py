"""A programme item's own door, for the organisers: the desk's scanner and name search, recording who came to
this one session (operations.check_in_session), once. A breakout's attendance is not scanned: it is what its
facilitator ticks in the cluster's notes, and the page says so."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...agenda.queries import get_item
from ...core.i18n import format_day
from ...core.views import ForumView, or_404
from ...forums.models import Forum
from .. import attendance, operations, queries
from ..forms import CheckinForm
from ..labels import MODE_LABELS
from ..operations import Arrival
from .checkin import format_clock, keep_outcome, kept_outcome, made_that_day, recorded_on, search


def session_verdict(forum: Forum, item, outcome: Arrival | None) -> str:
    """What the session's door says of a scan that found a confirmed person: checked in, or already in since
    when (the moment it was recorded, when that was another day than the session's)."""
    if outcome is None or outcome.kind not in ("checked_in", "already"):
        return ""
    zone, at = forum.timezone, outcome.arrived_at
    if outcome.kind == "checked_in":
        return _("Checked in to this session")
    if at is None:
        return _("Already in this session")
    if made_that_day(at, attendance.session_day(forum, item), zone):
        return _("Already in this session: arrived at %(time)s", time=format_clock(at, zone))
    return _("Already in this session: recorded on %(when)s", when=recorded_on(at, zone))


def day_note(outcome: Arrival | None) -> str:
    """Said under the verdict when the session's scan also recorded the person's day of the forum."""
    if outcome is None or outcome.day_recorded is None:
        return ""
    return _("Also checked in for the day: %(day)s.", day=format_day(outcome.day_recorded, "full"))


def _present_label(forum: Forum, day, at) -> str:
    if made_that_day(at, day, forum.timezone):
        return _("In this session since %(time)s", time=format_clock(at, forum.timezone))
    return _("Recorded on %(when)s", when=recorded_on(at, forum.timezone))


def render_door(forum: Forum, item, form: CheckinForm, outcome: Arrival | None = None, status: int = 200):
    """The session's page: the item, its count, the scanner and the name search."""
    query, matches, more = search(forum)
    arrived = attendance.session_arrivals(item, [m.id for m in matches])
    day = attendance.session_day(forum, item)
    return render_template(
        "registration/session_checkin.html", forum=forum, item=item, form=form, outcome=outcome,
        verdict=session_verdict(forum, item, outcome), note=day_note(outcome), query=query, matches=matches, more=more,
        day=day, scanned=attendance.session_count(item),
        present_labels={rid: _present_label(forum, day, at) for rid, at in arrived.items()},
        search_limit=queries.CHECKIN_SEARCH_LIMIT, mode_labels=MODE_LABELS), status


def door_of(forum: Forum, item_id: int):
    """The programme item whose door this is: one of the forum's sessions; a break, a meal, the group photo or
    registration has none (404), nor has another forum's item."""
    item = or_404(get_item(forum, item_id))
    if not item.is_session:
        abort(404)
    return item


class SessionCheckinView(ForumView):
    """GET: the session's door (?q= name search). POST: a code typed or scanned."""

    permission = "attendance.record"

    def get(self, forum, item_id: int):
        return render_door(forum, door_of(forum, item_id), CheckinForm(formdata=None),
                           kept_outcome(forum, f"session-{item_id}"))

    def post(self, forum, item_id: int):
        item = door_of(forum, item_id)
        form = CheckinForm()
        self.on_refusal(form, lambda: render_door(forum, item, form, status=422))
        if not form.validate_on_submit():
            return render_door(forum, item, form, status=422)
        outcome = operations.check_in_session(forum, item, operations.find_by_code(forum, form.code.data),
                                              current_user)
        if outcome.kind == "unknown":
            outcome = Arrival("unknown", code=form.code.data)
        return render_door(forum, item, CheckinForm(formdata=None), outcome)


class SessionCheckinPersonView(ForumView):
    """The "Check in" button next to a name found by search, at a session's door: records, then back to the
    door, which shows what it did."""

    permission = "attendance.record"

    def post(self, forum, item_id: int, registration_id: int):
        item = door_of(forum, item_id)
        registration = or_404(queries.get_registration(forum, registration_id))
        form = CheckinForm(formdata=None)
        self.on_refusal(form, lambda: render_door(forum, item, form, status=422))
        keep_outcome(f"session-{item.id}", operations.check_in_session(forum, item, registration, current_user))
        return redirect(url_for("registration.session_checkin", slug=forum.slug, item_id=item.id), 303)
