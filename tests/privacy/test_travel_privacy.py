"""Private by default (issue 23, item 5): phone numbers, the organisers' arrangements, the files sent as answers,
what is funded for a person and their travel details are personal data. The person finds all of it in their data
export; erasing them (by an organiser or the retention purge) leaves none of it, not even the stored file's
bytes; and no page other people or the public see shows any of it."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.conftest import pdf_bytes, sign_in

# What only the organisers and Sopheak himself may read about him
SOPHEAK_PRIVATE = ("+85512345678", "12 345 678", "Driver Quang meets him", "QH 1521", "Anh Tuấn with a sign",
                   "Room 412", "Economy return from Phnom Penh", "Keep the room for a late arrival",
                   "passport-sopheak.pdf", "2031-05-01")
PUBLIC = {"gender": "man", "consent_photos": True, "list_publicly": True}


@pytest.fixture
def organiser(create_user):
    return create_user(email="mai@example.org", name="Mai Anh Trần")


@pytest.fixture
def questions(db):
    """The training's questions of the issue's kinds: a phone number, a date, a file, and one only organisers
    see and fill (add_question takes the kinds; the flag is set as the organisers' form will)."""
    from forumops.registration import setup

    def make(forum):
        made = {kind: setup.add_question(forum, {"label": label, "kind": kind}) for kind, label in (
            ("phone", "Mobile phone (for the pickup)"), ("date", "Passport expiry date"),
            ("file", "Passport copy"), ("short_text", "Arrangements (organisers only)"))}
        made["short_text"].organisers_only = True
        db.session.commit()
        return made

    return make


@pytest.fixture
def sent_file(db):
    """A file sent as the answer to a file question, stored through core.files as the form stores it."""
    from forumops.core.uploads import store_upload
    from forumops.registration.models import AnswerFile

    def make(registration, question, content: bytes, filename: str):
        stored = store_upload(io.BytesIO(content), filename, images="refuse")
        row = AnswerFile(registration_id=registration.id, question_id=question.id, stored_file_id=stored.id,
                         filename=filename)
        db.session.add(row)
        db.session.commit()
        return row

    return make


@pytest.fixture
def training(create_forum, organiser, create_registration, create_support, create_hotel, create_travel, questions,
             sent_file, create_user, db):
    """An upcoming training in Hanoi: Sopheak, sponsored, with everything of the issue about him; Linh, who came
    too, with her own account and nothing funded."""
    forum = create_forum("hanoi-training", status="registration_open", organiser=organiser, mode="in_person",
                         timezone="Asia/Ho_Chi_Minh", start_date=date(2027, 12, 9), end_date=date(2027, 12, 11))
    asked = questions(forum)
    sopheak, token = create_registration(
        forum, name="សុខ សុភ័ក្ត្រ (Sok Sopheak)", email="sopheak@example.org", country="KH",
        organisation="Cambodia Women Entrepreneur Association", **PUBLIC, notify=False,
        answers={str(asked["phone"].id): "+85512345678", str(asked["date"].id): "2031-05-01"})
    sopheak.answers = {**sopheak.answers, str(asked["short_text"].id): "Driver Quang meets him"}  # the organisers'
    linh_account = create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    linh, linh_token = create_registration(forum, user=linh_account, name="Nguyễn Phương Linh",
                                           email="linh@example.org", organisation="Vietnam Women's Union",
                                           **PUBLIC | {"gender": "woman"}, notify=False,
                                           answers={str(asked["phone"].id): "+84987654321"})
    create_support(sopheak, kind="travel", status="accepted", amount=487.5, currency="USD",
                   note="Economy return from Phnom Penh", answered_at=datetime(2027, 11, 2, 3, 0, tzinfo=UTC))
    create_support(sopheak, kind="accommodation", status="offered")
    hotel = create_hotel(forum, name="Hanoi Daewoo Hotel", address="360 Kim Mã, Ba Đình, Hà Nội")
    create_travel(sopheak, arrival=datetime(2027, 12, 8, 23, 30), departure=datetime(2027, 12, 12, 7, 10),
                  arrival_from="Phnom Penh (PNH)", arrival_transport="QH 1521", arrival_meet="Anh Tuấn with a sign",
                  hotel_id=hotel.id, check_in=date(2027, 12, 8), check_out=date(2027, 12, 12), room="Room 412",
                  room_sharing="share_with", share_with="ជា សុភាព", notes="Keep the room for a late arrival")
    passport = sent_file(sopheak, asked["file"], pdf_bytes(2), "passport-sopheak.pdf")
    db.session.commit()
    return forum, {"sopheak": (sopheak, token), "linh": (linh, linh_token)}, linh_account, asked, passport


# --- the person's export -------------------------------------------------------------------------------------

def test_the_export_holds_support_travel_every_answer_and_the_files_sent(client, training):
    forum, people, _linh_account, asked, passport = training
    _sopheak, token = people["sopheak"]
    response = client.get(f"/forums/{forum.slug}/registration/{token}/my-data.json")
    assert response.status_code == 200
    mine = json.loads(response.data)["registrations"][0]

    assert mine["answers"] == [
        {"question": "Mobile phone (for the pickup)", "kind": "phone", "organisers_only": False,
         "answer": "+85512345678"},
        {"question": "Passport expiry date", "kind": "date", "organisers_only": False, "answer": "2031-05-01"},
        {"question": "Arrangements (organisers only)", "kind": "short_text", "organisers_only": True,
         "answer": "Driver Quang meets him"},
    ]
    [sent] = mine["answer_files"]
    assert (sent["question"], sent["filename"], sent["size_bytes"]) == (
        "Passport copy", "passport-sopheak.pdf", passport.stored.size)
    assert sent["sha256"] == passport.stored.sha256
    assert "not in this download" in sent["note"]

    assert [(s["kind"], s["status"], s["amount"], s["currency"]) for s in mine["support"]] == [
        ("travel", "accepted", "487.50", "USD"), ("accommodation", "offered", None, "")]
    assert mine["support"][0]["note"] == "Economy return from Phnom Penh"
    assert mine["support"][0]["answered_at"] == "2027-11-02T03:00:00+00:00"

    travel = mine["travel"]
    assert travel["time_zone"] == "Asia/Ho_Chi_Minh"
    # 23:30 in Hanoi on the 8th, as he typed it (16:30 UTC), and the zone it is in
    assert travel["arrival"] == {"at": "2027-12-08T23:30:00+07:00", "from": "Phnom Penh (PNH)",
                                 "transport": "QH 1521", "met_by": "Anh Tuấn with a sign"}
    assert travel["departure"]["at"] == "2027-12-12T07:10:00+07:00"
    assert travel["hotel"]["name"] == "Hanoi Daewoo Hotel"
    assert (travel["check_in"], travel["check_out"], travel["nights"]) == ("2027-12-08", "2027-12-12", 4)
    assert (travel["room"], travel["room_sharing"], travel["share_with"]) == ("Room 412", "share_with", "ជា សុភាព")
    assert travel["notes"] == "Keep the room for a late arrival"
    assert travel["sent_at"]

    body = response.get_data(as_text=True)
    assert "+84987654321" not in body  # Linh's number, in the same question
    assert "Nguyễn Phương Linh" not in body


def test_the_account_export_holds_them_too_and_a_person_without_any_gets_empty_parts(client, training):
    forum, people, linh_account, _asked, _passport = training
    sign_in(client, linh_account)
    data = json.loads(client.get("/account/my-data.json").data)
    [linh] = data["registrations"]
    assert linh["answers"] == [{"question": "Mobile phone (for the pickup)", "kind": "phone",
                                "organisers_only": False, "answer": "+84987654321"}]
    assert (linh["support"], linh["travel"], linh["answer_files"]) == ([], None, [])
    body = json.dumps(data, ensure_ascii=False)
    for secret in SOPHEAK_PRIVATE:
        assert secret not in body


# --- erasure -------------------------------------------------------------------------------------------------

def _left_of(registration_id: int, stored_file_id: int) -> dict[str, int]:
    from forumops.core.files import FileChunk, StoredFile
    from forumops.extensions import db
    from forumops.registration.models import AnswerFile
    from forumops.travel.models import Support, TravelDetails

    def count(model, column, value) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(column == value))

    return {"support": count(Support, Support.registration_id, registration_id),
            "travel details": count(TravelDetails, TravelDetails.registration_id, registration_id),
            "answer files": count(AnswerFile, AnswerFile.registration_id, registration_id),
            "stored file": count(StoredFile, StoredFile.id, stored_file_id),
            "file bytes": count(FileChunk, FileChunk.file_id, stored_file_id)}


