"""A participant takes back their opt-out from their own registration page, through its private link or their
account, as they would on the unsubscribe page (communications/_received.html shows the button)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.forms import Form
from ..core.views import ForumView, or_404
from ..registration import queries as registration_queries
from . import operations


class _ResubscribeBase(ForumView):
    def find(self, forum, token):
        raise NotImplementedError

    def page(self, forum, token) -> str:
        raise NotImplementedError

    def get(self, forum, token=None):
        abort(405)

    def post(self, forum, token=None):
        registration = self.find(forum, token)
        if Form().validate_on_submit():
            operations.opt_in(forum, registration.id)
            flash(_("You will receive this forum's announcements again."), "success")
        return redirect(self.page(forum, token))


class ResubscribeView(_ResubscribeBase):
    """Through the private link from an email: the link is the proof, as on the registration page itself."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def find(self, forum, token):
        return or_404(registration_queries.find_by_token(forum, token))

    def page(self, forum, token):
        return url_for("registration.manage", slug=forum.slug, token=token)


class ResubscribeMineView(_ResubscribeBase):
    """Through the participant's account."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "account.manage"

    def find(self, forum, token):
        return or_404(registration_queries.registration_of_user(forum, current_user))

    def page(self, forum, token):
        return url_for("registration.mine", slug=forum.slug)
