"""The words of a programme-change digest: each change told in a few plain lines, in the forum's time zone.

`describe` gives the lines as plain text (the organisers' page escapes them as any text); `digest_body` puts
them in an email body, every programme text with its braces doubled so a title such as "{name}" is never
filled in as a placeholder.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from ..agenda.labels import PERSON_ROLE_LABELS
from ..core.i18n import format_day
from ..forums.models import Forum
from ..pdf.dates import format_time_range
from .automatic_texts import literal, zone_label
from .programme_diff import ItemChange


def when(forum: Forum, version: dict) -> str:
    """"Wed 14 Apr 2027, 09:00–10:30" in the forum's zone."""
    zone = ZoneInfo(forum.timezone or "UTC")
    start = datetime.fromisoformat(version["start"]).astimezone(zone)
    end = datetime.fromisoformat(version["end"]).astimezone(zone)
    return f"{format_day(start.date(), 'EEE d MMM y')}, {format_time_range(start, end)}"


def _people(people: list[tuple[str, str]]) -> str:
    return ", ".join(f"{name} ({PERSON_ROLE_LABELS.get(role, role)})" for name, role in people)


def headline(change: ItemChange) -> str:
    """The item's title, with its cluster when it is a cluster's breakout."""
    current = change.current
    if current.get("cluster"):
        return _("%(title)s (%(cluster)s)", title=current["title"], cluster=current["cluster"])
    return current["title"]


def describe(forum: Forum, change: ItemChange) -> list[str]:
    """What changed, one line each, after a first line saying when and where the item is now (or was)."""
    current, before = change.current, change.before or {}
    place = f" · {current['room']}" if current.get("room") else ""
    lines = [when(forum, current) + place]
    for aspect in change.aspects:
        if aspect == "added":
            lines.append(_("New in the programme."))
        elif aspect == "removed":
            lines.append(_("Removed from the programme."))
        elif aspect == "cancelled":
            lines.append(_("Cancelled."))
        elif aspect == "restored":
            lines.append(_("Back in the programme: no longer cancelled."))
        elif aspect == "time":
            lines.append(_("Time changed: it was %(when)s.", when=when(forum, before)))
        elif aspect == "room":
            lines.append(_("Room changed: it was %(room)s.", room=before["room"]) if before["room"]
                         else _("Room given: %(room)s.", room=current["room"]) if current["room"]
                         else _("No room any more (it was %(room)s).", room=before["room"]))
        elif aspect == "title":
            lines.append(_("New title: it was “%(title)s”.", title=before["title"]))
        elif aspect == "cluster":
            lines.append(_("Moved from %(old)s to %(new)s.", old=before["cluster"] or _("the whole forum"),
                           new=current["cluster"] or _("the whole forum")))
        elif aspect == "people":
            if change.people_added:
                lines.append(_("Now with: %(people)s.", people=_people(change.people_added)))
            if change.people_removed:
                lines.append(_("No longer: %(people)s.", people=_people(change.people_removed)))
    return lines


def digest_subject() -> str:
    """The subject of every digest (the forum filled in per message)."""
    return _("Programme changes: {forum}")


def digest_body(forum: Forum, changes: Sequence[ItemChange], programme_url: str) -> str:
    """The body of one digest, with the composer's placeholders for the person ({name}) and the forum."""
    blocks = []
    for change in changes:
        lines = [literal(headline(change))] + ["  " + literal(line) for line in describe(forum, change)]
        blocks.append("- " + "\n".join(lines))
    return "\n\n".join([
        _("Dear {name},"),
        _("The programme of {forum} has changed since we last wrote. What changed for you (times in %(zone)s):",
          zone=literal(zone_label(forum))),
        "\n\n".join(blocks),
        _("The whole programme, as it is now: %(url)s", url=literal(programme_url)),
        _("The organisers"),
    ])
