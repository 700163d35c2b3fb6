"""What communications adds to a participant's registration (see core.home): the announcements they were sent,
readable on their private page and their home when an email went astray."""

from __future__ import annotations

from ..core import home
from .queries import received_by


@home.participant_panel
def _announcements(forum, registration, signed_in: bool) -> home.HomePanel | None:
    messages = received_by(forum, registration.id)
    if not messages:
        return None
    return home.HomePanel("announcements", "communications/_received.html", {"messages": messages})
