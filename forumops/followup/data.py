"""Plain data of the follow-up: what the dashboard, the CSV, the PDF and the outcome report read.

queries.followup_summary(forum) builds a FollowupSummary in a fixed number of queries. Labels arrive
translated (plain str), dates as dates; there are no ORM objects in here, so renderers run without a
request or a session and can be tested alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

MAX_NUMBER = 1e12


def parse_number(raw: str | None) -> float | None:
    """"3", "2.5", "2,5", "1,200" or "1 200" -> a float; "" -> None; words, NaN or huge -> ValueError."""
    text = (raw or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text and text.count(",") == 1 and len(text.split(",")[1]) != 3:
        text = text.replace(",", ".")  # a decimal comma: 2,5
    else:
        text = text.replace(",", "")  # thousands separators: 1,200
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise ValueError(raw)
    return value


def format_number(value: float | None) -> str:
    """3.0 -> "3", 2.5 -> "2.5", 1234567 -> "1,234,567"; None -> ""."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_quantity(value: float | None, unit: str = "", unit_one: str = "", category: str = "other") -> str:
    """3 -> "3 briefings", 1 -> "1 briefing" (when the unit after one is known); "" for None. `category` is
    the language's plural category of the value (core.i18n.plural_category)."""
    if value is None:
        return ""
    word = unit_one if category == "one" and unit_one else unit
    return " ".join(part for part in (format_number(value), word) if part)


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator with its latest reported value and whether that reaches the target."""

    label: str
    kind: str  # number | yes_no
    target: float | None = None  # numbers; a yes/no indicator's target is always "yes"
    unit: str = ""
    unit_one: str = ""
    latest_number: float | None = None
    latest_yes: bool | None = None
    reached: bool | None = None  # None: nothing to reach (a number without a target)

    @property
    def has_target(self) -> bool:
        return self.kind == "yes_no" or self.target is not None

    @property
    def reported(self) -> bool:
        return self.latest_number is not None or self.latest_yes is not None

    def target_text(self, yes: str = "yes", none: str = "", plural=lambda n: "other") -> str:
        if self.kind == "yes_no":
            return yes
        if self.target is None:
            return none
        return format_quantity(self.target, self.unit, self.unit_one, plural(self.target))

    def latest_text(self, yes: str = "yes", no: str = "no", none: str = "", plural=lambda n: "other") -> str:
        if self.kind == "yes_no":
            return none if self.latest_yes is None else (yes if self.latest_yes else no)
        if self.latest_number is None:
            return none
        return format_quantity(self.latest_number, self.unit, self.unit_one, plural(self.latest_number))


@dataclass(frozen=True)
class PlanSummary:
    id: int
    title: str
    owner_name: str
    owner_kind: str  # participant | organisation
    status: str
    status_label: str
    organisation: str = ""
    organisation_type: str = ""
    organisation_type_label: str = ""
    country: str = ""  # ISO code
    country_name: str = ""
    cluster_id: int | None = None
    cluster: str = ""
    from_cluster_action: bool = False
    objective: str = ""
    next_report_due: date | None = None
    overdue_days: int = 0  # > 0: the report due on next_report_due has not come
    reports: int = 0
    late_reports: int = 0
    last_reported_at: datetime | None = None
    indicators: tuple[IndicatorProgress, ...] = ()
    achievements: tuple[str, ...] = ()  # every achievement reported so far, labelled
    challenges: tuple[str, ...] = ()  # named in the latest report
    support_areas: tuple[str, ...] = ()  # asked for in the latest report
    support_needed: str = ""  # the latest report's words
    latest_narrative: str = ""

    @property
    def is_overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def indicators_reached(self) -> int:
        return sum(1 for i in self.indicators if i.reached)

    @property
    def indicators_with_target(self) -> int:
        return sum(1 for i in self.indicators if i.has_target)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class CategoryCount:
    """A challenge category: how many plans named it as a challenge and asked for support in it
    (each plan counted once, whatever the number of its reports)."""

    code: str
    label: str
    challenge_plans: int
    support_plans: int


@dataclass(frozen=True)
class AchievementCount:
    code: str
    label: str
    plans: int


@dataclass(frozen=True)
class FollowupSummary:
    forum_title: str
    forum_slug: str
    as_of: date
    timezone: str = "UTC"
    plans_total: int = 0
    by_status: tuple[StatusCount, ...] = ()  # every status, in lifecycle order, zeros included
    open_plans: int = 0  # neither done nor dropped
    overdue_plans: int = 0  # open, with a report past its due date
    plans_reporting: int = 0  # plans with at least one report
    reports_total: int = 0
    late_reports: int = 0
    indicators_total: int = 0
    indicators_with_target: int = 0
    indicators_reached: int = 0
    challenges: tuple[CategoryCount, ...] = ()  # most named first; categories nobody named left out
    achievements: tuple[AchievementCount, ...] = ()  # most reported first
    plans: tuple[PlanSummary, ...] = ()
    filtered: bool = False  # built for a filtered view of the plans
