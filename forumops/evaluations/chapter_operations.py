"""Writes for the outcome report's evaluation chapter: which of a survey's questions the report draws
(SurveyItem.in_report) and which free-text answers it quotes (SurveyAnswer.quoted). Flushes, never commits.

Only this survey's own questions and answers are touched, whatever ids the form carries: an id of another survey
(of this forum or another) matches nothing here and is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, tuple_, update

from ..extensions import db
from .chapter_queries import is_chartable, report_phase
from .models import TEXT_KINDS, Survey, SurveyAnswer, SurveyResponse
from .numbers import sent_count
from .results import too_few_to_show, withheld_questions

BATCH = 400  # (response, item) pairs per UPDATE: well under any database's limit of bound values


def save_chapter(survey: Survey, questions: Iterable[int], quotes: Iterable[tuple[str, int]]) -> None:
    """Show exactly the ticked chartable questions (but none whose numbers are withheld, too few having answered
    an anonymous survey), and quote exactly the ticked free-text answers, of `survey` (none from an anonymous
    survey with fewer than 5 sheets in that round). Only the round the report
    shows (and the choice page lists) is touched: a test's "before" answers keep their ticks, as nobody saw them
    on the page."""
    ticked = set(questions) - withheld_questions(survey, report_phase(survey))
    for item in survey.items:
        if is_chartable(item):
            item.in_report = item.id in ticked
    text_items = {item.id for item in survey.items if item.is_question and item.kind in TEXT_KINDS}
    if not text_items:
        db.session.flush()
        return
    own = (SurveyAnswer.item_id.in_(text_items), SurveyAnswer.choice == 0,
           SurveyAnswer.response_id.in_(select(SurveyResponse.id).where(
               SurveyResponse.survey_id == survey.id, SurveyResponse.phase == report_phase(survey))))
    db.session.execute(update(SurveyAnswer).where(*own).values(quoted=False)
                       .execution_options(synchronize_session=False))
    if too_few_to_show(survey, sent_count(survey, report_phase(survey))):
        quotes = ()  # fewer than 5 anonymous sheets: the page offers no quote, and none is taken
    chosen = sorted((response_id, item_id) for response_id, item_id in set(quotes) if item_id in text_items)
    for start in range(0, len(chosen), BATCH):
        db.session.execute(update(SurveyAnswer).where(
            *own, tuple_(SurveyAnswer.response_id, SurveyAnswer.item_id).in_(chosen[start:start + BATCH]))
            .values(quoted=True).execution_options(synchronize_session=False))
    db.session.flush()
