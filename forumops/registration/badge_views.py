"""Badges: the organisers' selection form and PDF (marking badges printed), one badge from the desk, and a
participant's own badge. HTTP only, plus the badge reads and the one write they need (candidates for
queries.py and operations.py), which turn registrations into the renderer's plain BadgeData.

The PDF is rendered into a temporary file (on disk for a batch) and sent from there in chunks, so a
batch of thousands of badges is never held in memory as one response body.
"""

from __future__ import annotations

import io
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select, update
from wtforms import BooleanField, RadioField, SelectField, SubmitField

from ..accounts.models import User
from ..agenda.models import AgendaItem, AgendaPerson
from ..clusters.models import Cluster, ClusterAssignment
from ..clusters.queries import list_clusters
from ..core.forms import Form
from ..core.http import safe_filename
from ..core.i18n import lazy_gettext as _l
from ..core.models import utcnow
from ..core.reference import country_name
from ..core.text import fold_key
from ..core.views import ForumView
from ..extensions import db
from ..forums.models import Forum, ForumMember
from ..organisations.models import Organisation
from . import queries
from .labels import MODE_LABELS
from .models import Registration

if TYPE_CHECKING:
    from .badges import BadgeData, BadgeSheet

PERMISSION = "forum.edit"  # the forum's organisers (and administrators), as at the check-in desk
ATTENDANCE_LABELS = {"in_person": _l("Those attending in person"), "online": _l("Those attending online"),
                     "all": _l("Both")}
PICK_LIST_LIMIT = 500
MARK_CHUNK = 500  # ids per UPDATE: well under SQLite's bound-parameter limit
# Agenda roles that put someone on stage: a SPEAKER band (a rapporteur takes notes, so is not one).
STAGE_ROLES = ("speaker", "panellist", "chair", "moderator", "discussant", "resource_person")
# The band's words, in the order the form offers them. The word on a badge is the strongest that applies
# (band_word): the role someone plays at this forum beats the category they registered in.
WORDS = ("PARTICIPANT", "SPEAKER", "FACILITATOR", "ORGANISER", "MEDIA", "STAFF")
WORD_LABELS = {  # (one, all of them)
    "PARTICIPANT": (_l("Participant"), _l("Participants")), "SPEAKER": (_l("Speaker"), _l("Speakers")),
    "FACILITATOR": (_l("Facilitator"), _l("Facilitators")), "ORGANISER": (_l("Organiser"), _l("Organisers")),
    "MEDIA": (_l("Media"), _l("Media")), "STAFF": (_l("Staff"), _l("Staff")),
}


# --- reads ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BadgePerson:
    registration_id: int
    name: str
    organisation: str
    country: str  # ISO 3166 code
    word: str  # one of WORDS
    cluster_ids: tuple[int, ...]
    cluster_names: tuple[str, ...]
    checkin_code: str
    printed_at: datetime | None
    mode: str = "in_person"  # attendance mode: in_person or online


@dataclass
class _Roles:
    organisers: set[int]
    facilitators: set[int]
    speakers: set[int]
    speaker_names: set[str]  # agenda guests without an account, by folded name
    clusters_of_user: dict[int, list[tuple[int, str]]]  # facilitators, rapporteurs: [(cluster id, name)]
    clusters_of_registration: dict[int, list[tuple[int, str]]]  # participants
    user_by_email: dict[str, int]


