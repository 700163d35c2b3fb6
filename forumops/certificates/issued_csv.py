"""The register of papers issued, as CSV: a pure function, plain rows in, bytes out.

UTF-8 with a byte-order mark (Excel then reads Vietnamese, Thai and Khmer names) and every cell neutralised
against formula injection (registration.csvio.neutralise), as every ForumOps export is.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from ..registration.csvio import neutralise


@dataclass(frozen=True)
class IssuedLine:
    """One paper as the CSV writes it; labels already in the reader's language."""

    kind: str
    name: str  # the registration's: a letter's passport name leaves only with the letter details (extra)
    language: str
    issued_at: datetime
    issued_by: str
    status: str
    revoked_at: datetime | None
    revoked_by: str
    revoked_reason: str
    extra: tuple[str, ...] = ()  # the cells under `extra_headings`, when the organiser asked for them


def _moment(value: datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""


def issued_csv(lines: Iterable[IssuedLine], timezone: str = "UTC", extra_headings: Iterable[str] = ()) -> bytes:
    """The CSV file: a header naming the time zone of its times, then one line per paper (and, after the usual
    columns, the `extra_headings` the organiser ticked in: a letter's private details)."""
    zone = ZoneInfo(timezone)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    headers = [_("Kind"), _("Name"), _("Language"), _("Issued (%(zone)s)", zone=timezone),
               _("Issued by"), _("Status"), _("Revoked (%(zone)s)", zone=timezone), _("Revoked by"),
               _("Reason for revoking"), *extra_headings]
    writer.writerow([neutralise(h) for h in headers])
    for line in lines:
        writer.writerow([neutralise(cell) for cell in (
            line.kind, line.name, line.language, _moment(line.issued_at, zone), line.issued_by, line.status,
            _moment(line.revoked_at, zone), line.revoked_by, line.revoked_reason, *line.extra)])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
