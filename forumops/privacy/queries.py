"""Privacy reads: everything ForumOps holds about a person, as plain JSON-ready data, and open requests.

No password hash, no token or token hash is ever part of an export: they are secrets, not data about
the person, and a leaked export must not open their account or their manage link.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from ..accounts.models import User, UserSession
from ..agenda.models import AgendaItem, AgendaPerson, CalendarFeed, Cluster
from ..certificates.letters.queries import letter_data
from ..certificates.models import IssuedDocument
from ..clusters.models import ClusterAssignment, ClusterNotes, ForumRecommendation, NoteDraft, NoteRevision
from ..clusters.notes import as_text
from ..clusters.queries import ticked_attendance
from ..core.cache import BoundedCache
from ..core.models import utcnow
from ..core.text import search_key
from ..evaluations.answer_queries import survey_data_of
from ..evaluations.feedback_queries import feedback_export
from ..extensions import db
from ..followup.models import ActionPlan, ProgressReport
from ..forums.models import PUBLIC_STATUSES, Forum, ForumMember, ForumPartner
from ..organisations.models import Organisation
from ..outcomes.models import OutcomeReport
from ..registration.models import DayAttendance, Registration, SessionAttendance
from .models import ErasureRequest
from .travel_data import answer_files_data, answers_data, support_data, travel_data, travel_mentions

EXPORT_FORMAT = "ForumOps personal data export, version 1"
PUBLIC_NAMES_SECONDS = 60  # how stale the public form's organisation suggestions may be, per worker

_public_names: BoundedCache[list[str]] = BoundedCache(maxsize=2)


def public_organisations() -> ColumnElement[bool]:
    """The condition on organisations that are public already: a partner of a forum that is not a draft, or
    among the participating organisations of a published outcome report (a confirmed registrant who agreed to
    be listed). An entry known only from someone's registration is not: showing it would tell whoever reads
    it that someone from it registered somewhere."""
    partners = select(ForumPartner.organisation_id).join(Forum, Forum.id == ForumPartner.forum_id).where(
        Forum.status.in_(PUBLIC_STATUSES))
    reported = select(OutcomeReport.forum_id).join(Forum, Forum.id == OutcomeReport.forum_id).where(
        OutcomeReport.published_at.is_not(None), Forum.status.in_(PUBLIC_STATUSES))
    listed = select(Registration.organisation_id).where(
        Registration.forum_id.in_(reported), Registration.status == "confirmed",
        Registration.list_publicly.is_(True), Registration.organisation_id.is_not(None))
    return or_(Organisation.id.in_(partners), Organisation.id.in_(listed))


def organisations_seen_by(user: User) -> ColumnElement[bool]:
    """The condition on organisations this person (not the administrator) may see in the directory and its
    name suggestions: what is public already, and, in the forums where they are an organiser (drafts
    included), their partners and the organisations of their registrations (not erased) and action plans. An
    organiser of one forum learns nothing of another's registrants; an account without a role, public only."""
    if not getattr(user, "is_authenticated", False):
        return public_organisations()
    organised = select(ForumMember.forum_id).where(ForumMember.user_id == user.id, ForumMember.role == "organiser")
    partners = select(ForumPartner.organisation_id).where(ForumPartner.forum_id.in_(organised))
    registrants = select(Registration.organisation_id).where(
        Registration.forum_id.in_(organised), Registration.erased_at.is_(None),
        Registration.organisation_id.is_not(None))
    plans = select(ActionPlan.organisation_id).where(ActionPlan.forum_id.in_(organised),
                                                     ActionPlan.organisation_id.is_not(None))
    return or_(public_organisations(), Organisation.id.in_(partners), Organisation.id.in_(registrants),
               Organisation.id.in_(plans))


