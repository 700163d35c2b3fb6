"""Text drawn straight on the canvas, for renderers that print the same layout thousands of times (badges,
certificates): words shaped once, blocks fitted by arithmetic, no Paragraph.

Text is cut into words and each word into per-font runs (``fonts.script_runs``); Thai, Lao, Khmer and Burmese
runs (and Latin ones with combining marks) are shaped by HarfBuzz once per distinct word and kept (bounded,
``core.cache``). Shaped widths scale linearly with the size, so shrink-to-fit is arithmetic, not a search
through layouts:

- ``fit``: a name or a short line, as large as fits, onto two lines before it gets too small, narrowed
  (horizontal scaling) only when even that is too wide: always drawn whole;
- ``wrap``: paragraphs wrapped to a width at the largest size that fits a height (a word wider than the
  line, such as Thai written without spaces, breaks between letters; a zero-width space is a break too);
- ``draw_block``: either one drawn as one text object, left, centred or right.

Nothing is interpreted as markup: the canvas draws characters, so "<b>" or "&amp;" prints as typed.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas

from ..core import fonts
from ..core.cache import bounded_cache

Run = tuple[str, str, float]  # (font name, drawable text, width at 1 pt); a space is ("", " ", width)

_LATIN_FEATURES = {"kern": True, "liga": False, "clig": False, "dlig": False}  # as core.fonts: copyable text
_SCRIPT_FEATURES = {"kern": True, "liga": True}
_shaping_lock = threading.Lock()  # HarfBuzz glyphs without a code point get one assigned in the shared font
_TALL = re.compile("[\u1000-\u109f\u1780-\u17ff\uaa60-\uaa7f\ua9e0-\ua9ff]")  # Burmese, Khmer: stacked marks
_BREAK_AFTER = {"\u17d2", "\u1039", "\u200d"}  # Khmer coeng, Burmese virama (stacking), joiner
_ASAT = "\u103a"  # Burmese: the consonant before it closes a syllable
ZWSP = "\u200b"


class _Frag:
    def __init__(self, font_name: str):
        self.fontName, self.fontSize = font_name, 1


def _needs_shaping(key: str, run: str) -> bool:
    return key != fonts.LATIN or any(unicodedata.combining(c) for c in run)


def word_runs(word: str, bold: bool) -> tuple[tuple[Run, ...], float]:
    """A word's (font name, drawable text, width at 1 pt) runs and its width at 1 pt."""
    if not word.isascii():
        return _script_word_runs(word, bold)
    found = _ascii_words.get((word, bold))  # one unshaped Latin run: no script analysis, no shaping
    if found is None:
        name = fonts.font_name(fonts.LATIN, bold)
        width = pdfmetrics.stringWidth(word, name, 1)
        found = (((name, word, width),), width)
        if len(word) <= 64:  # kept only when short: a pasted wall of text is measured, not kept
            if len(_ascii_words) >= _ASCII_KEPT:  # codes and addresses are unique: start again, never grow
                _ascii_words.clear()
            _ascii_words[(word, bold)] = found
    return found


_ASCII_KEPT = 50_000  # words of at most a few dozen bytes each (longer ones are rare): a few MB
_ascii_words: dict[tuple[str, bool], tuple[tuple[Run, ...], float]] = {}


@bounded_cache(maxsize=100_000)  # names are typed by anyone who registers: bounded by bytes too (core.cache)
def _script_word_runs(word: str, bold: bool) -> tuple[tuple[Run, ...], float]:
    runs: list[Run] = []
    for key, run in fonts.script_runs(word):
        name = fonts.font_name(key, bold)
        if fonts.SHAPING_AVAILABLE and _needs_shaping(key, run):
            features = _LATIN_FEATURES if key == fonts.LATIN else _SCRIPT_FEATURES
            with _shaping_lock:
                shaped = ttfonts.shapeFragWord([pdfmetrics.stringWidth(run, name, 1), (_Frag(name), run)],
                                               features=features, force=True)
            runs.extend((frag.fontName, text, _width(text, frag.fontName)) for frag, text in shaped[1:])
        else:
            runs.append((name, run, pdfmetrics.stringWidth(run, name, 1)))
    return tuple(runs), sum(r[2] for r in runs)


def _width(text: str, font_name: str) -> float:
    data = getattr(text, "__shapeData__", None)
    return sum(d.x_advance for d in data) / 1000 if data else pdfmetrics.stringWidth(text, font_name, 1)


@dataclass
class Block:
    lines: list[list[Run]]
    widths: list[float]  # at 1 pt
    size: float
    scale: float = 1.0  # horizontal scaling when even the smallest size is too wide
    leading: float = 1.2
    ascent: float = 0.95
    descent: float = 0.3
    gaps: tuple[float, ...] = ()  # extra room after line i (between paragraphs), in sizes

    @property
    def height(self) -> float:
        if not self.lines:
            return 0
        return self.size * (self.ascent + (len(self.lines) - 1) * self.leading + self.descent + sum(self.gaps))


