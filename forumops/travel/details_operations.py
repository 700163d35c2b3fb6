"""Writes of the travel details: the forum's travel settings and hotels, and a person's travel details, sent by
them through the travel form or written by the organisers with the arrangements only they make. They flush,
never commit.

Times: an arrival or departure is typed as a day and a wall-clock time in the forum's zone and stored as the UTC
instant (core.i18n.utc_of_wall_clock), so 23:30 local stays on its day wherever it is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..core import hooks
from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.i18n import REPEATED, SKIPPED, format_day, in_zone, utc_of_wall_clock, utc_offset_text, wall_clock_fate
from ..core.models import utcnow
from ..core.text import clean_line, clean_text
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .details_forms import ARRANGEMENT_FIELDS, STAY_FIELDS
from .details_merge import merge, shown_token
from .details_queries import form_state, form_values
from .models import Hotel, TravelDetails, TravelSettings
from .queries import find_hotel, forum_hotels, travel_details_of

DAYS_AROUND = 30  # a travel date further than this before the forum's first day or after its last is a slip
# the hotel's nights may start the night before the arrival day (a flight landing after midnight) and end the day
# after the departure day (a flight leaving late at night): any further, the hotel is paid for nights nobody sleeps
NIGHTS_SLACK = timedelta(days=1)


# --- settings and hotels ---------------------------------------------------------------------------------

def save_settings(forum: Forum, data: Mapping[str, Any]) -> TravelSettings:
    """The forum's travel settings, the row made on first save."""
    settings = db.session.scalar(select(TravelSettings).where(TravelSettings.forum_id == forum.id))
    if settings is None:
        settings = TravelSettings(forum_id=forum.id)
        db.session.add(settings)
    settings.form_open = bool(data.get("form_open"))
    settings.form_audience = data.get("form_audience") or "sponsored"
    settings.form_deadline = data.get("form_deadline")
    settings.currency = (data.get("currency") or "USD").upper()
    settings.per_diem_rate = data.get("per_diem_rate")
    db.session.flush()
    return settings


def _hotel_fields(hotel: Hotel, data: Mapping[str, Any]) -> None:
    hotel.name = clean_line(data.get("name"))
    hotel.address = clean_line(data.get("address"))
    hotel.phone = clean_line(data.get("phone"))
    if not hotel.name:
        raise FormError(_("Enter the hotel's name."), field="name")


def add_hotel(forum: Forum, data: Mapping[str, Any]) -> Hotel:
    """A hotel at the end of the forum's list."""
    last = db.session.scalar(select(func.max(Hotel.position)).where(Hotel.forum_id == forum.id))
    hotel = Hotel(forum_id=forum.id, position=(last if last is not None else -1) + 1)
    _hotel_fields(hotel, data)
    db.session.add(hotel)
    db.session.flush()
    return hotel


def update_hotel(hotel: Hotel, data: Mapping[str, Any]) -> Hotel:
    """The hotel's name, address and phone (the people staying there keep it)."""
    _hotel_fields(hotel, data)
    db.session.flush()
    return hotel


def remove_hotel(forum: Forum, hotel: Hotel) -> int:
    """Remove one of the forum's hotels; the people it was given to have no hotel then. Returns how many."""
    moved = db.session.execute(update(TravelDetails).where(TravelDetails.hotel_id == hotel.id)
                               .values(hotel_id=None).execution_options(synchronize_session="fetch"))
    db.session.delete(hotel)
    db.session.flush()
    return moved.rowcount or 0  # type: ignore[attr-defined]  # DML: a CursorResult


def move_hotel(forum: Forum, hotel: Hotel, direction: str) -> None:
    """One place up or down in the forum's list (the first stays first, the last last)."""
    hotels = forum_hotels(forum)
    at = next(index for index, each in enumerate(hotels) if each.id == hotel.id)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(hotels):
        hotels[at], hotels[to] = hotels[to], hotels[at]
    for position, each in enumerate(hotels):
        each.position = position
    db.session.flush()


# --- a person's travel details ---------------------------------------------------------------------------

