"""The check-in desk offline, its server half: the list a desk's device keeps (codes, names and categories of the
confirmed people, nothing more) and the batch of arrivals it sends when the network returns (earliest wins, an
arrival sent twice records once, the later desk is told, cancelled and unknown codes reported, a device clock far
off stamped by the server). The browser half: tests/e2e/test_offline_desk_journey.py."""

from __future__ import annotations

import re
import threading
import traceback
from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from forumops.accounts.models import UserSession
from forumops.accounts.operations import hash_token
from forumops.core.i18n import day_in_zone
from forumops.core.models import utcnow
from forumops.extensions import db as _db
from forumops.registration import offline_sync
from forumops.registration.models import DayAttendance, Registration
from tests.conftest import count_queries

ZONE = "Asia/Ho_Chi_Minh"
SLUG = "led-training"
LIST = f"/forums/{SLUG}/checkin/list.json"
SYNC = f"/forums/{SLUG}/checkin/sync"
DESK_A, DESK_B = str(uuid4()), str(uuid4())


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Tran")


@pytest.fixture
def today():
    return day_in_zone(ZONE)


@pytest.fixture
def forum(create_forum, organiser, login, today):
    """A three-day training that started yesterday: today is its second day."""
    forum = create_forum(slug=SLUG, title="LED Training", status="registration_open", organiser=organiser,
                         mode="in_person", start_date=today - timedelta(days=1), end_date=today + timedelta(days=1),
                         timezone=ZONE)
    login(organiser)
    return forum


@pytest.fixture
def people(forum, create_registration):
    """Linh and Hùng confirmed; one on the waiting list, one cancelled, one awaiting approval."""
    made = {}
    for key, name, status in [("linh", "Nguyễn Phương Linh", None), ("hung", "Trần Văn Hùng", None),
                              ("waiting", "Somchai Wongsa", "waitlisted"), ("gone", "Sok Chantha", "cancelled"),
                              ("pending", "Bouaphanh Sisouvanh", "pending")]:
        made[key] = create_registration(forum, name=name, email=f"{key}@example.org", notify=False, status=status,
                                        organisation="Vietnam Women's Union", category="government")[0]
    return made


def at(minutes_ago: float) -> datetime:
    return utcnow() - timedelta(minutes=minutes_ago)


def arrival(code: str, day, when: datetime, device: str = DESK_A, arrival_id: str | None = None) -> dict:
    """An arrival as desk-offline.js sends it: the device's time with its offset (here the forum's zone's)."""
    return {"id": arrival_id or str(uuid4()), "code": code, "day": day.isoformat(),
            "device_time": when.astimezone(ZoneInfo(ZONE)).isoformat(), "device": device}


def signed_in_id(client) -> str:
    """The id of the account signed in on this client (what base.html hands the desk's script as data-user)."""
    with client.session_transaction() as session:
        token = session.get("_user_id", "")
    user_id = _db.session.scalar(select(UserSession.user_id).where(UserSession.token_hash == hash_token(token)))
    return str(user_id or "")


def sync(client, *arrivals, device_clock: datetime | None = None, headers=None):
    """Send as the desk does: each arrival names the account signed in when it was taken (here the client's)."""
    recorded_by = signed_in_id(client)
    response = client.post(SYNC, json={"device_clock": (device_clock or utcnow()).isoformat(), "arrivals": [
        {"recorded_by": recorded_by, **item} if isinstance(item, dict) else item for item in arrivals]},
        headers=headers or {})
    return response


def results(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


def rows(db, registration) -> list[DayAttendance]:
    db.session.expire_all()
    return list(db.session.scalars(select(DayAttendance).where(DayAttendance.registration_id == registration.id)))


def local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(ZONE)).strftime("%H:%M")


# --- the list -----------------------------------------------------------------------------------------------------

