"""The chapters of the report PDF, as Platypus flowables built from ReportData (pdf.py lays them out).

Each chapter says what is missing where its content would go ("No executive summary has been written
yet."), so a report with gaps still prints. Tables repeat their header row on every page they run onto
and break between rows; a row taller than a page is cut inside rather than failing the whole document.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from ..agenda.data import BREAK_TYPES, ItemData
from ..agenda.pdf import TYPE_LABELS
from ..core import fonts
from ..core.i18n import format_list
from ..pdf import programme as block
from ..pdf.dates import format_date_range, format_day, local_time_range, zone
from ..pdf.document import Heading
from ..pdf.style import (
    ACCENT,
    INK,
    MUTED,
    ORANGE,
    RULE,
    band_styles,
    hex_colour,
    muted,
    running_styles,
)
from ..pdf.tables import HouseTable, house_style
from ..pdf.text import MarkdownStyles, Paragraph, markdown_flowables, shape_only_when_needed
from .data import ClusterFindingsData, ReportData
from .pdfevaluation import evaluation_chapter
from .pdffindings import findings_body, sessions_chapter
from .pdfparticipation import participation_chapter

Styles = dict[str, ParagraphStyle]

CALLOUT = colors.HexColor("#fdf3ea")
STATUS_COLOURS = {"adopted": "#1e6b35", "noted": "#0f4c5c", "rejected": "#a61b1b", "proposed": "#8a5a00"}
FRAME_HEIGHT = 841.89 - 24 * mm - 22 * mm  # A4 minus the body frame's margins (see pdf.py)
CHAPTER_ROOM = 75 * mm  # a chapter starts on a new page when less than this is left


def styles() -> Styles:
    """The report's paragraph styles (Latin-only paragraphs unshaped: the report's look, see pdf/text.py)."""
    ps = fonts.paragraph_style
    return shape_only_when_needed({
        "body": ps("body", 10, leading=15, textColor=INK, spaceAfter=6),
        "lead": ps("lead", 11, leading=16.5, textColor=INK, spaceAfter=8),
        "muted": ps("muted", 9, leading=13, textColor=MUTED, spaceAfter=4),
        "quote": ps("quote", 9.5, leading=14, textColor=MUTED, leftIndent=12, spaceAfter=6),
        "quoted": ps("quoted", 10, leading=15, textColor=INK),  # a participant's words, beside a bar (pdfevaluation)
        "quoted_source": ps("quoted_source", 8.5, leading=12, textColor=MUTED),  # what they were answering
        "chapter": ps("chapter", 19, bold=True, leading=25, textColor=ACCENT, spaceBefore=4, spaceAfter=3,
                      keepWithNext=1),
        "section": ps("section", 13.5, bold=True, leading=19, textColor=ACCENT, spaceBefore=14, spaceAfter=4,
                      keepWithNext=1),
        "subsection": ps("subsection", 10.5, bold=True, leading=15, textColor=INK, spaceBefore=10, spaceAfter=4,
                         keepWithNext=1),
        "day": ps("day", 10.5, bold=True, leading=15, textColor=INK, spaceBefore=10, spaceAfter=4),
        "md_heading": ps("md_heading", 10.5, bold=True, leading=15, textColor=INK, spaceBefore=6, spaceAfter=3,
                         keepWithNext=1),
        "eyebrow": ps("eyebrow", 7.5, bold=True, textColor=ORANGE, spaceAfter=1, keepWithNext=1),
        **band_styles(leading=10), **running_styles(8, leading=10),
        "td": ps("td", 9, leading=13, textColor=INK),
        "td_bold": ps("td_bold", 9, bold=True, leading=13, textColor=INK),
        "td_small": ps("td_small", 8, leading=11, textColor=MUTED),
        "td_right": ps("td_right", 9, leading=13, textColor=INK, alignment=TA_RIGHT),
        "stat": ps("stat", 22, bold=True, leading=27, textColor=ACCENT, alignment=TA_CENTER),
        "stat_label": ps("stat_label", 8, leading=11, textColor=MUTED, alignment=TA_CENTER),
        "callout": ps("callout", 9.5, leading=14, textColor=INK),
        "contents": ps("contents", 19, bold=True, leading=25, textColor=ACCENT),
        "toc0": ps("toc0", 10.5, bold=True, leading=15, textColor=INK, spaceBefore=7),
        "toc1": ps("toc1", 9.5, leading=13.5, textColor=MUTED, leftIndent=18),
        "toc0_page": ps("toc0_page", 10.5, bold=True, leading=15, textColor=INK, alignment=TA_RIGHT),
        "toc1_page": ps("toc1_page", 9.5, leading=13.5, textColor=MUTED, alignment=TA_RIGHT),
    })


class _Builder:
    """Keeps the chapter numbers and heading keys while the chapters are built."""

    def __init__(self, data: ReportData, st: Styles, width: float):
        self.data, self.st, self.width = data, st, width
        self.chapter_number = 0
        self.section_number = 0
        self.keys = 0
        self.md = MarkdownStyles(st["body"], st["md_heading"], st["quote"])

    def _key(self) -> str:
        self.keys += 1
        return f"h{self.keys}"

    def chapter(self, title: str) -> list[Flowable]:
        self.chapter_number += 1
        self.section_number = 0
        number = str(self.chapter_number)
        markup = f'<font color="{hex_colour(ORANGE)}">{number}</font>\u2002{fonts.escape_text(title)}'
        return [CondPageBreak(CHAPTER_ROOM),
                Heading(markup, self.st["chapter"], 0, self._key(), f"{number}  {title}", f"{number}  {title}"),
                HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=2, spaceAfter=8)]

    def section(self, title: str, in_contents: bool = True, user_text: bool = False) -> Flowable:
        text = fonts.markup(title) if user_text else fonts.escape_text(title)
        if not in_contents:
            return Paragraph(text, self.st["section"])
        self.section_number += 1
        markup = f"{self.chapter_number}.{self.section_number}\u2002{text}"
        return Heading(markup, self.st["section"], 1, self._key(),
                       f"{self.chapter_number}.{self.section_number} {fonts.clean(title)}", "")

    def none_recorded(self) -> Paragraph:
        return Paragraph(fonts.escape_text(_("None recorded.")), self.st["muted"])

    def sub(self, title: str) -> Paragraph:
        return Paragraph(fonts.escape_text(title), self.st["subsection"])

    def callout(self, text: str) -> Flowable:
        table = Table([[Paragraph(fonts.escape_text(text), self.st["callout"])]], colWidths=[self.width])
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), CALLOUT), ("LINEBEFORE", (0, 0), (0, -1), 3, ORANGE),
            ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ]))
        table.spaceAfter = 8
        return table

    def markdown(self, source: str) -> list[Flowable]:
        return markdown_flowables(source, self.md)

    def table(self, header: Sequence[str], rows: list[list], widths: Sequence[float],
              right: Sequence[int] = (), stripes: bool = True) -> Table:
        """A data table: coloured header row repeated on each page, thin rules, striped rows."""
        head = [Paragraph(fonts.escape_text(h.upper()), self.st["th_right" if i in right else "th"])
                for i, h in enumerate(header)]
        table = HouseTable([head, *rows], colWidths=list(widths), repeatRows=1, splitByRow=1, hAlign="LEFT",
                           frame_height=FRAME_HEIGHT)
        table.setStyle(TableStyle(house_style(6, row_pad=(4, 5), stripes=stripes)))
        table.spaceAfter = 8
        return table

    def cell(self, text: str, style: str = "td", bold: bool = False) -> Paragraph:
        return Paragraph(fonts.markup(text, bold=bold), self.st[style])


# --- chapters -------------------------------------------------------------------------------------------

def _executive_summary(b: _Builder) -> list[Flowable]:
    out = b.chapter(_("Executive summary"))
    body = b.markdown(b.data.executive_summary)
    if not body:
        return [*out, b.callout(_("No executive summary has been written yet."))]
    if isinstance(body[0], Paragraph) and body[0].style is b.st["body"]:
        body[0] = Paragraph(body[0].text, b.st["lead"])  # the opening paragraph a little larger
    return out + body


def _the_forum(b: _Builder) -> list[Flowable]:
    d = b.data
    out = b.chapter(_("The forum"))
    facts = []
    if d.first_day and d.last_day:
        facts.append((_("Dates"), fonts.escape_text(format_date_range(d.first_day, d.last_day))))
    if d.venue.strip():
        facts.append((_("Venue"), fonts.markup(d.venue)))
    if d.mode_label:
        facts.append((_("Format"), fonts.markup(d.mode_label)))
    if d.series.strip():
        facts.append((_("Series"), fonts.markup(d.series)))
    if facts:
        rows: list[list] = [
            [Paragraph(fonts.escape_text(label.upper()), b.st["td_small"]), Paragraph(value, b.st["td"])]
            for label, value in facts]
        table = Table(rows, colWidths=[28 * mm, b.width - 28 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (0, -1), 4)]))
        table.spaceAfter = 6
        out.append(table)
    out.append(b.section(_("Objectives")))
    if d.objectives:
        style = b.md.list_item(1)
        out.extend(Paragraph(fonts.markup(o), style, bulletText=f"{n}.") for n, o in enumerate(d.objectives, 1))
    else:
        out.append(b.callout(_("The concept note lists no objectives.")))
    out.append(b.section(_("Organisers and partners")))
    if d.partners:
        roles: dict[str, list] = {}
        for label, group in d.partner_groups():
            for p in group:
                name = p.name + (f" ({p.acronym})" if p.acronym.strip() else "")
                text = fonts.markup(name, bold=True)
                if p.country:
                    text += " " + muted(f"\u00b7 {fonts.markup(p.country)}")
                roles.setdefault(label, []).append(Paragraph(text, b.st["td"]))
        rows = [[Paragraph(fonts.markup(label), b.st["td_small"]), names] for label, names in roles.items()]
        table = Table(rows, colWidths=[34 * mm, b.width - 34 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE)]))
        out.append(table)
    else:
        out.append(b.callout(_("No organisers or partners are named in the concept note.")))
    background = b.markdown(d.background)
    if background:
        out.append(b.section(_("Background")))
        out.extend(background)
    return out


def _people_line(item: ItemData) -> str:
    parts = []
    for label, group in block.role_groups(item.people):
        names = ", ".join(fonts.markup(p.name) + (f" ({fonts.markup(p.organisation)})" if p.organisation.strip()
                                                   else "") for p in group)
        parts.append(f"<i>{fonts.escape_text(label)}:</i> {names}")
    return "; ".join(parts)


def _item_cell(b: _Builder, item: ItemData) -> list[Flowable]:
    title = block.item_title(item, TYPE_LABELS)
    cell: list[Flowable] = []
    if item.cluster.strip():
        cell.append(Paragraph(fonts.markup(item.cluster.upper(), bold=True), b.st["td_small"]))
    cell.append(Paragraph(fonts.markup(title, bold=item.type not in BREAK_TYPES), b.st["td"]))
    info = block.info_parts(item, str(TYPE_LABELS.get(item.type, "")), title)
    if info:
        cell.append(Paragraph(" \u00b7 ".join(info), b.st["td_small"]))
    people = _people_line(item)
    if people:
        cell.append(Paragraph(people, b.st["td_small"]))
    return cell


def _programme(b: _Builder) -> list[Flowable]:
    out = b.chapter(_("Programme as held"))
    if not b.data.programme:
        return [*out, b.callout(_("No programme has been recorded for this forum."))]
    tz, zone_name = zone(b.data.timezone)
    out.append(Paragraph(fonts.escape_text(_("Times are local (%(zone)s). Cancelled sessions are left out.",
                                             zone=zone_name)),
                         b.st["muted"]))
    for day, slots in block.programme_days(b.data.programme, tz):
        rows = []
        for slot in slots:
            cell: list[Flowable] = []
            for n, item in enumerate(slot):
                if n:
                    cell.append(Spacer(1, 4))
                cell.extend(_item_cell(b, item))
            time = local_time_range(slot[0].start, slot[0].end, tz)
            rows.append([Paragraph(fonts.escape_text(time), b.st["td_bold"]), cell])
        table = block.day_table(rows, b.st["th"], (28 * mm, b.width - 28 * mm), FRAME_HEIGHT,
                                house_style(6, row_pad=(4, 5), stripes=True))
        table.spaceAfter = 8
        # The day's heading stays with its table's first rows, never with the whole table (a long day would
        # otherwise leave most of a page empty).
        out += [CondPageBreak(45 * mm), Paragraph(fonts.escape_text(format_day(day)), b.st["day"]), table]
    return out


def cluster_people(c: ClusterFindingsData) -> str:
    """A cluster's people as its findings' heading counts them: assigned and confirmed, and, when its notes
    ticked anyone, those ticked (the attendance page's count)."""
    if c.attended is None:
        return _("%(registered)s registered", registered=format_number(c.participants))
    return _("%(registered)s registered, %(attended)s attended", registered=format_number(c.participants),
             attended=format_number(c.attended))


def _cluster(b: _Builder, c: ClusterFindingsData) -> list[Flowable]:
    out: list[Flowable] = [b.section(c.name, user_text=True)]
    meta = [cluster_people(c)]
    meta += [_("From: %(sessions)s", sessions=format_list([fonts.clean(s) for s in c.sessions]))] if c.sessions else []
    out.append(Paragraph(fonts.markup(" \u00b7 ".join(meta)), b.st["muted"]))
    return out + findings_body(b, c, _("Recommendations of the cluster"))


def _clusters(b: _Builder) -> list[Flowable]:
    out = b.chapter(_("Findings of the clusters"))
    if not b.data.has_clusters:
        return [*out, b.callout(_("This forum had no breakout clusters."))]
    if not b.data.clusters:
        return [*out, b.callout(_("No cluster notes have been approved yet: each cluster's findings appear here "
                                  "once the organisers approve its notes."))]
    out.append(Paragraph(fonts.escape_text(_("What each cluster found, the challenges it named, its recommendations "
                                             "and its action items, from its approved notes.")), b.st["body"]))
    for cluster in b.data.clusters:
        out.extend(_cluster(b, cluster))
    return out


def _recommendations(b: _Builder) -> list[Flowable]:
    recs = b.data.recommendations
    out = b.chapter(_("Recommendations of the forum"))
    if not recs:
        return [*out, b.callout(_("The forum's recommendations have not been gathered from the clusters yet."))]
    counts: dict[str, int] = {}
    for r in recs:
        counts[r.status_label] = counts.get(r.status_label, 0) + 1
    summary = ngettext("%(count)s recommendation: %(states)s.", "%(count)s recommendations: %(states)s.", len(recs),
                       count=format_number(len(recs)), states=format_list(
                           [f"{format_number(count)} {label.lower()}" for label, count in counts.items()]))
    out.append(Paragraph(fonts.escape_text(summary), b.st["body"]))
    rows = []
    for r in recs:
        text: list[Flowable] = [b.cell(r.text)]
        if r.clusters:
            text.append(Paragraph(fonts.markup(_("From: %(sessions)s", sessions=format_list(
                [fonts.clean(c) for c in r.clusters]))), b.st["td_small"]))
        colour = STATUS_COLOURS.get(r.status, "#1d2430")
        status = Paragraph(f'<font color="{colour}">{fonts.markup(r.status_label, bold=True)}</font>', b.st["td"])
        rows.append([Paragraph(str(r.number), b.st["td_bold"]), text, b.cell(r.addressee or "\u2013"), status])
    out.append(b.table((_("No."), _("Recommendation"), _("Addressed to"), _("Decision")), rows,
                       (10 * mm, b.width - 74 * mm, 44 * mm, 20 * mm)))
    return out


def _conclusions(b: _Builder) -> list[Flowable]:
    out = b.chapter(_("Conclusions and way forward"))
    body = b.markdown(b.data.conclusions)
    return out + (body or [b.callout(_("The conclusions and way forward have not been written yet."))])


def _organisations(b: _Builder) -> list[Flowable]:
    d = b.data
    out = b.chapter(_("Participating organisations"))
    if d.participation.registered == 0:
        return [*out, b.callout(_("No registrations were recorded, so no organisations can be listed."))]
    if not d.organisations:
        return [*out, b.callout(_("None of the participants agreed to have their organisation listed publicly."))]
    out.append(Paragraph(fonts.escape_text(ngettext(
        "%(count)s organisation whose participants agreed to be listed publicly, by country.",
        "%(count)s organisations whose participants agreed to be listed publicly, by country.",
        len(d.organisations), count=format_number(len(d.organisations)))), b.st["body"]))
    rows = [[b.cell(o.name + (f" ({o.acronym})" if o.acronym.strip() else "")), b.cell(o.type_label or "\u2013"),
             b.cell(o.country or _("Regional or international"))] for o in d.organisations]
    out.append(b.table((_("Organisation"), _("Type"), _("Country")), rows, (b.width - 96 * mm, 52 * mm, 44 * mm)))
    return out


def _acknowledgements(b: _Builder) -> list[Flowable]:
    body = b.markdown(b.data.acknowledgements)
    if not body and not b.data.editors and not b.data.authors:
        return []
    out = b.chapter(_("Acknowledgements"))
    out.extend(body)
    for label, people in ((_("Report by"), b.data.authors), (_("Written and edited by"), b.data.editors)):
        if people:
            out.append(b.sub(label))
            out.extend(Paragraph(fonts.markup(person), b.st["body"]) for person in people)
    return out


def _annexes(b: _Builder) -> list[Flowable]:
    """The annexes, each a link to its file (the reader's PDF viewer opens it)."""
    if not b.data.annexes:
        return []
    out = b.chapter(_("Annexes"))
    for number, annex in enumerate(b.data.annexes, 1):
        about = ", ".join(part for part in (annex.type_label, annex.size_label) if part)
        href = fonts.escape_markup(annex.url.replace(chr(34), "%22"))  # an attribute: never wrapped in a font
        out.append(Paragraph(f'{number}. <link href="{href}" color="#0b5563">'
                             f"{fonts.markup(annex.title)}</link> ({fonts.escape_text(about)})<br/>"
                             f"{fonts.escape_text(annex.url)}", b.st["body"]))
    return out


def chapters(data: ReportData, st: Styles, width: float) -> list[Flowable]:
    """Every chapter in order; each says what is missing rather than being left out."""
    b = _Builder(data, st, width)
    story: list[Flowable] = []
    for build in (_executive_summary, _the_forum, _programme, participation_chapter, _clusters, sessions_chapter,
                  evaluation_chapter, _recommendations, _conclusions, _organisations, _acknowledgements, _annexes):
        story.extend(build(b))
    story.append(Spacer(1, 1))
    return story

