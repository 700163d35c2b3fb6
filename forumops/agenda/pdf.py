"""The printable programme: ProgrammeData in, PDF bytes out (reportlab Platypus).

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
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import groupby
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markdown_it import MarkdownIt
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import ActionFlowable, FrameActionFlowable
from reportlab.platypus.flowables import HRFlowable

from ..core import fonts
from ..pdf.style import ACCENT, INK, MUTED, RULE, STRIPE
from .data import BREAK_TYPES, PERSON_ROLES, PLAIN_TYPE_LABELS, ItemData, PersonData, ProgrammeData

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
TIME_COLUMN = 27 * mm
MAX_SIDE_BY_SIDE = 3  # parallel items per row of the inner table
DESCRIPTION_LIMIT = 320  # characters of an item's description shown under it

BREAK_FILL = colors.HexColor("#fbf5ea")
CLUSTER_INK = colors.HexColor("#9a5b13")

# "Other" says nothing on a printed programme, so it is left out there.
TYPE_LABELS = {**PLAIN_TYPE_LABELS, "other": ""}
ROLE_LABELS = {
    "chair": ("Chair", "Chairs"),
    "moderator": ("Moderator", "Moderators"),
    "speaker": ("Speaker", "Speakers"),
    "panellist": ("Panellist", "Panellists"),
    "discussant": ("Discussant", "Discussants"),
    "rapporteur": ("Rapporteur", "Rapporteurs"),
    "resource_person": ("Resource person", "Resource persons"),
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")

_markdown = MarkdownIt("commonmark", {"html": False})


# --- small text helpers ---------------------------------------------------------------------------------


def _hex(color: colors.Color) -> str:
    return "#" + color.hexval()[2:]


def _muted(markup: str, color: colors.Color = MUTED) -> str:
    return f'<font color="{_hex(color)}">{markup}</font>'


def format_day(day: date) -> str:
    """"Friday 9 March 2017", independent of the process locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_date_range(first: date, last: date) -> str:
    if first == last:
        return f"{first.day} {_MONTHS[first.month - 1]} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{last.day} {_MONTHS[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} \u2013 {last.day} {_MONTHS[last.month - 1]} {last.year}"
    return (f"{first.day} {_MONTHS[first.month - 1]} {first.year} \u2013 "
            f"{last.day} {_MONTHS[last.month - 1]} {last.year}")


