"""A survey's numbers (results.survey_results without the words), kept between requests: read by the results page
and by the outcome report's evaluation chapter (its web page, PDF and the organisers' choice), so neither counts
2,000 answer sheets again while nothing changed.

They are kept in a small per-process cache (core.cache.BoundedCache) keyed by what they are counted from: the
survey (its id and when it was made, as an id can be used again after a deletion; when it was last changed), the
round, whether it is anonymous, its questions' kinds and choices, and how many sheets were sent. A sent sheet is
only ever added: never edited, and deleted only with its whole survey (a new key). A person's erasure deletes the
written answers of their named sheets and touches the survey's `updated_at`, which is in the key. So the key
changes whenever the numbers can; the answering pages need not know this cache exists, and nothing is keyed by
time.

What is NOT kept: how many are asked (registrations change without any answer arriving) and which answers the
organisers quote (TextAnswer.quoted here is as it was when counted): both are read fresh by whoever shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, tuple_

from ..core.cache import BoundedCache
from ..extensions import db
from .models import Survey, SurveyResponse
from .results import Group, QuestionResult, Summary, TextAnswer, survey_results


@dataclass(frozen=True)
class QuestionNumbers:
    """One question's numbers without the question itself (so they can be kept between requests)."""

    summary: Summary
    breakdowns: dict[str, tuple[Group, ...]]
    texts: tuple[TextAnswer, ...]
    shown: bool  # False: too few answered this question of an anonymous survey to show its numbers


@dataclass(frozen=True)
class SurveyNumbers:
    sheets: int  # answer sheets counted (everyone's who sent one, asked now or not)
    questions: dict[int, QuestionNumbers]  # item id -> its numbers


_numbers: BoundedCache[SurveyNumbers] = BoundedCache(maxsize=32)


def sent_counts(rounds: Iterable[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """(survey id, round) -> answer sheets sent in that round, for all of them in one query."""
    wanted = sorted(set(rounds))
    if not wanted:
        return {}
    found = {(survey_id, phase): count for survey_id, phase, count in db.session.execute(
        select(SurveyResponse.survey_id, SurveyResponse.phase, func.count())
        .where(tuple_(SurveyResponse.survey_id, SurveyResponse.phase).in_(wanted))
        .group_by(SurveyResponse.survey_id, SurveyResponse.phase))}
    return {key: found.get(key, 0) for key in wanted}


def sent_count(survey: Survey, phase: str) -> int:
    """How many answer sheets were sent to this survey in this round (one query)."""
    return sent_counts([(survey.id, phase)])[(survey.id, phase)]


def numbers_key(survey: Survey, phase: str, sent: int) -> tuple:
    """Everything the numbers are counted from (see the module's docstring)."""
    return (survey.id, survey.created_at, survey.updated_at, phase, survey.anonymous, sent,
            tuple((item.id, item.kind, len(item.options or ())) for item in survey.items if item.is_question))


def survey_numbers(survey: Survey, phase: str, sent: int | None = None) -> SurveyNumbers:
    """The survey's numbers in this round: counted once, then kept until an answer sheet arrives. `sent` is
    sent_count's answer when the caller read it already (for several surveys at once); else one query."""
    if sent is None:
        sent = sent_count(survey, phase)
    sheets = sent

    def count() -> SurveyNumbers:
        results = survey_results(survey, phase)
        return SurveyNumbers(sheets, {question.item.id: _numbers_of(question) for question in results.questions})

    return _numbers.get_or_build(numbers_key(survey, phase, sent), count)


def clear_cache() -> None:
    """Forget every kept count (the benchmark's "first request")."""
    _numbers.clear()


def _numbers_of(question: QuestionResult) -> QuestionNumbers:
    return QuestionNumbers(question.summary, question.breakdowns, question.texts, question.shown)
