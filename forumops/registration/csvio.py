"""Registrations to CSV and invitees from CSV. Pure functions: plain data in, bytes or rows out.

Exports are UTF-8 with a byte-order mark, which is what makes Excel read Vietnamese and Thai
correctly, and every cell that a spreadsheet could take for a formula is neutralised.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pycountry
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from ..core.i18n import lazy_gettext as _l
from ..core.languages import known, language_of
from ..core.text import clean_line
from .kinds import answer_cell
from .labels import CATEGORY_LABELS, GENDER_LABELS, MODE_LABELS, STATUS_LABELS
from .models import CATEGORIES, MODES

# A cell starting with one of these is read as a formula (or as the start of one) by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_IMPORT_ROWS = 5000
MAX_LENGTHS = {"name": 200, "email": 254, "organisation": 300}

# --- export --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportQuestion:
    id: int
    label: str
    kind: str = "short_text"  # how its answers are written (kinds.answer_cell)


@dataclass
class ExportRow:
    """One registration as the export writes it; answers keyed by question id (as a string)."""

    name: str
    email: str
    organisation: str = ""
    job_title: str = ""
    country: str = ""
    category: str = ""
    mode: str = ""
    status: str = ""
    preferred_clusters: list[str] = field(default_factory=list)
    dietary: str = ""
    accessibility: str = ""
    gender: str = ""
    photo_consent: bool = False
    checked_in_at: datetime | None = None
    checkin_code: str = ""
    answers: dict[str, object] = field(default_factory=dict)
    language: str = ""  # the language of the person's emails, named in itself
    extra: list[str] = field(default_factory=list)  # optional columns an organiser ticked (core.hooks.ExportColumns)


def neutralise(value: object) -> str:
    """The cell's text, with a leading quote when a spreadsheet would otherwise run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_headers(questions: Sequence[ExportQuestion], timezone: str = "UTC",
                   extra: Sequence[str] = ()) -> list[str]:
    """The CSV's header row: the fixed columns (the check-in time names its zone), the questions, then the
    optional columns ticked."""
    return [
        _("Name"), _("Email"), _("Organisation"), _("Job title"), _("Country"), _("Category"), _("Mode"),
        _("Status"), _("Preferred clusters"), _("Dietary needs"), _("Accessibility needs"), _("Gender"),
        _("Photo consent"), _("Checked in at (%(zone)s)", zone=timezone), _("Check-in code"), _("Language"),
    ] + [q.label for q in questions] + list(extra)


def export_registrations(rows: Iterable[ExportRow], questions: Sequence[ExportQuestion],
                         timezone: str = "UTC", extra: Sequence[str] = ()) -> bytes:
    """The CSV file: header, one line per registration, then one column per custom question, then the optional
    columns ticked (`extra`, their headings; each row's `extra` cells, blank when it has none)."""
    zone = ZoneInfo(timezone)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in export_headers(questions, timezone, extra)])
    for row in rows:
        checked_in = row.checked_in_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if row.checked_in_at else ""
        cells = [
            row.name, row.email, row.organisation, row.job_title, row.country, row.category, row.mode, row.status,
            "; ".join(row.preferred_clusters), row.dietary, row.accessibility, row.gender,
            _("yes") if row.photo_consent else _("no"), checked_in, row.checkin_code, row.language,
        ] + [answer_cell(q.kind, row.answers.get(str(q.id))) for q in questions]
        cells += (row.extra + [""] * len(extra))[:len(extra)]
        writer.writerow([neutralise(cell) for cell in cells])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def export_row(registration, cluster_names: dict[int, str]) -> ExportRow:
    """Plain data from a Registration (its organisation loaded with it): codes become readable labels."""
    from ..core.reference import country_name

    return ExportRow(
        name=registration.name, email="" if registration.erased_at else registration.email,
        organisation=registration.organisation_name,
        job_title=registration.job_title, country=country_name(registration.country, "en"),
        category=str(CATEGORY_LABELS.get(registration.category, registration.category)),
        mode=str(MODE_LABELS.get(registration.attendance_mode, registration.attendance_mode)),
        status=str(STATUS_LABELS.get(registration.status, registration.status)),
        preferred_clusters=[cluster_names[c] for c in registration.cluster_preferences or [] if c in cluster_names],
        dietary=registration.dietary_needs, accessibility=registration.accessibility_needs,
        gender=str(GENDER_LABELS.get(registration.gender, registration.gender)),
        photo_consent=registration.consent_photos, checked_in_at=registration.checked_in_at,
        checkin_code=registration.checkin_code, answers=dict(registration.answers or {}),
        language=language_of(known(registration.language) or "en").name,
    )