def format_offset(offset: timedelta | None) -> str:
    """UTC+07:00, UTC-03:30, UTC+00:00."""
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _utc(value: datetime) -> datetime:
    """Aware UTC; a naive value (as some databases hand back) is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _zone(name: str) -> tuple[tzinfo, str]:
    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return UTC, "UTC"


def format_time_range(start: datetime, end: datetime) -> str:
    """"09:00–09:30" from local datetimes; "+1" marks an end on a later day, "09:00" a zero-length item."""
    text = f"{start:%H:%M}"
    if end > start:
        text += f"\u2013{end:%H:%M}"
        days = (end.date() - start.date()).days
        if days:
            text += f" (+{days})"
    return text


def plain_text(markdown_source: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """The words of a Markdown description, without its syntax, cut at `limit` characters."""
    if not markdown_source or not markdown_source.strip():
        return ""
    words: list[str] = []
    for token in _markdown.parse(markdown_source):
        if token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    words.append(" ")
            words.append(" ")
        elif token.type in ("fence", "code_block"):
            words.append(token.content + " ")
    text = " ".join("".join(words).split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "\u2026"
    return text


# --- styles ---------------------------------------------------------------------------------------------


def _styles() -> dict:
    ps = fonts.paragraph_style
    return {
        "forum": ps("forum", 22, bold=True, leading=29, textColor=ACCENT, spaceAfter=4),
        "subtitle": ps("subtitle", 13, textColor=INK, spaceAfter=2),
        "meta": ps("meta", 9.5, textColor=MUTED),
        "day": ps("day", 14, bold=True, textColor=ACCENT, spaceBefore=14, spaceAfter=6),
        "th": ps("th", 7.5, bold=True, textColor=colors.white),
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
        "running": ps("running", 8, textColor=MUTED),
        "running_right": ps("running_right", 8, textColor=MUTED, alignment=TA_RIGHT),
        "empty": ps("empty", 10, textColor=MUTED, spaceBefore=12),
    }


# --- item blocks ----------------------------------------------------------------------------------------


def _person_markup(person: PersonData) -> str:
    text = fonts.markup(person.name)
    extra = [p for p in (person.title.strip(), person.organisation.strip()) if p]
    if len(extra) == 2 and extra[0].casefold() == extra[1].casefold():
        extra = extra[:1]
    if extra:
        text += _muted(", " + ", ".join(fonts.markup(p) for p in extra))
    return text


def _people_flowables(people: Sequence[PersonData], styles: dict) -> list[Flowable]:
    roles = list(PERSON_ROLES) + sorted({p.role for p in people} - set(PERSON_ROLES))
    out = []
    for role in roles:
        group = [p for p in people if p.role == role and p.name.strip()]
        if not group:
            continue
        fallback = role.replace("_", " ").capitalize() or "Participant"
        singular, plural = ROLE_LABELS.get(role, (fallback, fallback))
        bold = fonts.font_name(bold=True)
        if len(group) == 1:  # "Moderator: Name, Organisation"
            out.append(Paragraph(f'<font name="{bold}">{singular}:</font> {_person_markup(group[0])}',
                                 styles["people"]))
        else:  # the label, then one person a line: names are not broken across lines needlessly
            out.append(Paragraph(f'<font name="{bold}">{plural}:</font>', styles["people"]))
            out.extend(Paragraph(_person_markup(p), styles["person"]) for p in group)
    return out


def _info_line(item: ItemData, styles: dict) -> Paragraph | None:
    parts = []
    label = TYPE_LABELS.get(item.type, item.type.replace("_", " ").capitalize())
    if label and fonts.clean(item.title).strip().casefold() != label.casefold():
        parts.append(label)
    parts = [fonts.escape_text(p) for p in parts]
    if item.room.strip():
        parts.append(fonts.markup(item.room.strip()))
    if item.online:
        parts.append("Online")
    if not parts:
        return None
    return Paragraph(" \u00b7 ".join(parts), styles["info"])


def _item_flowables(item: ItemData, styles: dict, with_cluster: bool = False) -> list[Flowable]:
    out: list[Flowable] = []
    if with_cluster and item.cluster.strip():
        out.append(Paragraph(fonts.markup(item.cluster.strip(), bold=True), styles["cluster"]))
    title = item.title.strip() or TYPE_LABELS.get(item.type) or "Session"
    if item.type in BREAK_TYPES:  # one quiet line: "Lunch · Dining hall"
        where = [fonts.markup(item.room.strip())] if item.room.strip() else []
        if item.online:
            where.append("Online")
        line = fonts.markup(title, bold=True)
        if where:
            line += _muted("  \u00b7  " + " \u00b7 ".join(where))
        return [*out, Paragraph(line, styles["break_title"]), *_people_flowables(item.people, styles)]
    out.append(Paragraph(fonts.markup(title, bold=True), styles["title"]))
    info = _info_line(item, styles)
    if info is not None:
        out.append(info)
    out.extend(_people_flowables(item.people, styles))
    description = plain_text(item.description)
    if description:
        out.append(Paragraph(fonts.markup(description), styles["description"]))
    return out


def _parallel_flowables(items: Sequence[ItemData], styles: dict, width: float) -> list[Flowable]:
    """Items sharing a slot, side by side (at most MAX_SIDE_BY_SIDE per inner row)."""
    columns = 2 if len(items) == 4 else min(len(items), MAX_SIDE_BY_SIDE)  # 2 + 2 rather than 3 + 1
    col_width = width / columns
    cells = [_item_flowables(item, styles, with_cluster=True) for item in items]
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    rows[-1] = rows[-1] + [""] * (columns - len(rows[-1]))
    inner = Table(rows, colWidths=[col_width] * columns, splitByRow=1)
    commands = [
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
    label = f"{len(items)} parallel sessions"
    return [Paragraph(label.upper(), styles["label"]), inner]


# --- the document ---------------------------------------------------------------------------------------


class _DayHeading(Paragraph):
    """A day's heading; the document notes it for the running header and the PDF outline."""

    def __init__(self, text: str, style, day_label: str, key: str):
        super().__init__(text, style)
        self.day_label = day_label
        self.outline_key = key


