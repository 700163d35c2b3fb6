"""The lists as CSV files: pure renderers, a list's plain data in, bytes out. Spreadsheet-safe as every ForumOps
export (registration.csvio.neutralise): UTF-8 with a byte-order mark, so a spreadsheet reads Vietnamese, Thai,
Khmer, Lao and Burmese names, and no cell a spreadsheet could run as a formula ("=HYPERLINK(...)" stays text).
Dates in ISO form and times on the 24-hour clock in the forum's zone, which every spreadsheet sorts; amounts as
plain numbers beside their currency's code, so they add up.

Headings are in the language being written (the caller wraps these in core.languages.written_in).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from flask_babel import gettext as _

from ..core.reference import country_name
from ..registration.csvio import neutralise
from .lists_data import DayMovements, NeedsSummary, PerDiemSheet, Rooming
from .lists_labels import MISSING_LABELS, sharing_text


def _file(headings: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headings])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


class _Countries(dict):
    """Country names in the language being written, looked up once per code."""

    def __missing__(self, code: str) -> str:
        self[code] = name = country_name(code)
        return name


def arrivals_csv(days: list[DayMovements], with_phones: bool = False) -> bytes:
    """One line per arrival and departure, in time order within each day, arrivals first."""
    headings = [_("Date"), _("Time"), _("Arrival or departure"), _("Name"), _("Organisation"), _("Country"),
                _("From or to"), _("Flight or transport"), _("Met by"), _("Hotel")]
    if with_phones:
        headings.append(_("Phone"))
    countries = _Countries()
    kinds = (("arrivals", _("Arrival")), ("departures", _("Departure")))

    def rows():
        for day in days:
            for attribute, kind in kinds:
                for group in getattr(day, attribute):
                    for m in group.movements:
                        row = [day.day.isoformat(), f"{m.at:%H:%M}", kind, m.person.name, m.person.organisation,
                               countries[m.person.country], m.place, m.transport, m.meet, m.hotel]
                        yield row + [m.person.phone] if with_phones else row

    return _file(headings, rows())


def rooming_csv(rooming: Rooming) -> bytes:
    """One line per person and night at each hotel, then one per person not placed yet (its reason in Note)."""
    headings = [_("Hotel"), _("Night"), _("Hotel room"), _("Name"), _("Organisation"), _("Country"), _("Room sharing"),
                _("Check-in day"), _("Check-out day"), _("Note")]
    countries = _Countries()

    def rows():
        for hotel in rooming.hotels:
            for night in hotel.nights:
                for stay in night.stays:
                    yield [hotel.hotel.name, night.night.isoformat(), stay.room, stay.person.name,
                           stay.person.organisation, countries[stay.person.country],
                           sharing_text(stay.sharing, stay.share_with), stay.check_in.isoformat(),
                           stay.check_out.isoformat(), ""]
        for waiting in rooming.unplaced:
            travel = waiting.person.travel
            yield [travel.hotel if travel else "", "", travel.room if travel else "", waiting.person.name,
                   waiting.person.organisation, countries[waiting.person.country],
                   sharing_text(travel.room_sharing, travel.share_with) if travel else "",
                   travel.check_in.isoformat() if travel and travel.check_in else "",
                   travel.check_out.isoformat() if travel and travel.check_out else "",
                   str(MISSING_LABELS[waiting.missing])]

    return _file(headings, rows())


def _dates(days: list[date]) -> str:
    """"2027-04-14 – 2027-04-16", "2027-04-15" for one day, "" for none."""
    if not days:
        return ""
    return days[0].isoformat() if days[0] == days[-1] else f"{days[0].isoformat()} \u2013 {days[-1].isoformat()}"


def per_diem_csv(sheet: PerDiemSheet) -> bytes:
    """One line per person (days, a day's rate, the amount, an empty Signature), then a Total line per currency."""
    headings = [_("Name"), _("Organisation"), _("Country"), _("Days"), _("Dates"), _("Rate per day"),
                _("Currency"), _("Amount"), _("Signature")]
    countries = _Countries()

    def rows():
        for line in sheet.lines:
            yield [line.person.name, line.person.organisation, countries[line.person.country], len(line.days),
                   _dates(line.days), "" if line.rate is None else line.rate, line.currency,
                   "" if line.amount is None else line.amount, ""]
        for currency, total in sheet.totals:
            yield [_("Total"), "", "", "", "", "", currency, total, ""]

    return _file(headings, rows())


def needs_csv(summary: NeedsSummary) -> bytes:
    """One line per distinct need: its kind, the need, how many named it, and their names."""
    headings = [_("Kind of need"), _("Need"), _("People"), _("Names")]
    kinds = ((_("Dietary"), summary.dietary), (_("Accessibility"), summary.accessibility))
    return _file(headings, ([kind, need.label, need.count, "; ".join(need.names)]
                            for kind, needs in kinds for need in needs))