def test_the_list_holds_the_confirmed_people_with_their_code_name_and_category_only(client, forum, people, db):
    # erased after the forum: still confirmed, for the counts (privacy.operations.erase_registration); its name
    # kept here to show that the erasure mark alone keeps it off the list
    people["hung"].erased_at = utcnow()
    db.session.commit()
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["people"] == [[people["linh"].checkin_code, "Nguyễn Phương Linh", "government"]]
    text = response.get_data(as_text=True)
    for private in ("linh@example.org", "Vietnam Women", "Somchai", "Sok Chantha", "Bouaphanh", "Trần Văn Hùng"):
        assert private not in text
    # what the device needs besides: the days, the zone and when to forget the list (the end of the last day)
    assert body["days"] == [(forum.start_date + timedelta(days=n)).isoformat() for n in range(3)]
    assert body["timezone"] == ZONE
    assert datetime.fromisoformat(body["ends_at"]) == datetime.combine(
        forum.end_date + timedelta(days=1), datetime.min.time(), tzinfo=ZoneInfo(ZONE))


def test_an_unchanged_list_costs_a_304_and_a_change_gives_a_new_version(client, forum, people, db):
    first = client.get(LIST)
    version = first.get_json()["version"]
    assert first.headers["ETag"].strip('"') == version
    again = client.get(LIST, headers={"If-None-Match": f'"{version}"'})
    assert again.status_code == 304
    assert again.get_data() == b""
    people["linh"].name = "Nguyễn Thị Phương Linh"
    db.session.commit()
    changed = client.get(LIST, headers={"If-None-Match": f'"{version}"'})
    assert changed.status_code == 200
    assert changed.get_json()["version"] != version
    assert changed.get_json()["people"][0][1] == "Nguyễn Thị Phương Linh"


def test_the_list_is_read_in_constant_queries(client, forum, people, db, create_registration):
    def read():
        assert client.get(LIST).status_code == 200

    few = count_queries(db, read)
    for n in range(20):
        create_registration(forum, name=f"Person {n}", email=f"p{n}@example.org", notify=False)
    assert count_queries(db, read) == few


@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_only_the_desks_people_get_the_list_or_send_arrivals(app, forum, people, db, create_user, add_role, role,
                                                            today):
    from tests.conftest import sign_in

    user = create_user(email=f"{role}@example.org")
    add_role(forum, user, role)
    client = app.test_client()
    sign_in(client, user)
    assert client.get(LIST).status_code == 403
    assert sync(client, arrival(people["linh"].checkin_code, today, at(1))).status_code == 403
    assert client.get(f"/forums/{SLUG}/checkin/sw.js").status_code == 403
    assert rows(db, people["linh"]) == []
    anonymous = app.test_client().get(LIST)
    assert anonymous.status_code == 302
    assert "/account/signin" in anonymous.headers["Location"]


# --- the sync -----------------------------------------------------------------------------------------------------

def test_an_arrival_sent_twice_records_once(client, forum, people, db, today):
    linh = people["linh"]
    sent = arrival(linh.checkin_code, today, at(10))
    first = results(sync(client, sent))
    assert first[0]["result"] == "recorded"
    assert first[0]["time"] == local(at(10))
    again = results(sync(client, sent))  # the first answer was lost on the way back: the desk sends it again
    assert again[0]["result"] == "recorded"
    [row] = rows(db, linh)
    assert row.device == DESK_A
    assert row.device_arrival_id == sent["id"]
    assert abs(row.arrived_at - at(10)) < timedelta(seconds=5)
    assert row.device_arrived_at == datetime.fromisoformat(sent["device_time"])
    db.session.refresh(linh)
    assert linh.checked_in_at == row.arrived_at


