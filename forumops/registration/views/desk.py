"""The organisers' registration desk: the list with filters and bulk decisions, one registration,
CSV export and import, settings, custom questions and invitation codes. HTTP only: its reads are in
queries.py, its forms in forms.py, its writes in seats.py and setup.py."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qsl, urlencode

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import SelectField
from wtforms.validators import Optional

from ...agenda.queries import list_clusters
from ...core import hooks
from ...core.flashes import flashes_placed_at
from ...core.http import as_download
from ...core.i18n import lazy_gettext as _l
from ...core.reference import country_name
from ...core.views import ForumView, or_404
from ...forums.models import Forum
from .. import answers, csvio, imports, queries, seats, setup
from ..answer_export import public_questions
from ..forms import (
    IMPORT_MAX_BYTES,
    ActionForm,
    BulkForm,
    CategoryForm,
    FilterForm,
    ImportForm,
    InvitationForm,
    SettingsForm,
)
from ..kinds import shown_answers
from ..labels import CATEGORY_LABELS, GENDER_LABELS, MODE_LABELS, STATUS_LABELS
from ..models import CATEGORIES, MODES, STATUSES, RegistrationImport
from ..question_forms import organiser_answers_form
from .answers import AcceptsAnswerFiles, sent_too_much

PERMISSION = "registration.manage"
APPROVABLE = ("pending", "rejected")
REJECTABLE = ("pending", "waitlisted", "confirmed")
FILTER_KEYS = ("q", "status", "country", "category", "cluster", "mode")

# --- helpers ---------------------------------------------------------------------------------------

_form_classes: dict[tuple[str, ...], type[FilterForm]] = {}


def _filter_form_class(extra: list[hooks.DeskFilter]) -> type[FilterForm]:
    """FilterForm with a select for each filter later stages add (core.hooks.DeskFilter), made once per set."""
    keys = tuple(f.key for f in extra)
    if keys not in _form_classes:
        _form_classes[keys] = type("DeskFilterForm", (FilterForm,), {
            f.key: SelectField(f.label, [Optional()]) for f in extra}) if extra else FilterForm
    return _form_classes[keys]


def filter_form(forum: Forum, clusters) -> tuple[FilterForm, queries.DeskFilters]:
    """The filters from the query string; a value that is not on offer is dropped, never an error page."""
    extra = hooks.desk_filters_offered(forum)
    form = _filter_form_class(extra)(request.args)
    anything = [("", str(_l("Any")))]
    form.status.choices = anything + [(s, str(STATUS_LABELS[s])) for s in STATUSES]
    form.country.choices = anything + [(c, country_name(c)) for c in queries.registered_countries(forum)]
    form.category.choices = anything + [(c, str(CATEGORY_LABELS[c])) for c in CATEGORIES]
    form.cluster.choices = anything + [(str(c.id), c.name) for c in clusters]
    form.mode.choices = anything + [(m, str(MODE_LABELS[m])) for m in MODES]
    for desk_filter in extra:
        form[desk_filter.key].choices = anything + desk_filter.choices(forum)
    form.validate()
    for name in FILTER_KEYS + tuple(f.key for f in extra):
        if form[name].errors:
            form[name].data, form[name].errors = "", []
    cluster = form.cluster.data
    return form, queries.DeskFilters(
        q=form.q.data or "", status=form.status.data or "", country=form.country.data or "",
        category=form.category.data or "", mode=form.mode.data or "",
        cluster=int(cluster) if cluster and cluster.isdigit() else None,
        where=tuple(f.condition(forum, form[f.key].data) for f in extra if form[f.key].data))


def _filter_args(query: str) -> dict[str, str]:
    """Only the desk's filters (its own and later stages') from a query string, so a redirect carries nothing else."""
    keys = FILTER_KEYS + hooks.desk_filter_keys()
    return {k: v for k, v in parse_qsl(query or "") if k in keys and v}


def _desk_url(forum: Forum, back: str = "") -> str:
    args = _filter_args(back)
    return url_for("registration.desk", slug=forum.slug) + ("?" + urlencode(args) if args else "")



# --- the list ----------------------------------------------------------------------------------------

class DeskView(ForumView):
    permission = PERMISSION

    def get(self, forum):
        clusters = list_clusters(forum)
        form, filters = filter_form(forum, clusters)
        rows = queries.list_registrations(forum, filters)
        return render_template(
            "registration/desk/list.html", forum=forum, form=form, filters=filters, rows=rows,
            counts=queries.status_counts(forum), by_mode=queries.confirmed_counts(forum.id),
            settings=queries.get_settings(forum), panels=hooks.panels_for("registration.desk", forum),
            query=urlencode(_filter_args(request.query_string.decode("utf-8", "replace"))),
            filter_args=_filter_args(request.query_string.decode("utf-8", "replace")),
            export_columns=hooks.export_columns_offered(forum),
            desk_filters=[(f, f.markers(forum)) for f in hooks.desk_filters_offered(forum)],  # "Support": travel
            bulk_actions=hooks.bulk_actions_offered(forum),  # later stages' buttons: "Offer support…"
            REG_MODE_LABELS=MODE_LABELS, APPROVABLE=APPROVABLE, REJECTABLE=REJECTABLE)


class BulkView(ForumView):
    permission = PERMISSION

    def post(self, forum):
        form = BulkForm()
        ids = [int(v) for v in request.form.getlist("ids") if v.isdigit()]
        back = form.back.data or ""
        if not form.validate_on_submit():
            flash(_("Choose approve or reject."), "error")
            return redirect(_desk_url(forum, back))
        chosen = queries.registrations_by_ids(forum, ids)
        if not chosen:
            flash(_("Tick at least one registration first."), "error")
            return redirect(_desk_url(forum, back))
        if form.action.data == "approve":
            outcome = seats.approve(forum, chosen)
            done = outcome["confirmed"] + outcome["waitlisted"]
            flash(_("Approved %(done)d: %(confirmed)d confirmed, %(waitlisted)d on the waiting list.",
                    done=done, confirmed=outcome["confirmed"], waitlisted=outcome["waitlisted"]), "success")
            skipped, why = len(chosen) - done, _("only pending or rejected registrations can be approved")
        else:
            done = seats.reject(forum, chosen)
            flash(ngettext("%(num)d registration rejected; the person is told by email.",
                           "%(num)d registrations rejected; each person is told by email.", done), "success")
            skipped, why = len(chosen) - done, _("rejected or cancelled registrations stay as they are")
        if skipped:
            flash(ngettext("%(num)d left unchanged: %(why)s.", "%(num)d left unchanged: %(why)s.", skipped,
                           why=why), "warning")
        return redirect(_desk_url(forum, back))


class DetailView(AcceptsAnswerFiles):
    """One registration: its details and answers, the decisions, and the organisers' own questions about the
    person, filled here (POST)."""

    permission = PERMISSION
    organisers_form = True  # their own questions may take files

    def render(self, forum, registration, organiser_form=None, status=200):
        questions = queries.list_questions(forum)
        files = queries.answer_files_of(registration)
        file_urls = {question_id: url_for("registration.answer_file_desk", slug=forum.slug,
                                          registration_id=registration.id, question_id=question_id)
                     for question_id in files}
        erased = registration.erased_at is not None  # nothing more is kept about an erased person
        if organiser_form is None and not erased and any(q.organisers_only for q in questions):
            organiser_form = organiser_answers_form(questions, registration, _file_names(files))
        cluster_names = {c.id: c.name for c in list_clusters(forum)}
        return render_template(
            "registration/desk/detail.html", forum=forum, registration=registration,
            answers=shown_answers(questions, registration.answers, file_urls), asks_questions=bool(questions),
            organiser_form=organiser_form, file_urls=file_urls,
            preferred=[cluster_names[c] for c in registration.cluster_preferences or [] if c in cluster_names],
            REG_MODE_LABELS=MODE_LABELS, panels=hooks.panels_for("registration.detail", forum, registration),
            GENDER_LABELS=GENDER_LABELS, APPROVABLE=APPROVABLE, REJECTABLE=REJECTABLE,
            category_form=CategoryForm(category=registration.category)), status

    def get(self, forum, registration_id: int):
        return self.render(forum, or_404(queries.get_registration(forum, registration_id)))

    def post(self, forum, registration_id: int):
        registration = or_404(queries.get_registration(forum, registration_id))
        if registration.erased_at is not None:
            abort(404)  # its page offers no form: nothing more is kept about an erased person
        form = organiser_answers_form(queries.list_questions(forum), registration,
                                      _file_names(queries.answer_files_of(registration)))
        self.on_refusal(form, lambda: self.render(forum, registration, form, 422))
        if not form.question_texts or not form.validate_on_submit():
            return self.render(forum, registration, form, 422)
        with answers.judged_answer_files(form.answer_files()) as judged:  # before the forum lock
            answers.save_organiser_answers(forum, registration, form.answers(), judged)
        flash(_("The organisers’ answers about %(name)s are saved.", name=registration.name), "success")
        return redirect(flashes_placed_at("organiser-answers", url_for(  # the message beside the answers saved
            "registration.detail", slug=forum.slug, registration_id=registration.id)))


def _file_names(files) -> dict[int, str]:
    return {question_id: row.filename for question_id, row in files.items()}


class CategoryView(ForumView):
    """Organisers give a registration its category, the staff and resource-person ones included."""

    permission = PERMISSION

    def post(self, forum, registration_id: int):
        registration = or_404(queries.get_registration(forum, registration_id))
        form = CategoryForm()
        self.on_refusal(None, lambda: redirect(url_for("registration.detail", slug=forum.slug,
                                                       registration_id=registration.id)))
        if form.validate_on_submit():
            setup.change_category(registration, form.category.data)
            flash(_("%(name)s now takes part as: %(category)s.", name=registration.name,
                    category=CATEGORY_LABELS[registration.category]), "success")
        else:
            flash(_("Choose one of the categories offered."), "error")
        return redirect(url_for("registration.detail", slug=forum.slug, registration_id=registration.id))


class RegistrationActionView(ForumView):
    permission = PERMISSION

    def post(self, forum, registration_id: int, action: str):
        registration = or_404(queries.get_registration(forum, registration_id))
        if action not in ("approve", "reject", "cancel") or not ActionForm().validate_on_submit():
            abort(404)
        name = registration.name
        if action == "approve" and registration.status in APPROVABLE:
            outcome = seats.approve(forum, [registration])
            flash(_("%(name)s is confirmed.", name=name) if outcome["confirmed"]
                  else _("The forum is full: %(name)s is on the waiting list.", name=name), "success")
        elif action == "reject" and registration.status in REJECTABLE:
            seats.reject(forum, [registration])
            flash(_("%(name)s is not accepted; they are told by email.", name=name), "success")
        elif action == "cancel" and registration.status != "cancelled":
            promoted = seats.cancel(forum, registration)
            flash(_("The registration of %(name)s is cancelled.", name=name) + (" " + ngettext(
                "%(num)d person moved up from the waiting list.", "%(num)d people moved up from the waiting list.",
                len(promoted)) if promoted else ""), "success")
        else:
            flash(_("Nothing changed: this registration is %(status)s.",
                    status=str(STATUS_LABELS[registration.status]).lower()), "warning")
        return redirect(url_for("registration.detail", slug=forum.slug, registration_id=registration.id))


# --- CSV ------------------------------------------------------------------------------------------

class ExportView(ForumView):
    permission = PERMISSION

    def get(self, forum):
        clusters = list_clusters(forum)
        _form, filters = filter_form(forum, clusters)
        names = {c.id: c.name for c in clusters}
        questions = public_questions(forum)  # the private answers' columns come when ticked (answer_export.py)
        registrations = queries.list_registrations(forum, filters)
        rows = [csvio.export_row(r, names) for r in registrations]
        # columns kept out of the export unless the organiser ticked them (private answers, letters' passport details)
        extra: list[str] = []
        for columns in hooks.export_columns_named(request.args.getlist("include")):
            headings, cells = columns.columns(forum, [r.id for r in registrations])
            extra += headings
            for registration, row in zip(registrations, rows, strict=True):
                row.extra += cells.get(registration.id, [""] * len(headings))
        body = csvio.export_registrations(rows, questions, forum.timezone, extra)
        response = Response(body, mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        return as_download(response, f"{forum.slug}-registrations-{date.today().isoformat()}.csv")


class ImportView(ForumView):
    permission = PERMISSION

    def render(self, forum, form, errors=(), status=200, refusal=""):
        return render_template("registration/desk/import.html", forum=forum, form=form, errors=list(errors),
                               refusal=refusal, settings=queries.get_settings(forum),
                               max_rows=csvio.MAX_IMPORT_ROWS), status

    def get(self, forum):
        return self.render(forum, ImportForm())

    def refused(self, error, forum):
        """All or nothing: the invitees registered before one was refused are rolled back with it; a quota the
        list's emails would pass refuses it before anything is written, saying from when it would fit."""
        return self.render(forum, ImportForm(), status=422, refusal=error.message)

    def post(self, forum):
        form = ImportForm()
        if not form.validate_on_submit():
            return self.render(forum, form, status=422)
        invitees, errors = csvio.parse_invitees(form.file.data.read(IMPORT_MAX_BYTES + 1))
        existing = {r.email for r in queries.registrations_by_emails(forum, [i.email for i in invitees])}
        errors += [_("Row %(row)d: %(email)s is already registered for this forum", row=i.row, email=i.email)
                   for i in invitees if i.email in existing]
        if errors:
            return self.render(forum, form, sorted(errors, key=_row_number), 422)
        outcome = imports.start_import(forum, invitees, current_user)
        if isinstance(outcome, RegistrationImport):  # a long list: the worker writes it, the page shows how far
            flash(_("The list is checked: %(num)s invitees are being imported in the background. Their emails go "
                    "out once all of them are in.", num=format_number(outcome.total)), "success")
            return redirect(url_for("registration.import_status", slug=forum.slug, import_id=outcome.id))
        flash(ngettext("%(num)d invitee imported", "%(num)d invitees imported", len(invitees)) + ": " + ", ".join(
            f"{count} {str(STATUS_LABELS[status]).lower()}" for status, count in outcome.items() if count) + ".",
            "success")
        return redirect(url_for("registration.desk", slug=forum.slug))


