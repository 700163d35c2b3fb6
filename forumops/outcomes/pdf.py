"""The outcome report as a designed PDF: ReportData in, bytes out, composed of the PDF toolkit (forumops/pdf).
No request, no ORM.

A cover page, a table of contents, then numbered chapters (pdfsections.py builds them) on the house's body
pages: a running header (the forum's title and the chapter, from page 2) and "Page N of M" in the footer.
The table of contents and the page total need a second pass: ``multiBuild`` runs until both are settled.

Every piece of user text goes through ``fonts.markup`` (escaped; Thai, Lao, Khmer and Burmese runs in their
Noto fonts, shaped by HarfBuzz), so names print correctly and "<b>" or "&" print literally.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from ..core import fonts
from ..core.i18n import lazy_gettext as _l
from ..pdf.dates import format_date_range
from ..pdf.document import Footer, HouseDocument, RunningHeader
from ..pdf.logos import LogoRow
from ..pdf.style import ACCENT, INK, MUTED, ORANGE, RULE
from ..pdf.text import Paragraph, shape_only_when_needed
from . import pdfsections
from .data import ReportData
from .pdfsections import Styles

PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
BAND_HEIGHT = PAGE_HEIGHT * 0.56  # the cover's coloured band, from the top

BAND_INK = colors.HexColor("#d7ecef")
BAND_EYEBROW = colors.HexColor("#f2b27f")

PARTNER_PHRASES = {
    "organiser": _l("Organised by"), "co_organiser": _l("Co-organised by"), "funder": _l("With the support of"),
    "partner": _l("In partnership with"), "host": _l("Hosted by"),
}


# --- the cover ------------------------------------------------------------------------------------------

def _cover_styles() -> dict:
    ps = fonts.paragraph_style
    return shape_only_when_needed({
        "eyebrow": ps("cover-eyebrow", 10, bold=True, textColor=BAND_EYEBROW, spaceAfter=10),
        "title": ps("cover-title", 28, bold=True, leading=35, textColor=colors.white, spaceAfter=10),
        "forum": ps("cover-forum", 13.5, textColor=BAND_INK, leading=19, spaceAfter=6),
        "facts": ps("cover-facts", 10.5, textColor=BAND_INK, leading=15),
        "label": ps("cover-label", 7.5, bold=True, textColor=MUTED, spaceBefore=12, spaceAfter=3),
        "people": ps("cover-people", 11, textColor=INK, leading=16),
        "partners": ps("cover-partners", 9.5, textColor=INK, leading=14, spaceAfter=3),
        "status": ps("cover-status", 9.5, bold=True, textColor=MUTED, spaceBefore=16),
        "preview": ps("cover-preview", 10, bold=True, textColor=ORANGE, spaceBefore=16),
        "url": ps("cover-url", 8.5, textColor=MUTED),
    })


def _band_flowables(data: ReportData, styles: dict, width: float, height: float) -> list[Flowable]:
    """The title block, pushed to the bottom of the band by a spacer (when it fits)."""
    block: list[Flowable] = []
    eyebrow = _("Outcome report").upper()
    if data.series.strip():
        eyebrow += " \u00b7 " + data.series.strip().upper()
    block.append(Paragraph(fonts.markup(eyebrow), styles["eyebrow"]))
    block.append(Paragraph(fonts.markup(data.title or data.forum_title or _("Outcome report"), bold=True),
                           styles["title"]))
    if fonts.clean(data.title).strip() != fonts.clean(data.forum_title).strip() and data.forum_title.strip():
        block.append(Paragraph(fonts.markup(data.forum_title), styles["forum"]))
    for _tag, other in data.other_titles:  # the forum's title in each of its other languages
        block.append(Paragraph(fonts.markup(other), styles["forum"]))
    facts = []
    if data.first_day and data.last_day:
        facts.append(fonts.escape_text(format_date_range(data.first_day, data.last_day)))
    if data.venue.strip():
        facts.append(fonts.markup(data.venue))
    if facts:
        block.append(Paragraph(" \u00b7 ".join(facts), styles["facts"]))
    used = sum(f.wrap(width, height)[1] + f.getSpaceAfter() for f in block)
    return [Spacer(1, max(0, height - used - 14 * mm)), *block]


def _lower_flowables(data: ReportData, styles: dict) -> list[Flowable]:
    out: list[Flowable] = []
    for label, people in ((_("Report by"), data.authors), (_("Written and edited by"), data.editors)):
        if people:
            out.append(Paragraph(fonts.escape_text(label.upper()), styles["label"]))
            out.extend(Paragraph(fonts.markup(person), styles["people"]) for person in people)
    if not data.authors:
        out.append(Paragraph(fonts.escape_text(_("Report by").upper()), styles["label"]))
        out.append(Paragraph(fonts.escape_text(_("No authors named yet.")), styles["people"]))
    roles: dict[str, list[str]] = {}
    for partner in data.partners:
        name = partner.name + (f" ({partner.acronym})" if partner.acronym.strip() else "")
        roles.setdefault(partner.role, []).append(fonts.markup(name))
    if roles:
        out.append(Paragraph(fonts.escape_text(_("Partners").upper()), styles["label"]))
        bold = fonts.font_name(bold=True)
        for role, names in roles.items():
            phrase = str(PARTNER_PHRASES.get(role, role.replace("_", " ").capitalize()))
            out.append(Paragraph(f'<font name="{bold}">{fonts.escape_text(phrase)}</font>  ' + ", ".join(names),
                                 styles["partners"]))
    if data.partner_logos:  # under the names, which stay: a logo row is what a reader glances at
        out.append(LogoRow(data.partner_logos, 12 * mm, 7 * mm, space_before=3 * mm, space_after=2 * mm))
    if data.is_published and data.published_on:
        out.append(Paragraph(fonts.escape_text(_("Published %(day)s", day=format_date_range(data.published_on,
                                                                                            data.published_on))),
                             styles["status"]))
    elif not data.is_published:
        out.append(Paragraph(fonts.escape_text(_("Preview, not published yet: only the forum's organisers can see "
                                                 "it.").upper()),
                             styles["preview"]))
    if data.url:
        out.append(Paragraph(fonts.markup(data.url), styles["url"]))
    return out


def _draw_cover(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.rect(0, PAGE_HEIGHT - BAND_HEIGHT, PAGE_WIDTH, BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(ORANGE)
    canvas.rect(0, PAGE_HEIGHT - BAND_HEIGHT - 2.2 * mm, PAGE_WIDTH, 2.2 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.HexColor("#145d6f"))  # a quiet motif: three stacked bars, top right
    for n, w in enumerate((62, 44, 28)):
        canvas.rect(PAGE_WIDTH - MARGIN_X - w * mm, PAGE_HEIGHT - 28 * mm - n * 9 * mm, w * mm, 5 * mm,
                    stroke=0, fill=1)
    canvas.restoreState()


# --- the document ---------------------------------------------------------------------------------------

def _document(buffer, data: ReportData, styles: Styles) -> HouseDocument:
    """The house's body pages after a cover of two frames (the band, the lower part)."""
    width = PAGE_WIDTH - 2 * MARGIN_X
    lower_top = PAGE_HEIGHT - BAND_HEIGHT - 10 * mm
    cover = PageTemplate(id="cover", onPage=_draw_cover, frames=[
        Frame(MARGIN_X, PAGE_HEIGHT - BAND_HEIGHT + 6 * mm, width, BAND_HEIGHT - 6 * mm, id="band",
              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0),
        Frame(MARGIN_X, MARGIN_BOTTOM - 8 * mm, width, lower_top - MARGIN_BOTTOM + 8 * mm, id="lower",
              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0),
    ])
    top = PAGE_HEIGHT - MARGIN_TOP + 10 * mm
    bottom = MARGIN_BOTTOM - 13 * mm
    return HouseDocument(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=fonts.clean(data.title or data.forum_title), author=", ".join(fonts.clean(a) for a in data.authors)
        or "ForumOps", subject=_("Outcome report: %(forum)s", forum=fonts.clean(data.forum_title)), creator="ForumOps",
        initialFontName=fonts.font_name(), initialFontSize=10,
        first=(cover,), outline_closed=True,
        header=RunningHeader(top, top - 2 * mm, width * 0.62, width * 0.36, styles["running"],
                             styles["running_right"], accent=True),
        footer=Footer(bottom, bottom + 5.5 * mm, width * 0.6, styles["running"], styles["running_right"]),
        title_text=data.forum_title or data.title,
        footer_text=_("Outcome report") if data.is_published else _("Outcome report · PREVIEW, not published"),
    )