def _metrics(text: str) -> tuple[float, float, float]:
    """(ascent, descent, leading) in sizes: Khmer and Burmese stack marks well above and below the line."""
    return (1.15, 0.55, 1.45) if _TALL.search(text or "") else (0.95, 0.3, 1.2)


def _join(words: Sequence[tuple[tuple[Run, ...], float, bool]], bold: bool) -> tuple[list[Run], float]:
    """A line's runs from (runs, width, space before) words; unshaped runs in the same font are joined with
    their space (fewer text operators)."""
    latin = fonts.font_name(fonts.LATIN, bold)
    space = pdfmetrics.stringWidth(" ", latin, 1)
    runs: list[Run] = []
    width = 0.0
    for index, (word, word_width, spaced) in enumerate(words):
        for j, run in enumerate(word):
            if runs and j == 0 and spaced:
                last = runs[-1]
                if last[0] == latin == run[0] and type(last[1]) is str and type(run[1]) is str:
                    runs[-1] = (latin, f"{last[1]} {run[1]}", last[2] + space + run[2])
                    continue
                runs.append(("", " ", space))
            runs.append(run)
        width += word_width + (space if spaced and index else 0.0)
    return runs, width


def fit(text: str, bold: bool, width: float, max_size: float, min_size: float, max_lines: int = 1,
        height: float | None = None, one_line_down_to: float = 0.7) -> Block:
    """Lay out text in a box: one line as large as fits (up to max_size); when that would be smaller
    than one_line_down_to x max_size, two lines split where they are most even, if that is larger.
    Below min_size the text is set at min_size and narrowed to the width, never cut."""
    fonts.register_fonts()
    words = [(*word_runs(w, bold), True) for w in fonts.clean(text).split()]
    ascent, descent, leading = _metrics(text)
    if not words:
        return Block([], [], max_size)

    def size_for(line_widths: list[float]) -> float:
        size = min(max_size, width / max(max(line_widths), 1e-6))
        if height is not None:
            size = min(size, height / (ascent + (len(line_widths) - 1) * leading + descent))
        return size

    one, one_w = _join(words, bold)
    best = ([one], [one_w], size_for([one_w]))
    if max_lines >= 2 and len(words) > 1 and best[2] < max_size * one_line_down_to:
        splits = [(_join(words[:k], bold), _join(words[k:], bold)) for k in range(1, len(words))]
        (a, aw), (b, bw) = min(splits, key=lambda s: max(s[0][1], s[1][1]))
        size2 = size_for([aw, bw])
        if size2 > best[2]:
            best = ([a, b], [aw, bw], size2)
    lines, widths, size = best
    scale = 1.0
    if size < min_size:
        size = min_size
        scale = min(1.0, width / (max(widths) * size))
    return Block(lines, widths, size, scale, leading, ascent, descent)


# --- paragraphs ----------------------------------------------------------------------------------------

_Word = tuple[str, bool]  # text, whether a space comes before it


def _paragraphs(text: str) -> list[list[list[_Word]]]:
    """Paragraphs (split at a blank line) of lines (split at a newline) of words; a zero-width space is a place
    to break with no space drawn."""
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = []
        for line in block.split("\n"):
            words: list[_Word] = []
            for word in fonts.clean(line).split():
                words += [(part, i == 0) for i, part in enumerate(word.split(ZWSP)) if part]
            if words:
                lines.append(words)
        if lines:
            out.append(lines)
    return out


def _clusters(word: str) -> list[str]:
    """A word cut where a line may break inside it: before each base letter (never before a mark, nor after a
    Khmer coeng, a Burmese virama or a joiner), so stacked letters stay together; a Burmese consonant closed by
    an asat stays with the syllable it ends."""
    pieces: list[str] = []
    for char in word:
        if pieces and (unicodedata.category(char).startswith("M") or pieces[-1][-1] in _BREAK_AFTER
                       or char in _BREAK_AFTER):
            pieces[-1] += char
            if char == _ASAT and len(pieces) > 1 and _ASAT not in pieces[-1][:-1]:
                pieces[-2:] = [pieces[-2] + pieces[-1]]
        else:
            pieces.append(char)
    return pieces


def _broken(word: str, bold: bool, limit: float) -> list[tuple[tuple[Run, ...], float]]:
    """A word wider than the line (`limit` at 1 pt) in pieces that fit, cut between letters."""
    clusters, pieces = _clusters(word), []
    while clusters:
        low, high = 1, len(clusters)  # the most clusters that fit (at least one)
        while low < high:
            mid = (low + high + 1) // 2
            if word_runs("".join(clusters[:mid]), bold)[1] <= limit:
                low = mid
            else:
                high = mid - 1
        pieces.append(word_runs("".join(clusters[:low]), bold))
        clusters = clusters[low:]
    return pieces


