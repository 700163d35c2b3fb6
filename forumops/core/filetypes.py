"""What an uploaded file is, decided from its bytes alone, and making it harmless to serve.

The name and the browser's claimed type are never consulted: libmagic (python-magic) reads the content,
then each accepted kind gets a check of its own: a PDF is parsed by pypdf and refused if it carries
JavaScript or launches programs; an Office or OpenDocument file is opened as the ZIP it is and its parts
looked at (macros refused); an image is decoded and re-encoded by Pillow, which drops its metadata (EXIF,
GPS) and refuses decompression bombs; text must be UTF-8. Anything that reads as two formats at once (a
PDF that is also a ZIP) is refused, since what a reader shows would depend on the program that opens it.

Functions work on an open binary file (a temporary file on disk), never on the whole content in memory.
"""

from __future__ import annotations

import codecs
import tempfile
import warnings
import zipfile
from typing import IO

import magic
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from .i18n import lazy_gettext as _l

# kind -> label shown to people; the allow-list of issue #20
ALLOWED = {
    "pdf": _l("PDF document"),
    "word": _l("Word document"),
    "excel": _l("Excel spreadsheet"),
    "powerpoint": _l("PowerPoint slides"),
    "odt": _l("OpenDocument text"),
    "ods": _l("OpenDocument spreadsheet"),
    "odp": _l("OpenDocument slides"),
    "png": _l("PNG image"),
    "jpeg": _l("JPEG image"),
    "webp": _l("WebP image"),
    "text": _l("Plain text"),
    "csv": _l("CSV table"),
}
IMAGE_KINDS = frozenset({"png", "jpeg", "webp"})
MIME = {
    "pdf": "application/pdf",
    "word": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "excel": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "powerpoint": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "text": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
# the extension a download of each kind is offered with, whatever the uploader named it: a text file called
# "notes.html" or "logo.svg" would run as a page or a picture once saved and opened
EXTENSIONS = {"pdf": "pdf", "word": "docx", "excel": "xlsx", "powerpoint": "pptx", "odt": "odt", "ods": "ods",
              "odp": "odp", "png": "png", "jpeg": "jpg", "webp": "webp", "text": "txt", "csv": "csv"}
_BY_MAGIC = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/webp": "webp",
    "text/plain": "text",
    "text/csv": "csv",
    "application/csv": "csv",
}
_OOXML_MAIN = {"word/document.xml": "word", "xl/workbook.xml": "excel", "ppt/presentation.xml": "powerpoint"}
_ODF_MIME = {MIME["odt"]: "odt", MIME["ods"]: "ods", MIME["odp"]: "odp"}
_ZIPPED = {"application/zip", "application/octet-stream", "application/x-zip-compressed", *MIME.values(),
           "application/vnd.openxmlformats-officedocument.presentationml.slideshow"}
MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: any photo or slide a forum needs; a bomb is far larger
_PDF_BANNED_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/Rendition", "/SubmitForm", "/GoToE", "/GoToR"}
# script, forms that run scripts (XFA), files inside the PDF, and embedded players
_PDF_BANNED_KEYS = {"/JS", "/JavaScript", "/XFA", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia"}
# Office parts that carry code: VBA (whatever its part is named), Excel 4 macro sheets, ActiveX, OLE objects
_OOXML_CODE_TYPES = ("vbaproject", "macroenabled", "activex", "oleobject", "macrosheet", "vnd.ms-office.vba")
_OOXML_CODE_PARTS = ("vbaproject", "/macrosheets/", "/activex/", "/embeddings/oleobject")
_ZIP_MAX_RATIO = 100  # an archive whose parts unpack to more than 100x its size is a bomb, not a document
_PDF_MAX_OBJECTS = 500_000  # a PDF that claims more is refused rather than walked


class Refusal(Exception):
    """The content is not acceptable; the message says why (a lazy translated sentence, no file name)."""


def detect_kind(file: IO[bytes]) -> str:
    """The allowed kind of this content, or Refusal saying what it is instead."""
    file.seek(0)
    head = file.read(8192)
    if not head:
        raise Refusal(_l("it is empty"))
    file.seek(0)
    found = magic.from_buffer(_whole_or_head(file), mime=True)
    if found in ("text/html", "application/xhtml+xml") or b"<html" in head[:1024].lower():
        raise Refusal(_l("web pages (HTML) are not accepted"))
    if found in ("image/svg+xml", "image/svg") or b"<svg" in head.lower():
        raise Refusal(_l("SVG images are not accepted; upload a PNG instead"))
    if found in _ZIPPED and head.startswith(b"PK\x03\x04"):
        kind = _office_kind(file)
    elif found in _BY_MAGIC:
        kind = _BY_MAGIC[found]
    elif found in ("application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
                   "application/x-ole-storage", "application/CDFV2", "application/vnd.ms-office"):
        raise Refusal(_l("older Office files (.doc, .xls, .ppt) can carry macros; save it as .docx, .xlsx, "
                         ".pptx or PDF"))
    elif found.startswith("text/"):
        raise Refusal(_l("this kind of text file is not accepted"))
    else:
        raise Refusal(_l("this type of file is not accepted"))
    _refuse_polyglot(file, kind, head)
    if kind in ("text", "csv"):
        _require_utf8(file)
    return kind


def _whole_or_head(file: IO[bytes]) -> bytes:
    """What libmagic reads: the first 1 MiB is what its rules look at (ZIP entries named near the start)."""
    file.seek(0)
    data = file.read(1024 * 1024)
    file.seek(0)
    return data


def _office_kind(file: IO[bytes]) -> str:
    """An OOXML or OpenDocument file, recognised from its parts; any other ZIP is refused."""
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            size = file.seek(0, 2)
            if sum(info.file_size for info in infos) > max(size, 1) * _ZIP_MAX_RATIO:
                raise Refusal(_l("it unpacks to far more than its size"))
            if "mimetype" in names:
                with archive.open("mimetype") as entry:  # 100 bytes at most, however large it claims to be
                    declared = entry.read(100).decode("ascii", "replace").strip()
                if declared in _ODF_MIME and "content.xml" in names:
                    if any(name.lower().startswith(("basic/", "scripts/")) for name in names):
                        raise Refusal(_l("it contains macros"))
                    return _ODF_MIME[declared]
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as entry:
                    types = entry.read(1024 * 1024).decode("utf-8", "replace").lower()
                if any(code in types for code in _OOXML_CODE_TYPES) or any(
                        part in "/" + name.lower() for name in names for part in _OOXML_CODE_PARTS):
                    raise Refusal(_l("it contains macros; save it without them (.docx, .xlsx, .pptx)"))
                for part, kind in _OOXML_MAIN.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Refusal(_l("it is a damaged archive")) from error
    raise Refusal(_l("ZIP archives are not accepted; upload the documents themselves"))


def _refuse_polyglot(file: IO[bytes], kind: str, head: bytes) -> None:
    """Refuse content that other programs would read as another format: a PDF that is also a ZIP (its
    central directory at the end), or anything else with a PDF header where PDF readers look for one."""
    if kind == "pdf":
        file.seek(0)
        if zipfile.is_zipfile(file):
            raise Refusal(_l("it is both a PDF and a ZIP archive"))
    elif b"%PDF-" in head[:1024]:
        raise Refusal(_l("it is disguised as a PDF"))
    file.seek(0)


def _require_utf8(file: IO[bytes]) -> None:
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            text = decoder.decode(block)
            if "\x00" in text:
                raise Refusal(_l("text files must not contain binary data"))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise Refusal(_l("text files must be saved as UTF-8")) from error
    finally:
        file.seek(0)


def check_pdf(file: IO[bytes]) -> None:
    """pypdf must read it as a PDF, and no object may run JavaScript or launch anything."""
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refusal(_l("it is protected by a password"))
        ids = [(num, gen) for gen, table in reader.xref.items() for num in table]
        ids += [(num, 0) for num in reader.xref_objStm]
        if not ids or len(ids) > _PDF_MAX_OBJECTS:
            raise Refusal(_l("it is not a readable PDF"))
        for num, gen in ids:
            obj = reader.get_object(IndirectObject(num, gen, reader))
            _check_pdf_object(obj, depth=0)
            if isinstance(obj, StreamObject) and obj.get("/Type") != "/ObjStm":
                # pypdf keeps every object it read; a page's image need not stay once looked at
                reader.resolved_objects.pop((gen, num), None)
        if len(reader.pages) < 1:
            raise Refusal(_l("it is not a readable PDF"))
    except Refusal:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as error:
        raise Refusal(_l("it is not a readable PDF")) from error
    finally:
        file.seek(0)


def _check_pdf_object(obj, depth: int) -> None:
    """Look inside one object's direct dictionaries and arrays (referenced objects are walked on their own)."""
    if depth > 64:
        raise Refusal(_l("it is not a readable PDF"))
    if isinstance(obj, DictionaryObject):
        banned = _PDF_BANNED_KEYS & set(obj.keys())
        if banned & {"/JS", "/JavaScript"}:
            raise Refusal(_l("it contains JavaScript"))
        if banned:
            raise Refusal(_l("it carries files or interactive forms of its own"))
        action = obj.get("/S")
        if isinstance(action, IndirectObject):  # an action's kind may sit in an object of its own
            action = action.get_object()
        if action in _PDF_BANNED_ACTIONS:
            raise Refusal(_l("it contains JavaScript or starts other programs"))
        for value in obj.values():
            if isinstance(value, (DictionaryObject, ArrayObject)):
                _check_pdf_object(value, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            if isinstance(value, (DictionaryObject, ArrayObject)):
                _check_pdf_object(value, depth + 1)


_PIL_FORMAT = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}


def reencode_image(file: IO[bytes], kind: str) -> IO[bytes]:
    """A new temporary file holding the image decoded and encoded again, in the same format: EXIF (GPS,
    camera, owner), XMP and text chunks left behind, the orientation applied to the pixels."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=[_PIL_FORMAT[kind]]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise Refusal(_l("the image is too large (%(width)s × %(height)s pixels)",
                                     width=width, height=height))
                image.load()
                icc = image.info.get("icc_profile")
                out = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the caller, who closes it)
                _save(ImageOps.exif_transpose(image), out, kind, icc)
    except Refusal:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise Refusal(_l("the image is too large to open safely")) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise Refusal(_l("the image is damaged")) from error
    out.seek(0)
    return out


def _save(image: Image.Image, out: IO[bytes], kind: str, icc) -> None:
    extra = {"icc_profile": icc} if icc else {}
    if kind == "jpeg":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, **extra)
    elif kind == "png":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        image.save(out, "PNG", **extra)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.mode or "transparency" in image.info else "RGB")
        image.save(out, "WEBP", quality=90, **extra)


def scaled_png(file: IO[bytes], max_px: int) -> bytes:
    """The image as PNG bytes, no side longer than max_px (a logo for a page, a PDF or a badge)."""
    file.seek(0)
    with Image.open(file) as opened:
        image = ImageOps.exif_transpose(opened)
        image.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as out:
            image.save(out, "PNG", optimize=True)
            out.seek(0)
            return out.read()
