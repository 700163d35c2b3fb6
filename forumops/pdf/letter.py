"""Invitation letters on portrait A4: letterhead, date, addressee, subject, the organiser's paragraphs and the
signatories, flowing onto as many pages as the text needs (never shrunk to fit one).

The body is laid out by platypus (pdf/text.py's Paragraph over ``fonts.markup``: every script in its font,
shaped, user text escaped). Each letter is laid out twice, once to count its pages and once to draw them, so
that every page's footer says "Page 1 of 2" and carries the letter's QR code, code and verification address: a
page of a letter checks on its own. Page 1 has the letterhead (the logos centred, the design's title lines
under them); the pages after it a quiet running header. Letters stream: one letter's story at a time.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, BinaryIO

from flask_babel import gettext as _
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, KeepTogether, Spacer, Table, TableStyle

from ..core import fonts
from . import qr
from .logos import LogoRow, draw_logos, fit_logos
from .style import ACCENT, INK, MUTED, ORANGE, RULE
from .text import Paragraph
from .words import draw_block, fit

if TYPE_CHECKING:
    from .papers import LetterPage, PaperDesign

PAGE = A4
MARGIN = 22 * mm
WIDTH = PAGE[0] - 2 * MARGIN
QR_SIDE = 17 * mm
FOOTER_RULE = 32 * mm  # the body ends above it
QR_Y = 11 * mm
SIGNATURE_HEIGHT = 15 * mm
PREVIEW_MARK = Color(0.85, 0.35, 0.1, alpha=0.22)  # a preview's mark: read at a glance, the text still legible


def _styles() -> dict:
    ps = fonts.paragraph_style
    return {"body": ps("letter-body", 10.5, textColor=INK, spaceAfter=7),
            "date": ps("letter-date", 10.5, textColor=INK, alignment=TA_RIGHT),
            "subject": ps("letter-subject", 11, bold=True, textColor=ACCENT, spaceAfter=8),
            "name": ps("letter-signatory", 10.5, bold=True, textColor=INK),
            "title": ps("letter-signatory-title", 9.5, textColor=MUTED)}


def _lines(text: str) -> str:
    """Escaped markup of text whose newlines break its lines."""
    return "<br/>".join(fonts.markup(line) for line in text.split("\n"))


def _story(design: PaperDesign, page: LetterPage, styles: dict) -> list[Flowable]:
    story: list[Flowable] = []
    if page.date_line.strip():
        story += [Paragraph(_lines(page.date_line), styles["date"]), Spacer(0, 7 * mm)]
    addressee = [line for line in page.addressee if line.strip()]
    if addressee:
        story += [Paragraph(_lines("\n".join(addressee)), styles["body"]), Spacer(0, 4 * mm)]
    if page.subject.strip():
        story.append(Paragraph(fonts.markup(page.subject, bold=True), styles["subject"]))
    blocks = (b.strip() for b in page.body.replace("\r\n", "\n").split("\n\n"))
    story += [Paragraph(_lines(block), styles["body"]) for block in blocks if block]
    signatories = [_signatory(person, styles) for person in design.signatories]
    if signatories:
        per_row = min(len(signatories), 3)
        rows = [signatories[i:i + per_row] for i in range(0, len(signatories), per_row)]
        rows[-1] += [[]] * (per_row - len(rows[-1]))
        table = Table(rows, colWidths=[WIDTH / per_row] * per_row, hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 6)]))
        story.append(KeepTogether([Spacer(0, 6 * mm), table]))
    return story


def _signatory(person, styles: dict) -> list[Flowable]:
    """A signatory's cell: the signature image (or its room, so that the names line up), name and title."""
    signature = [person.signature] if person.signature is not None else []
    cell: list[Flowable] = [LogoRow(signature, SIGNATURE_HEIGHT, 0, space_after=1 * mm) if signature
                            else Spacer(0, SIGNATURE_HEIGHT + 1 * mm)]
    cell.append(Paragraph(fonts.markup(person.name, bold=True), styles["name"]))
    if person.title.strip():
        cell.append(Paragraph(_lines(person.title), styles["title"]))
    return cell


def _letterhead(c: Canvas, design: PaperDesign) -> float:
    """Page 1's head, centred: the logos, then the title lines (the first in bold); returns the body's top."""
    top = PAGE[1] - 15 * mm
    placed, row_width = fit_logos(design.logos, 15 * mm, WIDTH, 7 * mm, min_scale=0.5)
    if placed:
        draw_logos(c, placed, MARGIN + (WIDTH - row_width) / 2, top - 7.5 * mm)
        top -= 15 * mm + 4 * mm
    lines = [line for line in design.title.split("\n") if line.strip()]
    for n, line in enumerate(lines):
        block = fit(line, n == 0, WIDTH, 13 if n == 0 else 9, 7, max_lines=2, one_line_down_to=0.85)
        draw_block(c, block, MARGIN, top, WIDTH, ACCENT if n == 0 else MUTED, "centre")
        top -= block.height + 0.8 * mm
    top -= 2.5 * mm
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.8)
    c.line(MARGIN, top, PAGE[0] - MARGIN, top)
    c.setFillColor(ORANGE)
    c.rect(PAGE[0] / 2 - 12 * mm, top - 0.8, 24 * mm, 1.6, stroke=0, fill=1)
    return top - 9 * mm


