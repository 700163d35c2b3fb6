"""What support adds to the organisers' pages of the registration stage, which comes before it and may not import
it: the offers on one registration at the desk (with the form to offer, change or withdraw), the "Offer support…"
button of the desk's bulk form, a line on the desk saying how many are funded, and (support_desk.py) the desk list's
"Support" filter and markers. The person's side is in support_answer_hooks.py."""

from __future__ import annotations

from ..core import hooks
from ..core.i18n import lazy_gettext as _l
from ..forums.models import Forum
from ..registration.models import Registration
from . import support_desk  # noqa: F401  (registers the desk list's "Support" filter and markers)
from .support_forms import SupportStatusForm, fresh_terms_form
from .support_operations import why_not_offerable
from .support_queries import support_counts
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
