"""What feedback on programme items adds to earlier stages' pages, which may not import it: on a programme item's
page the rating form for those who attended and the results for its presenters and organisers (core.hooks
"agenda.item"); under a participant's registration the sessions they may rate (core.home participant panel); on
the forum's home the way to the feedback for organisers and presenters (core.home section)."""

from __future__ import annotations

from datetime import timedelta

from flask import g, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core import home, hooks, permissions
from ..core.models import utcnow
from ..forums.models import Forum
from ..registration.queries import registration_of_user
from .feedback_forms import RATING_LABELS, form_for
from .feedback_queries import (
    MIN_RATINGS,
    HomeFeedback,
    feedback_last_day,
    feedback_of,
    feedback_phase,
    get_rated_item,
    has_attended,
    home_feedback,
    item_feedback,
    sessions_to_rate,
)


@hooks.panel("agenda.item")
def _item_feedback_panel(forum: Forum, item_id: int) -> hooks.Panel | None:
    """The form for a participant who attended (once the session started; once feedback closed, their own rating
    read-only, or that it closed), the results for those who may read them (its presenters, from MIN_RATINGS
    ratings; organisers always)."""
    if not current_user.is_authenticated:
        return None
    item = get_rated_item(forum, item_id)
    if item is None:
        return None
    context: dict = {"item": item, "min_ratings": MIN_RATINGS, "form": None, "results": None,
                     "rating_labels": RATING_LABELS}
    registration = registration_of_user(forum, current_user)
    if registration is not None and has_attended(forum, registration, item):
        context["phase"] = feedback_phase(forum, item, utcnow())
        context["last_day"] = feedback_last_day(forum)
        if context["phase"] == "open":
            context["form"] = form_for(item, registration)
        elif context["phase"] == "closed":  # what they said stays in sight, read-only, with the day it closed
            given = feedback_of(item, registration)
            context["closed_rating"] = given.rating if given is not None else None
            context["closed_on"] = context["last_day"] + timedelta(days=1)
    if permissions.can(current_user, "feedback.view", forum, item=item):
        context["results"] = item_feedback(item)
        context["organiser"] = permissions.can(current_user, "feedback.view", forum)
    if context["form"] is None and context["results"] is None and "closed_on" not in context:
        return None
    return hooks.Panel("evaluations/feedback/_item_panel.html", context, order=40)


@home.participant_panel
def _sessions_to_rate(forum: Forum, registration, signed_in: bool) -> home.HomePanel | None:
    """"Rate the sessions you attended": those open for feedback, each with the rating given (if any)."""
    if registration.status != "confirmed" or registration.erased_at is not None:
        return None
    sessions = sessions_to_rate(forum, registration, utcnow())
    if not sessions:
        return None
    return home.HomePanel("rate-sessions", "evaluations/feedback/_participant_panel.html",
                          {"sessions": sessions, "signed_in": signed_in, "last_day": feedback_last_day(forum)})


@home.section
def _feedback_section(forum: Forum, user) -> home.HomeSection | None:
    """For organisers, every session's feedback; for presenters, their own sessions, where they read theirs."""
    organiser = permissions.can(user, "feedback.view", forum)
    mine = _home_feedback_of(user)
    presented = mine.presented.get(forum.id, [])
    if not organiser and not presented:
        return None
    return home.HomeSection("feedback", _("Feedback on sessions"), "evaluations/feedback/_home_section.html",
                            {"organiser": organiser, "presented": presented,
                             "ratings": mine.ratings.get(forum.id, 0) if organiser else 0,
                             "all_url": url_for("evaluations.feedback", slug=forum.slug)}, order=30)


def _home_feedback_of(user) -> HomeFeedback:
    """home_feedback for this person, read once per request: "my forums" draws one card per forum, and each
    card's section takes its part of the same two queries."""
    kept = g.setdefault("evaluations_home_feedback", {})
    if user.id not in kept:
        kept[user.id] = home_feedback(user)
    return kept[user.id]
