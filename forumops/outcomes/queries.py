"""Outcome report reads: everything the report shows, as plain data, in a fixed number of queries
whatever the number of participants, clusters or recommendations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from ..agenda import queries as agenda_queries
from ..agenda.labels import ITEM_TYPE_LABELS
from ..agenda.models import AgendaItem, Cluster
from ..clusters import synthesis
from ..clusters.forms import ACTION_STATUS_LABELS, PRIORITY_LABELS
from ..clusters.models import ClusterAssignment, ClusterNotes
from ..clusters.notes import without_conflict_marker
from ..core.http import absolute_url
from ..core.languages import language_of
from ..core.reference import country_name
from ..core.text import clean_line, clean_text
from ..documents.queries import list_documents
from ..extensions import db
from ..forums.labels import MODE_LABELS as FORUM_MODE_LABELS
from ..forums.labels import PARTNER_ROLE_LABELS
from ..forums.models import PARTNER_ROLES, Forum
from ..forums.queries import partner_print_logos
from ..forums.versions import FORUM, versions_of
from ..organisations.labels import ORGANISATION_TYPE_LABELS
from ..organisations.models import Organisation
from ..registration.attendance_report import (
    CLUSTER_RULE,
    Grid,
    GroupTable,
    attendance_grid,
    expected_label,
    group_tables,
    present_by_cluster,
)
from ..registration.labels import CATEGORY_LABELS, GENDER_LABELS, MODE_LABELS
from ..registration.labels import STATUS_LABELS as REGISTRATION_STATUS_LABELS
from ..registration.models import STATUSES as REGISTRATION_STATUSES
from ..registration.models import Registration, SessionAttendance
from .data import (
    ActionData,
    AnnexData,
    Breakdown,
    BreakdownRow,
    ClusterFindingsData,
    ClusterRecommendationData,
    ForumRecommendationData,
    OrganisationData,
    ParticipationData,
    PartnerData,
    ReportData,
    SessionFindingsData,
    StatusCount,
)
from .evaluation_queries import evaluation_chapter
from .labels import ADOPTION_LABELS, BREAKDOWN_TITLES, NO_CLUSTER, NO_ORGANISATION, NOT_STATED
from .models import OutcomeReport

APPROVED_NOTE_STATUSES = synthesis.OFFERED_NOTE_STATUSES  # approved or published


def get_report(forum: Forum) -> OutcomeReport | None:
    """The forum's report, or None before an organiser first saves it."""
    return db.session.scalar(select(OutcomeReport).where(OutcomeReport.forum_id == forum.id))


def is_published(forum: Forum) -> bool:
    """True once the forum's outcome report is published."""
    return db.session.scalar(select(OutcomeReport.published_at).where(OutcomeReport.forum_id == forum.id)) is not None


# --- participation ------------------------------------------------------------------------------

def _label(labels: dict, code: str | None, fallback) -> str:
    if not code:
        return str(fallback)
    return str(labels.get(code, code))


def _breakdown(key: str, registered: Counter, attended: Counter, last: str | None = None,
               with_attended: bool = False, note: str = "") -> Breakdown:
    """Rows largest first; `last` (e.g. "Not stated") goes at the end whatever its size."""
    labels = set(registered) | set(attended)
    rows = sorted((BreakdownRow(label, registered[label], attended[label]) for label in labels),
                  key=lambda r: (r.label == last, -r.registered, -r.attended, r.label.casefold()))
    return Breakdown(key=key, title=str(BREAKDOWN_TITLES[key]), rows=tuple(rows), with_attended=with_attended,
                     note=note)


