"""The lists as PDFs, composed of the house toolkit (forumops/pdf): a list's plain data in, bytes out; no request,
no session, no ORM. Every name and every word people typed goes through ``fonts.markup``, escaped and set in its
script's Noto font (shaped by HarfBuzz), so Vietnamese, Thai, Khmer, Lao and Burmese names are drawn right.

Each list is a title block (the forum, the list and its day, the zone its times are in), then its tables under
headings that go into the PDF outline and the running header; the footer names the list and says "Page N of M".
The arrivals are on landscape A4 (nine columns for the driver), the others on portrait A4. Words are in the
language being written (the caller wraps these in core.languages.written_in).
"""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence

from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, TableStyle

from ..core import fonts
from ..core.i18n import format_day
from ..core.numbers import money
from ..core.reference import country_name
from ..pdf.document import Footer, Heading, HouseDocument, RunningHeader, title_block
from ..pdf.style import ACCENT, INK, MUTED, STRIPE, band_styles, muted, running_styles, title_styles
from ..pdf.tables import HouseTable, house_style, room_for, rows_kept_together
from ..pdf.text import Paragraph
from .lists_data import DayMovements, HourGroup, NeedsSummary, PerDiemSheet, Rooming
from .lists_labels import (
    ARRIVALS_TITLE,
    MISSING_LABELS,
    NEEDS_TITLE,
    PER_DIEM_TITLE,
    ROOMING_TITLE,
    sharing_text,
    stay_dates,
)
from .lists_queries import ListsData

MARGIN_X = 14 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 18 * mm
SIGNING_HEIGHT = 9 * mm  # room to sign in a per-diem row


def _styles() -> dict:
    ps = fonts.paragraph_style
    return {
        **title_styles(16, 21, 2, subtitle=11.5, meta=8.5), **band_styles(7.5), **running_styles(7.5),
        "h2": ps("h2", 12.5, bold=True, textColor=ACCENT, spaceBefore=8, spaceAfter=4),
        "h3": ps("h3", 10, bold=True, textColor=INK, spaceBefore=6, spaceAfter=3),
        "cell": ps("cell", 8.5, textColor=INK),
        "cell_right": ps("cell_right", 8.5, textColor=INK, alignment=TA_RIGHT),
        "strong": ps("strong", 8.5, bold=True, textColor=INK),
        "strong_right": ps("strong_right", 8.5, bold=True, textColor=INK, alignment=TA_RIGHT),
        "group": ps("group", 8.5, bold=True, textColor=ACCENT),
        "empty": ps("empty", 9.5, textColor=MUTED, spaceBefore=2, spaceAfter=4),
    }


def _text(text: str, style) -> Paragraph:
    """Words (the app's or people's) as a paragraph: escaped, each script in its font (its bold face in a bold
    style, so a Khmer name is as bold as a Vietnamese one)."""
    return Paragraph(fonts.markup(text, bold=style.fontName == fonts.font_name(bold=True)), style)


def _document(buffer, data: ListsData, title: str, styles: dict, pagesize=A4) -> HouseDocument:
    width = pagesize[0] - 2 * MARGIN_X
    top = pagesize[1] - MARGIN_TOP + 8 * mm
    bottom = MARGIN_BOTTOM - 11 * mm
    return HouseDocument(
        buffer, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{title} \u2013 {fonts.clean(data.forum_title)}", author="ForumOps",
        creator="ForumOps", initialFontName=fonts.font_name(), initialFontSize=8.5,
        header=RunningHeader(top, top - 2 * mm, width * 0.6, width * 0.38, styles["running"],
                             styles["running_right"]),
        footer=Footer(bottom, bottom + 5 * mm, width - 45 * mm, styles["running"], styles["running_right"]),
        title_text=data.forum_title, footer_text=f"{title} \u00b7 {data.forum_title}",
    )


