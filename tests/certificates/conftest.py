"""What the certificate tests share: Mai's three-day training and its participants, who attended three, two and
one day, and a certificate written with a signatory who has a signature image."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

DAYS = (date(2027, 4, 14), date(2027, 4, 15), date(2027, 4, 16))
BODY = ("This is to certify that {name} of {organisation} attended {days_attended} of the {days_total} days of "
        "{forum}, held {dates}.")


@pytest.fixture
def mai(create_user):
    return create_user(email="mai@example.org", name="Mai")


@pytest.fixture
def training(create_forum, create_registration, create_day_attendance, create_signatory, mai):
    """A three-day training: Linh came all three days, Sopheak two, Dara one; a certificate written, not published."""
    from forumops.certificates import operations
    from forumops.extensions import db

    forum = create_forum(slug="hanoi-training", title="Hanoi Training on Social Enterprise", organiser=mai,
                         start_date=DAYS[0], end_date=DAYS[-1], timezone="Asia/Ho_Chi_Minh")
    people = {}
    for key, name, days in (("linh", "Nguyễn Phương Linh", DAYS), ("sopheak", "Sopheak Chan", DAYS[:2]),
                            ("dara", "Dara Sok", DAYS[2:])):
        registration, token = create_registration(forum, name=name, email=f"{key}@example.org",
                                                  organisation="Women's Union of Hanoi", status="confirmed",
                                                  notify=False)
        create_day_attendance(registration, *days)
        people[key] = SimpleNamespace(registration=registration, token=token)
    signatory = create_signatory(forum)
    operations.save_design(forum, {"title": "Certificate of attendance", "body": BODY,
                                   "signatories": [signatory.id], "logos": []}, [])
    operations.save_recipients(forum, "days", 2, [], [])
    db.session.commit()
    return SimpleNamespace(forum=forum, people=people, signatory=signatory, organiser=mai)
