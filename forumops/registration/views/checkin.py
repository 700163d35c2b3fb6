"""The check-in desk, for the organisers at the door: a code typed or scanned (a QR scanner types like a
keyboard), or a name search, marks a confirmed person arrived, once (operations.check_in)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import abort, render_template, request

from ...core.models import utcnow
from ...core.views import ForumView
from ...forums.models import Forum
from .. import operations, queries
from ..forms import CheckinForm
from ..labels import MODE_LABELS
from ..models import Registration


@dataclass
class Outcome:
    """What the desk shows after a scan: kind is checked_in, already, refused or unknown."""

    kind: str
    registration: Registration | None = None
    code: str = ""
    earlier_day: bool = False  # an "already" from another day of the forum shows the date too


def _outcome(forum: Forum, registration: Registration | None, already: bool, code: str = "") -> Outcome:
    if registration is None:
        return Outcome("unknown", code=code)
    if registration.status != "confirmed":
        return Outcome("refused", registration)
    if not already:
        return Outcome("checked_in", registration)
    zone, at = ZoneInfo(forum.timezone), registration.checked_in_at
    earlier_day = at is not None and at.astimezone(zone).date() != utcnow().astimezone(zone).date()
    return Outcome("already", registration, earlier_day=earlier_day)


def _render_desk(forum: Forum, form: CheckinForm, outcome: Outcome | None = None, status: int = 200):
    query = (request.args.get("q") or "").strip()[:100] if request.method == "GET" else ""
    matches, more = queries.find_by_name(forum, query) if query else ([], False)
    return render_template(
        "registration/checkin.html", forum=forum, form=form, outcome=outcome, query=query, matches=matches,
        more=more, counts=queries.attendance(forum), search_limit=queries.CHECKIN_SEARCH_LIMIT,
        mode_labels=MODE_LABELS), status


class CheckinView(ForumView):
    """GET: the desk (and ?q= name search). POST: a code typed or scanned."""

    permission = "forum.edit"  # organisers for now; a desk-staff role may follow

    def get(self, forum):
        return _render_desk(forum, CheckinForm(formdata=None))

    def post(self, forum):
        form = CheckinForm()
        if not form.validate_on_submit():
            return _render_desk(forum, form, status=422)
        code = form.code.data
        registration, already = operations.check_in(forum, code)
        outcome = _outcome(forum, registration, already, code)
        # a fresh, empty input for the next scan, focused again by autofocus
        return _render_desk(forum, CheckinForm(formdata=None), outcome)


class CheckinPersonView(ForumView):
    """The "Check in" button next to a name found by search."""

    permission = "forum.edit"

    def post(self, forum, registration_id: int):
        if queries.get_registration(forum, registration_id) is None:
            abort(404)  # another forum's registration is not acknowledged (CSRF is checked app-wide)
        registration, already = operations.check_in_by_id(forum, registration_id)
        return _render_desk(forum, CheckinForm(formdata=None), _outcome(forum, registration, already))
