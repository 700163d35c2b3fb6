"""The organisers' composer: filters with a live count, preview for any recipient, test send, send now or at a
time, saved templates. HTTP only: reads in recipients.py and queries.py, writes in operations.py."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..agenda.queries import list_clusters
from ..core.errors import FormError
from ..core.reference import country_name
from ..core.tokens import new_token
from ..core.views import ForumView
from ..evaluations.queries import forum_surveys
from ..forums.models import Forum
from ..registration.labels import CATEGORY_LABELS, MODE_LABELS, STATUS_LABELS
from ..registration.models import CATEGORIES, MODES, STATUSES, Registration
from ..registration.queries import registered_countries
from . import checks, operations, queries
from .defaults import default_templates
from .forms import ComposeForm, compose_form_class
from .placeholders import PLACEHOLDERS
from .recipients import RecipientFilters, count_recipients, find_recipient, find_recipients
from .versions import all_versions, cleaned, main_language, other_languages, version_fields

PERMISSION = "communications.send"
PREVIEW_CHOICES = 500  # people offered in "Preview for" at once; the search finds anyone else


def _with_choices(forum: Forum, form: ComposeForm) -> ComposeForm:
    anyone = [("", _("Any"))]
    form.status.choices = anyone + [(s, str(STATUS_LABELS[s])) for s in STATUSES]
    form.category.choices = anyone + [(c, str(CATEGORY_LABELS[c])) for c in CATEGORIES]
    form.mode.choices = anyone + [(m, str(MODE_LABELS[m])) for m in MODES]
    form.cluster.choices = anyone + [(str(c.id), c.name) for c in list_clusters(forum)]
    form.country.choices = anyone + [(c, country_name(c)) for c in registered_countries(forum)]
    form.survey_pending.choices = anyone + [(str(s.id), s.title) for s in forum_surveys(forum)]
    form.preview_for.choices = []
    return form


def filters_of(form: ComposeForm) -> RecipientFilters:
    """The filters as chosen; a value not on offer counts as "any" (never an error page)."""
    data = {}
    for name in ComposeForm.FILTERS:
        field = form[name]
        choices = getattr(field, "choices", None)
        if choices is not None and field.data not in {value for value, _label in choices}:
            field.data = ""
        data[name] = field.data if not field.errors else None
    return RecipientFilters.from_mapping(data)


def person_label(registration: Registration) -> str:
    """A recipient as the preview list names them: name and address."""
    return f"{registration.name} <{registration.email}>"


def _people_choices(people: list[Registration]) -> list[tuple[str, str]]:
    return [(str(r.id), person_label(r)) for r in people]


def preview_people(forum: Forum, form: ComposeForm, filters: RecipientFilters) -> list[Registration]:
    """Whom "Preview for" offers: the first of those the filters pick, or those of them the search finds."""
    search = form.preview_search.data if not form.preview_search.errors else ""
    return find_recipients(forum, filters, limit=PREVIEW_CHOICES, search=search or "")


def preview_hint(search: str, people: list[Registration]) -> str:
    """What "Preview for" says under its label: whom it lists, or that the search found no one."""
    if search and not people:
        return _("No one the filters pick matches “%(search)s”.", search=search)
    if search:
        return _("Those the filters pick who match “%(search)s” (the first %(num)d by name).", search=search,
                 num=PREVIEW_CHOICES)
    return _("Anyone the filters pick: the first %(num)d by name are listed; find anyone else above.",
             num=PREVIEW_CHOICES)


def count_text(count: int) -> str:
    """The live count's sentence."""
    return ngettext("%(num)d person matches these filters.", "%(num)d people match these filters.", count)


def _send_at(forum: Forum, form: ComposeForm) -> datetime | None:
    """The time typed, read in the forum's zone (as the page says), or None to send now (or when the field
    has an error, which it then carries)."""
    if form.when.data != "later":
        return None
    if form.send_at.data is None:
        if not form.send_at.errors:
            form.add_error("send_at", _("Enter the day and time to send at, or choose “Send now”."))
        return None
    return form.send_at.data.replace(tzinfo=ZoneInfo(forum.timezone))


def compose_form(forum: Forum, *args, **kwargs) -> ComposeForm:
    """The composer's form for this forum: with a subject and body per language after its main one."""
    return _with_choices(forum, compose_form_class(tuple(other_languages(forum)))(*args, **kwargs))


def versions_of(forum: Forum, form: ComposeForm) -> dict[str, dict[str, str]]:
    """The versions in other languages the organiser wrote (one left empty is none)."""
    typed = {}
    for code in other_languages(forum):
        subject, body = version_fields(code)
        typed[code] = {"subject": form[subject].data or "", "body": form[body].data or ""}
    return cleaned(typed, forum)


def _start_data(forum: Forum) -> dict:
    """What a new message starts from: a saved template (?template=<id>), a default (?default=<key>), or the
    filters most messages go to (everyone confirmed)."""
    data: dict = {"status": "confirmed", "when": "now"}
    key = request.args.get("default", "")
    default = next((d for d in default_templates(forum) if d.key == key), None)
    if default is not None:
        data.update({"subject": default.subject, "body": default.body, **default.filters})
        data["attach_ics"] = default.attach_ics
    template_id = request.args.get("template", type=int)
    saved = queries.get_template(forum, template_id) if template_id else None
    if saved is not None:
        data.update({"subject": saved.subject, "body": saved.body})
        for code, text in (saved.versions or {}).items():
            subject, body = version_fields(code)
            data.update({subject: text.get("subject", ""), body: text.get("body", "")})
    return data


