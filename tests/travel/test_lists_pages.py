"""The lists' pages, PDFs and CSV files as an organiser gets them: the index with its counts, the day chosen, the
forum's main language, names in every script in the PDF, spreadsheet-safe CSV, phone numbers only when ticked,
and a number of SQL queries that does not grow with the people listed."""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from forumops.registration.models import Question
from tests.conftest import count_queries, sign_in

SLUG = "mekong-2027"
DAY1, DAY2, DAY3 = date(2027, 4, 14), date(2027, 4, 15), date(2027, 4, 16)
KHMER, THAI = "សុខ សុភ័ក្ត្រ", "สมชาย ใจดี"
LAO, BURMESE = "ສົມສັກ ພົມມະຈັນ", "အောင် မြင့်"
FORMULA = '=HYPERLINK("http://evil.example","Click")'
LIST_PATHS = ("arrivals", "rooming", "per-diem", "needs")


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def forum(create_forum, organiser):
    return create_forum(slug=SLUG, title="Mekong Solidarity Economy Forum", timezone="Asia/Bangkok",
                        start_date=DAY1, end_date=DAY3, organiser=organiser)


@pytest.fixture
def mai(app, forum, organiser):
    client = app.test_client()
    sign_in(client, organiser)
    return client


@pytest.fixture
def phone_question(forum, db):
    question = Question(forum_id=forum.id, label="Mobile phone", kind="phone", position=1)
    db.session.add(question)
    db.session.commit()
    return question


@pytest.fixture
def people(forum, phone_question, create_registration, create_travel, create_hotel, create_support):
    """Five travellers from five countries, one with a name a spreadsheet would run, and one not confirmed."""
    hotel = create_hotel(forum, name="Mekong Riverside Hotel", address="12 Rim Khong Road", phone="+66 42 123 456")
    made = {}
    for name, country, arrival, dietary in (
            (KHMER, "KH", datetime(2027, 4, 14, 23, 30), "Vegetarian"),
            (THAI, "TH", datetime(2027, 4, 15, 0, 30), "vegetarian"),
            (LAO, "LA", datetime(2027, 4, 14, 9, 10), "Halal"),
            (BURMESE, "MM", datetime(2027, 4, 14, 9, 45), ""),
            (FORMULA, "VN", datetime(2027, 4, 14, 15, 0), "")):
        registration, _token = create_registration(
            forum, name=name, country=country, organisation="Community Enterprise Network", notify=False,
            status="confirmed", dietary_needs=dietary, answers={str(phone_question.id): "+85512345678"})
        create_travel(registration, arrival=arrival, departure=datetime(2027, 4, 16, 18), arrival_from="Phnom Penh",
                      arrival_transport="PG 934", arrival_meet="Mai's car", hotel_id=hotel.id, check_in=arrival.date(),
                      check_out=DAY3, room="412")
        create_support(registration, kind="per_diem", status="accepted", amount="25.00", currency="USD")
        made[name] = registration
    pending, _token = create_registration(forum, name="Pending Person", notify=False, status="pending")
    create_travel(pending, arrival=datetime(2027, 4, 14, 10))
    return made


def text_of(pdf: bytes) -> str:
    return "\n".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def fonts_of(pdf: bytes) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in (page["/Resources"].get_object().get("/Font") or {}).values():
            found.add(re.sub(r"^/[A-Z]{6}\+", "", str(ref.get_object()["/BaseFont"])).split("-")[0])
    return found


def rows_of(body: bytes) -> list[list[str]]:
    assert body.startswith(codecs.BOM_UTF8)  # Excel reads the names in every script
    return list(csv.reader(io.StringIO(body[len(codecs.BOM_UTF8):].decode("utf-8"))))