def test_the_earliest_arrival_wins_and_the_later_desk_is_told(client, forum, people, db, today):
    linh = people["linh"]
    later = arrival(linh.checkin_code, today, at(10), DESK_A)  # desk A synced first, its arrival was later
    assert results(sync(client, later))[0]["result"] == "recorded"
    earlier = arrival(linh.checkin_code, today, at(16), DESK_B)
    answer = results(sync(client, earlier))[0]
    assert answer["result"] == "moved_earlier"
    assert answer["time"] == local(at(16))
    [row] = rows(db, linh)
    assert (row.device, row.device_arrival_id) == (DESK_B, earlier["id"])
    db.session.refresh(linh)
    assert linh.checked_in_at == row.arrived_at  # the first arrival of all is the earlier one now
    # desk A asks again about its arrival: an earlier one, by another desk, stands
    told = results(sync(client, later))[0]
    assert told == {**told, "result": "already", "time": local(at(16)), "by_this_device": False}
    # a third desk, later still, is told the same; nothing changes
    third = results(sync(client, arrival(linh.checkin_code, today, at(2), str(uuid4()))))[0]
    assert (third["result"], third["time"]) == ("already", local(at(16)))
    assert len(rows(db, linh)) == 1


def test_an_arrival_later_than_the_desks_online_scan_is_told_already(client, forum, people, db, today):
    linh = people["linh"]
    assert client.post(f"/forums/{SLUG}/checkin", data={"code": linh.checkin_code}).status_code == 200
    [online] = rows(db, linh)
    answer = results(sync(client, arrival(linh.checkin_code, today, utcnow() + timedelta(seconds=30))))[0]
    assert (answer["result"], answer["by_this_device"]) == ("already", False)
    assert answer["time"] == local(online.arrived_at)


def test_the_earliest_of_one_batch_wins_too(client, forum, people, db, today):
    code = people["hung"].checkin_code
    answers = results(sync(client, arrival(code, today, at(3)), arrival(code, today, at(9))))
    assert [a["result"] for a in answers] == ["already", "recorded"]
    assert abs(rows(db, people["hung"])[0].arrived_at - at(9)) < timedelta(seconds=5)


def test_cancelled_refused_and_unknown_codes_are_reported_and_nothing_recorded(client, forum, people, db, today):
    answers = results(sync(client, *(arrival(people[key].checkin_code, today, at(5))
                                     for key in ("gone", "waiting", "pending")),
                           arrival("NOT-A-CODE-42", today, at(5))))
    assert [(a["result"], a["status"]) for a in answers] == [
        ("cancelled", "cancelled"), ("refused", "waitlisted"), ("refused", "pending"), ("unknown", "")]
    assert db.session.scalar(select(func.count(DayAttendance.id))) == 0


def test_a_code_cancelled_after_the_device_took_it_is_reported(client, forum, people, db, today):
    from forumops.registration.seats import cancel

    taken = arrival(people["linh"].checkin_code.lower(), today, at(4))  # offline, before the cancellation
    cancel(forum, people["linh"], notify=False)
    db.session.commit()
    assert results(sync(client, taken))[0]["result"] == "cancelled"
    assert rows(db, people["linh"]) == []


def test_a_device_clock_far_off_is_stamped_by_the_server_with_its_own_time_kept(client, forum, people, db, today):
    linh = people["linh"]
    wrong_clock = utcnow() - timedelta(hours=3)  # the phone thinks it is three hours earlier
    sent = arrival(linh.checkin_code, today, wrong_clock - timedelta(minutes=20))
    before = utcnow()
    response = sync(client, sent, device_clock=wrong_clock)
    answer = results(response)[0]
    assert response.get_json()["clock_off"] is True
    assert (answer["result"], answer["stamped_by_server"]) == ("recorded", True)
    [row] = rows(db, linh)
    assert before - timedelta(seconds=1) <= row.arrived_at <= utcnow()  # the server's time at sync
    assert row.device_arrived_at == datetime.fromisoformat(sent["device_time"])  # the device's, kept beside it


def test_a_clock_a_minute_off_is_believed_but_never_in_the_future(client, forum, people, db, today):
    ahead = utcnow() + timedelta(minutes=1)
    sent = arrival(people["hung"].checkin_code, today, ahead)
    response = sync(client, sent, device_clock=ahead)
    assert response.get_json()["clock_off"] is False
    [row] = rows(db, people["hung"])
    assert row.arrived_at <= utcnow()
    assert row.device_arrived_at == datetime.fromisoformat(sent["device_time"])