class _ProgrammeDoc(BaseDocTemplate):
    def __init__(self, buffer, programme: ProgrammeData, styles: dict, **kwargs):
        super().__init__(buffer, **kwargs)
        self.programme = programme
        self.styles = styles
        self.current_day = ""  # the day of the last heading drawn
        self.day_at_top = ""  # the day the current page starts with
        self._page_empty = True
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self._decorate)])

    def handle_pageBegin(self):
        super().handle_pageBegin()
        self._page_empty = True
        self.day_at_top = self.current_day

    def afterFlowable(self, flowable):
        if isinstance(flowable, _DayHeading):
            self.current_day = flowable.day_label
            if self._page_empty:
                self.day_at_top = flowable.day_label
            self.canv.bookmarkPage(flowable.outline_key)
            self.canv.addOutlineEntry(flowable.day_label, flowable.outline_key, level=0)
        if not isinstance(flowable, Spacer | ActionFlowable | FrameActionFlowable):  # CondPageBreak is a Spacer
            self._page_empty = False

    def _decorate(self, canvas, doc):
        """Running header (from page 2) and footer, drawn once the page's content is known."""
        canvas.saveState()
        left, right = self.leftMargin, self.pagesize[0] - self.rightMargin
        half = (right - left) / 2
        if self.page > 1:
            y = self.pagesize[1] - MARGIN_TOP + 9 * mm
            _draw_text(canvas, self.programme.forum_title, self.styles["running"], left, y, half + 25 * mm)
            if self.day_at_top:
                _draw_text(canvas, self.day_at_top, self.styles["running_right"], left + half + 30 * mm, y,
                           half - 30 * mm)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(left, y - 2.2 * mm, right, y - 2.2 * mm)
        y = MARGIN_BOTTOM - 11 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, y + 5 * mm, right, y + 5 * mm)
        if self.programme.url:
            _draw_text(canvas, self.programme.url, self.styles["running"], left, y, half + 30 * mm)
        _draw_text(canvas, f"Page {self.page}", self.styles["running_right"], right - 40 * mm, y, 40 * mm)
        canvas.restoreState()


def _draw_text(canvas, text: str, style, x: float, y: float, width: float) -> None:
    """Draw user text on one line with its baseline at y, shortened with an ellipsis when too long."""
    text = " ".join(fonts.clean(text).split())

    def fits(candidate: str) -> Paragraph | None:
        para = Paragraph(fonts.markup(candidate), style)
        _, height = para.wrap(width, 1000)
        return para if height <= style.leading * 1.2 else None

    para = fits(text)
    if para is None:  # the longest prefix that fits on one line with "…"
        low, high = 0, len(text)
        para = fits("\u2026")
        while low < high:
            mid = (low + high + 1) // 2
            candidate = fits(text[:mid].rstrip() + "\u2026")
            if candidate is None:
                high = mid - 1
            else:
                low, para = mid, candidate
    if para is not None:
        para.drawOn(canvas, x, y - para.height + style.leading - style.fontSize * 0.25)


FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM


class _DayTable(Table):
    """Splits between rows; a row is cut in two only when it is taller than a whole page."""

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts or availHeight < FRAME_HEIGHT - 1 or self.splitInRow:
            return parts
        self.splitInRow = 24  # points: never leave a sliver of a row behind
        try:
            parts = super().split(availWidth, availHeight)
        finally:
            self.splitInRow = 0
        for part in parts:
            if isinstance(part, Table):
                part.splitInRow = 0
        return parts