def test_the_index_links_every_list_with_what_it_holds(mai, people):
    page = mai.get(f"/forums/{SLUG}/travel/lists").get_data(as_text=True)
    for title in ("Arrivals and departures", "Rooming list", "Per-diem sheet", "Dietary and accessibility needs"):
        assert f">{title}</a>" in page
    for path in LIST_PATHS:
        for suffix in ("", ".pdf", ".csv"):
            assert f'href="/forums/{SLUG}/travel/lists/{path}{suffix}"' in page
    assert "5 arrivals, 5 departures, over 3 days" in page
    assert "5 people placed, 1 hotel." in page
    assert "total 350.00\u00a0USD" in page  # 25.00 a day: four people x 3 days, Somchai (lands on day 2) x 2
    assert "2 dietary needs, 0 accessibility needs, among 5 people coming in person." in page
    assert "Pending Person" not in page


def test_the_arrivals_page_shows_the_first_day_with_arrivals_by_local_hour(mai, people):
    page = mai.get(f"/forums/{SLUG}/travel/lists/arrivals").get_data(as_text=True)
    assert "Wednesday, 14 April 2027" in page
    body = page.split('class="list-body')[1]
    hours = re.findall(r'<th scope="rowgroup"[^>]*>(\d\d:00–\d\d:59)', body)
    assert hours == ["09:00–09:59", "15:00–15:59", "23:00–23:59"]
    assert body.index(LAO) < body.index(BURMESE) < body.index(KHMER)  # 09:10, 09:45, then 23:30 local
    assert THAI not in body  # 00:30 local is the next day, though UTC puts it on this one
    assert "Pending Person" not in body
    assert "+855" not in page  # phone numbers only when ticked
    for text in ('data-print', ">Download PDF</a>", ">Download CSV</a>", "Include phone numbers"):
        assert text in page
    # the picker offers each day with any, and all days
    assert f'href="/forums/{SLUG}/travel/lists/arrivals?day=2027-04-15"' in page
    assert f'href="/forums/{SLUG}/travel/lists/arrivals?day=all"' in page

    second = mai.get(f"/forums/{SLUG}/travel/lists/arrivals?day=2027-04-15").get_data(as_text=True)
    second_body = second.split('class="list-body')[1]
    assert THAI in second_body
    assert KHMER not in second_body
    everything = mai.get(f"/forums/{SLUG}/travel/lists/arrivals?day=all").get_data(as_text=True)
    assert all(name in everything for name in (KHMER, THAI, LAO, BURMESE))
    assert "Thursday, 15 April 2027" in everything
    assert "Departures" in everything


@pytest.mark.parametrize("day", ["garbage", "2030-01-01", "2027-04-16"])  # the last has departures only
def test_a_day_not_offered_shows_the_default_day(mai, people, day):
    response = mai.get(f"/forums/{SLUG}/travel/lists/arrivals?day={day}")
    assert response.status_code == 200
    expected = "Friday, 16 April 2027" if day == "2027-04-16" else "Wednesday, 14 April 2027"
    assert f'<p class="list-scope">{expected}</p>' in response.get_data(as_text=True)


def test_phone_numbers_are_listed_only_when_the_organiser_ticks_them(mai, people):
    page = mai.get(f"/forums/{SLUG}/travel/lists/arrivals?phones=1").get_data(as_text=True)
    assert "+855 12 345 678" in page
    assert f'href="/forums/{SLUG}/travel/lists/arrivals.pdf?day=2027-04-14&amp;phones=1"' in page
    with_phones = rows_of(mai.get(f"/forums/{SLUG}/travel/lists/arrivals.csv?phones=1").data)
    assert with_phones[0][-1] == "Phone"
    assert with_phones[1][-1] == "'+855 12 345 678"
    assert "Phone" not in rows_of(mai.get(f"/forums/{SLUG}/travel/lists/arrivals.csv").data)[0]
    assert "+855" not in text_of(mai.get(f"/forums/{SLUG}/travel/lists/arrivals.pdf").data)
    assert "+855 12 345 678" in text_of(mai.get(f"/forums/{SLUG}/travel/lists/arrivals.pdf?phones=1").data)


def test_every_csv_keeps_a_formula_name_as_text(mai, people):
    for path in LIST_PATHS:
        query = "?day=all" if path == "arrivals" else ""
        rows = rows_of(mai.get(f"/forums/{SLUG}/travel/lists/{path}.csv{query}").data)
        cells = [cell for row in rows for cell in row]
        assert not any(cell.startswith("=") for cell in cells), path
        if path != "needs":  # the formula person named no need
            assert "'" + FORMULA in cells, path


