"""Invitation letters in the browser (issue 21): Mai writes the letter and offers it; Sopheak, on his phone, asks
for one from his private page (a mistyped passport number is refused beside the field, what he typed kept); Mai
approves it at her desk; Sopheak downloads the PDF; the desk's CSV holds his passport details only when Mai ticks
them in. The forum, its signatory (made through the model: the signatories page is the certificates stage's) and
his registration come from the factories; the rest goes through the UI. Pages are photographed at 390 and 1280 px.
"""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from tests.certificates.letter_fixtures import make_signatory

from .conftest import PHONE_VIEWPORT, VIEWPORT, sign_in

SLUG = "mekong-training-2027"
MAI = ("Mai Tran", "mai@example.org")


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def _both_widths(page: Page, shot, name: str) -> None:
    """The page as it is, photographed at phone and desktop width, then back to the width it had."""
    was = page.viewport_size
    for width, viewport in (("390", PHONE_VIEWPORT), ("1280", VIEWPORT)):
        page.set_viewport_size(viewport)
        _fits(page)
        shot(f"letters-{name}-{width}", target=page)
    page.set_viewport_size(was)


def test_sopheak_requests_a_letter_mai_approves_it_and_he_downloads_it(
        page: Page, new_page, shot, create_user, create_forum, create_registration, db):
    mai = create_user(email=MAI[1], name=MAI[0])
    forum = create_forum(SLUG, status="registration_open", title="Mekong Institute Evaluation Workshop 2027",
                         organiser=mai, start_date=date(2027, 9, 14), end_date=date(2027, 9, 16),
                         timezone="Asia/Bangkok", mode="in_person", venue_name="Mekong Institute",
                         venue_address="123 Mittraphap Road", venue_city="Khon Kaen", venue_country="TH")
    make_signatory(forum, name="Dr Suriya Chindawongse", title="Director, Mekong Institute")
    db.session.commit()
    _registration, token = create_registration(
        forum, notify=False, status="confirmed", name="ហេង សុភ័ក្រ", email="sopheak@example.org", country="KH",
        organisation="Cambodia Women Entrepreneurs Association", language="km")
    errors: list[str] = []

    # 1. Mai writes the letter (the house text is there to start from), picks who signs it and offers it.
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, *MAI)
    page.goto(f"/forums/{SLUG}/letters/settings")
    expect(page.get_by_role("heading", name="Invitation letter settings")).to_be_visible()
    expect(page.get_by_label("Letter", exact=True)).to_contain_text("{passport_name}")
    page.get_by_label("Participants may request an invitation letter").check()
    page.get_by_label("Signed by").select_option(label="Dr Suriya Chindawongse (Director, Mekong Institute)")
    shot("letters-settings-1280")
    page.get_by_role("button", name="Save the letter settings").click()
    expect(page.get_by_role("status")).to_contain_text("Participants can request a letter")

    # 2. On his phone Sopheak opens his private link and asks for a letter.
    phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, accept_downloads=True)
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"/forums/{SLUG}/registration/{token}?lang=en")
    panel = phone.get_by_role("region", name="Invitation letter")
    panel.get_by_role("link", name="Request an invitation letter").click()
    expect(phone.get_by_role("heading", name="Invitation letter", level=1)).to_be_visible()
    expect(phone.get_by_label("Nationality")).to_have_value("KH")  # his registration's country, to check
    phone.get_by_label("A visa").check()
    phone.get_by_label("Your name as written in your passport").fill("HENG SOPHEAK")
    phone.get_by_label("Passport number (optional)").fill("N01-234")  # a dash where there is none
    phone.get_by_label("Date of birth (optional)").fill("1990-05-21")
    phone.get_by_label("Address the letter to (optional)").fill("Royal Thai Embassy, Phnom Penh")
    phone.get_by_label("Its address (optional)").fill("196 Preah Norodom Blvd\nPhnom Penh")
    _both_widths(phone, shot, "request-form")
    phone.get_by_role("button", name="Request the letter").click()
    expect(phone.get_by_role("alert")).to_contain_text("A passport number has 6 to 9 letters and digits")
    expect(phone.get_by_label("Passport number (optional)")).to_have_value("N01-234")
    expect(phone.get_by_label("Your name as written in your passport")).to_have_value("HENG SOPHEAK")
    shot("letters-request-refused-390", target=phone)
    phone.get_by_label("Passport number (optional)").fill("N0 1234 567")
    phone.get_by_role("button", name="Request the letter").click()
    expect(phone.get_by_role("status")).to_contain_text("Your request is sent")
    expect(phone.locator(".letter-state")).to_contain_text("Requested")

    # 3. Mai finds it waiting, reads what he gave and approves it.
    page.goto(f"/forums/{SLUG}/")
    page.get_by_role("link", name="1 invitation letter request waits for your decision").click()
    row = page.get_by_role("row", name="HENG SOPHEAK")
    expect(row).to_contain_text("Cambodia")
    expect(row).to_contain_text("Royal Thai Embassy, Phnom Penh")
    _both_widths(page, shot, "queue")
    expect(row).to_contain_text("In person")  # how he takes part
    row.get_by_role("link", name="HENG SOPHEAK").click()
    expect(page.locator(".registration-facts")).to_contain_text("N01234567")
    expect(page.locator(".registration-facts")).to_contain_text("In person")
    _both_widths(page, shot, "detail")
    # she previews the letter first: a PDF marked as not issued, and nothing is issued by it
    preview = page.get_by_role("link", name="Preview the letter (PDF)").get_attribute("href")
    answer = page.request.get(preview)
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")
    expect(page.locator(".letter-decision")).to_contain_text("Approve and issue the letter")
    page.get_by_role("button", name="Approve and issue the letter").click()
    expect(page.get_by_role("status")).to_contain_text("The letter for HENG SOPHEAK is issued")
    expect(page.locator(".letter-decision")).to_contain_text("by Mai Tran")

    # the register names him as registered, the passport name labelled as the name printed
    page.get_by_role("navigation", name="Certificates and letters").get_by_role("link", name="Issued and revoked") \
        .click()
    register_row = page.get_by_role("row").filter(has_text="HENG SOPHEAK")
    expect(register_row).to_contain_text("ហេង សុភ័ក្រ")
    expect(register_row).to_contain_text("Name printed: HENG SOPHEAK")
    expect(page.get_by_label("Include invitation letter details", exact=False)).not_to_be_checked()
    _both_widths(page, shot, "register")

    # 4. Sopheak's private page now offers the letter; he downloads it.
    phone.goto(f"/forums/{SLUG}/registration/{token}?lang=en")
    panel = phone.get_by_role("region", name="Invitation letter")
    expect(panel).to_contain_text("Your letter was issued on")
    panel.scroll_into_view_if_needed()
    _both_widths(phone, shot, "private-page")
    with phone.expect_download() as download_info:
        panel.get_by_role("link", name="Download your invitation letter (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{SLUG}-invitation-letter.pdf"
    assert download.path().read_bytes().startswith(b"%PDF")

    # 5. At the desk the CSV leaves his passport details out unless Mai ticks them in.
    page.goto(f"/forums/{SLUG}/registrations")
    tick = page.get_by_label("Include invitation letter details", exact=False)
    expect(tick).not_to_be_checked()
    shot("letters-desk-export-1280")
    for ticked in (False, True):
        tick.set_checked(ticked)
        with page.expect_download() as csv_info:
            page.get_by_role("button", name="Export these as CSV").click()
        exported = csv_info.value.path().read_text(encoding="utf-8-sig")
        assert "Cambodia Women Entrepreneurs Association" in exported
        assert ("N01234567" in exported) == ticked
    assert errors == []