def _instant(forum: Forum, day: date | None, clock: time | None) -> datetime | None:
    return utc_of_wall_clock(forum.timezone, day, clock.replace(second=0, microsecond=0)) if day and clock else None


def _day_problems(forum: Forum, data: Mapping[str, Any]) -> list[FormError]:
    first, last = forum.start_date - timedelta(days=DAYS_AROUND), forum.end_date + timedelta(days=DAYS_AROUND)
    message = _("Choose a day between %(first)s and %(last)s: the forum is on %(start)s – %(end)s.",
                first=format_day(first), last=format_day(last), start=format_day(forum.start_date),
                end=format_day(forum.end_date))
    return [FormError(message, field=name) for name in ("arrival_date", "departure_date", "check_in", "check_out")
            if data.get(name) and not first <= data[name] <= last]


def _clock_problems(data: Mapping[str, Any]) -> list[FormError]:
    problems = []
    for way, date_missing, time_missing in (
            ("arrival", _("Enter the arrival date for this time."),
             _("Enter the arrival time too, such as 14:30: your best guess is fine.")),
            ("departure", _("Enter the departure date for this time."),
             _("Enter the departure time too, such as 14:30: your best guess is fine."))):
        day, clock = data.get(f"{way}_date"), data.get(f"{way}_time")
        if clock and not day:
            problems.append(FormError(date_missing, field=f"{way}_date"))
        elif day and not clock:
            problems.append(FormError(time_missing, field=f"{way}_time"))
    return problems


def _typed_moments(data: Mapping[str, Any]):
    """(way, day, clock) of the arrival and the departure typed whole."""
    for way in ("arrival", "departure"):
        day, clock = data.get(f"{way}_date"), data.get(f"{way}_time")
        if day and clock:
            yield way, day, clock.replace(second=0, microsecond=0)


def _skipped_time_problems(forum: Forum, data: Mapping[str, Any]) -> list[FormError]:
    """A time the clocks jump over that night (summer time begins) exists nowhere: said at the time field."""
    return [FormError(_("%(time)s does not exist on %(day)s in the forum’s time zone, %(zone)s: the clocks go "
                        "forward that night. Check the time on the ticket.", time=clock.strftime("%H:%M"),
                        day=format_day(day), zone=forum.timezone), field=f"{way}_time")
            for way, day, clock in _typed_moments(data) if wall_clock_fate(forum.timezone, day, clock) == SKIPPED]


def repeated_time_notes(forum: Forum, data: Mapping[str, Any]) -> list[str]:
    """What the person is told when a time they typed happens twice (the clocks go back that night): the first
    is kept (utc_of_wall_clock), with its offset named. Call it once travel_problems found nothing."""
    return [_("%(time)s on %(day)s happens twice in the forum’s time zone, %(zone)s, as the clocks go back that "
              "night: the first, at %(offset)s, is kept. Write to the organisers if you meant the second.",
              time=clock.strftime("%H:%M"), day=format_day(day), zone=forum.timezone,
              offset=utc_offset_text(in_zone(utc_of_wall_clock(forum.timezone, day, clock), forum.timezone)))
            for _way, day, clock in _typed_moments(data) if wall_clock_fate(forum.timezone, day, clock) == REPEATED]


def _stay_problems(data: Mapping[str, Any]) -> list[FormError]:
    if not any(name in data for name in STAY_FIELDS):
        return []
    check_in, check_out = data.get("check_in"), data.get("check_out")
    problems = []
    if check_in and not check_out:
        problems.append(FormError(_("Enter the day you check out too."), field="check_out"))
    elif check_out and not check_in:
        problems.append(FormError(_("Enter your first night at the hotel too."), field="check_in"))
    elif check_in and check_out and check_out <= check_in:
        problems.append(FormError(_("The check-out day must be after the first night."), field="check_out"))
    if data.get("room_sharing") == "share_with" and not clean_line(data.get("share_with")):
        problems.append(FormError(_("Write the name of the person you would like to share with."),
                                  field="share_with"))
    return problems


