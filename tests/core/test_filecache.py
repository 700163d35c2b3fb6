"""This machine's disk copy of served files (core.filecache): the second download of a file comes from a copy
checked against its SHA-256 (served by the web server's sendfile), a damaged copy is never served, and the
least recently served copies go when the cache is full. The database stays the only storage."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from forumops.core.uploads import store_upload
from tests.core.test_files import pdf_bytes, serve


@pytest.fixture
def cache(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "FILE_CACHE_DIR", str(tmp_path / "copies"))
    monkeypatch.setitem(app.config, "FILE_CACHE_BYTES", 10 * 1024 * 1024)
    return tmp_path / "copies"


def test_a_served_file_is_copied_once_and_then_served_from_the_copy(app, db, cache):
    content = pdf_bytes() + b"%" + bytes(range(256)) * 12_000  # 3 MB: three chunks
    stored = store_upload(io.BytesIO(content), "slides.pdf")
    status, headers, body = serve(app, stored, public=True)
    assert (status, body) == (200, content)
    copy = cache / stored.sha256
    assert copy.read_bytes() == content
    status, headers, body = serve(app, stored, {"Range": "bytes=100-"}, public=True)  # a resumed download
    assert (status, body) == (206, content[100:])
    assert headers["ETag"] == f'"{stored.sha256}"'


def test_a_damaged_copy_is_never_served(app, db, cache):
    content = pdf_bytes(2) + b"%" + bytes(range(256)) * 800
    stored = store_upload(io.BytesIO(content), "slides.pdf")
    serve(app, stored, public=True)
    (cache / stored.sha256).write_bytes(content[:1000])  # cut short, as a full disk leaves it
    assert serve(app, stored, public=True)[2] == content
    assert (cache / stored.sha256).read_bytes() == content


def test_the_least_recently_served_copies_go_when_the_cache_is_full(app, db, cache, monkeypatch):
    monkeypatch.setitem(app.config, "FILE_CACHE_BYTES", 2 * 1024 * 1024)
    files = [store_upload(io.BytesIO(pdf_bytes(n + 1) + b"%" + bytes(range(256)) * 3_500), f"deck{n}.pdf")
             for n in range(3)]
    for stored in files:
        serve(app, stored, public=True)
    kept = {path.name for path in Path(cache).iterdir()}
    assert files[0].sha256 not in kept  # the oldest made room
    assert {files[1].sha256, files[2].sha256} <= kept


def test_with_the_cache_off_files_stream_from_the_database(app, db, cache, monkeypatch):
    monkeypatch.setitem(app.config, "FILE_CACHE_BYTES", 0)
    content = pdf_bytes(3) + b"%" + bytes(range(256)) * 6_000
    stored = store_upload(io.BytesIO(content), "slides.pdf")
    assert serve(app, stored, public=True)[2] == content
    assert not cache.exists()
