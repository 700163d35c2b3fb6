"""The organisers' to-do on a forum's page (see core.home): programme changes participants have not been told
of, and an automatic message something held back (a quota, nobody confirmed)."""

from __future__ import annotations

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import func, select

from ..core import home
from ..extensions import db
from . import changes
from .models import AutomaticMessage


@home.todo
def _automatic_todos(forum) -> list[home.Todo]:
    url = url_for("communications.automatic", slug=forum.slug)
    todos = []
    notices = changes.settings_of(forum)
    if notices is not None and notices.mode != "off":
        pending = len(changes.pending_changes(forum, notices))
        if pending:
            todos.append(home.Todo(ngettext("%(num)d programme change not yet announced",
                                            "%(num)d programme changes not yet announced", pending),
                                   pending, url + "#changes"))
    blocked = db.session.scalar(select(func.count(AutomaticMessage.id)).where(
        AutomaticMessage.forum_id == forum.id, AutomaticMessage.is_enabled, AutomaticMessage.blocked_reason != ""))
    if blocked or (notices is not None and notices.blocked_reason):
        count = (blocked or 0) + (1 if notices is not None and notices.blocked_reason else 0)
        todos.append(home.Todo(ngettext("%(num)d automatic message is held back", "%(num)d automatic messages are "
                                        "held back", count), count, url))
    return todos
