"""A participant's invitation letter: the request form and its state, withdrawing it, and downloading the
letter once issued, through the private link from their email or through their account (the same pages)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template
from flask_babel import gettext as _

from ...core.http import as_download
from ...core.languages import language_name, page_language
from ...registration.own import ByAccount, ByLink, OwnPage
from . import operations, queries
from .forms import LetterRequestForm, WithdrawForm
from .labels import PURPOSE_LABELS, STATUS_LABELS
from .paper import letter_pdf
from .text import letter_languages, preferred_language


def _request_form(forum, settings, registration, request, shown: bool = False) -> LetterRequestForm:
    """The request form: as posted, or (`shown`) filled with the request made, else the registration's country
    and the person's language (the name is left for them to type as their passport writes it)."""
    reader = page_language()
    languages = [(code, language_name(code, reader)) for code in letter_languages(forum, settings)]
    if not shown:
        return LetterRequestForm(languages=languages)
    if request is not None:
        return LetterRequestForm(formdata=None, obj=request, languages=languages)
    return LetterRequestForm(formdata=None, languages=languages, data={
        "nationality": registration.country, "language": preferred_language(forum, settings, registration.language)})


class _PersonPage(OwnPage):
    """A page of the person's own letter; registration.own's ByLink or ByAccount, mixed in first, says whose."""


    def urls(self, forum, token) -> dict[str, str]:
        return {"page": self.own_url("letters.request", forum, token),
                "withdraw": self.own_url("letters.withdraw", forum, token),
                "pdf": self.own_url("letters.pdf", forum, token),
                "registration": self.registration_url(forum, token)}


class _RequestPage(_PersonPage):

    def render(self, forum, registration, token, form=None, status=200):
        settings = queries.get_settings(forum)
        request = queries.request_of(registration)
        open_now = queries.can_request(forum, registration, settings)
        if form is None and open_now and (request is None or request.status != "approved"):
            form = _request_form(forum, settings, registration, request, shown=True)
        return render_template(
            "certificates/letters/request.html", forum=forum, registration=registration, request=request,
            form=form if open_now else None, withdraw_form=WithdrawForm(), urls=self.urls(forum, token),
            PURPOSE_LABELS=PURPOSE_LABELS, LETTER_STATUS_LABELS=STATUS_LABELS), status

    def get(self, forum, token=None):
        return self.render(forum, self.find(forum, token), token)

    def post(self, forum, token=None):
        registration = self.find(forum, token)
        settings = queries.get_settings(forum)
        form = _request_form(forum, settings, registration, queries.request_of(registration))
        self.on_refusal(form, lambda: self.render(forum, registration, token, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, registration, token, form, 422)
        operations.submit_request(forum, registration, form.data_for_operations())
        flash(_("Your request is sent. The organisers will look at it; you will get an email when they decide."),
              "success")
        return redirect(self.urls(forum, token)["page"])


class _WithdrawBase(_PersonPage):
    for_participants = True

    def post(self, forum, token=None):
        registration = self.find(forum, token)
        page = self.urls(forum, token)["page"]
        self.on_refusal(None, lambda: redirect(page))
        if WithdrawForm().validate_on_submit():
            operations.withdraw_request(forum, registration)
            flash(_("Your request is withdrawn, and the details you gave for it are deleted."), "success")
        return redirect(page)


class _PdfBase(_PersonPage):
    for_participants = True

    def get(self, forum, token=None):
        registration = self.find(forum, token)
        request = queries.request_of(registration)
        if request is None or request.issued is None or request.issued.revoked:
            abort(404)
        if registration.status == "cancelled":  # the letter stays valid until revoked, but is not handed out:
            return redirect(self.urls(forum, token)["page"], 303)  # its page says why
        body = letter_pdf(forum, queries.get_settings(forum), request)
        return as_download(Response(body, mimetype="application/pdf"), f"{forum.slug}-invitation-letter.pdf")


class RequestView(ByLink, _RequestPage):
    for_participants = True


class RequestMineView(ByAccount, _RequestPage):
    for_participants = True


class WithdrawView(ByLink, _WithdrawBase):
    for_participants = True


class WithdrawMineView(ByAccount, _WithdrawBase):
    for_participants = True


class PdfView(ByLink, _PdfBase):
    for_participants = True


class PdfMineView(ByAccount, _PdfBase):
    for_participants = True
