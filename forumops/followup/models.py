"""Follow-up after the forum: action plans, their activities and indicators, progress reports against
them, the forum's reminder schedule, and notes on what became of a previous edition's work."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..agenda.models import Cluster
from ..core.models import TimestampMixin, UTCDateTime, utcnow
from ..extensions import db
from ..organisations.models import Organisation
from ..registration.models import Registration
from .labels import (
    EVALUATION_WORKSHOP_CHALLENGES,
    INDICATOR_KINDS,
    OUTCOMES,
    OWNER_KINDS,
    PLAN_STATUSES,
    REPORTED_STATUSES,
)


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def in_range(column: str) -> str:
    """A count or amount is never below zero; a percentage is 0 to 100 (labels.INDICATOR_BOUNDS). The
    migration that added these checks lists the rows breaking them (see migrations/versions/e7b3...)."""
    return f"{column} IS NULL OR ({column} >= 0 AND (kind <> 'percent' OR {column} <= 100))"


class FollowupSettings(db.Model):
    """How a forum follows up: how often owners report, when reminders go out, how long links live.
    One row per forum, made on first use."""

    __tablename__ = "followup_settings"
    __table_args__ = (
        CheckConstraint("report_every_days BETWEEN 1 AND 366", name="interval_sensible"),
        CheckConstraint("remind_every_days BETWEEN 1 AND 366", name="reminder_interval_sensible"),
        CheckConstraint("remind_days_before BETWEEN 0 AND 60", name="lead_time_sensible"),
        CheckConstraint("link_valid_days BETWEEN 1 AND 1000", name="link_life_sensible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    report_every_days: Mapped[int] = mapped_column(default=90)
    first_report_due: Mapped[date | None] = mapped_column(Date, nullable=True)  # None: one interval after creation
    reminders_enabled: Mapped[bool] = mapped_column(default=True)
    remind_days_before: Mapped[int] = mapped_column(default=7)
    remind_every_days: Mapped[int] = mapped_column(default=7)  # while a report is due or late
    link_valid_days: Mapped[int] = mapped_column(default=180)
    # The challenge categories owners choose from (codes of labels.CHALLENGES), chosen by the organisers.
    challenge_categories: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(EVALUATION_WORKSHOP_CHALLENGES))


class ActionPlan(TimestampMixin, db.Model):
    """A plan someone adopted at the forum: from a cluster's action item or their own.

    The owner is a participant (registration) or an organisation; owner_name and owner_email are the
    person who reports and receives the private link. The link's token is stored only as its SHA-256.
    """

    __tablename__ = "action_plans"
    __table_args__ = (
        CheckConstraint(_in("status", PLAN_STATUSES), name="status_known"),
        CheckConstraint(_in("owner_kind", OWNER_KINDS), name="owner_kind_known"),
        CheckConstraint("owner_name <> ''", name="owner_named"),
        CheckConstraint("report_every_days IS NULL OR report_every_days BETWEEN 1 AND 366",
                        name="interval_sensible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    objective: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="not_started", index=True)

    owner_kind: Mapped[str] = mapped_column(String(16), default="participant")
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"),
                                                        nullable=True, index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"),
                                                        nullable=True, index=True)
    owner_name: Mapped[str] = mapped_column(String(200))
    owner_email: Mapped[str] = mapped_column(String(254), default="")
    country: Mapped[str] = mapped_column(String(2), default="")  # where the plan is carried out

    # From a cluster's notes: the action item at `action_index` of the notes' "actions" list.
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"), nullable=True,
                                                   index=True)
    notes_id: Mapped[int | None] = mapped_column(ForeignKey("cluster_notes.id", ondelete="SET NULL"),
                                                 nullable=True)
    action_index: Mapped[int | None] = mapped_column(nullable=True)

    report_every_days: Mapped[int | None] = mapped_column(nullable=True)  # None: the forum's setting
    next_report_due: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    last_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    link_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    registration: Mapped[Registration | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    cluster: Mapped[Cluster | None] = relationship()
    activities: Mapped[list[PlanActivity]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanActivity.position")
    indicators: Mapped[list[PlanIndicator]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanIndicator.position")
    reports: Mapped[list[ProgressReport]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="ProgressReport.submitted_at")
    links: Mapped[list[PlanLink]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanLink.created_at")

    @property
    def is_closed(self) -> bool:
        return self.status in ("done", "dropped")


class PlanLink(db.Model):
    """A private link to report on a plan, as registration's ManageLink: each email (the first, a reminder,
    "email me my link") adds one, so the links an owner holds keep working until they expire; the
    organisers' "email a new link" replaces them on purpose, and a replaced link keeps its row with
    `revoked_at`, so opening it says so and offers to email the current one. Only the SHA-256 is stored."""

    __tablename__ = "action_plan_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    plan: Mapped[ActionPlan] = relationship(back_populates="links")


class PlanActivity(db.Model):
    __tablename__ = "plan_activities"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[ActionPlan] = relationship(back_populates="activities")


class PlanIndicator(db.Model):
    """What shows progress: a number with a target ("product certifications: 2") or a yes/no
    ("export licence obtained"), whose target is always yes."""

    __tablename__ = "plan_indicators"
    __table_args__ = (
        CheckConstraint(_in("kind", INDICATOR_KINDS), name="kind_known"),
        CheckConstraint("kind <> 'yes_no' OR target IS NULL", name="yes_no_has_no_target"),
        CheckConstraint(in_range("target"), name="target_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(8), default="number")
    target: Mapped[float | None] = mapped_column(Float, nullable=True)  # numbers only; None: no target set
    unit: Mapped[str] = mapped_column(String(60), default="")  # as written after several: "briefings"
    unit_one: Mapped[str] = mapped_column(String(60), default="")  # after one: "briefing" ("" : same as unit)
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[ActionPlan] = relationship(back_populates="indicators")


class ProgressReport(db.Model):
    """One progress report of an owner: what they did, against each indicator, and what holds them back.

    achievements, challenges and support_areas hold codes from labels.py; the *_other fields the
    words of "other". `was_late` records that the report came after its due date."""

    __tablename__ = "progress_reports"
    __table_args__ = (CheckConstraint(_in("plan_status", REPORTED_STATUSES), name="plan_status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    via: Mapped[str] = mapped_column(String(12), default="link")  # link, account
    plan_status: Mapped[str] = mapped_column(String(16), default="on_track")
    narrative: Mapped[str] = mapped_column(Text, default="")
    evidence_links: Mapped[list[str]] = mapped_column(JSON, default=list)
    achievements: Mapped[list[str]] = mapped_column(JSON, default=list)
    achievement_other: Mapped[str] = mapped_column(String(300), default="")
    challenges: Mapped[list[str]] = mapped_column(JSON, default=list)
    challenge_other: Mapped[str] = mapped_column(String(300), default="")
    support_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    support_needed: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # the due date it answered
    was_late: Mapped[bool] = mapped_column(default=False)
    # Corrections: the owner may correct the report until the organisers review it or the next report is
    # due; each correction keeps the version it replaces in progress_report_versions.
    version: Mapped[int] = mapped_column(default=1)
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    plan: Mapped[ActionPlan] = relationship(back_populates="reports")
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    values: Mapped[list[IndicatorValue]] = relationship(back_populates="report", cascade="all, delete-orphan")
    versions: Mapped[list[ProgressReportVersion]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ProgressReportVersion.version")


class ProgressReportVersion(db.Model):
    """A version of a progress report that a correction replaced, whole (its words, codes and values with
    the indicators' labels): the organisers see every one, as facilitation notes keep their revisions."""

    __tablename__ = "progress_report_versions"
    __table_args__ = (UniqueConstraint("report_id", "version", name="uq_progress_report_versions_report_id_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when this version was sent
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    via: Mapped[str] = mapped_column(String(12), default="link")

    report: Mapped[ProgressReport] = relationship(back_populates="versions")


class IndicatorValue(db.Model):
    """An indicator's value in one report: a number, or yes/no."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("report_id", "indicator_id", name="uq_indicator_values_report_id_indicator_id"),
        CheckConstraint("number IS NOT NULL OR yes IS NOT NULL", name="has_value"),
        CheckConstraint(_in("kind", INDICATOR_KINDS), name="kind_known"),
        CheckConstraint(in_range("number"), name="number_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("plan_indicators.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default="number")  # the indicator's, so a CHECK can bound it
    number: Mapped[float | None] = mapped_column(Float, nullable=True)
    yes: Mapped[bool | None] = mapped_column(nullable=True)

    report: Mapped[ProgressReport] = relationship(back_populates="values")
    indicator: Mapped[PlanIndicator] = relationship()


class EditionLink(db.Model):
    """This forum was made as the next edition of `previous_forum_id` by one of its organisers: the
    trusted link along which the previous edition's recommendations and plans are shown."""

    __tablename__ = "edition_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    previous_forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FollowupNote(TimestampMixin, db.Model):
    """What became of a previous edition's recommendation or action plan, written by the organisers of
    the next edition (`forum_id`)."""

    __tablename__ = "followup_notes"
    __table_args__ = (
        UniqueConstraint("forum_id", "recommendation_id", name="uq_followup_notes_forum_id_recommendation_id"),
        UniqueConstraint("forum_id", "plan_id", name="uq_followup_notes_forum_id_plan_id"),
        CheckConstraint("(recommendation_id IS NULL) <> (plan_id IS NULL)", name="one_subject"),
        CheckConstraint(_in("outcome", OUTCOMES), name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_recommendations.id", ondelete="CASCADE"), nullable=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"), nullable=True)
    outcome: Mapped[str] = mapped_column(String(16), default="unknown")
    text: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
