"""The privacy journey, through the browser: a participant opens her private link on her phone, downloads
her data and asks for erasure; the organiser sees the request on the registration desk and erases her;
her name is gone from the desk and her link stops working.

The forum and the registrations are made with the factory fixtures and the operations; everything after
that goes through the UI. The database is only read at the end.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "acf-2027-privacy"
ORGANISER = ("Mai Tran", "mai@example.org")
LINH = {"name": "Nguyễn Phương Linh", "email": "linh@example.org", "organisation": "Vietnam Women's Union",
        "job_title": "Project officer", "dietary_needs": "Vegetarian"}


def test_participant_downloads_her_data_asks_for_erasure_and_the_organiser_erases_her(
        page: Page, new_page, shot, create_user, create_forum, db, live_server):
    from forumops.registration import seats

    organiser = create_user(email=ORGANISER[1], name=ORGANISER[0])
    forum = create_forum(SLUG, status="registration_open", title="ASEAN Community Forum 2027", organiser=organiser)
    common = {"country": "VN", "category": "civil_society", "attendance_mode": "in_person", "consent_privacy": True}
    _linh, token = seats.register(forum, {**LINH, **common}, notify=False)
    seats.register(forum, {"name": "Somchai Jaidee", "email": "somchai@example.org", **common}, notify=False)
    db.session.commit()
    errors: list[str] = []

    # 1. On her phone, Linh opens her private link and downloads her data.
    phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, accept_downloads=True)
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"/forums/{SLUG}/registration/{token}")
    panel = phone.get_by_role("region", name="Your data")
    expect(panel).to_be_visible()
    with phone.expect_download() as download_info:
        panel.get_by_role("link", name="Download my data (JSON)").click()
    download = download_info.value
    assert re.fullmatch(rf"{SLUG}-my-data-\d{{4}}-\d\d-\d\d\.json", download.suggested_filename)
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert data["registrations"][0]["name"] == LINH["name"]
    assert data["registrations"][0]["dietary_needs"] == "Vegetarian"
    assert "Somchai" not in json.dumps(data, ensure_ascii=False)
    panel.scroll_into_view_if_needed()
    shot("privacy-01-manage-panel-phone", target=phone)

    # 2. She asks for erasure: without the tick she is told why; with it, the request is recorded.
    panel.get_by_role("link", name="Ask for erasure").click()
    expect(phone.get_by_role("heading", name="Ask for your data to be erased", level=1)).to_be_visible()
    shot("privacy-02-request-phone", target=phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    phone.get_by_role("button", name="Ask for erasure").click()
    expect(phone.get_by_text("Tick the box to confirm that you want your data erased.").first).to_be_visible()
    phone.get_by_label("Yes, I want my personal data erased.", exact=False).check()
    phone.get_by_role("button", name="Ask for erasure").click()
    expect(phone.get_by_role("status")).to_contain_text("Your request is recorded")
    expect(phone.get_by_text("You asked for erasure on")).to_be_visible()

    # 3. The organiser sees the request at the top of the desk and erases her.
    sign_in(page, *ORGANISER)
    page.goto(f"/forums/{SLUG}/registrations")
    requests = page.get_by_role("region", name="1 person asks to be erased")
    expect(requests).to_contain_text(LINH["name"])
    shot("privacy-03-desk-request")
    requests.get_by_label(f"Yes, erase the data of {LINH['name']}.", exact=False).check()
    requests.get_by_role("button", name="Erase").click()
    expect(page.locator(".flashes")).to_contain_text("is erased")
    expect(page.locator(".flashes")).to_contain_text("cancelled too")  # the forum is still to come
    table = page.locator(".desk-table")
    expect(table).to_contain_text("Erased participant")
    expect(table).to_contain_text("Somchai Jaidee")
    expect(page.get_by_role("main")).not_to_contain_text(LINH["name"])
    expect(page.get_by_role("main")).not_to_contain_text(LINH["email"])
    shot("privacy-04-desk-after")

    # 4. Her private link no longer opens anything, and says nothing of her: not even "replaced".
    phone.goto(f"/forums/{SLUG}/registration/{token}")
    expect(phone.get_by_role("heading", name="This link does not open a registration")).to_be_visible()
    expect(phone.get_by_role("main")).not_to_contain_text(LINH["name"])
    assert errors == [], f"JavaScript errors on the pages: {errors}"

    from sqlalchemy import select

    from forumops.registration.models import Registration

    db.session.rollback()
    db.session.expire_all()
    names = set(db.session.scalars(select(Registration.name).where(Registration.forum_id == forum.id)))
    assert names == {"Erased participant", "Somchai Jaidee"}
