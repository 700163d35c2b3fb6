"""The translation catalogues' checks: what `tests/core/test_translations.py` fails CI on, and what
translators run before they commit (`make translations` prints the same report).

For each shipped language, every message of the surfaces it ships (core.languages: the whole interface,
or the sources of a participant's pages) must be translated, not fuzzy, not the English left in place,
with the same placeholders (%(name)s, {forum}) and the same Markdown (bold, code, link targets, list
lines) as the original, and with each glossary term rendered the glossary's way.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from .languages import LANGUAGES, PARTICIPANT_SOURCES, PLACEHOLDER, WHOLE, placeholders

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "forumops" / "translations"

LINK_TARGET = re.compile(r"\]\(([^)]*)\)")
# words that read the same in every language (names, formats, codes): English left in place is fine
SAME_EVERYWHERE = re.compile(r"^[\W\d_]*(?:(?:ForumOps|CSV|PDF|QR|iCalendar|ICS|URL|JSON|ID|OK|Markdown|"
                             r"Email|E-mail|SMTP|UTC|GMT|SHA-256|Zoom|Google|WhatsApp|[A-Z]{2,}|%\([a-z_]+\)[sd]|"
                             r"\{[a-z_]+\})[\W\d_]*)*$")


@dataclass
class Glossary:
    """A language's glossary: each English term and the one rendering the catalogue uses for it."""

    terms: dict[str, str] = field(default_factory=dict)
    # message ids where a term is meant otherwise (e.g. "forum" in "ForumOps")
    exceptions: dict[str, list[str]] = field(default_factory=dict)
    # English words left in place on purpose (a name the language borrows as it is)
    keep: list[str] = field(default_factory=list)


def catalogue_path(code: str) -> Path:
    """Where a language's catalogue lives."""
    return TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"


def read_catalogue(path: Path) -> Catalog:
    """A .po or .pot file, parsed."""
    with path.open("rb") as handle:
        return read_po(handle)


def read_glossary(code: str) -> Glossary:
    """A language's glossary (forumops/translations/<code>/glossary.toml); empty when there is none."""
    path = TRANSLATIONS / code / "glossary.toml"
    if not path.exists():
        return Glossary()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Glossary(terms=data.get("terms", {}), exceptions=data.get("exceptions", {}), keep=data.get("keep", []))


def is_participant_message(message: Message) -> bool:
    """Whether a message appears in a source of a participant's pages."""
    return any(fnmatch.fnmatch(location, pattern)
               for location, _line in message.locations for pattern in PARTICIPANT_SOURCES)


def shipped_messages(template: Catalog, code: str) -> list[Message]:
    """The messages a language must translate: all of them, or those of a participant's pages."""
    language = next(language for language in LANGUAGES if language.code == code)
    return [message for message in template if message.id
            and (language.covers == WHOLE or is_participant_message(message))]


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (str(message.id),)


def _strings(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, tuple | list):
        return tuple(message.string)
    return (message.string or "",)


def _markdown_shape(text: str) -> tuple:
    lines = text.splitlines()
    return (text.count("**"), text.count("`"), tuple(sorted(LINK_TARGET.findall(text))),
            sum(1 for line in lines if line.lstrip().startswith("- ")), text.count("{{"), text.count("}}"))


_placeholders = placeholders  # %(name)s and the composer's {forum}: kept as they are

def where(message: Message) -> str:
    """Where a message is used, for a failure to point at."""
    return ", ".join(f"{path}:{line}" for path, line in message.locations[:3])


def message_problems(original: Message, translated: Message | None, glossary: Glossary) -> list[str]:
    """What is wrong with one translation (empty when nothing is)."""
    if translated is None or not any(_strings(translated)):
        return ["missing"]
    if translated.fuzzy:
        return ["fuzzy (a changed original: check it, then remove the fuzzy flag)"]
    problems = []
    ids = _ids(original)
    wanted = set().union(*(_placeholders(text) for text in ids))
    plural_only = _placeholders(ids[-1]) if len(ids) > 1 else wanted
    for text in _strings(translated):
        found = _placeholders(text)
        if found - wanted or not plural_only <= found:
            problems.append(f"placeholders {sorted(found)} differ from the original's {sorted(wanted)}")
        if _markdown_shape(text) != _markdown_shape(ids[-1]) and _markdown_shape(text) != _markdown_shape(ids[0]):
            problems.append("Markdown (bold, code, link targets, list lines or {{ }}) differs from the original")
        if text.strip() == ids[0].strip() and not SAME_EVERYWHERE.match(text) and text.strip() not in glossary.keep:
            problems.append("is the English left in place")
    for term, rendering in glossary.terms.items():
        if _ids(original)[0] in glossary.exceptions.get(term, []):
            continue
        words = PLACEHOLDER.sub(" ", ids[0])  # "%(forum)s" names a value, not the idea
        if re.search(rf"\b{re.escape(term)}(?:s|es)?\b", words, flags=re.IGNORECASE) and not any(
                rendering.lower() in text.lower() for text in _strings(translated)):
            problems.append(f"glossary: {term!r} should be rendered {rendering!r}")
    return problems


def catalogue_problems(template: Catalog, code: str, catalogue: Catalog | None = None,
                       only: Iterable[str] | None = None) -> list[str]:
    """Every problem of one language's catalogue against the extracted template, one line each naming the
    message and where it is used."""
    catalogue = catalogue if catalogue is not None else read_catalogue(catalogue_path(code))
    glossary = read_glossary(code)
    wanted = set(only) if only is not None else None
    # Babel's own checks, the ones `pybabel compile` (make install) stops at
    lines = [f"{code}: {_ids(message)[0]!r} ({where(message)}): {error}"
             for message, errors in catalogue.check() for error in errors]
    for original in shipped_messages(template, code):
        if wanted is not None and original.id not in wanted:
            continue
        translated = catalogue.get(original.id, original.context)
        for problem in message_problems(original, translated, glossary):
            lines.append(f"{code}: {_ids(original)[0]!r} ({where(original)}): {problem}")
    return lines


def plural_mismatches(template: Catalog) -> list[str]:
    """Plural messages whose two English forms name different placeholders: a language with one form
    (all those ForumOps ships) cannot translate them, since its one form is checked against the singular."""
    return [f"{_ids(message)[0]!r} ({where(message)})" for message in template
            if isinstance(message.id, tuple | list) and placeholders(message.id[0]) != placeholders(message.id[1])]


def report(template_path: Path | None = None) -> int:
    """Print each language's problems and a count of what is translated; the number of problems."""
    template = read_catalogue(template_path or TRANSLATIONS / "messages.pot")
    total = 0
    for language in LANGUAGES[1:]:
        problems = catalogue_problems(template, language.code)
        shipped = len(shipped_messages(template, language.code))
        missing = sum(1 for line in problems if line.endswith(": missing"))
        print(f"{language.code} ({language.english}): {shipped - missing} of {shipped} messages translated, "
              f"{len(problems)} problems")
        for line in problems:
            if not line.endswith(": missing"):
                print("  " + line)
        total += len(problems)
    return total


if __name__ == "__main__":
    import sys

    sys.exit(1 if report() else 0)
