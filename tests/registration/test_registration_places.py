"""The public form says which attendance modes still have places before anyone submits (issue 14 #10)."""

from __future__ import annotations

import re
from datetime import date

from forumops.registration import seats, setup
from tests.conftest import count_queries


def _forum(create_forum, mode="hybrid", **settings):
    forum = create_forum(slug="acf", status="registration_open", mode=mode, start_date=date(2027, 4, 14),
                         end_date=date(2027, 4, 15))
    setup.update_settings(forum, settings)
    return forum


def _fill(db, forum, count, mode="in_person"):
    for n in range(count):
        seats.register(forum, {"name": f"Person {n}", "email": f"p{n}-{mode}@example.org", "country": "VN",
                                    "attendance_mode": mode, "consent_privacy": True}, notify=False)
    db.session.commit()


def _mode_hint(page: str) -> str:
    match = re.search(r'<p class="hint" id="attendance_mode-hint">(.*?)</p>', page, re.S)
    assert match, "no note next to the attendance choice"
    assert 'aria-describedby="attendance_mode-hint"' in page  # read out with each choice
    return " ".join(match.group(1).split())


def test_full_in_person_places_are_named_next_to_the_choice(client, create_forum, db):
    forum = _forum(create_forum, capacity_in_person=2)
    _fill(db, forum, 2)

    hint = _mode_hint(client.get("/forums/acf/register").get_data(as_text=True))

    assert "In person: all places are taken; choosing it puts you on the waiting list" in hint
    assert "Online: places open." in hint


def test_a_full_mode_is_not_chosen_for_someone_who_does_not_look(client, create_forum, db):
    forum = _forum(create_forum, capacity_in_person=1)
    page = client.get("/forums/acf/register").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="in_person"|<input[^>]*value="in_person"[^>]*checked', page)
    _fill(db, forum, 1)
    page = client.get("/forums/acf/register").get_data(as_text=True)
    assert re.search(r'<input[^>]*value="online"[^>]*checked|<input[^>]*checked[^>]*value="online"', page)
    assert not re.search(r'<input[^>]*value="in_person"[^>]*checked|<input[^>]*checked[^>]*value="in_person"', page)


def test_places_left_are_counted_and_the_page_reads_them_in_one_go(client, create_forum, db):
    forum = _forum(create_forum, capacity_in_person=50, capacity_online=40)
    _fill(db, forum, 1)
    client.get("/forums/acf/register")  # the directory's names are read once a minute: not this page's cost
    few = count_queries(db, lambda: client.get("/forums/acf/register"))
    _fill(db, forum, 30, mode="online")

    page = client.get("/forums/acf/register").get_data(as_text=True)
    many = count_queries(db, lambda: client.get("/forums/acf/register"))

    assert "In person: 49 places left. Online: 10 places left." in _mode_hint(page)
    assert many == few


def test_a_full_single_mode_forum_says_so_before_the_form(client, create_forum, db):
    forum = _forum(create_forum, mode="in_person", capacity=1)
    _fill(db, forum, 1)

    page = client.get("/forums/acf/register").get_data(as_text=True)

    assert "All places are taken for now. You can still register: you join the waiting list" in page


def test_no_limit_no_note(client, create_forum, db):
    _forum(create_forum)
    page = client.get("/forums/acf/register").get_data(as_text=True)
    assert 'id="attendance_mode-hint"' not in page
    assert "places left" not in page
