"""The printable programme: ProgrammeData in, PDF bytes out, composed of the PDF toolkit (forumops/pdf).

A pure renderer like ical.py: no request, no session, no ORM. Times are stored in UTC and shown in the
forum's own zone. Every piece of user text goes through ``fonts.markup``, which escapes it for reportlab's
Paragraph markup and sets Thai, Lao, Khmer and Burmese runs in their Noto fonts (shaped by HarfBuzz).

Layout: a title block on page 1, then per day a heading and a two-column table (time | session) whose
header row repeats when the day runs onto the next page. Items with the same start and end (one breakout
per cluster, say) share one row, side by side under their cluster names. Cancelled items are left out.
From page 2 a running header names the forum and the day; every page has "Page N" in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo

from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Table, TableStyle

from ..core import fonts
from ..pdf import programme as block
from ..pdf.dates import (  # noqa: F401 (format_offset, format_time_range: this module's API too)
    format_date_range,
    format_day,
    format_offset,
    format_time_range,
    local_time_range,
    utc,
    zone,
)
from ..pdf.document import Footer, Heading, HouseDocument, RunningHeader, title_block
from ..pdf.logos import LogoRow
from ..pdf.style import ACCENT, INK, MUTED, RULE, STRIPE, band_styles, muted, running_styles, title_styles
from ..pdf.tables import house_style
from ..pdf.text import Paragraph
from ..pdf.text import plain_text as _plain_text
from .data import BREAK_TYPES, PLAIN_TYPE_LABELS, ItemData, PersonData, ProgrammeData

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM
TIME_COLUMN = 27 * mm
MAX_SIDE_BY_SIDE = 3  # parallel items per row of the inner table
DESCRIPTION_LIMIT = 320  # characters of an item's description shown under it

BREAK_FILL = colors.HexColor("#fbf5ea")
CLUSTER_INK = colors.HexColor("#9a5b13")

# "Other" says nothing on a printed programme, so it is left out there.
TYPE_LABELS = {**PLAIN_TYPE_LABELS, "other": ""}  # lazy: str() them in the language being written


def plain_text(markdown_source: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """The words of a Markdown description, without its syntax, cut at `limit` characters."""
    return _plain_text(markdown_source, limit)


# --- styles ---------------------------------------------------------------------------------------------


def _styles() -> dict:
    ps = fonts.paragraph_style
    return {
        **title_styles(22, 29, 4, subtitle=13, meta=9.5), **band_styles(), **running_styles(8),
        "day": ps("day", 14, bold=True, textColor=ACCENT, spaceBefore=14, spaceAfter=6),
        "time": ps("time", 9.5, bold=True, textColor=INK),
        "title": ps("title", 10.5, bold=True, textColor=INK, spaceAfter=1),
        "break_title": ps("break_title", 9.5, bold=True, textColor=MUTED),
        "break_time": ps("break_time", 9.5, bold=True, textColor=MUTED),
        "info": ps("info", 8.5, textColor=MUTED, spaceAfter=1),
        "people": ps("people", 8.5, textColor=INK, leftIndent=8, firstLineIndent=-8, spaceBefore=1),
        "person": ps("person", 8.5, textColor=INK, leftIndent=16, firstLineIndent=-8),
        "description": ps("description", 8.5, textColor=MUTED, spaceBefore=2),
        "label": ps("label", 7.5, bold=True, textColor=MUTED, spaceAfter=2),
        "cluster": ps("cluster", 8, bold=True, textColor=CLUSTER_INK, spaceAfter=1),
        "empty": ps("empty", 10, textColor=MUTED, spaceBefore=12),
    }


# --- item blocks ----------------------------------------------------------------------------------------


def _person_markup(person: PersonData) -> str:
    text = fonts.markup(person.name)
    extra = [p for p in (person.title.strip(), person.organisation.strip()) if p]
    if len(extra) == 2 and extra[0].casefold() == extra[1].casefold():
        extra = extra[:1]
    if extra:
        text += muted(", " + ", ".join(fonts.markup(p) for p in extra))
    return text


def _people_flowables(people: Sequence[PersonData], styles: dict) -> list[Flowable]:
    out = []
    bold = fonts.font_name(bold=True)
    for label, group in block.role_groups(people):
        if len(group) == 1:  # "Moderator: Name, Organisation"
            out.append(Paragraph(f'<font name="{bold}">{label}:</font> {_person_markup(group[0])}',
                                 styles["people"]))
        else:  # the label, then one person a line: names are not broken across lines needlessly
            out.append(Paragraph(f'<font name="{bold}">{label}:</font>', styles["people"]))
            out.extend(Paragraph(_person_markup(p), styles["person"]) for p in group)
    return out


def _item_flowables(item: ItemData, styles: dict, with_cluster: bool = False) -> list[Flowable]:
    out: list[Flowable] = []
    if with_cluster and item.cluster.strip():
        out.append(Paragraph(fonts.markup(item.cluster.strip(), bold=True), styles["cluster"]))
    title = block.item_title(item, TYPE_LABELS)
    if item.type in BREAK_TYPES:  # one quiet line: "Lunch · Dining hall" (and its materials, if any)
        where = block.info_parts(item, "", title)
        line = fonts.markup(title, bold=True)
        if where:
            line += muted("  \u00b7  " + " \u00b7 ".join(where))
        return [*out, Paragraph(line, styles["break_title"]), *_people_flowables(item.people, styles),
                *_material_flowables(item, styles)]
    out.append(Paragraph(fonts.markup(title, bold=True), styles["title"]))
    info = block.info_parts(item, str(TYPE_LABELS.get(item.type, item.type.replace("_", " ").capitalize())),
                            item.title)
    if info:
        out.append(Paragraph(" \u00b7 ".join(info), styles["info"]))
    out.extend(_people_flowables(item.people, styles))
    description = plain_text(item.description)
    if description:
        out.append(Paragraph(fonts.markup(description), styles["description"]))
    return out + _material_flowables(item, styles)


def _material_flowables(item: ItemData, styles: dict) -> list[Flowable]:
    """The slides and papers of a session, each a link the reader's PDF viewer opens."""
    out: list[Flowable] = []
    for title, url, about in item.materials:
        href = fonts.escape_markup(url.replace('"', "%22"))  # an attribute: escaped, never wrapped in a font
        out.append(Paragraph(f'<link href="{href}" color="#0b5563">{fonts.markup(title)}</link>'
                             + (muted(fonts.escape_text(f" ({about})")) if about else ""), styles["description"]))
    return out


