"""Dates and times as the printed documents show them: English words, independent of the process locale.

The programme, the report and the badges are printed in English, so their days and months are spelt here,
once. A document rendered for one reader in a request (the follow-up PDF) shows its dates through
``core.i18n.format_day`` instead, in the reader's language. Times are stored in UTC and shown in the
forum's zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def format_day(day: date) -> str:
    """"Friday 9 March 2017", independent of the process locale."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def format_date_range(first: date, last: date) -> str:
    """"9 March 2017", "9–10 March 2017", "30 March – 1 April 2017" or across years."""
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
