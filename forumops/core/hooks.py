"""Questions earlier stages ask of later ones, and panels later stages draw on earlier stages' pages.

A stage imports only the stages before it (the import contracts in pyproject.toml), yet some pages of an
earlier stage show what a later one keeps: a participant's cluster on their registration page, their data
and erasure request beside it. core names the question or the place here, knowing no stage; the later stage
answers or fills it from its hooks.py, imported with its blueprint, as Indico's signals and template hooks
do. The forum page's own hooks (a person's home, the buttons under the title) are in core.home.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Question(Generic[P, R]):
    """Asked by an earlier stage, answered by the one later stage that keeps the answer (`@question.answer`)."""

    def __init__(self, name: str, doc: str):
        self.name = name
        self.__doc__ = doc
        self._answer: Callable[P, R] | None = None

    def answer(self, answer: Callable[P, R]) -> Callable[P, R]:
        """Register the answer; used as a decorator by the stage that keeps it."""
        self._answer = answer
        return answer

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._answer is None:
            raise LookupError(f"no stage answers core.hooks.{self.name}: is its blueprint registered?")
        return self._answer(*args, **kwargs)


# --- the questions: (what is asked) -> the answer; answered by the stage named -----------------------------

clusters_of_person: Question[[Any, int], set[int]] = Question(
    "clusters_of_person", "(forum, user id) -> ids of the clusters the person is in there, as facilitator or "
    "rapporteur or by a confirmed registration: the agenda's personal calendar feed asks; clusters answers.")

cluster_of_registration: Question[[Any, Any], Any] = Question(
    "cluster_of_registration", "(forum, registration) -> the agenda.models.Cluster a confirmed participant is "
    "in, or None: their registration page and calendar ask; clusters answers.")

cluster_memberships: Question[[Any], list[tuple[int | None, int | None, str, int, str]]] = Question(
    "cluster_memberships", "(forum) -> (user id, registration id, role, cluster id, cluster name) of everyone "
    "in a cluster, in the clusters' order: the badges ask; clusters answers.")

@dataclass(frozen=True)
class ClusterSessionAttendance:
    """Who came to one cluster session: the facilitator's ticks in its notes, as last saved (whatever their
    review status). `start` is the breakout's, for notes of one session; notes of the whole cluster carry the
    first and last start of its breakouts instead (both None when it has none on the programme)."""

    notes_id: int
    cluster_id: int
    cluster: str  # its name
    session: str  # the notes' title, else the breakout's
    present: frozenset[int]  # registration ids ticked
    start: datetime | None = None
    first: datetime | None = None
    last: datetime | None = None


cluster_attendance: Question[[Any], list[ClusterSessionAttendance]] = Question(
    "cluster_attendance", "(forum) -> a ClusterSessionAttendance for every cluster session's notes, in the "
    "clusters' order then the sessions': who came to a breakout is the facilitator's tick in the notes, one "
    "record, not two; registration's attendance report (and through it the outcome report) asks; clusters "
    "answers.")

organisation_suggestions: Question[[], list[str]] = Question(
    "organisation_suggestions", "() -> the organisation names a public page may suggest (never one known only "
    "from someone's registration): the registration form asks; privacy answers.")

organisations_seen_by: Question[[Any], Any] = Question(
    "organisations_seen_by", "(user) -> a SQL condition on organisations.id: the entries the directory and its "
    "name suggestions may show this person, who is not the administrator (what is public already, and their "
    "own forums' people and partners): organisations asks; privacy answers.")


travel_form_sent: Question[[Any, Any], int] = Question(
    "travel_form_sent", "(forum, registration) -> how many emails were withdrawn: the person sent their travel "
    "form, so the reminders still waiting in the outbox for those who have not sent it are taken back from them "
    "(a reminder scheduled for Friday must not reach someone who sent the form on Wednesday): travel tells; "
    "communications answers.")


# --- panels ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Panel:
    """A part of an earlier stage's page: `template` is included where the page puts its panels, with the
    page's variables and `panel.context`."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


# place -> where it is and what its providers are given
PLACES = {
    "registration.manage": "a participant's own registration page, at its foot: (forum, registration)",
    "registration.manage_top": "a participant's own registration page, right under the summary of their "
                               "registration, before the blocks of core.home: what waits for their answer "
                               "(forum, registration)",
    "registration.desk": "the registration desk, above the filters: (forum)",
    "registration.detail": "one registration at the desk, at its foot: (forum, registration)",
    "forums.detail": "the forum's public page, after the concept note: (forum)",
    "agenda.item": "a programme item's own page, after its materials: (forum, item id)",
}

PanelProvider = Callable[..., "Panel | None"]
_panels: dict[str, list[PanelProvider]] = {}


def panel(place: str) -> Callable[[PanelProvider], PanelProvider]:
    """Register a provider of a panel at one of PLACES (it returns None when it has nothing to show)."""
    if place not in PLACES:
        raise KeyError(f"unknown place {place!r}: add it to core.hooks.PLACES")

    def register(provider: PanelProvider) -> PanelProvider:
        providers = _panels.setdefault(place, [])
        if provider not in providers:
            providers.append(provider)
        return provider
    return register