@pytest.mark.parametrize("case", ["before the list", "not on its day", "after the sync's clock"])
def test_a_clock_corrected_before_the_sync_is_not_believed(client, forum, people, db, today, case):
    """The phone scanned with a wrong clock, then set it right (the network back) before sending: the batch's
    clock is right, the arrival's time cannot be. It is stamped by the server, the device's time kept beside it,
    and it does not beat another desk's true arrival."""
    linh = people["linh"]
    fetched = at(30)  # the list the desk held was fetched half an hour ago
    wrong = {"before the list": at(3 * 60), "not on its day": at(24 * 60 + 20),
             "after the sync's clock": utcnow() + timedelta(minutes=40)}[case]
    off = {**arrival(linh.checkin_code, today, wrong, DESK_A), "list_time": fetched.isoformat()}
    true = {**arrival(linh.checkin_code, today, at(10), DESK_B), "list_time": fetched.isoformat()}
    assert results(sync(client, true))[0]["result"] == "recorded"
    before = utcnow()
    response = sync(client, off)  # device_clock: right now
    answer = results(response)[0]
    assert answer["stamped_by_server"] is True
    assert answer["result"] == "already"  # the true earlier arrival stands: the phone's bogus time wins nothing
    [row] = rows(db, linh)
    assert row.device == DESK_B
    assert row.arrived_at < before
    assert row.arrived_at.replace(tzinfo=None) > fetched.replace(tzinfo=None)
    db.session.expire_all()
    assert linh.checked_in_at.replace(tzinfo=None) > fetched.replace(tzinfo=None)
    hung = people["hung"]  # alone, it is recorded at the server's time, the device's kept beside it
    alone = {**arrival(hung.checkin_code, today, wrong, DESK_A), "list_time": fetched.isoformat()}
    answer = results(sync(client, alone))[0]
    assert (answer["result"], answer["stamped_by_server"]) == ("recorded", True)
    [row] = rows(db, hung)
    assert before - timedelta(seconds=1) <= row.arrived_at <= utcnow()
    assert row.device_arrived_at == datetime.fromisoformat(alone["device_time"])


def test_a_right_clock_within_the_day_and_after_the_list_is_believed(client, forum, people, db, today):
    sent = {**arrival(people["linh"].checkin_code, today, at(12)), "list_time": at(40).isoformat()}
    answer = results(sync(client, sent))[0]
    assert (answer["result"], answer["stamped_by_server"]) == ("recorded", False)
    [row] = rows(db, people["linh"])
    assert row.arrived_at == datetime.fromisoformat(sent["device_time"])


def test_another_accounts_arrivals_are_refused_and_nothing_recorded(client, forum, people, db, today,
                                                                      create_user, add_role, login):
    """A shared desk laptop: Mai scanned Linh offline and left; Quang signs in. Mai's arrival sent under Quang's
    session is refused (the audit trail would blame him); his own goes through."""
    mai_id = signed_in_id(client)
    quang = create_user(email="quang@example.org", name="Quang Le")
    add_role(forum, quang, "organiser")
    login(quang)
    theirs = {**arrival(people["linh"].checkin_code, today, at(5)), "recorded_by": mai_id}
    nobody = {k: v for k, v in arrival(people["hung"].checkin_code, today, at(5)).items()}
    response = client.post(SYNC, json={"device_clock": utcnow().isoformat(), "arrivals": [theirs, nobody]})
    assert [(a["result"], a["problem"]) for a in results(response)] == [
        ("invalid", "recorded by another account"), ("invalid", "no recorded_by")]
    assert rows(db, people["linh"]) == []
    assert rows(db, people["hung"]) == []
    mine = arrival(people["linh"].checkin_code, today, at(4))
    assert results(sync(client, mine))[0]["result"] == "recorded"
    [row] = rows(db, people["linh"])
    assert row.recorded_by_id == quang.id


