"""Reads: a forum's documents as plain data, filtered by what the reader may see, in a constant number of queries.

Later stages (agenda, clusters, outcomes, registration) call these to list what they show; each list is one
query for the documents with their current file, and at most one more for their titles in the reader's
language (forums.versions), however many documents there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import func, select

from ..core import permissions
from ..core.filequota import forum_used_bytes
from ..core.files import ALLOWED, StoredFile, forum_quota_bytes, max_file_bytes
from ..core.i18n import lazy_gettext as _l
from ..core.numbers import human_size
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import Versions, versions_for
from .models import VISIBILITIES, Document, DocumentVersion

DOCUMENT = "document"  # the kind of their texts' versions in content_versions (forums.versions)


@dataclass(frozen=True)
class DocumentData:
    """A document as a page lists it: what it is called (in the reader's language), what it is, where to open it."""

    id: int
    title: str
    description: str
    visibility: str
    kind: str  # "file" or "link"
    target_kind: str
    target_id: int | None
    url: str  # where it opens: the download address of its current file, or the link itself
    filename: str = ""
    size: int = 0
    file_kind: str = ""  # core.filetypes kind: "pdf", "powerpoint"...
    versions: int = 0  # how many files it has had
    language: str = ""  # the language its title is shown in when not the reader's ("" when it is)

    @property
    def size_label(self) -> str:
        """"2.4 MB" (empty for a link)."""
        return human_size(self.size) if self.kind == "file" else ""

    @property
    def type_label(self) -> str:
        """"PDF document", "Slides (PowerPoint)", or "Link"."""
        if self.kind == "link":
            return str(_l("Link"))
        return str(ALLOWED.get(self.file_kind, self.file_kind))

    @property
    def is_public(self) -> bool:
        """Open to everyone."""
        return self.visibility == "public"

    def plain(self) -> tuple:
        """Everything the document shows, for a cache key."""
        return (self.id, self.title, self.description, self.visibility, self.kind, self.url, self.filename,
                self.size, self.file_kind, self.language)


def levels_for(user, forum: Forum) -> tuple[str, ...]:
    """The visibilities this person may open on this forum (decided in core.permissions)."""
    return tuple(level for level in VISIBILITIES if permissions.can(user, f"documents.view_{level}", forum))


def may_open(user, forum: Forum, visibility: str) -> bool:
    """Whether this person may open a document of this visibility."""
    return permissions.can(user, f"documents.view_{visibility}", forum)


def list_documents(forum: Forum, levels: Iterable[str], *, target_kind: str | None = None,
                   target_ids: Iterable[int] | None = None, versions: Versions | None = None) -> list[DocumentData]:
    """The forum's documents the reader may see (`levels`), attached to one kind of target (or all), in their
    order: one query, plus one for the titles' versions when the reader's language is one of the forum's."""
    current = (select(DocumentVersion.document_id, func.max(DocumentVersion.id).label("version_id"),
                      func.count(DocumentVersion.id).label("count"))
               .group_by(DocumentVersion.document_id).subquery())
    statement = (select(Document.id, Document.title, Document.description, Document.visibility, Document.kind,
                        Document.target_kind, Document.target_id, Document.url, DocumentVersion.filename,
                        StoredFile.size, StoredFile.kind, current.c.count)
                 .outerjoin(current, current.c.document_id == Document.id)
                 .outerjoin(DocumentVersion, DocumentVersion.id == current.c.version_id)
                 .outerjoin(StoredFile, StoredFile.id == DocumentVersion.stored_file_id)
                 .where(Document.forum_id == forum.id, Document.visibility.in_(list(levels)))
                 .order_by(Document.target_kind, Document.target_id, Document.position, Document.id))
    if target_kind is not None:
        statement = statement.where(Document.target_kind == target_kind)
    if target_ids is not None:
        statement = statement.where(Document.target_id.in_(list(target_ids)))
    rows = db.session.execute(statement).all()
    if not rows:
        return []
    versions = versions or versions_for(forum)
    found = []
    for (doc_id, title, description, visibility, kind, target, target_id, link, filename, size, file_kind,
         count) in rows:
        shown = versions.pick(DOCUMENT, doc_id, "title", title)
        about = versions.pick(DOCUMENT, doc_id, "description", description)
        is_file = kind == "file"
        if is_file and filename is None:
            continue  # a file document whose upload was never finished: nothing to open
        found.append(DocumentData(
            id=doc_id, title=shown.text, description=about.text, visibility=visibility, kind=kind,
            target_kind=target, target_id=target_id,
            url=url_for("documents.open", slug=forum.slug, document_id=doc_id) if is_file else link,
            filename=filename or "", size=size or 0, file_kind=file_kind or "", versions=count or 0,
            language=shown.language if shown.language != shown.page else ""))
    return found


def by_target(documents: Iterable[DocumentData]) -> dict[int | None, list[DocumentData]]:
    """Documents grouped by the id of what they are attached to."""
    grouped: dict[int | None, list[DocumentData]] = {}
    for document in documents:
        grouped.setdefault(document.target_id, []).append(document)
    return grouped


def get_document(forum: Forum, document_id: int) -> Document | None:
    """One of the forum's documents (another forum's id is not found)."""
    return db.session.scalar(select(Document).where(Document.forum_id == forum.id, Document.id == document_id))


def current_version(document: Document) -> DocumentVersion | None:
    """The file people open: the newest upload."""
    return document.versions[0] if document.versions else None


@dataclass(frozen=True)
class Limits:
    """What an upload may be, said before it is sent: "up to 25 MB per file; 812 MB of 1 GB left"."""

    max_file: int
    quota: int
    used: int

    @property
    def left(self) -> int:
        """Bytes the forum may still take."""
        return max(0, self.quota - self.used)

    @property
    def sentence(self) -> str:
        """The limits as one sentence."""
        return str(_l("Up to %(max)s per file; %(left)s of %(quota)s left for this forum.",
                      max=human_size(self.max_file), left=human_size(self.left), quota=human_size(self.quota)))


def limits_for(forum: Forum) -> Limits:
    """The per-file limit and the forum's quota with what is left of it."""
    return Limits(max_file_bytes(), forum_quota_bytes(), forum_used_bytes(forum.id))  # not answers' files: apart
