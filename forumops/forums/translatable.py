"""Which of a forum's texts an organiser can write versions of, gathered from the stages that keep them.

The translation page (forums.translation_views) comes from the forum stage, which may not import the
programme, the clusters or the registration form; each of those registers a provider here (when its
blueprint is imported) that lists its texts for a forum, as forums.invitations.register_kind does for
roles. A provider reads its objects in one query, so the page's queries do not grow with the data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from ..core.i18n import lazy_gettext as _l
from .models import Forum
from .versions import FORUM, Key


@dataclass(frozen=True)
class Translatable:
    """One text to write a version of: what it is, and its original in the forum's main language."""

    kind: str
    object_id: int
    field: str
    label: str  # what the text is: "Title", "Background", an option's place
    original: str
    long: bool = False  # a text area (Markdown, one per line) rather than a line
    max_length: int = 300
    # what refuses a version typed for it (the message beside its field), e.g. a certificate's unknown placeholder;
    # None: any text goes
    check: Callable[[str], str | None] | None = dataclasses.field(default=None, compare=False)

    @property
    def key(self) -> Key:
        """Where its version is kept: (kind, object id, field)."""
        return self.kind, self.object_id, self.field

    @property
    def name(self) -> str:
        """The form field's name: v_item_12_title, v_question_3_option_1."""
        return f"v_{self.kind}_{self.object_id}_{self.field.replace('.', '_')}"


@dataclass(frozen=True)
class Block:
    """Texts that belong together under a heading (one programme item, one question and its choices)."""

    heading: str
    texts: tuple[Translatable, ...]


@dataclass(frozen=True)
class Group:
    """A part of the translation page: the forum, its concept note, the programme, clusters, questions."""

    key: str
    title: str
    blocks: tuple[Block, ...]
    order: int = 50


Provider = Callable[[Forum], "list[Group]"]
_providers: list[Provider] = []


def register_texts(provider: Provider) -> Provider:
    """Register a stage's provider of translatable texts; used as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def groups_for(forum: Forum) -> list[Group]:
    """Every translatable text of the forum, grouped, in the page's order; empty groups left out."""
    groups = [group for provider in _providers for group in provider(forum) if group.blocks]
    return sorted(groups, key=lambda group: group.order)


def lines(value: list[str] | None) -> str:
    """A list kept one entry per line (objectives, themes, guiding questions) as the text of its version."""
    return "\n".join(value or [])


CONCEPT_NOTE_FIELDS = (
    ("background", _l("Background")), ("rationale", _l("Rationale")), ("objectives", _l("Objectives")),
    ("expected_outputs", _l("Expected outputs")), ("target_participants", _l("Target participants")),
    ("themes", _l("Themes and sectors")), ("programme_outline", _l("Tentative programme")),
)

FORUM_TEXTS = ("title", *(name for name, _label in CONCEPT_NOTE_FIELDS))


@register_texts
def _forum_texts(forum: Forum) -> list[Group]:
    title = Translatable(FORUM, forum.id, "title", str(_l("Title")), forum.title, max_length=200)
    sections = []
    for name, label in CONCEPT_NOTE_FIELDS:
        value = getattr(forum, name)
        original = lines(value) if isinstance(value, list) else value
        if original:
            sections.append(Translatable(FORUM, forum.id, name, str(label), original, long=True, max_length=20000))
    return [Group("forum", str(_l("Forum")), (Block("", (title,)),), order=10),
            Group("concept-note", str(_l("Concept note")), (Block("", tuple(sections)),) if sections else (),
                  order=20)]
