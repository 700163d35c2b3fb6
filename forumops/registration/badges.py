"""PDF name badges: a BadgeSheet and BadgeData in, a PDF written to a binary stream out (reportlab canvas).

A pure renderer (no request, no session, no ORM), built for the heaviest job of the night before a
forum: thousands of badges at once. What keeps it fast:

- the parts every badge of a sheet shares (the forum header, each category band, a page's cut marks)
  are PDF form XObjects, drawn once and placed by reference;
- the QR code (the check-in code only, no personal data) is encoded by zxing-cpp, or segno where
  zxing-cpp is missing, and drawn as one filled path: a rectangle per run of dark modules in a row;
- text is drawn by the toolkit's canvas text (pdf/words.py, shared with the certificates): cut into words
  and each word into per-font runs; Thai, Lao, Khmer and Burmese runs (and Latin ones with combining marks)
  shaped by HarfBuzz once per distinct word; shrink-to-fit by arithmetic, not a search.

Every name is drawn whole: it shrinks to fit, wraps onto two lines before it gets too small, and is
narrowed (horizontal scaling) only when even two lines at the smallest size are too wide. Nothing is
interpreted as markup: the canvas draws characters, so "<b>" or "javascript:" prints as typed. A
badge that cannot be drawn is left out and listed on a last page; the others are printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import BinaryIO

from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A6, letter
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from ..core import fonts
from ..core.i18n import lazy_gettext as _l
from ..pdf import qr
from ..pdf.logos import LogoData, Placed, draw_logos, fit_logos
from ..pdf.style import ACCENT, INK, MUTED
from ..pdf.words import Block, draw_block, fit

RULE = colors.HexColor("#c9d1db")
CUT = colors.HexColor("#6b7280")

# The category band: a word and a colour, white text at a WCAG contrast of 5.7:1 or more, so a band
# reads on a black-and-white print too. The views choose the word; these are the house colours.
CATEGORY_COLOURS = {
    "PARTICIPANT": "#1f5f99",
    "SPEAKER": "#b42318",
    "FACILITATOR": "#17744a",
    "ORGANISER": "#6b3fa0",
    "MEDIA": "#a64b00",
    "STAFF": "#344054",
}


@dataclass(frozen=True)
class Layout:
    """Badge stock: the page, the badge size and grid, margins (None: centred), gaps and the safe inset."""

    key: str
    label: str
    page: tuple[float, float]
    badge: tuple[float, float]
    columns: int = 1
    rows: int = 1
    margins: tuple[float, float] | None = None  # (left, top) of the grid
    gap: tuple[float, float] = (0.0, 0.0)  # (between columns, between rows)
    inset: float = 4 * mm  # nothing but the trim comes closer to a badge's edge (printer margins, cutting)
    cut_marks: bool = False

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def slots(self) -> list[tuple[float, float]]:
        """Lower-left corners of the badges on a page, row by row from the top left."""
        (pw, ph), (bw, bh), (gx, gy) = self.page, self.badge, self.gap
        grid_w, grid_h = self.columns * bw + (self.columns - 1) * gx, self.rows * bh + (self.rows - 1) * gy
        left, top = self.margins if self.margins else ((pw - grid_w) / 2, (ph - grid_h) / 2)
        return [(left + c * (bw + gx), ph - top - (r + 1) * bh - r * gy)
                for r in range(self.rows) for c in range(self.columns)]


# Zero gaps where the stock is cut: one guillotine cut per line, marks in the margins extending each.
LAYOUTS: dict[str, Layout] = {layout.key: layout for layout in (
    Layout("a4-8", _l("A4 sheet, 8 badges of 90 × 55 mm, with cut marks"), A4, (90 * mm, 55 * mm), 2, 4,
           cut_marks=True),
    Layout("a4-4", _l("A4 sheet, 4 A6 badges (105 × 148 mm), with cut lines"), A4, A6, 2, 2,
           margins=(0, 0.5 * mm), inset=6.5 * mm, cut_marks=True),
    Layout("letter-6", _l("US Letter sheet, 6 badges of 4 × 3 in (Avery 5392 and alike)"), letter,
           (4 * inch, 3 * inch), 2, 3, margins=(0.25 * inch, 1 * inch), inset=0.2 * inch, cut_marks=True),
    Layout("a6", _l("A6, one badge per page"), A6, A6, inset=6.5 * mm),
    Layout("id1", _l("Card, 85.6 × 54 mm (ID-1), for card printers"), (85.6 * mm, 54 * mm), (85.6 * mm, 54 * mm),
           inset=3 * mm),
)}
DEFAULT_LAYOUT = "a4-8"


@dataclass(frozen=True)
class BadgeSheet:
    forum_title: str
    dates_text: str  # e.g. "14–15 April 2027 · Jakarta"
    layout: str = DEFAULT_LAYOUT  # a key of LAYOUTS
    logos: tuple[LogoData, ...] = ()  # the organisers': in the header, beside (or above) the forum's title


@dataclass(frozen=True)
class BadgeData:
    name: str
    organisation: str = ""
    country_name: str = ""
    category_word: str = "PARTICIPANT"  # one of CATEGORY_COLOURS: the band's colour
    category_label: str = ""  # what the band says, in the forum's languages ("" says category_word)
    band_colour: str = CATEGORY_COLOURS["PARTICIPANT"]
    cluster: str = ""
    checkin_code: str = ""
    reference: str = ""  # how the organiser finds the record if its badge cannot be drawn, e.g. "#812"


@dataclass
class RenderResult:
    printed: list[int] = field(default_factory=list)  # indexes into the badges given, in order
    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (index, reference, reason)
    pages: int = 0


class UnknownLayout(ValueError):
    pass


# --- QR codes: the toolkit's path, cached per code ------------------------------------------------------

QR_ENCODER = qr.QR_ENCODER
_qr_matrix_segno = qr.qr_matrix_segno  # the fallback encoder, for a test and the benchmark to swap in
qr_matrix = qr.qr_matrix  # the encoder this module uses


@lru_cache(maxsize=4)  # prepare() checks the code, draw() uses it
def qr_path(code: str) -> tuple[int, str]:
    """(modules per side, PDF path operators in module units) of `code`'s QR symbol (all it holds)."""
    n, modules = qr_matrix(code)
    return n, qr.path_of(n, modules)


