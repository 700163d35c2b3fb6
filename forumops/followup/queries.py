"""Follow-up reads: plans, the dashboard's summary, cluster action items to start plans from, and the
previous edition of a series. Pages load in a fixed number of queries whatever the number of plans."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..agenda.models import Cluster
from ..clusters.models import ClusterNotes, ForumRecommendation
from ..core import permissions
from ..core.i18n import day_in_zone
from ..core.reference import country_name
from ..extensions import db
from ..forums.models import Forum
from ..organisations.labels import ORGANISATION_TYPE_LABELS
from ..organisations.models import Organisation
from ..registration.models import Registration
from . import data
from .labels import (
    ACHIEVEMENT_LABELS,
    ACHIEVEMENTS,
    CHALLENGE_LABELS,
    CHALLENGES,
    CLOSED_STATUSES,
    EVALUATION_WORKSHOP_CHALLENGES,
    PLAN_STATUS_LABELS,
    PLAN_STATUSES,
)
from .models import (
    ActionPlan,
    EditionLink,
    FollowupNote,
    FollowupSettings,
    IndicatorValue,
    PlanIndicator,
    ProgressReport,
)

OFFERED_NOTE_STATUSES = ("approved", "published")
SETTINGS_DEFAULTS = {"report_every_days": 90, "first_report_due": None, "reminders_enabled": True,
                     "remind_days_before": 7, "remind_every_days": 7, "link_valid_days": 180}


def settings_defaults() -> dict:
    """SETTINGS_DEFAULTS with a fresh list of challenge categories (the evaluation workshop's)."""
    return {**SETTINGS_DEFAULTS, "challenge_categories": list(EVALUATION_WORKSHOP_CHALLENGES)}


@dataclass(frozen=True)
class PlanFilters:
    country: str = ""
    cluster_id: int | None = None
    organisation_type: str = ""
    status: str = ""

    @property
    def any(self) -> bool:
        return bool(self.country or self.cluster_id or self.organisation_type or self.status)


def local_today(forum: Forum, now: datetime | None = None) -> date:
    """Today in the forum's own zone: due dates are days there."""
    return day_in_zone(forum.timezone, now)


# --- settings and single plans --------------------------------------------------------------------

def get_settings(forum: Forum) -> FollowupSettings:
    """The forum's settings, or unsaved defaults when the organisers never changed them."""
    settings = db.session.scalar(select(FollowupSettings).where(FollowupSettings.forum_id == forum.id))
    return settings if settings is not None else FollowupSettings(forum_id=forum.id, **settings_defaults())


def interval_of(plan: ActionPlan, settings: FollowupSettings) -> int:
    """Days between a plan's reports: its own interval, else the forum's."""
    return plan.report_every_days or settings.report_every_days


def get_plan(forum: Forum, plan_id: int) -> ActionPlan | None:
    """A plan of this forum (another forum's is None), with what its page shows."""
    return db.session.scalar(
        select(ActionPlan).where(ActionPlan.forum_id == forum.id, ActionPlan.id == plan_id)
        .options(joinedload(ActionPlan.organisation), joinedload(ActionPlan.cluster),
                 joinedload(ActionPlan.registration), selectinload(ActionPlan.activities),
                 selectinload(ActionPlan.indicators), selectinload(ActionPlan.links),
                 selectinload(ActionPlan.reports).selectinload(ProgressReport.values),
                 selectinload(ActionPlan.reports).selectinload(ProgressReport.versions)))


def plans_of_user(forum: Forum, user) -> list[ActionPlan]:
    """Plans owned through the user's registration for this forum (registration.user_id is the user)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        select(ActionPlan).join(Registration, Registration.id == ActionPlan.registration_id)
        .where(ActionPlan.forum_id == forum.id, Registration.user_id == user.id)
        .options(selectinload(ActionPlan.indicators)).order_by(ActionPlan.id)))


def plan_of_user(forum: Forum, user, plan_id: int) -> ActionPlan | None:
    """One of the plans this user reports on, or None (another person's plan id finds nothing)."""
    return next((plan for plan in plans_of_user(forum, user) if plan.id == plan_id), None)


def confirmed_registrations(forum: Forum) -> list[Registration]:
    """Who can own a plan as a participant: the forum's confirmed registrations, by name."""
    return list(db.session.scalars(
        select(Registration).where(Registration.forum_id == forum.id, Registration.status == "confirmed")
        .order_by(Registration.name)))


def plan_countries(forum: Forum) -> list[str]:
    """The countries plans come from, for the dashboard's filter."""
    return sorted(c for c in db.session.scalars(
        select(ActionPlan.country).where(ActionPlan.forum_id == forum.id, ActionPlan.country != "").distinct()))


# --- the dashboard --------------------------------------------------------------------------------

def _plans(forum: Forum, filters: PlanFilters) -> list[ActionPlan]:
    query = (select(ActionPlan).outerjoin(ActionPlan.organisation).where(ActionPlan.forum_id == forum.id)
             .options(contains_eager(ActionPlan.organisation), joinedload(ActionPlan.cluster),
                      selectinload(ActionPlan.indicators))
             .order_by(ActionPlan.id))
    if filters.country:
        query = query.where(ActionPlan.country == filters.country)
    if filters.cluster_id:
        query = query.where(ActionPlan.cluster_id == filters.cluster_id)
    if filters.organisation_type:
        query = query.where(Organisation.type == filters.organisation_type)
    if filters.status:
        query = query.where(ActionPlan.status == filters.status)
    return list(db.session.scalars(query).unique())


def _labels(codes, labels: dict, other: str = "") -> tuple[str, ...]:
    out = [str(labels[c]) for c in codes or () if c in labels and c != "other"]
    if "other" in (codes or ()) or other:
        out.append(other or str(labels["other"]))
    return tuple(out)


def _reached(indicator: PlanIndicator, number: float | None, yes: bool | None) -> bool | None:
    if indicator.kind == "yes_no":
        return bool(yes)
    if indicator.target is None:
        return None
    return number is not None and number >= indicator.target


def build_summary(forum: Forum, filters: PlanFilters | None = None, today: date | None = None) -> data.FollowupSummary:
    """Everything the dashboard, CSV and PDF show, for the plans the filters let through (four queries)."""
    filters = filters or PlanFilters()
    today = today or date.today()
    plans = _plans(forum, filters)
    ids = [plan.id for plan in plans]
    reports_by_plan: dict[int, list[ProgressReport]] = defaultdict(list)
    latest_value: dict[int, tuple[float | None, bool | None]] = {}
    if ids:
        for report in db.session.scalars(select(ProgressReport).where(ProgressReport.plan_id.in_(ids))
                                         .order_by(ProgressReport.submitted_at, ProgressReport.id)):
            reports_by_plan[report.plan_id].append(report)
        rows = db.session.execute(
            select(IndicatorValue.indicator_id, IndicatorValue.number, IndicatorValue.yes)
            .join(ProgressReport, ProgressReport.id == IndicatorValue.report_id)
            .where(ProgressReport.plan_id.in_(ids))
            .order_by(ProgressReport.submitted_at, ProgressReport.id))
        for indicator_id, number, yes in rows:  # later reports overwrite earlier ones: the latest wins
            latest_value[indicator_id] = (number, yes)

    challenge_plans: Counter = Counter()
    support_plans: Counter = Counter()
    achievement_plans: Counter = Counter()
    summaries = []
    for plan in plans:
        reports = reports_by_plan.get(plan.id, [])
        latest = reports[-1] if reports else None
        challenge_plans.update({c for r in reports for c in r.challenges or () if c in CHALLENGE_LABELS})
        support_plans.update({c for r in reports for c in r.support_areas or () if c in CHALLENGE_LABELS})
        achieved = [c for c in ACHIEVEMENTS if any(c in (r.achievements or ()) for r in reports)]
        achievement_plans.update(achieved)
        others = [r.achievement_other for r in reports if r.achievement_other]
        indicators = []
        for indicator in plan.indicators:
            number, yes = latest_value.get(indicator.id, (None, None))
            indicators.append(data.IndicatorProgress(
                label=indicator.label, kind=indicator.kind, target=indicator.target, unit=indicator.unit,
                unit_one=indicator.unit_one,
                latest_number=number, latest_yes=yes, reached=_reached(indicator, number, yes)))
        organisation = plan.organisation
        overdue = 0
        if plan.status not in CLOSED_STATUSES and plan.next_report_due and plan.next_report_due < today:
            overdue = (today - plan.next_report_due).days
        summaries.append(data.PlanSummary(
            id=plan.id, title=plan.title, owner_name=plan.owner_name, owner_kind=plan.owner_kind,
            status=plan.status, status_label=str(PLAN_STATUS_LABELS[plan.status]),
            organisation=organisation.name if organisation else "",
            organisation_type=organisation.type if organisation else "",
            organisation_type_label=str(ORGANISATION_TYPE_LABELS.get(organisation.type, "")) if organisation else "",
            country=plan.country, country_name=country_name(plan.country) if plan.country else "",
            cluster_id=plan.cluster_id, cluster=plan.cluster.name if plan.cluster else "",
            from_cluster_action=plan.notes_id is not None, objective=plan.objective,
            next_report_due=plan.next_report_due if plan.status not in CLOSED_STATUSES else None,
            overdue_days=overdue, reports=len(reports), late_reports=sum(1 for r in reports if r.was_late),
            last_reported_at=latest.submitted_at if latest else None, indicators=tuple(indicators),
            achievements=tuple(str(ACHIEVEMENT_LABELS[c]) for c in achieved if c != "other") + tuple(others)
            + ((str(ACHIEVEMENT_LABELS["other"]),) if "other" in achieved and not others else ()),
            challenges=_labels(latest.challenges, CHALLENGE_LABELS, latest.challenge_other) if latest else (),
            support_areas=_labels(latest.support_areas, CHALLENGE_LABELS) if latest else (),
            support_needed=latest.support_needed if latest else "",
            latest_narrative=latest.narrative if latest else "",
        ))

    statuses = Counter(plan.status for plan in plans)
    order = {code: n for n, code in enumerate(CHALLENGES)}
    challenges = sorted(
        (data.CategoryCount(code=code, label=str(CHALLENGE_LABELS[code]), challenge_plans=challenge_plans[code],
                            support_plans=support_plans[code])
         for code in CHALLENGES if challenge_plans[code] or support_plans[code]),
        key=lambda c: (-c.challenge_plans, -c.support_plans, order[c.code]))
    achievement_order = {code: n for n, code in enumerate(ACHIEVEMENTS)}
    achievements = sorted(
        (data.AchievementCount(code=code, label=str(ACHIEVEMENT_LABELS[code]), plans=achievement_plans[code])
         for code in ACHIEVEMENTS if achievement_plans[code]),
        key=lambda a: (-a.plans, achievement_order[a.code]))
    all_reports = [r for reports in reports_by_plan.values() for r in reports]
    return data.FollowupSummary(
        forum_title=forum.title, forum_slug=forum.slug, as_of=today, timezone=forum.timezone,
        plans_total=len(plans),
        by_status=tuple(data.StatusCount(s, str(PLAN_STATUS_LABELS[s]), statuses[s]) for s in PLAN_STATUSES),
        open_plans=sum(1 for plan in plans if plan.status not in CLOSED_STATUSES),
        overdue_plans=sum(1 for s in summaries if s.is_overdue),
        plans_reporting=sum(1 for plan in plans if reports_by_plan.get(plan.id)),
        reports_total=len(all_reports), late_reports=sum(1 for r in all_reports if r.was_late),
        indicators_total=sum(len(s.indicators) for s in summaries),
        indicators_with_target=sum(s.indicators_with_target for s in summaries),
        indicators_reached=sum(s.indicators_reached for s in summaries),
        challenges=tuple(challenges), achievements=tuple(achievements), plans=tuple(summaries),
        filtered=filters.any,
    )


def followup_summary(forum: Forum, today: date | None = None) -> data.FollowupSummary:
    """The follow-up of the whole forum, for the outcome report's follow-up section (pure read)."""
    return build_summary(forum, PlanFilters(), today)


# --- cluster action items -------------------------------------------------------------------------

@dataclass(frozen=True)
class ActionOffer:
    """One action item of a cluster's approved notes, offered as the start of a plan."""

    notes_id: int
    index: int
    cluster_id: int
    cluster: str
    what: str
    who: str
    due: str  # YYYY-MM-DD or ""
    status: str
    plan_ids: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.notes_id}:{self.index}"


def _actions_of(notes: ClusterNotes) -> list[tuple[int, dict]]:
    raw = (notes.content or {}).get("actions") or []
    if not isinstance(raw, list):
        return []
    return [(index, action) for index, action in enumerate(raw)
            if isinstance(action, dict) and isinstance(action.get("what"), str) and action["what"].strip()]


def cluster_actions(forum: Forum, notes_id: int | None = None) -> list[ActionOffer]:
    """Action items of the forum's approved or published notes, in cluster order, each with the plans
    already made from it (two queries)."""
    query = (select(ClusterNotes).join(ClusterNotes.cluster)
             .where(Cluster.forum_id == forum.id, ClusterNotes.status.in_(OFFERED_NOTE_STATUSES))
             .options(contains_eager(ClusterNotes.cluster)).order_by(Cluster.position, Cluster.id, ClusterNotes.id))
    if notes_id is not None:
        query = query.where(ClusterNotes.id == notes_id)
    used: dict[tuple[int | None, int | None], list[int]] = defaultdict(list)  # never None here
    for plan_id, n_id, index in db.session.execute(
            select(ActionPlan.id, ActionPlan.notes_id, ActionPlan.action_index)
            .where(ActionPlan.forum_id == forum.id, ActionPlan.notes_id.is_not(None))):
        used[(n_id, index)].append(plan_id)
    offers = []
    for notes in db.session.scalars(query):
        cluster = notes.cluster  # joined above: a cluster's notes only (a session's action items are not offered)
        assert cluster is not None
        for index, action in _actions_of(notes):
            offers.append(ActionOffer(
                notes_id=notes.id, index=index, cluster_id=cluster.id, cluster=cluster.name,
                what=action["what"], who=str(action.get("who") or ""), due=str(action.get("due") or ""),
                status=str(action.get("status") or ""), plan_ids=tuple(used.get((notes.id, index), ()))))
    return offers


def find_action(forum: Forum, key: str | None) -> ActionOffer | None:
    """"12:0" -> that action item, when it is in this forum's approved notes; anything else -> None."""
    notes_id, sep, index = (key or "").partition(":")
    if not (sep and notes_id.isdigit() and index.isdigit()):
        return None
    return next((offer for offer in cluster_actions(forum, int(notes_id)) if offer.index == int(index)), None)


# --- series ---------------------------------------------------------------------------------------

def previous_edition(forum: Forum, user) -> Forum | None:
    """The edition before this one.

    When this forum was made with "new edition" the link is trusted (one of the previous edition's
    organisers made it). Otherwise series are joined by name only, which anyone creating a forum can
    type, so the earlier forum of the series is offered only to someone who may edit it.
    """
    link = db.session.scalar(select(EditionLink).where(EditionLink.forum_id == forum.id))
    if link is not None:
        return db.session.get(Forum, link.previous_forum_id)
    if forum.series_id is None:
        return None
    previous = db.session.scalar(
        select(Forum).where(Forum.series_id == forum.series_id, Forum.id != forum.id,
                            Forum.start_date < forum.start_date)
        .order_by(Forum.start_date.desc(), Forum.id.desc()).limit(1))
    if previous is not None and permissions.can(user, "forum.edit", previous):
        return previous
    return None


def next_editions(forum: Forum) -> list[Forum]:
    """Forums made as the next edition of this one."""
    return list(db.session.scalars(select(Forum).join(EditionLink, EditionLink.forum_id == Forum.id)
                                   .where(EditionLink.previous_forum_id == forum.id).order_by(Forum.start_date)))


@dataclass
class PreviousWork:
    """The previous edition's recommendations and open plans (and closed ones already noted on), with this
    edition's notes on them."""

    previous: Forum
    recommendations: list[ForumRecommendation]
    plans: list[ActionPlan]
    notes: dict[tuple[str, int | None], FollowupNote]  # ("rec" | "plan", id) -> note


def previous_work(forum: Forum, previous: Forum) -> PreviousWork:
    """What the previous edition hands on: recommendations, plans still open or noted, and the notes."""
    recommendations = list(db.session.scalars(
        select(ForumRecommendation).where(ForumRecommendation.forum_id == previous.id)
        .order_by(ForumRecommendation.position, ForumRecommendation.id)))
    noted = select(FollowupNote.plan_id).where(FollowupNote.forum_id == forum.id, FollowupNote.plan_id.is_not(None))
    plans = list(db.session.scalars(
        select(ActionPlan).where(ActionPlan.forum_id == previous.id,
                                 or_(ActionPlan.status.not_in(tuple(CLOSED_STATUSES)), ActionPlan.id.in_(noted)))
        .options(joinedload(ActionPlan.organisation)).order_by(ActionPlan.id)))
    notes = {}
    for note in db.session.scalars(select(FollowupNote).where(FollowupNote.forum_id == forum.id)):
        key = ("rec", note.recommendation_id) if note.recommendation_id else ("plan", note.plan_id)
        notes[key] = note
    return PreviousWork(previous=previous, recommendations=recommendations, plans=plans, notes=notes)
