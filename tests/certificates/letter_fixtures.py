"""Fixtures of the invitation-letter tests: the Hanoi training with its letter written and offered, signed by a
signatory with a signature image (made through the model: the signatories page is the certificates stage's), and
Sopheak's confirmed registration with its private link. Imported by each tests/certificates/test_letters*.py."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest

from tests.pdf_images import logo_png

SLUG = "hanoi-training-2027"
SOPHEAK = {"name": "Sok Sopheak", "email": "sopheak@example.org", "country": "KH",
           "organisation": "Cambodia Women Entrepreneurs Association"}
LETTER_BODY = ("To {authority},\n\nWe are pleased to invite {passport_name}, a national of {nationality}, of "
               "{organisation}, to take part in {forum}, held at {venue} on {dates}.")


def make_signatory(forum, name: str = "Dr Lan Pham", title: str = "Director, Mekong Institute",
                   with_image: bool = True):
    """A forum's signatory, with a signature image unless asked otherwise."""
    from forumops.certificates.models import PaperSignatory
    from forumops.core.uploads import store_upload
    from forumops.extensions import db

    stored = store_upload(io.BytesIO(logo_png((400, 120), (20, 20, 80))), "signature.png", images="only") \
        if with_image else None
    signatory = PaperSignatory(forum_id=forum.id, name=name, title=title, signature_file=stored)
    db.session.add(signatory)
    db.session.flush()
    return signatory


def letter_settings(signatory_id, **changes) -> dict:
    """The settings save_settings takes: letters offered, the test body, signed by `signatory_id`."""
    return {"is_open": True, "subject": "Invitation to {forum}", "body": LETTER_BODY, "with_forum_logo": True,
            "partner_logo_ids": [], "signatory_id": signatory_id, **changes}


@pytest.fixture(name="letters")
def letters_fixture(create_user, create_forum, create_registration, db):
    """The forum with letters offered, its organiser Mai, and Sopheak confirmed (registration, private token)."""
    from forumops.certificates.letters.operations import save_settings

    mai = create_user(email="mai@example.org", name="Mai Tran")
    forum = create_forum(SLUG, status="registration_open", title="Hanoi Training on Women's Economic Empowerment",
                         organiser=mai, start_date=date(2027, 6, 8), end_date=date(2027, 6, 10),
                         timezone="Asia/Ho_Chi_Minh", mode="in_person", venue_name="Melia Hotel",
                         venue_address="44B Ly Thuong Kiet", venue_city="Hanoi", venue_country="VN")
    signatory = make_signatory(forum)
    save_settings(forum, letter_settings(signatory.id))
    db.session.commit()
    registration, token = create_registration(forum, notify=False, status="confirmed", **SOPHEAK)
    return SimpleNamespace(forum=forum, mai=mai, signatory=signatory, registration=registration, token=token)


def request_data(**changes) -> dict:
    """A filled request form, as Sopheak sends it."""
    return {"purpose": "visa", "passport_name": "SOK SOPHEAK", "nationality": "KH", "passport_number": "N0123456",
            "birth_date": "1988-03-14", "authority_name": "Embassy of Viet Nam, Phnom Penh",
            "authority_address": "436 Preah Sihanouk Blvd\nPhnom Penh", "language": "en", **changes}


def version_of(request) -> str:
    """The request's version as the organiser's page posts it with Approve and Decline (what they read)."""
    from forumops.certificates.letters.operations import request_version
    from forumops.extensions import db

    db.session.refresh(request)
    return request_version(request)