def draw_qr(canvas: Canvas, code: str, x: float, y: float, size: float) -> None:
    """The QR code of `code`, its symbol (without quiet zone) filling the square at x, y of side size."""
    qr.fill_path(canvas, *qr_path(code), x, y, size)


# --- the badge's geometry ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Header:
    """The forum's title and dates, and the organisers' logos, laid out once per sheet; their height places
    everything below. Landscape: the logos flush right, the text in the width left of them; portrait: the logos
    centred above the title. Without logos the header is as it always was."""

    title: Block
    dates: Block
    stacked: bool  # dates under the title (portrait, or a title too long to share its line)
    text_width: float = 0.0
    logos: tuple[Placed, ...] = ()
    logos_width: float = 0.0
    logo_height: float = 0.0  # the room the logos take: beside the text (landscape) or above it (portrait)

    @property
    def text_height(self) -> float:
        if self.stacked:
            return self.title.height + self.dates.height + 0.15 * self.dates.size
        return max(self.title.height, self.dates.height)

    @property
    def height(self) -> float:
        if not self.logos:
            return self.text_height
        return self.logo_height + self.text_height if self.above else max(self.text_height, self.logo_height)

    @property
    def above(self) -> bool:
        """The logos sit above the text (portrait badges), rather than beside it."""
        return self.logos_width > 0 and self.text_width == 0.0


