"""What is mine here: the home a person finds on a forum's page, assembled from what later stages register.

The forum page (forums) comes before the agenda, registration, clusters, outcomes and follow-up in the
lifecycle and must not import them; each of those registers a provider here when its blueprint is imported,
as Indico's template hooks do: sections of a person's home, the organisers' to-do, links on a registration,
the buttons under the forum's title. Providers return plain data, so the page renders without knowing which
stage said what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class HomeLink:
    label: str
    url: str
    note: str = ""  # a short state beside the link: "draft", "submitted", "due 3 May"


@dataclass(frozen=True)
class HomeSection:
    """One block of a person's home on a forum, drawn by `template` with `context`."""

    key: str  # "participant", "staff", "todo": also the block's id on the page
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


@dataclass(frozen=True)
class ForumAction:
    """A button on the forum's page that a later stage adds (the programme, the outcome report). Without a
    url what it leads to is not there yet, and `label` says so under the buttons."""

    key: str  # "programme", "report": names its element
    label: str
    url: str = ""
    order: int = 50


@dataclass(frozen=True)
class Todo:
    """Something waiting for the organisers: `count` of it, dealt with at `url`."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class HomePanel:
    """A block a later stage adds under a participant's registration (their private page and their home),
    drawn by `template` with `panel.context`: the announcements they were sent, for instance."""

    key: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


SectionProvider = Callable[[Any, Any], "HomeSection | None"]  # (forum, user) -> section
TodoProvider = Callable[[Any], "list[Todo]"]  # (forum) -> what waits
LinkProvider = Callable[[Any, Any, bool], "list[HomeLink]"]  # (forum, registration, signed_in) -> links
ActionProvider = Callable[[Any], "ForumAction | None"]  # (forum) -> its button, or None
PanelProvider = Callable[[Any, Any, bool], "HomePanel | None"]  # (forum, registration, signed_in) -> panel

ForumFinder = Callable[[Any], "set[int]"]  # (user) -> ids of forums where a later stage knows them

_sections: list[SectionProvider] = []
_finders: list[ForumFinder] = []
_todos: list[TodoProvider] = []
_participant_links: list[LinkProvider] = []
_actions: list[ActionProvider] = []
_participant_panels: list[PanelProvider] = []


def _add(registry: list, provider):
    if provider not in registry:
        registry.append(provider)
    return provider


def section(provider: SectionProvider) -> SectionProvider:
    """Register a part of the signed-in person's home on a forum (returns None when it has nothing)."""
    return _add(_sections, provider)


def todo(provider: TodoProvider) -> TodoProvider:
    """Register something the organisers' to-do list counts."""
    return _add(_todos, provider)


def participant_link(provider: LinkProvider) -> LinkProvider:
    """Register links a participant sees on their registration (their plans, for instance)."""
    return _add(_participant_links, provider)


def forum_action(provider: ActionProvider) -> ActionProvider:
    """Register a button on the forum's page (or the note that it is not there yet)."""
    return _add(_actions, provider)


def participant_panel(provider: PanelProvider) -> PanelProvider:
    """Register a block shown under a participant's registration (returns None when it has nothing)."""
    return _add(_participant_panels, provider)


def forum_finder(provider: ForumFinder) -> ForumFinder:
    """Register a way a person belongs to forums that team roles do not show (a pending registration, say)."""
    return _add(_finders, provider)


def forum_ids_of(user) -> set[int]:
    """Ids of the forums the user has something in, as the stages' registered finders report."""
    return {forum_id for provider in _finders for forum_id in provider(user)}


def sections_for(forum, user) -> list[HomeSection]:
    """The sections the stages register for this forum's home, in order; none when signed out."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = [s for s in (provider(forum, user) for provider in _sections) if s is not None]
    return sorted(found, key=lambda s: s.order)


def actions_for(forum) -> list[ForumAction]:
    """The buttons later stages put under the forum's title, in their order."""
    found = [a for a in (provider(forum) for provider in _actions) if a is not None]
    return sorted(found, key=lambda a: a.order)


def todos_for(forum) -> list[Todo]:
    """The organisers' to-do items every stage registers for this forum."""
    return [item for provider in _todos for item in provider(forum)]


def participant_links_for(forum, registration, signed_in: bool) -> list[HomeLink]:
    """The links a participant's home shows for the registration, from every stage."""
    return [link for provider in _participant_links for link in provider(forum, registration, signed_in)]


def participant_panels_for(forum, registration, signed_in: bool) -> list[HomePanel]:
    """The blocks later stages show under a participant's registration (what they were sent, ...)."""
    return [panel for panel in (provider(forum, registration, signed_in) for provider in _participant_panels)
            if panel is not None]
