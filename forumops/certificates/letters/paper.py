"""An issued letter as a PDF, drawn on the fly by pdf.papers.render_letters from what was issued (the text kept
on the request), the forum's letterhead (its logo and the ticked partners') and the signatory; its code and
QR code lead to the public verification page."""

from __future__ import annotations

import io
from typing import BinaryIO

from flask_babel import gettext as _

from ...core.errors import FormError
from ...core.http import absolute_url
from ...core.languages import written_in
from ...extensions import db
from ...forums.models import Forum
from ...pdf.papers import LetterPage, PaperDesign, render_letters
from ..issuing import code_of
from ..models import PaperSignatory
from ..printing import print_logos, printed_signatory  # the signatory and the logos as certificates print them
from .models import LetterRequest, LetterSettings
from .text import LetterText

PREVIEW_CODE = "PREVIEW"  # what a preview prints where an issued letter prints its code


def check_signatory(signatory: PaperSignatory | None) -> PaperSignatory:
    """The chosen signatory, ready to sign; refuses (FormError) when none is chosen or the chosen one has no
    signature image yet, so no letter is issued unsigned."""
    if signatory is None:
        raise FormError(_("Choose who signs the letters in the letter settings first."))
    if signatory.signature_file is None:
        raise FormError(_("%(name)s has no signature image yet: add it on the signatories page, or choose another "
                          "signatory in the letter settings.", name=signatory.name))
    return signatory


def draw_letter(forum: Forum, settings: LetterSettings, text: LetterText, signatory: PaperSignatory | None,
                code: str, out: BinaryIO, *, preview: bool = False) -> None:
    """One letter as a PDF written to `out`, in the letter's language: the letterhead, the text as written, the
    signatory, and the code with its QR code (a preview: marked on every page as not issued and not valid)."""
    with written_in(text.language):
        design = PaperDesign(title=text.letterhead, logos=print_logos(forum, settings.with_forum_logo,
                                                                        settings.partner_logo_ids or []),
                             signatories=(printed_signatory(signatory),) if signatory else (),
                             verify_label=_("Check this letter at"), language=text.language)
        page = LetterPage(date_line=text.date_line, addressee=text.addressee, subject=text.subject, body=text.body,
                          code=code, verify_url=absolute_url("certificates.verify", code=code),
                          mark=_("Preview: not issued, not valid") if preview else "")
        render_letters([(design, page)], out)


def letter_pdf(forum: Forum, settings: LetterSettings, request: LetterRequest) -> bytes:
    """The issued letter of this request, as a one-page PDF in the letter's language. Raises
    issuing.PaperCodeLost when its code can no longer be printed."""
    if request.issued is None or not request.letter:
        raise LookupError("the request has no letter issued")
    signatory = db.session.get(PaperSignatory, request.letter.get("signatory_id") or 0)
    out = io.BytesIO()
    draw_letter(forum, settings, LetterText.from_json(request.letter), signatory, code_of(request.issued), out)
    return out.getvalue()


def preview_pdf(forum: Forum, settings: LetterSettings, text: LetterText) -> bytes:
    """The letter as approving it now would issue it, marked as a preview on every page: no code, nothing issued."""
    out = io.BytesIO()
    draw_letter(forum, settings, text, settings.signatory, PREVIEW_CODE, out, preview=True)
    return out.getvalue()
