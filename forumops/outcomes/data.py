"""Plain data the outcome report's renderers take: no request, no session, no ORM objects.

queries.report_data(forum, ...) builds a ReportData from the database in a fixed number of queries;
the web page, charts.py (SVG), pdf.py (reportlab) and csvio.py consume it, so each can be tested and
benchmarked alone. Labels arrive already translated (plain str); Markdown arrives as source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..agenda.data import ItemData
from ..core.charts import ChartRow
from ..core.numbers import percent_of
from ..pdf.logos import LogoData
from ..registration.attendance_report import GroupTable

# What a report can lack, in the order the page lists it. Renderers say so where the part would go.
MISSING_PARTS = (
    "executive_summary", "authors", "objectives", "programme", "registrations", "attendance", "clusters",
    "approved_notes", "recommendations", "conclusions", "organisations",
)


@dataclass(frozen=True)
class PartnerData:
    name: str
    role: str  # organiser, co_organiser, funder, partner, host
    role_label: str
    acronym: str = ""
    country: str = ""  # country name, "" for regional or international


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    registered: int
    attended: int


@dataclass(frozen=True)
class Breakdown:
    """Participants counted by one attribute (country, organisation type, ...), largest group first."""

    key: str  # country, organisation_type, category, gender, mode, cluster
    title: str  # "By country"
    rows: tuple[BreakdownRow, ...]
    with_attended: bool = False  # whether its attended counts were recorded (the desk's; a cluster's: its notes')
    note: str = ""  # what its attended counts (said under it)

    def chart_rows(self) -> list[ChartRow]:
        """Its rows as a chart draws them (core.charts, pdf.charts): registered, and attended where recorded."""
        return [ChartRow(r.label, (r.registered, r.attended) if self.with_attended else (r.registered,))
                for r in self.rows]


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class ParticipationData:
    total_registrations: int = 0  # every registration, whatever its status
    registered: int = 0  # confirmed
    attended: int = 0  # checked in at the desk
    countries: int = 0  # among the confirmed
    organisations: int = 0  # among the confirmed
    by_status: tuple[StatusCount, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()

    @property
    def attendance_recorded(self) -> bool:
        return self.attended > 0

    @property
    def attendance_rate(self) -> int | None:
        """Attended as a whole percentage of those registered; None when nobody registered."""
        return percent_of(self.attended, self.registered)


@dataclass(frozen=True)
class ClusterRecommendationData:
    text: str
    addressee: str = ""
    priority: str = ""
    priority_label: str = ""


@dataclass(frozen=True)
class ActionData:
    what: str
    who: str = ""
    due: date | None = None
    status: str = "open"
    status_label: str = ""
    cluster: str = ""


@dataclass(frozen=True)
class ClusterFindingsData:
    """One cluster's approved (or published) notes, all sessions together."""

    id: int
    name: str
    description: str = ""  # Markdown
    participants: int = 0  # confirmed registrations assigned to it
    sessions: tuple[str, ...] = ()  # titles of the notes it comes from
    summaries: tuple[str, ...] = ()  # Markdown, one per notes
    findings: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    recommendations: tuple[ClusterRecommendationData, ...] = ()
    actions: tuple[ActionData, ...] = ()
    attended: int | None = None  # ticked in its notes (the attendance page's count); None: nobody ticked

    @property
    def has_notes(self) -> bool:
        return bool(self.sessions)


@dataclass(frozen=True)
class SessionFindingsData:
    """One programme item's approved (or published) session notes: a plenary's, a panel's, a keynote's. The same
    parts as a cluster's findings, so the renderers draw both alike."""

    id: int  # the programme item's
    title: str
    type_label: str = ""  # "Plenary", "Panel"
    start: datetime | None = None  # timezone-aware, UTC
    end: datetime | None = None
    rapporteurs: tuple[str, ...] = ()
    present: int = 0  # people scanned in at the session's door (0: not recorded there)
    summaries: tuple[str, ...] = ()  # Markdown
    findings: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    recommendations: tuple[ClusterRecommendationData, ...] = ()
    actions: tuple[ActionData, ...] = ()


@dataclass(frozen=True)
class EvaluationQuestionData:
    """One question an organiser chose for the report: everyone's answers together (never broken down by group,
    so no small group is singled out), as a chart's rows and the figures beside it."""

    id: int  # the survey item's
    text: str
    kind: str  # rating, agreement, single, multiple, nps (evaluations.models)
    kind_label: str
    rows: tuple[ChartRow, ...]  # one per value: its label, (how many gave it,)
    answered: int
    mean: float | None = None  # scales only
    median: float | None = None
    score: int | None = None  # the recommendation score of a 0 to 10 question


@dataclass(frozen=True)
class QuoteData:
    """A free-text answer an organiser picked: the words only, never who wrote them."""

    text: str
    question: str


