"""Writes: attach files and links, give a document a new file (the earlier ones kept), edit, delete.

They flush, never commit. A refused file (core.files.FileRefused: too large, a type not allowed, over the
forum's quota, cut off midway) leaves nothing behind: each file is stored inside a savepoint that a refusal
rolls back. Several files sent at once are stored one by one: the refused ones are reported by name with
their reason, the others kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from sqlalchemy import func, select

from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.files import FileRefused, StoredFile, clean_filename, forget_unused, forum_quota_bytes, store_upload
from ..core.i18n import lazy_gettext as _l
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import forget_versions
from .labels import human_size
from .models import Document, DocumentVersion
from .queries import DOCUMENT
from .targets import Target

Upload = tuple[IO[bytes], str]  # (stream, the name the browser gave)


@dataclass
class Uploaded:
    """What one submission stored, and what it refused (each reason names its file)."""

    added: list[Document] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def title_from_filename(filename: str) -> str:
    """A title for a file sent without one: its cleaned name without the extension, "_" read as a space."""
    name = clean_filename(filename)
    stem = name.rpartition(".")[0] or name
    return " ".join(stem.replace("_", " ").split())[:200] or name


def _next_position(forum: Forum, target: Target) -> int:
    return (db.session.scalar(select(func.max(Document.position)).where(
        Document.forum_id == forum.id, Document.target_kind == target.kind,
        Document.target_id.is_(None) if target.id is None else Document.target_id == target.id)) or 0) + 1


def _forum_files(forum_id: int) -> tuple[set[int], int]:
    """The stored files a forum's documents use (each once), and their size together."""
    files = set(db.session.scalars(
        select(DocumentVersion.stored_file_id).join(Document).where(Document.forum_id == forum_id)))
    used = int(db.session.scalar(select(func.coalesce(func.sum(StoredFile.size), 0))
                                 .where(StoredFile.id.in_(files))) or 0) if files else 0
    return files, used


class _Quota:
    """The forum's room: each stored file counts against it as it is stored (the checks of a 25 MB file take
    seconds, so no lock is held then); `confirm` then takes the forum lock and counts again, so two uploads
    at once cannot both fit in the last megabytes."""

    def __init__(self, forum: Forum):
        self.forum_id = forum.id
        self.files, self.used = _forum_files(forum.id)
        self.quota = forum_quota_bytes()

    def confirm(self) -> None:
        """Under the forum lock, after the new documents are flushed: refuse the whole upload (rolled back)
        if another one took the room meanwhile."""
        lock_forum(self.forum_id)
        _files, used = _forum_files(self.forum_id)
        if used > self.quota:
            raise FormError(_l("The forum's files would take more than its %(quota)s: another upload used up the "
                               "space meanwhile. Nothing was saved; remove files or send fewer.",
                               quota=human_size(self.quota)), field="files")

    def store(self, stream: IO[bytes], filename: str) -> StoredFile:
        """Store the upload if it fits in what is left, else refuse it and keep nothing of it."""
        with db.session.begin_nested():
            stored = store_upload(stream, filename)
            if stored.id not in self.files and self.used + stored.size > self.quota:
                raise FileRefused(clean_filename(filename), _l(
                    "the forum's files would take more than its %(quota)s (%(left)s left)",
                    quota=human_size(self.quota), left=human_size(max(0, self.quota - self.used))))
        if stored.id not in self.files:
            self.files.add(stored.id)
            self.used += stored.size
        return stored


def add_files(forum: Forum, target: Target, uploads: Iterable[Upload], data: dict, actor) -> Uploaded:
    """A document per file, attached to `target`. With one file the typed title is its title; otherwise, and
    when none was typed, each takes its cleaned file name."""
    uploads = list(uploads)
    quota = _Quota(forum)
    result = Uploaded()
    position = _next_position(forum, target)
    for stream, filename in uploads:
        try:
            stored = quota.store(stream, filename)
        except FileRefused as refusal:
            result.refused.append(refusal.reason)
            continue
        title = (data.get("title") if len(uploads) == 1 else "") or title_from_filename(filename)
        document = Document(forum_id=forum.id, target_kind=target.kind, target_id=target.id, title=title,
                            description=data.get("description") or "", visibility=data["visibility"],
                            kind="file", position=position, created_by_id=getattr(actor, "id", None))
        document.versions.append(DocumentVersion(stored_file_id=stored.id, filename=clean_filename(filename),
                                                 uploaded_by_id=getattr(actor, "id", None)))
        db.session.add(document)
        position += 1
        result.added.append(document)
    db.session.flush()
    if result.added:
        quota.confirm()
    return result


def add_link(forum: Forum, target: Target, data: dict, actor) -> Document:
    """A link (a recording, an online folder) attached to `target`."""
    document = Document(forum_id=forum.id, target_kind=target.kind, target_id=target.id, title=data["title"],
                        description=data.get("description") or "", visibility=data["visibility"], kind="link",
                        url=data["url"], position=_next_position(forum, target),
                        created_by_id=getattr(actor, "id", None))
    db.session.add(document)
    db.session.flush()
    return document


def replace_file(document: Document, upload: Upload, actor) -> DocumentVersion:
    """A new file for the document: people open it from now on; the earlier ones stay for the organisers."""
    forum = db.session.get_one(Forum, document.forum_id)
    stream, filename = upload
    quota = _Quota(forum)
    stored = quota.store(stream, filename)
    version = DocumentVersion(stored_file_id=stored.id, filename=clean_filename(filename),
                              uploaded_by_id=getattr(actor, "id", None))
    document.versions.insert(0, version)
    document.kind, document.url = "file", ""
    document.updated_at = utcnow()  # the programme's cache key sees the new file
    db.session.flush()
    quota.confirm()
    return version


def update_document(document: Document, data: dict) -> None:
    """Its title, description, visibility (and a link's address)."""
    document.title = data["title"] or document.title
    document.description = data.get("description") or ""
    document.visibility = data["visibility"]
    if document.kind == "link" and data.get("url"):
        document.url = data["url"]
    document.updated_at = utcnow()
    db.session.flush()


def delete_document(document: Document) -> None:
    """Remove the document, its versions and its texts' versions in other languages, and the stored contents
    nothing else refers to (the same file may be another document's or a logo)."""
    forget_versions(document.forum_id, DOCUMENT, [document.id])
    files = [version.stored_file_id for version in document.versions]
    db.session.delete(document)
    db.session.flush()
    forget_unused(files)  # its contents go unless another document or a logo holds the same file
