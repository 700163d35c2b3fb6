"""What the travel details add to earlier stages' pages, which may not import them: the travel form under a
participant's registration (their private page and their home, a core.home panel), the person's travel details
with the organisers' form on one registration at the desk (a core.hooks panel), and the way to the Travel page
on the organisers' home of the forum (a core.home section)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from ..core import home, hooks, permissions
from ..forums.models import Forum
from .details_forms import organiser_travel_form
from .details_queries import form_state, form_values
from .details_views import shown_details
from .queries import forum_hotels


@home.participant_panel
def _travel_form_panel(forum: Forum, registration, signed_in: bool) -> home.HomePanel | None:
    """Their travel details: whether they are sent, with the way to the form while it is open, or to what they
    sent and what the organisers arranged once it is closed (nothing of either: no panel)."""
    if registration.status != "confirmed" or registration.erased_at is not None:
        return None
    state = form_state(forum, registration)
    if not state.is_open and not state.arranged and not (state.concerned and state.details is not None):
        return None
    return home.HomePanel("travel", "travel/_form_panel.html", {"state": state, "signed_in": signed_in})


@hooks.panel("registration.detail")
def _desk_travel_panel(forum: Forum, registration) -> hooks.Panel | None:
    """The person's travel details and the organisers' form with the arrangements; before the erase section."""
    if registration.erased_at is not None:
        return None
    state = form_state(forum, registration)
    form = organiser_travel_form(forum_hotels(forum), formdata=None,
                                 data=form_values(forum, registration, state.details))
    return hooks.Panel("travel/_desk_panel.html", {"form": form, **shown_details(state, organiser=True)}, order=40)


@home.section
def _travel_section(forum: Forum, user) -> home.HomeSection | None:
    """For the organisers: the Travel page (the travel form, the hotels and who has sent their details)."""
    if not permissions.can(user, "travel.manage", forum):
        return None
    return home.HomeSection("travel", _("Travel and accommodation"), "travel/_home_section.html",
                            {"url": url_for("travel.overview", slug=forum.slug)}, order=35)
