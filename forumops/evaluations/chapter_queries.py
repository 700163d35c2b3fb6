"""Reads for the outcome report's evaluation chapter: the survey an organiser chooses from, and the surveys the
report shows with their numbers.

Which round a survey's chapter shows: an evaluation's only one; a before-and-after test's "after" round (what
people knew at the end; the gain between the rounds is the gain page's).

The numbers come through evaluations.numbers, the results page's kept counts, so neither the report (web page
and PDF) nor the organisers' choice counts the answer sheets again while none arrived. Which answers are quoted
and how many are asked are read fresh: they change without any sheet arriving.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from ..core.numbers import percent_of
from ..extensions import db
from .models import TEXT_KINDS, Survey, SurveyAnswer, SurveyItem, SurveyResponse
from .numbers import QuestionNumbers, SurveyNumbers, sent_counts, survey_numbers
from .rates import RoundRate, round_rate, rounds_of
from .results import Summary, TextAnswer, too_few_to_show


def report_phase(survey: Survey) -> str:
    """The round of answers the report shows: "" for an evaluation, "after" for a test."""
    return "after" if survey.is_test else ""


def is_chartable(item: SurveyItem) -> bool:
    """A question the report can draw as a chart: not a section heading, not free text."""
    return item.is_question and item.kind not in TEXT_KINDS


@dataclass(frozen=True)
class Quote:
    item_id: int
    response_id: str
    text: str


def quoted_answers(surveys: list[Survey]) -> dict[int, list[Quote]]:
    """survey id -> the answers quoted in its report round, by question then sheet (one query for them all)."""
    if not surveys:
        return {}
    rounds = [and_(SurveyResponse.survey_id == survey.id, SurveyResponse.phase == report_phase(survey))
              for survey in surveys]
    found: dict[int, list[Quote]] = defaultdict(list)
    for survey_id, item_id, response_id, text in db.session.execute(
            select(SurveyResponse.survey_id, SurveyAnswer.item_id, SurveyAnswer.response_id, SurveyAnswer.text)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(or_(*rounds), SurveyAnswer.quoted.is_(True))
            .order_by(SurveyAnswer.item_id, SurveyAnswer.response_id)):
        found[survey_id].append(Quote(item_id, response_id, text or ""))
    return found


@dataclass(frozen=True)
class ReportSurvey:
    """A survey the chapter shows: how many it asks, its kept numbers in the report round, its quotes."""

    survey: Survey
    counted: RoundRate  # how many it asks, how many of them answered in the report round
    numbers: SurveyNumbers
    quotes: tuple[Quote, ...]


def report_surveys(forum_id: int, surveys: list[Survey]) -> list[ReportSurvey]:
    """Each survey with a question or a quote chosen for the report, in the given order. Queries: the quotes
    (one), the sheets sent (one), those asked (one, two when a survey asks a cluster), whatever the number of
    surveys and answers; then, only for a survey whose numbers are not kept yet (its first view, or an answer
    arrived), survey_results' four."""
    quotes = quoted_answers(surveys)
    chosen = [survey for survey in surveys
              if quotes.get(survey.id) or any(item.in_report and is_chartable(item) for item in survey.items)]
    if not chosen:
        return []
    sent = sent_counts((survey.id, report_phase(survey)) for survey in chosen)
    rounds = rounds_of(chosen)
    return [ReportSurvey(survey, next(r for r in rounds[survey.id] if r.phase == report_phase(survey)),
                         survey_numbers(survey, report_phase(survey), sent[(survey.id, report_phase(survey))]),
                         tuple(quotes.get(survey.id, ()))) for survey in chosen]


@dataclass(frozen=True)
class ChapterQuestion:
    item: SurveyItem
    summary: Summary
    texts: tuple[TextAnswer, ...]
    shown: bool = True  # False: too few answered this question of an anonymous survey to show its numbers


@dataclass(frozen=True)
class ChapterChoice:
    """What the organisers' choice page shows of one survey: its chartable questions, its text questions with
    their answers, and the keys (response id, item id) of the answers quoted now."""

    counted: RoundRate  # how many it asks, how many of them answered in the report round
    questions: list[ChapterQuestion]
    texts: list[ChapterQuestion]
    quoted: set[tuple[str, int]]
    too_few: bool = False  # an anonymous survey with fewer than 5 sheets in the report round: nothing to quote

    @property
    def asked(self) -> int:
        return self.counted.asked

    @property
    def responded(self) -> int:
        return self.counted.responded

    @property
    def rate(self) -> int | None:
        """Those asked who answered as a whole percentage (core.numbers); None when nobody is asked."""
        return percent_of(self.counted.responded, self.counted.asked)


def chapter_choice(survey: Survey) -> ChapterChoice:
    """The choice page's data, from the kept numbers: four or five queries (four more when counted)."""
    phase = report_phase(survey)
    numbers = survey_numbers(survey, phase)
    questions, texts = [], []
    for item in survey.items:
        found: QuestionNumbers | None = numbers.questions.get(item.id)
        if found is None:
            continue
        question = ChapterQuestion(item, found.summary, found.texts, found.shown)
        if is_chartable(item):
            questions.append(question)
        elif item.kind in TEXT_KINDS:
            texts.append(question)
    quoted = {(quote.response_id, quote.item_id) for quote in quoted_answers([survey]).get(survey.id, ())}
    return ChapterChoice(round_rate(survey, phase), questions, texts, quoted, too_few_to_show(survey, numbers.sheets))
