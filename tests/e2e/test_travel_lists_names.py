"""The arrivals list on a desktop screen: beside eight columns of flights, drivers and hotels, a name written without
spaces (Burmese) keeps to one line instead of being broken into syllables, as the demo's showed it."""

from __future__ import annotations

from datetime import date, datetime

from playwright.sync_api import Page, expect

from .conftest import sign_in

ORGANISER = ("Mai Anh Trần", "mai@example.org")
LINES = "node => { const r = document.createRange(); r.selectNodeContents(node); " \
        "return new Set([...r.getClientRects()].map(rect => Math.round(rect.top))).size; }"


def test_a_name_in_the_arrivals_list_keeps_to_one_line(page: Page, shot, create_user, create_forum,
                                                       create_registration, create_travel, create_hotel):
    forum = create_forum(slug="acf", organiser=create_user(name=ORGANISER[0], email=ORGANISER[1]),
                         timezone="Asia/Jakarta", start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
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