def nights_outside_trip(data: Mapping[str, Any], kept: TravelDetails | None = None,
                        organiser: bool = False) -> list[FormError]:
    """Hotel nights the trip does not need: a first night more than a day before the arrival day, a check-out more
    than a day after the departure day. The person's form refuses them at the field; the organisers, who may book
    an extra night on purpose, are warned (`organiser`). A night the saved details hold already (`kept`: what the
    organisers booked) is not refused when the person sends their form again."""
    arrival, departure = data.get("arrival_date"), data.get("departure_date")
    check_in, check_out = data.get("check_in"), data.get("check_out")
    if arrival and departure and departure < arrival:  # the trip itself is a slip, said at the departure
        return []
    problems = []
    if arrival and check_in and check_in < arrival - NIGHTS_SLACK and not (kept and kept.check_in == check_in):
        problems.append(FormError(
            _("Saved, but check the hotel nights: the first night, %(night)s, is more than a day before the "
              "arrival on %(arrival)s.", night=format_day(check_in), arrival=format_day(arrival)) if organiser else
            _("The first night can be %(earliest)s at the earliest, as you arrive on %(arrival)s: the hotel is paid "
              "by the night. Write to the organisers if you need more nights.",
              earliest=format_day(arrival - NIGHTS_SLACK), arrival=format_day(arrival)), field="check_in"))
    if departure and check_out and check_out > departure + NIGHTS_SLACK and not (kept and kept.check_out == check_out):
        problems.append(FormError(
            _("Saved, but check the hotel nights: the check-out day, %(day)s, is more than a day after the "
              "departure on %(departure)s.", day=format_day(check_out), departure=format_day(departure))
            if organiser else
            _("The check-out day can be %(latest)s at the latest, as you leave on %(departure)s: the hotel is paid "
              "by the night. Write to the organisers if you need more nights.",
              latest=format_day(departure + NIGHTS_SLACK), departure=format_day(departure)), field="check_out"))
    return problems


def travel_problems(forum: Forum, data: Mapping[str, Any]) -> list[FormError]:
    """Everything wrong with travel details as typed, each naming its field: a time without its day (or a day
    without its time), a day further than DAYS_AROUND from the forum, a time the clocks skip that night, a
    departure before the arrival, a check-out
    not after the first night or without it, "share with" nobody named. The form shows them all at once."""
    problems = _clock_problems(data) + _day_problems(forum, data)
    if not problems:  # the days are near the forum: their instants exist (0001-01-01 00:30 has none in UTC)
        problems = _skipped_time_problems(forum, data)
    if not problems:
        arrival = _instant(forum, data.get("arrival_date"), data.get("arrival_time"))
        departure = _instant(forum, data.get("departure_date"), data.get("departure_time"))
        if arrival and departure and departure < arrival:
            problems.append(FormError(_("Your departure is before your arrival: check both dates and times."),
                                      field="departure_date"))
    return problems + _stay_problems(data)


def _details_for(registration: Registration) -> TravelDetails:
    """The person's row as committed now (call it under the forum's lock), made when there is none yet: two first
    saves at once (a double click, the person and an organiser) then update one row rather than both inserting."""
    details = travel_details_of(registration, fresh=True)
    if details is None:
        details = TravelDetails(registration_id=registration.id)
        db.session.add(details)
    return details


def _write(forum: Forum, registration: Registration, details: TravelDetails, data: Mapping[str, Any]) -> None:
    for problem in travel_problems(forum, data)[:1]:
        raise problem
    details.arrival_at = _instant(forum, data.get("arrival_date"), data.get("arrival_time"))
    details.departure_at = _instant(forum, data.get("departure_date"), data.get("departure_time"))
    for name in ("arrival_from", "arrival_transport", "departure_to", "departure_transport"):
        setattr(details, name, clean_line(data.get(name)))
    if any(name in data for name in STAY_FIELDS):  # asked: what they gave, or nothing
        details.check_in, details.check_out = data.get("check_in"), data.get("check_out")
        details.room_sharing = data.get("room_sharing") or ""
        details.share_with = clean_line(data.get("share_with")) if details.room_sharing == "share_with" else ""
    details.notes = clean_text(data.get("notes"))
    # carried through: the registration's own needs, which the desk, the badges and the caterer's list read
    registration.dietary_needs = clean_line(data.get("dietary_needs"))
    registration.accessibility_needs = clean_line(data.get("accessibility_needs"))


