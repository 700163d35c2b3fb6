"""The demo gets people to the Hanoi training (issue 23): its questions of the new kinds, two hotels, the travel
settings, what Mai funded for participants from Cambodia, Laos, Myanmar and Vietnam and the arrivals they sent;
and what the browser journeys start from: Sopheak offered travel and accommodation, with nothing answered or sent
yet, and confirmed participants with nothing funded, for Mai to offer in bulk."""

from __future__ import annotations

from collections import Counter
from datetime import date, time

import phonenumbers
from sqlalchemy import func, select

from forumops.core.i18n import in_zone
from forumops.forums.models import Forum
from forumops.registration.models import Question, Registration
from forumops.travel import queries as travel_queries
from forumops.travel.models import Hotel, Support, TravelDetails, TravelSettings

TRAINING = "local-economic-development-training-hanoi-2014"


def _counts(db) -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Question, Hotel, Support, TravelDetails, TravelSettings, Registration)}


def test_the_demo_brings_people_to_the_hanoi_training(app, db):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    before = _counts(db)
    load_demo()  # twice: nothing added
    db.session.commit()
    assert _counts(db) == before

    forum = db.session.scalar(select(Forum).where(Forum.slug == TRAINING))
    questions = {q.label: q for q in db.session.scalars(select(Question).where(Question.forum_id == forum.id))}
    kinds = {label: q.kind for label, q in questions.items()}
    assert kinds == {"Mobile phone (for the pickup)": "phone", "Travel": "heading",
                     "Do you need a visa letter?": "yes_no", "Which visa do you need?": "single_choice",
                     "Passport expiry date": "date", "Arrangements (organisers only)": "long_text"}
    visa = questions["Which visa do you need?"]
    assert (visa.shown_if_question_id, visa.shown_if_values) == (questions["Do you need a visa letter?"].id, ["yes"])
    assert [label for label, q in questions.items() if q.organisers_only] == ["Arrangements (organisers only)"]
    assert questions["Travel"].help_text

    settings = travel_queries.travel_settings(forum)
    assert (settings.form_open, settings.form_audience, settings.currency, settings.per_diem_rate) == (
        True, "sponsored", "USD", 30)
    assert settings.form_deadline < forum.start_date
    assert len(travel_queries.forum_hotels(forum)) == 2

    registrations = {r.id: r for r in db.session.scalars(select(Registration).where(Registration.forum_id == forum.id))}
    supported = {r.registration_id for r in db.session.scalars(
        select(Support).join(Registration).where(Registration.forum_id == forum.id))}
    assert 14 <= len(supported) <= 17
    assert {registrations[rid].country for rid in supported} == {"KH", "LA", "MM", "VN"}
    khmer_lao_burmese = [registrations[rid].name for rid in supported if registrations[rid].country != "VN"]
    assert all(not name.isascii() for name in khmer_lao_burmese)  # in their own scripts
    statuses = Counter(db.session.scalars(select(Support.status).where(Support.registration_id.in_(supported))))
    assert statuses["accepted"] > statuses["offered"] > 0
    assert statuses["declined"] > 0

    # the phone numbers are stored in international form, and each is a real number of its country
    phone = str(questions["Mobile phone (for the pickup)"].id)
    numbers = [r.answers[phone] for r in registrations.values() if phone in (r.answers or {})]
    assert len(numbers) >= 15
    for number in numbers:
        parsed = phonenumbers.parse(number)
        assert phonenumbers.is_valid_number(parsed)
        assert number == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    arrangements = str(questions["Arrangements (organisers only)"].id)
    assert any(arrangements in (r.answers or {}) for r in registrations.values())

    # arrivals from the day before to the first morning, in Hanoi's time: one at 23:30, one after midnight
    details = list(db.session.scalars(select(TravelDetails).where(TravelDetails.registration_id.in_(registrations))))
    assert 10 <= len(details) <= 14
    arrivals = [in_zone(d.arrival_at, forum.timezone) for d in details]
    assert {a.date() for a in arrivals} == {date(2014, 12, 8), date(2014, 12, 9)}
    assert any(a.date() == date(2014, 12, 8) and a.time() == time(23, 30) for a in arrivals)
    assert any(a.date() == date(2014, 12, 9) and a.time() < time(3) for a in arrivals)
    assert sum(1 for d in details if d.arrival_meet) >= 5
    assert sum(1 for d in details if d.room) >= 5
    assert all(d.submitted_at is not None and d.departure_at > d.arrival_at for d in details)

    # Sopheak: confirmed with his account, travel and accommodation offered, nothing answered, nothing sent
    sopheak = next(r for r in registrations.values() if r.email == "sopheak@example.org")
    assert sopheak.status == "confirmed"
    assert sopheak.user_id is not None
    offers = travel_queries.supports_of(sopheak)
    assert {kind: s.status for kind, s in offers.items()} == {"travel": "offered", "accommodation": "offered"}
    assert travel_queries.travel_details_of(sopheak) is None
    assert travel_queries.is_concerned(forum, sopheak)
    # and confirmed participants with nothing funded, for Mai to offer travel and accommodation in bulk
    unfunded = [r for r in registrations.values() if r.status == "confirmed" and r.id not in supported]
    assert len(unfunded) >= 5
