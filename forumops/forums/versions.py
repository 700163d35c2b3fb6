"""A forum's content in its other languages: writing versions, and choosing what a reader sees.

A forum lists its languages, the main one first (forums.languages). Its texts (title, concept note,
programme items, clusters, registration questions and their choices) are written in the main language;
an organiser writes versions of them in the others (content_versions, one row per text and language).

A reader sees the version in their page's language where there is one, else the main language's text,
marked as such: `Shown` carries the text with the language it is in, so a template puts `lang="..."` on
it when that is not the page's language and says "Shown in English: no Thai version yet". A page reads all
of a forum's versions in one language with one query (versions_for), however many texts it shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, select

from ..core.errors import FormError
from ..core.languages import DEFAULT, known, language_name, language_of, page_language
from ..core.text import clean_lines, clean_text
from ..extensions import db
from .models import ContentVersion, Forum

Key = tuple[str, int, str]  # (kind, object id, field)


def digest(original: str | list[str] | None) -> str:
    """A short digest of an original text: a version remembers the one it was written from."""
    source = "\n".join(original) if isinstance(original, list) else (original or "")
    return hashlib.blake2b(clean_text(source).encode(), digest_size=16).hexdigest()
# the kinds of object whose texts have versions, named here so no two stages take the same name
FORUM = "forum"  # the forum's title and concept note: object_id is the forum's id
ITEM = "item"  # a programme item (agenda)
CLUSTER = "cluster"  # a cluster (agenda.models.Cluster)
QUESTION = "question"  # a registration question; its choices are fields "option.0", "option.1", ...
CERTIFICATE = "certificate"  # a forum's certificate of attendance (certificates.models.CertificateTemplate)
SURVEY = "survey"  # a survey's title and intro (evaluations.models.Survey)
SURVEY_ITEM = "survey_item"  # a survey's question or section: text, help, choices "option.0", ...; a rating's ends


def main_language(forum: Forum) -> str:
    """The language the forum's texts are written in (the first it lists), English when it lists none."""
    return (forum.languages or [DEFAULT])[0]


def other_languages(forum: Forum) -> list[str]:
    """The forum's languages besides its main one, each of which an organiser may write versions in."""
    return list((forum.languages or [DEFAULT])[1:])


@dataclass(frozen=True)
class Shown:
    """A text as a reader sees it: the version in their language, or the main language's original."""

    text: str
    language: str  # the code of the language `text` is in
    page: str  # the page's language
    fell_back: bool = False  # the forum has the reader's language, but not this text in it
    out_of_date: bool = False  # it has one, written from an earlier original

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def lines(self) -> list[str]:
        """The text's non-empty lines (objectives, themes, guiding questions are one per line)."""
        return clean_lines(self.text)

    @property
    def lang_attr(self) -> Markup:
        """` lang="th"` when the text is not in the page's language (screen readers and fonts follow it)."""
        if language_of(self.language).code == language_of(self.page).code:
            return Markup("")
        return Markup(' lang="%s"') % language_of(self.language).tag

    @property
    def marker(self) -> str:
        """What a reader is told beside a text that has no version in their language yet."""
        if not self.fell_back:
            return ""
        if self.out_of_date:
            return _("Shown in %(shown)s: the %(wanted)s version is out of date",
                     shown=language_name(self.language, self.page), wanted=language_name(self.page, self.page))
        return fallback_marker(self.language, self.page)


def fallback_marker(shown: str, wanted: str) -> str:
    """"Shown in English: no Thai version yet", in the reader's language."""
    return _("Shown in %(shown)s: no %(wanted)s version yet", shown=language_name(shown, wanted),
             wanted=language_name(wanted, wanted))


@dataclass
class Versions:
    """The versions of one forum's texts in the reader's language, and the choice for each text."""

    main: str
    reader: str  # the page's language
    declared: bool  # the forum lists the reader's language besides its main one
    texts: dict[Key, str] = field(default_factory=dict)
    digests: dict[Key, str | None] = field(default_factory=dict)  # of the originals the versions were written from

    def pick(self, kind: str, object_id: int, name: str, original: str | list[str] | None) -> Shown:
        """The version of this text in the reader's language, else the original in the main language (also when
        the original changed after the version was written: the version no longer says what it says)."""
        source = "\n".join(original) if isinstance(original, list) else (original or "")
        version = self.texts.get((kind, object_id, name)) if self.declared else None
        written_from = self.digests.get((kind, object_id, name))
        stale = bool(version) and written_from is not None and written_from != digest(source)
        if version and not stale:
            return Shown(version, self.reader, self.reader)
        return Shown(source, self.main, self.reader, fell_back=self.declared and bool(source), out_of_date=stale)

    def is_out_of_date(self, key: Key, original: str | list[str] | None) -> bool:
        """Whether the version kept for this text was written from an earlier original (the translation page
        says so beside it)."""
        written_from = self.digests.get(key)
        return key in self.texts and written_from is not None and written_from != digest(original)

    def of_forum(self, forum: Forum, name: str) -> Shown:
        """One of the forum's own texts (title, background, objectives...) as the reader sees it."""
        return self.pick(FORUM, forum.id, name, getattr(forum, name))

    @property
    def notice(self) -> str:
        """Said once at the top of a page when the forum has no version at all in the reader's language."""
        if self.declared or language_of(self.reader).code == language_of(self.main).code:
            return ""
        return fallback_marker(self.main, self.reader)

    @property
    def key(self) -> tuple:
        """Everything the choice depends on, for a cache key."""
        return (self.main, self.reader, self.declared, tuple(sorted(self.texts.items())),
                tuple(sorted((key, value or "") for key, value in self.digests.items())))


