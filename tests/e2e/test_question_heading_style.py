"""A "heading" question among the forum's own questions looks like the form's own section headings ("About you",
"Consent": the same size and weight, on a rule line), and its explanation like a hint, not like a question that
lost its box (walk 23, finding 9). Photographed at phone and desktop width (test-artifacts/question-heading-*)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from forumops.registration import setup

from .conftest import ARTIFACTS, PHONE_VIEWPORT, VIEWPORT

pytestmark = pytest.mark.css_only  # what the browser draws: the same on any database

STYLE = """element => { const s = getComputedStyle(element);
  return {size: s.fontSize, weight: s.fontWeight, color: s.color}; }"""
RULE = "element => getComputedStyle(element, '::after').borderTopStyle"


def test_a_heading_question_looks_like_the_forms_sections(create_user, create_forum, db, new_page):
    forum = create_forum(slug="acf", status="registration_open", organiser=create_user(email="mai@example.org"),
                         mode="in_person", start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    setup.add_question(forum, {"label": "Travel to Jakarta", "kind": "heading",
                               "help_text": "The ASEAN Foundation books flights for the people it funds."})
    setup.add_question(forum, {"label": "Mobile phone", "kind": "phone", "help_text": "The driver calls it."})
    db.session.commit()
    for width, viewport in (("390", PHONE_VIEWPORT), ("1280", VIEWPORT)):
        page = new_page(viewport=viewport)
        page.goto("/forums/acf/register")
        heading = page.get_by_role("heading", name="Travel to Jakarta")
        expect(heading).to_be_visible()
        section = page.locator("legend", has_text="Consent")
        assert heading.evaluate(STYLE)["size"] == section.evaluate(STYLE)["size"]
        assert heading.evaluate(STYLE)["weight"] == section.evaluate(STYLE)["weight"]
        assert heading.evaluate(RULE) == "solid"  # its rule line, as a section's
        explanation = page.get_by_text("The ASEAN Foundation books flights")
        hint = page.locator(".question-phone .hint")
        assert explanation.evaluate(STYLE)["size"] == hint.evaluate(STYLE)["size"]
        assert explanation.evaluate(STYLE)["color"] == hint.evaluate(STYLE)["color"]
        heading.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"question-heading-{width}.png"))
