"""The certificates journey, through the browser: after her three-day training Mai writes the certificate, gives
it to everyone who came at least two days, previews it for one of them and publishes; Phương Linh opens her
private page on her phone and downloads hers.

The forum, its confirmed participants, the days they were checked in and the signatory with a signature image are
made with the factory fixtures; everything after that goes through the UI. The PDFs are read back with pypdf, and
one certificate is rendered by pdftoppm into test-artifacts/ to look at.
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
PEOPLE = [  # name, email, organisation, country, days checked in
    ("Nguyễn Phương Linh", "linh@example.org", "Vietnam Women's Union", "VN", DAYS),
    ("Sopheak Chan", "sopheak@example.org", "Cambodia Women Entrepreneurs Association", "KH", DAYS[:2]),
    ("Budi Santoso", "budi@example.org", "Rural Network", "ID", DAYS[1:]),
    ("Dara Sok", "dara@example.org", "Mekong Youth Network", "KH", DAYS[2:]),
]
TEXT = ("This is to certify that {name} of {organisation} ({country}) took part in {forum}, held in Hanoi from "
        "{dates}, and attended {days_attended} of its {days_total} days.")


@pytest.fixture
def training(create_user, create_forum, create_day_attendance, create_signatory, db):
    from forumops.registration import seats

    organiser = create_user(name=ORGANISER[0], email=ORGANISER[1])
    forum = create_forum(SLUG, title=TITLE, organiser=organiser, start_date=DAYS[0], end_date=DAYS[-1],
                         timezone="Asia/Ho_Chi_Minh", venue_city="Hanoi")
    tokens = {}
    for name, email, organisation, country, days in PEOPLE:
        registration, token = seats.register(forum, {
            "name": name, "email": email, "organisation": organisation, "country": country,
            "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": True}, notify=False)
        registration.status = "confirmed"
        db.session.commit()
        create_day_attendance(registration, *days)
        tokens[name] = token
    create_signatory(forum, name="Dr Somchai Wongsa", title="Director, Mekong Institute")
    return SimpleNamespace(forum=forum, tokens=tokens)


def test_mai_publishes_certificates_and_linh_downloads_hers_on_her_phone(page: Page, shot, new_page, training,
                                                                          tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, *ORGANISER)

    # 1. Mai writes the certificate: a title, her text with placeholders, the signatory.
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
    page.get_by_role("navigation", name="Certificates and letters").get_by_role("link", name="Signatories").click()
    expect(page.get_by_role("img", name="Signature of Dr Somchai Wongsa")).to_be_visible()
    shot("certificates-01-signatories-1280")

    # 2. Who receives it: at least 2 of the 3 days. Dara came one day: none for her.
    page.get_by_role("navigation", name="Certificates and letters").get_by_role("link", name="Who receives it").click()
    page.get_by_label("Everyone who attended at least this many days").check()
    page.get_by_label("Days attended, at least").select_option(label="2 days of 3")
    page.get_by_role("button", name="Save who receives it").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved who receives a certificate.")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Dara Sok")).to_contain_text("1 of 3")
    expect(rows.filter(has_text="Dara Sok")).to_contain_text("none")
    expect(rows.filter(has_text="Budi Santoso")).to_contain_text("on publishing")

    # 3. A preview for Sopheak, before anything is issued: his name, his two days, marked a preview.
    page.get_by_role("navigation", name="Certificates and letters").get_by_role("link", name="Certificate").click()
    page.get_by_label("Preview the certificate of").select_option(label="Sopheak Chan")
    with page.expect_response(lambda response: "/certificates/preview.pdf" in response.url) as answer:
        page.get_by_role("button", name="Preview (PDF)").click()
    assert answer.value.headers["content-type"] == "application/pdf"
    assert answer.value.headers["content-disposition"].startswith("inline")  # shown in the browser
    preview = tmp_path / "preview.pdf"  # the browser's PDF viewer keeps the body: the same address, read again
    preview.write_bytes(page.request.get(answer.value.url).body())
    text = " ".join(PdfReader(preview).pages[0].extract_text().split())
    assert "Sopheak Chan" in text
    assert "attended 2 of its 3 days" in text
    assert "Preview: not issued, not valid" in text

    page.go_back()

    # 4. Publish: three certificates issued; the downloads for the organisers appear.
    page.get_by_role("navigation", name="Certificates and letters").get_by_role("link", name="Who receives it").click()
    page.get_by_role("button", name="Issue 3 certificates and publish").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Published: 3 certificates issued now; 3 people can download theirs.")
    expect(page.get_by_role("link", name="All certificates in one PDF")).to_be_visible()
    shot("certificates-02-publish-1280")
    for width, viewport in (("390", PHONE_VIEWPORT),):
        phone = new_page(viewport=viewport)
        sign_in(phone, *ORGANISER)
        for path, name in ((f"/forums/{SLUG}/certificates", "design"), (f"/forums/{SLUG}/certificates/recipients",
                                                                      "publish")):
            phone.goto(path)
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
            shot(f"certificates-0{1 if name == 'design' else 2}-{name}-{width}", phone)

    # 5. Phương Linh, on her phone, opens her private link and downloads her certificate.
    linh = new_page(viewport=PHONE_VIEWPORT)
    linh.on("pageerror", lambda error: errors.append(str(error)))
    linh.goto(f"/forums/{SLUG}/registration/{training.tokens['Nguyễn Phương Linh']}")
    section = linh.get_by_role("region", name="Your certificate")
    expect(section).to_contain_text("3 of 3 days attended")
    assert linh.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("certificates-03-private-page-390", linh)
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
    assert "attended 3 of its 3 days" in text
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(mine),
                    str(Path(ARTIFACTS) / "certificates-04-linh-certificate")], check=True)

    desktop = new_page(viewport=VIEWPORT)
    desktop.goto(f"/forums/{SLUG}/registration/{training.tokens['Nguyễn Phương Linh']}")
    expect(desktop.get_by_role("region", name="Your certificate")).to_be_visible()
    shot("certificates-03-private-page-1280", desktop)
    assert errors == []
