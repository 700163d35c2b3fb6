"""The demo gets people to the ASEAN Community Forum 2027 in Jakarta (issue 23): its questions of the new kinds,
two hotels, the travel settings, what the ASEAN Foundation funds for participants from Cambodia, Laos, Myanmar and
Vietnam and the arrivals they sent; and what the browser journeys start from: Sopheak coming in person, offered
travel and accommodation, with nothing answered or sent yet, and confirmed participants with nothing funded, for
Mai to offer in bulk. The concluded Hanoi training is left as it was."""

from __future__ import annotations

from collections import Counter
from datetime import date, time

import phonenumbers
from sqlalchemy import func, select

from forumops.core.i18n import in_zone
from forumops.forums.models import Forum
from forumops.registration.models import Question, Registration
from forumops.registration.queries import list_questions
from forumops.travel import queries as travel_queries
from forumops.travel.models import Hotel, Support, TravelDetails, TravelSettings

FORUM = "asean-community-forum-2027"
TRAINING = "local-economic-development-training-hanoi-2014"


def _counts(db) -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Question, Hotel, Support, TravelDetails, TravelSettings, Registration)}


def _forum(db, slug: str) -> Forum:
    return db.session.scalar(select(Forum).where(Forum.slug == slug))


def test_the_demo_brings_people_to_the_jakarta_forum(app, db):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    before = _counts(db)
    load_demo()  # twice: nothing added
    db.session.commit()
    assert _counts(db) == before

    forum = _forum(db, FORUM)
    questions = {q.label: q for q in db.session.scalars(select(Question).where(Question.forum_id == forum.id))}
    kinds = {label: q.kind for label, q in questions.items()}
    assert kinds == {"Which sector does your organisation work in?": "single_choice", "Travel": "heading",
                     "Mobile phone (for the pickup)": "phone", "Do you need a letter for a visa?": "yes_no",
                     "Which visa do you need?": "single_choice", "Passport expiry date": "date",
                     "Arrangements (organisers only)": "long_text"}
    visa = questions["Which visa do you need?"]
    assert (visa.shown_if_question_id, visa.shown_if_values) == (
        questions["Do you need a letter for a visa?"].id, ["yes"])
    assert [label for label, q in questions.items() if q.organisers_only] == ["Arrangements (organisers only)"]
    assert "Soekarno-Hatta" in questions["Travel"].help_text

    settings = travel_queries.travel_settings(forum)
    assert (settings.form_open, settings.form_audience, settings.form_deadline, settings.currency,
            settings.per_diem_rate) == (True, "sponsored", date(2027, 3, 31), "USD", 30)
    hotels = travel_queries.forum_hotels(forum)
    assert len(hotels) == 2
    assert all("Jakarta" in hotel.address for hotel in hotels)

    registrations = {r.id: r for r in db.session.scalars(select(Registration).where(Registration.forum_id == forum.id))}
    supported = {r.registration_id for r in db.session.scalars(
        select(Support).join(Registration).where(Registration.forum_id == forum.id))}
    assert 14 <= len(supported) <= 17
    assert all(registrations[rid].status == "confirmed" and registrations[rid].attendance_mode == "in_person"
               for rid in supported)
    assert {registrations[rid].country for rid in supported} == {"KH", "LA", "MM", "VN"}
    khmer_lao_burmese = [registrations[rid].name for rid in supported if registrations[rid].country != "VN"]
    assert all(not name.isascii() for name in khmer_lao_burmese)  # in their own scripts
    statuses = Counter(db.session.scalars(select(Support.status).where(Support.registration_id.in_(supported))))
    assert statuses["accepted"] > statuses["offered"] > 0
    assert statuses["declined"] > 0
    assert {s.currency for s in db.session.scalars(select(Support).where(
        Support.registration_id.in_(supported), Support.amount.is_not(None)))} == {"USD"}

    # the phone numbers are stored in international form, and each is a real number of its country
    phone = str(questions["Mobile phone (for the pickup)"].id)
    numbers = [r.answers[phone] for r in registrations.values() if phone in (r.answers or {})]
    assert len(numbers) >= 15
    for number in numbers:
        parsed = phonenumbers.parse(number)
        assert phonenumbers.is_valid_number(parsed)
        assert number == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    # the visa asked of the one who needs a letter only; the organisers' own arrangements
    visa_kind = str(visa.id)
    assert [r.email for r in registrations.values() if visa_kind in (r.answers or {})] == [
        "joana.amaral@example.org"]
    arrangements = str(questions["Arrangements (organisers only)"].id)
    assert sum(1 for r in registrations.values() if arrangements in (r.answers or {})) >= 3

    # arrivals at Soekarno-Hatta on the 13th and the 14th, in Jakarta's time: one at 23:30, one after midnight
    details = list(db.session.scalars(select(TravelDetails).where(TravelDetails.registration_id.in_(registrations))))
    assert 10 <= len(details) <= 14
    arrivals = [in_zone(d.arrival_at, forum.timezone) for d in details]
    assert {a.date() for a in arrivals} == {date(2027, 4, 13), date(2027, 4, 14)}
    assert any(a.date() == date(2027, 4, 13) and a.time() == time(23, 30) for a in arrivals)
    assert any(a.date() == date(2027, 4, 14) and a.time() < time(3) for a in arrivals)
    assert sum(1 for d in details if d.arrival_meet) >= 5
    assert sum(1 for d in details if d.room) >= 5
    assert {d.hotel_id for d in details} == {hotel.id for hotel in hotels} | {None}
    assert all(d.submitted_at is not None and d.departure_at > d.arrival_at for d in details)

    # Sopheak: in person and confirmed with his account, travel and accommodation offered, nothing answered or sent
    sopheak = next(r for r in registrations.values() if r.email == "sopheak@example.org")
    assert (sopheak.status, sopheak.attendance_mode) == ("confirmed", "in_person")
    assert sopheak.user_id is not None
    offers = travel_queries.supports_of(sopheak)
    assert {kind: s.status for kind, s in offers.items()} == {"travel": "offered", "accommodation": "offered"}
    assert travel_queries.travel_details_of(sopheak) is None
    assert travel_queries.is_concerned(forum, sopheak)
    # and confirmed participants with nothing funded, for Mai to offer travel and accommodation in bulk
    unfunded = [r for r in registrations.values() if r.status == "confirmed" and r.id not in supported
                and r.attendance_mode == "in_person"]
    assert len(unfunded) >= 5
    # the room still fills: the last two who come in person wait for a place
    assert sorted(r.email for r in registrations.values() if r.status == "waitlisted") == [
        "hong.nhung@example.org", "thongbai.s@example.org"]


def test_the_demo_leaves_the_hanoi_training_as_it_was(app, db):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    training = _forum(db, TRAINING)
    assert list_questions(training) == []
    assert db.session.scalar(select(TravelSettings.id).where(TravelSettings.forum_id == training.id)) is None
    assert travel_queries.forum_hotels(training) == []
    people = list(db.session.scalars(select(Registration).where(Registration.forum_id == training.id)))
    assert "sopheak@example.org" not in {r.email for r in people}
    assert not db.session.scalar(select(func.count(Support.id)).where(Support.registration_id.in_(
        [r.id for r in people])))
    assert all(not r.answers for r in people)
