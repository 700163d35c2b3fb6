"""What answering adds to earlier stages' pages: the open surveys that ask a participant, listed under their
registration (their private page and their home on the forum, a core.home panel), each with where they stand
(not started, a draft saved, sent) and, for a before-and-after test, the round open now."""

from __future__ import annotations

from ..core import home
from ..core.models import utcnow
from ..forums.models import Forum
from . import answer_queries as queries


@home.participant_panel
def _my_surveys(forum: Forum, registration, signed_in: bool) -> home.HomePanel | None:
    """The open surveys asking this confirmed participant (none: no panel)."""
    if registration.status != "confirmed" or registration.erased_at is not None:
        return None
    found = queries.my_surveys(forum, registration, utcnow())
    if not found:
        return None
    return home.HomePanel("surveys", "evaluations/answer/_panel.html", {"surveys": found, "signed_in": signed_in})
