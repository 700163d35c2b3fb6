"""The arrivals page printed from the browser (walk 23, finding 10, as in the PDF): an hour's band is never left
alone at the foot of a page, it goes over with its first passenger. The rows before the hour are multiplied in
the page (copies of the first passenger's row, as more passengers that morning would be) one by one, so that the
band meets every place on a sheet, its foot among them, and each printing is read back."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from .conftest import sign_in

pytestmark = pytest.mark.css_only  # what the browser draws: the same on any database

ORGANISER = ("Mai Anh Trần", "mai@example.org")
BAND = "18:00\u201318:59"
MORE_ROWS = """count => { const row = document.querySelector('.list-table tbody tr:not(.list-group)');
  for (let i = 0; i < count; i++) row.parentNode.insertBefore(row.cloneNode(true), row); }"""


def test_an_hours_band_is_printed_with_its_first_passenger(page, create_user, create_forum, create_registration,
                                                            create_travel, create_hotel):
    forum = create_forum(slug="acf", organiser=create_user(name=ORGANISER[0], email=ORGANISER[1]),
                         timezone="Asia/Jakarta", start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    hotel = create_hotel(forum, name="Hotel Ambhara")
    for number, at in enumerate([datetime(2027, 4, 13, 9, 10)] * 3 + [datetime(2027, 4, 13, 18, 5)] * 2):
        registration, _token = create_registration(forum, name=f"Passenger {number}", organisation="Network",
                                                   country="KH", notify=False, status="confirmed")
        create_travel(registration, arrival=at, arrival_from="Phnom Penh (PNH)", arrival_transport="SQ 956",
                      hotel_id=hotel.id)
    sign_in(page, *ORGANISER)

    def printed(extra_rows: int) -> list[str]:
        page.goto("/forums/acf/travel/lists/arrivals?day=2027-04-13")
        page.evaluate(MORE_ROWS, extra_rows)
        pdf = page.pdf(prefer_css_page_size=True)
        return [" ".join((sheet.extract_text() or "").split()) for sheet in PdfReader(io.BytesIO(pdf)).pages]

    for extra_rows in range(40):  # the band from the middle of the first sheet to the middle of the third
        sheet = next(text for text in printed(extra_rows) if BAND in text)
        assert "18:05" in sheet.split(BAND, 1)[1], f"{extra_rows} rows more before the hour"
