"""core.files: uploads stored in chunks and deduplicated, hostile files refused, downloads served safely."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from flask import request
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from sqlalchemy import func, insert, select
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from forumops.core import files
from forumops.core.files import (
    CHUNK_BYTES,
    FileChunk,
    FileRefused,
    StoredFile,
    allow_uploads,
    clean_filename,
    file_response,
    used_bytes,
)
from forumops.core.filetypes import MIME
from forumops.core.uploads import store_upload


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


# --- the hostile corpus (issue #20, item 7) -------------------------------------------------------------

def bomb_png(side: int = 20_000) -> bytes:
    """A real PNG of side × side black pixels: some kilobytes on disk, hundreds of megabytes once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * (side // 8)  # filter byte, then one bit per pixel
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def pdf_with(action: dict) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject(key): (NameObject(value) if value.startswith("/") else TextStringObject(value))
         for key, value in action.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_document_js() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('hello');")})
    scripts = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("hello"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): scripts})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def office_with(parts: dict[str, str], content_types: str = "<Types/>", compress: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def odt_with(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def odt_bomb() -> bytes:
    """A small .odt whose `mimetype` part unpacks to 200 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text" + " " * 200_000_000)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def pdf_with_keys(keys: dict) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for key, value in keys.items():
        writer._root_object[NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_indirect_launch() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    kind = writer._add_object(NameObject("/Launch"))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): kind, NameObject("/F"): TextStringObject("calc.exe")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return out.getvalue()


@pytest.mark.parametrize(("make", "name", "why"), [
    (lambda: pdf_bytes() + zip_bytes(), "polyglot.pdf", "both a PDF and a ZIP archive"),
    (bomb_png, "bomb.png", "too large"),
    (pdf_with_document_js, "with-script.pdf", "JavaScript"),
    (lambda: pdf_with({"/S": "/JavaScript", "/JS": "app.alert(1)"}), "open-action.pdf", "JavaScript"),
    (lambda: pdf_with({"/S": "/Launch", "/F": "calc.exe"}), "launch.pdf", "starts other programs"),
    (lambda: b"%PDF-1.7\n" + b"garbage " * 200, "broken.pdf", "not a readable PDF"),
    (zip_bytes, "archive.docx", "ZIP archives are not accepted"),
    (lambda: b"MZ\x90\x00" + bytes(range(256)) * 8, "setup.pdf", "not accepted"),
    (lambda: "xin chào".encode("utf-16"), "notes.txt", "UTF-8"),
    (odt_bomb, "bomb.odt", "unpacks to far more than its size"),
    (lambda: office_with({"word/document.xml": "<w:document/>", "word/notmacros.bin": "x"},
                         '<Types><Override ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
     "renamed-vba.docx", "macros"),
    (lambda: office_with({"xl/workbook.xml": "<workbook/>", "xl/macrosheets/sheet1.xml": "<xm:macrosheet/>"}),
     "excel4.xlsx", "macros"),
    (lambda: odt_with({"Scripts/python/run.py": "import os"}), "python-macro.odt", "macros"),
    (pdf_with_indirect_launch, "indirect-launch.pdf", "starts other programs"),
    (lambda: pdf_with_keys({"/AcroForm": DictionaryObject({NameObject("/XFA"): TextStringObject("<script/>")})}),
     "xfa.pdf", "of its own"),
    (lambda: pdf_with_keys({"/Names": DictionaryObject({NameObject("/EmbeddedFiles"): DictionaryObject()})}),
     "attachment.pdf", "of its own"),
])
def test_the_hostile_corpus_is_refused_with_a_reason(db, make, name, why):
    with pytest.raises(FileRefused) as refused:
        store_upload(io.BytesIO(make()), name)
    assert refused.value.reason.startswith(f"“{name}” was refused: ")
    assert why in refused.value.reason
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert db.session.scalar(select(func.count()).select_from(FileChunk)) == 0


def test_a_hostile_name_is_stored_harmlessly_and_offered_clean(app, db):
    name = "../" * 20 + "\x00\x07\u202e\r\nBáo cáo" + "x" * 240 + ".pdf"
    assert len(name) >= 300
    stored = store_upload(io.BytesIO(pdf_bytes()), name)
    with app.test_request_context():
        disposition = file_response(stored, name, public=False).headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert ".." not in disposition
    assert "/" not in disposition.replace("UTF-8''", "")
    assert not {"\x00", "\x07", "\r", "\n", "\u202e"} & set(disposition)
    assert len(clean_filename(name)) == 120


def test_office_and_opendocument_files_are_recognised_as_such(db):
    def package(parts: dict[str, str]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for part, text in parts.items():
                archive.writestr(part, text)
        return out.getvalue()

    ooxml = {"[Content_Types].xml": "<Types/>"}
    cases = {
        "word": package({**ooxml, "word/document.xml": "<w/>"}),
        "excel": package({**ooxml, "xl/workbook.xml": "<x/>"}),
        "powerpoint": package({**ooxml, "ppt/presentation.xml": "<p/>"}),
        "odt": package({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<o/>"}),
        "ods": package({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<o/>"}),
        "odp": package({"mimetype": "application/vnd.oasis.opendocument.presentation", "content.xml": "<o/>"}),
    }
    for kind, content in cases.items():
        stored = store_upload(io.BytesIO(content), "file.zip")
        assert (stored.kind, stored.mime) == (kind, MIME[kind])
    with pytest.raises(FileRefused, match="macros"):
        store_upload(io.BytesIO(package({**ooxml, "word/document.xml": "<w/>", "word/vbaProject.bin": "x"})), "m.docm")


def test_images_are_re_encoded_without_their_metadata(db):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 42.0)}  # GPS: latitude where the photo was taken
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(photo, "JPEG", exif=exif.tobytes())
    assert b"CameraMaker" in photo.getvalue()
    stored = store_upload(io.BytesIO(photo.getvalue()), "venue.jpg")
    content = b"".join(db.session.scalars(select(FileChunk.data).filter_by(file_id=stored.id)))
    assert stored.kind == "jpeg"
    assert b"CameraMaker" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (64, 48)
        assert not image.getexif()
    assert stored.sha256 == hashlib.sha256(content).hexdigest()


def test_only_images_where_only_images_are_taken(db):
    with pytest.raises(FileRefused, match="only PNG, JPEG or WebP"):
        store_upload(io.BytesIO(pdf_bytes()), "logo.pdf", images="only")
    assert store_upload(io.BytesIO(png_bytes()), "logo.png", images="only").kind == "png"
    with pytest.raises(FileRefused, match="images are not accepted here"):
        store_upload(io.BytesIO(png_bytes((3, 3))), "annex.png", images="refuse")


def test_an_upload_cut_off_midway_leaves_nothing_behind(db):
    class CutOff(io.RawIOBase):
        sent = 0

        def readinto(self, buffer):
            if self.sent >= 2 * CHUNK_BYTES:
                raise ClientDisconnected()
            buffer[:] = b"a" * len(buffer)
            self.sent += len(buffer)
            return len(buffer)

    with pytest.raises(FileRefused, match="interrupted"):
        store_upload(CutOff(), "slides.pptx")
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert db.session.scalar(select(func.count()).select_from(FileChunk)) == 0


def test_a_failure_while_writing_chunks_rolls_back_only_the_file(db, monkeypatch, create_forum):
    forum = create_forum(slug="kept-forum")

    def broken_put(stored, content):
        db.session.execute(insert(FileChunk), [{"file_id": stored.id, "seq": 0, "data": b"half"}])
        raise OSError("disk gone")

    monkeypatch.setattr(files.storage, "put", broken_put)
    with pytest.raises(OSError, match="disk gone"):
        store_upload(io.BytesIO(pdf_bytes()), "a.pdf")
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert db.session.scalar(select(func.count()).select_from(FileChunk)) == 0
    assert db.session.get(type(forum), forum.id) is not None  # the caller's own work is untouched


# --- serving --------------------------------------------------------------------------------------------

def test_ranges_resume_a_download_byte_for_byte(app, db):
    content = pdf_bytes() + b"%" + bytes(range(256)) * (CHUNK_BYTES // 128)  # spans three chunks
    stored = store_upload(io.BytesIO(content), "deck.pdf")
    size = len(content)
    status, headers, tail = serve(app, stored, {"Range": "bytes=100-"}, public=True)
    assert (status, headers["Content-Range"], tail) == (206, f"bytes 100-{size - 1}/{size}", content[100:])
    # a download broken after 1.5 MiB resumes from there; the pieces reassemble into the file
    cut = CHUNK_BYTES + CHUNK_BYTES // 2
    _status, _headers, first = serve(app, stored, public=True)
    status, _headers, rest = serve(app, stored, {"Range": f"bytes={cut}-", "If-Range": f'"{stored.sha256}"'},
                                   public=True)
    assert status == 206
    assert hashlib.sha256(first[:cut] + rest).hexdigest() == stored.sha256
    status, headers, _body = serve(app, stored, {"Range": f"bytes={size}-"}, public=True)
    assert (status, headers["Content-Range"]) == (416, f"bytes */{size}")


def test_private_files_are_never_stored_by_caches_and_public_ones_may_be(app, db):
    stored = store_upload(io.BytesIO(pdf_bytes()), "note.pdf")
    _status, private, _body = serve(app, stored, public=False)
    _status, public, _body = serve(app, stored, public=True)
    assert private["Cache-Control"] == "no-store"
    assert "public" in public["Cache-Control"]
    assert "max-age" in public["Cache-Control"]


def test_only_pdfs_and_images_open_inline_and_then_sandboxed(app, db):
    pdf = store_upload(io.BytesIO(pdf_bytes()), "note.pdf")
    text = store_upload(io.BytesIO(b"Agenda\nDay one\n"), "agenda.txt")
    _status, headers, _body = serve(app, pdf, public=True, inline=True)
    assert headers["Content-Disposition"].startswith("inline")
    assert "sandbox" in headers["Content-Security-Policy"]
    _status, headers, _body = serve(app, text, public=True, inline=True)
    assert headers["Content-Disposition"].startswith("attachment")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"


def test_upload_requests_alone_may_be_larger_than_other_forms(app):
    def body():
        return {"file": (io.BytesIO(b"a" * (5 * 1024 * 1024)), "big.txt")}

    with app.test_request_context(method="POST", data=body()), pytest.raises(RequestEntityTooLarge):
        request.files.get("file")
    with app.test_request_context(method="POST", data=body()):
        allow_uploads(1)
        assert request.files["file"].filename == "big.txt"


@pytest.mark.parametrize(("name", "content", "offered"), [
    ("notes.html", b"<img src=x onerror=alert(1)> plain words", "notes.txt"),  # text: never a page once saved
    ("Slides.PDF", None, "Slides.PDF"),
    ("agenda", None, "agenda.pdf"),
])
def test_a_download_is_offered_with_the_extension_of_what_it_is(app, db, name, content, offered):
    stored = store_upload(io.BytesIO(content or pdf_bytes()), name)
    with app.test_request_context():
        response = file_response(stored, name, public=False)
        response.close()
    assert response.headers["Content-Disposition"] == f"attachment; filename={offered}"
