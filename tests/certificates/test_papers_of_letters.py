"""The register of papers and the letter queue when a letter holder's registration matters: the CSV names the
person as registered (the passport name a letter prints, and its other private details, only when ticked in), the
page labels the name printed; a registration cancelled after its letter was issued keeps the letter valid but is
flagged "consider revoking" to the organisers, and the person can no longer download it."""

from __future__ import annotations

import csv
import io
import json

import pytest

from forumops.certificates.letters.models import LetterRequest
from forumops.certificates.models import IssuedDocument
from tests.certificates.letter_fixtures import SLUG, letters_fixture, request_data, version_of  # noqa: F401
from tests.certificates.test_verify import text_of
from tests.conftest import sign_in

PRIVATE = ("SOK SOPHEAK", "N0123456", "1988-03-14")


@pytest.fixture
def issued(app, client, letters, db):
    """Sopheak's letter, approved by Mai; returns her signed-in client."""
    assert client.post(f"/forums/{SLUG}/registration/{letters.token}/letter", data=request_data()).status_code == 302
    request = db.session.query(LetterRequest).one()
    organiser = app.test_client()
    sign_in(organiser, letters.mai)
    assert organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve",
                          data={"version": version_of(request)}).status_code == 302
    return organiser


def _csv(organiser, query: str = "") -> list[list[str]]:
    response = organiser.get(f"/forums/{SLUG}/papers.csv{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_register_csv_names_the_person_as_registered_and_letter_details_only_when_ticked(issued):
    header, row = _csv(issued)
    assert header[1] == "Name"
    assert row[:2] == ["Invitation letter", "Sok Sopheak"]
    for private in PRIVATE:
        assert private not in json.dumps([header, row], ensure_ascii=False), private

    header, row = _csv(issued, "?include=letters&kind=letter")
    assert header[-9:] == ["Letter status", "Letter purpose", "Passport name", "Nationality", "Passport number",
                           "Date of birth", "Letter addressed to", "Its address", "Letter issued on"]
    assert row[1] == "Sok Sopheak"
    assert row[-9:-1] == ["Approved", "A visa", "SOK SOPHEAK", "Cambodia", "N0123456", "1988-03-14",
                          "Embassy of Viet Nam, Phnom Penh", "436 Preah Sihanouk Blvd\nPhnom Penh"]


def test_the_register_page_offers_the_tick_and_labels_the_name_printed(issued):
    response = issued.get(f"/forums/{SLUG}/papers")
    html = response.get_data(as_text=True)
    assert 'name="include" value="letters"' in html
    assert "Include invitation letter details" in html
    page = text_of(response)
    assert "Sok Sopheak Name printed: SOK SOPHEAK" in page


def test_a_cancelled_registration_keeps_its_letter_valid_but_flagged_and_not_downloadable(
        client, issued, letters, db):
    from forumops.certificates.issuing import code_of
    from forumops.registration.seats import cancel

    paper = db.session.query(IssuedDocument).one()
    with client.application.test_request_context():
        code = code_of(paper)
    cancel(letters.forum, letters.registration, notify=False)
    db.session.commit()

    register = text_of(issued.get(f"/forums/{SLUG}/papers"))
    assert "Registration cancelled — consider revoking" in register
    queue = text_of(issued.get(f"/forums/{SLUG}/letters"))
    assert "Registration cancelled — consider revoking" in queue
    request = db.session.query(LetterRequest).one()
    detail = text_of(issued.get(f"/forums/{SLUG}/letters/{request.id}"))
    assert "Registration cancelled — consider revoking this letter" in detail

    refused = client.get(f"/forums/{SLUG}/registration/{letters.token}/letter.pdf")
    assert refused.status_code == 303
    page = text_of(client.get(refused.headers["Location"]))
    assert "Your registration is cancelled, so your invitation letter can no longer be downloaded." in page
    assert "Download your invitation letter (PDF)" not in page
    assert "Download your invitation letter (PDF)" not in text_of(
        client.get(f"/forums/{SLUG}/registration/{letters.token}"))
    # not revoked by itself: it still verifies, until an organiser decides
    assert "Valid" in text_of(client.get(f"/verify/{code}"))
    assert issued.get(f"/forums/{SLUG}/letters/{request.id}/letter.pdf").status_code == 200  # organisers still can

    # revoked, the flag goes
    issued.post(f"/forums/{SLUG}/papers/{paper.id}/revoke", data={"reason": "Registration cancelled."})
    assert "consider revoking" not in text_of(issued.get(f"/forums/{SLUG}/papers"))
    assert "consider revoking" not in text_of(issued.get(f"/forums/{SLUG}/letters"))
