"""Uploaded files: stored in the database in chunks, deduplicated by SHA-256, served safely.

Storage needs nothing beside the database, so one machine or several, backups and restores all work as they
do for every other row: a file is a `stored_files` row (its SHA-256, size and the kind decided from its
content) and its bytes in `file_chunks` rows of 1 MiB. Neither an upload nor a download holds a whole file
in memory: the upload goes to a temporary file while it is hashed and checked (core.uploads), then into the
chunk rows one at a time; a download reads one chunk at a time through a seekable file object, which
lets werkzeug answer Range requests (a download cut off on venue Wi-Fi resumes) and conditional requests.

`DatabaseStorage` is the only code that reads or writes chunk rows; an object store would be another class
with the same two methods, the `stored_files` rows staying the index either way.

Stages (documents, logos) keep their own rows pointing at a StoredFile; a file's name is theirs, cleaned by
clean_filename and used only in Content-Disposition, never as a path.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import IO, cast

from flask import current_app, has_app_context, request
from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.utils import send_file
from werkzeug.wrappers import Response
from werkzeug.wsgi import FileWrapper

from ..extensions import db
from .cache import BoundedCache
from .database import defer_write_lock
from .errors import FormError
from .filecache import cached_copy, forget_copy
from .filetypes import (
    ALLOWED,
    EXTENSIONS,
    IMAGE_KINDS,
    scaled_png,
)
from .i18n import lazy_gettext as _l
from .models import UTCDateTime, utcnow

__all__ = ["ALLOWED", "CHUNK_BYTES", "allow_uploads", "DatabaseStorage", "FileChunk", "FileRefused", "StoredFile",
           "clean_filename", "file_response", "forum_quota_bytes", "logo_image", "max_file_bytes", "used_bytes"]

CHUNK_BYTES = 1024 * 1024
READ_AHEAD_CHUNKS = 2  # read per query when streaming: 2 MiB held at most, half the round trips
MAX_FILE_BYTES = 25 * 1024 * 1024  # defaults; the running app's come from FORUMOPS_MAX_FILE_MB and
FORUM_QUOTA_BYTES = 1024 * 1024 * 1024  # FORUMOPS_FORUM_QUOTA_MB (max_file_bytes(), forum_quota_bytes())
INLINE_KINDS = IMAGE_KINDS | {"pdf"}
# what a PDF or image opened in the browser may do: nothing but show itself
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'"
PUBLIC_MAX_AGE = 300  # seconds a public file may be reused without asking; the ETag answers after that
MAX_NAME = 120
UPLOAD_SLACK = 1024 * 1024  # a form's other fields and its multipart boundaries, beside the files


class FileRefused(FormError):
    """An upload was refused; .reason names the file and says why, in the reader's language."""

    def __init__(self, filename: str, why, field: str | None = None):
        self.filename = filename
        self.reason = str(_l("“%(name)s” was refused: %(why)s.", name=filename, why=why))
        super().__init__(self.reason, field)


class StoredFile(db.Model):
    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    mime: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    @property
    def label(self) -> str:
        """What kind of file this is, for people ("PDF document")."""
        return str(ALLOWED.get(self.kind, self.kind))


class FileChunk(db.Model):
    __tablename__ = "file_chunks"

    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


def max_file_bytes() -> int:
    """The largest file accepted (FORUMOPS_MAX_FILE_MB), for forms to show before upload."""
    return int(current_app.config.get("MAX_FILE_BYTES", MAX_FILE_BYTES)) if has_app_context() else MAX_FILE_BYTES


def allow_uploads(count: int = 1, per_file: int | None = None) -> None:
    """Let this request's body hold `count` files of `per_file` bytes (the largest size accepted unless given),
    beside the form's other fields. Every other form keeps the 4 MB limit (MAX_CONTENT_LENGTH); an upload view
    calls this before reading request.form or request.files. Werkzeug spools uploaded files to temporary files,
    so the larger limit costs no memory."""
    request.max_content_length = max(int(current_app.config.get("MAX_CONTENT_LENGTH") or 0),
                                     (per_file or max_file_bytes()) * count + UPLOAD_SLACK)


# the columns that hold a stored file's id (a document's versions, logos): registered by the stages owning them,
# so forget_unused knows what still refers to a file without core knowing any stage
_REFERENCES: list = []


def register_file_reference(column) -> None:
    """Name a column holding stored files' ids: a file it refers to is never deleted as unused."""
    _REFERENCES.append(column)