def send_travel_details(forum: Forum, registration: Registration, data: Mapping[str, Any]) -> TravelDetails:
    """The person sends their travel form: their details saved and marked as sent by them now. Refused when the
    form does not concern them or is closed; the arrangements the organisers made are left as they are. Reminders
    still waiting in the outbox for them are withdrawn (core.hooks.travel_form_sent)."""
    lock_forum(forum.id)
    state = form_state(forum, registration)
    if not state.concerned:
        raise FormError(_("The travel form does not concern you: nothing was saved."))
    if not state.settings.form_open:
        raise FormError(_("The organisers have closed the travel form: nothing was saved. Write to them if your "
                          "plans have changed."))
    details = _details_for(registration)
    theirs = {key: value for key, value in data.items()
              if key not in ARRANGEMENT_FIELDS and (key not in STAY_FIELDS or state.asks_stay)}
    for problem in nights_outside_trip(theirs, details)[:1]:
        raise problem
    _write(forum, registration, details, theirs)
    details.submitted_at = utcnow()
    db.session.flush()
    hooks.travel_form_sent(forum, registration)
    return details


class TravelConflict(FormError):
    """The organisers' save met a newer change to the same fields (the person sent their form again, or another
    organiser saved): nothing is written. `values` are the form to show again (the organiser's typing where both
    changed, what is there now elsewhere), `now` what is there now, `conflicts` the groups of fields both changed,
    `token` what a form showing `now` carries, so that saving it again writes the organiser's."""

    def __init__(self, registration: Registration, values: dict[str, Any], now: dict[str, Any],
                 conflicts: list[tuple[str, ...]]):
        super().__init__(_("The travel details of %(name)s changed while you were editing them: nothing was saved. "
                           "Where the change and yours differ, the newer value is said beside the field, and what "
                           "you typed is kept in it. Save again to keep yours.", name=registration.name))
        self.values, self.now, self.conflicts, self.token = values, now, conflicts, shown_token(now)


@dataclass(frozen=True)
class DeskSave:
    """What the organisers' save did: the row, and the groups of fields (details_merge.GROUPS) someone else
    changed while the page was open, which it kept as they are now."""

    details: TravelDetails
    kept_theirs: tuple[tuple[str, ...], ...] = ()
    warnings: tuple[str, ...] = ()  # saved, but worth a look: hotel nights outside the trip


def write_travel_details(forum: Forum, registration: Registration, data: Mapping[str, Any],
                         shown: str | None = None) -> DeskSave:
    """The organisers write a person's travel details and their arrangements (who meets them, the hotel, the
    room). Whether the person sent the form, and when, stays theirs (submitted_at is not touched).

    `shown` is what the organisers' page showed (details_merge.shown_token): only the fields they changed are
    written, so the person's newer flight, sent while the page was open, is not undone; when both changed the same
    field, TravelConflict. Without it, everything is written as given."""
    lock_forum(forum.id)
    db.session.refresh(registration)  # its needs as committed now
    now = form_values(forum, registration, travel_details_of(registration, fresh=True))
    merged = merge(data, now, shown)
    if not merged.conflicts and merged.kept_theirs and travel_problems(forum, merged.values):
        # their change and the organiser's do not fit together (a departure now before the new arrival)
        merged.conflicts = merged.kept_theirs
        merged.values.update({name: data.get(name) for group in merged.conflicts for name in group})
    if merged.conflicts:
        raise TravelConflict(registration, merged.values, now, merged.conflicts)
    details = _details_for(registration)
    _write(forum, registration, details, merged.values)
    hotel_id = merged.values.get("hotel_id")
    if hotel_id and find_hotel(forum, hotel_id) is None:
        raise FormError(_("This hotel is no longer among the forum's: choose another."), field="hotel_id")
    details.hotel_id = hotel_id or None
    for name in ("arrival_meet", "departure_meet", "room"):
        setattr(details, name, clean_line(merged.values.get(name)))
    db.session.flush()
    return DeskSave(details, tuple(merged.kept_theirs),
                    tuple(problem.message for problem in nights_outside_trip(merged.values, organiser=True)))

