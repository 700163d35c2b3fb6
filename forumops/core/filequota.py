"""The room a forum's files take, whichever stage keeps them: its documents against FORUMOPS_FORUM_QUOTA_MB, and
any other room a stage names (the files sent as answers to registration questions have their own, so strangers
registering cannot use up what the organisers' documents need).

core knows no stage: each stage keeping stored files for a forum names them once with register_forum_files, in a
room ("forum" unless it says another), as it names its columns to core.files.register_file_reference. A room's used
bytes are every distinct stored file its stages hold for the forum, each once (the same content as two documents
takes its room once), read in one query however many stages register.

ForumRoom is what an upload goes through: each file is stored inside a savepoint and refused, with nothing kept,
when it would not fit. Checking a 25 MB file takes seconds, so a stage either stores without the forum lock and then
`confirm`s under it (documents), or judges the file first (core.uploads.judge_upload) and `keep`s it under the lock
(registration answers), where two uploads at once cannot both fit either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import InstrumentedAttribute

from ..extensions import db
from .database import lock_forum
from .errors import FormError
from .files import FileRefused, StoredFile, forum_quota_bytes, used_bytes
from .i18n import lazy_gettext as _l
from .numbers import human_size
from .uploads import JudgedUpload, judge_upload, keep_upload

__all__ = ["FORUM", "ForumRoom", "forum_file_ids", "forum_used_bytes", "register_forum_files"]

FORUM = "forum"  # the room of the forum's documents, against FORUMOPS_FORUM_QUOTA_MB

# (the room, the column holding a stored file's id, the forum id column of its row or of the row it belongs to)
_FORUM_FILES: list[tuple[str, InstrumentedAttribute, InstrumentedAttribute]] = []


def register_forum_files(file_column: InstrumentedAttribute, forum_column: InstrumentedAttribute,
                         room: str = FORUM) -> None:
    """Count the stored files `file_column` holds in the forum `forum_column` names, in `room`: the same table, or
    the table its row belongs to, joined by their foreign key (DocumentVersion.stored_file_id, Document.forum_id)."""
    _FORUM_FILES.append((room, file_column, forum_column))


def _forum_files(forum_id: int, room: str):
    """One SELECT of every stored file id the room's stages hold for the forum (a file may come twice)."""
    selects = []
    for file_room, file_column, forum_column in _FORUM_FILES:
        if file_room != room:
            continue
        query = select(file_column.label("file_id"))
        if forum_column.class_ is not file_column.class_:
            query = query.join(forum_column.class_)
        selects.append(query.where(forum_column == forum_id))
    if not selects:
        return select(literal(None).label("file_id")).where(literal(False))
    return union_all(*selects) if len(selects) > 1 else selects[0]


def forum_file_ids(forum_id: int, room: str = FORUM) -> set[int]:
    """The stored files the stages of this room hold for the forum, each once."""
    return set(db.session.scalars(_forum_files(forum_id, room)))


def forum_used_bytes(forum_id: int, room: str = FORUM) -> int:
    """Bytes the room's files take in the forum, each distinct file once: what its quota is measured against."""
    held = _forum_files(forum_id, room).subquery()
    return int(db.session.scalar(select(func.coalesce(func.sum(StoredFile.size), 0))
                                 .where(StoredFile.id.in_(select(held.c.file_id)))) or 0)


class ForumRoom:
    """The forum's room while files are stored in it: each counts as it is stored, a file it holds already counts
    nothing more. A stage with a room of its own subclasses it: its `room`, `quota_bytes` and `why_full`."""

    room = FORUM

    def __init__(self, forum_id: int):
        self.forum_id = forum_id
        self.files = forum_file_ids(forum_id, self.room)
        self.used = used_bytes(self.files)
        self.quota = self.quota_bytes()

    def quota_bytes(self) -> int:
        """The bytes this room may take in a forum."""
        return forum_quota_bytes()

    def why_full(self) -> str:
        """Why a file is refused when it does not fit, after "“name” was refused: "."""
        return _l("the forum's files would take more than its %(quota)s (%(left)s left)",
                  quota=human_size(self.quota), left=human_size(self.left))

    @property
    def left(self) -> int:
        """Bytes the forum may still take."""
        return max(0, self.quota - self.used)

    def store(self, stream: IO[bytes], filename: str, *, field: str | None = None, **options) -> StoredFile:
        """Judge the upload (core.uploads.judge_upload with these options) and keep it if it fits in what is left;
        else refuse it, beside `field`, keeping nothing of it."""
        try:
            with judge_upload(stream, filename, **options) as judged:
                return self.keep(judged, field=field)
        except FileRefused as refused:
            refused.field = field or refused.field  # beside the field that sent it
            raise

    def keep(self, judged: JudgedUpload, *, field: str | None = None) -> StoredFile:
        """Store a judged upload if it fits in what is left (counted as it is now: under the forum lock, for a
        count that holds); else refuse it beside `field`, keeping nothing of it."""
        with db.session.begin_nested():
            stored = keep_upload(judged)
            if stored.id not in self.files and self.used + stored.size > self.quota:
                raise FileRefused(judged.name, self.why_full(), field)
        if stored.id not in self.files:
            self.files.add(stored.id)
            self.used += stored.size
        return stored

    def refuse_unless_fits(self, judged: Mapping[str, JudgedUpload]) -> None:
        """Refuse, beside its field (the keys), the first of these judged uploads that would not fit with those
        before it, storing nothing: what `keep` would decide for them all."""
        held = set(db.session.scalars(select(StoredFile.sha256).where(StoredFile.id.in_(self.files))))
        used = self.used
        for field, upload in judged.items():
            if upload.sha256 in held:
                continue
            if used + upload.size > self.quota:
                raise FileRefused(upload.name, self.why_full(), field)
            held.add(upload.sha256)
            used += upload.size

    def confirm(self, field: str | None = None) -> None:
        """Under the forum lock, once what refers to the new files is flushed: refuse the whole upload (the
        caller's request rolls back) if another one took the room meanwhile."""
        lock_forum(self.forum_id)
        if forum_used_bytes(self.forum_id, self.room) > self.quota:
            raise FormError(_l("The forum's files would take more than its %(quota)s: another upload used up the "
                               "space meanwhile. Nothing was saved; remove files or send fewer.",
                               quota=human_size(self.quota)), field=field)