def versions_for(forum: Forum, language: str | None = None) -> Versions:
    """The forum's versions in the page's language (or `language`): one query when the forum has that
    language besides its main one, none otherwise."""
    reader = language or page_language()
    main = main_language(forum)
    wanted = language_of(reader).code
    declared = wanted in other_languages(forum)
    versions = Versions(main=main, reader=reader, declared=declared)
    if declared:
        rows = db.session.execute(select(ContentVersion.kind, ContentVersion.object_id, ContentVersion.field,
                                         ContentVersion.text, ContentVersion.original_digest)
                                  .where(ContentVersion.forum_id == forum.id, ContentVersion.language == wanted))
        for kind, object_id, name, text, written_from in rows:
            versions.texts[(kind, object_id, name)] = text
            versions.digests[(kind, object_id, name)] = written_from
    return versions


def titles_for(forums: Iterable[Forum], language: str | None = None) -> dict[int, Shown]:
    """Each forum's title as a reader sees it (the forum list, a person's home): one query for them all."""
    reader = language or page_language()
    wanted = language_of(reader).code
    forums = list(forums)
    declaring = [forum.id for forum in forums if wanted in other_languages(forum)]
    found: dict[int, str] = {}
    if declaring:
        found = dict(db.session.execute(select(ContentVersion.object_id, ContentVersion.text).where(
            ContentVersion.forum_id.in_(declaring), ContentVersion.kind == FORUM, ContentVersion.field == "title",
            ContentVersion.language == wanted, ContentVersion.object_id == ContentVersion.forum_id)).all())
    return {forum.id: Shown(found[forum.id], reader, reader) if forum.id in found
            else Shown(forum.title, main_language(forum), reader) for forum in forums}


def title_in(forum: Forum, language: str | None = None) -> str:
    """The forum's title in a language (the one being written, by default: a person's mail), else the main one."""
    code = language or str(get_locale() or main_language(forum))
    return versions_for(forum, code).of_forum(forum, "title").text


def all_versions(forum: Forum) -> dict[str, dict[Key, str]]:
    """Every version of the forum's texts, by language (for the report and exports that keep them all)."""
    found: dict[str, dict[Key, str]] = {}
    for row in db.session.scalars(select(ContentVersion).where(ContentVersion.forum_id == forum.id)):
        found.setdefault(row.language, {})[(row.kind, row.object_id, row.field)] = row.text
    return found


def versions_of(forum: Forum, kind: str, object_id: int, name: str) -> list[tuple[str, str]]:
    """(language, text) of one text's versions, in the order the forum lists its languages (the report names
    the forum in each of them)."""
    found = dict(db.session.execute(select(ContentVersion.language, ContentVersion.text).where(
        ContentVersion.forum_id == forum.id, ContentVersion.kind == kind, ContentVersion.object_id == object_id,
        ContentVersion.field == name)).all())
    return [(code, found[code]) for code in other_languages(forum) if code in found]


# --- writes ------------------------------------------------------------------------------------------


def check_languages(codes: Iterable[str]) -> list[str]:
    """A forum's languages as it stores them: shipped codes, each once, in the order given (main first)."""
    chosen: list[str] = []
    for code in codes:
        found = known(code)
        if found is None:
            raise FormError(_("“%(code)s” is not a language ForumOps ships. Choose one from the list.", code=code),
                            field="languages")
        found = language_of(found).code
        if found not in chosen:
            chosen.append(found)
    return chosen or [DEFAULT]


def save_versions(forum: Forum, language: str, texts: Mapping[Key, str],
                  originals: Mapping[Key, str | list[str] | None] | None = None) -> int:
    """Store the versions typed for these texts in one of the forum's other languages: a non-empty one is
    written (or rewritten), an emptied one removed, so the reader sees the main language again. `originals`
    (the texts as the organiser saw them) are remembered by digest, so a later change of an original marks its
    version out of date. Returns how many versions the forum now has in that language among these texts."""
    originals = originals or {}
    if language not in other_languages(forum):
        raise FormError(_("This forum is not written in that language. Add it to the forum's languages first."))
    existing = {(row.kind, row.object_id, row.field): row for row in db.session.scalars(
        select(ContentVersion).where(ContentVersion.forum_id == forum.id, ContentVersion.language == language))}
    kept = 0
    for key, typed in texts.items():
        text = clean_text(typed or "")
        row = existing.get(key)
        if not text:
            if row is not None:
                db.session.delete(row)
            continue
        kept += 1
        written_from = digest(originals[key]) if key in originals else None
        if row is None:
            kind, object_id, name = key
            db.session.add(ContentVersion(forum_id=forum.id, kind=kind, object_id=object_id, field=name,
                                          language=language, text=text, original_digest=written_from))
        else:
            if row.text != text:
                row.text = text
            if written_from is not None:  # saved with the original in view: it is up to date again
                row.original_digest = written_from
    db.session.flush()
    return kept


def forget_versions(forum_id: int, kind: str, object_ids: Iterable[int]) -> None:
    """Remove every version of these objects' texts: called by the operation that deletes them."""
    ids = list(object_ids)
    if ids:
        db.session.execute(delete(ContentVersion).where(
            ContentVersion.forum_id == forum_id, ContentVersion.kind == kind, ContentVersion.object_id.in_(ids)))
