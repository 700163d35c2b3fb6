"""What a recipient reaches from an announcement: the unsubscribe page and RFC 8058's one-click POST."""

from __future__ import annotations

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.forms import Form
from ..core.views import ForumView, or_404
from ..extensions import db
from ..registration.models import Registration
from . import operations, queries


def _recipient_or_404(forum, token):
    recipient = queries.find_recipient(forum, token)
    if recipient is None:
        abort(make_response(render_template("communications/unsubscribe_unknown.html", forum=forum), 404))
    return recipient


def _masked(email: str) -> str:
    """n***@example.org: enough for the person to know it is theirs, not enough for whoever holds the link."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class UnsubscribeView(ForumView):
    """The link in every announcement's footer: opting out (or back in) is a button, never the GET itself
    (mail scanners open links)."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def get(self, forum, token):
        recipient = _recipient_or_404(forum, token)
        return self.render(forum, recipient, token)

    def render(self, forum, recipient, token, done: bool = False):
        registration = or_404(db.session.get(Registration, recipient.registration_id))  # erased meanwhile
        return render_template("communications/unsubscribe.html", forum=forum, token=token, form=Form(),
                               email=_masked(registration.email), done=done,
                               opted_out=queries.is_opted_out(forum, recipient.registration_id))

    def post(self, forum, token):
        recipient = _recipient_or_404(forum, token)
        if Form().validate_on_submit():
            if request.form.get("action") == "resubscribe":
                operations.opt_in(forum, recipient.registration_id)
                flash(_("You will receive this forum's announcements again."), "success")
            else:
                operations.opt_out(forum, recipient.registration_id)
                flash(_("You will receive no more announcements from this forum. Emails about your own "
                        "registration still come."), "success")
        return redirect(url_for("communications.unsubscribe", slug=forum.slug, token=token))


class OneClickUnsubscribeView(ForumView):
    """The List-Unsubscribe address. A mail program POSTs `List-Unsubscribe=One-Click` here with no page, no
    cookie and so no CSRF token (RFC 8058, section 3.2): this POST alone is exempt from CSRF, by necessity. It
    is safe so: the 256-bit token in the address is the proof, and the only thing it can do is stop
    announcements to the person the email was sent to. A GET (a scanner, a person) only shows the page."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def get(self, forum, token):
        _recipient_or_404(forum, token)
        return redirect(url_for("communications.unsubscribe", slug=forum.slug, token=token))

    def post(self, forum, token):
        recipient = _recipient_or_404(forum, token)
        operations.opt_out(forum, recipient.registration_id)
        return Response(_("You will receive no more announcements from this forum."), mimetype="text/plain")