# --- import --------------------------------------------------------------------------------------

@dataclass
class Invitee:
    row: int  # as a spreadsheet numbers it: the header is row 1
    name: str
    email: str
    organisation: str = ""
    country: str = ""
    category: str = "civil_society"
    mode: str = "in_person"

    def as_registration_data(self) -> dict[str, object]:
        return {"name": self.name, "email": self.email, "organisation": self.organisation,
                "country": self.country, "category": self.category, "attendance_mode": self.mode}


class ImportProblem(ValueError):
    """The file as a whole cannot be read (not text, empty, no header); the message says what to do."""


# header as typed (case-insensitive, spaces/underscores/hyphens alike) -> our column
HEADER_ALIASES = {
    "name": "name", "full name": "name",
    "email": "email", "e mail": "email", "email address": "email",
    "organisation": "organisation", "organization": "organisation",
    "country": "country",
    "category": "category",
    "mode": "mode", "attendance mode": "mode",
}
COUNTRY_ALIASES = {"brunei": "BN", "burma": "MM", "east timor": "TL"}
BINARY_SIGNATURES = {
    b"PK\x03\x04": _l("a spreadsheet workbook (.xlsx or .ods)"),
    b"\xd0\xcf\x11\xe0": _l("an Excel 97-2003 workbook (.xls)"),
    b"%PDF": _l("a PDF document"),
}


def _key(value: str) -> str:
    return " ".join(value.replace("_", " ").replace("-", " ").casefold().split())