def _roles(forum: Forum) -> _Roles:
    """Who organises, facilitates and speaks at this forum, and who is in which cluster: four queries."""
    members = db.session.execute(select(ForumMember.user_id, ForumMember.role)
                                 .where(ForumMember.forum_id == forum.id)).all()
    assignments = db.session.execute(
        select(ClusterAssignment.user_id, ClusterAssignment.registration_id, ClusterAssignment.role, Cluster.id,
               Cluster.name).join(Cluster).where(Cluster.forum_id == forum.id)
        .order_by(Cluster.position, Cluster.id)).all()
    stage = db.session.execute(
        select(AgendaPerson.user_id, AgendaPerson.name).join(AgendaItem)
        .where(AgendaItem.forum_id == forum.id, AgendaItem.status == "confirmed",
               AgendaPerson.role.in_(STAGE_ROLES))).all()
    roles = _Roles(
        organisers={u for u, r in members if r == "organiser"},
        facilitators={u for u, r in members if r == "facilitator"} | {
            u for u, _reg, r, _c, _n in assignments if r == "facilitator" and u is not None},
        speakers={u for u, _n in stage if u is not None},
        speaker_names={fold_key(n) for u, n in stage if u is None and n},
        clusters_of_user={}, clusters_of_registration={}, user_by_email={})
    for user_id, registration_id, _role, cluster_id, name in assignments:
        if registration_id is not None:
            roles.clusters_of_registration.setdefault(registration_id, []).append((cluster_id, name))
        if user_id is not None:
            roles.clusters_of_user.setdefault(user_id, []).append((cluster_id, name))
    user_ids = {u for u, _r in members} | set(roles.clusters_of_user) | roles.speakers
    if user_ids:
        roles.user_by_email = {email.lower(): uid for uid, email in db.session.execute(
            select(User.id, User.email).where(User.id.in_(user_ids)))}
    return roles


def band_word(category: str, user_id: int | None, name: str, roles: _Roles) -> str:
    if user_id in roles.organisers:
        return "ORGANISER"
    if user_id in roles.facilitators:
        return "FACILITATOR"
    if user_id in roles.speakers or category == "resource_person" or fold_key(name) in roles.speaker_names:
        return "SPEAKER"
    return {"organiser_staff": "STAFF", "media": "MEDIA"}.get(category, "PARTICIPANT")


def badge_people(forum: Forum, registration_ids: Iterable[int] | None = None) -> list[BadgePerson]:
    """The forum's confirmed registrations (or those of them with these ids) as badge holders, in
    alphabetical order of the name as printed. Rows, not ORM objects: thousands stay light."""
    query = (select(Registration.id, Registration.name, Organisation.name, Registration.country,
                    Registration.category, Registration.user_id, Registration.email, Registration.checkin_code,
                    Registration.badge_printed_at, Registration.attendance_mode)
             .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
             .where(Registration.forum_id == forum.id, Registration.status == "confirmed",
                    Registration.erased_at.is_(None)))  # an erased person gets no badge
    wanted = set(registration_ids) if registration_ids is not None else None
    if wanted is not None and len(wanted) <= MARK_CHUNK:
        query = query.where(Registration.id.in_(wanted))
    roles = _roles(forum)
    people = []
    for rid, name, organisation, country, category, user_id, email, code, printed_at, mode in db.session.execute(
            query):
        if wanted is not None and rid not in wanted:
            continue
        user_id = user_id or roles.user_by_email.get((email or "").lower())
        clusters = roles.clusters_of_registration.get(rid, []) + [
            c for c in roles.clusters_of_user.get(user_id, []) if c not in roles.clusters_of_registration.get(rid, [])]
        people.append(BadgePerson(rid, name, organisation or "", country or "",
                                  band_word(category, user_id, name, roles), tuple(c for c, _n in clusters),
                                  tuple(n for _c, n in clusters), code, printed_at, mode))
    return sorted(people, key=lambda p: (_fold(p.name), p.registration_id))


