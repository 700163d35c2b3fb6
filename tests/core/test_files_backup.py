"""Stored files live in the database, so a backup and a restore bring them back byte for byte."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from sqlalchemy import delete, select

from forumops.core.backup import backup_database, restore_database
from forumops.core.files import CHUNK_BYTES, FileChunk, StoredFile, file_response
from forumops.core.uploads import store_upload
from tests.core.test_backup import needs_tools  # noqa: F401 (a fixture: pg_dump and pg_restore, or skip)

# the backup reads the database through its own connection (or pg_dump): it sees only commits
pytestmark = pytest.mark.commits


@pytest.mark.usefixtures("needs_tools")
def test_backup_and_restore_bring_files_back_byte_for_byte(app, db, tmp_path):
    content = b"Agenda, day one\n" + os.urandom(CHUNK_BYTES * 2 + 12345).hex().encode()  # three chunks of text
    stored = store_upload(io.BytesIO(content), "agenda.txt")
    digest = stored.sha256
    db.session.commit()
    backup = backup_database(db.engine.url, tmp_path / "files.backup")
    db.session.execute(delete(StoredFile))  # lost after the backup: the chunks go with it (CASCADE)
    db.session.commit()
    assert db.session.scalar(select(FileChunk.seq).limit(1)) is None
    db.session.remove()

    restore_database(db.engine.url, backup)

    restored = db.session.scalar(select(StoredFile).filter_by(sha256=digest))
    assert restored is not None
    data = b"".join(db.session.scalars(select(FileChunk.data).filter_by(file_id=restored.id).order_by(FileChunk.seq)))
    assert hashlib.sha256(data).hexdigest() == digest
    assert data == content


def test_a_download_is_read_after_the_view_has_ended(app, db):
    """Under gunicorn the body is sent after the request's app context is gone: the chunks are then read
    through pooled connections of their own (what the test client's in-context reads never show)."""
    content = b"Slides\n" + os.urandom(CHUNK_BYTES + 999).hex().encode()
    stored = store_upload(io.BytesIO(content), "slides.txt")
    db.session.commit()
    with app.test_request_context(headers={"Range": "bytes=10-"}) as context:
        response = file_response(stored, "slides.txt", public=False)
        environ = context.request.environ
    db.session.remove()
    with pytest.MonkeyPatch.context() as patch:  # the test itself runs in an app context; a worker sending has none
        patch.setattr("forumops.core.files.has_app_context", lambda: False)
        body = b"".join(response.get_app_iter(environ))
    response.close()
    assert (response.status_code, body) == (206, content[10:])
