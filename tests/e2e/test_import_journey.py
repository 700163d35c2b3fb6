"""Mai uploads a list of 150 invitees: the worker beside the live server writes it, her page follows its progress
without reloading, and tells her when it is done (issue 18, item 3)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from forumops.registration.models import Registration
from tests.importing import invitee_csv

from .conftest import sign_in

ORGANISER = ("Mai Anh Trần", "mai@example.org")


@pytest.fixture
def forum(create_user, create_forum):
    organiser = create_user(name=ORGANISER[0], email=ORGANISER[1])
    return create_forum(slug="acf", status="registration_open", organiser=organiser,
                        start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))


def test_a_long_list_is_imported_in_the_background_and_the_page_says_when_it_is_done(page: Page, shot, forum, db,
                                                                                    deliver_mail):
    sign_in(page, *ORGANISER)
    page.goto("/forums/acf/registrations/import")
    page.get_by_label("CSV file").set_input_files(files=[{"name": "invitees.csv", "mimeType": "text/csv",
                                                          "buffer": invitee_csv(150)}])
    page.get_by_role("button", name="Import invitees").click()

    expect(page.get_by_role("heading", name="Import of 150 invitees")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("150 invitees are being imported in the background")
    # the script follows the worker, then reloads once to show what the import gave and its OK button
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("150 invitees imported (150 confirmed).")).to_be_visible()
    shot("import-finished")
    assert db.session.scalar(select(func.count(Registration.id))) == 150
    assert {f"invitee{i}@example.org" for i in range(1, 151)} <= {message["To"] for message in deliver_mail()}

    page.get_by_role("link", name="Back to the registrations").click()
    page.get_by_role("button", name="OK, hide this").click()
    expect(page.get_by_role("heading", name="Import finished")).to_have_count(0)
