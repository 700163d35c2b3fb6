"""The page template every flowing PDF uses: one body frame on the margins, a running header (the document's
title on the left, the current day or chapter flush right, from page 2), a footer with a line of text and
"Page N" ("Page N of M" once a second pass knows the total), and headings that go into the PDF outline.

The running header names what the page starts with: the marker (day, chapter) current when the page began,
or the first heading drawn on it when nothing came before that heading on the page. Header and footer lines
are fitted on one line once per text and width, then drawn on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable, FrameActionFlowable
from reportlab.platypus.flowables import HRFlowable

from ..core import fonts
from .style import ACCENT, RULE
from .text import Paragraph, fit_line

NUMBER_WIDTH = 40 * mm  # room for "Page 123 of 456", flush right


@dataclass(frozen=True)
class RunningHeader:
    """Where the running header sits (from page 2): its lines' bottom, the rule under them, the widths of the
    title (flush left) and the marker (flush right), and whether the rule starts with a short accent bar."""

    text_y: float
    rule_y: float
    title_width: float
    marker_width: float
    style: ParagraphStyle
    marker_style: ParagraphStyle
    accent: bool = False


@dataclass(frozen=True)
class Footer:
    """Where the footer sits on every body page: its line's bottom, the rule above it, the width of the text
    on the left; the page number is flush right in number_style."""

    text_y: float
    rule_y: float
    text_width: float
    style: ParagraphStyle
    number_style: ParagraphStyle


class Heading(Paragraph):
    """A heading the document notes: an outline entry (level 0 or 1) with a link key, an entry for a table of
    contents (its markup), and, when `running` is set, the marker of the running header."""

    def __init__(self, markup: str, style: ParagraphStyle, level: int, key: str, outline: str, running: str):
        super().__init__(markup, style)
        self.level, self.key, self.outline, self.running = level, key, outline, running
        self.toc_markup = markup


class HouseDocument(BaseDocTemplate):
    """A BaseDocTemplate with the house's body page. `first` templates (a cover) come before the body's;
    build() gives "Page N", multiBuild() "Page N of M" (it runs until the total drawn is the total made)."""

    def __init__(self, buffer, *, footer: Footer, title_text: str = "", footer_text: str = "",
                 header: RunningHeader | None = None, first: tuple[PageTemplate, ...] = (),
                 outline_closed: bool | None = None, **kwargs):
        super().__init__(buffer, **kwargs)
        self.header, self.footer = header, footer
        self.title_text, self.footer_text = title_text, footer_text
        self.outline_closed = outline_closed
        self.total_pages: int | None = None  # from the previous pass
        self.pages_this_pass = 0
        self.marker = ""  # of the last heading drawn
        self.marker_at_top = ""  # what the current page starts with
        self._page_empty = True
        self._fitted: dict[tuple[str, str, float], Paragraph] = {}
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([*first, PageTemplate(id="body", frames=[frame], onPageEnd=self._decorate)])

    def build(self, flowables, **kwargs):
        super().build(flowables, **kwargs)
        self.pages_this_pass = self.page

    def _allSatisfied(self):
        """Settled when the contents are, and the page total drawn is the one this pass produced."""
        settled = super()._allSatisfied() and self.total_pages == self.pages_this_pass
        self.total_pages = self.pages_this_pass
        return settled

    def handle_documentBegin(self):
        super().handle_documentBegin()
        self.marker = self.marker_at_top = ""  # every pass starts from the first page again

    def handle_pageBegin(self):
        super().handle_pageBegin()
        self._page_empty = True
        self.marker_at_top = self.marker

    def afterFlowable(self, flowable):
        if isinstance(flowable, Heading):
            if flowable.running:
                self.marker = flowable.running
                if self._page_empty:
                    self.marker_at_top = flowable.running
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.outline, flowable.key, level=flowable.level,
                                      closed=self.outline_closed)
            self.notify("TOCEntry", (flowable.level, flowable.toc_markup, self.page, flowable.key))
        if not isinstance(flowable, Spacer | ActionFlowable | FrameActionFlowable):  # CondPageBreak is a Spacer
            self._page_empty = False

    def _line(self, text: str, style: ParagraphStyle, width: float) -> Paragraph:
        key = (text, style.name, width)
        if key not in self._fitted:
            self._fitted[key] = fit_line(text, style, width)
        return self._fitted[key]

    def _decorate(self, canvas, doc):
        """Running header and footer, drawn once the page's content (and so its marker) is known."""
        canvas.saveState()
        left, right = self.leftMargin, self.pagesize[0] - self.rightMargin
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        header = self.header
        if header is not None and self.page > 1:
            self._line(self.title_text, header.style, header.title_width).drawOn(canvas, left, header.text_y)
            if self.marker_at_top:
                self._line(self.marker_at_top, header.marker_style, header.marker_width).drawOn(
                    canvas, right - header.marker_width, header.text_y)
            canvas.line(left, header.rule_y, right, header.rule_y)
            if header.accent:
                canvas.setFillColor(ACCENT)
                canvas.rect(left, header.rule_y - 0.6, 18 * mm, 1.6, stroke=0, fill=1)
        footer = self.footer
        canvas.line(left, footer.rule_y, right, footer.rule_y)
        if self.footer_text:
            self._line(self.footer_text, footer.style, footer.text_width).drawOn(canvas, left, footer.text_y)
        number = (_("Page %(page)s of %(total)s", page=self.page, total=self.total_pages) if self.total_pages
                  else _("Page %(page)s", page=self.page))
        page = Paragraph(fonts.escape_text(number), footer.number_style)
        page.wrapOn(canvas, NUMBER_WIDTH, 20)
        page.drawOn(canvas, right - NUMBER_WIDTH, footer.text_y)
        canvas.restoreState()


def title_block(title: str, subtitle: str, meta: list[str], styles: dict, width: float, gap: float,
                after: float, before: float = 0) -> list[Flowable]:
    """Page 1's head: the forum's name (user text, "Forum" when empty), a subtitle (plain text), meta lines
    (markup), then an accent rule `gap` below them with `after` space under it (styles from title_styles)."""
    story: list[Flowable] = [Paragraph(fonts.markup(title.strip() or _("Forum"), bold=True), styles["forum"]),
                             Paragraph(fonts.escape_text(subtitle), styles["subtitle"])]
    story += [Paragraph(line, styles["meta"]) for line in meta]
    story += [Spacer(1, gap), HRFlowable(width=width, thickness=1.2, color=ACCENT, spaceBefore=before,
                                         spaceAfter=after)]
    return story
