"""Fonts for PDFs (programme, badges, outcome report): Noto TrueType fonts, one per script.

The built-in PDF fonts cannot draw Vietnamese, and no single Noto file covers Latin, Thai, Lao,
Khmer and Burmese: the script fonts hold no Latin letters or digits. So text is cut into runs by
Unicode block and each run is drawn with its own font (``script_runs``, ``markup``), and the
paragraph styles turn on HarfBuzz shaping (reportlab 4.4+ with ``uharfbuzz``) so Khmer coeng
stacks, Burmese medials and Thai/Lao marks are placed correctly.

Fonts are found without configuration in Debian's ``fonts-noto-core`` directory, or in the
directory named by ``FORUMOPS_FONT_DIR`` (searched first), and registered once per process.
"""

from __future__ import annotations

import os
import threading
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as _rl_paragraph

FONT_DIR_ENV = "FORUMOPS_FONT_DIR"
DEFAULT_FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto", "/usr/local/share/fonts/noto")
DEBIAN_PACKAGE = "fonts-noto-core"

LATIN, THAI, LAO, KHMER, MYANMAR = "latin", "thai", "lao", "khmer", "myanmar"
SCRIPTS = (LATIN, THAI, LAO, KHMER, MYANMAR)

# font key -> Noto family; the registered reportlab names are "<family>-Regular" / "<family>-Bold",
# the file names Debian ships (and the PostScript names embedded in the PDF).
FAMILIES = {
    LATIN: "NotoSans",
    THAI: "NotoSansThai",
    LAO: "NotoSansLao",
    KHMER: "NotoSansKhmer",
    MYANMAR: "NotoSansMyanmar",
}

# Unicode blocks drawn with a script font; everything else is drawn with NotoSans.
_BLOCKS = (
    (0x0E00, 0x0E7F, THAI),
    (0x0E80, 0x0EFF, LAO),
    (0x1780, 0x17FF, KHMER),
    (0x19E0, 0x19FF, KHMER),  # Khmer symbols
    (0x1000, 0x109F, MYANMAR),
    (0xAA60, 0xAA7F, MYANMAR),  # Myanmar Extended-A
    (0xA9E0, 0xA9FF, MYANMAR),  # Myanmar Extended-B
)

# Characters every Noto script font carries; used when the font files cannot be read.
_ALWAYS_COVERED = frozenset(" \u00a0\u200b\u200c\u200d")

# C0/C1 controls (tab and newline become spaces): never drawable, and XML 1.0 forbids most.
_CONTROLS: dict[int, str | None] = {
    c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))}
_CONTROLS.update({0x09: " ", 0x0A: " ", 0x0D: " "})
# The minus sign (U+2212) the web pages write ("from −100 to 100", a gain of "−50") is not in Noto Sans: it was
# silently left out, printing "from 100 to 100". The hyphen-minus stands in for it.
_CONTROLS[0x2212] = "-"


class FontsMissing(RuntimeError):
    """The Noto TrueType fonts are not installed where we look for them."""


@dataclass(frozen=True)
class FontFiles:
    key: str
    regular: Path
    bold: Path | None
    italic: Path | None = None
    bold_italic: Path | None = None


def font_dirs() -> list[Path]:
    """Directories searched for the Noto fonts, the FORUMOPS_FONT_DIR override first."""
    dirs: list[Path] = []
    override = os.environ.get(FONT_DIR_ENV, "").strip()
    if override:
        dirs.extend(Path(p) for p in override.split(os.pathsep) if p)
    dirs.extend(Path(p) for p in DEFAULT_FONT_DIRS)
    return dirs


def _find(filename: str, dirs: Iterable[Path]) -> Path | None:
    for d in dirs:
        path = d / filename
        if path.is_file():
            return path
    return None


