"""After a refused submit the focus is on the error summary, whose links lead to each field (issue 14)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from forumops.registration import setup

from .conftest import PHONE_VIEWPORT


@pytest.fixture
def forum(create_forum, db):
    forum = create_forum(slug="acf", status="registration_open", start_date=date(2027, 4, 14),
                         end_date=date(2027, 4, 15))
    setup.add_question(forum, {"label": "Your sector", "kind": "single_choice", "required": True,
                                    "options": ["Rural development", "MSME"]})
    db.session.commit()
    return forum


def test_a_refused_registration_puts_the_focus_on_what_to_correct(page: Page, new_page, shot, forum):
    page.goto("/forums/acf/register")
    page.get_by_label("Full name").fill("Nguyễn Phương Linh")
    page.get_by_role("button", name="Register").click()

    summary = page.get_by_role("alert").filter(has_text="Please correct the highlighted fields")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Your sector: Please answer this question.").click()
    expect(page.get_by_role("group", name="Your sector")).to_be_focused()  # the link lands on the question
    expect(page.get_by_role("radio", name="MSME")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Full name")).to_have_value("Nguyễn Phương Linh")  # what was typed is kept
    shot("register-refused")

    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.goto("/forums/acf/register")
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_role("alert").filter(has_text="Please correct the highlighted fields")).to_be_focused()
    # a box's error has a line of its own under its label, not a narrow column squeezed beside it
    consent = phone.locator(".choice.field-error").filter(has=phone.get_by_label("I have read the privacy notice"))
    label, error = consent.locator("label").bounding_box(), consent.locator(".error-message").bounding_box()
    assert error["y"] >= label["y"] + label["height"] - 1, (label, error)
    assert error["width"] > PHONE_VIEWPORT["width"] * 0.6, error
    shot("register-refused-phone", target=phone)
