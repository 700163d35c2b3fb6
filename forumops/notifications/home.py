"""The organisers' to-do on a forum's page (see core.home) and a note on the registration desk (core.hooks): mail
that has not gone out, and mail that waits for the forum to be announced (a draft sends nothing, core.outbox)."""

from __future__ import annotations

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import case, func, select

from ..core import home, hooks
from ..core.outbox import OutboxMessage
from ..extensions import db


def mail_counts(forum) -> tuple[int, int]:
    """(messages not sent yet, of which held until the forum is announced) for this forum, in one query."""
    unsent, held = db.session.execute(select(
        func.count(OutboxMessage.id), func.coalesce(func.sum(case((OutboxMessage.status == "held", 1), else_=0)), 0))
        .where(OutboxMessage.forum_id == forum.id, OutboxMessage.status != "sent")).one()
    return int(unsent or 0), int(held or 0)


def held_label(held: int) -> str:
    """What the organisers read about mail a draft holds."""
    return ngettext("%(num)d email will be sent when the forum is announced",
                    "%(num)d emails will be sent when the forum is announced", held)


@home.todo
def _unsent_mail(forum) -> list[home.Todo]:
    unsent, held = mail_counts(forum)
    url = url_for("notifications.outbox", slug=forum.slug)
    todos = [home.Todo(held_label(held), held, url)] if held else []
    if unsent - held:
        todos.append(home.Todo(ngettext("%(num)d email has not gone out yet", "%(num)d emails have not gone out yet",
                                        unsent - held), unsent - held, url))
    return todos


@hooks.panel("registration.desk")
def _held_mail_panel(forum) -> hooks.Panel | None:
    """On a draft's desk: how many emails wait for the forum to be announced."""
    if forum.status != "draft":
        return None
    _unsent, held = mail_counts(forum)
    return hooks.Panel("notifications/_held_mail.html", {"held": held, "label": held_label(held)}, order=5) \
        if held else None