def _head(data: ListsData, title: str, scope: str, styles: dict, width: float, extra: Sequence[str] = ()) -> list:
    meta = [fonts.markup(line) for line in (data.venue, *extra) if line]
    return title_block(data.forum_title, f"{title} \u00b7 {scope}", meta, styles, width, gap=2 * mm, after=3 * mm)


def _table(rows: list[list], widths: Sequence[float], styles: dict, bands: Sequence[int] = (),
           extra: Sequence[tuple] = ()) -> HouseTable:
    """The house table with its header row repeated on every page; `bands` are rows spanning the whole width (an
    hour, a total), set apart on a pale background and kept on the page of the row under them."""
    commands = house_style(4, row_pad=(3, 3), head_pad=(4, 3))
    for row in bands:
        commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), STRIPE)]
        if row + 1 < len(rows):
            commands.append(rows_kept_together(row, row + 1))
    table = HouseTable(rows, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands + list(extra)))
    return table


def _header(labels: Sequence[str], styles: dict, right: Collection[int] = ()) -> list:
    return [Paragraph(fonts.escape_text(label), styles["th_right" if i in right else "th"])
            for i, label in enumerate(labels)]


def _columns(width: float, shares: Sequence[float]) -> list[float]:
    total = sum(shares)
    return [width * share / total for share in shares]


def _build(doc: HouseDocument, story: list[Flowable]) -> None:
    for flowable in story:  # a row taller than a page (a need named by hundreds) is cut inside, not a LayoutError
        if isinstance(flowable, HouseTable):
            flowable.frame_height = doc.height
    doc.multiBuild(story, maxPasses=4)  # a second pass knows the total: "Page N of M"


# --- arrivals and departures --------------------------------------------------------------------------------------


def _movements_table(groups: list[HourGroup], place: str, data: ListsData, styles: dict, width: float):
    labels = [_("Time"), _("Name"), _("Organisation"), _("Country"), place, _("Flight or transport"), _("Met by"),
              _("Hotel")]
    shares = [6, 17, 17, 10, 12, 11, 12, 12]
    if data.with_phones:
        labels.append(_("Phone"))
        shares.append(12)
    rows: list[list] = [_header(labels, styles)]
    bands = []
    for group in groups:
        bands.append(len(rows))
        count = ngettext("%(num)d person", "%(num)d people", len(group.movements))
        rows.append([Paragraph(f"{fonts.escape_text(group.label)}  {muted(fonts.escape_text(count))}",
                               styles["group"])] + [""] * (len(labels) - 1))
        for m in group.movements:
            cells = [f"{m.at:%H:%M}", m.person.name, m.person.organisation, country_name(m.person.country), m.place,
                     m.transport, m.meet, m.hotel] + ([m.person.phone] if data.with_phones else [])
            rows.append([_text(cell, styles["strong" if i == 1 else "cell"]) for i, cell in enumerate(cells)])
    return _table(rows, _columns(width, shares), styles, bands)


def render_arrivals(data: ListsData, days: list[DayMovements], scope: str) -> bytes:
    """Each day (one, or all of them): its arrivals, then its departures, grouped by the forum's local hour."""
    fonts.register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    title = str(ARRIVALS_TITLE)
    doc = _document(buffer, data, title, styles, landscape(A4))
    story = _head(data, title, scope, styles, doc.width, [_("All times in %(zone)s", zone=data.timezone)])
    if not days:
        story.append(_text(_("No arrivals or departures yet: they are listed here once people send their travel "
                             "details, or once you write them in."), styles["empty"]))
    for day in days:
        label = format_day(day.day, "full")
        heads: list[Flowable] = [Heading(fonts.escape_text(label), styles["h2"], 0, f"day-{day.day.isoformat()}",
                                         label, label)]  # the day's heading, kept with its arrivals' first rows
        for groups, heading, place, nobody in (
                (day.arrivals, _("Arrivals"), _("From"), _("No arrivals on this day.")),
                (day.departures, _("Departures"), _("To"), _("No departures on this day."))):
            heads.append(_text(heading, styles["h3"]))
            if groups:  # the heading with the column heads, the first hour's band and its first row
                table = _movements_table(groups, place, data, styles, doc.width)
                story += [room_for(heads, doc.width, table, rows=3), *heads, table]
            else:
                heads.append(_text(nobody, styles["empty"]))
                story += [room_for(heads, doc.width), *heads]
            heads = []
    _build(doc, story)
    return buffer.getvalue()