def test_the_list_tells_the_server_time_it_was_fetched_at(client, forum, people):
    before = utcnow()
    fetched = datetime.fromisoformat(client.get(LIST).get_json()["server_time"])
    assert before - timedelta(seconds=1) <= fetched <= utcnow()


def test_bad_arrivals_are_answered_one_by_one_and_the_good_ones_recorded(client, forum, people, db, today):
    good = arrival(people["linh"].checkin_code, today, at(2))
    naive = {**arrival(people["hung"].checkin_code, today, at(2)), "device_time": "2027-04-14T08:04:00"}
    not_a_day = arrival(people["hung"].checkin_code, today + timedelta(days=5), at(2))
    answers = results(sync(client, good, naive, not_a_day, {"code": "X"}, "nonsense", good))
    assert [a["result"] for a in answers] == ["recorded", "invalid", "invalid", "invalid", "invalid", "invalid"]
    assert answers[1]["problem"] == "no device time with its offset"
    assert answers[2]["problem"] == "not a day of the forum"
    assert answers[5]["problem"] == "the same id twice"
    assert len(rows(db, people["linh"])) == 1
    assert rows(db, people["hung"]) == []


@pytest.mark.parametrize(("body", "status"), [
    ("not json at all", 400), ({"arrivals": "x", "device_clock": "2027-04-14T08:00:00+07:00"}, 400),
    ({"arrivals": []}, 400), ({"arrivals": [], "device_clock": "yesterday"}, 400)])
def test_a_batch_that_cannot_be_read_is_refused_with_a_reason(client, forum, body, status):
    response = (client.post(SYNC, data=body, content_type="application/json") if isinstance(body, str)
                else client.post(SYNC, json=body))
    assert response.status_code == status
    assert response.get_json()["error"]


def test_a_batch_over_the_limit_is_refused_whole(client, forum, people, db, today):
    too_many = [arrival(people["linh"].checkin_code, today, at(1))] + [
        arrival(f"UNKNOWN{n}", today, at(1)) for n in range(offline_sync.MAX_BATCH)]
    response = sync(client, *too_many)
    assert response.status_code == 413
    assert response.get_json()["max_batch"] == offline_sync.MAX_BATCH
    assert rows(db, people["linh"]) == []
    assert len(results(sync(client, *too_many[:offline_sync.MAX_BATCH]))) == offline_sync.MAX_BATCH


def test_a_batch_costs_the_same_statements_whatever_its_size(client, forum, db, today, create_registration):
    codes = [create_registration(forum, name=f"Person {n}", email=f"q{n}@example.org", notify=False)[0].checkin_code
             for n in range(60)]

    def send(batch):
        return lambda: results(sync(client, *(arrival(code, today, at(1)) for code in batch)))

    assert count_queries(db, send(codes[:5])) == count_queries(db, send(codes[5:60]))


