"""Registrations to CSV and invitees from CSV: formula neutralising, UTF-8 with BOM for spreadsheet
programs, an all-or-nothing import with a report per row, and the round trip between forums."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from forumops.clusters.operations import create_cluster
from forumops.core.outbox import OutboxMessage
from forumops.registration import csvio, seats, setup
from forumops.registration.models import InvitationCode, Registration

LINH = "Nguyễn Phương Linh"
SOMCHAI = "สมชาย ใจดี"


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Organiser")


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug="acf", title="ASEAN Community Forum", status="registration_open",
                        organiser=organiser, mode="hybrid")


@pytest.fixture
def desk(client, login, organiser, forum):
    login(organiser)
    return client


@pytest.fixture
def plain(app):
    """Messages are translated, and this app picks the language from the request (outside one,
    factory.select_locale has none to read), so the pure functions run inside a bare request."""
    with app.test_request_context():
        yield


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body[len(codecs.BOM_UTF8):].decode("utf-8"), newline="")))


def upload(client, body: bytes, filename: str = "invitees.csv", slug: str = "acf"):
    return client.post(f"/forums/{slug}/registrations/import", data={"file": (io.BytesIO(body), filename)},
                       content_type="multipart/form-data")


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    return (codecs.BOM_UTF8 if bom else b"") + ("\r\n".join(lines) + "\r\n").encode("utf-8")


def count(db) -> int:
    return db.session.scalar(select(func.count(Registration.id)))


# --- export --------------------------------------------------------------------------------------

@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+2", "-2+3", "@SUM(A1)",
                                       "\tTabbed", "\rReturn"])
def test_every_formula_start_is_neutralised(plain, dangerous):
    row = csvio.ExportRow(name=dangerous, email="a@example.org", organisation=dangerous, dietary=dangerous)
    question = csvio.ExportQuestion(7, "=Your view?")
    body = csvio.export_registrations([csvio.ExportRow(**{**row.__dict__, "answers": {"7": dangerous}})], [question])
    header, line = read_csv(body)
    assert header[-1] == "'=Your view?"
    for cell in (line[0], line[2], line[9], line[-1]):
        assert cell == "'" + dangerous
    assert line[1] == "a@example.org"  # ordinary cells are left alone


def test_export_is_utf8_with_bom_and_keeps_vietnamese_and_thai(desk, forum, db, create_registration):
    create_registration(forum, email="linh@example.org", name=LINH, organisation="Hội Liên hiệp Phụ nữ Việt Nam",
                        notify=False)
    create_registration(forum, email="somchai@example.org", name=SOMCHAI, country="TH", attendance_mode="online",
                        notify=False)
    response = desk.get("/forums/acf/registrations.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="acf-registrations-')
    assert response.headers["Content-Disposition"].endswith('.csv"')
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()
    assert body[:3] == b"\xef\xbb\xbf"
    assert LINH.encode("utf-8") in body
    assert SOMCHAI.encode("utf-8") in body
    assert "Hội Liên hiệp Phụ nữ Việt Nam".encode() in body


def test_export_columns_in_order_with_one_per_question(desk, forum, db, create_registration):
    women = create_cluster(forum, "Women's economic empowerment")
    msme = create_cluster(forum, "MSME development")
    sector = setup.add_question(forum, {"label": "Your sector", "kind": "single_choice",
                                             "options": ["Agriculture", "MSME"]})
    topics = setup.add_question(forum, {"label": "Topics", "kind": "multiple_choice",
                                             "options": ["Trade", "Gender"]})
    db.session.commit()
    linh = create_registration(forum, email="linh@example.org", name=LINH, organisation="Vietnam Women's Union",
                               job_title="Officer", category="government", cluster_preferences=[msme.id, women.id],
                               dietary_needs="Vegetarian", accessibility_needs="Step-free access", gender="woman",
                               consent_photos=True,
                               answers={str(sector.id): "MSME", str(topics.id): ["Trade", "Gender"]}, notify=False)[0]
    linh.checked_in_at = datetime(2027, 4, 14, 1, 30, tzinfo=UTC)
    db.session.commit()
    header, line = read_csv(desk.get("/forums/acf/registrations.csv").get_data())
    assert header == ["Name", "Email", "Organisation", "Job title", "Country", "Category", "Mode", "Status",
                      "Preferred clusters", "Dietary needs", "Accessibility needs", "Gender", "Photo consent",
                      "Checked in at (Asia/Jakarta)", "Check-in code", "Language", "Your sector", "Topics"]
    assert line == [LINH, "linh@example.org", "Vietnam Women's Union", "Officer", "Viet Nam", "Government",
                    "In person", "Confirmed", "MSME development; Women's economic empowerment", "Vegetarian",
                    "Step-free access", "Woman", "yes", "2027-04-14 08:30", linh.checkin_code, "English", "MSME",
                    "Trade; Gender"]


def test_export_follows_the_desk_filters(desk, forum, db, create_registration):
    create_registration(forum, email="linh@example.org", name=LINH, notify=False)
    create_registration(forum, email="somchai@example.org", name=SOMCHAI, country="TH", notify=False)
    rows = read_csv(desk.get("/forums/acf/registrations.csv?country=TH").get_data())
    assert [r[0] for r in rows[1:]] == [SOMCHAI]
    assert 'registrations.csv?country=TH"' in desk.get("/forums/acf/registrations?country=TH").get_data(as_text=True)


# --- parsing an invitee list ---------------------------------------------------------------------

def test_parse_accepts_bom_or_not_any_header_case_and_column_order(plain):
    plain = csv_bytes("Email,NAME,Country,Organization,Mode,Category",
                      f"linh@example.org,{LINH},Viet Nam,VWU,online,Government",
                      f"SOMCHAI@Example.org,{SOMCHAI},th,,,")
    for body in (plain, codecs.BOM_UTF8 + plain):
        rows, errors = csvio.parse_invitees(body)
        assert errors == []
        assert [(r.row, r.name, r.email, r.organisation, r.country, r.category, r.mode) for r in rows] == [
            (2, LINH, "linh@example.org", "VWU", "VN", "government", "online"),
            (3, SOMCHAI, "somchai@example.org", "", "TH", "civil_society", "in_person")]


def test_parse_semicolon_lists_and_country_names(plain):
    rows, errors = csvio.parse_invitees(csv_bytes("name;email;country", "A;a@example.org;Vietnam",
                                                  "B;b@example.org;Lao People's Democratic Republic",
                                                  "C;c@example.org;Brunei", "", "D;d@example.org;KHM"))
    assert errors == []
    assert [r.country for r in rows] == ["VN", "LA", "BN", "KH"]
    assert [r.row for r in rows] == [2, 3, 4, 6]  # numbered as the spreadsheet shows them


def test_parse_reports_every_bad_row(plain):
    rows, errors = csvio.parse_invitees(csv_bytes(
        "name,email,organisation,country,category,mode",
        "Linh,linh@example.org,VWU,VN,civil_society,in_person",
        ",nobody@example.org,,,,",
        "Dara,x,,KH,,",
        "Budi,budi@example.org,,Atlantis,journalist,by carrier pigeon",
        "Linh again,LINH@example.org,,,,",
        "Ana,ana@example.org,,PH,,"))
    assert errors == [
        "Row 3: name is missing",
        "Row 4: email “x” is not an email address",
        "Row 5: country “Atlantis” is not a country name or ISO code",
        "Row 5: category “journalist” is not one of: civil_society, government, resource_person, observer, "
        "media, organiser_staff",
        "Row 5: mode “by carrier pigeon” is not one of: in_person, online",
        "Row 6: email linh@example.org appears twice in the file (first on row 2)",
    ]
    assert [r.row for r in rows] == [2, 7]


@pytest.mark.parametrize(("body", "message"), [
    (b"", "The file is empty."),
    (b"   \r\n", "The file is empty."),
    (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-workbook", "spreadsheet workbook (.xlsx or .ods), not CSV"),
    (b"%PDF-1.7\n%\xe2\xe3", "a PDF document, not CSV"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV text file"),
    ("name,email\nĐoàn Hà,ha@example.org\n".encode("cp1258"), "not UTF-8 text"),  # old Excel, Vietnamese
    (f"name,email\n{SOMCHAI},s@example.org\n".encode("tis_620"), "not UTF-8 text"),  # old Excel, Thai
    (b"first,last\nA,B\n", "it has no name or email column"),
    (b"name,email\n", "a header row but no invitees"),
])
def test_parse_explains_files_it_cannot_read(plain, body, message):
    rows, errors = csvio.parse_invitees(body)
    assert rows == []
    assert len(errors) == 1
    assert message in errors[0]


def test_parse_caps_the_number_of_rows(plain):
    lines = ["name,email"] + [f"P{i},p{i}@example.org" for i in range(csvio.MAX_IMPORT_ROWS + 1)]
    rows, errors = csvio.parse_invitees(csv_bytes(*lines))
    assert rows == []
    assert "import at most 5000 at a time" in errors[0]


# --- importing through the page -------------------------------------------------------------------

def test_import_is_all_or_nothing_with_a_report_per_row(desk, forum, db, create_registration):
    create_registration(forum, email="taken@example.org", name="Already Here", notify=False)
    body = csv_bytes("name,email,organisation,country",
                     f"{LINH},linh@example.org,VWU,VN",
                     "Taken,TAKEN@example.org,,",
                     "Dara,dara(at)example.org,,KH",
                     f"{SOMCHAI},somchai@example.org,,TH")
    response = upload(desk, body)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: the file has 2 problems" in html
    assert "Row 3: taken@example.org is already registered for this forum" in html
    assert "Row 4: email “dara(at)example.org” is not an email address" in html
    assert html.index("Row 3:") < html.index("Row 4:")
    assert count(db) == 1
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_import_registers_everyone_with_mail_and_capacity(desk, forum, db):
    seats.settings_for(forum).capacity = 2
    db.session.commit()
    body = csv_bytes("name,email,organisation,country,category,mode",
                     f"{LINH},linh@example.org,Vietnam Women's Union,VN,civil_society,in_person",
                     f"{SOMCHAI},somchai@example.org,Thai Fair Trade,Thailand,Government,Online",
                     "Dara Sok,dara@example.org,,KH,,")
    response = upload(desk, codecs.BOM_UTF8 + body)
    assert response.status_code == 302
    assert response.location.endswith("/forums/acf/registrations")
    assert "3 invitees imported: 2 confirmed, 1 on the waiting list." in desk.get(response.location).get_data(
        as_text=True)
    people = {r.email: r for r in db.session.scalars(select(Registration))}
    assert people["linh@example.org"].name == LINH
    assert people["linh@example.org"].status == "confirmed"
    assert people["somchai@example.org"].attendance_mode == "online"
    assert people["somchai@example.org"].organisation.name == "Thai Fair Trade"
    assert people["dara@example.org"].status == "waitlisted"
    assert all(r.consent_privacy for r in people.values())
    mailed = set(db.session.scalars(select(OutboxMessage.to_address)))
    assert mailed == set(people)


def test_import_into_an_invitation_only_forum_records_one_code(desk, forum, db):
    seats.settings_for(forum).invitation_only = True
    db.session.commit()
    response = upload(desk, csv_bytes("name,email", "A,a@example.org", "B,b@example.org"))
    assert response.status_code == 302
    assert count(db) == 2
    code = db.session.scalar(select(InvitationCode))
    assert (code.used, code.max_uses, code.note) == (2, 2, "CSV import of 2")


@pytest.mark.parametrize(("body", "filename", "message"), [
    (b"", "empty.csv", "The file is empty."),
    (b"PK\x03\x04" + b"\x00" * 200, "list.xlsx", "spreadsheet workbook"),
    (b"%PDF-1.4 binary", "list.pdf", "a PDF document"),
    (b"name,email\n" + b"x" * (3 * 1024 * 1024), "big.csv", "larger than 2 MB"),
])
def test_bad_uploads_get_a_clear_message_and_import_nothing(desk, forum, db, body, filename, message):
    response = upload(desk, body, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(db) == 0


def test_no_file_chosen(desk, forum):
    response = desk.post("/forums/acf/registrations/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a CSV file to upload." in response.get_data(as_text=True)


@pytest.mark.parametrize("with_csrf", [False, True])
def test_a_5_mb_upload_is_refused_with_an_explanation(app, desk, forum, db, with_csrf):
    app.config["WTF_CSRF_ENABLED"] = with_csrf
    try:
        response = upload(desk, b"name,email\n" + b"y" * (5 * 1024 * 1024), "huge.csv")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 303
    assert response.location.endswith("/forums/acf/registrations/import")
    html = desk.get(response.location).get_data(as_text=True)
    assert "The file is too large. Upload a CSV file of at most 2 MB" in html
    assert count(db) == 0


def test_import_page_explains_the_format_and_consent(desk, forum):
    html = desk.get("/forums/acf/registrations/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert "their registration is recorded as consented" in html
    assert "name,email,organisation,country,category,mode" in html


# --- round trip -------------------------------------------------------------------------------------

def test_an_export_imports_into_another_forum_as_it_was(desk, forum, db, create_forum, organiser, create_registration):
    create_registration(forum, email="linh@example.org", name=LINH, organisation="Hội Liên hiệp Phụ nữ Việt Nam",
                        category="resource_person", notify=False)
    create_registration(forum, email="somchai@example.org", name=SOMCHAI, organisation="มูลนิธิเพื่อการพัฒนา",
                        country="TH", attendance_mode="online", category="government", notify=False)
    create_registration(forum, email="formula@example.org", name="=HYPERLINK(\"http://evil.example\")",
                        organisation="-Dash Org", country="LA", notify=False)
    create_registration(forum, email="nocountry@example.org", name="No Country", country="", category="observer",
                        notify=False)
    exported = desk.get("/forums/acf/registrations.csv").get_data()
    assert b"'=HYPERLINK" in exported
    assert b"'-Dash Org" in exported
    create_forum(slug="acf-2028", organiser=organiser, status="registration_open", mode="hybrid")
    response = upload(desk, exported, "acf-registrations.csv", slug="acf-2028")
    assert response.status_code == 302, response.get_data(as_text=True)

    def people(slug):
        from forumops.forums.models import Forum

        return sorted((r.name, r.email, r.organisation_name, r.country, r.category, r.attendance_mode)
                      for r in db.session.scalars(select(Registration).join(Forum).where(Forum.slug == slug)))

    assert people("acf-2028") == people("acf")  # ...and restored on the way in
    assert len(people("acf-2028")) == 4
