"""Saving the organisers' copy of a person's travel details without undoing what changed since their page was
opened: the person may have sent a newer flight meanwhile, or a colleague given the hotel. Pure functions; the
operation (details_operations.write_travel_details) calls them under the forum's lock.

The desk's form carries `shown`, a short digest of each group of its fields as the page showed them (a group
changes together: a day and its time, a stay's two dates, a sharing wish and its name). On save each group is
seen three ways, as shown, as typed and as it is now:
- typed as shown: the organiser left it alone, so what is there now stays (their newer flight is kept);
- now as shown, or now as typed: only the organiser changed it, so theirs is written;
- otherwise both changed it, differently: a conflict. Nothing is saved, and the page shows the newer value beside
  the field with the organiser's typing kept in it; saving again then writes the organiser's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from ..core.text import clean_text

GROUPS: tuple[tuple[str, ...], ...] = (
    ("arrival_date", "arrival_time"), ("arrival_from",), ("arrival_transport",),
    ("departure_date", "departure_time"), ("departure_to",), ("departure_transport",),
    ("check_in", "check_out"), ("room_sharing", "share_with"),
    ("dietary_needs",), ("accessibility_needs",), ("notes",),
    ("arrival_meet",), ("departure_meet",), ("hotel_id",), ("room",),
)
_DIGEST = re.compile(r"^[0-9a-f]{10}$")


def _text(value: Any) -> str:
    """A field's value as compared: the same whether it came from the database or from the form."""
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))


def _digest(values: Mapping[str, Any], group: tuple[str, ...]) -> str:
    joined = "\x1f".join(_text(values.get(name)) for name in group)
    return hashlib.blake2s(joined.encode(), digest_size=5).hexdigest()


def shown_token(values: Mapping[str, Any]) -> str:
    """What the page shows, as the form's hidden `shown` field carries it: one digest per group."""
    return ".".join(_digest(values, group) for group in GROUPS)


def _read_token(token: str | None) -> list[str] | None:
    parts = (token or "").split(".")
    return parts if len(parts) == len(GROUPS) and all(_DIGEST.match(part) for part in parts) else None


@dataclass
class Merged:
    """What a save writes: `values` (the organiser's typing where they changed a group, what is there now
    elsewhere); the groups both changed differently (`conflicts`); the groups someone else changed meanwhile that
    the save keeps (`kept_theirs`)."""

    values: dict[str, Any]
    conflicts: list[tuple[str, ...]] = field(default_factory=list)
    kept_theirs: list[tuple[str, ...]] = field(default_factory=list)


def merge(typed: Mapping[str, Any], now: Mapping[str, Any], token: str | None) -> Merged:
    """The organiser's save merged with what is there now, group by group (see the module). Without a readable
    `token` (a form from before it existed, a script) the page is taken to have shown what is there now: every
    field is written as typed."""
    shown = _read_token(token) or shown_token(now).split(".")
    merged = Merged(values={})
    for group, was in zip(GROUPS, shown, strict=True):
        typed_now, there_now = _digest(typed, group), _digest(now, group)
        source = typed
        if typed_now == was:
            source = now
            if there_now != was:
                merged.kept_theirs.append(group)
        elif there_now not in (was, typed_now):
            merged.conflicts.append(group)
        merged.values.update({name: source.get(name) for name in group})
    return merged
