"""What the forum stage tells core, which knows no stage: a person's team roles in a forum
(core.permissions), which forum a /forums/<slug>/ address names (core.views.ForumView), and that a draft
forum's mail waits until it is announced (core.outbox)."""

from __future__ import annotations

from ..core import outbox, permissions, views
from ..extensions import db
from . import queries
from .models import Forum
from .operations import DRAFT_HOLD


@permissions.register_roles("forum")
def _team_roles(user, forum: Forum) -> set[str]:
    return queries.team_roles(forum, user.id)


views.register_forum_finder(queries.find_forum)


@outbox.hold_rule
def _draft_forum_mail_waits(forum_id: int) -> str:
    """A draft sends nothing: whatever its registrations, imports, invitations or plans would send is held
    until change_status announces it (the forum is usually in the session already: no query)."""
    forum = db.session.get(Forum, forum_id)
    return DRAFT_HOLD if forum is not None and forum.status == "draft" else ""