def _header(sheet: BadgeSheet, w: float, h: float, p: float) -> _Header:
    width = w - 2 * p
    if h > w:
        u = w / (105 * mm)
        title = fit(sheet.forum_title, True, width, 12.5 * u, 9 * u, max_lines=2, one_line_down_to=0.9)
        dates = fit(sheet.dates_text, False, width, 9.5 * u, 7 * u)
        placed, row_width = fit_logos(sheet.logos, 12 * mm * u, width, 4 * mm * u)
        if not placed:
            return _Header(title, dates, True)
        return _Header(title, dates, True, 0.0, tuple(placed), row_width, 12 * mm * u + 2.5 * mm * u)  # row + gap
    u = h / (55 * mm)
    placed, row_width = fit_logos(sheet.logos, 6.5 * mm * u, width * 0.42, 2 * mm * u, min_scale=0.75)
    if placed:
        width -= row_width + 3 * mm * u
    title_size, dates_size = 8 * u, 7 * u
    dates = fit(sheet.dates_text, False, width, dates_size, 5.5 * u)
    dates_w = dates.widths[0] * dates.size * dates.scale if dates.lines else 0
    title = fit(sheet.forum_title, True, max(width - dates_w - 4 * u, 1), title_size, title_size)
    logos = (width, tuple(placed), row_width, 6.5 * mm * u) if placed else ()
    if title.scale == 1:
        return _Header(title, dates, False, *logos)
    return _Header(fit(sheet.forum_title, True, width, title_size, 6.5 * u, max_lines=2, one_line_down_to=0.9),
                   dates, True, *logos)


@dataclass(frozen=True)
class _Geometry:
    w: float
    h: float
    p: float  # the layout's inset
    u: float  # scale against the reference badge (55 mm tall landscape, 105 mm wide portrait)
    portrait: bool
    rule_y: float  # the hairline under the header
    band: tuple[float, float, float, float, float]  # x, y, width, height, word size
    qr: tuple[float, float, float]  # x, y, side of the symbol (quiet zone outside)
    code: tuple[float, float, float]  # centre x, top, size of the check-in code in letters
    name: tuple[float, float, float, float, float]  # x, width, max size, min size, top
    info: tuple[float, float, float]  # x, width, bottom: organisation, country, cluster stacked upwards
    info_sizes: tuple[float, float, float]
    info_gap: float  # between the name and the lines under it
    align: str


def _geometry(layout: Layout, header_height: float) -> _Geometry:
    w, h = layout.badge
    p = layout.inset
    rule_y = h - p - header_height - 2.5 * mm * min(w, h) / (55 * mm)
    if h > w:  # portrait (A6): centred, the QR above the band
        u = w / (105 * mm)
        band_h, qr, code_size = 14 * mm * u, 28 * mm * u, 7.5 * u
        qr_y = p + band_h + 3 * mm * u + code_size * 1.3 + 2 * qr / 21
        return _Geometry(
            w, h, p, u, True, rule_y, band=(p, p, w - 2 * p, band_h, 20 * u), qr=((w - qr) / 2, qr_y, qr),
            code=(w / 2, qr_y - 2 * qr / 21, code_size),
            name=(p, w - 2 * p, 34 * u, 11 * u, rule_y - 6 * u),
            info=(p, w - 2 * p, qr_y + qr + 4 * qr / 21 + 2 * mm * u), info_sizes=(13 * u, 11 * u, 11 * u),
            info_gap=8 * u, align="centre")
    u = h / (55 * mm)  # landscape: the QR in a column on the right
    band_h = 8 * mm * u
    qr = min(17 * mm * u, w * 0.21)
    module = qr / 21  # a version 1 symbol, which every 12-letter check-in code fits
    qr_y = rule_y - 3.5 * module - qr
    column = w - 2 * p - qr - 5 * module
    return _Geometry(
        w, h, p, u, False, rule_y, band=(p, p, w - 2 * p, band_h, 11 * u), qr=(w - p - qr, qr_y, qr),
        code=(w - p - qr / 2, qr_y - 2.2 * module, 6 * u),
        name=(p, column, 21 * u, 7 * u, rule_y - 4 * u),
        info=(p, column, p + band_h + 3.5 * u), info_sizes=(8.5 * u, 7.5 * u, 7.5 * u), info_gap=3 * u,
        align="left")


