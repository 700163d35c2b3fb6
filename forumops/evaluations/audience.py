"""Who a survey asks: one rule, read by the answering pages (may this person answer?), the composer (whom to
remind) and the response rates' denominator and numerator (evaluations.rates).

The rule: confirmed registrations of the survey's forum, and then as its audience says (everyone; those who
attended at least one day; the members of one cluster; one category). `asked_statement` applies it to one survey
known by its row; `asks` writes the rule once, as SQL over the Survey and Registration columns, so one query can
count it for every survey of a forum at once (evaluations.rates).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select

from ..clusters.models import ClusterAssignment
from ..extensions import db
from ..registration.models import DayAttendance, Registration
from .models import Survey


def asks() -> ColumnElement[bool]:
    """The rule as SQL: true where the Survey row asks the Registration row (a query joins or filters both). An
    erased registration is asked by nothing: its answers are unlinked and its responder rows gone, so counting it
    would lower every rate it was part of."""
    return and_(Registration.forum_id == Survey.forum_id, Registration.status == "confirmed",
                Registration.erased_at.is_(None), or_(
        Survey.audience == "confirmed",
        and_(Survey.audience == "attended", exists().where(DayAttendance.registration_id == Registration.id)),
        and_(Survey.audience == "cluster", exists().where(ClusterAssignment.registration_id == Registration.id,
                                                          ClusterAssignment.cluster_id == Survey.audience_cluster_id)),
        and_(Survey.audience == "category", Registration.category == Survey.audience_category)))


def asked_statement(survey: Survey) -> Select:
    """SELECT the ids of the registrations the survey asks: `asks` over this survey's row. Never correlated, so
    it can be a subquery of a query over registrations (communications' "has not answered" filter)."""
    return select(Registration.id).where(Survey.id == survey.id, asks()).correlate(None)


def is_asked(survey: Survey, registration: Registration) -> bool:
    """Whether this registration is among those the survey asks (one query)."""
    return db.session.scalar(asked_statement(survey).where(Registration.id == registration.id).limit(1)) is not None
