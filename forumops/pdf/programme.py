"""The programme block the programme PDF and the report's "Programme as held" chapter both draw: items by day
and slot in the forum's zone, each slot's time, people grouped by role, and the day's Time | Session table.

Items are the agenda's plain ItemData (id, title, type, start, end, room, online, cluster, people), passed in
by the renderers; this module imports no stage. What each renderer writes into a session cell is its own
(the programme shows more than the report), the rest is drawn here once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, tzinfo
from itertools import groupby
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from ..core import fonts
from .dates import utc
from .tables import HouseTable
from .text import Paragraph

# The printed label of each role for a count of people, in the order a session lists them.
ROLE_LABELS: dict[str, Callable[[int], str]] = {
    "chair": lambda n: ngettext("Chair", "Chairs", n),
    "moderator": lambda n: ngettext("Moderator", "Moderators", n),
    "speaker": lambda n: ngettext("Speaker", "Speakers", n),
    "panellist": lambda n: ngettext("Panellist", "Panellists", n),
    "discussant": lambda n: ngettext("Discussant", "Discussants", n),
    "rapporteur": lambda n: ngettext("Rapporteur", "Rapporteurs", n),
    "resource_person": lambda n: ngettext("Resource person", "Resource persons", n),
}


def programme_days(items: Iterable[Any], tz: tzinfo) -> list[tuple[date, list[list[Any]]]]:
    """Items by day in zone tz, each day a list of slots (items that start and end together, parallel
    breakouts by cluster name), in time order."""
    ordered = sorted(items, key=lambda i: (utc(i.start), utc(i.end), i.id))
    days: dict[date, list[list[Any]]] = {}
    for (start, _end), group in groupby(ordered, key=lambda i: (utc(i.start), utc(i.end))):
        slot = sorted(group, key=lambda i: (fonts.clean(i.cluster).casefold(), i.title, i.id))
        days.setdefault(start.astimezone(tz).date(), []).append(slot)
    return sorted(days.items())


def item_title(item: Any, type_labels: Mapping[str, object]) -> str:
    """The session's title, or its type's label, or "Session"."""
    return item.title.strip() or str(type_labels.get(item.type) or "") or _("Session")


def role_groups(people: Sequence[Any]) -> list[tuple[str, list[Any]]]:
    """(label, people) per role with a named person: the known roles in order, then any other by name; the
    label singular or plural by the count."""
    roles = list(ROLE_LABELS) + sorted({p.role for p in people} - set(ROLE_LABELS))
    out = []
    for role in roles:
        group = [p for p in people if p.role == role and p.name.strip()]
        if group:
            label = ROLE_LABELS[role](len(group)) if role in ROLE_LABELS else role.replace("_", " ").capitalize()
            out.append((label or _("Participant"), group))
    return out


def info_parts(item: Any, label: str, title: str) -> list[str]:
    """Markup pieces of a session's info line: its type's label (unless the title says the same), room,
    "Online"."""
    parts = [fonts.escape_text(label)] if label and fonts.clean(title).strip().casefold() != label.casefold() else []
    if item.room.strip():
        parts.append(fonts.markup(item.room.strip()))
    if item.online:
        parts.append(fonts.escape_text(_("Online")))
    return parts


def day_table(rows: list[list], header_style: ParagraphStyle, widths: Sequence[float], frame_height: float,
              commands: list[tuple]) -> HouseTable:
    """A day's Time | Session table (rows of [time, session cell]) with its header row repeated on each page."""
    head = [Paragraph(fonts.escape_text(_("Time").upper()), header_style),
            Paragraph(fonts.escape_text(_("Session").upper()), header_style)]
    table = HouseTable([head, *rows], colWidths=list(widths), repeatRows=1, splitByRow=1, hAlign="LEFT",
                       frame_height=frame_height)
    table.setStyle(TableStyle(commands))
    return table
