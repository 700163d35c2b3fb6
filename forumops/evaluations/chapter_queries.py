"""Reads for the outcome report's evaluation chapter: the survey an organiser chooses from, and the surveys the
report shows with their results.

Which round a survey's chapter shows: an evaluation's only one; a before-and-after test's "after" round (what
people knew at the end; the gain between the rounds is the gain page's).
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import TEXT_KINDS, Survey, SurveyAnswer, SurveyItem
from .results import SurveyResults, survey_results


def report_phase(survey: Survey) -> str:
    """The round of answers the report shows: "" for an evaluation, "after" for a test."""
    return "after" if survey.is_test else ""


def is_chartable(item: SurveyItem) -> bool:
    """A question the report can draw as a chart: not a section heading, not free text."""
    return item.is_question and item.kind not in TEXT_KINDS




def report_results(surveys: list[Survey]) -> list[SurveyResults]:
    """The results of each survey with a question or a quote chosen for the report, in the given order: one query
    to find the quotes, then survey_results' six queries per survey shown; none of it grows with the answers."""
    if not surveys:
        return []
    quoted = set(db.session.scalars(
        select(SurveyItem.survey_id).join(SurveyAnswer, SurveyAnswer.item_id == SurveyItem.id)
        .where(SurveyItem.survey_id.in_([survey.id for survey in surveys]), SurveyAnswer.quoted.is_(True))
        .distinct()))
    chosen = [survey for survey in surveys
              if survey.id in quoted or any(item.in_report and is_chartable(item) for item in survey.items)]
    return [survey_results(survey, report_phase(survey)) for survey in chosen]
