"""Certificates as files: one PDF (a person's, a preview, or every one in one document) and a ZIP of one PDF per
person, streamed entry by entry so a forum of thousands is never held in memory as one answer."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import BinaryIO

from flask import Response, send_file, stream_with_context

from ..core.files import download_name_for
from ..core.http import as_download, safe_filename
from ..core.i18n import in_zone
from ..core.models import utcnow
from ..pdf.papers import render_certificates
from .printing import Designs, Printed


def pdf_response(designs: Designs, printed: list[Printed], filename: str, *, inline: bool = False) -> Response:
    """These certificates as one PDF, rendered into a temporary file (on disk for many) and sent from there."""
    out: BinaryIO = tempfile.TemporaryFile() if len(printed) > 1 else io.BytesIO()  # noqa: SIM115  (sent, then closed)
    try:
        render_certificates(designs.pages(printed), out)
        size = out.tell()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    response = send_file(out, mimetype="application/pdf", as_attachment=not inline,
                         download_name=safe_filename(filename, "certificate") + ".pdf", conditional=False,
                         etag=False, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    response.content_length = size
    return response


def entry_names(printed: Iterable[Printed]) -> list[str]:
    """A file name per certificate, "certificate-<name>.pdf" in the holder's own script, made safe and unique."""
    names: list[str] = []
    taken: set[str] = set()
    for one in printed:
        holder = one.holder_name.replace("/", "-").replace("\\", "-")  # a name is never read as a path
        base = download_name_for(f"certificate-{holder}.pdf", "pdf")
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base[:-4]} ({n}).pdf"
        taken.add(name.casefold())
        names.append(name)
    return names


def entry_info(name: str, issued_at: datetime | None, zone: str | None) -> zipfile.ZipInfo:
    """A ZIP entry dated when its certificate was issued, on the forum's clock (a ZIP's times carry no zone),
    so a file manager sorts and shows them by that date rather than 1980's."""
    when = in_zone(issued_at, zone) if issued_at is not None else utcnow()
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    return info


class _Pipe(io.RawIOBase):
    """Where the ZIP is written: what each entry added is taken away and sent, so only one entry is held."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def zip_stream(entries: Iterable[tuple[zipfile.ZipInfo, Callable[[BinaryIO], None]]]) -> Iterator[bytes]:
    """A ZIP archive as it is written: each entry (its name and date, a function writing its bytes) in turn.
    PDFs are compressed already, so they are stored as they are."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED) as archive:
        for info, write in entries:
            with archive.open(info, "w") as entry:
                write(entry)  # type: ignore[arg-type]
            yield pipe.take()
    yield pipe.take()


def zip_response(designs: Designs, printed: list[Printed], filename: str) -> Response:
    """One PDF per certificate in a ZIP, streamed: each is drawn as the previous one is sent."""
    def writer(one: Printed) -> Callable[[BinaryIO], None]:
        return lambda out: render_certificates(designs.pages([one]), out)

    zone = designs.forum.timezone
    entries = [(entry_info(name, one.issued_at, zone), writer(one))
               for name, one in zip(entry_names(printed), printed, strict=True)]
    response = Response(stream_with_context(zip_stream(entries)), mimetype="application/zip")
    return as_download(response, safe_filename(filename, "certificates") + ".zip")