def _day_table(day_items: list[ItemData], tz: tzinfo, styles: dict, width: float) -> Table:
    content_width = width - TIME_COLUMN
    inner_width = content_width - 16  # minus the cell's left and right padding
    rows: list[list] = [[Paragraph("TIME", styles["th"]), Paragraph("SESSION", styles["th"])]]
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("FONTNAME", (0, 0), (-1, -1), fonts.font_name()),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ("TOPPADDING", (0, 1), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
    ]
    stripe = False
    slots = groupby(day_items, key=lambda i: (i.start, i.end))
    for (start, end), group in slots:
        group = sorted(group, key=lambda i: (fonts.clean(i.cluster).casefold(), i.title, i.id))
        time = format_time_range(_utc(start).astimezone(tz), _utc(end).astimezone(tz))
        if len(group) == 1:
            body = _item_flowables(group[0], styles)
        else:
            body = _parallel_flowables(group, styles, inner_width)
        row = len(rows)
        rows.append([Paragraph(time, styles["time"]), body])
        if len(group) == 1 and group[0].type in BREAK_TYPES:
            commands.append(("BACKGROUND", (0, row), (-1, row), BREAK_FILL))
            commands += [("TOPPADDING", (0, row), (-1, row), 5), ("BOTTOMPADDING", (0, row), (-1, row), 5)]
            rows[row][0] = Paragraph(time, styles["break_time"])
        else:
            if stripe:
                commands.append(("BACKGROUND", (0, row), (-1, row), STRIPE))
            stripe = not stripe
    table = _DayTable(rows, colWidths=[TIME_COLUMN, content_width], repeatRows=1, splitByRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _title_block(programme: ProgrammeData, zone_name: str, offsets: list[str], days: list[date],
                 styles: dict, width: float) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(fonts.markup(programme.forum_title.strip() or "Forum", bold=True),
                                       styles["forum"])]
    subtitle = "Programme"
    if days:
        subtitle += " \u00b7 " + format_date_range(days[0], days[-1])
    story.append(Paragraph(fonts.escape_text(subtitle), styles["subtitle"]))
    if programme.venue.strip():
        story.append(Paragraph(fonts.markup(programme.venue.strip()), styles["meta"]))
    zone = f"All times {zone_name}"
    if offsets and zone_name != "UTC":
        zone += f" ({' / '.join(offsets)})"
    story.append(Paragraph(fonts.escape_text(zone), styles["meta"]))
    story.append(Spacer(1, 3 * mm))
    story.append(HRFlowable(width=width, thickness=1.2, color=ACCENT, spaceBefore=0, spaceAfter=2 * mm))
    return story


def render_programme(programme: ProgrammeData) -> bytes:
    """The programme as an A4 PDF."""
    fonts.register_fonts()
    styles = _styles()
    tz, zone_name = _zone(programme.timezone)

    items = sorted((i for i in programme.items if not i.cancelled),
                   key=lambda i: (_utc(i.start), _utc(i.end), i.id))
    by_day: dict[date, list[ItemData]] = {}
    for item in items:
        by_day.setdefault(_utc(item.start).astimezone(tz).date(), []).append(item)
    days = sorted(by_day)
    offset_values = sorted({_utc(i.start).astimezone(tz).utcoffset() for i in items} or
                           {datetime.now(UTC).astimezone(tz).utcoffset()})
    offsets = [format_offset(o) for o in offset_values]

    buffer = io.BytesIO()
    doc = _ProgrammeDoc(
        buffer, programme, styles, pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=fonts.clean(programme.forum_title) + " \u2013 Programme", author="ForumOps", subject="Programme",
        creator="ForumOps", initialFontName=fonts.font_name(), initialFontSize=9.5,
    )
    story = _title_block(programme, zone_name, offsets, days, styles, doc.width)
    if not days:
        story.append(Paragraph("No sessions have been scheduled yet.", styles["empty"]))
    for number, day in enumerate(days, start=1):
        label = format_day(day)
        heading_text = fonts.escape_text(label)
        if len(days) > 1:
            heading_text += _muted(f"  \u00b7  Day {number}")
        # The heading, the table's header row and a first item stay together: start a new page when
        # less than that is left.
        story.append(CondPageBreak(45 * mm))
        story.append(_DayHeading(heading_text, styles["day"], label, f"day-{day.isoformat()}"))
        story.append(_day_table(by_day[day], tz, styles, doc.width))
    doc.build(story)
    return buffer.getvalue()