def forget_unused(file_ids: Iterable[int | None]) -> int:
    """Delete these stored files, their chunks and this machine's disk copies where nothing refers to them any
    more (a deleted document's versions, a replaced logo): what was removed can no longer be downloaded, and the
    next backup no longer holds it. Returns how many went."""
    ids = {file_id for file_id in file_ids if file_id}
    for column in _REFERENCES:
        if not ids:
            break
        ids -= set(db.session.scalars(select(column).where(column.in_(ids))))
    if not ids:
        return 0
    hashes = list(db.session.scalars(select(StoredFile.sha256).where(StoredFile.id.in_(ids))))
    db.session.execute(delete(FileChunk).where(FileChunk.file_id.in_(ids)))
    db.session.execute(delete(StoredFile).where(StoredFile.id.in_(ids)))
    for sha256 in hashes:
        forget_copy(sha256)
    return len(ids)


def register_uploads(app) -> None:
    """Raise the body limit for the views that take files before anything reads the body: Flask-WTF's CSRF
    check reads the form in its own before_request, under the 4 MB limit every other form keeps, so this hook
    goes first. A view's class says what it takes: `files_accepted(view_args)` gives (how many files, the
    largest each may be, None for max_file_bytes()), by default its `accepts_files` of the largest size."""

    def allow_files_for_upload_views():
        if request.method != "POST":
            return
        view_class = getattr(app.view_functions.get(request.endpoint or ""), "view_class", None)
        if getattr(view_class, "defers_write_lock", False):
            defer_write_lock()  # the view's own rule, before this hook's queries would take the lock for it
        accepted = getattr(view_class, "files_accepted", None)
        count, per_file = (accepted(request.view_args or {}) if accepted is not None
                           else (getattr(view_class, "accepts_files", 0), None))
        if count:
            allow_uploads(count, per_file)

    app.before_request_funcs.setdefault(None, []).insert(0, allow_files_for_upload_views)


def forum_quota_bytes() -> int:
    """The room one forum's files may take (FORUMOPS_FORUM_QUOTA_MB)."""
    if has_app_context():
        return int(current_app.config.get("FORUM_QUOTA_BYTES", FORUM_QUOTA_BYTES))
    return FORUM_QUOTA_BYTES


class DatabaseStorage:
    """File contents as chunk rows in the caller's transaction (flushed, never committed)."""

    def put(self, stored: StoredFile, content: IO[bytes]) -> None:
        """Write the content as chunk rows, one chunk in memory at a time."""
        content.seek(0)
        for seq, block in enumerate(iter(lambda: content.read(CHUNK_BYTES), b"")):
            # a Core insert keeps no ORM object per chunk in the session's identity map
            db.session.execute(insert(FileChunk), [{"file_id": stored.id, "seq": seq, "data": block}])

    def open(self, stored: StoredFile) -> ChunkReader:
        """A seekable binary file over the stored chunks."""
        return ChunkReader(stored.id, stored.size)


storage = DatabaseStorage()


