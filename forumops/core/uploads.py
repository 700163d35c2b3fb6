"""An upload judged, then stored: judge_upload reads it into a temporary file and decides whether it is accepted
(its SHA-256 and size, the kind decided from the content against the allow-list of core.filetypes, a PDF's checks,
an image re-encoded), writing nothing to the database; keep_upload then stores it in core.files' chunks, the same
content once. Judging a large file takes seconds, so a caller that must count under a lock (a forum's quota,
core.filequota) judges first and keeps under the lock; store_upload does both at once.
"""

from __future__ import annotations

import hashlib
import tempfile
from typing import IO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import ClientDisconnected

from ..extensions import db
from .files import CHUNK_BYTES, FileRefused, StoredFile, clean_filename, max_file_bytes, storage
from .filetypes import IMAGE_KINDS, MIME, Refusal, check_pdf, detect_kind, reencode_image
from .i18n import lazy_gettext as _l

__all__ = ["JudgedUpload", "judge_upload", "keep_upload", "store_upload"]


class JudgedUpload:
    """An upload whose content passed every check (judge_upload), held in a temporary file until keep_upload stores
    it, or until it is closed: a `with` block, or close(), deletes the temporary file."""

    def __init__(self, name: str, content: IO[bytes], sha256: str, size: int, kind: str):
        self.name, self.content, self.sha256, self.size, self.kind = name, content, sha256, size, kind

    def close(self) -> None:
        self.content.close()

    def __enter__(self) -> JudgedUpload:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def judge_upload(stream: IO[bytes], filename: str, *, max_bytes: int | None = None,
                 images: str = "keep") -> JudgedUpload:
    """Read an upload into a temporary file and judge it, writing nothing to the database: the work (hashing, the
    type decided from the content against the allow-list, a PDF's checks, an image re-encoded) takes seconds for a
    large file, so a caller may do it before taking any lock, and store the result with keep_upload under it.
    `images` says what the caller takes: "keep" (documents and images), "only" (a logo: images only) or "refuse"
    (no images). Raises FileRefused naming the file and the reason."""
    name = clean_filename(filename)
    limit = max_file_bytes() if max_bytes is None else max_bytes
    spooled = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the JudgedUpload, which closes it)
    try:
        digest, size = _receive(stream, spooled, name, limit)
        kind = detect_kind(spooled)
        if images == "only" and kind not in IMAGE_KINDS:
            raise Refusal(_l("only PNG, JPEG or WebP images are accepted here"))
        if images == "refuse" and kind in IMAGE_KINDS:
            raise Refusal(_l("images are not accepted here"))
        if kind == "pdf":
            check_pdf(spooled)
        if kind in IMAGE_KINDS:
            clean = reencode_image(spooled, kind)
            spooled.close()
            digest, size = _hash(clean)
            return JudgedUpload(name, clean, digest, size, kind)
    except Refusal as refusal:
        spooled.close()
        raise FileRefused(name, refusal.args[0]) from refusal
    except BaseException:
        spooled.close()
        raise
    return JudgedUpload(name, spooled, digest, size, kind)


def keep_upload(judged: JudgedUpload) -> StoredFile:
    """Store a judged upload: the same content stored before is the same StoredFile row; a new one's chunks are
    written inside a savepoint, so a broken write leaves no row."""
    return _keep(judged.content, judged.sha256, judged.size, judged.kind)


def store_upload(stream: IO[bytes], filename: str, *, max_bytes: int | None = None,
                 images: str = "keep") -> StoredFile:
    """Judge an upload and store it (judge_upload, then keep_upload), or raise FileRefused naming the file and the
    reason. Neither holds a whole file in memory, and nothing is written before every check passed."""
    with judge_upload(stream, filename, max_bytes=max_bytes, images=images) as judged:
        return keep_upload(judged)


def _receive(stream: IO[bytes], target: IO[bytes], name: str, limit: int) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    try:
        for block in iter(lambda: stream.read(CHUNK_BYTES), b""):
            size += len(block)
            if size > limit:
                raise FileRefused(name, _l("it is larger than %(mb)s MB", mb=_mb(limit)))
            sha.update(block)
            target.write(block)
    except (ClientDisconnected, OSError, ValueError) as error:
        raise FileRefused(name, _l("the upload was interrupted; please try again")) from error
    if size == 0:
        raise FileRefused(name, _l("it is empty"))
    return sha.hexdigest(), size


def _hash(content: IO[bytes]) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    content.seek(0)
    for block in iter(lambda: content.read(CHUNK_BYTES), b""):
        sha.update(block)
        size += len(block)
    content.seek(0)
    return sha.hexdigest(), size


def _keep(content: IO[bytes], digest: str, size: int, kind: str) -> StoredFile:
    found = db.session.scalar(select(StoredFile).filter_by(sha256=digest))
    if found is not None:
        return found
    stored = StoredFile(sha256=digest, size=size, kind=kind, mime=MIME[kind])
    try:
        with db.session.begin_nested():
            db.session.add(stored)
            db.session.flush()
            storage.put(stored, content)
    except IntegrityError:
        # the same content stored by another request meanwhile: theirs is ours
        found = db.session.scalar(select(StoredFile).filter_by(sha256=digest))
        if found is None:
            raise
        return found
    return stored


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"
