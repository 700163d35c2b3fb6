"""core.files: uploads stored in chunks and deduplicated, hostile files refused, downloads served safely."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from PIL import Image
from pypdf import PdfWriter
from sqlalchemy import func, select

from forumops.core.files import (
    CHUNK_BYTES,
    FileChunk,
    FileRefused,
    StoredFile,
    clean_filename,
    file_response,
    store_upload,
    used_bytes,
)


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes(size=(40, 30), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 40, 40))
    image.save(out, "PNG", **({"exif": exif} if exif else {}))
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def chunk_count(db, stored) -> int:
    return db.session.scalar(select(func.count()).select_from(FileChunk).filter_by(file_id=stored.id))


def test_a_pdf_is_stored_in_chunks_and_read_back_byte_for_byte(db):
    content = pdf_bytes() + b"\n%" + b"x" * (CHUNK_BYTES * 2)  # a PDF reader ignores what trails %%EOF
    stored = store_upload(io.BytesIO(content), "Concept note.pdf")
    assert (stored.kind, stored.mime, stored.size) == ("pdf", "application/pdf", len(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert chunk_count(db, stored) == 3
    data = b"".join(db.session.scalars(select(FileChunk.data).filter_by(file_id=stored.id).order_by(FileChunk.seq)))
    assert data == content


def test_the_same_content_twice_is_one_stored_file(db):
    first = store_upload(io.BytesIO(pdf_bytes()), "a.pdf")
    second = store_upload(io.BytesIO(pdf_bytes()), "b.pdf")
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 1
    assert used_bytes([first.id, second.id]) == first.size


def test_the_type_comes_from_the_content_not_the_name(db):
    assert store_upload(io.BytesIO(docx_bytes()), "slides.pdf").kind == "word"
    table = "Tên,email,country\nMai,mai@example.org,VN\nLinh,linh@example.org,VN\n".encode()
    assert store_upload(io.BytesIO(table), "x.png").kind == "csv"


@pytest.mark.parametrize(("content", "name", "why"), [
    (b"", "empty.pdf", "it is empty"),
    (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "invoice.pdf", "HTML"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.png", "SVG"),
])
def test_hostile_files_are_refused_with_the_name_and_the_reason(db, content, name, why):
    with pytest.raises(FileRefused) as refused:
        store_upload(io.BytesIO(content), name)
    assert name in refused.value.reason
    assert why in refused.value.reason
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0


def test_a_file_over_the_limit_is_refused_before_it_is_all_read(db):
    class Endless(io.RawIOBase):
        read_bytes = 0

        def readinto(self, buffer):
            buffer[:] = b"a" * len(buffer)
            self.read_bytes += len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(FileRefused, match="larger than 2 MB"):
        store_upload(stream, "big.txt", max_bytes=2 * 1024 * 1024)
    assert stream.read_bytes <= 3 * CHUNK_BYTES


def test_file_names_are_cleaned_and_never_paths():
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("C:\\Users\\mai\\Bài trình bày.pptx") == "Bài trình bày.pptx"
    assert clean_filename("\x00\x1b[31m..") == "[31m"
    assert clean_filename("\x00/..") == "document"
    long = clean_filename("../" + "\u202e" + "ก" * 300 + "\n.pdf")
    assert len(long) == 120
    assert long.endswith(".pdf")
    assert not {"/", "\u202e", "\n"} & set(long)


def serve(app, stored, headers=None, **options):
    """The answer as a WSGI server would send it (werkzeug drops a 304's body there)."""
    with app.test_request_context(headers=headers or {}) as context:
        response = file_response(stored, "Concept note.pdf", **options)
        body = b"".join(response.get_app_iter(context.request.environ))
        response.close()
        return response.status_code, response.headers, body


def test_downloads_have_an_etag_and_answer_ranges(app, db):
    content = pdf_bytes() + b"%" + bytes(range(256)) * 9000
    stored = store_upload(io.BytesIO(content), "note.pdf")
    status, headers, body = serve(app, stored, public=True)
    assert (status, body) == (200, content)
    assert headers["ETag"] == f'"{stored.sha256}"'
    assert headers["Content-Disposition"].startswith("attachment")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Accept-Ranges"] == "bytes"
    status, headers, body = serve(app, stored, {"Range": "bytes=0-99"}, public=True)
    assert (status, body, headers["Content-Range"]) == (206, content[:100], f"bytes 0-99/{len(content)}")
    status, _headers, body = serve(app, stored, {"If-None-Match": f'"{stored.sha256}"'}, public=True)
    assert (status, body) == (304, b"")