class ChunkReader(io.RawIOBase):
    """A read-only, seekable file over one file's chunks, holding one chunk at a time.

    Werkzeug iterates a streamed response after the view's app context has ended: each chunk is then read
    through a connection of its own from the pool (the content of a stored file never changes, so reading
    it across transactions is safe); inside an app context (a view, a test) through the session."""

    def __init__(self, file_id: int, size: int):
        super().__init__()
        self.file_id, self.size, self.position = file_id, size, 0
        self._engine = db.engine
        self._blocks: dict[int, bytes] = {}  # the chunks read ahead, by number

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(0, base + offset)
        return self.position

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` bytes from the current chunk (a short read at a chunk's end, as raw files do)."""
        if size is None or size < 0:
            return self.readall()
        if self.position >= self.size or size == 0:
            return b""
        seq, offset = divmod(self.position, CHUNK_BYTES)
        if seq not in self._blocks:
            self._blocks = self._fetch(seq)
        block = self._blocks[seq]
        piece = block if offset == 0 and size >= len(block) else block[offset:offset + size]  # no copy if whole
        self.position += len(piece)
        return piece

    def readinto(self, buffer) -> int:
        piece = self.read(len(buffer))
        buffer[:len(piece)] = piece
        return len(piece)

    def _fetch(self, seq: int) -> dict[int, bytes]:
        """This chunk and the next few (READ_AHEAD_CHUNKS in one query: each query costs a round trip and a
        pooled connection's check, which one chunk at a time paid 25 times for a 25 MB file)."""
        query = select(FileChunk.seq, FileChunk.data).where(
            FileChunk.file_id == self.file_id, FileChunk.seq >= seq, FileChunk.seq < seq + READ_AHEAD_CHUNKS)
        if has_app_context():
            return dict(db.session.execute(query).all())
        # after the view: a pooled connection for these chunks, so a slow client holds none between them
        with self._engine.connect() as connection:
            return dict(connection.execute(query).all())


_UNSAFE = re.compile(r'[<>:"/\\|?*]')


def clean_filename(name: str) -> str:
    """A name safe to show and to offer in Content-Disposition: NFC, the last path part only, no control or
    reserved characters, at most 120 characters with the extension kept; "document" when nothing is left.
    It is never used as a path."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _UNSAFE.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    if not name:
        return "document"
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, extension = name, ""
    keep = MAX_NAME - (len(extension) + 1 if extension else 0)
    stem = stem[:keep].rstrip(" .") or "document"
    return f"{stem}.{extension}" if extension else stem


def download_name_for(name: str, kind: str) -> str:
    """The cleaned name with the extension of the kind the content was found to be ("notes.html" holding
    text is offered as "notes.txt"; "Slides.PDF" keeps its own spelling)."""
    cleaned = clean_filename(name)
    wanted = EXTENSIONS.get(kind)
    if not wanted:
        return cleaned
    stem, dot, extension = cleaned.rpartition(".")
    if not dot or len(extension) > 10:
        stem = cleaned
    if extension.lower() == wanted or (wanted == "jpg" and extension.lower() == "jpeg"):
        return f"{stem}.{extension}"
    return f"{stem[:MAX_NAME - len(wanted) - 1]}.{wanted}"


def file_response(stored: StoredFile, download_name: str, *, public: bool, inline: bool = False) -> Response:
    """Answer a download from the chunks: streamed in constant memory, ETag = SHA-256, Range (206/416) and
    If-None-Match (304) handled by werkzeug, `attachment` unless a PDF or image is asked inline (then under
    a sandboxing CSP), nosniff, and cacheable only when the file is public."""
    inline = inline and stored.kind in INLINE_KINDS
    content = cast(IO[bytes], storage.open(stored))
    copy = cached_copy(stored.sha256, stored.size, iter(lambda: content.read(CHUNK_BYTES), b""))
    # werkzeug adds "; charset=utf-8" to text types itself
    response = send_file(str(copy) if copy else content, request.environ, mimetype=stored.mime.split(";")[0],
                         as_attachment=not inline, download_name=download_name_for(download_name, stored.kind),
                         conditional=False, etag=False)
    if copy:  # this machine's checked copy: the server's own file wrapper, sendfile() under gunicorn
        content.close()
    else:
        # werkzeug's own wrapper, whole chunks at a time: it can seek, so a Range starts at its chunk (gunicorn's
        # wsgi.file_wrapper cannot, and would read every chunk before the range); 8 KiB blocks cost 6x the time
        content.seek(0)
        response.response = FileWrapper(content, CHUNK_BYTES)
    response.content_length = stored.size
    response.set_etag(stored.sha256)
    response.last_modified = stored.created_at  # not the disk copy's time, which each download renews
    response.headers["X-Content-Type-Options"] = "nosniff"
    if inline:
        response.headers["Content-Security-Policy"] = SANDBOX_CSP
    if public:
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = PUBLIC_MAX_AGE
    else:
        response.headers["Cache-Control"] = "no-store"
    try:
        return response.make_conditional(request.environ, accept_ranges=True, complete_length=stored.size)
    except RequestedRangeNotSatisfiable as error:  # 416 with "Content-Range: bytes */size", not an error page
        content.close()
        refused = error.get_response(request.environ)
        refused.headers["X-Content-Type-Options"] = "nosniff"
        return refused


_logos: BoundedCache[bytes] = BoundedCache(maxsize=64)


def logo_image(stored: StoredFile, max_px: int) -> bytes:
    """The stored image as PNG bytes scaled to fit max_px (kept per worker: the content never changes)."""
    def build() -> bytes:
        with storage.open(stored) as content:
            return scaled_png(io.BufferedReader(content, CHUNK_BYTES), max_px)
    return _logos.get_or_build((stored.sha256, max_px), build)


def used_bytes(file_ids: Iterable[int]) -> int:
    """Bytes taken by these files, each distinct file once (the same content twice takes its room once)."""
    ids = set(file_ids)
    if not ids:
        return 0
    return int(db.session.scalar(select(func.coalesce(func.sum(StoredFile.size), 0))
                                 .where(StoredFile.id.in_(ids))) or 0)
