"""Who a survey asks: one definition, read by the answering pages (may this person answer?), the composer (whom
to remind) and the results (the response rate's denominator)."""

from __future__ import annotations

from sqlalchemy import Select, exists, func, select

from ..clusters.models import ClusterAssignment
from ..extensions import db
from ..registration.models import DayAttendance, Registration
from .models import Survey


def asked_statement(survey: Survey) -> Select:
    """SELECT the ids of the registrations the survey asks: confirmed, and then as its audience says (everyone;
    those who attended at least one day; the members of one cluster; one category)."""
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


def asked_count(survey: Survey) -> int:
    """How many people the survey asks (one query)."""
    return db.session.scalar(select(func.count()).select_from(asked_statement(survey).subquery())) or 0


def is_asked(survey: Survey, registration: Registration) -> bool:
    """Whether this registration is among those the survey asks (one query)."""
    return db.session.scalar(asked_statement(survey).where(Registration.id == registration.id).limit(1)) is not None
