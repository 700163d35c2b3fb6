"""Issue 19's bilingual journey, through the browser: Mai declares English and Thai, writes Thai versions of
the concept note and programme, and a Thai reader sees them; an item without a Thai version shows English,
marked as such and tagged lang="en"; a version emptied again shows the main language.

The forum, its items and Mai are made with the factory fixtures; everything after that goes through the UI.
"""

from __future__ import annotations

from datetime import time

from playwright.sync_api import Page, expect

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "acf-2027"
MAI = ("Mai Tran", "mai@example.org")


def test_mai_writes_thai_versions_and_a_thai_reader_sees_them(page: Page, new_page, shot, create_user,
                                                              create_forum, create_item):
    mai = create_user(email=MAI[1], name=MAI[0])
    forum = create_forum(slug=SLUG, title="ASEAN Community Forum 2027", organiser=mai,
                         background="Fifty civil-society organisations meet.", rationale="People first.",
                         objectives=["Share practice", "Build alliances"])
    opening = create_item(forum, title="Opening session", description="Welcome by the hosts.")
    create_item(forum, title="Lunch", start=time(12), end=time(13), type="meal")

    sign_in(page, *MAI)
    page.goto(f"/forums/{SLUG}/edit")
    page.get_by_role("group", name="Also written in").get_by_label("ไทย").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("Concept note saved.")

    page.get_by_role("navigation", name="Manage this forum").get_by_role("link", name="Translations").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ไทย")
    page.locator(f'[name="v_forum_{forum.id}_title"]').fill("เวทีประชาคมอาเซียน 2027")
    page.locator(f'[name="v_forum_{forum.id}_background"]').fill("องค์กรภาคประชาสังคมห้าสิบองค์กรมาพบกัน")
    page.locator(f'[name="v_forum_{forum.id}_objectives"]').fill("แลกเปลี่ยนประสบการณ์\nสร้างพันธมิตร")
    page.locator(f'[name="v_item_{opening.id}_title"]').fill("พิธีเปิด")
    page.get_by_role("button", name="Save the versions").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved: 4 of")
    shot("bilingual-translation-page-1280")
    page.set_viewport_size(PHONE_VIEWPORT)
    shot("bilingual-translation-page-390")

    reader = new_page()
    reader.goto(f"/forums/{SLUG}/?lang=th")
    expect(reader.locator("html")).to_have_attribute("lang", "th")
    expect(reader.get_by_role("heading", level=1)).to_have_text("เวทีประชาคมอาเซียน 2027")
    expect(reader.locator(".concept-note")).to_contain_text("องค์กรภาคประชาสังคมห้าสิบองค์กรมาพบกัน")
    expect(reader.locator(".objectives li").nth(1)).to_have_text("สร้างพันธมิตร")
    rationale = reader.locator("section[aria-labelledby=rationale]")
    expect(rationale.locator("[lang=en]")).to_have_text("People first.")  # no Thai version: English, tagged
    expect(rationale.locator(".shown-in")).to_be_visible()
    shot("bilingual-forum-th-1280", reader)
    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.goto(f"/forums/{SLUG}/?lang=th")
    shot("bilingual-forum-th-390", phone)
    overflow = phone.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert overflow is False

    reader.goto(f"/forums/{SLUG}/agenda")  # the cookie keeps Thai
    expect(reader.locator(f"#item-{opening.id} h3")).to_have_text("พิธีเปิด")
    expect(reader.locator(f"#item-{opening.id} h3")).not_to_have_attribute("lang", "en")
    expect(reader.locator(f"#item-{opening.id} .item-description")).to_have_attribute("lang", "en")
    lunch = reader.locator("article.item-meal")
    expect(lunch.locator("h3")).to_have_attribute("lang", "en")
    expect(lunch.locator(".shown-in")).to_be_visible()
    shot("bilingual-programme-th-1280", reader)

    # Mai empties the Thai background: Thai readers see the English one again, marked
    page.goto(f"/forums/{SLUG}/translations/th")
    page.locator(f'[name="v_forum_{forum.id}_background"]').fill("")
    page.get_by_role("button", name="Save the versions").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved: 3 of")
    reader.goto(f"/forums/{SLUG}/")
    background = reader.locator("section[aria-labelledby=background]")
    expect(background.locator("[lang=en]")).to_have_text("Fifty civil-society organisations meet.")
    expect(background.locator(".shown-in")).to_be_visible()
