"""The person's side of support: accepting or declining an offer made to them, through their private link or
their account. Flushes, never commits. Its messages are a participant's (core.languages.PARTICIPANT_SOURCES)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _

from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .models import Support
from .queries import supports_of
from .support_operations import why_not_offerable


def terms_key(row: Support) -> str:
    """What the person was shown of an offer (its money and note), to tell whether it changed before they
    answered: carried by their Accept and Decline buttons."""
    amount = "" if row.amount is None else str(Decimal(row.amount).quantize(Decimal("0.01")))
    return f"{amount}|{row.currency or ''}|{row.note or ''}"


def answer_offer(forum: Forum, registration: Registration, kind: str, accept: bool, shown: str | None = None,
                 now: datetime | None = None) -> Support:
    """The person accepts or declines one offer made to them (answered_at is set). Refuses an offer that is not
    waiting for their answer (answered before, withdrawn), one whose terms changed since their page showed it
    (`shown`, its terms_key), and a registration no longer confirmed."""
    lock_forum(forum.id)
    if why_not_offerable(registration) is not None:
        raise FormError(_("Your registration is not confirmed, so offers of support cannot be answered. Write to "
                          "the organisers."))
    row = supports_of(registration).get(kind)
    if row is None:
        raise FormError(_("This offer was withdrawn by the organisers."))
    if row.status != "offered":
        raise FormError(_("You answered this offer already. To change your answer, write to the organisers."))
    if shown is not None and shown != terms_key(row):
        raise FormError(_("The organisers changed this offer while you were reading it. Read it again below, "
                          "then answer."))
    row.status = "accepted" if accept else "declined"
    row.answered_at = now or utcnow()
    db.session.flush()
    return row