class _Contents(TableOfContents):
    """The table of contents as a two-column table (entry | page), each entry a link.

    reportlab's own draws page numbers through an <onDraw> callback, which its shaping code cannot
    break into lines (IndexError in breakLines); shaping must stay on for cluster names in Khmer or
    Burmese, so the page numbers get their own column instead.
    """

    def __init__(self, styles: Styles):
        super().__init__()
        self.levelStyles = [styles["toc0"], styles["toc1"]]
        self.page_styles = [styles["toc0_page"], styles["toc1_page"]]

    def wrap(self, availWidth, availHeight):
        entries = self._lastEntries or [(0, "", 0, None)]
        rows: list = []
        commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        for row, (level, text, page, key) in enumerate(entries):
            level = min(level, len(self.levelStyles) - 1)
            opening, closing = (f'<a href="#{key}">', "</a>") if key else ("", "")
            rows.append([Paragraph(f"{opening}{text}{closing}", self.levelStyles[level]),
                         Paragraph(f"{opening}{page or ''}{closing}", self.page_styles[level])])
            if level == 0:
                commands += [("LINEBELOW", (0, row), (-1, row), 0.4, RULE), ("TOPPADDING", (0, row), (-1, row), 5)]
        self._table = Table(rows, colWidths=(availWidth - 16 * mm, 16 * mm), style=TableStyle(commands))
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height


def _contents(styles: Styles) -> list[Flowable]:
    toc = _Contents(styles)
    return [Paragraph(fonts.escape_text(_("Contents")), styles["contents"]), Spacer(1, 4 * mm), toc]


def render_report(data: ReportData) -> bytes:
    """The outcome report as an A4 PDF."""
    fonts.register_fonts()
    styles = pdfsections.styles()
    cover = _cover_styles()
    buffer = io.BytesIO()
    doc = _document(buffer, data, styles)
    width = doc.width
    band_height = BAND_HEIGHT - 6 * mm
    story: list[Flowable] = [
        *_band_flowables(data, cover, width, band_height), FrameBreak(), *_lower_flowables(data, cover),
        NextPageTemplate("body"), PageBreak(), *_contents(styles), PageBreak(),
    ]
    story.extend(pdfsections.chapters(data, styles, width))
    doc.multiBuild(story, maxPasses=6)
    return buffer.getvalue()

