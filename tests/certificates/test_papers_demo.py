"""The demo shows certificates and letters at work: the Hanoi training's certificate published to those who came
two days or more (Linh among them), and Sopheak's invitation letter request waiting for Mai."""

from __future__ import annotations

from sqlalchemy import func, select

from forumops.certificates.letters.models import LetterRequest
from forumops.certificates.models import IssuedDocument
from forumops.forums.models import Forum
from forumops.registration.attendance import days_attended
from forumops.registration.models import Registration


def test_the_demo_publishes_the_trainings_certificate_and_asks_for_a_letter(app, db):
    from forumops.demo.loader import load_demo

    load_demo()
    db.session.commit()
    issued = db.session.scalar(select(func.count(IssuedDocument.id)))
    load_demo()  # twice: nothing issued again
    db.session.commit()
    assert db.session.scalar(select(func.count(IssuedDocument.id))) == issued

    training = db.session.scalar(select(Forum).where(Forum.slug == "local-economic-development-training-hanoi-2014"))
    holders = set(db.session.scalars(select(IssuedDocument.registration_id).where(
        IssuedDocument.forum_id == training.id, IssuedDocument.kind == "certificate")))
    assert holders == {rid for rid, days in days_attended(training).items() if days >= 2}
    linh = db.session.scalar(select(Registration.id).where(Registration.forum_id == training.id,
                                                           Registration.email == "linh@example.org"))
    assert linh in holders

    request = db.session.scalar(select(LetterRequest).join(Registration).where(
        Registration.email == "sopheak@example.org"))
    assert (request.status, request.passport_name) == ("requested", "SOK SOPHEAK")