def _fold(text: str) -> str:
    """Case and accents folded, for sorting and searching ("nguyen" finds "Nguyễn")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().replace("đ", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _renderer():
    """registration/badges.py: reportlab, the fonts and the QR encoder load on first use, not at start-up."""
    from . import badges

    return badges


def badge_sheet(forum: Forum, layout: str) -> BadgeSheet:
    from ..agenda.pdf import format_date_range  # plain English, as on the printed programme

    dates = format_date_range(forum.start_date, forum.end_date)
    return _renderer().BadgeSheet(forum.title, f"{dates} · {forum.venue_city}" if forum.venue_city else dates,
                                  layout)


def badge_data(person: BadgePerson) -> BadgeData:
    badges = _renderer()
    return badges.BadgeData(
        name=person.name, organisation=person.organisation, country_name=country_name(person.country, "en"),
        category_word=person.word, band_colour=badges.CATEGORY_COLOURS[person.word],
        cluster=", ".join(person.cluster_names), checkin_code=person.checkin_code,
        reference=f"registration #{person.registration_id}")


# --- the one write -------------------------------------------------------------------------------------

def mark_printed(forum: Forum, registration_ids: list[int]) -> None:
    """Note when these badges were printed (the "not printed yet" choice leaves them out next time)."""
    now = utcnow()
    for i in range(0, len(registration_ids), MARK_CHUNK):
        db.session.execute(update(Registration).where(
            Registration.forum_id == forum.id, Registration.id.in_(registration_ids[i:i + MARK_CHUNK]))
            .values(badge_printed_at=now).execution_options(synchronize_session=False))


# --- the PDF response ----------------------------------------------------------------------------------

def _pdf_response(forum: Forum, layout: str, people: list[BadgePerson], filename: str):
    """Render into a temporary file and send it from there; returns (response, ids of badges printed)."""
    out = tempfile.TemporaryFile() if len(people) > 1 else io.BytesIO()
    try:
        result = _renderer().render_badges(badge_sheet(forum, layout), (badge_data(p) for p in people), out)
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

class BadgesForm(Form):
    who = RadioField(_l("Whose badges"), default="confirmed", validate_choice=False, choices=[
        ("confirmed", _l("Everyone confirmed")),
        ("not_printed", _l("Everyone confirmed whose badge is not printed yet")),
        ("category", _l("One category")),
        ("cluster", _l("One cluster")),
        ("picked", _l("The people ticked in the list below")),
    ])
    category = SelectField(_l("Category"), validate_choice=False)
    cluster = SelectField(_l("Cluster"), validate_choice=False)
    # a hybrid forum's online participants need no badge: printing is for those who come (choices: _choices())
    attendance = RadioField(_l("Who attends"), default="in_person", validate_choice=False,
                            description=_l("For every choice above but the people ticked by hand."))
    layout = SelectField(_l("Layout"), validate_choice=False,  # choices and default: _choices()
                         description=_l("Print at 100 % (“actual size”), not “fit to page”, so badges match the "
                                        "stock and the cut marks."))
    mark_printed = BooleanField(_l("Mark these badges as printed"), default=True,
                                description=_l("Untick for a test print: “not printed yet” will still find them."))
    submit = SubmitField(_l("Download badges (PDF)"))


def _choices(form: BadgesForm, forum: Forum, people: list[BadgePerson]) -> None:
    badges = _renderer()
    form.layout.choices = [(key, layout.label) for key, layout in badges.LAYOUTS.items()]
    if form.layout.data is None:
        form.layout.data = badges.DEFAULT_LAYOUT
    counts = {word: sum(p.word == word for p in people) for word in WORDS}
    form.category.choices = [(w, f"{WORD_LABELS[w][1]} ({counts[w]})") for w in WORDS]
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


def _render_form(forum: Forum, form: BadgesForm, people: list[BadgePerson], picked: set[int] = frozenset(),
                 status: int = 200):
    query = (request.args.get("q") or "").strip()[:100]
    words = _fold(query).split()
    listed = [p for p in people if all(w in _fold(f"{p.name} {p.organisation}") for w in words)]
    return render_template(
        "registration/badges.html", forum=forum, form=form, error=None, query=query,
        listed=listed[:PICK_LIST_LIMIT], more=len(listed) > PICK_LIST_LIMIT, limit=PICK_LIST_LIMIT,
        picked=picked, total=len(people), not_printed=sum(p.printed_at is None for p in people),
        word_labels=WORD_LABELS, REG_MODE_LABELS=MODE_LABELS), status


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
            mark_printed(forum, printed)
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
            if form.category.data not in WORDS:
                form.category.errors = [_("Choose a category.")]
                return None
            chosen = [p for p in people if p.word == form.category.data]
            empty = _("No confirmed person is in the category “%(name)s”.", name=WORD_LABELS[form.category.data][1])
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
        mark_printed(forum, printed)
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

    permission = "forum.view"

    def get(self, forum, token):
        return _one_badge(forum, queries.find_by_token(forum, token), f"{forum.slug}-badge",
                          not_confirmed=_("Your badge is ready once your place is confirmed."))


class MyBadgeMineView(ForumView):
    """The same through the participant's account."""

    permission = "account.manage"

    def get(self, forum):
        return _one_badge(forum, queries.registration_of_user(forum, current_user), f"{forum.slug}-badge",
                          not_confirmed=_("Your badge is ready once your place is confirmed."))