def _parallel_flowables(items: Sequence[ItemData], styles: dict, width: float) -> list[Flowable]:
    """Items sharing a slot, side by side (at most MAX_SIDE_BY_SIDE per inner row)."""
    columns = 2 if len(items) == 4 else min(len(items), MAX_SIDE_BY_SIDE)  # 2 + 2 rather than 3 + 1
    col_width = width / columns
    cells = [_item_flowables(item, styles, with_cluster=True) for item in items]
    rows: list[list] = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    rows[-1] = rows[-1] + [""] * (columns - len(rows[-1]))
    inner = Table(rows, colWidths=[col_width] * columns, splitByRow=1)
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.font_name()),  # for the empty filler cells: not Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    for col in range(1, columns):
        commands += [
            ("LEFTPADDING", (col, 0), (col, -1), 8),
            ("LINEBEFORE", (col, 0), (col, -1), 0.6, RULE),
        ]
    for row in range(1, len(rows)):
        commands += [("TOPPADDING", (0, row), (-1, row), 6), ("LINEABOVE", (0, row), (-1, row), 0.4, RULE)]
    inner.setStyle(TableStyle(commands))
    label = ngettext("%(num)d parallel session", "%(num)d parallel sessions", len(items))
    return [Paragraph(fonts.escape_text(label.upper()), styles["label"]), inner]


# --- the document ---------------------------------------------------------------------------------------


def _day_table(slots: list[list[ItemData]], tz: tzinfo, styles: dict, width: float) -> Table:
    content_width = width - TIME_COLUMN
    inner_width = content_width - 16  # minus the cell's left and right padding
    rows: list[list] = []
    commands = house_style(8, row_pad=(7, 6), rule=0.5)
    stripe = False
    for group in slots:
        time = local_time_range(group[0].start, group[0].end, tz)
        if len(group) == 1:
            body = _item_flowables(group[0], styles)
        else:
            body = _parallel_flowables(group, styles, inner_width)
        row = len(rows) + 1  # under the header row
        if len(group) == 1 and group[0].type in BREAK_TYPES:
            rows.append([Paragraph(time, styles["break_time"]), body])
            commands.append(("BACKGROUND", (0, row), (-1, row), BREAK_FILL))
            commands += [("TOPPADDING", (0, row), (-1, row), 5), ("BOTTOMPADDING", (0, row), (-1, row), 5)]
        else:
            rows.append([Paragraph(time, styles["time"]), body])
            if stripe:
                commands.append(("BACKGROUND", (0, row), (-1, row), STRIPE))
            stripe = not stripe
    return block.day_table(rows, styles["th"], (TIME_COLUMN, content_width), FRAME_HEIGHT, commands)


