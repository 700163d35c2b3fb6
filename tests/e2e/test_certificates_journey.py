"""The certificates journey, through the browser, end to end: Mai checks people in at the desk on two days of her
three-day training, writes the certificate, previews it, gives it to everyone who came two days or more,
confirms and publishes; Phương Linh opens her private page on her phone and downloads hers; a stranger scans the
QR code of THAT downloaded PDF on a phone and sees that it is valid and hers.

The forum, its confirmed participants and the signatory with a signature image are made with the factory
fixtures; everything after that goes through the UI. The PDFs are read back with pypdf; Linh's is rendered by
pdftoppm and its QR code decoded by zbarimg, as a phone's camera would, and a copy is kept in test-artifacts/.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .conftest import ARTIFACTS, PHONE_VIEWPORT, VIEWPORT, sign_in

SLUG = "hanoi-training-2027"
TITLE = "Hanoi Training on Social Enterprise 2027"
ORGANISER = ("Mai Tran", "mai@example.org")
DAYS = (date(2027, 4, 14), date(2027, 4, 15), date(2027, 4, 16))
PEOPLE = [  # name, email, organisation, country, the days Mai checks them in (of the first two)
    ("Nguyễn Phương Linh", "linh@example.org", "Vietnam Women's Union", "VN", (1, 2)),
    ("Sopheak Chan", "sopheak@example.org", "Cambodia Women Entrepreneurs Association", "KH", (1, 2)),
    ("Budi Santoso", "budi@example.org", "Rural Network", "ID", (1, 2)),
    ("Dara Sok", "dara@example.org", "Mekong Youth Network", "KH", (2,)),
]
TEXT = ("This is to certify that {name} of {organisation} ({country}) took part in {forum}, held in Hanoi from "
        "{dates}, and attended {days_attended} of its {days_total} days.")


@pytest.fixture
def training(create_user, create_forum, create_signatory, db, live_app, live_server):
    from forumops.registration import seats

    organiser = create_user(name=ORGANISER[0], email=ORGANISER[1])
    forum = create_forum(SLUG, title=TITLE, organiser=organiser, start_date=DAYS[0], end_date=DAYS[-1],
                         timezone="Asia/Ho_Chi_Minh", venue_city="Hanoi", mode="in_person")
    tokens, codes = {}, {}
    for name, email, organisation, country, _days in PEOPLE:
        registration, token = seats.register(forum, {
            "name": name, "email": email, "organisation": organisation, "country": country,
            "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": True}, notify=False)
        registration.status = "confirmed"
        tokens[name], codes[name] = token, registration.checkin_code
    db.session.commit()
    create_signatory(forum, name="Dr Somchai Wongsa", title="Director, Mekong Institute")
    old = live_app.config["BASE_URL"]
    live_app.config["BASE_URL"] = live_server.url  # the printed address points at the server the phone reaches
    yield SimpleNamespace(forum=forum, tokens=tokens, codes=codes)
    live_app.config["BASE_URL"] = old


def scan(page: Page, code: str) -> None:
    """A QR scanner types the code and presses Enter, as a keyboard does."""
    page.get_by_label("Check-in code").fill(code)
    page.get_by_label("Check-in code").press("Enter")


def test_mai_checks_in_publishes_linh_downloads_and_a_stranger_verifies(page: Page, shot, new_page, training,
                                                                          live_server, tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, *ORGANISER)

    # 1. At the desk, two mornings: the desk opens on the first day; she chooses the second for its scans.
    page.goto(f"/forums/{SLUG}/checkin")
    for day in (1, 2):
        if day == 2:
            page.get_by_label("Day of the forum").select_option(label="Day 2: Thursday, 15 April 2027")
            page.get_by_role("button", name="Record for this day").click()
        expect(page.get_by_role("heading", name="Recording for:")).to_contain_text(f"{day + 13} April 2027")
        for name, *_rest, days in PEOPLE:
            if day in days:
                scan(page, training.codes[name])
                expect(page.locator("#checkin-result")).to_contain_text(name)
    shot("certificates-00-desk-1280")

    # 2. Mai writes the certificate: a title, her text with placeholders, the signatory.
    page.goto(f"/forums/{SLUG}/")
    page.get_by_role("link", name="Certificates and letters").click()
    expect(page.get_by_role("heading", name="Certificate of attendance", level=1)).to_be_visible()
    page.get_by_label("Text").fill(TEXT.replace("{forum}", "{forrum}"))  # a slip of the finger first
    page.get_by_label("Dr Somchai Wongsa").check()
    page.get_by_role("button", name="Save the certificate").click()
    expect(page.get_by_text("Unknown placeholder: {forrum}").first).to_be_visible()
    expect(page.get_by_label("Text")).to_have_value(TEXT.replace("{forum}", "{forrum}"))  # what she typed is kept
    page.get_by_label("Text").fill(TEXT)
    page.get_by_label("Dr Somchai Wongsa").check()
    page.get_by_role("button", name="Save the certificate").click()
    expect(page.get_by_role("status").first).to_contain_text("The certificate is saved.")
    shot("certificates-01-design-1280")

    # 3. Who receives it: at least 2 of the 3 days, chosen and sent straight to publishing, unsaved before.
    page.get_by_role("navigation", name="Certificates and letters").get_by_role("link", name="Who receives it").click()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Dara Sok")).to_contain_text("1 of 3")
    expect(rows.filter(has_text="Budi Santoso")).to_contain_text("2 of 3")
    page.get_by_label("Everyone who attended at least this many days").check()
    page.get_by_label("Days attended, at least").select_option(label="2 days of 3")
    page.get_by_role("button", name="Save and publish…").click()
    expect(page.get_by_role("heading", name="Publish the certificates")).to_be_visible()
    expect(page.locator(".publish-facts")).to_contain_text("Everyone who attended at least 2 days of 3")
    expect(page.locator(".publish-count")).to_have_text("3 certificates")
    expect(page.locator(".publish-names")).not_to_contain_text("Dara Sok")
    shot("certificates-02-confirm-1280")

    # 4. She confirms: three certificates issued; the downloads for the organisers appear.
    page.get_by_role("button", name="Issue 3 certificates and publish").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Published: 3 certificates issued now; 3 people can download theirs.")
    expect(page.get_by_role("link", name="All certificates in one PDF")).to_be_visible()
    expect(rows.filter(has_text="Dara Sok")).to_contain_text("none")
    shot("certificates-03-recipients-1280")

    # 5. Why has Dara none? A preview, found by name: one day, so none under the rule, and the paper says so.
    page.get_by_role("navigation", name="Certificates and letters").get_by_role("link", name="Certificate").click()
    page.get_by_label("Find a person by name").fill("dara")
    page.get_by_role("button", name="Find").click()
    found = page.locator(".preview-people li").filter(has_text="Dara Sok")
    expect(found).to_contain_text("not eligible under the current rule: 1 of 3 days")
    with page.expect_response(lambda response: "/certificates/preview.pdf" in response.url) as answer:
        found.get_by_role("link", name="Preview (PDF)").click()
    assert answer.value.headers["content-type"] == "application/pdf"
    assert answer.value.headers["content-disposition"].startswith("inline")  # shown in the browser
    preview = tmp_path / "preview.pdf"  # the browser's PDF viewer keeps the body: the same address, read again
    preview.write_bytes(page.request.get(answer.value.url).body())
    text = " ".join(PdfReader(preview).pages[0].extract_text().split())
    assert "Dara Sok" in text
    assert "attended 1 of its 3 days" in text
    assert "PREVIEW – NOT VALID" in text
    assert "not eligible under the current rule: 1 of 3 days" in text
    page.go_back()  # from the browser's PDF viewer to the design page and its search
    expect(found).to_be_visible()
    shot("certificates-01-design-found-1280")

    for width, viewport in (("390", PHONE_VIEWPORT),):
        phone = new_page(viewport=viewport)
        sign_in(phone, *ORGANISER)
        for path, name in ((f"/forums/{SLUG}/certificates?who=dara", "01-design"),
                           (f"/forums/{SLUG}/certificates/publish", "02-confirm"),
                           (f"/forums/{SLUG}/certificates/recipients", "03-recipients")):
            phone.goto(path)
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
            shot(f"certificates-{name}-{width}", phone)

    # 6. Phương Linh, on her phone, opens her private link and downloads her certificate.
    linh = new_page(viewport=PHONE_VIEWPORT)
    linh.on("pageerror", lambda error: errors.append(str(error)))
    linh.goto(f"/forums/{SLUG}/registration/{training.tokens['Nguyễn Phương Linh']}")
    section = linh.get_by_role("region", name="Your certificate")
    expect(section).to_contain_text("2 of 3 days attended")
    assert linh.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("certificates-04-private-page-390", linh)
    with linh.expect_download() as download_info:
        section.get_by_role("link", name="Download your certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{SLUG}-certificate.pdf"
    mine = tmp_path / "mine.pdf"
    download.save_as(mine)
    assert mine.read_bytes().startswith(b"%PDF-")
    reader = PdfReader(mine)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Nguyễn Phương Linh" in text
    assert "Vietnam Women's Union" in text
    assert "attended 2 of its 3 days" in text
    assert "held in Hanoi from 14–16 April 2027" in text

    desktop = new_page(viewport=VIEWPORT)
    desktop.goto(f"/forums/{SLUG}/registration/{training.tokens['Nguyễn Phương Linh']}")
    expect(desktop.get_by_role("region", name="Your certificate")).to_be_visible()
    shot("certificates-04-private-page-1280", desktop)

    # 7. A stranger she shows it to scans the QR code of that very file with a phone, signed in nowhere.
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(mine), str(tmp_path / "mine")], check=True)
    scanned = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "mine.png")], capture_output=True, text=True,
                             check=True).stdout.strip()
    assert scanned.startswith(f"{live_server.url}/verify/")
    stranger = new_page(viewport=PHONE_VIEWPORT)
    stranger.on("pageerror", lambda error: errors.append(str(error)))
    stranger.goto(scanned)
    expect(stranger.get_by_role("heading", name="Valid", level=1)).to_be_visible()
    expect(stranger.locator(".verify-result")).to_contain_text("Nguyễn Phương Linh")
    shot("certificates-05-verified-390", stranger)
    ARTIFACTS.mkdir(exist_ok=True)
    Path(ARTIFACTS, "certificates-06-linh-certificate.png").write_bytes((tmp_path / "mine.png").read_bytes())
    assert errors == []
