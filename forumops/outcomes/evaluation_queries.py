"""The outcome report's evaluation chapter as plain data, read from the evaluations stage (queries.report_data
calls it; kept apart because queries.py is full).

Only overall numbers reach the report: a chosen question's answers all together, never broken down by gender,
country, category or cluster, so no group (and in an anonymous survey no group under five) is ever shown; an
anonymous survey's question fewer than five answered is left out (results.QuestionResult.shown). Quotes
are the words only: no name, no group, no day.
"""

from __future__ import annotations

from ..core.text import clean_line, clean_text
from ..evaluations.chapter_queries import is_chartable, list_forum_surveys, report_results
from ..evaluations.labels import KIND_LABELS, chart_rows
from ..evaluations.results import QuestionResult, SurveyResults
from ..forums.models import Forum
from .data import EvaluationQuestionData, QuoteData, SurveyChapterData


def _question(result: QuestionResult) -> EvaluationQuestionData:
    item, summary = result.item, result.summary
    rows = chart_rows(item.kind, item.options or [], [bar.count for bar in summary.bars])
    return EvaluationQuestionData(
        id=item.id, text=clean_line(item.text), kind=item.kind, kind_label=str(KIND_LABELS.get(item.kind, "")),
        rows=tuple(rows), answered=summary.answered, mean=round(summary.mean, 1) if summary.mean is not None else None,
        median=summary.median, score=summary.score)


def _survey(results: SurveyResults) -> SurveyChapterData:
    survey = results.survey
    questions = tuple(_question(q) for q in results.questions
                      if q.item.in_report and is_chartable(q.item) and q.shown)
    quotes = tuple(QuoteData(text=clean_text(text.text), question=clean_line(q.item.text))
                   for q in results.questions for text in q.texts if text.quoted and text.text.strip())
    return SurveyChapterData(id=survey.id, title=clean_line(survey.title), anonymous=survey.anonymous,
                             asked=results.asked, responded=results.responded, questions=questions, quotes=quotes)


def evaluation_chapter(forum: Forum) -> tuple[tuple[SurveyChapterData, ...], tuple[tuple[int, str], ...]]:
    """The surveys the chapter shows (those with a question or a quote chosen), and every survey of the forum (id,
    title) for its editors' links. Three queries, then six per survey shown: constant in the number of answers,
    and growing by six with each survey chosen (a forum has a few)."""
    surveys = list_forum_surveys(forum)
    chapter = tuple(_survey(results) for results in report_results(surveys))
    return tuple(part for part in chapter if part.questions or part.quotes), tuple(
        (survey.id, clean_line(survey.title)) for survey in surveys)
