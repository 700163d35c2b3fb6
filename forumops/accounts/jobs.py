"""The accounts stage's periodic work, run by the worker (core.jobs) or once by `flask forumops prune`."""

from __future__ import annotations

from ..core import jobs
from .operations import prune_expired_sessions, prune_throttle_events
from .verification import prune_links


@jobs.daily("accounts-prune")
def prune() -> str:
    """Expired sign-in throttle events and sessions go, and links confirming an address long expired."""
    events = prune_throttle_events()
    sessions = prune_expired_sessions()
    links = prune_links()
    return f"{events} throttle events, {sessions} expired sessions and {links} old address links deleted"
