"""What the forum stage tells core, which knows no stage: a person's team roles in a forum
(core.permissions) and which forum a /forums/<slug>/ address names (core.views.ForumView)."""

from __future__ import annotations

from ..core import permissions, views
from . import queries
from .models import Forum


@permissions.register_roles("forum")
def _team_roles(user, forum: Forum) -> set[str]:
    return queries.team_roles(forum, user.id)


views.register_forum_finder(queries.find_forum)
