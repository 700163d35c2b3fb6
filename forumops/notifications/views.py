"""The outbox page: organisers read the mail their forum sent (or, without a mail server, only kept)."""

from __future__ import annotations

from flask import current_app, render_template, request

from ..core.views import ForumView
from . import queries
from .home import held_label, mail_counts


class OutboxView(ForumView):
    permission = "forum.edit"

    def get(self, forum):
        page = queries.list_forum_outbox(forum, request.args.get("page", 1, type=int))
        mail_server = current_app.config.get("MAIL_SERVER") or ""
        # Mail that really goes out reached its recipients: organisers read it without the private links
        # (a manage link lets whoever holds it change or cancel that registration). Without a mail server
        # this page is the only copy, so the links stay, for organisers to pass on.
        bodies = {m.id: queries.hide_private_links(m.body_text) if mail_server else m.body_text
                  for m in page.messages}
        _unsent, held = mail_counts(forum)
        return render_template("notifications/outbox.html", forum=forum, outbox=page, bodies=bodies,
                               mail_server=mail_server, held=held, held_label=held_label(held))
