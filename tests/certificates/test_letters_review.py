"""What the organiser reviews before approving a letter: the decision is tied to the request as they read it (a
request changed since is refused, nothing issued), the letter is drawn before it is issued (a drawing failure issues
nothing and says why), the queue and the request say when the person takes part online (and warn about a visa
letter for online attendance), and the letter can be previewed, marked as not issued and not valid."""

from __future__ import annotations

import re
import subprocess

import pytest

from forumops.certificates.letters.models import LetterRequest
from forumops.certificates.models import IssuedDocument
from tests.certificates.letter_fixtures import SLUG, letters_fixture, request_data  # noqa: F401  (fixture)
from tests.certificates.test_verify import text_of
from tests.conftest import sign_in


def _asked(client, letters, db, **changes) -> LetterRequest:
    assert client.post(f"/forums/{SLUG}/registration/{letters.token}/letter",
                       data=request_data(**changes)).status_code == 302
    return db.session.query(LetterRequest).one()


@pytest.fixture
def organiser(app, letters):
    client = app.test_client()
    sign_in(client, letters.mai)
    return client


def _version_on_the_page(organiser, request) -> tuple[str, str]:
    """The versions the detail page's Approve and Decline forms post: what the organiser read."""
    html = organiser.get(f"/forums/{SLUG}/letters/{request.id}").get_data(as_text=True)
    return (re.search(r'id="approve-version" name="version" type="hidden" value="([^"]+)"', html).group(1),
            re.search(r'id="decline-version" name="version" type="hidden" value="([^"]+)"', html).group(1))


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_approving_a_request_changed_since_the_organiser_opened_it_issues_nothing(client, organiser, letters, db):
    request = _asked(client, letters, db)
    approve_version, _decline_version = _version_on_the_page(organiser, request)
    # while Mai reads it, Sopheak corrects his passport number
    _asked(client, letters, db, passport_number="N7654321")
    answer = organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve", data={"version": approve_version},
                            follow_redirects=True)
    page = text_of(answer)
    assert "The request changed since you opened it: read it again." in page
    assert "N7654321" in page  # the page she is back on shows what he sent now
    assert db.session.query(IssuedDocument).count() == 0
    db.session.refresh(request)
    assert request.status == "requested"
    # read again, it is approved as it now stands
    approve_version, _decline_version = _version_on_the_page(organiser, request)
    assert organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve",
                          data={"version": approve_version}).status_code == 302
    issued = db.session.query(IssuedDocument).one()
    assert issued.holder_name == "SOK SOPHEAK"
    assert "N7654321" in _pdf_text(organiser.get(f"/forums/{SLUG}/letters/{request.id}/letter.pdf").data)


def test_declining_a_request_changed_since_keeps_the_reason_typed_and_declines_nothing(client, organiser, letters,
                                                                                       db):
    request = _asked(client, letters, db)
    _approve_version, decline_version = _version_on_the_page(organiser, request)
    _asked(client, letters, db, purpose="employer")
    reason = "We cannot write to an embassy for this training."
    answer = organiser.post(f"/forums/{SLUG}/letters/{request.id}/decline",
                            data={"reason": reason, "version": decline_version})
    assert answer.status_code == 422
    page = text_of(answer)
    assert "The request changed since you opened it: read it again." in page
    assert reason in page  # what she typed is kept
    assert "An employer's approval" in page  # and the request as it now is shown
    db.session.refresh(request)
    assert (request.status, request.decline_reason) == ("requested", "")
    # a form without the version it was read at decides nothing either
    assert organiser.post(f"/forums/{SLUG}/letters/{request.id}/decline", data={"reason": reason}).status_code == 422
    db.session.refresh(request)
    assert request.status == "requested"


def test_a_letter_that_cannot_be_drawn_is_not_issued_and_the_organiser_is_told_why(client, organiser, letters, db,
                                                                                    monkeypatch, deliver_mail):
    from forumops.certificates.letters import paper

    def broken(pages, out):
        raise ValueError("the signature image cannot be read")

    monkeypatch.setattr(paper, "render_letters", broken)
    request = _asked(client, letters, db)
    approve_version, _decline_version = _version_on_the_page(organiser, request)
    answer = organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve", data={"version": approve_version},
                            follow_redirects=True)
    assert "The letter could not be drawn, so it was not issued: the signature image cannot be read" in \
        text_of(answer)
    assert db.session.query(IssuedDocument).count() == 0
    db.session.refresh(request)
    assert (request.status, request.letter) == ("requested", {})
    assert [m for m in deliver_mail() if m["To"] == "sopheak@example.org"] == []


def test_the_queue_and_the_request_say_the_person_takes_part_online_and_warn_about_a_visa(client, organiser,
                                                                                          letters, db):
    letters.registration.attendance_mode = "online"
    db.session.commit()
    request = _asked(client, letters, db)
    queue = organiser.get(f"/forums/{SLUG}/letters").get_data(as_text=True)
    row = re.search(r"<tr>\s*<td data-label=\"Name as in the passport\">.*?</tr>", queue, flags=re.S).group(0)
    assert "Online" in row
    assert "a visa letter for online attendance" in row
    assert "(confirmed)" in row  # the registration's status
    detail = text_of(organiser.get(f"/forums/{SLUG}/letters/{request.id}"))
    assert "Takes part Online" in detail
    assert "Sok Sopheak takes part online" in detail
    assert "yet asks for a letter for a visa" in detail
    # in person, or for an employer, nothing to warn about
    letters.registration.attendance_mode = "in_person"
    db.session.commit()
    detail = text_of(organiser.get(f"/forums/{SLUG}/letters/{request.id}"))
    assert "Takes part In person" in detail
    assert "takes part online" not in detail


def test_the_organiser_previews_the_letter_marked_as_not_issued(client, organiser, letters, db):
    request = _asked(client, letters, db)
    assert "Preview the letter (PDF)" in text_of(organiser.get(f"/forums/{SLUG}/letters/{request.id}"))
    preview = organiser.get(f"/forums/{SLUG}/letters/{request.id}/preview.pdf")
    assert preview.status_code == 200
    assert preview.mimetype == "application/pdf"
    assert preview.headers["Content-Disposition"].startswith("inline")
    text = _pdf_text(preview.data)
    assert "Preview: not issued, not valid" in text
    assert "SOK SOPHEAK" in text
    assert "Passport number: N0123456" in text
    assert "/verify/PREVIEW" in text  # no code: nothing is issued
    assert db.session.query(IssuedDocument).count() == 0
    db.session.refresh(request)
    assert request.status == "requested"
    # the issued letter carries no such mark
    version = re.search(r'id="approve-version" name="version" type="hidden" value="([^"]+)"',
                        organiser.get(f"/forums/{SLUG}/letters/{request.id}").get_data(as_text=True)).group(1)
    organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve", data={"version": version})
    issued = _pdf_text(organiser.get(f"/forums/{SLUG}/letters/{request.id}/letter.pdf").data)
    assert "Preview" not in issued
