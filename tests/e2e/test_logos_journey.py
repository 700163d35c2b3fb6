"""Mai gives a partner its logo and sees it on the forum page.

She first picks the SVG the partner sent (refused beside the field, nothing saved), then a PNG photo of the
logo that still carries where it was taken; the forum page shows the logo, named by the organisation's name,
on a desktop and on a phone, and a signed-out visitor sees it too.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.pdf_images import logo_png

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "mekong-logos-2027"
PARTNER = "Mekong Women Network"


@pytest.fixture
def forum(create_forum, create_user, db):
    from forumops.forums import operations

    mai = create_user(email="mai@example.org", name="Mai")
    forum = create_forum(SLUG, title="Mekong Forum on Women's Livelihoods", organiser=mai, venue_city="Hanoi")
    operations.add_partner(forum, PARTNER, "co_organiser", "VN", "MWN")
    operations.add_partner(forum, "Hanoi Women's Union", "partner", "VN")
    operations.set_forum_logo(forum, io.BytesIO(logo_png((200, 200), (150, 60, 20), "MF")), "forum.png")
    db.session.commit()
    return forum


def test_mai_uploads_a_partner_logo_and_sees_it_on_the_forum_page(page: Page, new_page, shot, forum, tmp_path):
    svg = tmp_path / "mwn.svg"
    svg.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    png = tmp_path / "mwn-logo.png"
    png.write_bytes(logo_png((480, 180), (20, 90, 160), "MWN"))

    sign_in(page, "Mai", "mai@example.org")
    page.goto(f"/forums/{SLUG}/partners")
    page.get_by_role("link", name=f"Add a logo Logo of {PARTNER}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Logo of {PARTNER}")

    page.get_by_label("Logo").set_input_files(str(svg))
    page.get_by_role("button", name="Upload logo").click()
    expect(page.locator("#logo-error")).to_contain_text("“mwn.svg” was refused: SVG images are not accepted")
    expect(page.get_by_label("Logo")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Logo").set_input_files(str(png))
    page.get_by_role("button", name="Upload logo").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Logo of {PARTNER} saved.")
    expect(page.get_by_role("img", name=PARTNER)).to_be_visible()  # the thumbnail in the partners table

    page.goto(f"/forums/{SLUG}/")
    logo = page.get_by_role("region", name="Organisers and partners").get_by_role("img", name=PARTNER)
    expect(logo).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", logo.element_handle())
    expect(page.locator("h1 img.forum-logo")).to_be_visible()  # the forum's own, by its title
    shot("logos-forum-page-desktop")

    visitor = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    visitor.goto(f"/forums/{SLUG}/")
    phone_logo = visitor.get_by_role("img", name=PARTNER)
    expect(phone_logo).to_be_visible()
    box = phone_logo.bounding_box()
    assert box
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    assert re.search(r"/logos/[0-9a-f]{64}-160\.png$", phone_logo.get_attribute("src") or "")
    shot("logos-forum-page-phone", visitor)
