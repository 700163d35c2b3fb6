"""The outbox page: organisers read the mail their forum sent (or, without a mail server, only kept)."""

from __future__ import annotations

from flask import current_app, render_template, request

from ..core.views import ForumView
from . import queries


class OutboxView(ForumView):
    permission = "forum.edit"

    def get(self, forum):
        page = queries.list_forum_outbox(forum, request.args.get("page", 1, type=int))
        return render_template("notifications/outbox.html", forum=forum, outbox=page,
                               mail_server=current_app.config.get("MAIL_SERVER") or "")
