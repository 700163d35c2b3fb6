"""What a document can be attached to, named by kind and id: the forum itself, or an object a later stage keeps.

This stage comes right after forums and may not import the programme, the clusters or the report; each of
those registers a finder here (agenda: "item" and "cluster", outcomes: "report") that says, for an id of the
forum's, what it is called and where its page is, or None when the forum has no such thing. An upload to an
unknown target is then a 404 rather than a document nobody can ever see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for

from ..core.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Target:
    """Where a document is attached, for people: "Programme item: Opening panel", with the page it shows on."""

    kind: str
    id: int | None
    name: str
    url: str

    @property
    def key(self) -> str:
        """The target as the upload form carries it: "forum", "item-12"."""
        return self.kind if self.id is None else f"{self.kind}-{self.id}"


# (forum, target ids: None for the forum and the report) -> {id: target} for those the forum has, in one query
Finder = Callable[..., "dict[int | None, Target]"]
_finders: dict[str, Finder] = {}


def register_target(kind: str) -> Callable[[Finder], Finder]:
    """Let the stage that keeps a kind of target find one of a forum's; used as a decorator."""
    def register(finder: Finder) -> Finder:
        _finders[kind] = finder
        return finder
    return register


@register_target("forum")
def _the_forum(forum, ids) -> dict[int | None, Target]:
    return {None: Target("forum", None, str(_l("The forum page")), url_for("forums.detail", slug=forum.slug))}


def find_target(forum, key: str | None) -> Target | None:
    """The target a form names ("forum", "item-12", "cluster-3", "report"), if the forum has it."""
    kind, _dash, number = (key or "forum").partition("-")
    if kind not in _finders or (number and not number.isdigit()):
        return None
    target_id = int(number) if number else None
    return _finders[kind](forum, [target_id]).get(target_id)


def targets_of(forum, keys) -> dict[tuple[str, int | None], Target]:
    """The targets of these (kind, id) pairs, one query per kind; a target whose object is gone is left out."""
    wanted: dict[str, list[int | None]] = {}
    for kind, target_id in keys:
        wanted.setdefault(kind, []).append(target_id)
    found = {}
    for kind, ids in wanted.items():
        if kind in _finders:
            found.update({(kind, target_id): target for target_id, target in _finders[kind](forum, ids).items()})
    return found
