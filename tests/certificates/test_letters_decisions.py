"""Invitation letters, the organisers' side: approving issues exactly one letter (all or nothing: a signatory
without a signature image or an unconfirmed registration issues none), declining needs a reason the person reads,
the letter downloads only through the owner's link or account or by the forum's organisers, and the PDF says what
was issued: the passport name, the authority, the forum's dates and venue."""

from __future__ import annotations

import subprocess

from forumops.certificates.letters.models import LetterRequest, LetterSettings
from forumops.certificates.models import IssuedDocument
from tests.certificates.letter_fixtures import (  # noqa: F401  (letters_fixture: a fixture)
    SLUG,
    letters_fixture,
    make_signatory,
    request_data,
    version_of,
)
from tests.conftest import count_queries, sign_in


def _asked(client, letters, db, **changes) -> LetterRequest:
    assert client.post(f"/forums/{SLUG}/registration/{letters.token}/letter",
                       data=request_data(**changes)).status_code == 302
    return db.session.query(LetterRequest).one()


def _as(app, user):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client


def _approve(organiser, request, **kwargs):
    """Approve as the detail page does: with the version of the request the organiser read."""
    return organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve", data={"version": version_of(request)},
                          **kwargs)


def pdftotext(pdf: bytes) -> str:
    """The letter's text as poppler reads it, white space collapsed."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(out.decode().split())


def test_approving_issues_exactly_one_letter_and_tells_the_person(app, client, letters, db, deliver_mail):
    request = _asked(client, letters, db)
    organiser = _as(app, letters.mai)
    url = f"/forums/{SLUG}/letters/{request.id}/approve"
    version = version_of(request)
    assert organiser.post(url, data={"version": version}).status_code == 302
    # a second click, or a second organiser
    again = organiser.post(url, data={"version": version}, follow_redirects=True)
    assert "This request was decided already." in again.get_data(as_text=True)
    issued = db.session.query(IssuedDocument).one()
    assert (issued.kind, issued.holder_name, issued.registration_id) == ("letter", "SOK SOPHEAK",
                                                                          letters.registration.id)
    assert issued.issued_by_id == letters.mai.id
    assert issued.details["purpose"] == "visa"
    assert issued.details["authority"] == "Embassy of Viet Nam, Phnom Penh"
    assert (issued.details["start_date"], issued.details["end_date"]) == ("2027-06-08", "2027-06-10")
    db.session.refresh(request)
    assert (request.status, request.issued_id, request.decided_by_id) == ("approved", issued.id, letters.mai.id)
    [mail] = [m for m in deliver_mail() if m["To"] == "sopheak@example.org"]
    assert "Your invitation letter for Hanoi Training" in mail["Subject"]
    assert f"/forums/{SLUG}/registration/" in mail.get_body(("plain",)).get_content()
    detail = organiser.get(f"/forums/{SLUG}/letters/{request.id}").get_data(as_text=True)
    assert "Issued on" in detail
    assert "by Mai Tran" in detail


def test_a_signatory_without_a_signature_image_issues_nothing(app, client, letters, db):
    unsigned = make_signatory(letters.forum, name="Nguyen Van Binh", with_image=False)
    db.session.get(LetterSettings, letters.forum.id).signatory_id = unsigned.id
    db.session.commit()
    request = _asked(client, letters, db)
    organiser = _as(app, letters.mai)
    detail = organiser.get(f"/forums/{SLUG}/letters/{request.id}").get_data(as_text=True)
    assert "Nguyen Van Binh, who signs the letters, has no signature image yet." in detail
    answer = _approve(organiser, request, follow_redirects=True)
    assert "Nguyen Van Binh has no signature image yet" in answer.get_data(as_text=True)
    assert db.session.query(IssuedDocument).count() == 0
    db.session.refresh(request)
    assert request.status == "requested"


def test_an_unconfirmed_registration_gets_no_letter(app, client, letters, db):
    request = _asked(client, letters, db)
    letters.registration.status = "pending"
    db.session.commit()
    answer = _approve(_as(app, letters.mai), request, follow_redirects=True)
    assert "is not confirmed: confirm it at the registration desk" in answer.get_data(as_text=True)
    assert db.session.query(IssuedDocument).count() == 0


def test_declining_needs_a_reason_which_the_person_reads(app, client, letters, db, deliver_mail):
    request = _asked(client, letters, db)
    organiser = _as(app, letters.mai)
    url = f"/forums/{SLUG}/letters/{request.id}/decline"
    refused = organiser.post(url, data={"reason": "   ", "version": version_of(request)})
    assert refused.status_code == 422
    assert "Say why: the person reads it." in refused.get_data(as_text=True)
    reason = "The training is full for Cambodia; we can invite you to the online sessions."
    assert organiser.post(url, data={"reason": reason, "version": version_of(request)}).status_code == 302
    page = client.get(f"/forums/{SLUG}/registration/{letters.token}/letter").get_data(as_text=True)
    assert "The organisers declined your request." in page
    assert reason in page
    [mail] = [m for m in deliver_mail() if m["To"] == "sopheak@example.org"]
    assert reason in mail.get_body(("plain",)).get_content()
    assert db.session.query(IssuedDocument).count() == 0
    # changed and sent again, it waits for a decision once more
    client.post(f"/forums/{SLUG}/registration/{letters.token}/letter", data=request_data(purpose="other"))
    db.session.refresh(request)
    assert (request.status, request.decline_reason) == ("requested", "")


def test_the_letter_downloads_by_the_owners_link_or_account_or_by_organisers_only(
        app, client, letters, db, create_user, create_registration, create_forum, add_role):
    request = _asked(client, letters, db)
    _approve(_as(app, letters.mai), request)
    mine = client.get(f"/forums/{SLUG}/registration/{letters.token}/letter.pdf")
    assert mine.status_code == 200
    assert mine.data.startswith(b"%PDF")
    assert mine.headers["Cache-Control"] == "no-store"
    # the page and the panel offer it
    assert f"/forums/{SLUG}/registration/{letters.token}/letter.pdf" in client.get(
        f"/forums/{SLUG}/registration/{letters.token}").get_data(as_text=True)
    # someone else's private link, a made-up one: nothing
    _other, other_token = create_registration(letters.forum, notify=False, status="confirmed")
    assert client.get(f"/forums/{SLUG}/registration/{other_token}/letter.pdf").status_code == 404
    assert client.get(f"/forums/{SLUG}/registration/not-a-token/letter.pdf").status_code == 404
    organiser_pdf = f"/forums/{SLUG}/letters/{request.id}/letter.pdf"
    assert _as(app, letters.mai).get(organiser_pdf).data.startswith(b"%PDF")
    participant = create_user(email="participant@example.org")
    add_role(letters.forum, participant, "participant")
    assert _as(app, participant).get(organiser_pdf).status_code == 403
    other_organiser = create_user(email="other@example.org")
    create_forum("another-forum", organiser=other_organiser)
    assert _as(app, other_organiser).get(organiser_pdf).status_code == 403
    assert "/account/signin" in _as(app, None).get(organiser_pdf).headers["Location"]
    # the owner's account downloads it too
    letters.registration.user_id = participant.id
    db.session.commit()
    assert _as(app, participant).get(f"/forums/{SLUG}/my-registration/letter.pdf").data.startswith(b"%PDF")


def test_the_letter_says_who_is_invited_by_whom_to_what_when_and_where(app, client, letters, db):
    request = _asked(client, letters, db)
    _approve(_as(app, letters.mai), request)
    text = pdftotext(client.get(f"/forums/{SLUG}/registration/{letters.token}/letter.pdf").data)
    for expected in ("SOK SOPHEAK", "Nationality: Cambodia", "Passport number: N0123456",
                     "Date of birth: 14 March 1988", "Embassy of Viet Nam, Phnom Penh", "436 Preah Sihanouk Blvd",
                     "Invitation to Hanoi Training on Women's Economic Empowerment", "8–10 June 2027",
                     "Melia Hotel, 44B Ly Thuong Kiet, Hanoi, Viet Nam", "Dr Lan Pham",
                     "Cambodia Women Entrepreneurs Association"):
        assert expected in text, expected
    issued = db.session.query(IssuedDocument).one()
    from forumops.certificates.issuing import code_of

    with app.test_request_context():
        code = code_of(issued)
    assert code in text
    assert f"/verify/{code}" in text


def test_a_letter_prints_what_was_issued_after_the_settings_change(app, client, letters, db):
    request = _asked(client, letters, db)
    _approve(_as(app, letters.mai), request)
    db.session.get(LetterSettings, letters.forum.id).body = "A different text for {passport_name}."
    db.session.commit()
    text = pdftotext(client.get(f"/forums/{SLUG}/registration/{letters.token}/letter.pdf").data)
    assert "We are pleased to invite SOK SOPHEAK" in text
    assert "A different text" not in text


def test_an_issued_request_can_be_neither_changed_nor_withdrawn(app, client, letters, db):
    request = _asked(client, letters, db)
    _approve(_as(app, letters.mai), request)
    page = client.get(f"/forums/{SLUG}/registration/{letters.token}/letter").get_data(as_text=True)
    assert "Withdraw my request" not in page
    assert "Change your request" not in page
    assert client.post(f"/forums/{SLUG}/registration/{letters.token}/letter",
                       data=request_data(passport_name="SOMEONE ELSE")).status_code == 422
    answer = client.post(f"/forums/{SLUG}/registration/{letters.token}/letter/withdraw", data={},
                         follow_redirects=True)
    assert "cannot be withdrawn" in answer.get_data(as_text=True)
    db.session.refresh(request)
    assert (request.status, request.passport_name) == ("approved", "SOK SOPHEAK")


def test_the_queue_lists_and_filters_the_requests(app, client, letters, db, create_registration):
    organiser = _as(app, letters.mai)

    def ask(count: int) -> None:
        for n in range(count):
            _registration, token = create_registration(letters.forum, notify=False, status="confirmed")
            client.post(f"/forums/{SLUG}/registration/{token}/letter", data=request_data(passport_name=f"PERSON {n}"))

    _asked(client, letters, db)
    one = count_queries(db, lambda: organiser.get(f"/forums/{SLUG}/letters"))
    ask(4)
    assert count_queries(db, lambda: organiser.get(f"/forums/{SLUG}/letters")) == one  # not one more per request
    page = organiser.get(f"/forums/{SLUG}/letters").get_data(as_text=True)
    assert "SOK SOPHEAK" in page
    assert "Sok Sopheak" in page
    assert "A visa" in page
    assert "PERSON 3" in page
    assert "SOK SOPHEAK" not in organiser.get(f"/forums/{SLUG}/letters?status=approved").get_data(as_text=True)
    assert "SOK SOPHEAK" in organiser.get(f"/forums/{SLUG}/letters?status=requested").get_data(as_text=True)


def test_the_letterhead_holds_the_forums_logo_and_the_ticked_partners_only(app, client, letters, db, login):
    import io

    from pypdf import PdfReader

    from forumops.forums.operations import add_partner, set_forum_logo
    from forumops.organisations.operations import set_organisation_logo
    from tests.pdf_images import logo_png, page_images

    set_forum_logo(letters.forum, io.BytesIO(logo_png((300, 300), (150, 30, 30))), "forum.png")
    ticked = add_partner(letters.forum, "Mekong Institute", "co_organiser")
    left_out = add_partner(letters.forum, "ASEAN Foundation", "funder")
    for partner, colour in ((ticked, (20, 120, 60)), (left_out, (200, 150, 0))):
        set_organisation_logo(partner.organisation, io.BytesIO(logo_png((480, 160), colour)), "logo.png")
    db.session.commit()
    login(letters.mai)
    settings = client.get(f"/forums/{SLUG}/letters/settings").get_data(as_text=True)
    assert "Mekong Institute" in settings  # both offered
    assert "ASEAN Foundation" in settings
    assert client.post(f"/forums/{SLUG}/letters/settings", data={
        "is_open": "y", "subject": "Invitation to {forum}", "body": "To {authority}: {passport_name} is invited.",
        "signatory": str(letters.signatory.id), "with_forum_logo": "y",
        "partner_logos": [str(ticked.organisation_id)]}).status_code == 302
    request = _asked(client, letters, db)
    assert _approve(client, request).status_code == 302
    pdf = client.get(f"/forums/{SLUG}/letters/{request.id}/letter.pdf").data
    images = page_images(PdfReader(io.BytesIO(pdf)).pages[0])
    assert len(images) == 3  # the forum's logo, the ticked partner's, the signature; the funder's is left out
