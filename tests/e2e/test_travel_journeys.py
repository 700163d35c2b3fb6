"""Getting people there, in the browser (issue 23, item 6): three journeys of a forum in Bangkok (Asia/Bangkok, seven
hours ahead of UTC, 14-16 April 2027).

1. Mai ticks five sponsored participants at the registration desk, offers them travel and accommodation in one go,
   opens the travel form and sends it through the composer; the five, and only they, each receive their own link.
2. Sopheak opens his private link, accepts both offers and fills in his flight from Phnom Penh; a departure before
   his arrival is refused beside the field with what he typed kept; the organisers' desk then shows his flight.
3. Mai prints the arrivals list (23:30 on the eve of the forum is on the eve; 06:10 on the first morning, still the
   eve in UTC, is on the first day) and the per-diem sheet, whose PDF she downloads.

Data is written by the conftest factories (the travel settings by their operation); everything the journeys test goes
through the pages. Screenshots of the pages on the way, at desktop (1280) and phone (390) width, go to
test-artifacts/travel-*.png, and the per-diem PDF to test-artifacts/travel-per-diem.pdf.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from forumops.travel.details_operations import save_settings

from .conftest import ARTIFACTS, PHONE_VIEWPORT, sign_in

SLUG = "mekong-2027"
MAI = ("Mai Anh Trần", "mai@example.org")
SPONSORED = {  # name: (email, country)
    "Sopheak Chan": ("sopheak@example.org", "KH"),
    "Nguyễn Phương Linh": ("linh@example.org", "VN"),
    "Aung Min": ("aung@example.org", "MM"),
    "Siti Rahma": ("siti@example.org", "ID"),
    "Khamla Phommachanh": ("khamla@example.org", "LA"),
}
NOT_SPONSORED = {"Ben Santos": ("ben@example.org", "PH")}  # confirmed, comes at his own cost


@pytest.fixture
def forum(create_user, create_forum, create_registration, create_hotel, db):
    """The forum in Bangkok, Mai its organiser, six confirmed people (five to sponsor, Ben not), a hotel; returns
    (forum, {name: (registration, private token)})."""
    mai = create_user(name=MAI[0], email=MAI[1])
    forum = create_forum(SLUG, status="registration_open", organiser=mai, title="Mekong Solidarity Economy Forum",
                         mode="in_person", timezone="Asia/Bangkok", start_date=date(2027, 4, 14),
                         end_date=date(2027, 4, 16), venue_name="Chulalongkorn University", venue_city="Bangkok")
    people = {}
    for name, (email, country) in {**SPONSORED, **NOT_SPONSORED}.items():
        people[name] = create_registration(forum, name=name, email=email, country=country, status="confirmed",
                                           notify=False)
    create_hotel(forum, name="Pathumwan Princess Hotel")
    return forum, people


def shoot_both(shot, page: Page, new_page, name: str) -> Page:
    """The page as it is now at 1280 px, and the same address on a phone (390 px), with the same cookies."""
    shot(f"travel-{name}-desktop", target=page)
    phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    shot(f"travel-{name}-phone", target=phone)
    no_sideways_scroll(phone)
    return phone


def no_sideways_scroll(page: Page) -> None:
    """What a phone user notices first: nothing wider than the screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide on a phone"


def fully_shown(element) -> None:
    """The element is not cut off by a box around it that scrolls sideways (a table too wide for its card)."""
    cut = element.evaluate("""element => {
        const box = element.getBoundingClientRect();
        for (let around = element.parentElement; around; around = around.parentElement) {
            const style = getComputedStyle(around);
            if (style.overflowX === 'visible') continue;
            const edge = around.getBoundingClientRect();
            if (box.left < edge.left - 0.5 || box.right > edge.right + 0.5) return around.className || around.tagName;
        }
        return '';
    }""")
    assert not cut, f"{element} is cut off by .{cut}"


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# --- 1. offering in bulk and sending the travel form ----------------------------------------------------------------