def _unneutralise(value: str) -> str:
    """Undo the export's protection, so an exported file imports as it was registered."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value


def _choice_lookup(codes: Sequence[str], labels: dict) -> dict[str, str]:
    lookup = {_key(code): code for code in codes}
    lookup.update({_key(str(label)): code for code, label in labels.items()})
    return lookup


def country_code(value: str) -> str | None:
    """ISO 3166 alpha-2 code for a code (VN, VNM) or an English name (Viet Nam, Vietnam); None if unknown."""
    value = clean_line(value)
    if value.casefold() in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[value.casefold()]
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return None


def _decode(data: bytes) -> str:
    if not data or not data.strip():
        raise ImportProblem(_("The file is empty."))
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ImportProblem(_("This file is %(kind)s, not CSV. In your spreadsheet program choose "
                                  "“Save as” and the format “CSV UTF-8”.", kind=str(kind)))
    if b"\x00" in data[:4096]:
        raise ImportProblem(_("This is not a CSV text file. Save the list as “CSV UTF-8” and upload that."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(_("The file is not UTF-8 text (a problem near byte %(at)d), so names in Vietnamese, "
                              "Thai or other scripts would come out wrong. Save it as “CSV UTF-8” and upload "
                              "it again.", at=error.start)) from None


def _delimiter(first_line: str) -> str:
    """Spreadsheets set to some languages write ; or tab instead of a comma."""
    return max((",", ";", "\t"), key=first_line.count)


def parse_invitees(data: bytes) -> tuple[list[Invitee], list[str]]:
    """Read an uploaded invitee list. Returns the valid rows and one message per problem found.

    The caller imports nothing unless the error list is empty. Problems with the file as a
    whole come back as a single message with no rows.
    """
    try:
        text = _decode(data)
    except ImportProblem as problem:
        return [], [str(problem)]
    text = unicodedata.normalize("NFC", text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        header = next(reader, [])
        columns = {}
        for index, heading in enumerate(header):
            column = HEADER_ALIASES.get(_key(_unneutralise(heading)))
            if column and column not in columns:
                columns[column] = index
        missing = [c for c in ("name", "email") if c not in columns]
        if missing:
            return [], [_("The first row must name the columns; it has no %(missing)s column. Expected: name, "
                          "email, organisation, country, category, mode.", missing=" or ".join(missing))]
        records = list(reader)
    except csv.Error as error:
        return [], [_("The file could not be read as CSV (%(error)s).", error=str(error))]
    return _rows(records, columns)


def _cells(record: list[str], columns: dict[str, int]) -> dict[str, str]:
    values = {}
    for column in ("name", "email", "organisation", "country", "category", "mode"):
        index = columns.get(column)
        values[column] = clean_line(_unneutralise(record[index])) if index is not None and index < len(record) else ""
    return values


def _rows(records: list[list[str]], columns: dict[str, int]) -> tuple[list[Invitee], list[str]]:
    if len(records) > MAX_IMPORT_ROWS:
        return [], [_("The file has %(count)d rows; import at most %(max)d at a time.",
                      count=len(records), max=MAX_IMPORT_ROWS)]
    lookups = {"category": _choice_lookup(CATEGORIES, CATEGORY_LABELS), "mode": _choice_lookup(MODES, MODE_LABELS)}
    invitees: list[Invitee] = []
    errors: list[str] = []
    first_row_of: dict[str, int] = {}
    for number, record in enumerate(records, start=2):
        if not any(clean_line(cell) for cell in record):
            continue  # blank lines (spaces or invisible characters only) are harmless
        invitee, row_errors = _invitee(number, _cells(record, columns), lookups, first_row_of)
        errors.extend(row_errors)
        if invitee is not None and not row_errors:
            invitees.append(invitee)
    if not invitees and not errors:
        errors.append(_("The file has a header row but no invitees below it."))
    return invitees, errors


def _invitee(number: int, values: dict[str, str], lookups: dict[str, dict[str, str]],
             first_row_of: dict[str, int]) -> tuple[Invitee | None, list[str]]:
    """One row checked: the invitee, and what is wrong with the row (the email's first row is noted)."""
    errors = []
    for column, limit in MAX_LENGTHS.items():
        if len(values[column]) > limit:
            errors.append(_("Row %(row)d: %(column)s is longer than %(max)d characters",
                            row=number, column=column, max=limit))
    if not values["name"]:
        errors.append(_("Row %(row)d: name is missing", row=number))
    email = values["email"].lower()
    if not email:
        errors.append(_("Row %(row)d: email is missing", row=number))
    else:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            errors.append(_("Row %(row)d: email “%(email)s” is not an email address", row=number,
                            email=values["email"]))
        else:
            if email in first_row_of:
                errors.append(_("Row %(row)d: email %(email)s appears twice in the file (first on row %(first)d)",
                                row=number, email=email, first=first_row_of[email]))
            else:
                first_row_of[email] = number
    country = country_code(values["country"]) if values["country"] else ""
    if country is None:
        errors.append(_("Row %(row)d: country “%(country)s” is not a country name or ISO code",
                        row=number, country=values["country"]))
    category = lookups["category"].get(_key(values["category"])) if values["category"] else "civil_society"
    if category is None:
        errors.append(_("Row %(row)d: category “%(value)s” is not one of: %(choices)s", row=number,
                        value=values["category"], choices=", ".join(CATEGORIES)))
    mode = lookups["mode"].get(_key(values["mode"])) if values["mode"] else "in_person"
    if mode is None:
        errors.append(_("Row %(row)d: mode “%(value)s” is not one of: %(choices)s", row=number,
                        value=values["mode"], choices=", ".join(MODES)))
    if errors or country is None or category is None or mode is None:  # each None has put its message in errors
        return None, errors
    return Invitee(row=number, name=values["name"], email=email, organisation=values["organisation"],
                   country=country, category=category, mode=mode), []
