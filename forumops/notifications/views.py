"""The outbox page: organisers read the mail their forum sent (or, without a mail server, only kept)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.forms import Form
from ..core.views import ForumView, or_404
from . import operations, queries
from .home import held_label, mail_counts

PERMISSION = "forum.edit"


class OutboxView(ForumView):
    permission = PERMISSION

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


class SendAgainView(ForumView):
    """"Send again" beside a failed email: queued afresh, the worker sends it on its next pass."""

    permission = PERMISSION

    def post(self, forum, message_id):
        message = or_404(queries.get_forum_message(forum, message_id))
        back = url_for("notifications.outbox", slug=forum.slug, page=request.args.get("page", 1, type=int),
                       _anchor=f"mail-{message.id}")
        if Form().validate_on_submit():
            self.on_refusal(None, lambda: redirect(back))
            operations.send_again(message)
            flash(_("The email to %(address)s is queued to be sent again.", address=message.to_address), "success")
        return redirect(back)