def test_mai_offers_travel_and_accommodation_to_five_and_sends_them_the_travel_form(
        page: Page, new_page, shot, forum, inbox, live_server, deliver_mail):
    sign_in(page, *MAI)
    phone = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    phone.context.add_cookies(page.context.cookies())
    for screen in (phone, page):  # the phone stops before confirming, for its screenshot
        screen.goto(f"/forums/{SLUG}/registrations?status=confirmed")
        for name in SPONSORED:
            screen.get_by_role("checkbox", name=f"Select {name}").check()
        screen.get_by_role("button", name="Offer support…").click()
        expect(screen.get_by_role("heading", name="Offer support", exact=True)).to_be_visible()
        expect(screen.get_by_role("main")).to_contain_text("5 registrations ticked.")
        screen.get_by_role("checkbox", name="Travel", exact=True).check()
        screen.get_by_role("checkbox", name="Accommodation", exact=True).check()
        screen.get_by_label("Note for the person").fill("Economy return flight and three nights at the hotel")
    shot("travel-01-bulk-offer-desktop")
    shot("travel-01-bulk-offer-phone", target=phone)
    no_sideways_scroll(phone)
    page.get_by_role("button", name="Offer support to the 5 registrations that can have it").click()

    expect(page.get_by_role("heading", name="Support and sponsorship")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Offered to 5 registrations: travel and accommodation.")
    counts = page.locator("table.support-counts")
    expect(counts.get_by_role("row", name=re.compile("^Travel"))).to_contain_text("5")
    expect(counts.get_by_role("link", name="5 Travel, offered")).to_be_visible()
    expect(counts.get_by_role("link", name="5 Accommodation, offered")).to_be_visible()
    offered = page.locator("table.support-people tbody tr")
    expect(offered).to_have_count(5)
    expect(page.locator("table.support-people")).not_to_contain_text("Ben Santos")
    shoot_both(shot, page, new_page, "02-support-page")

    # the travel form is opened for those offered travel or accommodation, then sent through the composer
    page.goto(f"/forums/{SLUG}")
    page.get_by_role("link", name="The travel form, the hotels, and who has sent their travel details").click()
    page.get_by_label("The travel form is open").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".travel-form-state")).to_contain_text("Open")
    expect(page.locator(".travel-counts")).to_contain_text("5 people")
    shoot_both(shot, page, new_page, "03-travel-overview")
    page.get_by_role("link", name="Send the travel form to those it concerns").click()

    expect(page.get_by_role("heading", name="Write to participants")).to_be_visible()
    expect(page.get_by_label("Travel form", exact=True)).to_have_value("concerned")
    expect(page.get_by_label("Subject")).to_have_value("{forum}: your travel details")
    expect(page.locator("[data-recipient-count]")).to_contain_text("5 people match")
    shoot_both(shot, page, new_page, "04-composer")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("on its way to 5 people")

    delivered = deliver_mail()
    # each was told of the offer by email (ticked by default), in their language, with their link to answer it
    offers = [message for message in delivered if "support offered to you" in message["Subject"]]
    assert {message["To"] for message in offers} == {email for email, _country in SPONSORED.values()}
    assert all("Please accept or decline each offer on your registration page:" in body_of(message)
               for message in offers)
    messages = [message for message in delivered if message not in offers]
    received = {message["To"]: message for message in messages}
    assert len(messages) == 5
    assert set(received) == {email for email, _country in SPONSORED.values()}  # Ben is not sponsored: not him
    links = {}
    for name, (address, _country) in SPONSORED.items():
        message = received[address]
        assert message["Subject"] == "Mekong Solidarity Economy Forum: your travel details"
        assert body_of(message).startswith(f"Dear {name},")
        links[address] = re.search(rf"{re.escape(live_server.url)}/forums/{SLUG}/registration/\S+/travel",
                                   body_of(message)).group(0)
    assert len(set(links.values())) == 5  # each their own

    # each link opens its own person's form, without signing in
    linh = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    linh.goto(links["linh@example.org"])
    expect(linh.get_by_role("heading", name="Your travel details")).to_be_visible()
    expect(linh.get_by_role("main")).to_contain_text("Nguyễn Phương Linh")
    expect(linh.get_by_label("Arrival date")).to_be_editable()


# --- 2. Sopheak accepts and fills in his flight ----------------------------------------------------------------------

@pytest.fixture
def offered(forum, create_support, db):
    """Travel and accommodation offered to Sopheak (the note says what), the travel form open."""
    forum, people = forum
    sopheak, token = people["Sopheak Chan"]
    create_support(sopheak, kind="travel", note="Economy return flight from Phnom Penh")
    create_support(sopheak, kind="accommodation", note="Three nights at the Pathumwan Princess Hotel")
    save_settings(forum, {"form_open": True, "form_audience": "sponsored", "currency": "USD",
                          "form_deadline": date(2027, 3, 31)})
    db.session.commit()
    return forum, sopheak, token


