"""Badges: the organisers' selection form and PDF (marking badges printed), one badge from the desk, and a
participant's own badge. Who gets a badge and what it says is read in badge_queries.py; here it becomes the
renderer's plain BadgeData (registration/badges.py draws it).

The PDF is rendered into a temporary file (on disk for a batch) and sent from there in chunks, so a
batch of thousands of badges is never held in memory as one response body.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Collection
from typing import TYPE_CHECKING

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...agenda.queries import list_clusters
from ...core.http import safe_filename
from ...core.i18n import lazy_gettext as _l
from ...core.languages import written_in
from ...core.reference import country_name
from ...core.text import search_key
from ...core.views import ForumView
from ...forums.models import Forum
from ...forums.queries import ORGANISER_ROLES, partner_print_logos
from .. import operations, queries
from ..badge_queries import BadgePerson, badge_people
from ..forms import BadgesForm
from ..labels import BADGE_WORD_LABELS, BADGE_WORDS, MODE_LABELS
from ..models import Registration

if TYPE_CHECKING:
    from ..badges import BadgeData, BadgeSheet

PERMISSION = "forum.edit"  # the forum's organisers (and administrators), as at the check-in desk
ATTENDANCE_LABELS = {"in_person": _l("Those attending in person"), "online": _l("Those attending online"),
                     "all": _l("Both")}
PICK_LIST_LIMIT = 500


def _renderer():
    """registration/badges.py: reportlab, the fonts and the QR encoder load on first use, not at start-up."""
    from .. import badges

    return badges


def badge_sheet(forum: Forum, layout: str) -> BadgeSheet:
    """What every badge of the forum shows (its title, dates and city, its organisers' logos), in this layout."""
    from ...agenda.pdf import format_date_range  # plain English, as on the printed programme

    dates = format_date_range(forum.start_date, forum.end_date)
    return _renderer().BadgeSheet(forum.title, f"{dates} · {forum.venue_city}" if forum.venue_city else dates,
                                  layout, partner_print_logos(forum, ORGANISER_ROLES))


def band_labels(forum: Forum) -> dict[str, str]:
    """What each band says: its category named in each of the forum's languages, the main one first
    ("PARTICIPANT · ผู้เข้าร่วม"); a language whose name for it is not written yet adds nothing."""
    labels = {}
    for word in BADGE_WORDS:
        names: list[str] = []
        for code in forum.languages or ["en"]:
            with written_in(code):
                name = str(BADGE_WORD_LABELS[word][0]).upper()
            if name.casefold() not in (known.casefold() for known in names):
                names.append(name)
        labels[word] = " · ".join(names)
    return labels


def badge_data(person: BadgePerson, labels: dict[str, str] | None = None) -> BadgeData:
    """One person's badge as the renderer takes it; `labels`: band_labels() of the forum."""
    badges = _renderer()
    return badges.BadgeData(
        name=person.name, organisation=person.organisation, country_name=country_name(person.country, "en"),
        category_word=person.word, band_colour=badges.CATEGORY_COLOURS[person.word],
        category_label=(labels or {}).get(person.word, ""),
        cluster=", ".join(person.cluster_names), checkin_code=person.checkin_code,
        reference=f"registration #{person.registration_id}")


# --- the PDF response ----------------------------------------------------------------------------------

def _pdf_response(forum: Forum, layout: str, people: list[BadgePerson], filename: str):
    """Render into a temporary file and send it from there; returns (response, ids of badges printed)."""
    out = tempfile.TemporaryFile() if len(people) > 1 else io.BytesIO()  # noqa: SIM115  (the response closes it)
    try:
        labels = band_labels(forum)
        result = _renderer().render_badges(badge_sheet(forum, layout), (badge_data(p, labels) for p in people),
                                           out)
        size = out.tell()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    if result.failed:
        current_app.logger.warning("badges of %s: %d not drawn: %s", forum.slug, len(result.failed),
                                   "; ".join(f"{ref} ({why})" for _i, ref, why in result.failed))
    response = send_file(out, mimetype="application/pdf", as_attachment=True,
                         download_name=safe_filename(filename) + ".pdf", conditional=False, etag=False, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    response.content_length = size  # a download shows its progress
    return response, [people[i].registration_id for i in result.printed]


def _error_page(forum: Forum, code: int, title: str, message: str):
    return render_template("registration/badges.html", forum=forum, error=(title, message)), code


def _layout_arg() -> str | None:
    badges = _renderer()
    layout = request.values.get("layout") or badges.DEFAULT_LAYOUT
    return layout if layout in badges.LAYOUTS else None


# --- the organisers' form ------------------------------------------------------------------------------

def _choices(form: BadgesForm, forum: Forum, people: list[BadgePerson]) -> None:
    badges = _renderer()
    form.layout.choices = [(key, layout.label) for key, layout in badges.LAYOUTS.items()]
    if form.layout.data is None:
        form.layout.data = badges.DEFAULT_LAYOUT
    counts = {word: sum(p.word == word for p in people) for word in BADGE_WORDS}
    form.category.choices = [(w, f"{BADGE_WORD_LABELS[w][1]} ({counts[w]})") for w in BADGE_WORDS]
    per_cluster: dict[int, int] = {}
    for person in people:
        for cid in person.cluster_ids:
            per_cluster[cid] = per_cluster.get(cid, 0) + 1
    clusters = list_clusters(forum)
    form.cluster.choices = [(str(c.id), f"{c.name} ({per_cluster.get(c.id, 0)})") for c in clusters]
    form.cluster_names = {str(c.id): c.name for c in clusters}
    # only a hybrid forum has both: elsewhere everyone attends the one way and the choice is not shown
    form.show_attendance = forum.mode == "hybrid"
    if not form.show_attendance:
        form.attendance.data = "all"
    modes = {mode: sum(p.mode == mode for p in people) for mode in ATTENDANCE_LABELS if mode != "all"}
    form.attendance.choices = [(mode, f"{label} ({modes.get(mode, len(people))})")
                               for mode, label in ATTENDANCE_LABELS.items()]


def _render_form(forum: Forum, form: BadgesForm, people: list[BadgePerson], picked: Collection[int] = frozenset(),
                 status: int = 200):
    query = (request.args.get("q") or "").strip()[:100]
    words = search_key(query).split()
    listed = [p for p in people if all(w in search_key(f"{p.name} {p.organisation}") for w in words)]
    return render_template(
        "registration/badges.html", forum=forum, form=form, error=None, query=query,
        listed=listed[:PICK_LIST_LIMIT], more=len(listed) > PICK_LIST_LIMIT, limit=PICK_LIST_LIMIT,
        picked=picked, total=len(people), not_printed=sum(p.printed_at is None for p in people),
        word_labels=BADGE_WORD_LABELS, REG_MODE_LABELS=MODE_LABELS), status


class BadgesView(ForumView):
    """The selection form (GET); it posts to BadgesPdfView."""

    permission = PERMISSION

    def get(self, forum):
        people = badge_people(forum)
        form = BadgesForm(formdata=None)
        _choices(form, forum, people)
        return _render_form(forum, form, people)


class BadgesPdfView(ForumView):
    """POST: the chosen people's badges as one PDF, marked printed (a write, so a CSRF-checked POST)."""

    permission = PERMISSION

    def get(self, forum):
        return redirect(url_for("registration.badges", slug=forum.slug))

    def post(self, forum):
        people = badge_people(forum)
        form = BadgesForm()
        _choices(form, forum, people)
        picked = {int(v) for v in request.form.getlist("ids") if v.isdigit()}
        chosen = self._choose(form, people, picked) if form.validate_on_submit() else None
        if chosen is None:
            return _render_form(forum, form, people, picked, status=422)
        response, printed = _pdf_response(forum, form.layout.data, chosen,
                                          f"{forum.slug}-badges-{form.layout.data}")
        if form.mark_printed.data:
            operations.mark_printed(forum, printed)
        return response

    def _choose(self, form: BadgesForm, people: list[BadgePerson], picked: set[int]) -> list[BadgePerson] | None:
        """The people chosen, or None with a message on the form saying why there is nothing to print."""
        who = form.who.data
        labels = dict(form.who.choices)
        if form.layout.data not in _renderer().LAYOUTS:
            form.layout.errors = [_("Choose one of the layouts in the list.")]
            return None
        if who not in labels:
            form.who.errors = [_("Choose whose badges to print.")]
            return None
        if form.attendance.data not in ATTENDANCE_LABELS:
            form.attendance.errors = [_("Choose who attends: in person, online or both.")]
            return None
        if picked and who != "picked":
            form.who.errors = [_("You ticked %(num)d people in the list but chose “%(choice)s”. Choose “%(picked)s”, "
                                 "or untick them.", num=len(picked), choice=labels[who], picked=labels["picked"])]
            return None
        if who == "category":
            if form.category.data not in BADGE_WORDS:
                form.category.errors = [_("Choose a category.")]
                return None
            chosen = [p for p in people if p.word == form.category.data]
            empty = _("No confirmed person is in the category “%(name)s”.",
                      name=BADGE_WORD_LABELS[form.category.data][1])
        elif who == "cluster":
            names = form.cluster_names
            if form.cluster.data not in names:
                form.cluster.errors = [_("Choose a cluster.")]
                return None
            chosen = [p for p in people if int(form.cluster.data) in p.cluster_ids]
            empty = _("No confirmed person is assigned to the cluster “%(name)s”.", name=names[form.cluster.data])
        elif who == "picked":
            chosen = [p for p in people if p.registration_id in picked]
            empty = _("Tick at least one confirmed person in the list.")
        elif who == "not_printed":
            chosen = [p for p in people if p.printed_at is None]
            empty = _("Every confirmed person’s badge is printed already. Choose “%(all)s” to print them again.",
                      all=labels["confirmed"])
        else:
            chosen = people
            empty = _("No one is confirmed for this forum yet, so there are no badges to print.")
        if not chosen:
            form.who.errors = [empty]
            return None
        if who != "picked" and form.attendance.data != "all":
            chosen = [p for p in chosen if p.mode == form.attendance.data]
            if not chosen:
                form.attendance.errors = [_("Nobody of this choice attends %(mode)s.", mode=_(
                    "in person") if form.attendance.data == "in_person" else _("online"))]
                return None
        return chosen


# --- one badge: the desk, and the participant ----------------------------------------------------------

def _one_badge(forum: Forum, registration: Registration | None, filename: str, mark: bool = False,
               not_confirmed: str = ""):
    if registration is None or registration.erased_at is not None:
        abort(404)
    layout = _layout_arg()
    if layout is None:
        return _error_page(forum, 422, _("Unknown badge layout"), _("Choose one of: %(layouts)s.",
                                                                     layouts=", ".join(_renderer().LAYOUTS)))
    if registration.status != "confirmed":
        return _error_page(forum, 409, _("No badge yet"), not_confirmed)
    people = badge_people(forum, [registration.id])
    response, printed = _pdf_response(forum, layout, people, filename)
    if mark:
        operations.mark_printed(forum, printed)
    return response


class BadgeOneView(ForumView):
    """The desk: one person's badge. GET shows it; POST prints it and marks it printed."""

    permission = PERMISSION

    def get(self, forum, registration_id: int, mark: bool = False):
        registration = queries.get_registration(forum, registration_id)
        return _one_badge(forum, registration, f"{forum.slug}-badge-{registration_id}", mark,
                          _("Only confirmed registrations get a badge: confirm this registration first."))

    def post(self, forum, registration_id: int):
        return self.get(forum, registration_id, mark=True)


class MyBadgeView(ForumView):
    """A participant's own badge, by the private link from their email."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def get(self, forum, token):
        return _one_badge(forum, queries.find_by_token(forum, token), f"{forum.slug}-badge",
                          not_confirmed=_("Your badge is ready once your place is confirmed."))


class MyBadgeMineView(ForumView):
    """The same through the participant's account."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "account.manage"

    def get(self, forum):
        return _one_badge(forum, queries.registration_of_user(forum, current_user), f"{forum.slug}-badge",
                          not_confirmed=_("Your badge is ready once your place is confirmed."))
