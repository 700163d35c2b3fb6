"""Cleaning user text on the way in and rendering Markdown safely on the way out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from .cache import BoundedCache

# C0/C1 control characters except tab and newline, plus bidi overrides/isolates that can
# disguise text (the "Trojan source" characters). Zero-width joiners stay in stored text: scripts need
# them to render (keys for matching leave them out, see drop_invisible).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SINGLE_LINE_SPACE = re.compile(r"\s+")


def clean_text(value: str | None) -> str:
    """Multi-line text: NFC, CRLF/CR to LF, control characters removed, trailing space trimmed."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    if not any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in value):
        return ""  # only spaces and invisible characters: nothing anyone could read (stops at the first visible)
    # normalise last: a control character dropped from between a letter and its accent ("e\x00\u0301")
    # leaves a pair that only now composes
    return unicodedata.normalize("NFC", value).strip()


def clean_line(value: str | None) -> str:
    """Single-line text (names, titles): as clean_text, with every run of white space one space."""
    return _SINGLE_LINE_SPACE.sub(" ", clean_text(value)).strip()


def has_control_characters(value: str | None) -> bool:
    """True when the raw input holds characters clean_text would silently drop (for validation)."""
    return bool(value and _CONTROL.search(value.replace("\r", "").replace("\t", " ")))


def drop_invisible(value: str) -> str:
    """Without the invisible format characters (Unicode category Cf): zero-width space, joiners and
    non-joiners, word joiner, soft hyphen, byte-order mark, direction marks.

    For keys only, never for stored text: Thai, Khmer, Lao and Burmese text pasted from the web often
    carries zero-width spaces as word-break hints, and two people typing the same name rarely put them in
    the same places. A joiner or non-joiner can change how letters are drawn in some scripts (Persian,
    Malayalam, Sinhala), but it is a typing variant of the same name, not another name: matching treats
    both spellings as one.
    """
    if value.isascii():
        return value
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf")


def fold_key(value: str) -> str:
    """A key for comparing names as a reader sees them: NFC, case-folded, white space collapsed, invisible
    format characters ignored (see drop_invisible)."""
    return unicodedata.normalize("NFC", " ".join(drop_invisible(clean_line(value)).casefold().split()))


# letters that do not decompose into a base letter and a mark, so NFKD alone would not fold them
_FOLD_EXTRA = str.maketrans({"đ": "d", "ð": "d", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"})


def search_key(value: str | None) -> str:
    """Fold text for searching: case, accents and tone marks ignored, so "nguyen" finds "Nguyễn"."""
    decomposed = unicodedata.normalize("NFKD", drop_invisible((value or "").casefold()))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_FOLD_EXTRA).split())


def clean_lines(value: str | None) -> list[str]:
    """One entry per non-empty line, e.g. objectives typed one per line. Leading bullets dropped."""
    items = []
    for line in clean_text(value).split("\n"):
        line = clean_line(re.sub(r"^\s*(?:[-*\u2022]|\d+[.)])\s+", "", line))
        if line:
            items.append(line)
    return items


# `{name}` placeholders in text organisers write (the composer's messages, a certificate's body): a fixed list per
# use, filled in one pass. `{{` and `}}` write a brace; something in single braces that looks like a name (a word
# of up to 40 characters, spaces round it forgiven) is a placeholder, known or not, so a typo such as `{nmae}` can
# be refused by name; a lone brace or braces round a sentence are left as they are.
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{\s*([^\W\d][\w.-]{0,39})\s*\}")


def placeholder_names(text: str | None) -> list[str]:
    """The placeholder names written in the text, known or not, in order of first use."""
    seen: dict[str, None] = {}
    for match in _PLACEHOLDER.finditer(text or ""):
        if match.group(1):
            seen.setdefault(match.group(1), None)
    return list(seen)


def fill_placeholders(text: str | None, values: Mapping[str, str]) -> str:
    """The text with every placeholder replaced by its value (one pass: a value is never read again, so a name
    written "{private_link}" stays that text); `{{` and `}}` become braces, an unknown name stays as written."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return values.get(match.group(1), token)

    return _PLACEHOLDER.sub(replace, text or "")


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table").enable("strikethrough")
# The same, keeping each line break: for text typed one line per entry (a tentative programme), where
# CommonMark's joining of lines into one paragraph runs "08.00 Registration" into "09.00 Opening".
_markdown_lines = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True})
_markdown_lines.enable("table").enable("strikethrough")

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def render_markdown(value: str | None, keep_lines: bool = False) -> Markup:
    """Markdown to HTML that is safe to place in a page: raw HTML is text, tags and URLs allow-listed.

    Headings shift down to h3+ so a user's "# Title" cannot outrank the page's own headings.
    The same text renders the same way, so results are cached (a programme repeats its descriptions
    on every request), under the caches' byte budget (core.cache): text and HTML together, so a field of
    20,000 `&` and emoji takes its real share. `keep_lines`: every line break stays one (<br>), for
    line-per-entry text.
    """
    if not value:
        return Markup("")
    return Markup(markdown_cache.get_or_build((value, keep_lines), lambda: _render_markdown(value, keep_lines)))


markdown_cache: BoundedCache[str] = BoundedCache(maxsize=4096)


def _render_markdown(value: str, keep_lines: bool = False) -> str:
    html = (_markdown_lines if keep_lines else _markdown).render(clean_text(value))
    html = re.sub(r"<(/?)h([12])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}>", html)
    safe = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return safe
