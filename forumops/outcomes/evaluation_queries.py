"""The outcome report's evaluation chapter as plain data, read from the evaluations stage (queries.report_data
calls it; kept apart because queries.py is full).

Only overall numbers reach the report: a chosen question's answers all together, never broken down by gender,
country, category or cluster, so no group (and in an anonymous survey no group under five) is ever shown; an
anonymous survey's question fewer than five answered is left out (results.QuestionResult.shown). Quotes
are the words only: no name, no group, no day.
"""

from __future__ import annotations

from ..core.numbers import tenths
from ..core.text import clean_line, clean_text
from ..evaluations.chapter_queries import ReportSurvey, is_chartable, report_surveys
from ..evaluations.labels import ITEM_KIND_LABELS, question_chart_rows
from ..evaluations.models import SurveyItem
from ..evaluations.queries import forum_surveys
from ..evaluations.results import Summary
from ..forums.models import Forum
from .data import EvaluationQuestionData, QuoteData, SurveyChapterData


def _question(item: SurveyItem, summary: Summary) -> EvaluationQuestionData:
    rows = question_chart_rows(item.kind, item.options or [], [bar.count for bar in summary.bars])
    return EvaluationQuestionData(
        id=item.id, text=clean_line(item.text), kind=item.kind, kind_label=str(ITEM_KIND_LABELS.get(item.kind, "")),
        rows=tuple(rows), answered=summary.answered, mean=tenths(summary.mean),
        median=tenths(summary.median), score=summary.score)


def _survey(shown: ReportSurvey) -> SurveyChapterData:
    survey, numbers = shown.survey, shown.numbers
    questions = tuple(_question(item, numbers.questions[item.id].summary) for item in survey.items
                      if item.in_report and is_chartable(item) and item.id in numbers.questions
                      and numbers.questions[item.id].shown)
    texts = {item.id: item.text for item in survey.items}
    order = {item.id: position for position, item in enumerate(survey.items)}
    quoted = [QuoteData(text=clean_text(quote.text), question=clean_line(texts.get(quote.item_id, "")))
              for quote in sorted(shown.quotes, key=lambda quote: order.get(quote.item_id, 0)) if quote.text.strip()]
    quotes = tuple(dict.fromkeys(quoted))  # the same words ticked twice (two people wrote them) are quoted once
    return SurveyChapterData(id=survey.id, title=clean_line(survey.title), anonymous=survey.anonymous,
                             asked=shown.counted.asked, responded=shown.counted.responded,
                             questions=questions, quotes=quotes)


def evaluation_chapter(forum: Forum) -> tuple[SurveyChapterData, ...]:
    """The surveys the chapter shows (those with a question or a quote chosen), in the forum's order. Six queries
    or so whatever the number of surveys and answers (evaluations.chapter_queries.report_surveys), plus six for a
    chosen survey whose numbers are not kept yet."""
    chapter = tuple(_survey(shown) for shown in report_surveys(forum.id, forum_surveys(forum, with_items=True)))
    return tuple(part for part in chapter if part.questions or part.quotes)
