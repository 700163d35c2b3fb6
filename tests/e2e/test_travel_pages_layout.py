"""Travel pages on a desktop screen, as the demo's Jakarta forum showed them: beside eight columns of flights,
drivers and hotels, a name written without spaces (Burmese) keeps to one line instead of being broken into
syllables; and on a registration's desk page, each offer's buttons stay inside the support panel, a long note
beside them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from playwright.sync_api import Page, expect

from .conftest import sign_in

pytestmark = pytest.mark.css_only  # what the browser draws: the same on any database

ORGANISER = ("Mai Anh Trần", "mai@example.org")
LINES = "node => { const r = document.createRange(); r.selectNodeContents(node); " \
        "return new Set([...r.getClientRects()].map(rect => Math.round(rect.top))).size; }"


@pytest.fixture
def forum(create_user, create_forum):
    return create_forum(slug="acf", organiser=create_user(name=ORGANISER[0], email=ORGANISER[1]),
                        timezone="Asia/Jakarta", start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))


def test_a_name_in_the_arrivals_list_keeps_to_one_line(page: Page, shot, forum, create_registration,
                                                       create_travel, create_hotel):
    hotel = create_hotel(forum, name="Grand Mahakam Hotel")
    for name, organisation in (("သီတာဝင်း", "Ayeyarwady Delta Farmers Cooperative"),
                               ("ບົວພັນ ສີສຸວັນ", "Lao Rural Women's Development Association")):
        registration, _token = create_registration(forum, name=name, organisation=organisation, country="MM",
                                                   notify=False)
        create_travel(registration, arrival=datetime(2027, 4, 14, 6, 20), arrival_from="Yangon (RGN) via Bangkok",
                      arrival_transport="GA 867", arrival_meet="Ms Dewi (ASEAN Foundation)", hotel_id=hotel.id)

    sign_in(page, *ORGANISER)
    page.goto("/forums/acf/travel/lists/arrivals?day=2027-04-14")
    names = page.locator("td.list-name")
    expect(names).to_have_count(2)
    shot("arrivals-names")
    assert [cell.evaluate(LINES) for cell in names.all()] == [1, 1]


def test_the_desks_support_buttons_stay_inside_the_panel(page: Page, shot, forum, create_registration,
                                                          create_support):
    registration, _token = create_registration(forum, name="ម៉ៅ សំណាង", country="KH", notify=False)
    create_support(registration, kind="travel", status="accepted", amount=455, currency="USD",
                   note="Economy return, Phnom Penh–Jakarta via Kuala Lumpur")
    create_support(registration, kind="accommodation", status="accepted")
    create_support(registration, kind="per_diem", status="accepted", amount=30, currency="USD")

    sign_in(page, *ORGANISER)
    page.goto(f"/forums/acf/registrations/{registration.id}")
    panel = page.locator(".table-scroll").filter(has=page.locator(".support-table"))
    withdraw = panel.get_by_role("button", name="Withdraw")
    expect(withdraw).to_have_count(3)
    shot("desk-support-panel")
    right = panel.bounding_box()["x"] + panel.bounding_box()["width"]
    assert all(button.bounding_box()["x"] + button.bounding_box()["width"] <= right for button in withdraw.all())