def panels_for(place: str, *subject: Any) -> list[Panel]:
    """The panels at `place` for this forum (and registration), in their order."""
    found = [p for p in (provider(*subject) for provider in _panels.get(place, [])) if p is not None]
    return sorted(found, key=lambda p: p.order)


# --- columns an export leaves out unless asked for -----------------------------------------------------------

@dataclass(frozen=True)
class ExportColumns:
    """Columns a later stage adds to the registration CSV only when an organiser ticks `label` on the desk (what
    they hold is private enough to leave out unless asked for: invitation letters' passport details)."""

    key: str  # the tick box's value in the export's address (?include=letters)
    label: Any  # the tick box's words (a lazy string: registered at import time)
    offered: Callable[[Any], bool]  # (forum) -> whether the desk offers the tick box
    # (forum, registration ids) -> (headings, each registration's cells by id; a registration not there: empty)
    columns: Callable[[Any, list[int]], tuple[list[str], dict[int, list[str]]]]


_export_columns: dict[str, ExportColumns] = {}


def export_columns(columns: ExportColumns) -> ExportColumns:
    """Register columns the registration CSV includes only when ticked."""
    _export_columns[columns.key] = columns
    return columns


def export_columns_offered(forum: Any) -> list[ExportColumns]:
    """The optional columns the desk offers for this forum's CSV, in the order they were registered."""
    return [columns for columns in _export_columns.values() if columns.offered(forum)]


def export_columns_named(keys: list[str]) -> list[ExportColumns]:
    """The optional columns the export's address asks for (unknown keys are ignored), in registration order."""
    return [columns for key, columns in _export_columns.items() if key in keys]


# --- bulk actions on the registration desk's list -------------------------------------------------------------

@dataclass(frozen=True)
class BulkAction:
    """A button a later stage adds to the desk list's bulk form ("With the ticked registrations: ..."). It posts
    the ticked registrations' ids (`ids`), the form's CSRF token and `back` (the desk's filters) to `endpoint`
    (with slug=), a page of that stage where the organisers say what to do with them and confirm."""

    key: str  # names the button's element (data-bulk-action)
    label: Any  # the button's words (a lazy string: registered at import time); the page adds "…"
    endpoint: str
    offered: Callable[[Any], bool] = lambda forum: True  # (forum) -> whether the desk shows the button
    order: int = 50


_bulk_actions: dict[str, BulkAction] = {}


def bulk_action(action: BulkAction) -> BulkAction:
    """Register a bulk action of the desk's list (registering the same key again replaces it)."""
    _bulk_actions[action.key] = action
    return action


def bulk_actions_offered(forum: Any) -> list[BulkAction]:
    """The bulk actions the desk's list offers for this forum, in their order."""
    return sorted((action for action in _bulk_actions.values() if action.offered(forum)), key=lambda a: a.order)


# --- filters and row markers on the registration desk's list --------------------------------------------------

@dataclass(frozen=True)
class RowMarker:
    """A few words on a row of the desk's list ("Accepted: Travel, Accommodation"), drawn as a badge whose class
    ends in `style` (badge-support-accepted)."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class DeskFilter:
    """A filter a later stage adds to the desk's list, beside status, country and the others (`?key=value` in the
    list's address, kept by its export and its bulk actions), and the column of markers saying where each row stands
    in it. Both cost the page a fixed number of queries, however many registrations: `condition` is SQL added to
    the list's query; `markers` is one read for the whole forum."""

    key: str  # the filter's name in the address (?support=funded)
    label: Any  # the select's label and the column's heading (a lazy string: registered at import time)
    choices: Callable[[Any], list[tuple[str, str]]]  # (forum) -> (value, words) offered after "Any"
    condition: Callable[[Any, str], Any]  # (forum, a value offered) -> a SQL condition on registrations
    markers: Callable[[Any], dict[int, list[RowMarker]]]  # (forum) -> registration id -> its markers
    offered: Callable[[Any], bool] = lambda forum: True  # (forum) -> whether the desk shows the filter
    order: int = 50


_desk_filters: dict[str, DeskFilter] = {}


def desk_filter(desk_filter: DeskFilter) -> DeskFilter:
    """Register a filter of the desk's list (registering the same key again replaces it)."""
    _desk_filters[desk_filter.key] = desk_filter
    return desk_filter


def desk_filters_offered(forum: Any) -> list[DeskFilter]:
    """The filters later stages add to this forum's desk list, in their order."""
    return sorted((f for f in _desk_filters.values() if f.offered(forum)), key=lambda f: f.order)


def desk_filter_keys() -> tuple[str, ...]:
    """Every registered filter's name in the desk's address (which of a query string's arguments are filters)."""
    return tuple(_desk_filters)
