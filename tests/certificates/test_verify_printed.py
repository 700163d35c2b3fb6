"""The verification page shows what the paper printed, not the forum as it is now: a forum renamed or moved after
its certificates and letters were issued never makes a genuine paper look wrong. A certificate prints no place, so
its page shows none; a letter prints its venue, so its page shows it."""

from __future__ import annotations

from datetime import date

from forumops.certificates import operations
from forumops.certificates.letters.models import LetterRequest
from forumops.certificates.models import IssuedDocument
from forumops.extensions import db
from tests.certificates.letter_fixtures import SLUG, letters_fixture, request_data, version_of  # noqa: F401
from tests.certificates.test_verify import text_of
from tests.conftest import sign_in


def _code(app, paper) -> str:
    from forumops.certificates.issuing import code_of

    with app.test_request_context():
        return code_of(paper)


def test_a_certificate_s_page_shows_the_title_and_dates_it_printed_after_the_forum_changed(app, client, training):
    operations.publish(training.forum, training.organiser)
    db.session.commit()
    paper = db.session.query(IssuedDocument).filter_by(
        registration_id=training.people["linh"].registration.id).one()
    forum = training.forum
    forum.title, forum.start_date, forum.end_date = "Social Enterprise Training 2027 (renamed)", date(2027, 5, 4), \
        date(2027, 5, 6)
    forum.venue_city, forum.venue_country = "Da Nang", "VN"
    db.session.commit()
    page = text_of(client.get(f"/verify/{_code(app, paper)}"))
    assert "Forum Hanoi Training on Social Enterprise" in page
    assert "Dates 14–16 April 2027" in page  # as the certificate wrote them
    assert "renamed" not in page
    assert "May" not in page
    for unprinted in ("Place", "Da Nang", "Venue"):  # a certificate prints no place
        assert unprinted not in page, unprinted


def test_a_letter_s_page_shows_the_title_dates_and_venue_it_printed_after_the_forum_changed(app, client, letters):
    assert client.post(f"/forums/{SLUG}/registration/{letters.token}/letter", data=request_data()).status_code == 302
    request = db.session.query(LetterRequest).one()
    organiser = app.test_client()
    sign_in(organiser, letters.mai)
    assert organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve",
                          data={"version": version_of(request)}).status_code == 302
    paper = db.session.query(IssuedDocument).one()
    assert paper.details["forum_title"] == "Hanoi Training on Women's Economic Empowerment"
    forum = letters.forum
    forum.title, forum.venue_name, forum.end_date = "Renamed training", "Another hotel", date(2027, 6, 12)
    db.session.commit()
    page = text_of(client.get(f"/verify/{_code(app, paper)}"))
    assert "Forum Hanoi Training on Women's Economic Empowerment" in page
    assert "Dates 8–10 June 2027" in page
    assert "Venue Melia Hotel, 44B Ly Thuong Kiet, Hanoi, Viet Nam" in page
    for now in ("Renamed training", "Another hotel", "12 June"):
        assert now not in page, now


def test_a_letter_issued_before_its_facts_were_kept_shows_the_forum_s(app, client, letters, issue_paper):
    _paper, code = issue_paper(letters.forum, kind="letter", registration=letters.registration,
                               holder_name="SOK SOPHEAK", details={"start_date": "2027-06-08",
                                                                    "end_date": "2027-06-10"})
    page = text_of(client.get(f"/verify/{code}"))
    assert "Forum Hanoi Training on Women's Economic Empowerment" in page
    assert "Dates 8 June 2027 – 10 June 2027" in page  # the forum's, in the reader's language
    assert "Venue" not in page  # what an old letter printed of it is not known
