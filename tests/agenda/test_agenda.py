"""The agenda builder, the public programme and calendar feeds, through the views."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from forumops.agenda import operations
from forumops.agenda.models import AgendaItem, CalendarFeed
from forumops.clusters.operations import assign_registration, create_cluster
from forumops.core.tokens import hash_token
from tests.conftest import count_queries


@pytest.fixture
def forum_setup(create_user, create_forum, login, db):
    organiser = create_user(email="mai@example.org", name="Mai Anh Trần")
    forum = create_forum(slug="acf", title="ASEAN Community Forum", organiser=organiser,
                         start_date=date(2027, 4, 14), end_date=date(2027, 4, 15), timezone="Asia/Ho_Chi_Minh")
    login(organiser)
    return forum, organiser


def item_form(**overrides):
    data = {"day": "2027-04-14", "start": "09:00", "end": "09:30", "title": "Opening Session",
            "type": "opening_session", "room": "Hall A", "cluster_id": "0", "description": "",
            "people-0-role": "speaker", "people-0-user_id": "0", "people-0-name": "Datuk Saifuddin Abdullah",
            "people-0-title": "CEO", "people-0-organisation": "GMM"}
    data.update(overrides)
    return data


def test_item_is_stored_in_utc_from_the_forums_zone(client, forum_setup, db):
    forum, _ = forum_setup
    response = client.post("/forums/acf/agenda/items/new", data=item_form())
    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem))
    assert item.start_at == datetime(2027, 4, 14, 2, 0, tzinfo=UTC)  # 09:00 in Ho Chi Minh City
    assert item.people[0].name == "Datuk Saifuddin Abdullah"
    assert item.people[0].organisation == "GMM"
    page = client.get("/forums/acf/agenda").get_data(as_text=True)
    assert "09:00" in page
    assert "Asia/Ho_Chi_Minh (UTC+07:00)" in page
    assert "Datuk Saifuddin Abdullah" in page
    assert "(GMM)" in page


def test_item_errors_are_shown_and_input_kept(client, forum_setup, db):
    response = client.post("/forums/acf/agenda/items/new", data=item_form(end="08:30", title="Kept title"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The item ends before it starts." in page
    assert 'value="Kept title"' in page
    assert "Datuk Saifuddin Abdullah" in page
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 0
    outside = client.post("/forums/acf/agenda/items/new", data=item_form(day="2027-05-01"))
    assert outside.status_code == 422
    assert "Not a valid choice" in outside.get_data(as_text=True)
    missing = client.post("/forums/acf/agenda/items/new", data=item_form(start="", title=""))
    assert "Enter the start time" in missing.get_data(as_text=True)


def test_conflicts_warn_but_do_not_block(client, forum_setup, db):
    forum, _ = forum_setup
    client.post("/forums/acf/agenda/items/new", data=item_form(title="Panel one"))
    response = client.post("/forums/acf/agenda/items/new", data=item_form(title="Panel two", start="09:15",
                                                                          end="10:00"), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 2
    assert "Warning:" in page
    assert "Hall A" in page
    assert "Datuk Saifuddin Abdullah is in" in page  # the same guest in both
    assert "Conflicts <span class=\"count\">(2)</span>" in page


def test_edit_keeps_uid_and_raises_sequence(client, forum_setup, db, create_item):
    forum, _ = forum_setup
    item = create_item(forum)
    db.session.commit()
    uid = item.uid
    client.post(f"/forums/acf/agenda/items/{item.id}/edit", data=item_form(title="Renamed"))
    db.session.refresh(item)
    assert item.uid == uid
    assert item.sequence == 1
    assert item.title == "Renamed"


def test_delete_keeps_item_in_feed_as_cancelled(client, forum_setup, db, create_item):
    forum, _ = forum_setup
    kept, gone = create_item(forum, "Kept"), create_item(forum, "Gone", start=time(11), end=time(12))
    db.session.commit()
    client.post(f"/forums/acf/agenda/items/{gone.id}/delete")
    assert f'id="item-{gone.id}"' not in client.get("/forums/acf/agenda").get_data(as_text=True)
    calendar = Calendar.from_ical(client.get("/forums/acf/agenda.ics").data)
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert statuses == {kept.uid: "CONFIRMED", gone.uid: "CANCELLED"}  # bare: tests/agenda/test_feed_privacy.py


def test_cancel_and_restore(client, forum_setup, db, create_item):
    forum, _ = forum_setup
    item = create_item(forum, "Side event")
    db.session.commit()
    client.post(f"/forums/acf/agenda/items/{item.id}/cancel")
    page = client.get("/forums/acf/agenda").get_data(as_text=True)
    assert "Side event" in page
    assert "Cancelled" in page
    client.post(f"/forums/acf/agenda/items/{item.id}/restore")
    db.session.refresh(item)
    assert item.status == "confirmed"
    assert item.sequence == 2


def test_duplicate_copy_day_and_shift(client, forum_setup, db, create_item):
    forum, _ = forum_setup
    first = create_item(forum, "Opening", start=time(9), end=time(9, 30))
    create_item(forum, "Panel", start=time(9, 30), end=time(11))
    create_item(forum, "Early", start=time(8), end=time(8, 30))
    db.session.commit()
    client.post(f"/forums/acf/agenda/items/{first.id}/duplicate")
    assert db.session.scalar(select(func.count(AgendaItem.id)).where(AgendaItem.title == "Opening (copy)")) == 1
    client.post("/forums/acf/agenda/days/2027-04-14/copy", data={"target": "2027-04-15"})
    day_two = operations.items_of_day(forum, date(2027, 4, 15))
    assert sorted(i.title for i in day_two) == ["Early", "Opening", "Opening (copy)", "Panel"]
    client.post(f"/forums/acf/agenda/items/{first.id}/shift", data={"minutes": "20"})
    day_one = {i.title: operations.to_local(forum, i.start_at).time()
               for i in operations.items_of_day(forum, date(2027, 4, 14))}
    assert day_one["Opening"] == time(9, 20)
    assert day_one["Panel"] == time(9, 50)
    assert day_one["Early"] == time(8, 0)  # earlier items stay


def test_shift_past_the_forum_end_moves_nothing(client, forum_setup, db, create_item):
    forum, _ = forum_setup
    late = create_item(forum, "Late", start=time(17), end=time(18), day=date(2027, 4, 15))
    db.session.commit()
    response = client.post(f"/forums/acf/agenda/items/{late.id}/shift", data={"minutes": "420"},
                           follow_redirects=True)
    assert "outside the forum&#39;s dates" in response.get_data(as_text=True)
    db.session.refresh(late)
    assert operations.to_local(forum, late.start_at).time() == time(17)


SEED = """08.00-09.00    Registration/Coffee