# --- rooming ------------------------------------------------------------------------------------------------------


def render_rooming(data: ListsData, rooming: Rooming, scope: str) -> bytes:
    """Each hotel, each night: who sleeps there, their room and room-sharing wish; then who is not placed yet."""
    fonts.register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    title = str(ROOMING_TITLE)
    doc = _document(buffer, data, title, styles)
    width = doc.width
    story = _head(data, title, scope, styles, width,
                  [ngettext("%(num)d person placed", "%(num)d people placed", rooming.placed)])
    if not rooming.hotels:
        story.append(_text(_("No hotels have been added for this forum yet."), styles["empty"]))
    widths = _columns(width, [7, 23, 22, 12, 15, 21])
    labels = [_("Hotel room"), _("Name"), _("Organisation"), _("Country"), _("Room sharing"), _("Stay")]
    for hotel in rooming.hotels:
        name = fonts.clean(hotel.hotel.name)
        # the hotel's heading and address, kept with its first night's heading and first row
        heads: list[Flowable] = [Heading(fonts.markup(name, bold=True), styles["h2"], 0, f"hotel-{hotel.hotel.id}",
                                         name, name)]
        contact = " \u00b7 ".join(part for part in (hotel.hotel.address, hotel.hotel.phone) if part)
        if contact:
            heads.append(_text(contact, styles["meta"]))
        if not hotel.nights:
            heads.append(_text(_("Nobody is placed at this hotel yet."), styles["empty"]))
            story += [room_for(heads, width), *heads]
        for night in hotel.nights:
            count = ngettext("%(num)d person", "%(num)d people", len(night.stays))
            heading = _("Night of %(day)s", day=format_day(night.night, "full"))
            heads.append(Paragraph(f"{fonts.escape_text(heading)}  {muted(fonts.escape_text(count))}", styles["h3"]))
            rows: list[list] = [_header(labels, styles)]
            for stay in night.stays:
                rows.append([_text(stay.room, styles["strong"]), _text(stay.person.name, styles["strong"]),
                             _text(stay.person.organisation, styles["cell"]),
                             _text(country_name(stay.person.country), styles["cell"]),
                             _text(sharing_text(stay.sharing, stay.share_with), styles["cell"]),
                             _text(stay_dates(stay.check_in, stay.check_out), styles["cell"])])
            table = _table(rows, widths, styles)
            story += [room_for(heads, width, table), *heads, table]
            heads = []
    if rooming.unplaced:
        label = _("Not placed yet")
        heads = [Heading(fonts.escape_text(label), styles["h2"], 0, "unplaced", label, label),
                 _text(_("Accommodation accepted, or a hotel or nights given, but not both a hotel and nights yet."),
                       styles["meta"]), Spacer(1, 2 * mm)]
        rows = [_header([_("Name"), _("Organisation"), _("Hotel"), _("Stay"), _("What is missing")], styles)]
        for waiting in rooming.unplaced:
            travel = waiting.person.travel
            rows.append([_text(waiting.person.name, styles["strong"]),
                         _text(waiting.person.organisation, styles["cell"]),
                         _text(travel.hotel if travel else "", styles["cell"]),
                         _text(stay_dates(travel.check_in, travel.check_out) if travel else "", styles["cell"]),
                         _text(str(MISSING_LABELS[waiting.missing]), styles["strong"])])
        table = _table(rows, _columns(width, [26, 26, 18, 16, 16]), styles)
        story += [room_for(heads, width, table), *heads, table]
    _build(doc, story)
    return buffer.getvalue()


# --- per diem -----------------------------------------------------------------------------------------------------


