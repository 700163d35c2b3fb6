"""Certificates on landscape A4, fast: what every certificate of one design shares is drawn once, as a PDF form
XObject, and placed by reference on each page; only the person's own lines and QR code are drawn per page.

The design's form holds the border, the logos centred at the top, the title, the signatories side by side
(signature image over a line, name and title under it) and the verification label; its images are embedded
once. Per page: the holder's name, large and centred (shrinks, then takes two lines, never cut), the body the
organiser wrote (wrapped, shrinking to its room), the issued line, the QR code of the verification address (one
filled path, pdf/qr.py) and the grouped code and address beside it. Text goes through pdf/words.py, the badges'
canvas text: every script in its Noto font, shaped by HarfBuzz, drawn as characters (nothing is markup).

The page's regions are worked out once per design from what it holds: no logos or no signatories leave their
room to the name and the body.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..core import fonts
from . import qr
from .logos import draw_logos, fit_logos
from .style import ACCENT, INK, MUTED, ORANGE
from .words import Block, draw_block, fit, wrap

if TYPE_CHECKING:
    from .papers import CertificatePage, PaperDesign

PAGE = landscape(A4)
MARGIN = 24 * mm  # the content's left and right edge
TOP, BOTTOM = PAGE[1] - 20 * mm, 17 * mm
WIDTH = PAGE[0] - 2 * MARGIN
LOGO_HEIGHT = 17 * mm
QR_SIDE = 20 * mm
SIGNATURE_HEIGHT = 15 * mm
NAME_SIZES, BODY_SIZES = (34, 16), (13.5, 9)
WATERMARK = colors.Color(0.78, 0.16, 0.16, alpha=0.28)  # a translucent red: the words beneath stay legible


@dataclass(frozen=True)
class _Design:
    """Where one design puts things, and the name of its form."""

    form: str
    middle: tuple[float, float]  # top and bottom of the room the name and body share
    qr: tuple[float, float]  # the QR code's lower left corner
    text_right: float  # the code and address end here, flush right, left of the QR code
    code_y: float  # the code's baseline; the address's is above it


def _border(c: Canvas) -> None:
    """A thick and a thin rule in the house's accent, a small diamond of its second colour at each corner."""
    w, h = PAGE
    c.setStrokeColor(ACCENT)
    c.setLineWidth(2.4)
    c.rect(8 * mm, 8 * mm, w - 16 * mm, h - 16 * mm)
    c.setLineWidth(0.6)
    c.rect(10.5 * mm, 10.5 * mm, w - 21 * mm, h - 21 * mm)
    c.setFillColor(ORANGE)
    r = 2.2 * mm
    for x, y in ((10.5 * mm, 10.5 * mm), (w - 10.5 * mm, 10.5 * mm), (10.5 * mm, h - 10.5 * mm),
                 (w - 10.5 * mm, h - 10.5 * mm)):
        path = c.beginPath()
        path.moveTo(x - r, y)
        path.lineTo(x, y + r)
        path.lineTo(x + r, y)
        path.lineTo(x, y - r)
        path.close()
        c.drawPath(path, stroke=0, fill=1)


def _signatories(c: Canvas, design: PaperDesign, bottom: float) -> float:
    """The signatories side by side, centred, their lowest line's bottom at `bottom`; returns their top."""
    people = design.signatories
    if not people:
        return bottom
    column = min(78 * mm, WIDTH / len(people))
    left = MARGIN + (WIDTH - column * len(people)) / 2
    names = [fit(p.name, True, column - 6 * mm, 11, 8) for p in people]
    titles = [fit(p.title, False, column - 6 * mm, 9, 7, max_lines=2, one_line_down_to=0.9) for p in people]
    under = max(n.height for n in names) + max(t.height for t in titles) + 1.5 * mm
    rule_y = bottom + under + 1.5 * mm
    for i, person in enumerate(people):
        x = left + i * column
        centre = x + column / 2
        if person.signature is not None:
            placed, row_width = fit_logos([person.signature], SIGNATURE_HEIGHT, column - 12 * mm, 0, min_scale=0.2)
            if placed:
                draw_logos(c, placed, centre - row_width / 2, rule_y + 1 * mm + placed[0].height / 2)
        c.setStrokeColor(MUTED)
        c.setLineWidth(0.6)
        c.line(centre - column / 2 + 8 * mm, rule_y, centre + column / 2 - 8 * mm, rule_y)
        top = rule_y - 1.5 * mm
        draw_block(c, names[i], x, top, column, INK, "centre")
        draw_block(c, titles[i], x, top - names[i].height - 0.5 * mm, column, MUTED, "centre")
    return rule_y + 1 * mm + SIGNATURE_HEIGHT