def _wrapped(paragraphs: list[list[list[_Word]]], bold: bool, limit: float) -> tuple[list, list, list[int]]:
    """Lines (runs, width) wrapped greedily at `limit` (the width at 1 pt), and the index of each paragraph's
    last line."""
    lines, widths, ends = [], [], []
    space = pdfmetrics.stringWidth(" ", fonts.font_name(fonts.LATIN, bold), 1)
    for paragraph in paragraphs:
        for words in paragraph:
            current: list[tuple[tuple[Run, ...], float, bool]] = []
            used = 0.0
            for text, spaced in words:
                runs, width = word_runs(text, bold)
                pieces = [(runs, width)] if width <= limit else _broken(text, bold, limit)
                for n, (piece, piece_width) in enumerate(pieces):
                    glue = spaced and n == 0
                    extra = piece_width + (space if glue and current else 0.0)
                    if current and used + extra > limit:
                        line, line_width = _join(current, bold)
                        lines.append(line)
                        widths.append(line_width)
                        current, used, extra = [], 0.0, piece_width
                    current.append((piece, piece_width, glue))
                    used += extra
            if current:
                line, line_width = _join(current, bold)
                lines.append(line)
                widths.append(line_width)
        ends.append(len(lines) - 1)
    return lines, widths, ends


def wrap(text: str, bold: bool, width: float, max_size: float, min_size: float, height: float,
         paragraph_gap: float = 0.5, leading: float | None = None) -> Block:
    """Paragraphs (a blank line between them, a newline breaks a line) wrapped to `width` at the largest size
    from max_size down (in quarter points) whose lines fit `height`. When even min_size is too tall the text
    goes on shrinking to fit rather than spill over what is below it, down to a quarter of min_size."""
    fonts.register_fonts()
    paragraphs = _paragraphs(text)
    ascent, descent, tall_leading = _metrics(text)
    leading = max(leading or 0.0, tall_leading)
    if not paragraphs:
        return Block([], [], max_size)

    def laid_out(size: float) -> Block:
        lines, widths, ends = _wrapped(paragraphs, bold, width / size)
        gaps = tuple(paragraph_gap if i in ends[:-1] else 0.0 for i in range(len(lines)))
        return Block(lines, widths, size, 1.0, leading, ascent, descent, gaps)

    block = laid_out(max_size)
    if block.height <= height:
        return block
    steps = [max_size - 0.25 * i for i in range(1, int((max_size - min_size) * 4) + 1)]
    steps += [min_size * 0.9 ** i for i in range(1, 14)]  # below the floor: never overflow
    low, high = 0, len(steps) - 1  # the first (largest) size that fits: heights fall as the size does
    while low < high:
        mid = (low + high) // 2
        if laid_out(steps[mid]).height <= height:
            high = mid
        else:
            low = mid + 1
    return laid_out(steps[low])


_SHOWN_KEPT = 20_000  # operator strings kept per canvas (a few MB at most)


def _shown(canvas: Canvas, text, font_name: str, size: float, run: str) -> str:
    """The operators that show `run` in this font and size, exactly as reportlab's textOut writes them, made
    once per canvas: font subsets are numbered per document, so they are kept on the canvas. A word or line met
    again (a title, the body's common lines) costs a lookup instead of reportlab's per-glyph encoding."""
    memo = canvas.__dict__.setdefault("_forumops_shown", {})
    key = (font_name, size, type(run) is str, run)
    ops = memo.get(key)
    if ops is None:
        if len(memo) >= _SHOWN_KEPT:
            memo.clear()
        text.setFont(font_name, size)  # after setFont the text object names the font subset: self-contained
        ops = memo[key] = text._formatText(run)
    return ops


def draw_block(canvas: Canvas, block: Block, x: float, top: float, width: float, color, align: str = "left",
               char_space: float = 0.0) -> None:
    """Draw a block with its first line's ascent at `top`; align is left, centre or right within width."""
    if not block.lines:
        return
    text = canvas.beginText()
    text.setFillColor(color)
    if block.scale < 1:
        text.setHorizScale(block.scale * 100)
    if char_space:
        text.setCharSpace(char_space)
    size = block.size
    y = top - block.ascent * size
    gaps = block.gaps or (0.0,) * len(block.lines)
    code = text._code  # the text object's operators: each run is appended as textOut would
    for runs, line_width, gap in zip(block.lines, block.widths, gaps, strict=True):
        drawn = (line_width * size + char_space * max(0, sum(len(t) for _f, t, _w in runs) - 1)) * block.scale
        cx = x if align == "left" else x + (width - drawn) / (2 if align == "centre" else 1)
        for font_name, run, run_width in runs:
            if font_name:
                text.setTextOrigin(cx, y)
                code.append(_shown(canvas, text, font_name, size, run))
            cx += (run_width * size + char_space * len(run)) * block.scale
        y -= (block.leading + gap) * size
    if block.scale < 1:
        text.setHorizScale(100)  # Tz is graphics state: it would outlive this text object
    if char_space:
        text.setCharSpace(0)
    canvas.drawText(text)
