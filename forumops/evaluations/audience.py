"""Who a survey asks: one rule, read by the answering pages (may this person answer?), the composer (whom to
remind) and the response rates' denominator and numerator (evaluations.rates).

The rule: confirmed registrations of the survey's forum, and then as its audience says (everyone; those who
attended at least one day; the members of one cluster; one category). `asked_statement` applies it to one survey
known in Python; `asks` writes the same rule as SQL over the Survey and Registration columns, for a query that
counts for every survey of a forum at once.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select

from ..clusters.models import ClusterAssignment
from ..extensions import db
from ..registration.models import DayAttendance, Registration
from .models import Survey


def asked_statement(survey: Survey) -> Select:
    """SELECT the ids of the registrations the survey asks (see the module's docstring)."""
    statement = select(Registration.id).where(Registration.forum_id == survey.forum_id,
                                              Registration.status == "confirmed")
    if survey.audience == "attended":
        statement = statement.where(exists().where(DayAttendance.registration_id == Registration.id))
    elif survey.audience == "cluster":
        statement = statement.where(exists().where(ClusterAssignment.registration_id == Registration.id,
                                                   ClusterAssignment.cluster_id == survey.audience_cluster_id))
    elif survey.audience == "category":
        statement = statement.where(Registration.category == survey.audience_category)
    return statement


def asks() -> ColumnElement[bool]:
    """The same rule as SQL: true where the Survey row asks the Registration row (a query joins both)."""
    return and_(Registration.forum_id == Survey.forum_id, Registration.status == "confirmed", or_(
        Survey.audience == "confirmed",
        and_(Survey.audience == "attended", exists().where(DayAttendance.registration_id == Registration.id)),
        and_(Survey.audience == "cluster", exists().where(ClusterAssignment.registration_id == Registration.id,
                                                          ClusterAssignment.cluster_id == Survey.audience_cluster_id)),
        and_(Survey.audience == "category", Registration.category == Survey.audience_category)))


def is_asked(survey: Survey, registration: Registration) -> bool:
    """Whether this registration is among those the survey asks (one query)."""
    return db.session.scalar(asked_statement(survey).where(Registration.id == registration.id).limit(1)) is not None
