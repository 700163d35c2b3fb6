"""The organisers' lists ("travel.manage"): arrivals and departures, the rooming list, the per-diem sheet, the
dietary and accessibility summary, and the page linking them. Each list is a printable page, a PDF and a CSV
drawn from the same rows (lists_data), under the same choice of day read from the query string (a day not on
offer is the list's default, never an error). HTTP only.

A list is written in the forum's main language, whatever the language of the organiser's page: it is handed to
the hotel, the driver, the caterer and the finance officer there. The page around it (the day picker, the
buttons) stays in the organiser's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from ..core.http import as_download
from ..core.i18n import format_day
from ..core.languages import language_name, language_of, page_language, written_in
from ..core.numbers import money
from ..core.views import ForumView
from ..forums.versions import main_language
from ..pdf.dates import format_date_range
from . import lists_csv, lists_data
from .lists_labels import (
    ARRIVALS_TITLE,
    MISSING_LABELS,
    NEEDS_TITLE,
    PER_DIEM_TITLE,
    ROOMING_TITLE,
    day_counts_text,
    sharing_text,
    stay_dates,
)
from .lists_queries import ListsData, read_lists

PERMISSION = "travel.manage"
ALL = "all"
# what the lists' templates write their cells with (the PDF and the CSV use the same)
HELPERS = {"money": money, "sharing_text": sharing_text, "stay_dates": stay_dates, "missing_labels": MISSING_LABELS}


@dataclass(frozen=True)
class DayChoice:
    """An entry of a list's day picker: what it says, the `day` it puts in the address, whether it is the one
    shown, and what that day holds ("5 arrivals")."""

    label: str
    value: str
    current: bool
    detail: str = ""


def _asked_day(offered: list[date]) -> date | None:
    """The day in the address (?day=2027-04-14) if the list offers it, else None."""
    try:
        asked = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return None
    return asked if asked in offered else None


class _ListView(ForumView):
    """One list in one of its forms: the printable page, the PDF or the CSV (`output`, given in the blueprint)."""

    permission = PERMISSION
    title: object = ""  # lazy: str() it in the language written
    offers_phones = False  # whether the organiser may tick "Include phone numbers"
    name = ""  # the list's templates (travel/lists/_<name>.html) and endpoints (travel.lists_<name>[_pdf|_csv])

    def __init__(self, output: str = "page"):
        super().__init__()
        self.output = output

    # what each list says
    def choose(self, data: ListsData) -> dict:
        """The list's rows for the day asked for, and what the page needs to offer the others."""
        raise NotImplementedError

    def scope(self, data: ListsData, chosen: dict) -> str:
        """Which part of the forum the list covers ("Tuesday 14 April 2027", "Whole forum"), written out."""
        raise NotImplementedError

    def render_pdf(self, pdf, data: ListsData, chosen: dict, scope: str) -> bytes:
        """The PDF, drawn by the lists_pdf module handed in."""
        raise NotImplementedError

    def render_csv(self, data: ListsData, chosen: dict) -> bytes:
        raise NotImplementedError

    def with_phones(self) -> bool:
        return self.offers_phones and request.args.get("phones") == "1"

    def args(self, chosen: dict) -> dict:
        """The query string that asks for this list again (and for its PDF and CSV)."""
        return {"day": chosen["day_value"]} if chosen.get("day_value") else {}

    def get(self, forum):
        data = read_lists(forum, with_phones=self.with_phones())
        chosen = self.choose(data)
        main = main_language(forum)
        with written_in(main):
            scope = self.scope(data, chosen)
            stem = f"{forum.slug}-{self.name.replace('_', '-')}-{chosen.get('day_value') or 'all'}"
            if self.output == "csv":
                response = Response(self.render_csv(data, chosen), mimetype="text/csv")
                response.headers["Content-Type"] = "text/csv; charset=utf-8"
                return as_download(response, f"{stem}.csv")
            if self.output == "pdf":
                from . import lists_pdf  # reportlab and the fonts load on first use, not at start-up

                pdf = self.render_pdf(lists_pdf, data, chosen, scope)
                return as_download(Response(pdf, mimetype="application/pdf"), f"{stem}.pdf", inline=True)
            title = str(self.title)
            body = render_template(f"travel/lists/_{self.name}.html", forum=forum, data=data, **HELPERS, **chosen)
        args = self.args(chosen)
        return render_template(
            "travel/lists/page.html", forum=forum, list_name=self.name, list_title=title, scope=scope,
            body=Markup(body), written=language_of(main), days=chosen.get("picker", []),
            with_phones=data.with_phones, phones_offered=self.offers_phones, args=args,
            pdf_url=url_for(f"travel.lists_{self.name}_pdf", slug=forum.slug, **args),
            csv_url=url_for(f"travel.lists_{self.name}_csv", slug=forum.slug, **args))


def _day_picker(entries: list[tuple[str, str, str]], current: str) -> list[DayChoice]:
    """The picker's entries (label, value, detail), the current one marked."""
    return [DayChoice(label, value, value == current, detail) for label, value, detail in entries]