def test_the_arrivals_csv_is_in_local_time_order(mai, people):
    rows = rows_of(mai.get(f"/forums/{SLUG}/travel/lists/arrivals.csv?day=all").data)
    assert rows[0][:5] == ["Date", "Time", "Arrival or departure", "Name", "Organisation"]
    arrivals = [(r[0], r[1], r[3]) for r in rows[1:] if r[2] == "Arrival"]
    assert arrivals == [("2027-04-14", "09:10", LAO), ("2027-04-14", "09:45", BURMESE),
                        ("2027-04-14", "15:00", "'" + FORMULA), ("2027-04-14", "23:30", KHMER),
                        ("2027-04-15", "00:30", THAI)]
    assert rows[1][5:10] == ["Lao People's Democratic Republic", "Phnom Penh", "PG 934", "Mai's car",
                             "Mekong Riverside Hotel"]


def test_the_pdfs_draw_names_in_every_script(mai, people):
    arrivals = mai.get(f"/forums/{SLUG}/travel/lists/arrivals.pdf?day=all")
    assert arrivals.headers["Content-Type"] == "application/pdf"
    assert arrivals.headers["Cache-Control"] == "no-store"
    text = text_of(arrivals.data)
    assert THAI in text
    assert "Arrivals and departures" in text
    assert "23:30" in text
    assert "Page 1 of" in text
    # shaped Khmer comes back out of a PDF with private-use glyphs for its stacked consonants: the name up to them
    assert "សុខ សុភ័" in text
    assert {"NotoSans", "NotoSansThai", "NotoSansKhmer", "NotoSansLao", "NotoSansMyanmar"} <= fonts_of(arrivals.data)
    for path in ("rooming", "per-diem", "needs"):
        pdf = mai.get(f"/forums/{SLUG}/travel/lists/{path}.pdf").data
        assert {"NotoSansThai", "NotoSansKhmer"} <= fonts_of(pdf), path
        assert THAI in text_of(pdf), path


def test_the_per_diem_sheet_has_days_amounts_totals_and_a_column_to_sign(mai, people):
    page = mai.get(f"/forums/{SLUG}/travel/lists/per-diem").get_data(as_text=True)
    assert "Signature" in page
    assert "Total (USD)" in page
    assert "350.00\u00a0USD" in page
    assert "75.00\u00a0USD" in page
    assert "50.00\u00a0USD" in page
    day_one = mai.get(f"/forums/{SLUG}/travel/lists/per-diem?day=2027-04-14").get_data(as_text=True)
    assert THAI not in day_one.split('class="list-body')[1]
    assert "100.00\u00a0USD" in day_one  # four people there on day 1, a day's 25.00 each
    rows = rows_of(mai.get(f"/forums/{SLUG}/travel/lists/per-diem.csv").data)
    assert rows[0] == ["Name", "Organisation", "Country", "Days", "Dates", "Rate per day", "Currency", "Amount",
                       "Signature"]
    assert [THAI, "Community Enterprise Network", "Thailand", "2", "2027-04-15 – 2027-04-16", "25.00", "USD",
            "50.00", ""] in rows
    assert rows[-1] == ["Total", "", "", "", "", "", "USD", "350.00", ""]
    pdf = text_of(mai.get(f"/forums/{SLUG}/travel/lists/per-diem.pdf?day=2027-04-14").data)
    assert "Per-diem sheet · Wednesday, 14 April 2027" in pdf
    assert "100.00 USD" in pdf