def find_fonts(dirs: Iterable[Path] | None = None) -> dict[str, FontFiles]:
    """Locate the regular (required) and bold/italic (optional) file of each family."""
    dirs = list(dirs) if dirs is not None else font_dirs()
    found, missing = {}, []
    for key, family in FAMILIES.items():
        regular = _find(f"{family}-Regular.ttf", dirs)
        if regular is None:
            missing.append(f"{family}-Regular.ttf")
            continue
        found[key] = FontFiles(
            key=key,
            regular=regular,
            bold=_find(f"{family}-Bold.ttf", dirs),
            italic=_find(f"{family}-Italic.ttf", dirs),
            bold_italic=_find(f"{family}-BoldItalic.ttf", dirs),
        )
    if missing:
        searched = ", ".join(str(d) for d in dirs)
        raise FontsMissing(
            f"Noto TrueType fonts not found: {', '.join(missing)} (searched {searched}). "
            f"Install the Debian package {DEBIAN_PACKAGE} (apt-get install -y {DEBIAN_PACKAGE}) "
            f"or point {FONT_DIR_ENV} at a directory holding these .ttf files."
        )
    return found


def font_name(key: str = LATIN, bold: bool = False) -> str:
    """The reportlab name of a registered font, e.g. font_name("thai", bold=True) == "NotoSansThai-Bold".

    A family without a bold file is registered with its regular face under the bold name too,
    so callers never have to check.
    """
    return f"{FAMILIES[key]}-{'Bold' if bold else 'Regular'}"


def _shape_each_font(word, *args, **kwargs):
    """shapeFragWord for words set in more than one font, e.g. "(สมชาย)" or "ဦးအောင်,".

    reportlab shapes a whole word with the HarfBuzz font of its first fragment and then maps the
    glyph ids through each fragment's own font, so the Thai letters of "(สมชาย)" come out as
    boxes. Here each same-font stretch of the word is shaped with its own font and the pieces are
    joined again; single-font words go straight to reportlab.
    """
    frags = word[1:]
    if isinstance(word, ttfonts.ShapedFragWord) or any(isinstance(t, ttfonts.ShapedStr) for _, t in frags):
        return word  # shaped already (paragraphs are wrapped more than once)
    if len({f.fontName for f, _ in frags}) <= 1:
        return _shape_one_font(word, *args, **kwargs)
    groups: list[list] = []
    for frag in frags:
        if groups and groups[-1][-1][0].fontName == frag[0].fontName:
            groups[-1].append(frag)
        else:
            groups.append([frag])
    width, pieces = 0.0, []
    for group in groups:
        sub = [sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in group), *group]
        shaped = _shape_one_font(sub, *args, **{**kwargs, "force": True})
        width += shaped[0]
        pieces.extend(shaped[1:])
    return ttfonts.makeShapedFragWord(word)([width, *pieces])


_LATIN_FEATURES = {"kern": True, "liga": False, "clig": False, "dlig": False}
_LATIN_FONTS = {f"{FAMILIES[LATIN]}-{suffix}" for suffix in ("Regular", "Bold", "Italic", "BoldItalic")}


def _shape_one_font(word, features=None, force=False):
    """Latin is set with kerning but without ligatures: "ﬁ" and "ﬀ" glyphs come back out of the PDF
    as U+FB01/U+FB00, so copied or searched text would not match "finance" or "Coffee"."""
    if features is None and len(word) > 1 and word[1][0].fontName in _LATIN_FONTS:
        features = _LATIN_FEATURES
    if len(word) == 2 and not hasattr(word[1][0], "cbDefn"):
        return _shape_memoised(word, features, force)
    if features is None:
        return _shape_each_font.original(word, force=force)  # type: ignore[attr-defined]  # see _install_shaping_fix
    return _shape_each_font.original(word, features=features, force=force)  # type: ignore[attr-defined]


_SHAPED_WORDS_KEPT = 200_000
_shaped_words: dict[tuple, tuple] = {}


