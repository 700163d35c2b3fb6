"""Text for every PDF: the Paragraph that shapes only when needed, Markdown as flowables or plain words, user
text fitted on one line or shortened.

Every piece of user text goes through ``fonts.markup`` (escaped for Paragraph markup, each script in its
Noto font, shaped by HarfBuzz): "<b>", "<img src=x>" or "&" in what organisers typed print literally.
Markdown is read with markdown-it (raw HTML off) and only its structure is turned into markup:
paragraphs, headings, lists, quotes, code, emphasis and http(s)/mailto links.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer
from reportlab.platypus import Paragraph as PlatypusParagraph
from reportlab.platypus.flowables import HRFlowable

from ..core import fonts
from ..core.text import clean_text
from .style import ACCENT, RULE, hex_colour

# Runs that HarfBuzz must shape: the script fonts fonts.markup switches to, and combining marks (which NFC
# leaves only where no precomposed letter exists).
_NEEDS_SHAPING = re.compile(r'name="NotoSans(?:Thai|Lao|Khmer|Myanmar)-'
                            r"|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]")


def _unshaped(style: ParagraphStyle) -> ParagraphStyle:
    """The style with shaping off, made once per style (kept on it: styles live as long as one render)."""
    unshaped = style.__dict__.get("_unshaped")
    if unshaped is None:
        unshaped = style.__dict__["_unshaped"] = ParagraphStyle(f"{style.name}-unshaped", parent=style, shaping=0)
    return unshaped


def shape_only_when_needed(styles: dict[str, ParagraphStyle]) -> dict[str, ParagraphStyle]:
    """Mark styles whose paragraphs skip HarfBuzz when their text needs no shaping (see Paragraph)."""
    for style in styles.values():
        style.__dict__["shape_only_when_needed"] = True
    return styles


class Paragraph(PlatypusParagraph):
    """A Paragraph that, in a style marked by shape_only_when_needed, is shaped by HarfBuzz only when its text
    needs it; in any other style it is reportlab's own.

    Shaping is what draws Thai, Lao, Khmer and Burmese correctly. Latin and Vietnamese (precomposed after NFC)
    come out with the same letters without it, only unkerned, so a document that was laid out that way (the
    outcome report) keeps its look and skips the shaping of paragraphs whose markup holds no script-font run
    and no combining mark. Every document's shaping is also memoised word by word (core.fonts), which gives
    most of the speed with the output unchanged.
    """

    def __init__(self, text, style=None, *args, **kwargs):
        if (style is not None and style.__dict__.get("shape_only_when_needed") and getattr(style, "shaping", 0)
                and not _NEEDS_SHAPING.search(text)):
            style = _unshaped(style)
        super().__init__(text, style, *args, **kwargs)


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
SAFE_SCHEMES = ("http://", "https://", "mailto:")
LINK_COLOUR = hex_colour(ACCENT)
BULLETS = ("\u2022", "\u2013", "\u25e6")


def _inline(children) -> str:
    parts: list[str] = []
    links: list[bool] = []
    for child in children or ():
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(fonts.markup(child.content))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("<br/>")
        elif kind in ("strong_open", "strong_close"):
            parts.append("<b>" if kind.endswith("open") else "</b>")
        elif kind in ("em_open", "em_close"):
            parts.append("<i>" if kind.endswith("open") else "</i>")
        elif kind == "link_open":
            href = str(child.attrGet("href") or "").strip()
            safe = href.lower().startswith(SAFE_SCHEMES) and not any(c in href for c in "\n\r\t")
            links.append(safe)
            if safe:
                parts.append(f'<a href="{fonts.escape_markup(href)}" color="{LINK_COLOUR}"><u>')
        elif kind == "link_close":
            if links and links.pop():
                parts.append("</u></a>")
        elif kind == "image":
            parts.append(fonts.markup(child.content))
    return "".join(parts)


class MarkdownStyles:
    """Paragraph styles for Markdown blocks, derived from a body style (list indents made on demand)."""

    def __init__(self, body: ParagraphStyle, heading: ParagraphStyle, quote: ParagraphStyle):
        self.body, self.heading, self.quote = body, heading, quote
        self._lists: dict[int, ParagraphStyle] = {}

    def list_item(self, depth: int) -> ParagraphStyle:
        if depth not in self._lists:
            indent = 14 * depth
            self._lists[depth] = ParagraphStyle(
                f"{self.body.name}-list{depth}", parent=self.body, leftIndent=indent, bulletIndent=indent - 11,
                bulletFontName=fonts.font_name(), spaceAfter=2)
        return self._lists[depth]


def markdown_flowables(source: str | None, styles: MarkdownStyles) -> list[Flowable]:
    """Markdown source as flowables; empty source gives an empty list."""
    text = clean_text(source)
    if not text:
        return []
    tokens = _markdown.parse(text)
    out: list[Flowable] = []
    lists: list[list] = []  # [ordered, last number] per open list
    bullet: str | None = None
    quote = 0
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(token.attrGet("start") or 1) if ordered else 1
            lists.append([ordered, start - 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                out.append(Spacer(1, 4))
        elif kind == "list_item_open" and lists:
            lists[-1][1] += 1
            ordered, number = lists[-1]
            bullet = f"{number}." if ordered else BULLETS[(len(lists) - 1) % len(BULLETS)]
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "hr":
            out.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=4, spaceAfter=6))
        elif kind in ("fence", "code_block"):
            lines = [fonts.markup(line) for line in token.content.rstrip("\n").split("\n")]
            out.append(Paragraph("<br/>".join(lines), styles.quote))
        elif kind == "inline":
            markup = _inline(token.children)
            if not markup.strip():
                continue
            opener = tokens[index - 1].type if index else ""
            if opener == "heading_open":
                out.append(Paragraph(markup, styles.heading))
            elif lists:
                out.append(Paragraph(markup, styles.list_item(len(lists)), bulletText=bullet))
                bullet = None
            elif quote:
                out.append(Paragraph(markup, styles.quote))
            else:
                out.append(Paragraph(markup, styles.body))
    return out


def _cut(text: str, limit: int) -> str:
    """Text of at most `limit` characters, cut at a word and ended with "…" when it was longer."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "\u2026"


def shorten(text: str | None, limit: int) -> str:
    """User text on one line (white space folded), cut at a word to `limit` characters with "…"."""
    return _cut(" ".join(fonts.clean(text).split()), limit)


def plain_text(markdown_source: str | None, limit: int) -> str:
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
    return _cut(" ".join("".join(words).split()), limit)


def fit_line(text: str, style: ParagraphStyle, width: float, bold: bool = False) -> Paragraph:
    """User text as a one-line Paragraph no wider than `width`, shortened with "…" when it must be."""
    text = " ".join(fonts.clean(text).split())

    def fits(candidate: str) -> Paragraph | None:
        para = Paragraph(fonts.markup(candidate, bold=bold), style)
        _w, height = para.wrap(width, 10_000)
        return para if height <= style.leading * 1.3 else None

    para = fits(text)
    if para is not None:
        return para
    low, high, best = 0, len(text), fits("\u2026") or Paragraph("\u2026", style)
    while low < high:
        mid = (low + high + 1) // 2
        candidate = fits(text[:mid].rstrip(" ,;:.") + "\u2026")
        if candidate is None:
            high = mid - 1
        else:
            low, best = mid, candidate
    return best

