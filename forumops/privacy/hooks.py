"""What privacy shows on registration's pages, which come before it and must not import it (see core.hooks):
a participant's data and erasure request on their own page, the open requests on the desk, the erase
section (with where other people's text names the person) on one registration; the organisation names a
public page may suggest, and which directory entries a person may see."""

from __future__ import annotations

from ..core import hooks
from ..forums.models import Forum
from ..registration.models import Registration
from .queries import mentions_of, open_request_for, open_requests, organisations_seen_by, public_organisation_names

hooks.organisation_suggestions.answer(public_organisation_names)
hooks.organisations_seen_by.answer(organisations_seen_by)


@hooks.panel("registration.manage")
def _own_data_panel(forum: Forum, registration: Registration) -> hooks.Panel:
    return hooks.Panel("privacy/_manage_panel.html", {"erasure_request": open_request_for(registration)})


@hooks.panel("registration.desk")
def _open_requests_panel(forum: Forum) -> hooks.Panel | None:
    requests = open_requests(forum)
    return hooks.Panel("privacy/_desk_requests.html", {"erasure_requests": requests}) if requests else None


@hooks.panel("registration.detail")
def _erase_panel(forum: Forum, registration: Registration) -> hooks.Panel:
    return hooks.Panel("privacy/_erase_section.html", {"mentions": mentions_of(forum, registration)})