def _running_header(c: Canvas, design: PaperDesign) -> float:
    """The head of the pages after the first: the title's first line, quiet, over a hairline."""
    first = next((line for line in design.title.split("\n") if line.strip()), "")
    top = PAGE[1] - 14 * mm
    block = fit(first, False, WIDTH, 8.5, 6.5)
    draw_block(c, block, MARGIN, top, WIDTH, MUTED)
    top -= block.height + 2 * mm
    c.setStrokeColor(RULE)
    c.setLineWidth(0.6)
    c.line(MARGIN, top, PAGE[0] - MARGIN, top)
    return top - 8 * mm


def _footer(c: Canvas, design: PaperDesign, page: LetterPage, qr_path: tuple[int, str], number: int,
            total: int) -> None:
    """The QR code in the corner, the label, address and code beside it, the page number on the left."""
    c.setStrokeColor(RULE)
    c.setLineWidth(0.6)
    c.line(MARGIN, FOOTER_RULE - 4 * mm, PAGE[0] - MARGIN, FOOTER_RULE - 4 * mm)
    qr_x = PAGE[0] - MARGIN - QR_SIDE
    qr.fill_path(c, *qr_path, qr_x, QR_Y, QR_SIDE)
    right, width = qr_x - 3.5 * mm, 110 * mm
    lines = [(page.code, True, 8.5, INK), (page.verify_url, False, 7, MUTED), (design.verify_label, False, 7, MUTED)]
    y = QR_Y + 1
    for text, bold, size, colour in lines:  # bottom up, flush right
        block = fit(text, bold, width, size, size * 0.7)
        if block.lines:
            draw_block(c, block, right - width, y + block.ascent * block.size, width, colour, "right")
            y += block.size * 1.35
    if total > 1:
        label = fit(_("Page %(page)s of %(total)s", page=number, total=total), False, 50 * mm, 8, 6)
        draw_block(c, label, MARGIN, QR_Y + 1 + label.ascent * label.size, 50 * mm, MUTED)
    if page.mark:  # a preview says so in words too, where the page number's line is read
        mark = fit(page.mark, True, 60 * mm, 9, 6)
        draw_block(c, mark, MARGIN, QR_Y + 5 * mm + mark.ascent * mark.size, 60 * mm, ORANGE)


def _mark(c: Canvas, text: str) -> None:
    """A preview's mark, large and pale across the page, under everything drawn after it."""
    block = fit(text, True, PAGE[1] * 0.8, 40, 16)
    c.saveState()
    c.translate(PAGE[0] / 2, PAGE[1] / 2)
    c.rotate(52)
    draw_block(c, block, -PAGE[1] * 0.4, block.height / 2, PAGE[1] * 0.8, PREVIEW_MARK, "centre")
    c.restoreState()


def _fill(frame: Frame, story: list[Flowable], canvas: Canvas) -> None:
    """Move flowables from the front of `story` into the frame, splitting the one that does not fit whole; a
    flowable taller than an empty frame is shrunk into it rather than lost."""
    while story:
        head = story[0]
        if frame.add(head, canvas):
            story.pop(0)
            continue
        parts = frame.split(head, canvas)
        if len(parts) > 1 and frame.add(parts[0], canvas):
            story[0:1] = parts[1:]
            continue
        if frame._atTop:  # nothing on this page yet and it fits nowhere: shrink it onto the page
            story[0] = KeepInFrame(frame._aW, frame._y - frame._y1p, [head], mode="shrink")
            continue
        return


def _pages(canvas: Canvas, design: PaperDesign, page: LetterPage, total: int, qr_path: tuple[int, str]) -> int:
    """Lay out and draw one letter; returns how many pages it took."""
    story = _story(design, page, _styles())
    number = 0
    while story or number == 0:
        number += 1
        if page.mark:
            _mark(canvas, page.mark)
        top = _letterhead(canvas, design) if number == 1 else _running_header(canvas, design)
        _footer(canvas, design, page, qr_path, number, total)
        frame = Frame(MARGIN, FOOTER_RULE, WIDTH, top - FOOTER_RULE, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0, showBoundary=0)
        _fill(frame, story, canvas)
        canvas.showPage()
    return number


def render(pages: Iterable[tuple[PaperDesign, LetterPage]], out: BinaryIO) -> None:
    """Each letter from a new page, drawn as `pages` is consumed."""
    fonts.register_fonts()
    canvas: Canvas | None = None
    for design, page in pages:
        if canvas is None:
            canvas = Canvas(out, pagesize=PAGE, pageCompression=1, initialFontName=fonts.font_name(),
                            initialFontSize=9, lang=design.language)
            canvas.setTitle(fonts.clean(page.subject or design.title.split("\n")[0]))
            canvas.setAuthor("ForumOps")
            canvas.setCreator("ForumOps")
        n, modules = qr.qr_matrix(page.verify_url)
        qr_path = (n, qr.path_of(n, modules))
        total = _pages(Canvas(io.BytesIO(), pagesize=PAGE), design, page, 1, qr_path)  # a dry run counts
        _pages(canvas, design, page, total, qr_path)
    if canvas is None:
        canvas = Canvas(out, pagesize=PAGE)
        canvas.showPage()
    canvas.save()