def _define(c: Canvas, design: PaperDesign, form: str) -> _Design:
    """Draw the design's shared parts into a form, once; where the rest of each page goes."""
    c.beginForm(form, 0, 0, *PAGE)
    _border(c)
    top = TOP
    placed, row_width = fit_logos(design.logos, LOGO_HEIGHT, WIDTH * 0.85, 9 * mm, min_scale=0.5)
    if placed:
        draw_logos(c, placed, MARGIN + (WIDTH - row_width) / 2, top - LOGO_HEIGHT / 2)
        top -= LOGO_HEIGHT + 7 * mm
    else:
        top -= 6 * mm
    title = fit(design.title, True, WIDTH * 0.85, 30, 18, max_lines=2, one_line_down_to=0.8)
    draw_block(c, title, MARGIN, top, WIDTH, ACCENT, "centre")
    top -= title.height + 3.5 * mm
    c.setFillColor(ORANGE)
    c.rect(PAGE[0] / 2 - 18 * mm, top - 0.7, 36 * mm, 1.4, stroke=0, fill=1)
    top -= 7 * mm
    qr_x, qr_y = PAGE[0] - MARGIN - QR_SIDE, BOTTOM
    text_right = qr_x - 4 * mm
    code_y = BOTTOM + 1
    label = fit(design.verify_label, False, 80 * mm, 7.5, 6)
    if label.lines:  # above the address (7 pt) and the code (8.5 pt)
        draw_block(c, label, text_right - 80 * mm, code_y + 8.5 * 1.3 + 7 * 1.25 + label.size * 0.95 + 1,
                   80 * mm, MUTED, "right")
    middle_bottom = _signatories(c, design, BOTTOM + QR_SIDE + 5 * mm) + 6 * mm
    c.endForm()
    return _Design(form, (top, middle_bottom), (qr_x, qr_y), text_right, code_y)


def _draw_page(c: Canvas, d: _Design, page: CertificatePage) -> None:
    """The person's own parts over the design's form."""
    c.doForm(d.form)
    top, bottom = d.middle
    room = top - bottom
    name = fit(page.holder_name, True, WIDTH * 0.92, *NAME_SIZES, max_lines=2, height=min(room * 0.45, 30 * mm))
    gap = 6 * mm if name.lines else 0
    body = wrap(page.body, False, WIDTH * 0.86, *BODY_SIZES, height=room - name.height - gap, leading=1.45)
    used = name.height + gap + body.height
    y = top - max(0.0, (room - used) / 2)  # the two together, centred in their room
    draw_block(c, name, MARGIN, y, WIDTH, INK, "centre")
    draw_block(c, body, MARGIN, y - name.height - gap, WIDTH, INK, "centre")
    qr_x, qr_y = d.qr
    n, modules = qr.qr_matrix(page.verify_url)
    qr.fill_path(c, n, qr.path_of(n, modules), qr_x, qr_y, QR_SIDE)
    code = fit(page.code, True, 80 * mm, 8.5, 6)
    address = fit(page.verify_url, False, 80 * mm, 7, 5)
    _baseline(c, code, d.text_right, d.code_y, INK)
    _baseline(c, address, d.text_right, d.code_y + 8.5 * 1.3, MUTED)
    issued = fit(page.issued_line, False, 90 * mm, 9, 7)
    _baseline(c, issued, MARGIN, d.code_y, MUTED, "left")
    if page.watermark:
        _watermark(c, page.watermark)


def _watermark(c: Canvas, text: str) -> None:
    """A preview's mark: its words large, slanted corner to corner, in a translucent red over everything, so no
    copy of the page passes for a certificate (the words beneath stay readable)."""
    w, h = PAGE
    diagonal = (w * w + h * h) ** 0.5
    block = fit(text, True, diagonal * 0.72, 76, 30, max_lines=2, one_line_down_to=0.6)
    c.saveState()
    c.translate(w / 2, h / 2)
    c.rotate(math.degrees(math.atan2(h, w)))
    draw_block(c, block, -diagonal / 2, block.height / 2, diagonal, WATERMARK, "centre")
    c.restoreState()


def _baseline(c: Canvas, block: Block, x: float, baseline: float, colour, align: str = "right") -> None:
    """A one-line block on a baseline, ending at x (right) or starting there (left)."""
    width = 100 * mm
    draw_block(c, block, x - width if align == "right" else x, baseline + block.ascent * block.size, width, colour,
               align)


def render(pages: Iterable[tuple[PaperDesign, CertificatePage]], out: BinaryIO) -> None:
    """One landscape A4 page per certificate, drawn as `pages` is consumed."""
    fonts.register_fonts()
    items = iter(pages)
    first = next(items, None)
    language = first[0].language if first else None
    canvas = Canvas(out, pagesize=PAGE, pageCompression=1, initialFontName=fonts.font_name(), initialFontSize=9,
                    lang=language)
    canvas.setAuthor("ForumOps")
    canvas.setCreator("ForumOps")
    if first is None:
        canvas.showPage()
        canvas.save()
        return
    canvas.setTitle(fonts.clean(first[0].title))
    designs: dict[PaperDesign, _Design] = {}
    current: PaperDesign | None = None
    layout: _Design | None = None
    for design, page in chain([first], items):
        if design is not current:  # the same design object, page after page: no hashing
            current, layout = design, designs.get(design)
            if layout is None:
                layout = designs[design] = _define(canvas, design, f"paper{len(designs)}")
        assert layout is not None
        _draw_page(canvas, layout, page)
        canvas.showPage()
    canvas.save()