def test_erasing_leaves_nothing_of_the_issue_and_the_files_bytes_are_gone(client, training, organiser, db):
    from forumops.registration.models import Registration

    forum, people, _linh_account, _asked, passport = training
    sopheak, token = people["sopheak"]
    linh, _linh_token = people["linh"]
    stored_id = passport.stored_file_id
    assert _left_of(sopheak.id, stored_id) == {"support": 2, "travel details": 1, "answer files": 1,
                                               "stored file": 1, "file bytes": 1}
    sign_in(client, organiser)
    assert client.get(f"/forums/{forum.slug}/registration/{token}/my-data.json").status_code == 200
    response = client.post(f"/forums/{forum.slug}/privacy/erase/{sopheak.id}", data={"confirm": "y"})
    assert response.status_code == 302

    db.session.expire_all()
    assert _left_of(sopheak.id, stored_id) == {"support": 0, "travel details": 0, "answer files": 0,
                                               "stored file": 0, "file bytes": 0}
    erased = db.session.get(Registration, sopheak.id)
    assert (erased.answers, erased.dietary_needs, erased.accessibility_needs) == ({}, "", "")
    assert db.session.get(Registration, linh.id).answers  # hers are untouched
    # nothing readable anywhere the organisers look either
    desk = client.get(f"/forums/{forum.slug}/registrations").get_data(as_text=True)
    detail = client.get(f"/forums/{forum.slug}/registrations/{sopheak.id}").get_data(as_text=True)
    exported = client.get(f"/forums/{forum.slug}/registrations.csv").get_data(as_text=True)
    for text in (desk, detail, exported):
        for secret in SOPHEAK_PRIVATE:
            assert secret not in text


