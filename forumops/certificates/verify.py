"""The public check of a certificate or letter by the code printed on it (and held by its QR code).

What anyone holding the code learns is what the paper itself says, and whether it still holds: its kind, the
holder's name, the forum's title and dates as the paper printed them (a letter's venue too), the day it was issued,
and "valid" or "revoked on <date>: <reason>". Nothing the paper does not print (an email, a registration, the
forum's place on a certificate), and a letter's private details not even where it printed them: its holder shows
the letter itself to whoever needs them.

Codes are 140 bits (core.tokens.derived_code), so guessing one is hopeless; lookups are limited per client address
all the same (VERIFY_LOOKUPS_PER_CLIENT in VERIFY_LOOKUPS_WINDOW_SECONDS), every lookup counted, found or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from ..accounts.operations import record_attempt, throttle_retry_after
from ..core.http import absolute_url, client_key
from ..core.i18n import in_zone
from ..core.languages import page_language
from ..core.tokens import CODE_LENGTH, grouped_code, normalise_code
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import Shown, titles_for
from .issuing import code_of, find_by_code
from .models import IssuedDocument

SCOPE = "verify_code"  # ThrottleEvent.scope of lookups, counted per client address
# what else a paper printed that its verification page repeats, by kind (IssuedDocument.details): the forum's title
# and dates as printed; a certificate's organisation when it printed one; a letter's venue, never its private
# details (passport name aside, which is its holder's name: number, nationality, date of birth...)
SHOWN_DETAILS = {"certificate": ("forum_title", "dates", "organisation"), "letter": ("forum_title", "dates", "venue")}


def verify_url_of(issued: IssuedDocument) -> str:
    """The absolute address of this paper's verification page: what its QR code holds and what it prints."""
    return absolute_url("certificates.verify", code=code_of(issued))


def lookup_retry_after() -> int:
    """Seconds until this client may look up another code (0: now)."""
    config = current_app.config
    limit = config["VERIFY_LOOKUPS_PER_CLIENT"]
    if not limit:
        return 0
    return throttle_retry_after(SCOPE, [f"ip:{client_key()}"], limit,
                                window_seconds=config["VERIFY_LOOKUPS_WINDOW_SECONDS"])


def count_lookup() -> None:
    """Count a lookup against its client; kept whatever the answer (an unknown code is what guessing makes)."""
    record_attempt(SCOPE, [f"ip:{client_key()}"])


def code_length_wrong(typed: str) -> int | None:
    """How many letters and digits a typed code has, when that is not a code's length (None when it is)."""
    length = len(normalise_code(typed))
    return None if length == CODE_LENGTH else length


@dataclass(frozen=True)
class Verification:
    """What the verification page shows of one paper: what it printed, and whether it still holds."""

    kind: str
    holder_name: str
    organisation: str  # as printed; "" when the paper printed none (or is a letter)
    forum_title: Shown  # as printed, in the paper's language
    dates: Shown | None  # as printed; None for a paper issued before they were kept: start_date, end_date then
    start_date: date
    end_date: date
    venue: str  # a letter's venue as printed; "" for a certificate, which prints none
    issued_on: date  # in the forum's time zone, as the paper dates itself
    revoked_on: date | None
    revoked_reason: str
    code: str  # grouped, as printed

    @property
    def revoked(self) -> bool:
        return self.revoked_on is not None


def _day(value: object, default: date) -> date:
    try:
        return date.fromisoformat(str(value)) if value else default
    except ValueError:
        return default


def verification_of(typed: str) -> Verification | None:
    """What the paper carrying this code (typed or scanned, any case, dashes and spaces ignored) shows, or None
    when no paper was issued with it (or it was erased with its registration). The forum's title and dates are the
    paper's, as it printed them, so a forum edited since never makes a genuine paper look wrong; a paper issued
    before they were kept shows the forum's."""
    issued = find_by_code(typed)
    if issued is None:
        return None
    forum = db.session.get(Forum, issued.forum_id)
    if forum is None:
        return None
    details = issued.details or {}
    printed = {key: str(details.get(key) or "") for key in SHOWN_DETAILS.get(issued.kind, ())}
    reader = page_language()
    title = Shown(printed["forum_title"], issued.language, reader) if printed.get("forum_title") \
        else titles_for([forum])[forum.id]
    zone = forum.timezone
    return Verification(
        kind=issued.kind, holder_name=issued.holder_name, organisation=printed.get("organisation", ""),
        forum_title=title, dates=Shown(printed["dates"], issued.language, reader) if printed.get("dates") else None,
        start_date=_day(details.get("start_date"), forum.start_date),
        end_date=_day(details.get("end_date"), forum.end_date), venue=printed.get("venue", ""),
        issued_on=in_zone(issued.issued_at, zone).date(),
        revoked_on=in_zone(issued.revoked_at, zone).date() if issued.revoked_at else None,
        revoked_reason=issued.revoked_reason or "", code=grouped_code(normalise_code(typed)))
