"""The badges journey, through the browser: the night before the forum, the organiser downloads the badges
of one cluster, gets a clear message when she forgets to tick anyone, and sees the cluster marked printed.

The forum, its clusters and its confirmed participants are made with the factory fixtures and the
operations; everything after that goes through the UI. The PDF is read back with pypdf, and each badge's
QR code is decoded by zbarimg from the page rendered by pdftoppm.
"""

from __future__ import annotations

import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .conftest import sign_in

SLUG = "acf-2027-badges"
TITLE = "ASEAN Community Forum 2027"
ORGANISER = ("Mai Tran", "mai@example.org")
WOMEN = [  # the cluster whose badges are printed: in the alphabetical order they come out in
    ("Nguyễn Phương Linh", "linh@example.org", "Vietnam Women's Union", "VN"),
    ("Siti Nurhaliza", "siti@example.org", "Women's Business Council", "MY"),
    ("สมหญิง รักไทย", "somying@example.org", "มูลนิธิเพื่อการพัฒนาชนบท", "TH"),
    ("សុខ សុភ័ក្ត្រ", "sopheak@example.org", "Cambodia Women Entrepreneur Association", "KH"),
]
OTHERS = [("Budi Santoso", "budi@example.org", "Rural Network", "ID")]


@pytest.fixture
def forum(create_user, create_forum, db):
    from forumops.clusters.operations import assign_registration, create_cluster
    from forumops.registration import seats

    organiser = create_user(name=ORGANISER[0], email=ORGANISER[1])
    forum = create_forum(SLUG, status="registration_open", title=TITLE, organiser=organiser,
                         start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), venue_city="Jakarta")
    women = create_cluster(forum, "Women empowerment")
    rural = create_cluster(forum, "Rural development")
    registrations = {}
    for cluster, people in ((women, WOMEN), (rural, OTHERS)):
        for name, email, organisation, country in people:
            registration, _token = seats.register(forum, {
                "name": name, "email": email, "organisation": organisation, "country": country,
                "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": True}, notify=False)
            assign_registration(cluster, registration, choice_rank=1)
            registrations[name] = registration
    db.session.commit()
    return registrations


def qr_codes(pdf: Path) -> list[str]:
    """Every badge's QR code on an A4 sheet of 8, slot by slot (each slot decoded alone)."""
    from PIL import Image

    from forumops.registration.badges import LAYOUTS

    layout = LAYOUTS["a4-8"]
    (page_w, page_h), (bw, bh) = layout.page, layout.badge
    codes = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), f"{tmp}/page"], check=True)
        for page_png in sorted(Path(tmp).glob("page-*.png")):
            image = Image.open(page_png)
            scale = image.width / page_w
            for n, (x, y) in enumerate(layout.slots()):
                crop = Path(tmp, f"slot-{n}.png")
                image.crop((round(x * scale), round((page_h - y - bh) * scale), round((x + bw) * scale),
                            round((page_h - y) * scale))).save(crop)
                found = subprocess.run(["zbarimg", "-q", "--raw", str(crop)], capture_output=True, text=True)
                if found.stdout.strip():
                    codes.append(found.stdout.strip())
    return codes


def test_an_organiser_downloads_the_badges_of_a_cluster(page: Page, shot, forum, db, tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, *ORGANISER)

    # 1. The badges page: whose badges, the layout, and the confirmed people to pick from.
    page.goto(f"/forums/{SLUG}/badges")
    expect(page.get_by_role("heading", name="Badges", level=1)).to_be_visible()
    expect(page.get_by_label("Everyone confirmed (5)")).to_be_checked()
    expect(page.get_by_role("table")).to_contain_text("សុខ សុភ័ក្ត្រ")
    shot("badges-01-form")

    # 2. Choosing "the people ticked" but ticking nobody: a message, the form again, no download.
    page.get_by_label("The people ticked in the list below").check()
    page.get_by_role("button", name="Download badges (PDF)").click()
    expect(page.get_by_text("Tick at least one confirmed person in the list.").first).to_be_visible()
    expect(page.get_by_label("The people ticked in the list below")).to_be_checked()
    shot("badges-02-nobody-ticked")

    # 3. One cluster, A4 with 8 badges: the PDF downloads.
    page.get_by_label("One cluster").check()
    page.get_by_label("Cluster", exact=True).select_option(label="Women empowerment (4)")
    page.get_by_label("Layout").select_option(label="A4 sheet, 8 badges of 90 × 55 mm, with cut marks")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download badges (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{SLUG}-badges-a4-8.pdf"
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)

    # 4. One page with the cluster's four badges, each QR code holding that person's check-in code.
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Nguyễn Phương Linh" in text
    assert "Siti Nurhaliza" in text
    assert "Budi Santoso" not in text
    assert text.count("Cluster: Women empowerment") == 4
    assert text.count(TITLE) == 4
    assert qr_codes(pdf) == [forum[name].checkin_code for name, *_rest in WOMEN]
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf),
                    str(Path(__file__).resolve().parents[2] / "test-artifacts" / "badges-03-sheet")], check=True)

    # 5. Back on the page, the four are marked printed; "not printed yet" counts the one left.
    page.goto(f"/forums/{SLUG}/badges")
    expect(page.get_by_label("Everyone confirmed whose badge is not printed yet (1)")).to_be_visible()
    printed_row = page.get_by_role("row").filter(has_text="Siti Nurhaliza")
    expect(printed_row).not_to_contain_text("not yet")
    expect(page.get_by_role("row").filter(has_text="Budi Santoso")).to_contain_text("not yet")
    shot("badges-04-printed")
    assert errors == []