# --- drawing -------------------------------------------------------------------------------------------

QrPainter = Callable[[Canvas, str, float, float, float], None]


@dataclass
class _Prepared:
    name: Block
    name_top: float
    info: list[tuple[Block, float, object]]  # block, top, colour
    band_form: str
    code: str
    code_text: Block | None  # None when the badge has no code


class _Renderer:
    def __init__(self, canvas: Canvas, sheet: BadgeSheet, layout: Layout, qr_painter: QrPainter | None):
        self.canvas, self.sheet, self.layout = canvas, sheet, layout
        w, h = layout.badge
        self.header = _header(sheet, w, h, layout.inset)
        self.g = _geometry(layout, self.header.height)
        self.qr_painter = qr_painter or draw_qr
        self.bands: dict[tuple[str, str], str] = {}
        self._define_header()
        if layout.cut_marks:
            self._define_cut_marks()

    # forms: drawn once per sheet, placed on every badge or page
    def _define_header(self) -> None:
        c, g, header = self.canvas, self.g, self.header
        width, top = g.w - 2 * g.p, g.h - g.p
        c.beginForm("header", 0, 0, g.w, g.h)
        align = "centre" if g.portrait else "left"
        if header.above:  # portrait: the organisers' logos centred over the title
            gap = 2.5 * mm * g.w / (105 * mm)  # under the row, as _header counted it
            draw_logos(c, header.logos, g.p + (width - header.logos_width) / 2, top - (header.logo_height - gap) / 2)
            top -= header.logo_height
        elif header.logos:  # landscape: flush right, centred on the header's height; the text keeps the rest
            draw_logos(c, header.logos, g.w - g.p - header.logos_width, top - header.height / 2)
            width = header.text_width
            top -= (header.height - header.text_height) / 2
        draw_block(c, header.title, g.p, top, width, ACCENT, align)
        if header.stacked:
            draw_block(c, header.dates, g.p, top - header.title.height - 0.15 * header.dates.size, width, MUTED,
                        align)
        else:  # on the title's baseline, flush right
            draw_block(c, header.dates, g.p, top - (header.title.size - header.dates.size) * header.title.ascent,
                        width, MUTED, "right")
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(g.p, g.rule_y, g.w - g.p, g.rule_y)
        c.endForm()

    def _define_cut_marks(self) -> None:
        c, layout = self.canvas, self.layout
        (pw, ph), (bw, bh) = layout.page, layout.badge
        slots = layout.slots()
        xs = sorted({round(x, 2) for x, _y in slots} | {round(x + bw, 2) for x, _y in slots})
        ys = sorted({round(y, 2) for _x, y in slots} | {round(y + bh, 2) for _x, y in slots})
        c.beginForm("cutmarks", 0, 0, pw, ph)
        c.setStrokeColor(CUT)
        c.setLineWidth(0.35)
        left, right, bottom, top = xs[0], xs[-1], ys[0], ys[-1]
        lines = []
        if min(left, pw - right, bottom, ph - top) >= 6 * mm:  # marks in the margins, clear of the badges
            off, length = 2 * mm, min(8 * mm, min(left, bottom) - 3 * mm)
            for x in xs:
                lines += [(x, top + off, x, top + off + length), (x, bottom - off, x, bottom - off - length)]
            for y in ys:
                lines += [(left - off, y, left - off - length, y), (right + off, y, right + off + length, y)]
        else:  # the badges fill the page: thin dashed lines along the inner cuts
            c.setDash(2, 2)
            lines += [(x, 0, x, ph) for x in xs if 3 * mm < x < pw - 3 * mm]  # not along the sheet's own edges
            lines += [(0, y, pw, y) for y in ys if 3 * mm < y < ph - 3 * mm]
        c.lines(lines)
        c.endForm()

    def _band_form(self, word: str, colour: str) -> str:
        key = (word, colour)
        if key not in self.bands:
            fill = colors.HexColor(colour)  # an unreadable colour fails this badge only
            name = f"band{len(self.bands)}"
            c, g = self.canvas, self.g
            x, y, width, height, size = g.band
            c.beginForm(name, 0, 0, g.w, g.h)
            c.setFillColor(fill)
            c.roundRect(x, y, width, height, min(height / 4, 2.5 * mm), stroke=0, fill=1)
            spacing = size * 0.12
            block = fit(fonts.clean(word).upper(), True, width - 6 * mm, size, size * 0.6)
            cap_height = 0.714 * block.size  # Noto Sans capitals
            baseline = y + (height - cap_height) / 2
            draw_block(c, block, x, baseline + block.ascent * block.size, width, colors.white, "centre",
                        char_space=spacing)
            c.endForm()
            self.bands[key] = name
        return self.bands[key]

    def prepare(self, badge: BadgeData) -> _Prepared:
        """Everything a badge needs, laid out; whatever can fail on bad data fails here, before drawing."""
        g = self.g
        x, width, max_size, min_size, top = g.name
        info, bottom = self._info(badge, 2)
        name = fit(badge.name, True, width, max_size, min_size, max_lines=2, height=top - bottom)
        if name.size < max_size * 0.6 and any(len(block.lines) > 1 for block, _t, _c in info):
            # the name comes first: the lines under it give up their second line, unless that squeezes them
            info1, bottom1 = self._info(badge, 1)
            if min(block.scale for block, _t, _c in info1) >= 0.75:
                info, bottom = info1, bottom1
                name = fit(badge.name, True, width, max_size, min_size, max_lines=2, height=top - bottom)
        name_top = top - max(0.0, (top - bottom - name.height) / 2)  # centred in the room left
        code = fonts.clean(badge.checkin_code).strip()
        code_text = None
        if code:
            if self.qr_painter is draw_qr:
                qr_path(code)  # a code no QR symbol can hold fails here (encodings are cached)
            _cx, _top, size = g.code
            code_text = fit(" ".join(code[i:i + 4] for i in range(0, len(code), 4)), False, g.qr[2] * 1.4, size,
                            size * 0.6)
        band = self._band_form(badge.category_label or badge.category_word or "PARTICIPANT",
                               badge.band_colour or CATEGORY_COLOURS["PARTICIPANT"])
        return _Prepared(name, name_top, info, band, code, code_text)

    def _info(self, badge: BadgeData, max_lines: int) -> tuple[list[tuple[Block, float, object]], float]:
        """Organisation, country and cluster stacked up from the bottom: (block, top, colour) each, and
        where the name's room ends."""
        g = self.g
        _x, width, bottom = g.info
        org_size, country_size, cluster_size = g.info_sizes
        lines = []  # bottom up
        cluster = " ".join(fonts.clean(badge.cluster).split())
        if cluster:
            label = _("Cluster: %(cluster)s", cluster=cluster)
            lines.append((fit(label, True, width, cluster_size, cluster_size * 0.75, max_lines=max_lines), ACCENT))
        if fonts.clean(badge.country_name).strip():
            lines.append((fit(badge.country_name, False, width, country_size, country_size * 0.75), MUTED))
        if fonts.clean(badge.organisation).strip():
            lines.append((fit(badge.organisation, False, width, org_size, org_size * 0.7, max_lines=max_lines), INK))
        info, y = [], bottom
        for block, colour in lines:
            y += block.height
            info.append((block, y, colour))
        return info, (y + g.info_gap if info else bottom)

    def draw(self, prepared: _Prepared, x0: float, y0: float) -> None:
        c, g = self.canvas, self.g
        c.saveState()
        c.translate(x0, y0)
        c.doForm("header")
        c.doForm(prepared.band_form)
        draw_block(c, prepared.name, g.name[0], prepared.name_top, g.name[1], INK, g.align)
        for block, top, colour in prepared.info:
            draw_block(c, block, g.info[0], top, g.info[1], colour, g.align)
        if prepared.code_text is not None:  # the badge has a code
            qx, qy, qs = g.qr
            self.qr_painter(c, prepared.code, qx, qy, qs)
            cx, ctop, _size = g.code
            draw_block(c, prepared.code_text, cx - qs * 0.7, ctop, qs * 1.4, MUTED, "centre")
        c.restoreState()


