"""The organisers' to-do on a forum's page (see core.home): mail that has not gone out."""

from __future__ import annotations

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import func, select

from ..core import home
from ..core.outbox import OutboxMessage
from ..extensions import db


@home.todo
def _unsent_mail(forum) -> list[home.Todo]:
    unsent = db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.forum_id == forum.id, OutboxMessage.status != "sent")) or 0
    if not unsent:
        return []
    return [home.Todo(ngettext("%(num)d email has not gone out yet", "%(num)d emails have not gone out yet",
                               unsent), unsent, url_for("notifications.outbox", slug=forum.slug))]
