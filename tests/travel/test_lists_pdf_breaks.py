"""The lists' PDFs never leave a heading alone at the foot of a page (walk 23, finding 10): an hour of the arrivals
list stays on the page of its first passenger, a night of the rooming list with its first guest, a hotel with its
first night and guest. Drawn from plain data (the renderers take no request), with the rows before the heading
growing one by one across the foot of page 1, so that the heading meets the foot whatever the layout. And a row
taller than a page (a need named by hundreds) is cut between pages rather than failing the PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from forumops.travel import lists_pdf
from forumops.travel.lists_data import movements, needs_summary, rooming
from forumops.travel.lists_queries import HotelData, ListsData, Person, Travel

DAY, NEXT = date(2027, 4, 13), date(2027, 4, 14)
# a first guest whose row is tall (a long organisation, wrapped): a fixed room kept for a heading was not enough
LONG = ("Cambodian Center for Study and Development in Agriculture, Provincial Office of Kampong Thom, Programme "
        "for Community Enterprises and Savings Groups of Women Farmers")


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def pages_of(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def across_the_foot(render: Callable[[int], bytes], heading: str) -> list[tuple[int, bytes]]:
    """The PDFs whose heading is near the foot of page 1: `render(rows)` puts that many rows before it. The fewest
    rows that push the heading onto page 2 are found by halving; the PDFs from three rows fewer to one more."""
    def page_of(pdf: bytes) -> int:
        return next(number for number, text in enumerate(pages_of(pdf), 1) if heading in text)

    low, high = 1, 120
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if page_of(render(middle)) > 1 else (middle + 1, high)
    return [(rows, render(rows)) for rows in range(max(1, low - 3), low + 2)]


def what_follows(pdf: bytes, heading: str) -> str:
    """The text drawn after `heading` on its page, before the running footer."""
    page = next(text for text in pages_of(pdf) if heading in text)
    return page.split(heading, 1)[1].rsplit(" Page ", 1)[0]


def person(number: int, organisation: str = "Network", **travel) -> Person:
    return Person(id=number, name=f"Person {number:02d}", organisation=organisation, country="KH",
                  travel=Travel(**travel))


def lists(people: list[Person], hotels=()) -> ListsData:
    return ListsData("Forum", "Asia/Jakarta", date(2027, 4, 14), date(2027, 4, 15), list(hotels), people)


def guests(count: int, hotel: HotelData) -> list[Person]:
    return [person(n, hotel_id=hotel.id, hotel=hotel.name, check_in=DAY, check_out=NEXT, room=f"{100 + n}")
            for n in range(count)]


def test_an_hour_of_the_arrivals_stays_with_its_first_passenger():
    def render(before: int) -> bytes:
        people = [person(n, arrival_at=datetime(2027, 4, 13, 9, n % 60), arrival_from="PNH") for n in range(before)]
        people += [person(90 + n, arrival_at=datetime(2027, 4, 13, 18, 5), arrival_from="RGN") for n in range(2)]
        data = lists(people)
        return lists_pdf.render_arrivals(data, movements(data.people, DAY), "Tuesday, 13 April 2027")

    for before, pdf in across_the_foot(render, "18:00\u201318:59"):
        assert "18:05" in what_follows(pdf, "18:00\u201318:59"), f"{before} rows before the hour"


def test_a_night_of_the_rooming_list_stays_with_its_first_guest():
    hotel = HotelData(1, "Hotel Ambhara", "Jl. Iskandarsyah Raya No. 1")
    heading = "Night of Wednesday, 14 April 2027"

    def render(before: int) -> bytes:
        late = person(90, LONG, hotel_id=1, hotel=hotel.name, check_in=NEXT, check_out=date(2027, 4, 16), room="9")
        data = lists([*guests(before, hotel), late], [hotel])
        return lists_pdf.render_rooming(data, rooming(data), "Nights of 13\u201315 April 2027")

    for before, pdf in across_the_foot(render, heading):
        assert "Person 90" in what_follows(pdf, heading), f"{before} guests before the night"


def test_a_hotel_stays_with_its_first_night_and_guest():
    first, second = HotelData(1, "Hotel Ambhara"), HotelData(2, "Grand Mahakam Hotel", "Jl. Mahakam I No. 6")
    heading = "Grand Mahakam Hotel Jl. Mahakam"

    def render(before: int) -> bytes:
        late = person(90, LONG, hotel_id=2, hotel=second.name, check_in=DAY, check_out=NEXT, room="221")
        data = lists([*guests(before, first), late], [first, second])
        return lists_pdf.render_rooming(data, rooming(data), "Night of 13 April 2027")

    for before, pdf in across_the_foot(render, heading):
        follows = what_follows(pdf, heading)
        assert "Night of Tuesday, 13 April 2027" in follows, f"{before} guests before the hotel"
        assert "Person 90" in follows, f"{before} guests before the hotel"


def test_a_need_named_by_more_people_than_a_page_holds_flows_onto_the_next_pages():
    people = [Person(id=n, name=f"Participant {n:03d}", dietary="Vegetarian") for n in range(300)]
    data = lists(people)
    pdf = lists_pdf.render_needs(data, needs_summary(data, None), "Whole forum")
    text = " ".join(pages_of(pdf))
    assert len(pages_of(pdf)) >= 3  # the names' cell cut between pages, once a whole page holds no more
    assert all(f"Participant {n:03d}" in text for n in range(300))
