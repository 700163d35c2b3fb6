"""What support adds to the registration stage's pages, which come before it and may not import it: the offers on
one registration at the desk (with the form to offer, change or withdraw), the "Offer support…" button of the
desk's bulk form, a line on the desk saying how many are funded, and the person's offers, to accept or decline, on
their own registration page."""

from __future__ import annotations

from dataclasses import dataclass

from ..core import hooks
from ..core.i18n import lazy_gettext as _l
from ..forums.models import Forum
from ..registration.models import Registration
from .labels import SUPPORT_KIND_LABELS, SUPPORT_STATUS_LABELS
from .models import SUPPORT_KINDS
from .queries import supports_of
from .support_answers import terms_key
from .support_forms import SupportStatusForm, fresh_terms_form
from .support_operations import why_not_offerable
from .support_queries import money, support_counts
from .support_views import ordered_supports, page_context

hooks.bulk_action(hooks.BulkAction("offer_support", _l("Offer support"), "travel.offer_support", order=20))


@hooks.panel("registration.detail")
def _support_at_the_desk(forum: Forum, registration: Registration) -> hooks.Panel | None:
    """What is offered to this person, each with its status, and the small form to offer or change support."""
    if registration.erased_at is not None:
        return None
    return hooks.Panel("travel/support/_desk_panel.html", {
        "supports": ordered_supports(registration),
        "form": fresh_terms_form(forum), "status_form": SupportStatusForm(formdata=None),
        "offerable": why_not_offerable(registration) is None, **page_context(forum)}, order=30)


@hooks.panel("registration.desk")
def _support_on_the_desk(forum: Forum) -> hooks.Panel | None:
    """How many are offered support and how many answered: a line leading to the support page."""
    counts = support_counts(forum)
    if not counts.people:
        return None
    return hooks.Panel("travel/support/_desk_summary.html", {"counts": counts}, order=40)


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


@hooks.panel("registration.manage")
def _my_offers(forum: Forum, registration: Registration) -> hooks.Panel | None:
    """The person's offers, each with its status; Accept and Decline on those waiting for their answer."""
    if registration.erased_at is not None:
        return None
    supports = supports_of(registration)
    if not supports:
        return None
    offers = [OfferShown(kind, str(SUPPORT_KIND_LABELS[kind]), row.status, str(SUPPORT_STATUS_LABELS[row.status]),
                         money(row.amount, row.currency), kind == "per_diem", row.note, terms_key(row))
              for kind in SUPPORT_KINDS if (row := supports.get(kind)) is not None]
    return hooks.Panel("travel/support/_participant_panel.html", {
        "offers": offers, "answerable": why_not_offerable(registration) is None}, order=20)