def _whole_or_day(data: ListsData) -> tuple[date | None, list[DayChoice]]:
    """The per-diem and needs lists' choice: the whole forum, or one of its days."""
    days = lists_data.forum_days(data)
    day = _asked_day(days)
    picker = [(_("Whole forum"), "", "")] + [(format_day(d, "full"), d.isoformat(), "") for d in days]
    return day, _day_picker(picker, day.isoformat() if day else "")


def _whole_forum(data: ListsData) -> str:
    return f"{_('Whole forum')} ({format_date_range(data.start, data.end)})"


class ArrivalsView(_ListView):
    """Arrivals and departures of a day (the first with arrivals by default) or of all days, by local hour."""

    title = ARRIVALS_TITLE
    name = "arrivals"
    offers_phones = True

    def choose(self, data):
        travel_days = lists_data.travel_days(data.people)
        offered = [d.day for d in travel_days]
        everything = request.args.get("day") == ALL
        day = None if everything else _asked_day(offered) or lists_data.default_travel_day(travel_days)
        picker = [(format_day(d.day, "full"), d.day.isoformat(), day_counts_text(d.arrivals, d.departures))
                  for d in travel_days]
        if travel_days:
            picker.append((_("All days"), ALL, ""))
        value = ALL if everything else day.isoformat() if day else ""
        days = lists_data.movements(data.people, day) if (everything or day) else []
        return {"days": days, "day": day, "day_value": value, "picker": _day_picker(picker, value)}

    def args(self, chosen):
        return {**super().args(chosen), **({"phones": "1"} if self.with_phones() else {})}

    def scope(self, data, chosen):
        return format_day(chosen["day"], "full") if chosen["day"] else _("All days")

    def render_pdf(self, pdf, data, chosen, scope):
        return pdf.render_arrivals(data, chosen["days"], scope)

    def render_csv(self, data, chosen):
        return lists_csv.arrivals_csv(chosen["days"], data.with_phones)


class RoomingView(_ListView):
    """Each hotel, each night, who sleeps there; then who is not placed yet."""

    title = ROOMING_TITLE
    name = "rooming"

    def choose(self, data):
        return {"rooming": lists_data.rooming(data)}

    def scope(self, data, chosen):
        """The nights it lists ("Nights of 13–15 April 2027"), which may start before the forum's first day."""
        nights = chosen["rooming"].nights
        if not nights:
            return _whole_forum(data)
        return ngettext("Night of %(dates)s", "Nights of %(dates)s", len(nights),
                        dates=format_date_range(nights[0], nights[-1]))

    def render_pdf(self, pdf, data, chosen, scope):
        return pdf.render_rooming(data, chosen["rooming"], scope)

    def render_csv(self, data, chosen):
        return lists_csv.rooming_csv(chosen["rooming"])


class PerDiemView(_ListView):
    """The per-diem sign-off sheet of the whole forum, or of one day."""

    title = PER_DIEM_TITLE
    name = "per_diem"

    def choose(self, data):
        day, picker = _whole_or_day(data)
        return {"sheet": lists_data.per_diem_sheet(data, day), "day": day,
                "day_value": day.isoformat() if day else "", "picker": picker}

    def scope(self, data, chosen):
        return format_day(chosen["day"], "full") if chosen["day"] else _whole_forum(data)

    def render_pdf(self, pdf, data, chosen, scope):
        return pdf.render_per_diem(data, chosen["sheet"], scope)

    def render_csv(self, data, chosen):
        return lists_csv.per_diem_csv(chosen["sheet"])


class NeedsView(_ListView):
    """The dietary and accessibility needs of those coming in person, for the whole forum or one day."""

    title = NEEDS_TITLE
    name = "needs"

    def choose(self, data):
        day, picker = _whole_or_day(data)
        return {"summary": lists_data.needs_summary(data, day), "day": day,
                "day_value": day.isoformat() if day else "", "picker": picker}

    def scope(self, data, chosen):
        return format_day(chosen["day"], "full") if chosen["day"] else _whole_forum(data)

    def render_pdf(self, pdf, data, chosen, scope):
        return pdf.render_needs(data, chosen["summary"], scope)

    def render_csv(self, data, chosen):
        return lists_csv.needs_csv(chosen["summary"])


class ListsIndexView(ForumView):
    """The four lists, each with what it holds now, linking to its page, PDF and CSV."""

    permission = PERMISSION

    def get(self, forum):
        data = read_lists(forum)
        travel_days = lists_data.travel_days(data.people)
        return render_template(
            "travel/lists/index.html", forum=forum, data=data, travel_days=travel_days,
            first_day=lists_data.default_travel_day(travel_days),
            arrivals=sum(d.arrivals for d in travel_days), departures=sum(d.departures for d in travel_days),
            rooming=lists_data.rooming(data), sheet=lists_data.per_diem_sheet(data),
            needs=lists_data.needs_summary(data), main_name=language_name(main_language(forum), page_language()),
            **HELPERS)