@dataclass(frozen=True)
class SurveyChapterData:
    """One survey's part of the evaluation chapter: how many were asked and answered, the chosen questions and
    the chosen quotes."""

    id: int
    title: str
    anonymous: bool
    asked: int
    responded: int
    questions: tuple[EvaluationQuestionData, ...] = ()
    quotes: tuple[QuoteData, ...] = ()

    @property
    def rate(self) -> int | None:
        """Those who answered as a whole percentage of those asked; None when nobody is asked."""
        return percent_of(self.responded, self.asked)


@dataclass(frozen=True)
class ForumRecommendationData:
    number: int
    text: str
    addressee: str = ""
    status: str = "proposed"  # proposed, adopted, noted, rejected
    status_label: str = ""
    clusters: tuple[str, ...] = ()  # where it came from: clusters' names and sessions' titles


@dataclass(frozen=True)
class AnnexData:
    """A public document attached to the report (documents, target "report"): listed with a link in both forms."""

    title: str
    url: str  # absolute: the PDF's reader follows it from anywhere
    type_label: str = ""
    size_label: str = ""


@dataclass(frozen=True)
class OrganisationData:
    name: str
    acronym: str = ""
    type_label: str = ""
    country: str = ""  # country name


@dataclass(frozen=True)
class ReportData:
    forum_title: str
    forum_slug: str
    title: str  # the report's own title (a default is filled in when organisers left it empty)
    timezone: str = "UTC"
    first_day: date | None = None
    last_day: date | None = None
    venue: str = ""
    mode_label: str = ""
    series: str = ""
    url: str = ""  # absolute URL of the web report
    is_published: bool = False
    published_on: date | None = None
    executive_summary: str = ""  # Markdown
    # the forum's title in its other languages: (BCP 47 tag, title), the report keeps every version
    other_titles: tuple[tuple[str, str], ...] = ()
    conclusions: str = ""  # Markdown
    acknowledgements: str = ""  # Markdown
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    background: str = ""  # Markdown, from the concept note
    objectives: tuple[str, ...] = ()
    partners: tuple[PartnerData, ...] = ()
    programme: tuple[ItemData, ...] = ()  # confirmed items only: the programme as held
    participation: ParticipationData = field(default_factory=ParticipationData)
    # attendance day by day (the desk's records), by gender, country and category; () when no day was recorded
    attendance_days: tuple[date, ...] = ()
    daily_attendance: tuple[GroupTable, ...] = ()
    expected_label: str = ""  # whom the tables compare with: "Confirmed in person" ("Confirmed" online)
    has_clusters: bool = False  # the forum has clusters, approved notes or not
    clusters: tuple[ClusterFindingsData, ...] = ()  # clusters with approved notes, in the forum's order
    sessions: tuple[SessionFindingsData, ...] = ()  # sessions held with approved notes, in the programme's order
    recommendations: tuple[ForumRecommendationData, ...] = ()
    # the evaluation chapter: surveys with questions or quotes chosen for the report, in the forum's order
    evaluations: tuple[SurveyChapterData, ...] = ()
    organisations: tuple[OrganisationData, ...] = ()  # only those whose people agreed to be listed
    partner_logos: tuple[LogoData, ...] = ()  # on the cover; compared by SHA-256, so the PDF cache follows them
    annexes: tuple[AnnexData, ...] = ()  # the report's public annexes, in their order

    def programme_days(self) -> list[tuple[date, list[list[ItemData]]]]:
        """The programme by day in the forum's time zone; each day a list of slots, a slot the items that
        start and end together (parallel breakouts side by side), in time order."""
        try:
            zone: tzinfo = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            zone = UTC
        days: dict[date, dict[tuple, list[ItemData]]] = {}
        for item in sorted(self.programme, key=lambda i: (i.start, i.end, i.cluster.casefold(), i.id)):
            slots = days.setdefault(item.start.astimezone(zone).date(), {})
            slots.setdefault((item.start, item.end), []).append(item)
        return [(day, list(slots.values())) for day, slots in sorted(days.items())]

    def partner_groups(self) -> list[tuple[str, list[PartnerData]]]:
        """Partners by role (organisers first), in the order queries.report_data put them."""
        groups: dict[str, list[PartnerData]] = {}
        for partner in self.partners:
            groups.setdefault(partner.role_label, []).append(partner)
        return list(groups.items())

    @property
    def actions(self) -> tuple[ActionData, ...]:
        return tuple(action for cluster in self.clusters for action in cluster.actions)

    @property
    def missing(self) -> tuple[str, ...]:
        """What the report still lacks (see MISSING_PARTS), so pages can say so instead of failing."""
        lacking = {
            "executive_summary": not self.executive_summary.strip(),
            "authors": not self.authors,
            "objectives": not self.objectives,
            "programme": not self.programme,
            "registrations": self.participation.total_registrations == 0,
            "attendance": self.participation.registered > 0 and not self.participation.attendance_recorded,
            "clusters": not self.has_clusters,
            "approved_notes": self.has_clusters and not self.clusters,
            "recommendations": not self.recommendations,
            "conclusions": not self.conclusions.strip(),
            "organisations": self.participation.registered > 0 and not self.organisations,
        }
        return tuple(part for part in MISSING_PARTS if lacking[part])
