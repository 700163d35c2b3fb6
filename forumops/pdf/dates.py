"""Dates and times as the printed documents show them, in the language they are written in.

The programme, the report and the badges are written in the reader's language (the request's, or the one a
caller forces with core.languages.written_in). English keeps the house's day-month order ("Friday 9 March
2017") whatever the browser; other languages take CLDR's own (Babel). Times are stored in UTC and shown in
the forum's zone, on the 24-hour clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_interval
from flask_babel import get_locale

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _language() -> Locale | None:
    """The language being written, when it is not English (None: the house's English words below)."""
    locale = get_locale()
    return locale if locale is not None and locale.language != "en" else None


def format_day(day: date) -> str:
    """"Friday 9 March 2017"; in another language its own full date ("Thứ Sáu, 9 tháng 3, 2017")."""
    locale = _language()
    if locale is not None:
        return format_date(day, "full", locale=locale)
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def format_date_range(first: date, last: date) -> str:
    """"9 March 2017", "9–10 March 2017", "30 March – 1 April 2017" or across years; another language's
    own interval format."""
    locale = _language()
    if locale is not None:
        if first == last:
            return format_date(first, "long", locale=locale)
        text = format_interval(first, last, "yMMMMd", locale=locale)
        if not any(character.isalpha() for character in text):  # CLDR's Lao interval is all digits: a month in words
            text = f"{format_date(first, 'long', locale=locale)} \u2013 {format_date(last, 'long', locale=locale)}"
        return text
    if first == last:
        return f"{first.day} {MONTHS[first.month - 1]} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{last.day} {MONTHS[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} \u2013 {last.day} {MONTHS[last.month - 1]} {last.year}"
    return (f"{first.day} {MONTHS[first.month - 1]} {first.year} \u2013 "
            f"{last.day} {MONTHS[last.month - 1]} {last.year}")


def format_offset(offset: timedelta | None) -> str:
    """UTC+07:00, UTC-03:30, UTC+00:00."""
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def format_time_range(start: datetime, end: datetime) -> str:
    """"09:00–09:30" from local datetimes; "+1" marks an end on a later day, "09:00" a zero-length item."""
    text = f"{start:%H:%M}"
    if end > start:
        text += f"\u2013{end:%H:%M}"
        days = (end.date() - start.date()).days
        if days:
            text += f" (+{days})"
    return text


def utc(value: datetime) -> datetime:
    """Aware UTC; a naive value (as some databases hand back) is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def zone(name: str) -> tuple[tzinfo, str]:
    """The forum's time zone and its name; UTC (named so) when the name is unknown or empty."""
    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return UTC, "UTC"


def local_time_range(start: datetime, end: datetime, tz: tzinfo) -> str:
    """format_time_range of two stored (UTC) instants, in the zone tz."""
    return format_time_range(utc(start).astimezone(tz), utc(end).astimezone(tz))