def test_sopheak_accepts_the_offers_and_sends_his_flight(page: Page, new_page, shot, offered):
    _forum, sopheak, token = offered
    sopheak_page = new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    sopheak_page.goto(f"/forums/{SLUG}/registration/{token}")
    offers = sopheak_page.locator("#support")
    expect(offers).to_contain_text("Economy return flight from Phnom Penh")
    shot("travel-05-offers-phone", target=sopheak_page)
    no_sideways_scroll(sopheak_page)
    for kind in ("travel", "accommodation"):
        sopheak_page.locator(f"#offer-{kind}").get_by_role("button", name="Accept").click()
        expect(sopheak_page.locator(f"#offer-{kind}")).to_contain_text("You accepted this offer.")
    expect(offers.get_by_role("button", name="Accept")).to_have_count(0)

    sopheak_page.get_by_role("link", name="Fill in your travel details").click()
    expect(sopheak_page.get_by_role("heading", name="Your travel details")).to_be_visible()
    expect(sopheak_page.get_by_role("main")).to_contain_text("Dates and times are in")
    sopheak_page.get_by_label("Arrival date").fill("2027-04-13")
    sopheak_page.get_by_label("Arrival time").fill("23:30")
    sopheak_page.get_by_label("Arriving from").fill("Phnom Penh (PNH)")
    arrival = sopheak_page.get_by_role("group", name="Arrival")
    arrival.get_by_label("Flight or transport").fill("TG 585")
    sopheak_page.get_by_label("Departure date").fill("2027-04-12")  # a slip: the day before he arrives
    sopheak_page.get_by_label("Departure time").fill("11:05")
    departure = sopheak_page.get_by_role("group", name="Departure")
    departure.get_by_label("Leaving for").fill("Phnom Penh (PNH)")
    departure.get_by_label("Flight or transport").fill("TG 584")
    sopheak_page.get_by_label("First night at the hotel").fill("2027-04-13")
    sopheak_page.get_by_label("Check-out day").fill("2027-04-17")
    sopheak_page.get_by_label("I can share a room").check()
    sopheak_page.get_by_role("button", name="Send my travel details").click()

    # refused beside the departure date, everything he typed still there
    error = sopheak_page.locator("#departure_date-error")
    expect(error).to_have_text("Your departure is before your arrival: check both dates and times.")
    expect(sopheak_page.get_by_label("Departure date")).to_have_attribute("aria-invalid", "true")
    expect(sopheak_page.get_by_label("Arrival date")).to_have_value("2027-04-13")
    expect(sopheak_page.get_by_label("Arrival time")).to_have_value("23:30")
    expect(sopheak_page.get_by_label("Arriving from")).to_have_value("Phnom Penh (PNH)")
    expect(arrival.get_by_label("Flight or transport")).to_have_value("TG 585")
    expect(departure.get_by_label("Flight or transport")).to_have_value("TG 584")
    expect(sopheak_page.get_by_label("I can share a room")).to_be_checked()
    error.scroll_into_view_if_needed()
    shot("travel-06-form-refused-phone", target=sopheak_page)
    no_sideways_scroll(sopheak_page)

    sopheak_page.get_by_label("Departure date").fill("2027-04-17")
    sopheak_page.get_by_role("button", name="Send my travel details").click()
    expect(sopheak_page.get_by_role("status").first).to_contain_text("Thank you: your travel details are sent.")
    expect(sopheak_page.get_by_label("Arrival time")).to_have_value("23:30")  # the forum's clock, as he typed
    shot("travel-07-form-sent-phone", target=sopheak_page)
    desktop = new_page()
    desktop.goto(sopheak_page.url)
    shot("travel-07-form-sent-desktop", target=desktop)

    # the organisers' desk shows his flight on the forum's clock
    sign_in(page, *MAI)
    page.goto(f"/forums/{SLUG}/registrations/{sopheak.id}")
    travel = page.locator("#travel")
    expect(travel.locator(".travel-facts")).to_contain_text("13 Apr 2027, 23:30")
    expect(travel.locator(".travel-facts")).to_contain_text("Phnom Penh (PNH) · TG 585")
    expect(travel.locator(".travel-facts")).to_contain_text("17 Apr 2027, 11:05")
    expect(travel.locator(".travel-facts")).to_contain_text("(4 nights)")
    expect(page.locator("#support")).to_contain_text("Accepted")
    travel.scroll_into_view_if_needed()
    for withdraw in page.locator("#support").get_by_role("button", name="Withdraw").all():
        fully_shown(withdraw)  # no button cut off at the table's edge
    shoot_both(shot, page, new_page, "08-desk-sopheak")


# --- 3. the arrivals list and the per-diem sheet ---------------------------------------------------------------------

ARRIVALS = {  # name: (arrival on the forum's clock, from, flight); departures all on the 17th
    "Nguyễn Phương Linh": (datetime(2027, 4, 13, 9, 15), "Hanoi (HAN)", "VN 615"),
    "Sopheak Chan": (datetime(2027, 4, 13, 23, 30), "Phnom Penh (PNH)", "TG 585"),  # 16:30 UTC, the eve
    "Aung Min": (datetime(2027, 4, 13, 14, 40), "Yangon (RGN)", "PG 706"),
    "Siti Rahma": (datetime(2027, 4, 14, 6, 10), "Jakarta (CGK)", "TG 434"),  # 23:10 UTC on the 13th
    "Khamla Phommachanh": (datetime(2027, 4, 14, 8, 0), "Vientiane (VTE)", "QV 445"),
}


