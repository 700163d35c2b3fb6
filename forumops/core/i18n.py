"""Translation and date helpers. Use `lazy_gettext` from here, never Flask-Babel's own; show dates
through `format_day` and `format_moment` (the templates' `date` and `datetime` filters and their
`format_date` global), never Babel's own formatters.

Flask-Babel's LazyString defines __html__, which tells Jinja and MarkupSafe the text is already
safe HTML: a translated message naming "<short name>", or one interpolating what a user typed
(a form error quoting their input), would reach the page unescaped. Ours is escaped like any str.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel import Locale
from flask_babel import format_date, format_datetime, get_locale, gettext
from flask_babel.speaklater import LazyString

from .http import remember_choice
from .models import utcnow


class EscapedLazyString(LazyString):
    @property
    def __html__(self):  # hasattr(obj, "__html__") is False, so markupsafe escapes it
        raise AttributeError("__html__")


def lazy_gettext(string: str, **variables) -> EscapedLazyString:
    """Flask-Babel's lazy_gettext, except that templates escape the text instead of trusting it."""
    return EscapedLazyString(gettext, string, **variables)


# A numeric date reads two ways in the region (12/5/26: 12 May or 5 December?), so the one numeric style,
# "short", is given the month as a word; "medium", "long" and "full" already spell it in every locale.
SHORT_DATE = "d MMM y"  # 12 May 2026
SHORT_DATETIME = "d MMM y, HH:mm"  # 12 May 2026, 09:30 (the 24-hour clock of the programme)
LONG_DATETIME = "d MMMM y, HH:mm"  # 12 May 2026 with the month in full, where a day is named beside another


def format_day(value: date | datetime | None, style: str = "medium") -> str:
    """A date with its month as a word: a Babel style ("medium", "long", "full"; "short" gives
    SHORT_DATE) or a CLDR pattern; "" for None."""
    if not value:
        return ""
    return format_date(value, SHORT_DATE if style == "short" else style)


def in_zone(value: datetime, zone: str | None) -> datetime:
    """An instant seen in an IANA zone (a forum's); unchanged when no zone is given."""
    return value.astimezone(ZoneInfo(zone)) if zone else value


def utc_of_wall_clock(zone: str, day: date, clock: time) -> datetime:
    """The UTC instant of a wall-clock time on a day in an IANA zone (a forum's). A time the clocks pass twice
    (they go back) is the first of the two; a time they skip (they go forward) is read on the clock before the
    change, so check wall_clock_fate() first where a person typed it."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone)).astimezone(UTC)


SKIPPED, REPEATED = "skipped", "repeated"  # what wall_clock_fate() says of a time the clocks jump over or pass twice


def wall_clock_fate(zone: str, day: date, clock: time) -> str:
    """Whether a wall-clock time on a day exists once in an IANA zone (""), not at all because the clocks go
    forward over it (SKIPPED: 02:30 in Berlin on the last Sunday of March), or twice because they go back over it
    (REPEATED: 02:30 there on the last Sunday of October)."""
    tz = ZoneInfo(zone)
    first = datetime.combine(day, clock, tzinfo=tz)
    if first.utcoffset() == first.replace(fold=1).utcoffset():
        return ""
    back = first.astimezone(UTC).astimezone(tz)
    return REPEATED if back.replace(tzinfo=None) == first.replace(tzinfo=None) else SKIPPED


def utc_offset_text(instant: datetime) -> str:
    """"UTC+02:00": the offset of an aware datetime, as the pages name a zone's (tz_label)."""
    offset = instant.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def day_in_zone(zone: str | None, instant: datetime | None = None) -> date:
    """The day an instant (now, by default) falls on in an IANA zone (a forum's; UTC when it has none)."""
    return in_zone(instant or utcnow(), zone or "UTC").date()


def format_moment(value: datetime | None, style: str = "medium", zone: str | None = None) -> str:
    """An instant, its month as a word, in the given IANA zone (the forum's), or the user's zone when none
    is given; "short" gives SHORT_DATETIME. "" for None."""
    if not value:
        return ""
    local = in_zone(value, zone)
    return format_datetime(local, SHORT_DATETIME if style == "short" else style, rebase=zone is None)


def format_list(items) -> str:
    """Items joined as the language joins a list ("a, b and c", "a b และ c"); the templates' `list` filter."""
    from babel.lists import format_list as babel_format_list

    items = [str(item) for item in items]
    return babel_format_list(items, locale=get_locale() or "en") if items else ""


ZONE_COOKIE = "forumops_tz"


def chosen_zone(forum_zone: str) -> str | None:
    """The zone a reader chose to see a programme in (`?tz=` in the address, else their cookie), when it is
    a zone the system knows and not the forum's own; None otherwise (`?tz=forum` goes back to the forum's)."""
    from flask import request

    from .reference import is_timezone

    asked = request.args.get("tz")
    if asked == "forum":
        return None
    zone = asked if asked is not None else request.cookies.get(ZONE_COOKIE)
    return zone if zone and zone != forum_zone and is_timezone(zone) else None


def remember_zone(response, forum_zone: str):
    """Keep a `?tz=` choice in a cookie for a year (`?tz=forum` forgets it); the response, for chaining."""
    from flask import request

    asked = request.args.get("tz")
    if asked == "forum":
        response.delete_cookie(ZONE_COOKIE)
    elif asked and chosen_zone(forum_zone):
        remember_choice(response, ZONE_COOKIE, asked)
    return response


def times_elsewhere(start: datetime, end: datetime, zone: str, other: str | None) -> str:
    """"08:00–09:30" for a slot seen in another zone, with the weekday when the day differs there ("Tue
    23:00–00:30"); "" when there is no other zone or its clock reads the same as the forum's."""
    if not other:
        return ""
    here, there = in_zone(start, zone), in_zone(start, other)
    if here.utcoffset() == there.utcoffset():
        return ""
    there_end = in_zone(end, other)
    text = f"{there.hour:02d}:{there.minute:02d}–{there_end.hour:02d}:{there_end.minute:02d}"
    if there.date() != here.date():
        text = f"{format_date(there.date(), 'EEE')} {text}"
    return text


def plural_category(number: float) -> str:
    """The current language's CLDR plural category of a number ("one", "other", ...): the rule ngettext
    follows, for words it cannot know, such as the unit a person typed ("briefing" / "briefings")."""
    locale = get_locale() or Locale.parse("en")
    return locale.plural_form(int(number) if float(number).is_integer() else number)
