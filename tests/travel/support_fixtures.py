"""What the support tests share: Mai's training in Hanoi, whose per diem is USD 30 a day, with Sopheak and Linh
confirmed (Sopheak with an account), Dara still pending."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

SLUG = "hanoi-training"


@pytest.fixture(name="training")
def training_fixture(create_user, create_forum, create_registration, db):
    from forumops.travel.models import TravelSettings

    mai = create_user(email="mai@example.org", name="Mai Tran")
    forum = create_forum(slug=SLUG, title="Hanoi Training on Social Enterprise", organiser=mai,
                         start_date=date(2027, 6, 8), end_date=date(2027, 6, 10), timezone="Asia/Ho_Chi_Minh")
    db.session.add(TravelSettings(forum_id=forum.id, currency="USD", per_diem_rate=Decimal("30.00")))
    sopheak_user = create_user(email="sopheak@example.org", name="Sok Sopheak")
    people = {}
    for key, name, status, user in (("sopheak", "Sok Sopheak", "confirmed", sopheak_user),
                                    ("linh", "Nguyễn Phương Linh", "confirmed", None),
                                    ("dara", "Dara Chan", "pending", None)):
        registration, token = create_registration(forum, user=user, name=name, email=f"{key}@example.org",
                                                  organisation="Women Entrepreneurs' Association", status=status,
                                                  notify=False)
        people[key] = SimpleNamespace(registration=registration, token=token)
    db.session.commit()
    return SimpleNamespace(forum=forum, mai=mai, sopheak_user=sopheak_user, **people)
