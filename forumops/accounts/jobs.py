"""The accounts stage's periodic work, run by the worker (core.jobs) or once by `flask forumops prune`."""

from __future__ import annotations

from ..core import jobs
from .operations import prune_expired_sessions, prune_throttle_events


@jobs.daily("accounts-prune")
def prune() -> str:
    """Expired sign-in throttle events and sessions go."""
    events = prune_throttle_events()
    sessions = prune_expired_sessions()
    return f"{events} throttle events and {sessions} expired sessions deleted"
