"""People checked in before attendance was kept day by day keep their arrival: the migration gives each of them
the day they arrived, in the forum's own time zone (an arrival at 23:30 UTC in Bangkok is the next morning)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def test_the_migration_gives_earlier_check_ins_their_day(tmp_path):
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, select

    from config import TestingConfig
    from forumops import create_app
    from forumops.extensions import db

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'before.sqlite'}"

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="d8f2a4c6e1b3")  # the revision before the days were filled in
    tables = db.metadata.tables
    engine = create_engine(Config.SQLALCHEMY_DATABASE_URI)
    late = datetime(2027, 4, 13, 23, 30, tzinfo=UTC)  # 06:30 on the 14th in Bangkok
    with engine.begin() as conn:
        conn.execute(tables["forums"].insert(), {
            "id": 1, "title": "Hanoi training", "slug": "hanoi", "start_date": date(2027, 4, 14),
            "end_date": date(2027, 4, 16), "timezone": "Asia/Bangkok"})
        common = {"forum_id": 1, "status": "confirmed", "created_at": late, "updated_at": late}
        conn.execute(tables["registrations"].insert(), [
            {**common, "id": 1, "name": "Linh", "email": "linh@example.org", "manage_token_hash": "a" * 64,
             "checkin_code": "AAAAAAAAAAAA", "checked_in_at": late},
            {**common, "id": 2, "name": "Sopheak", "email": "sopheak@example.org", "manage_token_hash": "b" * 64,
             "checkin_code": "BBBBBBBBBBBB", "checked_in_at": None},  # never came
        ])
    engine.dispose()
    with app.app_context():
        upgrade()
        days = db.session.execute(select(tables["attendance_days"].c.registration_id,
                                         tables["attendance_days"].c.day,
                                         tables["attendance_days"].c.arrived_at)).all()
    assert [(r, d) for r, d, _at in days] == [(1, date(2027, 4, 14))]
    assert days[0][2] == late  # the arrival time itself is kept
