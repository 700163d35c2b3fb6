"""The default texts of the automatic messages, written with the composer's placeholders.

A default is worked out from the forum when it is shown or sent, not stored: an organiser who leaves it alone
gets a text that follows the forum's time zone and mode if those change. What is written into a default
literally (the zone's name) has its braces doubled, so it can never be read as a placeholder.
"""

from __future__ import annotations

from datetime import datetime, time

from flask_babel import gettext as _

from ..forums.models import Forum
from ..pdf.dates import format_offset, zone


def literal(text: str) -> str:
    """Text to put into a message as it is: braces doubled, so placeholders.fill gives them back unchanged."""
    return text.replace("{", "{{").replace("}", "}}")


def zone_label(forum: Forum) -> str:
    """"Asia/Jakarta (UTC+07:00)": the zone's name and its offset on the forum's first day."""
    tz, name = zone(forum.timezone)
    return f"{name} ({format_offset(datetime.combine(forum.start_date, time(12), tzinfo=tz).utcoffset())})"


def default_subject(kind: str) -> str:
    """The subject a message has until the organisers write their own."""
    if kind == "before":
        return _("Reminder: {forum}, {dates}")
    return _("Thank you for taking part in {forum}")


def default_body(kind: str, forum: Forum) -> str:
    """The body a message has until the organisers write their own: the reminder's follows the forum's mode."""
    return _reminder(forum) if kind == "before" else _thanks()


def _reminder(forum: Forum) -> str:
    parts = [_("Dear {name},"), _("We look forward to seeing you at {forum}, {dates}.")]
    practical = []
    if forum.mode != "online":
        practical.append(_("Venue: {venue}"))
    practical.append(_("All times in the programme are in the forum's time zone: %(zone)s.",
                       zone=literal(zone_label(forum))))
    if forum.mode != "in_person":
        practical.append(_("To join online: {online_link}"))
    parts.append("\n".join(practical))
    if forum.mode != "online":
        parts.append(_("Badges: collect yours at the registration desk when you arrive; showing your check-in "
                       "code ({checkin_code}) makes it quicker."))
    parts.append(_("Your registration, and the programme in your calendar: {private_link}"))
    parts.append(_("See you soon,\nThe organisers"))
    return "\n\n".join(parts)


def _thanks() -> str:
    return "\n\n".join([
        _("Dear {name},"),
        _("Thank you for taking part in {forum}. Your ideas and the time you gave made it what it was."),
        _("We will keep you informed of what comes of the forum's recommendations."),
        _("With our thanks,\nThe organisers"),
    ])


def report_paragraph(report_url: str) -> str:
    """What the message after the end gains once the forum's report is published (added after any text)."""
    return "\n\n" + _("The forum's report is published: %(url)s", url=literal(report_url))