def render_per_diem(data: ListsData, sheet: PerDiemSheet, scope: str) -> bytes:
    """The sign-off sheet: a numbered row per person, their days and amount, an empty box to sign; the totals
    per currency under it. One day's sheet has a day's amount for each person there."""
    fonts.register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    title = str(PER_DIEM_TITLE)
    doc = _document(buffer, data, title, styles)
    story = _head(data, title, scope, styles, doc.width)
    if not sheet.lines:
        story.append(_text(_("Nobody with a per diem accepted is here on this day.") if sheet.day
                           else _("Nobody has accepted a per diem yet."), styles["empty"]))
        _build(doc, story)
        return buffer.getvalue()
    whole = sheet.day is None  # the whole forum: days and a day's rate; one day: a day's amount alone
    labels = [_("No."), _("Name"), _("Organisation")] + ([_("Days"), _("Rate per day")] if whole else []) + \
        [_("Amount"), _("Signature")]
    shares = [5, 24, 24] + ([6, 13] if whole else []) + [14, 24]
    numbers = {0, 3, 4, 5} if whole else {0, 3}
    rows: list[list] = [_header(labels, styles, right=numbers)]
    unset = _("not set")
    for number, line in enumerate(sheet.lines, start=1):
        cells = [str(number), line.person.name, line.person.organisation]
        if whole:
            cells += [str(len(line.days)), money(line.rate, line.currency) if line.rate is not None else unset]
        cells.append(money(line.amount, line.currency) if line.amount is not None else unset)
        row = [_text(cell, styles["cell_right" if i in numbers else "strong" if i == 1 else "cell"])
               for i, cell in enumerate(cells)]
        rows.append(row + [Spacer(1, SIGNING_HEIGHT)])
    for currency, total in sheet.totals:
        rows.append([""] * (len(labels) - 3) + [_text(_("Total"), styles["strong_right"]),
                                                _text(money(total, currency), styles["strong_right"]), ""])
    extra = [("VALIGN", (0, 1), (-1, -1), "MIDDLE"), ("GRID", (-1, 1), (-1, len(sheet.lines)), 0.4, MUTED)]
    story.append(_table(rows, _columns(doc.width, shares), styles, extra=extra))
    if sheet.unpriced:
        story.append(_text(ngettext("%(num)d person has no rate per day: set one on their offer or in the travel "
                                    "settings.", "%(num)d people have no rate per day: set one on their offer or in "
                                    "the travel settings.", sheet.unpriced), styles["empty"]))
    _build(doc, story)
    return buffer.getvalue()


# --- dietary and accessibility needs ------------------------------------------------------------------------------


def render_needs(data: ListsData, summary: NeedsSummary, scope: str) -> bytes:
    """For the caterer and the venue: each need, how many named it, and who."""
    fonts.register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    title = str(NEEDS_TITLE)
    doc = _document(buffer, data, title, styles)
    people = ngettext("%(num)d person coming in person", "%(num)d people coming in person", summary.people)
    story = _head(data, title, scope, styles, doc.width, [people])
    for key, heading, needs, nobody in (
            ("dietary", _("Dietary needs"), summary.dietary, _("No dietary needs were named.")),
            ("accessibility", _("Accessibility needs"), summary.accessibility,
             _("No accessibility needs were named."))):
        head = Heading(fonts.escape_text(heading), styles["h2"], 0, key, heading, heading)
        if not needs:
            empty = _text(nobody, styles["empty"])
            story += [room_for([head, empty], doc.width), head, empty]
            continue
        rows: list[list] = [_header([_("Need"), _("People"), _("Names")], styles, right=(1,))]
        for need in needs:
            rows.append([_text(need.label, styles["strong"]), _text(str(need.count), styles["strong_right"]),
                         Paragraph(", ".join(fonts.markup(name) for name in need.names), styles["cell"])])
        table = _table(rows, _columns(doc.width, [30, 8, 62]), styles)
        story += [room_for([head], doc.width, table), head, table]
    _build(doc, story)
    return buffer.getvalue()
