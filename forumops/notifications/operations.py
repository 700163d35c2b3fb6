"""Outbox writes an organiser asks for (the sending itself is core.worker's)."""

from __future__ import annotations

from flask_babel import gettext as _

from ..core.errors import FormError
from ..core.outbox import OutboxMessage, requeue


def send_again(message: OutboxMessage) -> None:
    """Queue a failed email again, from its first attempt ("Send again" on the outbox page). Refuses one that
    is not failed (any more): sent mail is never sent twice, queued mail is on its way. Flushes."""
    if message.status != "failed" or not requeue([message.id]):
        raise FormError(_("This email has not failed (any more): there is nothing to send again."))
