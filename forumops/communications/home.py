"""What communications adds to a participant's registration (see core.home): the announcements they were sent,
readable on their private page and their home when an email went astray, and, when they opted out, that they
did, with a button to receive them again."""

from __future__ import annotations

from ..core import home
from .queries import is_opted_out, received_by


@home.participant_panel
def _announcements(forum, registration, signed_in: bool) -> home.HomePanel | None:
    messages = received_by(forum, registration.id)
    opted_out = is_opted_out(forum, registration.id)
    if not messages and not opted_out:
        return None
    return home.HomePanel("announcements", "communications/_received.html",
                          {"messages": messages, "opted_out": opted_out})
