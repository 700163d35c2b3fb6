"""Feedback on programme items over HTTP: a participant rates a session they attended (through their account, or
their private link: "by link or by account", as their certificate), and the organisers read every session's
feedback on one page and in a CSV. Presenters read their session's on its page (feedback_hooks)."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..core.http import as_download
from ..core.models import utcnow
from ..core.numbers import one_decimal
from ..core.views import ForumView, or_404
from ..registration.attendance import session_day
from ..registration.own import ByAccount, ByLink, OwnPage
from .feedback_csv import feedback_csv
from .feedback_forms import RATING_LABELS, FeedbackForm, form_for
from .feedback_operations import save_feedback
from .feedback_queries import (
    MIN_RATINGS,
    feedback_last_day,
    feedback_phase,
    forum_feedback,
    get_rated_item,
    has_attended,
)


class _RateView(OwnPage):
    """One session's rating page: the form, or the same form again with what was wrong and what was typed."""



    def action_url(self, forum, item, token) -> str:
        return self.own_url("evaluations.rate", forum, token, item_id=item.id)

    def done_url(self, forum, item, token) -> str:
        raise NotImplementedError

    def _find(self, forum, item_id: int, token):
        item = or_404(get_rated_item(forum, item_id))
        return item, self.find(forum, token)

    def render(self, forum, item, registration, token, form, status=200):
        now = utcnow()
        return render_template(
            "evaluations/feedback/rate.html", forum=forum, item=item, form=form, phase=feedback_phase(forum, item, now),
            attended=has_attended(forum, registration, item), last_day=feedback_last_day(forum),
            day=session_day(forum, item),
            action=self.action_url(forum, item, token), back=self.done_url(forum, item, token)), status

    def get(self, forum, item_id: int, token=None):
        item, registration = self._find(forum, item_id, token)
        return self.render(forum, item, registration, token, form_for(item, registration))

    def post(self, forum, item_id: int, token=None):
        item, registration = self._find(forum, item_id, token)
        form = FeedbackForm()
        self.on_refusal(form, lambda: self.render(forum, item, registration, token, form, 422))
        if not form.validate_on_submit():
            return self.render(forum, item, registration, token, form, 422)
        updated = save_feedback(forum, registration, item, form.rating_value(), form.comment.data or "")
        flash(_("Your rating was updated.") if updated else _("Thank you: your rating is saved."), "success")
        return redirect(self.done_url(forum, item, token))


class RateView(ByAccount, _RateView):
    """Through the participant's account."""

    def done_url(self, forum, item, token) -> str:
        return url_for("agenda.item", slug=forum.slug, item_id=item.id) + "#feedback"


class RateByLinkView(ByLink, _RateView):
    """By the private link (registration.manage's): no account needed."""

    def done_url(self, forum, item, token) -> str:
        return url_for("registration.manage", slug=forum.slug, token=token) + "#rate-sessions"


class ForumFeedbackView(ForumView):
    """Every session's ratings and comments, without names, for the organisers."""

    permission = "feedback.view"

    def get(self, forum):
        return render_template("evaluations/feedback/forum.html", forum=forum, rows=forum_feedback(forum),
                               min_ratings=MIN_RATINGS, last_day=feedback_last_day(forum),
                               rating_labels=RATING_LABELS, one_decimal=one_decimal)


class ForumFeedbackCsvView(ForumView):
    permission = "feedback.view"

    def get(self, forum):
        response = Response(feedback_csv(forum_feedback(forum), forum.timezone), mimetype="text/csv")
        return as_download(response, f"{forum.slug}-session-feedback-{date.today().isoformat()}.csv")
