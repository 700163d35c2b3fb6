"""The public verification pages: /verify (type the code) and /verify/<code> (what the QR code holds).

Open to anyone, signed in or not, in the reader's language; never indexed (robots noindex, both in the page
and as a header), never cached (a paper revoked since shows revoked). Lookups are limited per client address
(verify.lookup_retry_after): over the limit, the page says so with a 429 and keeps the code typed."""

from __future__ import annotations

from flask import make_response, render_template, request
from flask_babel import gettext as _

from ..core.http import NO_STORE
from ..core.tokens import CODE_LENGTH
from ..core.views import BaseView
from . import verify
from .issued_labels import KIND_LABELS, STATUS_LABELS
from .verify_forms import VerifyForm

PERMISSION = "certificates.verify"
LONGEST_TYPED = 200  # characters of a typed code looked at and shown back; a code has 28, with dashes 34


def not_found_message(typed: str) -> str:
    """Why a typed code found nothing: a code's length when it has another, else that none was issued with it."""
    wrong = verify.code_length_wrong(typed)
    if wrong is not None:
        return _("A code has %(length)d letters and digits, in groups of four; this one has %(count)d. Check the "
                 "code as printed on the paper, or scan its QR code.", length=CODE_LENGTH, count=wrong)
    return _("No certificate or letter was issued with this code. Check the code as printed on the paper, or scan "
             "its QR code.")


def _answer(typed: str):
    """The page for a code as typed (empty: the form alone), with its status."""
    typed = typed[:LONGEST_TYPED]
    form = VerifyForm(formdata=None, data={"code": typed})
    found, status, retry_after, retry_minutes = None, 200, 0, 0
    if typed.strip():
        retry_after = verify.lookup_retry_after()
        if retry_after:
            status, retry_minutes = 429, max(1, -(-retry_after // 60))
        else:
            verify.count_lookup()
            found = verify.verification_of(typed)
            if found is not None:
                form.code.data = ""  # the form below is for another code; this one is shown above
            else:
                status, form.code.errors = 404, [not_found_message(typed)]
                # the page opens on the field, whose label, hint and message a screen reader then reads
                form.code.render_kw = {**(form.code.render_kw or {}), "autofocus": True}
    response = make_response(render_template("certificates/verify.html", form=form, found=found,
                                             retry_minutes=retry_minutes, KIND_LABELS=KIND_LABELS,
                                             ISSUED_STATUS_LABELS=STATUS_LABELS), status)
    response.headers["Cache-Control"] = NO_STORE
    response.headers["X-Robots-Tag"] = "noindex"
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


class VerifyFormView(BaseView):
    """GET /verify: the form; with ?code=..., its answer on the same page."""

    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = PERMISSION

    def get(self):
        return _answer(request.args.get("code", "", type=str))


class VerifyView(BaseView):
    """GET /verify/<code>: the address a paper's QR code holds and prints."""

    for_participants = True
    permission = PERMISSION

    def get(self, code: str):
        return _answer(code)
