"""The follow-up stage's periodic work, run by the worker (core.jobs) or once by `flask forumops send-reminders`."""

from __future__ import annotations

from ..core import jobs
from .reminders import send_reminders


@jobs.daily("progress-reminders")
def progress_reminders() -> str:
    """Owners whose progress report is due soon or late get a reminder (idempotent per day)."""
    return f"{send_reminders()} reminders queued"
