"""Writes: attach files and links, give a document a new file (the earlier ones kept), edit, delete.

They flush, never commit. A refused file (core.files.FileRefused: too large, a type not allowed, over the
forum's quota, cut off midway) leaves nothing behind: each file is stored inside a savepoint that a refusal
rolls back. Several files sent at once are stored one by one: the refused ones are reported by name with
their reason, the others kept. The quota is the forum's, shared with the files sent as registration answers
(core.filequota).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from sqlalchemy import func, select

from ..core.filequota import ForumRoom
from ..core.files import FileRefused, clean_filename, forget_unused
from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import forget_versions
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


def add_files(forum: Forum, target: Target, uploads: Iterable[Upload], data: dict, actor) -> Uploaded:
    """A document per file, attached to `target`. With one file the typed title is its title; otherwise, and
    when none was typed, each takes its cleaned file name."""
    uploads = list(uploads)
    quota = ForumRoom(forum.id)  # the documents' room: answers' files have their own (core.filequota)
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
        quota.confirm(field="files")
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
    quota = ForumRoom(forum.id)
    stored = quota.store(stream, filename)
    version = DocumentVersion(stored_file_id=stored.id, filename=clean_filename(filename),
                              uploaded_by_id=getattr(actor, "id", None))
    document.versions.insert(0, version)
    document.kind, document.url = "file", ""
    document.updated_at = utcnow()  # the programme's cache key sees the new file
    db.session.flush()
    quota.confirm(field="files")
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