@pytest.fixture
def travelling(forum, create_support, create_travel, db):
    """The five's flights sent, each with per diem accepted at 40 USD a day."""
    forum, people = forum
    for name, (arrival, origin, flight) in ARRIVALS.items():
        registration = people[name][0]
        create_travel(registration, arrival=arrival, departure=datetime(2027, 4, 17, 10, 0), arrival_from=origin,
                      arrival_transport=flight, departure_to=origin)
        create_support(registration, kind="per_diem", status="accepted", amount=40, currency="USD")
    db.session.commit()
    return forum


def names_in(table) -> list[str]:
    return [" ".join(text.split()) for text in table.locator("td.list-name").all_inner_texts()]


def test_mai_prints_the_arrivals_of_the_first_day_and_the_per_diem_sheet(page: Page, new_page, shot, travelling):
    sign_in(page, *MAI)
    page.goto(f"/forums/{SLUG}/travel")
    page.get_by_role("link", name="Arrivals and departures", exact=True).click()

    # the list opens on the first day with arrivals: the eve, in Bangkok's hour order, 23:30 there
    expect(page.locator(".list-scope")).to_have_text("Tuesday, 13 April 2027")
    arrivals = page.locator("table.list-movements").first
    expect(arrivals.locator("td.list-time")).to_have_text(["09:15", "14:40", "23:30"])
    assert names_in(arrivals) == ["Nguyễn Phương Linh", "Aung Min", "Sopheak Chan"]
    expect(page.locator(".list-body")).not_to_contain_text("Siti Rahma")  # 23:10 UTC on the 13th: not the eve

    # the forum's first day: who lands that morning, Siti first at 06:10
    page.get_by_role("navigation", name="Choose a day").get_by_role(
        "link", name=re.compile("^Wednesday, 14 April 2027")).click()
    expect(page.locator(".list-scope")).to_have_text("Wednesday, 14 April 2027")
    arrivals = page.locator("table.list-movements").first
    expect(arrivals.locator("td.list-time")).to_have_text(["06:10", "08:00"])
    assert names_in(arrivals) == ["Siti Rahma", "Khamla Phommachanh"]
    expect(arrivals).to_contain_text("Jakarta (CGK)")
    expect(arrivals).to_contain_text("TG 434")
    expect(page.locator(".list-body")).not_to_contain_text("Sopheak Chan")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    shoot_both(shot, page, new_page, "09-arrivals")

    # printed: the list alone, no navigation, no day picker, no buttons
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Manage this forum")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Choose a day")).to_be_hidden()
    expect(arrivals).to_be_visible()
    shot("travel-10-arrivals-print", target=page)
    page.emulate_media(media="screen")

    # the per-diem sheet of the whole forum: 14 to 16 April for everyone here by the first day, 40 USD a day
    page.goto(f"/forums/{SLUG}/travel/lists")
    page.get_by_role("link", name=re.compile("^Per-diem sheet")).first.click()
    sheet = page.locator("table.list-per-diem")
    expect(sheet.locator("tbody tr")).to_have_count(5)
    sopheak = sheet.get_by_role("row", name=re.compile("Sopheak Chan"))
    expect(sopheak.locator("td[data-label='Days']")).to_have_text("3")
    expect(sopheak.locator("td[data-label='Rate per day']")).to_have_text("40.00 USD")
    expect(sopheak.locator("td[data-label='Amount']")).to_have_text("120.00 USD")
    expect(sheet.get_by_role("row", name=re.compile("Nguyễn Phương Linh"))).to_contain_text("120.00 USD")
    expect(sheet.locator("tfoot")).to_contain_text("600.00 USD")
    shoot_both(shot, page, new_page, "11-per-diem")
    page.emulate_media(media="print")  # on paper: the sheet with its column to sign, nothing around it
    expect(page.get_by_role("navigation", name="Manage this forum")).to_be_hidden()
    expect(sheet.get_by_role("columnheader", name="Signature")).to_be_visible()
    shot("travel-12-per-diem-print", target=page)
    page.emulate_media(media="screen")

    pdf_link = page.get_by_role("link", name="Download PDF")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    (ARTIFACTS / "travel-per-diem.pdf").write_bytes(response.body())  # for a human to look at
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Sopheak Chan" in text
    assert "Nguyễn Phương Linh" in text
