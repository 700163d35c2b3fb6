"""The communications stage's periodic work, run by the worker (core.jobs) or once by
`flask forumops send-automatic`."""

from __future__ import annotations

from datetime import timedelta

from ..core import jobs
from .automatic import send_due_automatic_messages
from .changes import send_due_change_notices


@jobs.periodic("automatic-messages", every=timedelta(minutes=5))
def automatic_messages() -> str:
    """The reminders before a forum and the messages after it whose local hour has come."""
    return f"{send_due_automatic_messages()} automatic messages queued"


@jobs.periodic("change-notices", every=timedelta(minutes=1))
def change_notices() -> str:
    """Programme-change digests of forums whose programme has been left alone for their delay."""
    return f"change digests queued for {send_due_change_notices()} people"
