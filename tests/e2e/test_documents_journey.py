"""Documents in the browser (issue 20): Mai uploads a slide deck to a programme session and watches its progress
bar; Phương Linh opens the slides from the programme on her phone; a signed-out visitor cannot open an
organisers-only file. The forum, session and people come from the factories; the rest goes through the UI."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import pdf_bytes

from .conftest import PHONE_VIEWPORT, sign_in

SLUG = "sse-2015"


@pytest.fixture
def forum(create_user, create_forum, create_item, create_document, db):
    mai = create_user(email="mai@example.org", name="Mai Tran")
    create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    forum = create_forum(slug=SLUG, organiser=mai, title="Solidarity Economy Forum", timezone="Asia/Kuala_Lumpur")
    item = create_item(forum, title="Panel: solidarity-based community enterprises")
    create_document(forum, "Speakers' briefing", visibility="organisers", filename="briefing.pdf",
                    content=pdf_bytes(2))
    create_document(forum, "Concept note", filename="concept-note.pdf", content=pdf_bytes(3))
    return forum, item


def test_mai_uploads_a_deck_linh_opens_it_on_her_phone(page: Page, new_page, shot, forum, tmp_path):
    _forum, item = forum
    deck = tmp_path / "ASEC panel slides.pdf"
    deck.write_bytes(pdf_bytes(3))

    sign_in(page, "Mai Tran", "mai@example.org")
    page.goto(f"/forums/{SLUG}/agenda/manage")
    page.get_by_role("link", name="Materials Panel: solidarity-based community enterprises").click()
    expect(page.get_by_role("heading", name="Add documents")).to_be_visible()
    expect(page.locator("#upload-limits")).to_contain_text("Up to 25 MB per file;")
    page.get_by_label("Files", exact=True).set_input_files(str(deck))
    bar = page.locator("[data-upload-list] progress")
    expect(bar).to_be_visible()  # each chosen file has its bar before anything is sent
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("[data-upload-list] .upload-done")).to_contain_text("Added")
    expect(bar).to_have_attribute("value", "100")
    expect(page.locator("[data-existing]")).to_contain_text("ASEC panel slides")
    shot("documents-upload-1280")
    page.goto(f"/forums/{SLUG}/agenda/items/{item.id}")
    expect(page.locator(".materials")).to_contain_text("ASEC panel slides")
    shot("agenda-item-1280")

    phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    sign_in(phone, "Nguyễn Phương Linh", "linh@example.org")
    phone.goto(f"/forums/{SLUG}/agenda")
    materials = phone.locator(f"#item-{item.id} .materials")
    expect(materials).to_contain_text("ASEC panel slides")
    expect(materials).to_contain_text("PDF")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"the programme scrolls sideways on a phone: {width}px"
    shot("documents-programme-390", phone)
    phone.get_by_role("link", name="Panel: solidarity-based community enterprises", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Panel: solidarity-based community enterprises")
    materials = phone.locator(".materials")  # the session's own page lists them too, with type and size
    expect(materials).to_contain_text("PDF")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"the item's page scrolls sideways on a phone: {width}px"
    shot("agenda-item-390", phone)
    link = materials.get_by_role("link", name="ASEC panel slides")
    response = phone.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == deck.read_bytes()


def test_a_refused_file_is_named_and_the_good_one_still_arrives(page: Page, shot, forum, tmp_path):
    good = tmp_path / "logistics.pdf"
    good.write_bytes(pdf_bytes(1))
    fake = tmp_path / "not-really.pdf"
    fake.write_bytes(b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    sign_in(page, "Mai Tran", "mai@example.org")
    page.goto(f"/forums/{SLUG}/documents/new")
    page.get_by_label("Description").fill("For everyone travelling to Kuala Lumpur")
    page.get_by_label("Files", exact=True).set_input_files([str(good), str(fake)])
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("[data-upload-list] .upload-refused")).to_contain_text("not-really.pdf")
    expect(page.locator("[data-upload-list] .upload-done")).to_contain_text("Added")
    expect(page.get_by_label("Description")).to_have_value("For everyone travelling to Kuala Lumpur")
    expect(page.locator("[data-existing]")).to_contain_text("logistics")
    shot("documents-refused-1280")


def test_a_signed_out_visitor_cannot_open_an_organisers_only_file(new_page, forum, db):
    from forumops.documents.models import Document

    secret = db.session.query(Document).filter_by(title="Speakers' briefing").one()
    visitor = new_page()
    visitor.goto(f"/forums/{SLUG}/")
    expect(visitor.get_by_role("heading", name="Documents")).to_be_visible()
    expect(visitor.locator(".forum-documents")).to_contain_text("Concept note")
    expect(visitor.locator(".forum-documents")).not_to_contain_text("Speakers' briefing")
    response = visitor.request.get(f"/forums/{SLUG}/documents/{secret.id}", max_redirects=0)
    assert response.status == 302  # to the sign-in page: the file's bytes never leave
    assert "/account/signin" in response.headers["location"]
    visitor.goto(f"/forums/{SLUG}/documents/{secret.id}")
    expect(visitor).to_have_url(re.compile(r"/account/signin"))


def test_linh_opens_the_logistics_note_from_her_private_link_on_her_phone(new_page, shot, forum,
                                                                          create_document, create_registration):
    forum_row, _item = forum
    note = pdf_bytes(4)
    create_document(forum_row, "Logistics note", visibility="participants", filename="logistics.pdf", content=note)
    _registration, token = create_registration(forum_row, status="confirmed", email="linh.private@example.org")
    phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    phone.goto(f"/forums/{SLUG}/registration/{token}")  # from her email: no account
    panel = phone.locator(".participant-documents")
    expect(panel).to_contain_text("Logistics note")
    expect(panel).not_to_contain_text("Sign in")
    expect(panel).not_to_contain_text("Speakers' briefing")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"her page scrolls sideways on a phone: {width}px"
    panel.scroll_into_view_if_needed()
    shot("documents-private-link-390", phone)
    with phone.expect_download() as download:
        panel.get_by_role("link", name="Logistics note").click()
    assert download.value.path().read_bytes() == note
