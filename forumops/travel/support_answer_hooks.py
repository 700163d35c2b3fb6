"""What support adds to a participant's own registration page, which comes before it (registration) and may not
import it: their offers, each to accept or decline, right under the summary of their registration, and a link to
them in that summary (on that page and on their home on the forum). Its words are a participant's
(core.languages.PARTICIPANT_SOURCES)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..core import home, hooks
from ..core.numbers import money
from ..forums.models import Forum
from ..registration.models import Registration
from .labels import SUPPORT_KIND_LABELS, SUPPORT_STATUS_LABELS
from .models import SUPPORT_KINDS
from .queries import supports_of
from .support_answers import terms_key
from .support_operations import why_not_offerable


@dataclass(frozen=True)
class OfferShown:
    """One offer as the person reads it."""

    kind: str
    label: str
    status: str
    status_label: str
    amount: str  # "USD 450.00", "" when none
    per_day: bool  # per diem: the amount is a day's
    note: str
    shown: str  # its terms as shown (support_answers.terms_key), carried by the buttons


def offers_shown(registration: Registration) -> list[OfferShown]:
    """The person's offers as they read them, in SUPPORT_KINDS order."""
    supports = supports_of(registration)
    return [OfferShown(kind, str(SUPPORT_KIND_LABELS[kind]), row.status, str(SUPPORT_STATUS_LABELS[row.status]),
                       money(row.amount, row.currency), kind == "per_diem", row.note, terms_key(row))
            for kind in SUPPORT_KINDS if (row := supports.get(kind)) is not None]


def offers_panel(registration: Registration, offers: list[OfferShown]) -> dict:
    """What the offers' template (travel/support/_participant_panel.html) is given: the offers, whether they can be
    answered now, and how many wait for an answer."""
    answerable = why_not_offerable(registration) is None
    waiting = sum(1 for offer in offers if offer.status == "offered") if answerable else 0
    return {"offers": offers, "answerable": answerable, "waiting": waiting}


@hooks.panel("registration.manage_top")
def _my_offers(forum: Forum, registration: Registration) -> hooks.Panel | None:
    """The person's offers, each with its status; Accept and Decline on those waiting for their answer. Right under
    the summary of their registration, before the travel form that follows from them and well away from "Cancel
    my registration"."""
    if registration.erased_at is not None:
        return None
    offers = offers_shown(registration)
    if not offers:
        return None
    return hooks.Panel("travel/support/_participant_panel.html", offers_panel(registration, offers), order=20)


@home.participant_link
def _link_to_my_offers(forum: Forum, registration: Registration, signed_in: bool) -> list[home.HomeLink]:
    """"Support offered to you", saying how many offers wait for an answer, leading to them on the registration
    page (the page itself by the private link; through the account from the forum's home)."""
    if registration.erased_at is not None:
        return []
    supports = supports_of(registration)
    if not supports:
        return []
    waiting = sum(1 for row in supports.values() if row.status == "offered")
    url = url_for("registration.mine", slug=forum.slug) + "#support" if signed_in else "#support"
    note = ngettext("%(num)d waits for your answer", "%(num)d wait for your answer", waiting) if waiting else ""
    return [home.HomeLink(_("Support offered to you"), url, note)]
