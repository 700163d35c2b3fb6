"""Issuing, finding and revoking a certificate or letter by its printed code (models.IssuedDocument)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.errors import FormError
from ..core.models import utcnow
from ..core.tokens import derived_code, grouped_code, hash_token, new_nonce, normalise_code
from ..extensions import db
from ..registration.models import Registration
from .models import IssuedDocument

log = logging.getLogger(__name__)


class PaperCodeLost(Exception):
    """This paper's code no longer derives from the key it was issued under (PAPER_CODE_SECRET, or SECRET_KEY,
    changed since): printing it again would print a code that verifies as never issued, so nothing is printed."""

    def __init__(self, issued: IssuedDocument):
        super().__init__(f"the code of paper {issued.id} cannot be derived under the current key")
        self.paper_id, self.forum_id = issued.id, issued.forum_id


def code_secret() -> str:
    """The key printed codes are derived under: PAPER_CODE_SECRET, else SECRET_KEY (installs that never set it)."""
    return current_app.config.get("PAPER_CODE_SECRET") or current_app.config["SECRET_KEY"]


def printable_code(issued: IssuedDocument) -> str | None:
    """The code printed on this paper, grouped for reading (ABCD-EFGH-...), or None when the key it is derived
    under changed since it was issued (the derived code's hash is not the one kept)."""
    code = derived_code(code_secret(), issued.nonce)
    return grouped_code(code) if hash_token(code) == issued.code_hash else None


def code_of(issued: IssuedDocument) -> str:
    """The code printed on this paper, grouped for reading (ABCD-EFGH-...). Raises PaperCodeLost, and logs an
    error for the site's administrator, when the key changed since it was issued."""
    code = printable_code(issued)
    if code is None:
        log.error("paper %s of forum %s: its code no longer derives from FORUMOPS_PAPER_CODE_SECRET (the key "
                  "changed since it was issued); set it to the key in use then. Download refused.",
                  issued.id, issued.forum_id)
        raise PaperCodeLost(issued)
    return code


def issue(registration: Registration, kind: str, *, holder_name: str, language: str, details: dict,
          by_id: int | None) -> IssuedDocument:
    """A new paper for this person, its code ready to print (code_of). Flushes, never commits."""
    issued = _new_paper(registration, kind, holder_name=holder_name, language=language, details=details, by_id=by_id)
    db.session.add(issued)
    db.session.flush()
    return issued


def issue_all(papers: Iterable[tuple[Registration, str, str, dict]], kind: str,
              by_id: int | None) -> list[IssuedDocument]:
    """Papers for many people at once, each (registration, holder_name, language, details), written by one flush
    (the INSERTs batched); returned in the order given. Flushes, never commits."""
    issued = [_new_paper(registration, kind, holder_name=holder_name, language=language, details=details,
                         by_id=by_id) for registration, holder_name, language, details in papers]
    db.session.add_all(issued)
    db.session.flush()
    return issued


def _new_paper(registration: Registration, kind: str, *, holder_name: str, language: str, details: dict,
               by_id: int | None) -> IssuedDocument:
    nonce = new_nonce()
    return IssuedDocument(
        forum_id=registration.forum_id, registration_id=registration.id, kind=kind, nonce=nonce,
        code_hash=hash_token(derived_code(code_secret(), nonce)), holder_name=holder_name,
        language=language, details=details, issued_by_id=by_id)


def find_by_code(typed: str) -> IssuedDocument | None:
    """The paper that carries this code (typed, scanned, any case, with or without dashes), or None."""
    code = normalise_code(typed)
    if not code:
        return None
    return db.session.scalar(select(IssuedDocument).where(IssuedDocument.code_hash == hash_token(code)))


def revoke(issued: IssuedDocument, reason: str, by_id: int | None) -> None:
    """Mark the paper revoked: its verification page says so, with the reason. The reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise FormError(_("Say why it is revoked: the verification page shows the reason."), field="reason")
    if issued.revoked_at is None:
        issued.revoked_at = utcnow()
        issued.revoked_reason = reason
        issued.revoked_by_id = by_id
    db.session.flush()
