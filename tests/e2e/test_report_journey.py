"""The outcome report journey of issue 6, through the browser: after the forum, the organiser finds what the
report still lacks, writes the executive summary and names the authors, publishes it; then a reader without an
account opens the report and its PDF.

The forum, its participants, clusters with approved notes and the forum's recommendations are made with the
factory fixtures; everything after that goes through the UI. The PDF is read back with pypdf.
"""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.outcomes.test_outcomes import build_forum

from .conftest import PHONE_VIEWPORT, sign_in

ORGANISER = ("Mai Anh Trần", "mai@example.org")
SLUG = "acf-report"
SUMMARY = "Close to 50 civil-society organisations met in Singapore & agreed five recommendations."


@pytest.fixture
def forum(create_user, create_forum, create_registration):
    organiser = create_user(name=ORGANISER[0], email=ORGANISER[1])
    return build_forum(create_forum, create_registration, organiser, participants=12, clusters=2, recommendations=3,
                       items=4, slug=SLUG)


def test_the_organiser_publishes_the_report_and_a_reader_opens_the_pdf(page: Page, new_page, shot, forum):
    # 1. Before publishing, a reader is told there is no such page.
    reader = new_page()
    reader.goto(f"/forums/{SLUG}/report")
    expect(reader.get_by_role("heading", name="Page not found")).to_be_visible()

    # 2. The organiser sees a preview that says what is missing, with a link to where it is added.
    sign_in(page, *ORGANISER)
    page.goto(f"/forums/{SLUG}/report")
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    missing = page.get_by_role("region", name="parts are still missing")
    expect(missing).to_contain_text("No executive summary has been written yet.")
    missing.get_by_role("link", name="Write it").click()

    # 3. She writes the summary and names the authors.
    expect(page.get_by_role("heading", name="Outcome report", exact=True)).to_be_visible()
    page.get_by_label("Executive summary").fill(SUMMARY)
    page.get_by_label("Conclusions and way forward").fill("A **second forum** in 2018.")
    page.get_by_label("Authors").fill("Dr Ben Santos (ASEAN CSR Network)\nNguyễn Phương Linh (Vietnam)")
    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_role("status").first).to_contain_text("Report saved.")
    expect(page.locator("#summary")).to_contain_text(SUMMARY)
    expect(page.get_by_text("Every part of the report is there.")).to_be_visible()

    # 4. She publishes it.
    page.get_by_role("button", name="Publish report").click()
    expect(page.get_by_role("status").first).to_contain_text("The report is published")
    expect(page.get_by_role("heading", name="Published")).to_be_visible()
    shot("report-organiser")

    # 5. A reader without an account opens the report, its charts with their numbers, and the PDF.
    reader.goto(f"/forums/{SLUG}/report")
    expect(reader.get_by_role("heading", name="ASEAN Community Forum 2017", level=1)).to_be_visible()
    expect(reader.locator("#summary")).to_contain_text(SUMMARY)
    expect(reader.get_by_role("img", name="By country")).to_be_visible()
    expect(reader.get_by_role("table", name="By country: numbers")).to_contain_text("Viet Nam")
    expect(reader.get_by_role("button", name="Publish report")).to_have_count(0)
    link = reader.get_by_role("link", name="Download the report (PDF)")
    with reader.expect_response(lambda r: r.url.endswith(f"/forums/{SLUG}/report.pdf")) as response_info:
        try:
            with reader.expect_download(timeout=5_000):
                link.click()
        except Exception:  # a browser that shows PDFs inline navigates instead of downloading
            pass
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # The browser's PDF viewer keeps the bytes to itself: fetch them again with the reader's own cookies.
    pdf = PdfReader(io.BytesIO(reader.request.get(response.url).body()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert len(pdf.pages) >= 5
    assert SUMMARY in text
    assert "Dr Ben Santos (ASEAN CSR Network)" in text
    assert f"Page 2 of {len(pdf.pages)}" in text

    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.goto(f"/forums/{SLUG}/report")
    expect(phone.get_by_role("heading", name="Recommendations of the forum")).to_be_visible()
    shot("report-phone", target=phone)
    shot("report-reader", target=reader)
