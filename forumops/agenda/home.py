"""What the agenda adds to the forum's page (see core.home): the programme's button, or the note that it is
not published yet."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from ..core import home
from ..forums.models import Forum
from .queries import has_programme


@home.forum_action
def _programme_action(forum: Forum) -> home.ForumAction:
    if not has_programme(forum):
        return home.ForumAction("programme", _("The programme is not published yet."), order=10)
    return home.ForumAction("programme", _("Programme"), url_for("agenda.programme", slug=forum.slug), order=10)
