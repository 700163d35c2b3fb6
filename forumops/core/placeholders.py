"""`{name}`-style placeholders in organisers' texts (messages, letters, certificates): found, checked against
a stage's fixed list, and filled by one regex pass.

No template language reaches organisers: there are no expressions, loops or filters to learn or to abuse, and
a value is never read again as a placeholder (a participant named "{private_link}" stays that text). `{{` and
`}}` write a brace. Anything else between braces that looks like a name is refused by name, so a typo such as
`{nmae}` is caught where it is typed. Each stage keeps its own list of names and what they become.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _

# a brace pair, or something in single braces that is meant as a placeholder: a word of up to 40 characters
# (spaces round it forgiven; its letters may carry marks, as Thai and Khmer words do, which \w alone misses, so
# a translator's {ชื่อ} is refused rather than printed); a lone brace or braces round a sentence are left as they are
_TOKEN = re.compile(r"\{\{|\}\}|\{\s*([^\W\d](?:[\w.-]|[^\s\x00-\x7f]){0,39})\s*\}")


def used(text: str) -> list[str]:
    """The placeholder names written in the text, known or not, in order of first use."""
    seen: dict[str, None] = {}
    for match in _TOKEN.finditer(text or ""):
        if match.group(1):
            seen.setdefault(match.group(1), None)
    return list(seen)


def unknown(text: str, known: Iterable[str]) -> list[str]:
    """The names written in braces that are not among `known` (`{nmae}`), to be refused by name."""
    allowed = set(known)
    return [name for name in used(text) if name not in allowed]


def unknown_message(names: list[str], known: Iterable[str]) -> str:
    """The refusal shown next to the field: the unknown names, then those that may be used."""
    listed = ", ".join("{" + name + "}" for name in names)
    return _("Unknown placeholder: %(names)s. Use only those listed (%(known)s), or write {{ and }} for a brace.",
             names=listed, known=", ".join("{" + name + "}" for name in known))


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with every placeholder replaced by its value (one pass: values are never read again); an
    unknown one is left as written."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return values.get(match.group(1), token)

    return _TOKEN.sub(replace, text or "")