def _participation(forum: Forum, clusters: list[Cluster], ticked: dict[int, frozenset[int]]
                   ) -> tuple[ParticipationData, tuple[OrganisationData, ...]]:
    """Counts by status and breakdowns of the confirmed (registered) and checked-in (attended), and the
    organisations that may be listed. Two queries: the registrations' columns, and cluster membership. A
    cluster's attended are those ticked in its notes (`ticked`, cluster id -> registration ids: the attendance
    page's count, registration.attendance_report.present_by_cluster), not the desk's."""
    rows = db.session.execute(
        select(Registration.id, Registration.status, Registration.country, Registration.category,
               Registration.gender, Registration.attendance_mode, Registration.checked_in_at,
               Registration.list_publicly, Organisation.id, Organisation.name, Organisation.acronym,
               Organisation.type, Organisation.country)
        .outerjoin(Organisation, Organisation.id == Registration.organisation_id)
        .where(Registration.forum_id == forum.id)).all()
    memberships: dict[int | None, list[int]] = {}  # registration_id is never None here
    if clusters:
        for registration_id, cluster_id in db.session.execute(
                select(ClusterAssignment.registration_id, ClusterAssignment.cluster_id)
                .join(Cluster, Cluster.id == ClusterAssignment.cluster_id)
                .where(Cluster.forum_id == forum.id, ClusterAssignment.registration_id.is_not(None))):
            memberships.setdefault(registration_id, []).append(cluster_id)
    cluster_names = {c.id: c.name for c in clusters}

    status_counts = Counter(row[1] for row in rows)
    keys = ("country", "organisation_type", "category", "gender", "mode", "cluster")
    # Counted by code first; each distinct code is turned into its label once, at the end.
    registered: dict[str, Counter] = {key: Counter() for key in keys}
    attended: dict[str, Counter] = {key: Counter() for key in keys}
    countries: set[str] = set()
    organisation_ids: set[int] = set()
    listed: dict[int, tuple[str, str, str, str]] = {}  # name, acronym, type, country
    for (reg_id, status, country, category, gender, mode, checked_in_at, list_publicly,
         org_id, org_name, org_acronym, org_type, org_country) in rows:
        is_registered, has_attended = status == "confirmed", checked_in_at is not None
        if not (is_registered or has_attended):
            continue
        values = (country or "", (org_type or "other") if org_id else None, category or "", gender or "",
                  mode or "")
        in_clusters: list[int | None] = [c for c in memberships.get(reg_id, ()) if c in cluster_names] or [None]
        for counter in ((registered,) if is_registered else ()) + ((attended,) if has_attended else ()):
            for key, value in zip(keys, values, strict=False):
                counter[key][value] += 1
        if is_registered and clusters:
            for in_cluster in in_clusters:
                registered["cluster"][in_cluster] += 1
        if is_registered:
            if country:
                countries.add(country)
            if org_id:
                organisation_ids.add(org_id)
                if list_publicly and org_id not in listed:
                    listed[org_id] = (org_name, org_acronym, org_type, org_country)
    not_stated, no_cluster, no_organisation = str(NOT_STATED), str(NO_CLUSTER), str(NO_ORGANISATION)
    codes = set(registered["country"]) | set(attended["country"]) | {org[3] for org in listed.values()}
    country_names = {code: country_name(code) for code in codes if code}
    label_of = {
        "country": lambda code: country_names.get(code) or not_stated,
        "organisation_type": lambda code: no_organisation if code is None
        else _label(ORGANISATION_TYPE_LABELS, code, no_organisation),
        "category": lambda code: _label(CATEGORY_LABELS, code, not_stated),
        "gender": lambda code: _label(GENDER_LABELS, code, not_stated),
        "mode": lambda code: _label(MODE_LABELS, code, not_stated),
        "cluster": lambda cluster_id: cluster_names.get(cluster_id, no_cluster),
    }

    def labelled(counter: Counter, key: str) -> Counter:
        out: Counter = Counter()
        for code, count in counter.items():
            out[label_of[key](code)] += count
        return out

    lasts = {"country": not_stated, "organisation_type": no_organisation, "category": not_stated,
             "gender": not_stated, "mode": not_stated, "cluster": no_cluster}
    attended["cluster"] = Counter({cluster_id: len(ids) for cluster_id, ids in ticked.items()
                                   if cluster_id in cluster_names})
    at_desk = any(row[6] is not None for row in rows)
    breakdowns = tuple(
        _breakdown(key, labelled(registered[key], key), labelled(attended[key], key), lasts[key],
                   with_attended=bool(ticked) if key == "cluster" else at_desk,
                   note=str(CLUSTER_RULE) if key == "cluster" and ticked else "")
        for key in keys if key != "cluster" or clusters)
    type_labels = {code: _label(ORGANISATION_TYPE_LABELS, code, "") for code in {o[2] for o in listed.values()}}
    organisations = tuple(sorted(
        (OrganisationData(name=clean_line(name), acronym=clean_line(acronym), type_label=type_labels[org_type],
                          country=country_names.get(org_country, "")) for name, acronym, org_type, org_country
         in listed.values()),
        key=lambda o: (not o.country, o.country.casefold(), o.name.casefold())))
    participation = ParticipationData(
        total_registrations=len(rows), registered=status_counts["confirmed"],
        attended=sum(1 for row in rows if row[6] is not None), countries=len(countries),
        organisations=len(organisation_ids),
        by_status=tuple(StatusCount(s, str(REGISTRATION_STATUS_LABELS[s]), status_counts[s])
                        for s in REGISTRATION_STATUSES),
        breakdowns=breakdowns if rows else ())
    return participation, organisations