def test_the_rooming_and_needs_pages_list_by_night_and_by_need(mai, people):
    rooming = mai.get(f"/forums/{SLUG}/travel/lists/rooming").get_data(as_text=True)
    assert "Nights of 14–15 April 2027" in rooming  # the nights listed, not the forum's days (14-16 April)
    assert "Nights of 14–15 April 2027" in text_of(mai.get(f"/forums/{SLUG}/travel/lists/rooming.pdf").data)
    assert "Mekong Riverside Hotel" in rooming
    assert "12 Rim Khong Road" in rooming
    assert "Night of Wednesday, 14 April 2027" in rooming
    assert "Night of Thursday, 15 April 2027" in rooming
    assert "Night of Friday, 16 April 2027" not in rooming  # they check out that morning
    needs = mai.get(f"/forums/{SLUG}/travel/lists/needs").get_data(as_text=True)
    assert re.search(r">Vegetarian</td>\s*<td[^>]*>2</td>", needs)
    rows = rows_of(mai.get(f"/forums/{SLUG}/travel/lists/needs.csv?day=2027-04-14").data)
    assert rows[1:] == [["Dietary", "Halal", "1", LAO], ["Dietary", "Vegetarian", "1", KHMER]]  # Somchai: day 2


def test_the_people_not_placed_yet_lead_to_their_travel_panel(mai, forum, people, create_registration,
                                                               create_support):
    waiting, _token = create_registration(forum, name="Ong <Siew> Lan", notify=False, status="confirmed")
    create_support(waiting, kind="accommodation", status="accepted")
    index = mai.get(f"/forums/{SLUG}/travel/lists").get_data(as_text=True)
    assert (f'<a class="list-flag" href="/forums/{SLUG}/travel/lists/rooming#unplaced">1 person with accommodation '
            "is not placed yet.</a>") in index
    rooming = mai.get(f"/forums/{SLUG}/travel/lists/rooming").get_data(as_text=True)
    assert '<a class="list-flag" href="#unplaced">1 person not placed yet.</a>' in rooming
    assert '<h2 id="unplaced">' in rooming
    assert (f'<a href="/forums/{SLUG}/registrations/{waiting.id}#travel">Ong &lt;Siew&gt; Lan</a>') in rooming
    desk = mai.get(f"/forums/{SLUG}/registrations/{waiting.id}").get_data(as_text=True)
    assert 'id="travel"' in desk  # the panel the link opens at


def test_the_lists_are_written_in_the_forums_main_language(mai, forum, people, db):
    """Mai reads ForumOps in English; the forum is in Vietnamese first: the list is for the people there."""
    forum.languages = ["vi", "en"]
    db.session.commit()
    page = mai.get(f"/forums/{SLUG}/travel/lists/arrivals").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Choose a day" in page
    assert '<div class="list-body list-body-arrivals" lang="vi">' in page
    assert "14 tháng 4, 2027" in page
    assert "Campuchia" in page
    rows = rows_of(mai.get(f"/forums/{SLUG}/travel/lists/arrivals.csv").data)
    assert "Campuchia" in rows[-1]
    assert "tháng 4" in text_of(mai.get(f"/forums/{SLUG}/travel/lists/needs.pdf?day=2027-04-14").data)


@pytest.mark.parametrize("path", ["", *[f"/{p}{s}" for p in LIST_PATHS for s in ("", ".pdf", ".csv")]])
def test_queries_per_list_do_not_grow_with_the_people(mai, forum, phone_question, create_registration,
                                                      create_travel, create_hotel, create_support, db, path):
    hotel = create_hotel(forum)
    url = f"/forums/{SLUG}/travel/lists{path}?phones=1"

    def add(count: int) -> None:
        for _n in range(count):
            registration, _token = create_registration(forum, notify=False, status="confirmed",
                                                       organisation=f"Org {_n}", dietary_needs="Halal",
                                                       answers={str(phone_question.id): "+66812345678"})
            create_travel(registration, arrival=datetime(2027, 4, 14, 9), departure=datetime(2027, 4, 16, 9),
                          hotel_id=hotel.id, check_in=DAY1, check_out=DAY3)
            create_support(registration, kind="per_diem", status="accepted", amount=20, currency="USD")
            create_support(registration, kind="accommodation", status="accepted")

    add(2)
    assert mai.get(url).status_code == 200  # each count after a first request, so both start alike
    two = count_queries(db, lambda: mai.get(url))
    add(18)
    assert mai.get(url).status_code == 200
    twenty = count_queries(db, lambda: mai.get(url))
    assert twenty == two, (path, two, twenty)
