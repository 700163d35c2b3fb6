"""The check-in desk: a code typed or scanned (a QR scanner types like a keyboard), or a name search,
marks a confirmed person arrived, once. Its form, its two reads and its views live here together."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import abort, render_template, request
from sqlalchemy import func, select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..core.forms import Form
from ..core.i18n import lazy_gettext as _l
from ..core.models import utcnow
from ..core.text import search_key
from ..core.views import ForumView
from ..extensions import db
from ..forums.models import Forum
from . import operations, queries
from .labels import MODE_LABELS
from .models import MODES, Registration

SEARCH_LIMIT = 50


class CheckinForm(Form):
    code = StringField(_l("Check-in code"), [DataRequired(_l("Type or scan a check-in code.")), Length(max=64)],
                       filters=[lambda value: value.strip() if isinstance(value, str) else value],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                  "enterkeyhint": "go", "maxlength": 64, "autofocus": True})


# --- reads -------------------------------------------------------------------------------------

def find_by_name(forum: Forum, query: str, limit: int = SEARCH_LIMIT) -> tuple[list[Registration], bool]:
    """Registrations whose name holds every word of the query, in any order; confirmed ones first.

    The others (waiting list, cancelled...) are listed too, so the desk can say why someone is not
    expected. Folding is done in Python, not SQL: SQLite's lower() and LIKE only know ASCII, and one
    forum's names are a few thousand short strings at most. Returns (matches, more than the limit).
    """
    words = search_key(query).split()
    if not words:
        return [], False
    rows = db.session.execute(select(Registration.id, Registration.name, Registration.status)
                              .where(Registration.forum_id == forum.id)).all()
    hits = sorted(((status != "confirmed", search_key(name), rid) for rid, name, status in rows
                   if all(word in search_key(name) for word in words)))
    ids = [rid for _order, _key, rid in hits[:limit]]
    found = {r.id: r for r in db.session.scalars(select(Registration).where(Registration.id.in_(ids)))}
    return [found[rid] for rid in ids], len(hits) > limit


@dataclass
class Attendance:
    confirmed: int
    checked_in: int
    by_mode: dict[str, tuple[int, int]]  # mode -> (confirmed, checked in)

    @property
    def remaining(self) -> int:
        return self.confirmed - self.checked_in


def attendance(forum: Forum) -> Attendance:
    """Confirmed and arrived people, by attendance mode."""
    rows = db.session.execute(
        select(Registration.attendance_mode, func.count(Registration.id), func.count(Registration.checked_in_at))
        .where(Registration.forum_id == forum.id, Registration.status == "confirmed")
        .group_by(Registration.attendance_mode)).all()
    by_mode = {mode: (0, 0) for mode in MODES}
    by_mode.update({mode: (confirmed, arrived) for mode, confirmed, arrived in rows})
    return Attendance(confirmed=sum(c for c, _a in by_mode.values()),
                      checked_in=sum(a for _c, a in by_mode.values()), by_mode=by_mode)


# --- views -------------------------------------------------------------------------------------

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
    zone = ZoneInfo(forum.timezone)
    earlier_day = registration.checked_in_at.astimezone(zone).date() != utcnow().astimezone(zone).date()
    return Outcome("already", registration, earlier_day=earlier_day)


def _render_desk(forum: Forum, form: CheckinForm, outcome: Outcome | None = None, status: int = 200):
    query = (request.args.get("q") or "").strip()[:100] if request.method == "GET" else ""
    matches, more = find_by_name(forum, query) if query else ([], False)
    return render_template(
        "registration/checkin.html", forum=forum, form=form, outcome=outcome, query=query, matches=matches,
        more=more, counts=attendance(forum), search_limit=SEARCH_LIMIT,
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