class ComposeView(ForumView):
    permission = PERMISSION

    def get(self, forum):
        form = compose_form(forum, formdata=None, data=_start_data(forum))
        return self.render(forum, form)

    def render(self, forum, form, status=200, preview=None, filters_error="", sent_test=""):
        if not form.send_key.data:  # drawn afresh: the key its Send will carry (kept while the form is redrawn)
            form.send_key.data = new_token()
        filters = filters_of(form)
        count = count_recipients(forum, filters)
        people = preview_people(forum, form, filters)
        form.preview_for.choices = _people_choices(people)
        if form.preview_for.data not in {value for value, _label in form.preview_for.choices}:
            form.preview_for.data = form.preview_for.choices[0][0] if form.preview_for.choices else ""
        return render_template(
            "communications/compose.html", forum=forum, form=form, count=count, count_text=count_text(count),
            preview=preview, sent_test=sent_test, filters_error=filters_error, placeholders=PLACEHOLDERS,
            version_fields=[(code, *(form[name] for name in version_fields(code))) for code in other_languages(forum)],
            main_language=main_language(forum),
            preview_hint=preview_hint(form.preview_search.data or "", people),
            defaults=default_templates(forum), templates=queries.list_templates(forum)), status

    def post(self, forum):
        form = compose_form(forum)
        action = request.form.get("action", "preview")
        valid = form.validate_on_submit()
        if action == "count":  # "Update count" without JavaScript: nothing else is checked yet
            for name in ("subject", "body", *(n for code in other_languages(forum) for n in version_fields(code))):
                form[name].errors = []
            return self.render(forum, form)
        if not valid:
            return self.render(forum, form, 422)
        sent = queries.announcement_for_key(forum, form.send_key.data) if action == "send" and form.send_key.data \
            else None
        if sent is not None:  # the same form again: a double click on Send, or Back and Send
            flash(_("This form was already sent: here is the message. It was not sent again; to write another, "
                    "start a new message."), "warning")
            return redirect(url_for("communications.message", slug=forum.slug, announcement_id=sent.id))
        filters = filters_of(form)
        subject, body, versions = form.subject.data, form.body.data, versions_of(forum, form)
        send_at = None
        if action == "save_template":  # a template needs no time, and a draft forum may keep templates
            problems = checks.text_problems(subject, body) + checks.version_problems(forum, versions,
                                                                                                 sending=False)
        else:
            send_at = _send_at(forum, form)  # a missing time is reported with the message's own problems
            problems = checks.message_problems(forum, subject, body, send_at, recipients=filters)
            problems += checks.version_problems(forum, versions, send_at, recipients=filters)
        if problems or form.send_at.errors:
            for problem in problems:
                form.add_error(problem.field, problem.message)
            return self.render(forum, form, 422)
        self._form = form  # for refused(): an operation's refusal is shown on it
        if action == "save_template":
            template = operations.save_template(forum, form.template_name.data, subject, body, current_user,
                                                versions)
            flash(_("Saved as the template “%(name)s”.", name=template.name), "success")
            return self.render(forum, form)
        if action == "send":
            return self.send(forum, form, filters, send_at, versions)
        person = find_recipient(forum, filters, request.form.get("preview_for", type=int))
        if person is None:
            raise FormError(_("No one matches these filters: there is nobody to send to."), field="filters")
        form.preview_for.data = str(person.id)
        sent_test = ""
        shown = all_versions(forum, subject, body, versions)  # each version, as the people reading it get it
        if action == "test":  # said beside the preview, where the answer lands (#preview), not at the top
            for version in shown:
                operations.send_test(forum, version.subject, version.body, person, actor=current_user,
                                     attach_ics=form.attach_ics.data, language=version.language,
                                     survey_id=filters.survey_pending)
            sent_test = ngettext("%(num)d test copy, filled in for %(name)s, is on its way to %(email)s.",
                                 "%(num)d test copies, one of each version, filled in for %(name)s, are on their "
                                 "way to %(email)s.", len(shown), name=person.name, email=current_user.email)
        preview = (person, [(version, operations.preview(forum, version.subject, version.body, person,
                                                         version.language, filters.survey_pending))
                            for version in shown])
        return self.render(forum, form, preview=preview, sent_test=sent_test)

    def refused(self, error, forum):
        """An operation refused the message: its reason beside the field, or above the filters when nobody
        matches them; the request is already rolled back."""
        form = self._form
        if error.field == "filters":
            form.form_errors.append(error.message)
            return self.render(forum, form, 422, filters_error=error.message)
        form.add_error(error.field, error.message)
        return self.render(forum, form, 422)

    def send(self, forum, form, filters, send_at, versions):
        people = find_recipients(forum, filters)
        announcement = operations.send_announcement(
            forum, form.subject.data, form.body.data, people, actor=current_user, attach_ics=form.attach_ics.data,
            send_at=send_at, filters=filters.as_dict(), idempotency_key=form.send_key.data or None,
            versions=versions)
        if send_at is None:
            flash(ngettext("Your message is on its way to %(num)d person.",
                           "Your message is on its way to %(num)d people.", announcement.recipient_count), "success")
        else:
            flash(_("Your message will go at the time you set. You can cancel it until then."), "success")
        return redirect(url_for("communications.message", slug=forum.slug, announcement_id=announcement.id))


class CountView(ForumView):
    """The count and the people to preview for, as the filters change (static/js/composer.js)."""

    permission = PERMISSION

    def get(self, forum):
        form = compose_form(forum, request.args, meta={"csrf": False})
        form.validate()
        filters = filters_of(form)
        count = count_recipients(forum, filters)
        people = preview_people(forum, form, filters)
        return jsonify(count=count, text=count_text(count), people=_people_choices(people),
                       hint=preview_hint(form.preview_search.data or "", people))
