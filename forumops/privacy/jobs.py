"""The privacy stage's periodic work, run by the worker (core.jobs) or once by `flask forumops purge`."""

from __future__ import annotations

from ..core import jobs
from .operations import purge


@jobs.daily("privacy-purge")
def purge_expired() -> str:
    """Participants of forums past their retention are anonymised (idempotent)."""
    done = purge()
    return f"{sum(len(plan.registrations) for plan, _accounts in done)} registration(s) anonymised"
