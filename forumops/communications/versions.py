"""A message in several languages: for a forum that declares more than one, the organisers write a version of
the subject and body per language (the main language's is the message itself and required, the others
optional); each person gets the version in their registration's language, else the main one.

The whole email is written in the version's language: the footer, the dates of {dates} and the words of
{category} follow it, so a person never reads an English message with a Vietnamese footer. Texts ForumOps
writes itself (the automatic messages' defaults, programme-change digests) are written in every language
their recipients read, through `in_each_language`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..core.languages import forum_main, known, language_of, mail_language_of, written_in
from ..core.text import clean_line, clean_text
from ..forums.models import Forum
from ..registration.models import Registration


@dataclass(frozen=True)
class Version:
    """One language's subject and body of a message."""

    language: str
    subject: str
    body: str

    @property
    def name(self) -> str:
        """The language named in itself ("Tiếng Việt"), as the pages list versions."""
        return language_of(self.language).name


def version_fields(code: str) -> tuple[str, str]:
    """The names of a version's subject and body fields in the composer ("subject_vi", "body_vi")."""
    return f"subject_{code}", f"body_{code}"


def main_language(forum: Forum) -> str:
    """The forum's main language: the one a message is written in first, and the fallback of every version."""
    return forum_main(forum.languages)


def other_languages(forum: Forum) -> list[str]:
    """The forum's languages after its main one that ForumOps ships, in the forum's order: those the
    composer offers a version in (none for a forum in one language)."""
    main = main_language(forum)
    others: list[str] = []
    for code in forum.languages or ():
        shipped = known(code)
        if shipped and shipped != main and shipped not in others:
            others.append(shipped)
    return others


def cleaned(versions: Mapping[str, Mapping[str, str]] | None, forum: Forum) -> dict[str, dict[str, str]]:
    """The versions worth keeping, as stored ({"vi": {"subject": ..., "body": ...}}): only the forum's other
    languages, each cleaned, and a version left empty dropped (its readers get the main one)."""
    kept = {}
    offered = set(other_languages(forum))
    for code, text in (versions or {}).items():
        subject, body = clean_line(text.get("subject")), clean_text(text.get("body"))
        if code in offered and (subject or body):
            kept[code] = {"subject": subject, "body": body}
    return kept


def all_versions(forum: Forum, subject: str, body: str,
                 versions: Mapping[str, Mapping[str, str]] | None) -> list[Version]:
    """The main version first, then the others the message has, in the forum's order (then any language
    ForumOps wrote its own text in for a reader, the forum not declaring it)."""
    order = other_languages(forum)
    stored = versions or {}
    codes = sorted(stored, key=lambda code: (order.index(code) if code in order else len(order), code))
    return [Version(main_language(forum), subject, body),
            *(Version(code, stored[code]["subject"], stored[code]["body"]) for code in codes)]


def language_for(registration: Registration, forum: Forum, available: Iterable[str]) -> str:
    """The version this person gets: their language's when the message has it, else the main one."""
    theirs = mail_language_of(registration.language, forum.languages)
    return theirs if theirs in set(available) else main_language(forum)


def in_each_language(forum: Forum, people: Iterable[Registration],
                     write: Callable[[], tuple[str, str]]) -> tuple[str, str, dict[str, dict[str, str]]]:
    """A text ForumOps writes (write() gives its subject and body in the current language), written in the
    forum's main language and in each other language its `people` read: (subject, body, versions)."""
    main = main_language(forum)
    with written_in(main):
        subject, body = write()
    versions: dict[str, dict[str, str]] = {}
    for code in sorted({mail_language_of(person.language, forum.languages) for person in people} - {main}):
        with written_in(code):
            their_subject, their_body = write()
        versions[code] = {"subject": their_subject, "body": their_body}
    return subject, body, versions