def test_the_same_file_sent_by_someone_else_stays_theirs(training, sent_file, db):
    """Stored files are shared by content: erasing one sender must not take the other's copy."""
    from forumops.privacy.operations import erase_registration

    forum, people, _linh_account, asked, passport = training
    sopheak, _token = people["sopheak"]
    linh, _token = people["linh"]
    theirs = sent_file(linh, asked["file"], pdf_bytes(2), "my-passport.pdf")  # the same bytes
    assert theirs.stored_file_id == passport.stored_file_id
    erase_registration(forum, sopheak)
    db.session.commit()
    left = _left_of(linh.id, theirs.stored_file_id)
    assert (left["answer files"], left["stored file"], left["file bytes"]) == (1, 1, 1)


def test_the_retention_purge_leaves_nothing_of_the_issue_either(app, training, db):
    forum, people, _linh_account, _asked, passport = training
    sopheak, _token = people["sopheak"]
    stored_id = passport.stored_file_id
    forum.end_date = date.today() - timedelta(days=40)
    forum.start_date = forum.end_date - timedelta(days=2)
    forum.retention_days = 30
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["forumops", "purge"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert set(_left_of(sopheak.id, stored_id).values()) == {0}


def test_the_erase_box_shows_where_others_travel_arrangements_name_the_person(client, training, organiser,
                                                                                create_travel, create_support, db):
    forum, people, _linh_account, asked, _passport = training
    sopheak, _token = people["sopheak"]
    linh, _token = people["linh"]
    create_travel(linh, arrival=datetime(2027, 12, 8, 14, 0), share_with="សុខ សុភ័ក្ត្រ (Sok Sopheak)")
    create_support(linh, kind="per_diem", note="Paid with សុខ សុភ័ក្ត្រ (SOK SOPHEAK)'s")
    linh.answers = {**linh.answers, str(asked["short_text"].id): "Same car as សុខ សុភ័ក្ត្រ (sok sopheak)"}
    db.session.commit()
    sign_in(client, organiser)
    page = client.get(f"/forums/{forum.slug}/registrations/{sopheak.id}").get_data(as_text=True)
    box = page.split('id="erase"', 1)[1].split("</ul>", 1)[0]
    where = f"/forums/{forum.slug}/registrations/{linh.id}"
    for place in ("Travel details of Nguyễn Phương Linh", "Support offered to Nguyễn Phương Linh",
                  "Organisers&#39; answers about Nguyễn Phương Linh"):
        assert f'<a href="{where}">{place}</a>' in box
    her_box = client.get(where).get_data(as_text=True).split('id="erase"', 1)[1]
    assert 'class="notice mentions"' not in her_box  # Sopheak's own arrangements name nobody else


# --- what others and the public see --------------------------------------------------------------------------

def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_no_page_others_or_the_public_see_shows_phone_travel_or_support(client, training, organiser, db,
                                                                        create_cluster, create_item):
    """Linh's own pages, the public programme and its calendars, the public lists of organisations and the
    published report, the cluster page and every badge: none shows Sopheak's phone number, arrangements, file,
    support or travel; and a badge shows nobody's."""
    from forumops.clusters.operations import assign_registration
    from forumops.outcomes import operations as outcomes

    forum, people, linh_account, _asked, _passport = training
    sopheak, _token = people["sopheak"]
    linh, linh_token = people["linh"]
    cluster = create_cluster(forum, "Women's economic leadership")
    for registration in (sopheak, linh):
        assign_registration(cluster, registration, choice_rank=1)
    create_item(forum, "Opening plenary", day=forum.start_date)
    outcomes.save_report(forum, {"title": "Outcome report", "executive_summary": "Thirty people came."},
                         base_version=0, actor=organiser)
    outcomes.publish_report(forum, organiser, today=forum.end_date)
    db.session.commit()

    slug = forum.slug
    public = client.application.test_client()
    seen = {
        "forum page": public.get(f"/forums/{slug}/").get_data(as_text=True),
        "programme": public.get(f"/forums/{slug}/agenda").get_data(as_text=True),
        "programme ics": public.get(f"/forums/{slug}/agenda.ics").get_data(as_text=True),
        "programme pdf": _pdf_text(public.get(f"/forums/{slug}/agenda.pdf").data),
        "organisations": public.get("/organisations/").get_data(as_text=True),
        "report": public.get(f"/forums/{slug}/report").get_data(as_text=True),
        "report pdf": _pdf_text(public.get(f"/forums/{slug}/report.pdf").data),
        "cluster page": public.get(f"/forums/{slug}/clusters/{cluster.id}").get_data(as_text=True),
        "linh's page by link": public.get(f"/forums/{slug}/registration/{linh_token}").get_data(as_text=True),
        "linh's calendar": public.get(f"/forums/{slug}/registration/{linh_token}/calendar.ics")
        .get_data(as_text=True),
        "linh's badge": _pdf_text(public.get(f"/forums/{slug}/registration/{linh_token}/badge.pdf").data),
        "linh's data": public.get(f"/forums/{slug}/registration/{linh_token}/my-data.json").get_data(as_text=True),
    }
    assert "Vietnam Women" in seen["report"]  # the public list of organisations is there, and read
    assert "Opening plenary" in seen["programme ics"]
    assert "Nguyễn Phương Linh" in seen["linh's page by link"]
    sign_in(public, linh_account)
    seen["linh's page"] = public.get(f"/forums/{slug}/my-registration").get_data(as_text=True)
    seen["linh's home"] = public.get("/").get_data(as_text=True)
    seen["cluster page, signed in"] = public.get(f"/forums/{slug}/clusters/{cluster.id}").get_data(as_text=True)
    for where, text in seen.items():
        for secret in (*SOPHEAK_PRIVATE, "Hanoi Daewoo", "487.5", "487,5"):
            assert secret not in text, f"{secret!r} is on {where}"

    sign_in(client, organiser)
    badges = client.post(f"/forums/{slug}/badges.pdf", data={"who": "confirmed", "layout": "a4-8"})
    assert badges.status_code == 200
    printed = _pdf_text(badges.data)
    assert "Cambodia Women Entrepreneur" in printed  # his badge is there, and read
    for secret in (*SOPHEAK_PRIVATE, "+84987654321", "987 654 321", "Hanoi Daewoo"):
        assert secret not in printed
