"""Stored files live in the database, so a backup and a restore bring them back byte for byte."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from sqlalchemy import delete, select

from forumops.core.backup import BackupError, backup_database, pg_tool, restore_database
from forumops.core.files import CHUNK_BYTES, FileChunk, StoredFile, store_upload

# the backup reads the database through its own connection (or pg_dump): it sees only commits
pytestmark = pytest.mark.commits


@pytest.fixture
def needs_tools(db):
    if db.engine.dialect.name == "postgresql":
        try:
            pg_tool("pg_dump")
            pg_tool("pg_restore")
        except BackupError as error:
            pytest.skip(str(error))


def test_backup_and_restore_bring_files_back_byte_for_byte(app, db, tmp_path, needs_tools):
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