def _shape_memoised(word, features, force):
    """A one-fragment word shaped once per font, size, text and features, then rebuilt around each paragraph's
    own fragment: HarfBuzz and the glyph loop after it are most of the time a shaped document takes to lay
    out, and a programme or report sets the same words over and over. The result is the same word object
    reportlab's shapeFragWord would make."""
    frag, text = word[1]
    key = (frag.fontName, frag.fontSize, text, force, tuple(sorted(features.items())) if features else None)
    known = _shaped_words.get(key)
    if known is None:
        shaped = (_shape_each_font.original(word, features=features, force=force)  # type: ignore[attr-defined]
                  if features is not None else _shape_each_font.original(word, force=force))  # type: ignore[attr-defined]
        if len(_shaped_words) >= _SHAPED_WORDS_KEPT:
            _shaped_words.clear()
        _shaped_words[key] = () if shaped is word else (shaped[0], tuple(piece[1] for piece in shaped[1:]))
        return shaped
    if not known:
        return word
    width, pieces = known
    return ttfonts.makeShapedFragWord(word)([width, *((frag, piece) for piece in pieces)])


SHAPING_AVAILABLE = getattr(ttfonts, "uharfbuzz", None) is not None


def _install_shaping_fix() -> None:
    """Route Paragraph's shaping through _shape_each_font (process-wide, once; a no-op without HarfBuzz)."""
    current = _rl_paragraph.shapeFragWord
    if not SHAPING_AVAILABLE or current is _shape_each_font or not hasattr(ttfonts, "makeShapedFragWord"):
        return
    _shape_each_font.original = current  # type: ignore[attr-defined]  # reportlab's, kept on its wrapper
    _rl_paragraph.shapeFragWord = _shape_each_font


_lock = threading.Lock()
_registered: dict[str, FontFiles] | None = None


def register_fonts() -> dict[str, FontFiles]:
    """Register every Noto font with reportlab, once per process; returns the files used."""
    global _registered
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is not None:
            return _registered
        files = find_fonts()
        if not SHAPING_AVAILABLE:
            warnings.warn(
                "uharfbuzz is not installed: Khmer and Burmese will be drawn with letters out of order and Thai/Lao "
                "marks colliding. Install reportlab[shaping].", RuntimeWarning, stacklevel=2,
            )
        _install_shaping_fix()
        registered = pdfmetrics.getRegisteredFontNames()
        for key, ff in files.items():
            family = FAMILIES[key]
            faces = {
                "Regular": ff.regular,
                "Bold": ff.bold or ff.regular,
                "Italic": ff.italic or ff.regular,
                "BoldItalic": ff.bold_italic or ff.bold or ff.regular,
            }
            for suffix, path in faces.items():
                name = f"{family}-{suffix}"
                if name not in registered:
                    pdfmetrics.registerFont(TTFont(name, str(path)))
            # <b>/<i> inside Paragraph markup map onto the right faces of each family.
            pdfmetrics.registerFontFamily(
                family, normal=f"{family}-Regular", bold=f"{family}-Bold",
                italic=f"{family}-Italic", boldItalic=f"{family}-BoldItalic",
            )
        _registered = files
        return files


@cache
def _coverage(key: str) -> frozenset[int]:
    try:
        register_fonts()
    except FontsMissing:
        return frozenset(map(ord, _ALWAYS_COVERED))
    return frozenset(pdfmetrics.getFont(font_name(key)).face.charToGlyph)


def covers(key: str, char: str) -> bool:
    """Whether the font for `key` has a glyph for `char` (NotoSans is assumed to cover the rest)."""
    if key == LATIN or char in _ALWAYS_COVERED:
        return True
    return ord(char) in _coverage(key)


def script_of(char: str) -> str | None:
    """The font key of a character's Unicode block; None for characters that can go with any
    script (white space, punctuation, digits, symbols, combining marks, joiners)."""
    cp = ord(char)
    for lo, hi, key in _BLOCKS:
        if lo <= cp <= hi:
            return key
    category = unicodedata.category(char)
    if category[0] in "ZPNSM" or category == "Cf":
        return None
    return LATIN


