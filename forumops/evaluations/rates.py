"""Every survey of a forum with how many it asks, how many answered (each round of a test) and a test's average
gain: what the M&E dashboard shows. Read in a fixed number of queries however many surveys the forum has.

How many a survey asks is evaluations.audience's rule, counted here for all the surveys at once: the confirmed
registrations counted by category, with those who attended at least one day among them (one query), and the
members of each cluster (one more, only when a survey asks a cluster). A test shows that both rounds were asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, exists, func, select

from ..clusters.models import ClusterAssignment
from ..extensions import db
from ..registration.models import DayAttendance, Registration
from .gain import read_gains
from .models import Survey, SurveyResponse


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
    """survey id -> how many it asks (audience.asked_count's rule), in one or two queries for all of them."""
    attended = exists().where(DayAttendance.registration_id == Registration.id)
    by_category: dict[str, tuple[int, int]] = {}
    for category, everyone, present in db.session.execute(
            select(Registration.category, func.count(), func.sum(case((attended, 1), else_=0)))
            .where(Registration.forum_id == forum_id, Registration.status == "confirmed")
            .group_by(Registration.category)):
        by_category[category] = (everyone, present or 0)
    by_cluster: dict[int, int] = {}
    if any(survey.audience == "cluster" for survey in surveys):
        by_cluster = {cluster_id: count for cluster_id, count in db.session.execute(
            select(ClusterAssignment.cluster_id, func.count(func.distinct(ClusterAssignment.registration_id)))
            .join(Registration, Registration.id == ClusterAssignment.registration_id)
            .where(Registration.forum_id == forum_id, Registration.status == "confirmed")
            .group_by(ClusterAssignment.cluster_id))}
    everyone = sum(counts[0] for counts in by_category.values())
    present = sum(counts[1] for counts in by_category.values())
    asked = {}
    for survey in surveys:
        if survey.audience == "attended":
            asked[survey.id] = present
        elif survey.audience == "cluster":
            asked[survey.id] = by_cluster.get(survey.audience_cluster_id or 0, 0)
        elif survey.audience == "category":
            asked[survey.id] = by_category.get(survey.audience_category, (0, 0))[0]
        else:
            asked[survey.id] = everyone
    return asked


def responded_counts(survey_ids: Sequence[int]) -> dict[tuple[int, str], int]:
    """(survey id, round) -> answer sheets sent, for all these surveys in one query."""
    if not survey_ids:
        return {}
    return {(survey_id, phase): count for survey_id, phase, count in db.session.execute(
        select(SurveyResponse.survey_id, SurveyResponse.phase, func.count())
        .where(SurveyResponse.survey_id.in_(survey_ids)).group_by(SurveyResponse.survey_id, SurveyResponse.phase))}


def survey_rates(forum_id: int) -> list[SurveyRate]:
    """The forum's surveys in their order, each with its response rate (per round for a test) and a test's
    average gain: at most six queries whatever the number of surveys, sheets and answers."""
    surveys = list(db.session.scalars(select(Survey).where(Survey.forum_id == forum_id)
                                      .order_by(Survey.position, Survey.id)))
    if not surveys:
        return []
    asked = asked_counts(forum_id, surveys)
    responded = responded_counts([survey.id for survey in surveys])
    gains = read_gains(surveys, with_people=False)
    rates = []
    for survey in surveys:
        phases = ("before", "after") if survey.is_test else ("",)
        gain = gains.get(survey.id)
        rates.append(SurveyRate(
            survey_id=survey.id, title=survey.title, kind=survey.kind, anonymous=survey.anonymous,
            rounds=tuple(RoundRate(phase, responded.get((survey.id, phase), 0), asked[survey.id])
                         for phase in phases),
            average_gain=gain.average_gain if gain else None, paired=gain.paired if gain else 0))
    return rates