def _row_number(message: str) -> int:
    match = re.search(r"\d+", message)
    return int(match.group()) if match else 0


def too_large(error: RequestEntityTooLarge):
    """Uploads beyond the site's limit are refused before any view runs; on the import page and the forms taking
    answer files, say why."""
    if request.endpoint == "registration.import_csv" and request.view_args:
        flash(_("The file is too large. Upload a CSV file of at most 2 MB (up to %(max)d invitees).",
                max=csvio.MAX_IMPORT_ROWS), "error")
        return redirect(url_for("registration.import_csv", slug=request.view_args["slug"]), 303)
    return sent_too_much() or (render_template("errors/error.html", code=413,
                                               title=_("What you sent is too large")), 413)


# --- settings and invitation codes (the questions: views/questions.py) ----------------------------------------

class SettingsView(ForumView):
    permission = PERMISSION
    FIELDS = ("capacity", "capacity_in_person", "capacity_online", "approval_required", "invitation_only",
              "privacy_notice", "public_categories")

    def render(self, forum, form, status=200):
        return render_template("registration/desk/settings.html", forum=forum, form=form,
                               counts=queries.status_counts(forum),
                               by_mode=queries.confirmed_counts(forum.id)), status

    def get(self, forum):
        settings = queries.get_settings(forum)
        form = SettingsForm(obj=settings)
        form.public_categories.data = queries.public_categories(settings)  # None stored: all of them
        return self.render(forum, form)

    def post(self, forum):
        form = SettingsForm()
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if form.validate_on_submit():
            waiting = queries.status_counts(forum)["waitlisted"]
            setup.update_settings(forum, {name: form[name].data for name in self.FIELDS})
            promoted = waiting - queries.status_counts(forum)["waitlisted"]
            flash(_("Settings saved.") + (" " + ngettext(
                "%(num)d person moved up from the waiting list and was told by email.",
                "%(num)d people moved up from the waiting list and were told by email.", promoted)
                if promoted > 0 else ""), "success")
            return redirect(url_for("registration.settings", slug=forum.slug))
        return self.render(forum, form, 422)


class InvitationsView(ForumView):
    permission = PERMISSION

    def render(self, forum, form, status=200):
        return render_template("registration/desk/invitations.html", forum=forum, form=form,
                               codes=queries.list_invitation_codes(forum), settings=queries.get_settings(forum)), status

    def get(self, forum):
        return self.render(forum, InvitationForm())

    def post(self, forum):
        form = InvitationForm()
        if form.validate_on_submit():
            codes = setup.create_invitation_codes(forum, form.count.data, form.max_uses.data, form.note.data)
            flash(ngettext("%(num)d invitation code created.", "%(num)d invitation codes created.", len(codes)),
                  "success")
            return redirect(url_for("registration.invitations", slug=forum.slug))
        return self.render(forum, form, 422)
