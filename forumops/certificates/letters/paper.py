"""An issued letter as a PDF, drawn on the fly by pdf.papers.render_letters from what was issued (the text kept
on the request), the forum's letterhead (its logo and the ticked partners') and the signatory; its code and
QR code lead to the public verification page."""

from __future__ import annotations

import io

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


def check_signatory(signatory: PaperSignatory | None) -> PaperSignatory:
    """The chosen signatory, ready to sign; refuses (FormError) when none is chosen or the chosen one has no
    signature image yet, so no letter is issued unsigned."""
    if signatory is None:
        raise FormError(_("Choose who signs the letters in the letter settings first."))
    if signatory.signature_file is None:
        raise FormError(_("%(name)s has no signature image yet: add it on the signatories page, or choose another "
                          "signatory in the letter settings.", name=signatory.name))
    return signatory


def letter_pdf(forum: Forum, settings: LetterSettings, request: LetterRequest) -> bytes:
    """The issued letter of this request, as a one-page PDF in the letter's language."""
    if request.issued is None or not request.letter:
        raise LookupError("the request has no letter issued")
    text = LetterText.from_json(request.letter)
    signatory = db.session.get(PaperSignatory, request.letter.get("signatory_id") or 0)
    code = code_of(request.issued)
    with written_in(text.language):
        design = PaperDesign(title=text.letterhead, logos=print_logos(forum, settings.with_forum_logo,
                                                                        settings.partner_logo_ids or []),
                             signatories=(printed_signatory(signatory),) if signatory else (),
                             verify_label=_("Check this letter at"), language=text.language)
        page = LetterPage(date_line=text.date_line, addressee=text.addressee, subject=text.subject, body=text.body,
                          code=code, verify_url=absolute_url("certificates.verify", code=code))
        out = io.BytesIO()
        render_letters([(design, page)], out)
    return out.getvalue()