def test_the_sync_needs_the_form_token_in_its_header(csrf_app, forum, people, organiser, db, today):
    from tests.conftest import sign_in

    client = csrf_app.test_client()
    sign_in(client, organiser)
    sent = arrival(people["linh"].checkin_code, today, at(1))
    assert sync(client, sent).status_code == 400
    assert rows(db, people["linh"]) == []
    page = client.get(f"/forums/{SLUG}/checkin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert results(sync(client, sent, headers={"X-CSRFToken": token}))[0]["result"] == "recorded"


# --- the worker and the manifest ----------------------------------------------------------------------------------

def test_the_worker_is_scoped_to_the_desk_and_the_manifest_opens_on_it(client, forum, people):
    worker = client.get(f"/forums/{SLUG}/checkin/sw.js")
    assert worker.status_code == 200
    assert worker.headers["Content-Type"].startswith("text/javascript")
    assert worker.headers["Service-Worker-Allowed"] == f"/forums/{SLUG}/checkin"
    script = worker.get_data(as_text=True)
    assert f'"/forums/{SLUG}/checkin"' in script
    assert "/static/js/desk-offline.js?v=" in script  # the desk's files, by their fingerprinted addresses
    manifest = client.get(f"/forums/{SLUG}/checkin/manifest.webmanifest")
    assert manifest.headers["Content-Type"] == "application/manifest+json"
    data = manifest.get_json()
    assert data["start_url"] == data["scope"] == f"/forums/{SLUG}/checkin"
    assert data["name"] == "Check-in desk of LED Training"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    desk = client.get(f"/forums/{SLUG}/checkin")
    assert desk.headers["X-ForumOps-Desk"] == "shell"  # the page the worker may keep: nobody's result on it
    assert "X-ForumOps-Desk" not in client.get(f"/forums/{SLUG}/checkin?q=linh").headers
    answered = client.post(f"/forums/{SLUG}/checkin/{people['linh'].id}", follow_redirects=True)
    assert "Nguyễn Phương Linh" in answered.get_data(as_text=True)
    assert "X-ForumOps-Desk" not in answered.headers  # a person's result is never kept on the device
    page = desk.get_data(as_text=True)
    assert f'rel="manifest" href="/forums/{SLUG}/checkin/manifest.webmanifest" crossorigin="use-credentials"' in page


# --- two desks at once --------------------------------------------------------------------------------------------

@pytest.mark.commits  # threads: each desk's request commits on its own connection
def test_two_desks_syncing_at_once_keep_one_arrival_each_the_earliest(app, create_forum, create_user,
                                                                      create_registration, db, today):
    from tests.conftest import sign_in

    organiser = create_user(email="mai@example.org", name="Mai Tran")
    forum = create_forum(slug="race", organiser=organiser, start_date=today, end_date=today, timezone=ZONE)
    codes = [create_registration(forum, name=f"Person {n}", email=f"r{n}@example.org", notify=False)[0].checkin_code
             for n in range(30)]
    # each desk took everyone; desk A was earlier for the even ones, desk B for the odd ones
    batches = {desk: [{**arrival(code, today, at(20 if (n % 2 == 0) == (desk == DESK_A) else 10), desk),
                       "recorded_by": organiser.id} for n, code in enumerate(codes)] for desk in (DESK_A, DESK_B)}
    clients = {}
    for desk in batches:
        clients[desk] = app.test_client()
        sign_in(clients[desk], organiser)
    db.session.commit()
    barrier = threading.Barrier(2, timeout=30)
    answers: dict[str, list] = {}
    errors: list[str] = []

    def send(desk):
        try:
            barrier.wait()  # both desks send at the same instant
            response = clients[desk].post("/forums/race/checkin/sync", json={
                "device_clock": utcnow().isoformat(), "arrivals": batches[desk]})
            answers[desk] = [(response.status_code, a["result"]) for a in response.get_json()["results"]]
        except Exception:  # noqa: BLE001 - collected and asserted below
            errors.append(traceback.format_exc())
            barrier.abort()

    threads = [threading.Thread(target=send, args=(desk,)) for desk in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.rollback()  # a fresh transaction sees what the desks committed
    kept = db.session.execute(select(Registration.checkin_code, DayAttendance.device, DayAttendance.arrived_at)
                              .join(Registration, Registration.id == DayAttendance.registration_id)).all()
    assert len(kept) == 30
    by_code = {code: device for code, device, _at in kept}
    assert [by_code[code] for code in codes] == [DESK_A if n % 2 == 0 else DESK_B for n in range(30)]
    # an earliest arrival is recorded (or replaces the other desk's); a later one is told "already", unless its desk
    # synced first (then it was the day's arrival until the other desk's earlier one came)
    for desk, told in answers.items():
        earliest = [n % 2 == (0 if desk == DESK_A else 1) for n in range(30)]
        assert all(status == 200 for status, _result in told)
        assert all(result in (("recorded", "moved_earlier") if first else ("recorded", "already"))
                   for first, (_status, result) in zip(earliest, told, strict=True))
    assert any(all(result != "recorded" for first, (_s, result) in zip(
        [n % 2 == (0 if desk == DESK_A else 1) for n in range(30)], told, strict=True) if not first)
        for desk, told in answers.items())  # the desk that committed second was told of every earlier one
