"""A local disk copy of stored files, for serving them as fast as the web server serves any file.

The database holds every file (core.files); this cache is only a copy, per machine, that can be deleted at any
time. A download is served from the copy with werkzeug's send_file on a path, so the server hands it to the
kernel (sendfile) instead of Python copying each block out of the database: 70 participants fetching the same
25 MB slides read the database once, not 70 times. The copy is written chunk by chunk (constant memory), its
SHA-256 checked against the stored one before it takes its name (a half-written or damaged copy is never
served), and named by that SHA-256, never by anything a user typed. When the copies pass
FORUMOPS_FILE_CACHE_MB the least recently served go first; 0 turns the cache off (downloads stream from the
database).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app

SUBFOLDER = "file-cache"


def cache_dir() -> Path | None:
    """Where this machine keeps its copies (FORUMOPS_FILE_CACHE_DIR, else instance/file-cache); None when
    the cache is off."""
    if current_app.config.get("FILE_CACHE_BYTES", 0) <= 0:
        return None
    folder = Path(current_app.config.get("FILE_CACHE_DIR") or Path(current_app.instance_path) / SUBFOLDER)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def cached_copy(sha256: str, size: int, chunks) -> Path | None:
    """The path of this file's checked copy, written from `chunks` (an iterable of bytes, read lazily) when
    there is none yet; None when the cache is off or the copy could not be written (the caller streams)."""
    folder = cache_dir()
    if folder is None or len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        return None
    path = folder / sha256
    try:
        if path.stat().st_size == size:
            os.utime(path)  # served now: the last to be evicted
            return path
    except FileNotFoundError:
        pass
    try:
        _write(folder, path, sha256, chunks)
    except (OSError, ValueError):
        return None
    _evict(folder, current_app.config["FILE_CACHE_BYTES"], keep=path)
    return path


def _write(folder: Path, path: Path, sha256: str, chunks) -> None:
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            for block in chunks:
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != sha256:
            raise ValueError("the copy does not match its SHA-256")
        os.replace(temporary, path)  # atomic: another worker writing the same copy ends with the same bytes
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _evict(folder: Path, budget: int, keep: Path) -> None:
    """Delete the least recently served copies until the rest fit the budget (never the one just written)."""
    entries = []
    for entry in os.scandir(folder):
        if entry.is_file() and not entry.name.startswith("."):
            info = entry.stat()
            entries.append((info.st_mtime, info.st_size, Path(entry.path)))
    total = sum(size for _mtime, size, _path in entries)
    for _mtime, size, path in sorted(entries):
        if total <= budget:
            break
        if path != keep:
            path.unlink(missing_ok=True)
            total -= size


def forget_copy(sha256: str) -> None:
    """Delete this machine's copy of a file no longer stored (other machines' copies go as they are evicted)."""
    folder = cache_dir()
    if folder is not None and len(sha256) == 64:
        (folder / sha256).unlink(missing_ok=True)
