"""The organisers' page of a before-and-after test: the gain per question and per person, and its CSV."""

from __future__ import annotations

from flask import Response, render_template

from ..core.http import as_download
from ..core.views import ForumView, or_404
from .gain_format import direction, gain_csv, percent, points
from .gain_queries import survey_gain
from .models import Survey
from .queries import find_survey


def find_test(forum, survey_id: int) -> Survey:
    """A before-and-after test of this forum, or a 404 (another forum's survey, or an evaluation)."""
    survey = find_survey(forum, survey_id)
    if survey is None or not survey.is_test:
        return or_404(None)
    return survey


class GainView(ForumView):
    permission = "evaluations.manage"

    def get(self, forum, survey_id: int):
        survey = find_test(forum, survey_id)
        return render_template("evaluations/gain/gain.html", forum=forum, survey=survey,
                               report=survey_gain(survey), percent=percent, points=points,
                               direction=direction)


class GainCsvView(ForumView):
    permission = "evaluations.manage"

    def get(self, forum, survey_id: int):
        survey = find_test(forum, survey_id)
        response = Response(gain_csv(survey_gain(survey)), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        return as_download(response, f"{forum.slug}-test-{survey.id}-gain.csv")
