"""The organisers' page for automatic messages and programme-change notices: their settings, when each goes,
the pending programme changes with a preview of one person's digest, and the "Notify" button."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..core.forms import Form
from ..core.models import utcnow
from ..core.views import ForumView
from ..registration.models import Registration
from . import automatic, changes, placeholders
from .automatic_forms import FORMS, ChangeNoticesForm
from .digest import describe, headline
from .operations import preview
from .recipients import find_recipients


def _message_form(forum, kind: str, message):
    subject, body = automatic.texts(forum, message)
    return FORMS[kind](formdata=None, prefix=kind, data={
        "is_enabled": message.is_enabled, "days": message.days, "hour": message.hour, "subject": subject,
        "body": body, "wait_for_report": message.wait_for_report})


def _chosen_person(people: list[Registration], digests: list[changes.Digest]) -> Registration | None:
    """The person the previews are for: the one asked for (?person=), else the first one a digest concerns,
    else the first confirmed."""
    wanted = request.args.get("person", type=int)
    for person in people:
        if person.id == wanted:
            return person
    if digests:
        return digests[0].people[0]
    return people[0] if people else None


def render_page(forum, forms: dict | None = None, notices_form=None, notify_error: str = "", status: int = 200):
    """The whole page; a refused form is passed in (with its errors and what was typed), the others are read."""
    now = utcnow()
    forms = forms or {}
    settings = automatic.settings_of(forum)
    sent = automatic.sent_of(forum)
    published_at = automatic.report_published_at(forum)
    people = find_recipients(forum, automatic.RECIPIENTS)

    notices = changes.settings_of(forum)
    pending = changes.pending_changes(forum, notices)
    digests = changes.digests(forum, pending)
    person = _chosen_person(people, digests)

    messages = []
    for kind, message in settings.items():
        form = forms.get(kind) or _message_form(forum, kind, message)
        filled = None
        if person is not None:
            subject, body = automatic.message_texts(forum, message, published_at is not None)
            if not placeholders.unknown(subject + "\n" + body):
                filled = preview(forum, subject, body, person)
        messages.append({"kind": kind, "form": form, "filled": filled,
                         "status": automatic.status_of(forum, message, sent.get(kind), published_at, now)})

    digest_preview = None
    if person is not None:
        theirs = next((digest for digest in digests if any(p.id == person.id for p in digest.people)), None)
        if theirs is not None:
            digest_preview = preview(forum, *changes.digest_texts(forum, theirs), person)
    if notices_form is None:
        notices_form = ChangeNoticesForm(formdata=None, data={
            "mode": notices.mode if notices else "off", "delay_minutes": notices.delay_minutes if notices else 30})
    return render_template(
        "communications/automatic.html", forum=forum, messages=messages, people=people, person=person,
        recipient_count=len(people), notices=notices, notices_form=notices_form, notify_error=notify_error,
        pending=[(change, headline(change), describe(forum, change)) for change in pending],
        digests=digests, digest_people=sum(len(digest.people) for digest in digests),
        digest_preview=digest_preview, due_at=changes.due_at(forum, pending, notices) if notices else None,
        placeholders=placeholders.PLACEHOLDERS), status


class AutomaticView(ForumView):
    permission = "communications.send"

    def get(self, forum):
        return render_page(forum)


class AutomaticMessageView(ForumView):
    """Save the reminder before the start, or the message after the end (`kind`)."""

    permission = "communications.send"

    def post(self, forum, kind: str):
        form = FORMS[kind](prefix=kind)
        if form.validate_on_submit():
            data = {name: form[name].data for name in ("is_enabled", "days", "hour", "subject", "body")}
            data["wait_for_report"] = form.wait_for_report.data if kind == "after" else False
            self.on_refusal(form, lambda: render_page(forum, forms={kind: form}, status=422))
            automatic.save_settings(forum, kind, data, current_user)
            flash(_("Reminder saved.") if kind == "before" else _("Message after the forum saved."), "success")
            return redirect(url_for("communications.automatic", slug=forum.slug) + f"#auto-{kind}")
        return render_page(forum, forms={kind: form}, status=422)


class ChangeNoticesView(ForumView):
    """How participants hear of programme changes: off, on the button, after a delay."""

    permission = "communications.send"

    def post(self, forum):
        form = ChangeNoticesForm()
        if form.validate_on_submit():
            self.on_refusal(form, lambda: render_page(forum, notices_form=form, status=422))
            changes.save_settings(forum, form.mode.data, form.delay_minutes.data, current_user)
            flash(_("Programme-change notices saved."), "success")
            return redirect(url_for("communications.automatic", slug=forum.slug) + "#changes")
        return render_page(forum, notices_form=form, status=422)


class NotifyChangesView(ForumView):
    """"Notify participants of changes": every affected person gets their digest, once."""

    permission = "communications.send"

    def refused(self, error, forum):
        """Nothing to send (notices off, a quota reached): the reason above the button; already rolled back."""
        return render_page(forum, notify_error=error.message, status=422)

    def post(self, forum):
        if not Form().validate_on_submit():
            return render_page(forum, notify_error=_("The form expired. Press the button again."), status=422)
        result = changes.send_change_notices(forum, current_user)
        if not result.changes:
            flash(_("Nothing to announce: participants already know the programme as it is."), "info")
        elif not result.people:
            flash(_("These changes concern nobody confirmed: nothing was sent, and they count as announced."),
                  "info")
        else:
            flash(ngettext("The changes were sent to %(num)d person.", "The changes were sent to %(num)d people.",
                           result.people), "success")
        return redirect(url_for("communications.automatic", slug=forum.slug) + "#changes")