def _title_block(programme: ProgrammeData, zone_name: str, offsets: list[str], days: list[date],
                 styles: dict, width: float) -> list[Flowable]:
    subtitle = _("Programme")
    if days:
        subtitle += " \u00b7 " + format_date_range(days[0], days[-1])
    meta = [fonts.markup(programme.venue.strip())] if programme.venue.strip() else []
    zone_text = _("All times %(zone)s", zone=zone_name)
    if offsets and zone_name != "UTC":
        zone_text += f" ({' / '.join(offsets)})"
    meta.append(fonts.escape_text(zone_text))
    story = title_block(programme.forum_title, subtitle, meta, styles, width, gap=3 * mm, after=2 * mm)
    if programme.forum_logo is not None:  # above the forum's name
        story.insert(0, LogoRow([programme.forum_logo], 18 * mm, 0, space_after=4 * mm))
    if programme.partner_logos:  # the organisers' and partners', above the accent rule
        story[-2:-2] = [LogoRow(programme.partner_logos, 11 * mm, 6 * mm, space_before=4 * mm)]
    return story


def _document(buffer, programme: ProgrammeData, styles: dict) -> HouseDocument:
    width = PAGE_SIZE[0] - 2 * MARGIN_X
    half = width / 2
    top = PAGE_SIZE[1] - MARGIN_TOP + 9 * mm  # the header's baseline; its lines sit a quarter size lower
    bottom = MARGIN_BOTTOM - 11 * mm
    drop = styles["running"].fontSize * 0.25
    return HouseDocument(
        buffer, pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=fonts.clean(programme.forum_title) + " \u2013 " + _("Programme"), author="ForumOps",
        subject=_("Programme"),
        creator="ForumOps", initialFontName=fonts.font_name(), initialFontSize=9.5,
        header=RunningHeader(top - drop, top - 2.2 * mm, half + 25 * mm, half - 30 * mm, styles["running"],
                             styles["running_right"]),
        footer=Footer(bottom - drop, bottom + 5 * mm, half + 30 * mm, styles["running"], styles["running_right"]),
        title_text=programme.forum_title, footer_text=programme.url,
    )


def render_programme(programme: ProgrammeData) -> bytes:
    """The programme as an A4 PDF."""
    fonts.register_fonts()
    styles = _styles()
    tz, zone_name = zone(programme.timezone)

    items = [i for i in programme.items if not i.cancelled]
    by_day = block.programme_days(items, tz)
    days = [day for day, _slots in by_day]
    # aware datetimes: utcoffset() is never None
    offset_values = sorted({utc(i.start).astimezone(tz).utcoffset() for i in items} or  # type: ignore[type-var]
                           {datetime.now(UTC).astimezone(tz).utcoffset()})
    offsets = [format_offset(o) for o in offset_values]

    buffer = io.BytesIO()
    doc = _document(buffer, programme, styles)
    story = _title_block(programme, zone_name, offsets, days, styles, doc.width)
    if not days:
        story.append(Paragraph(fonts.escape_text(_("No sessions have been scheduled yet.")), styles["empty"]))
    for number, (day, slots) in enumerate(by_day, start=1):
        label = format_day(day)
        heading_text = fonts.escape_text(label)
        if len(days) > 1:
            heading_text += muted("  \u00b7  " + fonts.escape_text(_("Day %(number)s", number=number)))
        # The heading, the table's header row and a first item stay together: start a new page when
        # less than that is left.
        story.append(CondPageBreak(45 * mm))
        story.append(Heading(heading_text, styles["day"], 0, f"day-{day.isoformat()}", label, label))
        story.append(_day_table(slots, tz, styles, doc.width))
    doc.build(story)
    return buffer.getvalue()