def public_organisation_names(limit: int = 2000) -> list[str]:
    """The organisation names a public page may suggest (the registration form's list): those that are
    public_organisations(), never the whole directory.

    The same for every visitor and read across all registrations, so each worker reads it at most once a
    minute: a new partner or report shows in the suggestions within PUBLIC_NAMES_SECONDS.
    """
    def read() -> list[str]:
        return list(db.session.scalars(
            select(Organisation.name).where(public_organisations()).order_by(Organisation.name_key).limit(limit)))

    return _public_names.get_or_build((int(time.monotonic() // PUBLIC_NAMES_SECONDS), limit), read)


def forget_public_organisation_names() -> None:
    """The next call reads the database again (tests)."""
    _public_names.clear()


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def open_requests(forum: Forum) -> list[ErasureRequest]:
    """The forum's requests no organiser has acted on yet, oldest first, with their registrations."""
    return list(db.session.scalars(
        select(ErasureRequest).options(selectinload(ErasureRequest.registration))
        .where(ErasureRequest.forum_id == forum.id, ErasureRequest.completed_at.is_(None))
        .order_by(ErasureRequest.requested_at, ErasureRequest.id)))


def open_request_for(registration: Registration) -> ErasureRequest | None:
    """The registration's erasure request not yet carried out, or None."""
    return db.session.scalar(select(ErasureRequest).where(
        ErasureRequest.registration_id == registration.id, ErasureRequest.completed_at.is_(None)))


def registrations_of(user: User) -> list[Registration]:
    """Every registration made with this account, not yet erased. Not by email: sign-up does not verify
    the address, so an account named after someone's email must not export or erase their registration."""
    return list(db.session.scalars(
        select(Registration).where(Registration.erased_at.is_(None), Registration.user_id == user.id)
        .order_by(Registration.created_at, Registration.id)).unique())


# --- the export ------------------------------------------------------------------------------------

def _report_data(report: ProgressReport) -> dict[str, Any]:
    return {
        "submitted_at": _when(report.submitted_at), "via": report.via, "plan_status": report.plan_status,
        "narrative": report.narrative, "evidence_links": list(report.evidence_links or []),
        "achievements": list(report.achievements or []), "achievement_other": report.achievement_other,
        "challenges": list(report.challenges or []), "challenge_other": report.challenge_other,
        "support_areas": list(report.support_areas or []), "support_needed": report.support_needed,
        "due_date": _when(report.due_date), "was_late": report.was_late,
        "indicator_values": [{"indicator": v.indicator.label, "number": v.number, "yes": v.yes}
                             for v in report.values],
    }


def _plans_of(registration: Registration) -> list[dict[str, Any]]:
    # linked plans only: a plan whose owner email merely equals the registration's address could be
    # someone else's (nobody verifies the address a registration is made with)
    plans = db.session.scalars(select(ActionPlan).where(
        ActionPlan.forum_id == registration.forum_id, ActionPlan.registration_id == registration.id)
        .order_by(ActionPlan.id))
    return [{
        "title": plan.title, "objective": plan.objective, "status": plan.status, "owner_name": plan.owner_name,
        "owner_email": plan.owner_email, "country": plan.country, "created_at": _when(plan.created_at),
        "next_report_due": _when(plan.next_report_due),
        "activities": [{"text": a.text, "start_date": _when(a.start_date), "end_date": _when(a.end_date)}
                       for a in plan.activities],
        "indicators": [{"label": i.label, "kind": i.kind, "target": i.target, "unit": i.unit}
                       for i in plan.indicators],
        "progress_reports": [_report_data(r) for r in plan.reports],
    } for plan in plans]


def _attendance_of(forum: Forum, registration: Registration) -> dict[str, Any]:
    """The days the person was recorded present at the desk, the sessions they were scanned in at, and the
    cluster sessions whose facilitator ticked them."""
    days = db.session.execute(select(DayAttendance.day, DayAttendance.arrived_at).where(
        DayAttendance.registration_id == registration.id).order_by(DayAttendance.day))
    sessions = db.session.execute(
        select(AgendaItem.title, AgendaItem.start_at, SessionAttendance.arrived_at)
        .join(AgendaItem, AgendaItem.id == SessionAttendance.agenda_item_id)
        .where(SessionAttendance.registration_id == registration.id).order_by(AgendaItem.start_at))
    return {
        "days": [{"day": _when(day), "arrived_at": _when(at)} for day, at in days],
        "sessions": [{"session": title, "starts_at": _when(start), "arrived_at": _when(at)}
                     for title, start, at in sessions],
        "cluster_sessions": [{"cluster": ticks.cluster, "session": ticks.session}
                             for ticks in ticked_attendance(forum) if registration.id in ticks.present],
    }


def registration_data(registration: Registration) -> dict[str, Any]:
    """One registration, whole: details, answers (with their questions), cluster, check-in, plans."""
    forum = db.session.get_one(Forum, registration.forum_id)
    clusters = db.session.execute(
        select(Cluster.name, Cluster.room, ClusterAssignment.role, ClusterAssignment.choice_rank)
        .join(ClusterAssignment, ClusterAssignment.cluster_id == Cluster.id)
        .where(ClusterAssignment.registration_id == registration.id)).all()
    preferred = {c.id: c.name for c in db.session.scalars(select(Cluster).where(Cluster.forum_id == forum.id))}
    requests = db.session.scalars(select(ErasureRequest).where(ErasureRequest.registration_id == registration.id)
                                  .order_by(ErasureRequest.id))
    return {
        "forum": {"title": forum.title, "slug": forum.slug, "start_date": _when(forum.start_date),
                  "end_date": _when(forum.end_date)},
        "name": registration.name, "email": registration.email,
        "organisation": registration.organisation_name, "job_title": registration.job_title,
        "country": registration.country, "category": registration.category,
        "attendance_mode": registration.attendance_mode, "gender": registration.gender,
        "dietary_needs": registration.dietary_needs, "accessibility_needs": registration.accessibility_needs,
        "consents": {"privacy_notice": registration.consent_privacy, "photographs": registration.consent_photos,
                     "organisation_listed_publicly": registration.list_publicly},
        "answers": answers_data(forum, registration),  # the organisers-only ones and phone numbers too
        "answer_files": answer_files_data(registration),
        "cluster_preferences": [preferred[c] for c in registration.cluster_preferences or [] if c in preferred],
        "cluster_assignments": [{"cluster": name, "room": room, "role": role, "choice_rank": rank}
                                for name, room, role, rank in clusters],
        "status": registration.status, "registered_at": _when(registration.created_at),
        "updated_at": _when(registration.updated_at), "decided_at": _when(registration.decided_at),
        "waitlisted_at": _when(registration.waitlisted_at), "checkin_code": registration.checkin_code,
        "checked_in_at": _when(registration.checked_in_at), "badge_printed_at": _when(registration.badge_printed_at),
        "attendance": _attendance_of(forum, registration),
        "erasure_requests": [{"requested_at": _when(r.requested_at), "via": r.via,
                              "completed_at": _when(r.completed_at)} for r in requests],
        "action_plans": _plans_of(registration),
        "support": support_data(registration),  # what the organisers offered to fund, and the answers
        "travel": travel_data(forum, registration),  # arrival, departure, hotel, room; in the forum's time zone
        "invitation_letters": letter_data(registration),  # the passport details given for a letter, and its state
        "papers_issued": _papers_of(registration),
        "session_feedback": feedback_export(registration),  # their ratings and comments of the sessions
        "surveys": survey_data_of(registration),  # drafts and NAMED answers; anonymous ones lead to nobody
    }


def _papers_of(registration: Registration) -> list[dict[str, Any]]:
    """The certificates and letters issued to the person: what each printed and whether it still verifies. The
    code itself is not listed: it is on the paper, and the export may travel further than the paper."""
    papers = db.session.scalars(select(IssuedDocument).where(IssuedDocument.registration_id == registration.id)
                                .order_by(IssuedDocument.id))
    return [{"kind": paper.kind, "holder_name": paper.holder_name, "language": paper.language,
             "details": paper.details, "issued_at": _when(paper.issued_at), "revoked_at": _when(paper.revoked_at),
             "revoked_reason": paper.revoked_reason} for paper in papers]


def registration_export(registration: Registration) -> dict[str, Any]:
    """What the private manage link may download: this registration only (the link proves nothing more)."""
    return {"format": EXPORT_FORMAT, "generated_at": _when(utcnow()),
            "registrations": [registration_data(registration)]}


session = aliased(AgendaItem, name="session_item")  # the programme item whose session notes these are


def _notes_owners(query):
    """Join a query on ClusterNotes to its owner, a cluster or a session (programme item), and to the forum."""
    return (query.outerjoin(Cluster, Cluster.id == ClusterNotes.cluster_id)
            .outerjoin(session, session.id == ClusterNotes.session_item_id)
            .join(Forum, Forum.id == func.coalesce(Cluster.forum_id, session.forum_id)))


def account_export(user: User) -> dict[str, Any]:
    """Everything tied to a signed-in account: the account, every registration, roles, notes, reports."""
    sessions = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                                  .order_by(UserSession.created_at))
    roles = db.session.execute(select(Forum.slug, Forum.title, ForumMember.role)
                               .join(ForumMember, ForumMember.forum_id == Forum.id)
                               .where(ForumMember.user_id == user.id).order_by(Forum.slug)).all()
    staff = db.session.execute(
        select(Forum.slug, Cluster.name, ClusterAssignment.role)
        .join(Cluster, Cluster.id == ClusterAssignment.cluster_id).join(Forum, Forum.id == Cluster.forum_id)
        .where(ClusterAssignment.user_id == user.id)).all()
    feeds = db.session.execute(select(Forum.slug, CalendarFeed.created_at)
                               .join(CalendarFeed, CalendarFeed.forum_id == Forum.id)
                               .where(CalendarFeed.user_id == user.id)).all()
    agenda = db.session.execute(
        select(Forum.slug, AgendaItem.title, AgendaItem.start_at, AgendaPerson.role)
        .join(AgendaItem, AgendaItem.id == AgendaPerson.item_id).join(Forum, Forum.id == AgendaItem.forum_id)
        .where(AgendaPerson.user_id == user.id).order_by(AgendaItem.start_at)).all()
    revisions = db.session.execute(
        _notes_owners(select(Forum.slug, Cluster.name, session.title, ClusterNotes.title, NoteRevision)
                      .join(ClusterNotes, ClusterNotes.id == NoteRevision.notes_id))
        .where(NoteRevision.author_id == user.id).order_by(NoteRevision.created_at)).all()
    drafts = db.session.execute(
        _notes_owners(select(Forum.slug, Cluster.name, session.title, ClusterNotes.title, NoteDraft)
                      .join(ClusterNotes, ClusterNotes.id == NoteDraft.notes_id))
        .where(NoteDraft.user_id == user.id)).all()
    reports = db.session.execute(
        select(Forum.slug, ActionPlan.title, ProgressReport)
        .join(ActionPlan, ActionPlan.id == ProgressReport.plan_id).join(Forum, Forum.id == ActionPlan.forum_id)
        .where(ProgressReport.submitted_by_id == user.id).order_by(ProgressReport.submitted_at)).all()
    return {
        "format": EXPORT_FORMAT, "generated_at": _when(utcnow()),
        "account": {"name": user.name, "email": user.email, "created_at": _when(user.created_at),
                    "email_confirmed_at": _when(user.email_verified_at), "is_admin": user.is_admin},
        "sessions": [{"created_at": _when(s.created_at), "expires_at": _when(s.expires_at),
                      "browser": s.user_agent} for s in sessions],
        "forum_roles": [{"forum": slug, "title": title, "role": role} for slug, title, role in roles],
        "cluster_roles": [{"forum": slug, "cluster": name, "role": role} for slug, name, role in staff],
        "agenda_roles": [{"forum": slug, "item": title, "starts_at": _when(start), "role": role}
                         for slug, title, start, role in agenda],
        "calendar_feeds": [{"forum": slug, "created_at": _when(created)} for slug, created in feeds],
        "registrations": [registration_data(r) for r in registrations_of(user)],
        "note_revisions": [{"forum": slug, "cluster": cluster, "session": item, "notes": title, "version": r.version,
                            "event": r.event, "saved_at": _when(r.created_at), "comment": r.comment,
                            "content": r.content} for slug, cluster, item, title, r in revisions],
        "note_drafts": [{"forum": slug, "cluster": cluster, "session": item, "notes": title,
                         "saved_at": _when(d.saved_at), "content": d.content}
                        for slug, cluster, item, title, d in drafts],
        "progress_reports_submitted": [{"forum": slug, "plan": title, **_report_data(r)}
                                       for slug, title, r in reports],
    }


# --- where others' words name a person --------------------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    where: str  # what an organiser would call the place, e.g. "Facilitation notes: MSME development"
    url: str  # where to edit it


def _shortened(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length].rstrip() + "…"


def mentions_of(forum: Forum, registration: Registration) -> list[Mention]:
    """The places in this forum where text other people wrote names this person: facilitation notes (as they
    stand now), forum recommendations, the programme (titles, descriptions, guests), the outcome report,
    other people's action plans and progress reports, and other people's travel arrangements (a roommate asked
    for, who meets them, notes on their support, organisers-only answers).

    Erasing a registration cannot rewrite other people's words, so the organiser is shown where to edit
    them by hand. Matched on the whole name, ignoring case, accents and invisible characters; a name
    shorter than three letters would match everywhere and is not looked for. A fixed number of queries.
    """
    key = search_key(registration.name)
    if len(key) < 3 or registration.erased_at is not None:
        return []
    found: list[Mention] = []

    def check(texts, where: str, url: str) -> None:
        if any(key in search_key(text) for text in texts if text):
            found.append(Mention(where, url))

    slug = forum.slug
    for notes, cluster_name in db.session.execute(
            select(ClusterNotes, Cluster.name).join(Cluster, Cluster.id == ClusterNotes.cluster_id)
            .where(Cluster.forum_id == forum.id).order_by(Cluster.position, ClusterNotes.id)).all():
        check([notes.title, as_text(notes.content or {}), notes.review_comment],
              _("Facilitation notes: %(cluster)s", cluster=cluster_name) + (f" ({notes.title})" if notes.title else ""),
              url_for("clusters.edit_notes", slug=slug, cluster_id=notes.cluster_id, notes_id=notes.id))
    for notes in db.session.scalars(
            select(ClusterNotes).join(AgendaItem, AgendaItem.id == ClusterNotes.session_item_id)
            .where(AgendaItem.forum_id == forum.id).order_by(AgendaItem.start_at, ClusterNotes.id)):
        check([notes.title, as_text(notes.content or {}, attendance=False), notes.review_comment],
              _("Session notes: %(session)s", session=notes.title),
              url_for("clusters.session_edit_notes", slug=slug, session_id=notes.session_item_id))
    for recommendation in db.session.scalars(select(ForumRecommendation).where(
            ForumRecommendation.forum_id == forum.id).order_by(ForumRecommendation.id)):
        check([recommendation.text, recommendation.addressee],
              _("Forum recommendation: %(text)s", text=_shortened(recommendation.text)),
              url_for("clusters.edit_recommendation", slug=slug, recommendation_id=recommendation.id))
    guests: dict[int, list[str]] = {}
    for item_id, guest in db.session.execute(select(AgendaPerson.item_id, AgendaPerson.name).join(
            AgendaItem, AgendaItem.id == AgendaPerson.item_id).where(AgendaItem.forum_id == forum.id)):
        guests.setdefault(item_id, []).append(guest)
    for item in db.session.scalars(select(AgendaItem).where(AgendaItem.forum_id == forum.id,
                                                             AgendaItem.status != "deleted")
                                   .order_by(AgendaItem.start_at, AgendaItem.id)):
        check([item.title, item.description, *guests.get(item.id, [])], _("Programme: %(title)s", title=item.title),
              url_for("agenda.edit_item", slug=slug, item_id=item.id))
    report = db.session.scalar(select(OutcomeReport).where(OutcomeReport.forum_id == forum.id))
    if report is not None:
        check([report.title, report.executive_summary, report.conclusions, report.acknowledgements,
               *(report.authors or []), *(report.editors or [])], _("Outcome report"),
              url_for("outcomes.edit", slug=slug))
    narratives: dict[int, list[str]] = {}
    for plan_id, *texts in db.session.execute(
            select(ProgressReport.plan_id, ProgressReport.narrative, ProgressReport.achievement_other,
                   ProgressReport.challenge_other, ProgressReport.support_needed)
            .join(ActionPlan, ActionPlan.id == ProgressReport.plan_id).where(ActionPlan.forum_id == forum.id)):
        narratives.setdefault(plan_id, []).extend(texts)
    for plan in db.session.scalars(select(ActionPlan).where(
            ActionPlan.forum_id == forum.id, or_(ActionPlan.registration_id.is_(None),
                                                 ActionPlan.registration_id != registration.id))
            .order_by(ActionPlan.id)):  # the person's own plans are erased with the registration
        check([plan.title, plan.objective, plan.owner_name, *narratives.get(plan.id, [])],
              _("Action plan: %(title)s", title=plan.title), url_for("followup.plan", slug=slug, plan_id=plan.id))
    for where, url, texts in travel_mentions(forum, registration):
        check(texts, where, url)
    return found