def clean(text: str | None) -> str:
    """NFC with control characters removed (tab/newline become spaces) and the minus sign drawn as a hyphen-minus
    (the fonts have no glyph for it): what gets drawn."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", str(text)).translate(_CONTROLS)


def script_runs(text: str | None) -> list[tuple[str, str]]:
    """Cut NFC-normalised text into (font_key, substring) runs by Unicode block.

    Neutral characters (spaces, punctuation, digits, marks) join the run before them, or the one
    after them at the start of the text, as long as that run's font has a glyph for them; the
    script fonts have no digits or Latin punctuation, so those fall back to the Latin font.
    """
    text = clean(text)
    if not text:
        return []
    hard = [script_of(c) for c in text]
    keys: list[str] = []
    for i, char in enumerate(text):
        key = hard[i]
        if key is None:
            prev = keys[-1] if keys else next((k for k in hard[i + 1:] if k is not None), LATIN)
            key = prev if covers(prev, char) else LATIN
        keys.append(key)
    runs: list[tuple[str, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or keys[i] != keys[start]:
            runs.append((keys[start], text[start:i]))
            start = i
    return runs


def escape_markup(text: str) -> str:
    """Escape text for reportlab's Paragraph mini-markup (&, <, > and both quotes), and nothing more: for an
    attribute's value (a link's href), or a run already in the right font."""
    return escape(text, {'"': "&quot;", "'": "&#39;"})


def escape_text(text: str) -> str:
    """Paragraph markup for the app's own words (a heading, a label, a translated sentence): escaped, and every
    non-Latin run in its script's font, since the words may be Thai, Khmer, Lao or Burmese; the same as
    `markup` without bold."""
    return markup(text)


def markup(text: str | None, bold: bool = False) -> str:
    """Paragraph markup for user text: escaped, every non-Latin run wrapped in its script's font.

    Nothing in `text` is interpreted: "<b>", "<img src=x>" or "&amp;" come out literally. Latin
    runs take the paragraph style's font unless `bold`, when every run is set in the bold faces.
    """
    register_fonts()
    parts = []
    for key, run in script_runs(text):
        escaped = escape_markup(run)
        if key == LATIN and not bold:
            parts.append(escaped)
        else:
            parts.append(f'<font name="{font_name(key, bold)}">{escaped}</font>')
    return "".join(parts)


def paragraph_style(name: str, size: float = 9.5, bold: bool = False, leading: float | None = None,
                    **attrs) -> ParagraphStyle:
    """A ParagraphStyle on NotoSans with HarfBuzz shaping on.

    Leading defaults to 1.45 x size: Burmese and Khmer stack marks well above and below the
    Latin line, and would touch the next line at reportlab's usual 1.2.
    """
    register_fonts()
    return ParagraphStyle(
        name,
        fontName=font_name(LATIN, bold),
        fontSize=size,
        leading=leading if leading is not None else round(size * 1.45, 2),
        shaping=1,
        **attrs,
    )


def stylesheet(base_size: float = 9.5) -> dict[str, ParagraphStyle]:
    """The shared styles for ForumOps PDFs: body, small, bold, title, subtitle, heading, label."""
    from reportlab.lib import colors

    muted = colors.HexColor("#5b6472")
    return {
        "body": paragraph_style("body", base_size),
        "bold": paragraph_style("bold", base_size, bold=True),
        "small": paragraph_style("small", base_size - 1.5, textColor=muted),
        "label": paragraph_style("label", base_size - 2, bold=True, textColor=muted),
        "title": paragraph_style("title", base_size * 2.2, bold=True, leading=base_size * 2.9, spaceAfter=2),
        "subtitle": paragraph_style("subtitle", base_size * 1.25, textColor=muted),
        "heading": paragraph_style("heading", base_size * 1.35, bold=True, spaceBefore=10, spaceAfter=5),
    }
