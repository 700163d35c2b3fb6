"""The organisers' invitation letters: the settings (text, signatory, letterhead), the queue of requests, one
request with its approval or decline, and the issued letter's PDF."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.http import as_download
from ...core.i18n import day_in_zone
from ...core.i18n import lazy_gettext as _l
from ...core.languages import language_name, page_language
from ...core.views import ForumView, or_404
from ...registration.labels import MODE_LABELS
from . import operations, queries
from .labels import PURPOSE_LABELS, STATUS_LABELS
from .models import REQUEST_STATUSES
from .organiser_forms import ApproveForm, DeclineForm, LetterSettingsForm, QueueFilterForm
from .paper import letter_pdf, preview_pdf
from .text import PLACEHOLDERS, default_texts, letter_languages, names_participation, write_letter

PERMISSION = "letters.manage"


class SettingsView(ForumView):
    permission = PERMISSION

    def _form(self, forum, settings, formdata=True) -> LetterSettingsForm:
        if formdata:
            form = LetterSettingsForm()
        else:
            subject, body = default_texts()
            form = LetterSettingsForm(formdata=None, data={
                "is_open": settings.is_open, "with_forum_logo": settings.with_forum_logo,
                "subject": settings.subject or subject, "body": settings.body or body,
                "signatory": str(settings.signatory_id or ""), "partner_logos": settings.partner_logo_ids or []})
        signatories = queries.list_signatories(forum)
        form.signatory.choices = [("", str(_l("— choose —")))] + [
            (str(s.id), s.name + (f" ({s.title})" if s.title else "")) for s in signatories]
        form.partner_logos.choices = queries.partners_with_logos(forum)
        form.signatories = signatories  # the page says which have no signature image
        return form

    def render(self, forum, form, status=200):
        reader = page_language()
        languages = [language_name(code, reader) for code in letter_languages(forum, queries.get_settings(forum))]
        return render_template("certificates/letters/settings.html", forum=forum, form=form,
                               placeholders=PLACEHOLDERS, languages=languages), status

    def get(self, forum):
        return self.render(forum, self._form(forum, queries.get_settings(forum), formdata=False))

    def post(self, forum):
        form = self._form(forum, queries.get_settings(forum))
        self.on_refusal(form, lambda: self.render(forum, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, form, 422)
        operations.save_settings(forum, {
            "is_open": form.is_open.data, "subject": form.subject.data, "body": form.body.data,
            "with_forum_logo": form.with_forum_logo.data, "partner_logo_ids": form.partner_logos.data or [],
            "signatory_id": int(form.signatory.data) if form.signatory.data else None})
        flash(_("Letter settings saved.") + " " + (
            _("Participants can request a letter from their registration page.") if form.is_open.data
            else _("Participants cannot request a letter until you tick the first box.")), "success")
        return redirect(url_for("letters.settings", slug=forum.slug))


class QueueView(ForumView):
    permission = PERMISSION

    def get(self, forum):
        form = QueueFilterForm(request.args)
        form.status.choices = [("", str(_l("All")))] + [(s, str(STATUS_LABELS[s])) for s in REQUEST_STATUSES]
        status = form.status.data if form.status.data in REQUEST_STATUSES else ""
        return render_template("certificates/letters/queue.html", forum=forum, form=form, status=status,
                               requests=queries.list_requests(forum, status), counts=queries.status_counts(forum),
                               settings=queries.get_settings(forum), PURPOSE_LABELS=PURPOSE_LABELS,
                               LETTER_STATUS_LABELS=STATUS_LABELS, REG_MODE_LABELS=MODE_LABELS)


def _detail_url(forum, letter) -> str:
    return url_for("letters.detail", slug=forum.slug, request_id=letter.id)


class DetailView(ForumView):
    permission = PERMISSION

    def render(self, forum, letter, decline_form=None, status=200):
        """The request as it is now; both decisions carry its version, so they decide on what this page shows."""
        version = operations.request_version(letter)
        decline_form = decline_form or DeclineForm(formdata=None)
        decline_form.version.data = version
        registration = letter.registration
        settings = queries.get_settings(forum)
        return render_template("certificates/letters/detail.html", forum=forum, letter=letter,
                               approve_form=ApproveForm(formdata=None, data={"version": version}),
                               decline_form=decline_form, settings=settings,
                               visa_online=letter.purpose == "visa" and registration.status == "confirmed"
                               and registration.attendance_mode == "online",
                               text_names_venue=registration.attendance_mode == "online"
                               and letter.status != "approved"
                               and not names_participation(forum, settings, letter),
                               PURPOSE_LABELS=PURPOSE_LABELS, LETTER_STATUS_LABELS=STATUS_LABELS,
                               REG_MODE_LABELS=MODE_LABELS), status

    def get(self, forum, request_id: int):
        return self.render(forum, or_404(queries.get_request(forum, request_id)))


class ApproveView(DetailView):
    def get(self, forum, request_id: int):
        abort(405)

    def post(self, forum, request_id: int):
        letter = or_404(queries.get_request(forum, request_id))
        self.on_refusal(None, lambda: redirect(_detail_url(forum, letter)))
        form = ApproveForm()
        if form.validate_on_submit():
            operations.approve(forum, letter, current_user, form.version.data or "")
            flash(_("The letter for %(name)s is issued; they are told by email and can download it now.",
                    name=letter.passport_name), "success")
        return redirect(_detail_url(forum, letter))


class DeclineView(DetailView):
    def get(self, forum, request_id: int):
        abort(405)

    def post(self, forum, request_id: int):
        letter = or_404(queries.get_request(forum, request_id))
        form = DeclineForm()
        self.on_refusal(form, lambda: self.render(forum, or_404(queries.get_request(forum, request_id)), form, 422))
        if not form.validate_on_submit():
            return self.render(forum, letter, form, 422)
        operations.decline(forum, letter, form.reason.data, current_user, form.version.data or "")
        flash(_("The request of %(name)s is declined; they are told why by email.", name=letter.passport_name),
              "success")
        return redirect(_detail_url(forum, letter))


class PreviewView(ForumView):
    """The letter as approving it now would issue it (today's date, the text and signatory as they are), marked
    as a preview on every page, with no code: nothing is issued."""

    permission = PERMISSION

    def get(self, forum, request_id: int):
        letter = or_404(queries.get_request(forum, request_id))
        self.on_refusal(None, lambda: redirect(_detail_url(forum, letter)))
        settings = queries.get_settings(forum)
        if not (settings.subject.strip() and settings.body.strip()):
            flash(_("Write the letter in the letter settings first."), "error")
            return redirect(_detail_url(forum, letter))
        text = write_letter(forum, settings, letter, day_in_zone(forum.timezone))
        return as_download(Response(preview_pdf(forum, settings, text), mimetype="application/pdf"),
                           f"{forum.slug}-invitation-letter-{letter.id}-preview.pdf", inline=True)


class PdfView(ForumView):
    permission = PERMISSION

    def get(self, forum, request_id: int):
        letter = or_404(queries.get_request(forum, request_id))
        if letter.issued is None:
            abort(404)
        body = letter_pdf(forum, queries.get_settings(forum), letter)
        return as_download(Response(body, mimetype="application/pdf"),
                           f"{forum.slug}-invitation-letter-{letter.id}.pdf")
