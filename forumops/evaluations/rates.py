"""Response rates: how many each survey asks and how many of them answered (each round of a test), for every page
that shows a rate (the results page, the organisers' list of surveys, the M&E dashboard on the web and in its
PDF, the outcome report's chapter through evaluations.results), with a test's average gain for the dashboard.
Read in a fixed number of queries however many surveys the forum has.

How many a survey asks is evaluations.audience's rule (audience.asks), counted here for all the surveys at once in
one grouped query. A test shows that both rounds were asked.

Who answered, for a rate, is a person among those asked whose responder row is sent: an answer sheet of someone
no longer asked (cancelled, or outside an audience since changed) still counts in the results, never in the
rate, so a rate never goes over 100%. (An anonymous sheet cannot be matched to its person; the responder row
is what says they answered.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .audience import asks
from .gain_queries import read_gains
from .models import Survey, SurveyResponder
from .queries import forum_surveys


@dataclass(frozen=True)
class RoundRate:
    phase: str  # "" for an evaluation, "before" or "after" for a test
    responded: int
    asked: int

    @property
    def rate(self) -> float | None:
        """The share of those asked who answered, 0 to 1; None when nobody is asked."""
        return self.responded / self.asked if self.asked else None


@dataclass(frozen=True)
class SurveyRate:
    survey_id: int
    title: str
    kind: str
    anonymous: bool
    rounds: tuple[RoundRate, ...]  # one for an evaluation; before and after for a test
    average_gain: float | None = None  # a test's, in percentage points (None: nobody answered both rounds)
    paired: int = 0  # how many people the average is of

    @property
    def is_test(self) -> bool:
        return self.kind == "test"


def asked_counts(forum_id: int, surveys: Sequence[Survey]) -> dict[int, int]:
    """survey id -> how many it asks (evaluations.audience.asks), in one query for all of them."""
    if not surveys:
        return {}
    found = {survey_id: count for survey_id, count in db.session.execute(
        select(Survey.id, func.count(Registration.id)).join(Registration, asks())
        .where(Survey.forum_id == forum_id, Survey.id.in_([survey.id for survey in surveys]))
        .group_by(Survey.id))}
    return {survey.id: found.get(survey.id, 0) for survey in surveys}


def answered_counts(surveys: Sequence[Survey]) -> dict[tuple[int, str], int]:
    """(survey id, round) -> how many people the survey asks have sent their answers in that round: one grouped
    query for all these surveys (the responder rows of the people evaluations.audience.asks)."""
    if not surveys:
        return {}
    return {(survey_id, phase): count for survey_id, phase, count in db.session.execute(
        select(SurveyResponder.survey_id, SurveyResponder.phase, func.count())
        .join(Survey, Survey.id == SurveyResponder.survey_id)
        .join(Registration, Registration.id == SurveyResponder.registration_id)
        .where(SurveyResponder.survey_id.in_([survey.id for survey in surveys]), SurveyResponder.submitted.is_(True),
               asks())
        .group_by(SurveyResponder.survey_id, SurveyResponder.phase))}


def rounds_of(surveys: Sequence[Survey]) -> dict[int, tuple[RoundRate, ...]]:
    """survey id -> its rounds' rates (one for an evaluation, before and after for a test): two or three
    queries for all these surveys (of one forum)."""
    if not surveys:
        return {}
    asked = asked_counts(surveys[0].forum_id, surveys)
    answered = answered_counts(surveys)
    return {survey.id: tuple(RoundRate(phase, answered.get((survey.id, phase), 0), asked[survey.id])
                             for phase in (("before", "after") if survey.is_test else ("",)))
            for survey in surveys}


def round_rate(survey: Survey, phase: str) -> RoundRate:
    """One round of one survey: how many it asks and how many of them answered (two or three queries)."""
    asked = asked_counts(survey.forum_id, [survey])[survey.id]
    return RoundRate(phase, answered_counts([survey]).get((survey.id, phase), 0), asked)


def survey_rates(forum: Forum) -> list[SurveyRate]:
    """The forum's surveys in their order, each with its response rate (per round for a test) and a test's
    average gain: at most six queries whatever the number of surveys, sheets and answers."""
    surveys = forum_surveys(forum)
    if not surveys:
        return []
    rounds = rounds_of(surveys)
    gains = read_gains(surveys, with_people=False)
    rates = []
    for survey in surveys:
        gain = gains.get(survey.id)
        rates.append(SurveyRate(
            survey_id=survey.id, title=survey.title, kind=survey.kind, anonymous=survey.anonymous,
            rounds=rounds[survey.id], average_gain=gain.average_gain if gain else None,
            paired=gain.paired if gain else 0))
    return rates