def _daily_attendance(grid: Grid) -> tuple[tuple[date, ...], tuple[GroupTable, ...]]:
    """The forum's days and who was present on each, by gender, country and category (no query); no tables
    when the desk recorded no day at all."""
    if not any(column.present for column in grid.days):
        return (), ()
    return tuple(column.day for column in grid.days if column.day), group_tables(grid, grid.days)


# --- clusters -----------------------------------------------------------------------------------

def _strings(value: Any) -> tuple[str, ...]:
    """A list of lines from notes content, whatever shape older or hand-edited content has."""
    if isinstance(value, str):
        value = value.split("\n")
    if not isinstance(value, list | tuple):
        return ()
    return tuple(line for line in (clean_line(str(v)) for v in value if isinstance(v, str | int | float)) if line)


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _due(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@dataclass
class _NotesParts:
    """What the report takes from notes content: the same parts whoever owns the notes."""

    summaries: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    recommendations: list[ClusterRecommendationData] = field(default_factory=list)
    actions: list[ActionData] = field(default_factory=list)

    def add(self, content: Any, owner_name: str) -> None:
        """Add one notes sheet's content, whatever shape older or hand-edited content has."""
        content = without_conflict_marker(content) if isinstance(content, dict) else {}
        summary = clean_text(content.get("summary") if isinstance(content.get("summary"), str) else "")
        if summary:
            self.summaries.append(summary)
        self.findings.extend(_strings(content.get("findings")))
        self.challenges.extend(_strings(content.get("challenges")))
        for rec in _dicts(content.get("recommendations")):
            text = clean_text(str(rec.get("text") or ""))
            if text:
                priority = str(rec.get("priority") or "")
                self.recommendations.append(ClusterRecommendationData(
                    text=text, addressee=clean_line(str(rec.get("addressee") or "")), priority=priority,
                    priority_label=str(PRIORITY_LABELS.get(priority, ""))))
        for action in _dicts(content.get("actions")):
            what = clean_line(str(action.get("what") or ""))
            if what:
                status = str(action.get("status") or "open")
                self.actions.append(ActionData(
                    what=what, who=clean_line(str(action.get("who") or "")), due=_due(action.get("due")),
                    status=status, status_label=str(ACTION_STATUS_LABELS.get(status, status)), cluster=owner_name))

    def fields(self) -> dict[str, tuple]:
        return {"summaries": tuple(self.summaries), "findings": tuple(self.findings),
                "challenges": tuple(self.challenges), "recommendations": tuple(self.recommendations),
                "actions": tuple(self.actions)}


def _cluster_findings(clusters: list[Cluster], participants: Counter, ticked: dict[int, frozenset[int]]
                      ) -> tuple[ClusterFindingsData, ...]:
    """Each cluster with approved or published notes, its sessions' content together (one query)."""
    if not clusters:
        return ()
    notes_by_cluster: dict[int | None, list[ClusterNotes]] = {}
    for notes in db.session.scalars(
            select(ClusterNotes).where(ClusterNotes.cluster_id.in_([c.id for c in clusters]),
                                       ClusterNotes.status.in_(APPROVED_NOTE_STATUSES))
            .order_by(ClusterNotes.created_at, ClusterNotes.id)):
        notes_by_cluster.setdefault(notes.cluster_id, []).append(notes)
    found = []
    for cluster in clusters:
        sheets = notes_by_cluster.get(cluster.id)
        if not sheets:
            continue
        parts = _NotesParts()
        for notes in sheets:
            parts.add(notes.content, cluster.name)
        found.append(ClusterFindingsData(
            id=cluster.id, name=cluster.name, description=cluster.description or "",
            participants=participants[cluster.name],
            attended=len(ticked[cluster.id]) if cluster.id in ticked else None,
            sessions=tuple(clean_line(notes.title) or cluster.name for notes in sheets), **parts.fields()))
    return tuple(found)


def _session_findings(forum: Forum, items: list[AgendaItem]) -> tuple[SessionFindingsData, ...]:
    """Each session held (a confirmed programme item) whose own notes are approved or published, in the programme's
    order, with its rapporteurs (from `items`, loaded with their people) and how many were scanned in at its door:
    one query, and one more when there are any."""
    held = {item.id: item for item in items}
    found_rows = db.session.execute(
        select(ClusterNotes.session_item_id, ClusterNotes.content)
        .join(AgendaItem, AgendaItem.id == ClusterNotes.session_item_id)
        .where(AgendaItem.forum_id == forum.id, AgendaItem.status == "confirmed",
               ClusterNotes.status.in_(APPROVED_NOTE_STATUSES))
        .order_by(AgendaItem.start_at, AgendaItem.id)).all()
    rows = [(item_id, content) for item_id, content in found_rows if item_id in held]
    if not rows:
        return ()
    present = dict(db.session.execute(
        select(SessionAttendance.agenda_item_id, func.count(SessionAttendance.id))
        .where(SessionAttendance.agenda_item_id.in_([item_id for item_id, _content in rows]))
        .group_by(SessionAttendance.agenda_item_id)).all())
    found = []
    for item_id, content in rows:
        item = held[item_id]
        parts = _NotesParts()
        parts.add(content, item.title)
        found.append(SessionFindingsData(
            id=item.id, title=clean_line(item.title), type_label=str(ITEM_TYPE_LABELS.get(item.type, "")),
            start=item.start_at, end=item.end_at, present=present.get(item.id, 0),
            rapporteurs=tuple(p.display_name for p in item.people if p.role == "rapporteur" and p.display_name),
            **parts.fields()))
    return tuple(found)


def _forum_recommendations(forum: Forum) -> tuple[ForumRecommendationData, ...]:
    out = []
    for number, rec in enumerate(synthesis.forum_recommendations(forum), start=1):
        names = (synthesis.source_name(source) for source in rec.sources)
        clusters = tuple(dict.fromkeys(name for name in names if name))
        out.append(ForumRecommendationData(
            number=number, text=clean_text(rec.text), addressee=clean_line(rec.addressee), status=rec.status,
            status_label=str(ADOPTION_LABELS.get(rec.status, rec.status)), clusters=clusters))
    return tuple(out)


# --- the whole report ---------------------------------------------------------------------------

def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _partners(forum: Forum) -> tuple[PartnerData, ...]:
    order = {role: n for n, role in enumerate(PARTNER_ROLES)}
    partners = sorted(forum.partners, key=lambda p: (order.get(p.role, 99), p.position, p.id))
    return tuple(PartnerData(name=p.organisation.name, role=p.role,
                             role_label=str(PARTNER_ROLE_LABELS.get(p.role, p.role)),
                             acronym=p.organisation.acronym or "",
                             country=country_name(p.organisation.country) if p.organisation.country else "")
                 for p in partners)


def report_data(forum: Forum, report: OutcomeReport | None, url: str = "") -> ReportData:
    """Everything the report shows. A report not saved yet is the forum's data with empty written parts."""
    clusters = list(db.session.scalars(select(Cluster).where(Cluster.forum_id == forum.id)
                                       .order_by(Cluster.position, Cluster.id)))
    # the attendance page's grid (registration.attendance_report): the desk's days, and the clusters' ticks (a
    # cluster whose notes tick nobody has no attendance recorded)
    grid = attendance_grid(forum, sessions=False, clusters=bool(clusters))
    ticked = {cluster_id: ids for cluster_id, ids in present_by_cluster(grid).items() if ids}
    participation, organisations = _participation(forum, clusters, ticked)
    attendance_days, daily_attendance = _daily_attendance(grid)
    by_cluster = next((b for b in participation.breakdowns if b.key == "cluster"), None)
    participants = Counter({row.label: row.registered for row in by_cluster.rows} if by_cluster else {})
    items = agenda_queries.list_items(forum, ("confirmed",))
    venue = ""
    for part in (forum.venue_name, forum.venue_city, country_name(forum.venue_country)):
        part = clean_line(part)
        if part and part.casefold() not in venue.casefold():  # "Forum venue, Singapore" + "Singapore"
            venue = f"{venue}, {part}" if venue else part
    return ReportData(
        forum_title=forum.title, forum_slug=forum.slug,
        title=clean_line(report.title) if report and report.title.strip() else forum.title,
        timezone=forum.timezone, first_day=forum.start_date, last_day=forum.end_date, venue=venue,
        mode_label=str(FORUM_MODE_LABELS.get(forum.mode, forum.mode)),
        series=forum.series.name if forum.series else "", url=url,
        is_published=bool(report and report.is_published),
        published_on=report.published_at.astimezone(_zone(forum.timezone)).date()
        if report and report.published_at else None,
        executive_summary=report.executive_summary if report else "",
        other_titles=tuple((language_of(code).tag, text)
                           for code, text in versions_of(forum, FORUM, forum.id, "title")),
        conclusions=report.conclusions if report else "",
        acknowledgements=report.acknowledgements if report else "",
        authors=_strings(report.authors) if report else (), editors=_strings(report.editors) if report else (),
        background=forum.background or "", objectives=_strings(forum.objectives),
        partners=_partners(forum), partner_logos=partner_print_logos(forum),
        programme=tuple(agenda_queries.item_data(item) for item in items),
        participation=participation, attendance_days=attendance_days, daily_attendance=daily_attendance,
        expected_label=expected_label(forum),
        has_clusters=bool(clusters),
        clusters=_cluster_findings(clusters, participants, ticked), sessions=_session_findings(forum, items),
        recommendations=_forum_recommendations(forum), organisations=organisations, annexes=_annexes(forum),
        evaluations=evaluation_chapter(forum))


def _annexes(forum: Forum) -> tuple[AnnexData, ...]:
    """The report's public annexes: the report is for everyone, so are its annexes (one query)."""
    return tuple(AnnexData(d.title, absolute_url("documents.open", slug=forum.slug, document_id=d.id)
                           if d.kind == "file" else d.url, d.type_label, d.size_label)
                 for d in list_documents(forum, ("public",), target_kind="report"))