def layout_for(key: str) -> Layout:
    """The badge layout of this key; UnknownLayout when there is none."""
    try:
        return LAYOUTS[key]
    except KeyError:
        raise UnknownLayout(key) from None


def render_badges(sheet: BadgeSheet, badges: Iterable[BadgeData], out: BinaryIO,
                  qr_painter: QrPainter | None = None) -> RenderResult:
    """Write the badges to `out` as a PDF, page by page as `badges` is consumed.

    Returns which badges were printed and which could not be drawn (those are listed on a last page).
    `qr_painter` replaces the QR drawing (benchmarks compare reportlab's QrCodeWidget and no QR at all).
    """
    layout = layout_for(sheet.layout)
    fonts.register_fonts()
    canvas = Canvas(out, pagesize=layout.page, pageCompression=1, initialFontName=fonts.font_name(),
                    initialFontSize=8)  # not the built-in Helvetica, which cannot draw Vietnamese
    canvas.setTitle(_("Badges – %(forum)s", forum=fonts.clean(sheet.forum_title)))
    canvas.setAuthor("ForumOps")
    canvas.setCreator("ForumOps")
    renderer = _Renderer(canvas, sheet, layout, qr_painter)
    slots = layout.slots()
    result = RenderResult()
    on_page = 0
    for index, badge in enumerate(badges):
        try:
            prepared = renderer.prepare(badge)
        except Exception as error:  # one bad record never breaks the batch
            result.failed.append((index, str(getattr(badge, "reference", "") or f"item {index + 1}"),
                                  f"{type(error).__name__}: {error}"[:200]))
            continue
        renderer.draw(prepared, *slots[on_page])
        result.printed.append(index)
        on_page += 1
        if on_page == layout.per_page:
            _end_page(canvas, layout)
            result.pages += 1
            on_page = 0
    if on_page or not result.pages:
        _end_page(canvas, layout)
        result.pages += 1
    if result.failed:
        canvas.setPageSize(A4)
        _failures_page(canvas, result.failed)
        result.pages += 1
    canvas.save()
    return result


