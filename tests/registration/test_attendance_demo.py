"""The demo's attendance day by day: the Hanoi training's participants came on all three days, two of them or
one, and the other concluded forums' checked-in people on their days, so certificates have something to count."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from forumops.forums.models import Forum
from forumops.registration.attendance import days_attended
from forumops.registration.models import DayAttendance, Registration


def test_the_demo_gives_the_checked_in_people_their_days(app, db):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    rows = db.session.scalar(select(func.count(DayAttendance.id)))
    load_demo()  # twice: nothing added
    db.session.commit()
    assert db.session.scalar(select(func.count(DayAttendance.id))) == rows

    training = db.session.scalar(select(Forum).where(Forum.slug == "local-economic-development-training-hanoi-2014"))
    countries = set(db.session.scalars(select(Registration.country).where(Registration.forum_id == training.id)))
    assert len(countries) == 7
    spread = Counter(days_attended(training).values())
    assert spread[3] > spread[2] > spread[1] > 0  # most all three days, some two, a few one
    linh = db.session.scalar(select(Registration).where(Registration.forum_id == training.id,
                                                        Registration.email == "linh@example.org"))
    assert linh.user_id is not None  # her account's registration: her certificate reaches her home
    assert days_attended(training)[linh.id] == 3

    acf = db.session.scalar(select(Forum).where(Forum.slug == "asean-community-forum-2017"))
    checked_in = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.forum_id == acf.id, Registration.checked_in_at.is_not(None)))
    acf_days = days_attended(acf)
    assert len(acf_days) == checked_in
    assert set(acf_days.values()) == {1, 2}
    first_days = db.session.execute(select(Registration.checked_in_at, DayAttendance.arrived_at).join(
        DayAttendance, DayAttendance.registration_id == Registration.id).where(
        DayAttendance.forum_id == acf.id, DayAttendance.day == acf.start_date)).all()
    assert all(checked == arrived for checked, arrived in first_days)  # the first arrival of all
