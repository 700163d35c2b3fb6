"""An issued letter as a PDF, drawn on the fly by pdf.papers.render_letters from what was issued (the text kept
on the request), the forum's letterhead (its logo and the ticked partners') and the signatory; its code and
QR code lead to the public verification page."""

from __future__ import annotations

import io
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import select

from ...core.errors import FormError
from ...core.files import StoredFile, logo_image
from ...core.http import absolute_url
from ...core.languages import written_in
from ...extensions import db
from ...forums.models import Forum
from ...forums.queries import forum_print_logo
from ...organisations.models import Organisation, OrganisationLogo
from ...pdf.logos import PRINT_PX, LogoData
from ...pdf.papers import LetterPage, PaperDesign, Signatory, render_letters
from ..issuing import code_of
from ..models import PaperSignatory
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


def printed_signatory(signatory: PaperSignatory) -> Signatory:
    """The signatory as printed: name, title and signature image (a letter issued signed and downloaded after
    the image was removed prints the name alone rather than failing)."""
    stored = signatory.signature_file
    image = LogoData(signatory.name, stored.sha256, logo_image(stored, PRINT_PX)) if stored is not None else None
    return Signatory(signatory.name, signatory.title, image)


def letterhead_logos(forum: Forum, settings: LetterSettings) -> tuple[LogoData, ...]:
    """The forum's logo (when ticked), then the ticked partners' in the order the organiser ticked them."""
    logos: list[LogoData] = []
    if settings.with_forum_logo:
        own = forum_print_logo(forum)
        if own is not None:
            logos.append(own)
    ticked = list(settings.partner_logo_ids or [])
    if ticked:
        rows = db.session.execute(
            select(Organisation.id, Organisation.name, StoredFile)
            .join(OrganisationLogo, OrganisationLogo.organisation_id == Organisation.id)
            .join(StoredFile, StoredFile.id == OrganisationLogo.stored_file_id)
            .where(Organisation.id.in_(ticked))).all()
        found = {organisation_id: LogoData(name, stored.sha256, logo_image(stored, PRINT_PX))
                 for organisation_id, name, stored in rows}
        logos += [found[organisation_id] for organisation_id in ticked if organisation_id in found]
    return tuple(logos)


def draw_letter(forum: Forum, settings: LetterSettings, text: LetterText, signatory: PaperSignatory | None,
                code: str, out: BinaryIO, *, preview: bool = False) -> None:
    """One letter as a PDF written to `out`, in the letter's language: the letterhead, the text as written, the
    signatory, and the code with its QR code (a preview: marked on every page as not issued and not valid)."""
    with written_in(text.language):
        design = PaperDesign(title=text.letterhead, logos=letterhead_logos(forum, settings),
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