def _end_page(canvas: Canvas, layout: Layout) -> None:
    if layout.cut_marks:
        canvas.doForm("cutmarks")
    canvas.showPage()


def _failures_page(canvas: Canvas, failed: Sequence[tuple[int, str, str]]) -> None:
    """A last page listing the badges that could not be drawn, by reference (not by name: the name may be
    what failed), so the organiser can print them separately."""
    width, height = A4
    y = height - 25 * mm
    title = fit(ngettext("%(num)d badge could not be drawn", "%(num)d badges could not be drawn", len(failed)), True,
                width - 40 * mm, 16, 10)
    draw_block(canvas, title, 20 * mm, y, width - 40 * mm, INK)
    y -= 9 * mm
    hint = fit(_("Correct these registrations, then print their badges one by one from the desk."), False,
               width - 40 * mm, 10, 7)
    draw_block(canvas, hint, 20 * mm, y, width - 40 * mm, INK)
    y -= 10 * mm
    for _index, reference, reason in failed[:60]:
        line = fit(f"{reference}: {reason}", False, width - 40 * mm, 9, 6)
        draw_block(canvas, line, 20 * mm, y, width - 40 * mm, MUTED)
        y -= 5.5 * mm
    if len(failed) > 60:
        more = fit(_("… and %(num)d more", num=len(failed) - 60), False, width - 40 * mm, 9, 6)
        draw_block(canvas, more, 20 * mm, y, width - 40 * mm, MUTED)
    canvas.showPage()