09.00-09.30    Opening Session
Welcome remarks by Datuk Saifuddin Abdullah, CEO of GMM

09.30-11.00     Panel: Solidarity-based Community Enterprises for ASEAN
Panel Moderator: Datuk Dr Denison Jayasooria (ASEC Deputy Chair)
12.00    Group photo
15.00-15.15    Coffee/tea break
17.00-17.30   Closing session
"""


def test_paste_previews_then_saves(client, forum_setup, db):
    preview = client.post("/forums/acf/agenda/paste", data={"day": "2027-04-14", "text": SEED, "preview": "1"})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Registration/Coffee" in page
    assert "Save these items" in page
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 0  # a preview saves nothing
    client.post("/forums/acf/agenda/paste", data={"day": "2027-04-14", "text": SEED, "save": "1"})
    items = db.session.scalars(select(AgendaItem).order_by(AgendaItem.start_at)).all()
    assert [i.title for i in items][:2] == ["Registration/Coffee", "Opening Session"]
    assert len(items) == 6
    panel = next(i for i in items if i.type == "panel")
    assert any(p.role == "moderator" and "Jayasooria" in p.name for p in panel.people)
    photo = next(i for i in items if i.type == "group_photo")
    assert (photo.end_at - photo.start_at).total_seconds() == 15 * 60


def test_paste_with_an_error_saves_nothing(client, forum_setup, db):
    response = client.post("/forums/acf/agenda/paste",
                           data={"day": "2027-04-14", "text": SEED + "\n09.30-09.00 Backwards", "save": "1"})
    assert response.status_code == 422
    assert "Backwards" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 0


def test_ics_has_etag_and_answers_304(client, forum_setup, db, create_item):
    forum, _ = forum_setup
    create_item(forum)
    db.session.commit()
    first = client.get("/forums/acf/agenda.ics")
    assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    etag = first.headers["ETag"]
    again = client.get("/forums/acf/agenda.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    item_ics = client.get(f"/forums/acf/agenda/{db.session.scalar(select(AgendaItem.id))}.ics")
    assert item_ics.status_code == 200
    assert item_ics.data.count(b"BEGIN:VEVENT") == 1


def test_personal_feed_has_plenary_own_cluster_and_own_roles(app, client, forum_setup, create_user, add_role, db,
                                                             create_item):
    forum, _ = forum_setup
    linh = create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    other = create_user(email="other@example.org")
    add_role(forum, linh, "participant")
    add_role(forum, other, "participant")
    women, msme = create_cluster(forum, "Women empowerment"), create_cluster(forum, "MSME development")
    from forumops.registration.seats import register

    registration, _token = register(forum, {"name": linh.name, "email": linh.email, "consent_privacy": True,
                                            "country": "VN"}, notify=False)
    registration.user_id = linh.id
    assign_registration(women, registration)
    create_item(forum, "Plenary opening")
    create_item(forum, "Women breakout", start=time(11), end=time(12), type="breakout", cluster_id=women.id)
    create_item(forum, "MSME breakout", start=time(11), end=time(12), type="breakout", cluster_id=msme.id)
    create_item(forum, "MSME report", start=time(13), end=time(14), type="breakout", cluster_id=msme.id,
                people=[{"role": "rapporteur", "user_id": linh.id}])
    db.session.commit()

    from tests.conftest import sign_in

    browser = app.test_client()
    sign_in(browser, linh)
    page = browser.post("/forums/acf/agenda/mine").get_data(as_text=True)  # the address, shown this once
    token = re.search(r"/agenda/feed/([\w-]+)\.ics", page).group(1)
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == linh.id))
    assert len(token) >= 43
    assert "webcal://" in page
    assert feed.token_hash == hash_token(token)

    anonymous = app.test_client()  # calendar apps fetch without signing in
    calendar = Calendar.from_ical(anonymous.get(f"/forums/acf/agenda/feed/{token}.ics").data)
    titles = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert titles == ["MSME report — MSME development", "Plenary opening", "Women breakout — Women empowerment"]

    assert anonymous.get(f"/forums/acf/agenda/feed/{token}x.ics").status_code == 404
    from forumops.forums.operations import create_forum

    another = create_forum({"title": "Another forum", "slug": "another", "start_date": date(2027, 4, 14),
                            "end_date": date(2027, 4, 15), "timezone": "Asia/Jakarta", "mode": "in_person"}, None)
    another.status = "published"
    db.session.commit()
    assert anonymous.get(f"/forums/another/agenda/feed/{token}.ics").status_code == 404  # only its own forum
    browser.post("/forums/acf/agenda/mine")  # make a new address: the old one stops working
    assert anonymous.get(f"/forums/acf/agenda/feed/{token}.ics").status_code == 404


def test_another_forums_item_is_not_found(client, forum_setup, create_forum, db, create_item):
    stranger = create_forum(slug="other-forum", start_date=date(2027, 4, 14), end_date=date(2027, 4, 15))
    theirs = create_item(stranger, "Their item")
    db.session.commit()
    assert client.get(f"/forums/acf/agenda/items/{theirs.id}/edit").status_code == 404
    assert client.post(f"/forums/acf/agenda/items/{theirs.id}/delete").status_code == 404
    assert client.get(f"/forums/acf/agenda/{theirs.id}.ics").status_code == 404




@pytest.mark.parametrize("path", ["/forums/acf/agenda", "/forums/acf/agenda.ics", "/forums/acf/agenda/manage"])
def test_query_count_does_not_grow_with_items(client, forum_setup, db, path, create_item):
    forum, organiser = forum_setup
    clusters = [create_cluster(forum, f"Cluster {n}") for n in range(3)]

    def add(n, offset):
        for i in range(n):
            hour = 8 + (i + offset) % 10
            create_item(forum, f"Item {offset + i}", start=time(hour), end=time(hour, 45), room=f"Room {i % 4}",
                        cluster_id=clusters[i % 3].id if i % 2 else None,
                        people=[{"role": "speaker", "name": f"Guest {offset + i}", "organisation": "Org"},
                                {"role": "chair", "user_id": organiser.id}])
        db.session.commit()

    add(3, 0)
    few = count_queries(db, lambda: client.get(path))
    add(40, 100)
    many = count_queries(db, lambda: client.get(path))
    assert many == few


def test_pasted_long_title_and_detail_lines_survive(client, forum_setup, db):
    long_title = "Proposal for ASEAN Community cooperation " + "on value chains of solidarity-based enterprises " * 8
    text = ("13.00-14.30 Case Study presentations by:\n"
            "1) Mr. Rolly Victoria, ASKI Philippines\n"
            "(2) Mr. Shigeru Tanaka, PARC, Japan\n"
            f"15.15-16.00 {long_title}\n")
    response = client.post("/forums/acf/agenda/paste", data={"day": "2027-04-14", "text": text, "save": "1"})
    assert response.status_code == 302
    items = db.session.scalars(select(AgendaItem).order_by(AgendaItem.start_at)).all()
    assert len(items[1].title) <= 300
    assert items[1].title.endswith("…")
    assert long_title.strip() in items[1].description  # the full text is kept
    page = client.get("/forums/acf/agenda").get_data(as_text=True)
    assert "<ol" not in page.split("Case Study presentations")[1].split("</article>")[0]


def test_a_pasted_break_over_a_breakout_is_flagged_in_the_builder(client, forum_setup, db, create_item):
    """A pasted break has no room, yet it stops the breakouts running at that time (issue 14 #5)."""
    forum, _ = forum_setup
    create_item(forum, "Breakout session 1", start=time(14), end=time(15, 30), type="breakout", room="Room 3")
    db.session.commit()
    response = client.post("/forums/acf/agenda/paste", data={"day": "2027-04-14", "text": "15.00-15.15 Coffee break",
                                                             "save": "1"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Some new items have warnings" in page
    assert "Conflicts <span class=\"count\">(1)</span>" in page
    assert "The break “Coffee break” overlaps “Breakout session 1” in Room 3." in page


def test_each_conflict_link_names_the_item_it_leads_to(client, forum_setup, db, create_item):
    """Link text that reads "see item" twice tells a screen reader user nothing (WCAG 2.4.4, issue 14)."""
    forum, _ = forum_setup
    one = create_item(forum, "Panel one", start=time(9), end=time(10), room="Hall A")
    two = create_item(forum, "Panel two", start=time(9, 30), end=time(10, 30), room="Hall A")
    db.session.commit()
    page = client.get("/forums/acf/agenda/manage").get_data(as_text=True)
    assert "see item" not in page
    assert f'<a href="#item-{one.id}">Panel one (Wed 14 Apr, 09:00–10:00)</a>' in page
    assert f'<a href="#item-{two.id}">Panel two (Wed 14 Apr, 09:30–10:30)</a>' in page


def test_the_save_button_comes_after_the_preview(client, forum_setup, db):
    """A person reads the preview before reaching "Save these items" (issue 14): it follows the table,
    inside the same form, so the pasted text and the day are still sent with it."""
    page = client.post("/forums/acf/agenda/paste",
                       data={"day": "2027-04-14", "text": SEED, "preview": "1"}).get_data(as_text=True)
    start = page.index('<form method="post" novalidate>')
    form = page[start:page.index("</form>", start)]
    assert form.index("Opening Session") < form.index("</table>") < form.index("Save these items")
    assert 'name="text"' in form
    assert 'name="day"' in form


def test_no_programme_buttons_before_the_programme_is_published(client, forum_setup, db, create_item):
    """A forum without a programme says so on its page, instead of offering a Programme button that leads
    to "not published yet" beside PDF and calendar buttons (issue 14 #9)."""
    forum, _ = forum_setup
    anonymous = client.application.test_client()
    detail = anonymous.get("/forums/acf/").get_data(as_text=True)
    assert "The programme is not published yet." in detail
    assert 'href="/forums/acf/agenda"' not in detail
    programme = anonymous.get("/forums/acf/agenda").get_data(as_text=True)
    assert "The programme is not published yet." in programme
    for link in ("/forums/acf/agenda.pdf", "/forums/acf/agenda.ics", "webcal://", "Subscribe in your calendar"):
        assert link not in programme

    create_item(forum)
    db.session.commit()
    detail = anonymous.get("/forums/acf/").get_data(as_text=True)
    assert 'href="/forums/acf/agenda"' in detail
    assert "not published yet" not in detail
    programme = anonymous.get("/forums/acf/agenda").get_data(as_text=True)
    assert "/forums/acf/agenda.pdf" in programme
    assert "/forums/acf/agenda.ics" in programme
