"""What outcomes add to the forum's page (see core.home): the published report's button."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from ..core import home
from ..forums.models import Forum
from .queries import is_published


@home.forum_action
def _report_action(forum: Forum) -> home.ForumAction | None:
    if not is_published(forum):
        return None
    return home.ForumAction("report", _("Outcome report"), url_for("outcomes.report", slug=forum.slug), order=20)
