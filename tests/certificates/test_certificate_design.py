"""The certificate's design once people hold it (issue 21, review of item 2): saving runs the checks publishing
runs (refused at the field, the text kept) and the page warns that edits change how issued certificates print; a
signature that a published certificate or an issued letter prints cannot be taken away. The preview finds anyone
by name and says who would receive none; {hours_attended} says it needs a programme with sessions."""

from __future__ import annotations

from datetime import date

import pytest

from forumops.certificates import operations, queries
from forumops.extensions import db

from .letter_fixtures import letter_settings, request_data

DESIGN = "/forums/hanoi-training/certificates"


@pytest.fixture
def as_mai(client, login, training):
    login(training.organiser)
    return client


def _published(training):
    operations.publish(training.forum, training.organiser)
    db.session.commit()


def test_once_published_a_signatory_without_a_signature_is_refused_at_the_field(as_mai, training,
                                                                                 create_signatory):
    _published(training)
    bare = create_signatory(training.forum, name="Ms Lan Anh", signature=False)
    typed = "This certifies that {name} took part in {forum}."
    response = as_mai.post(DESIGN, data={"title": "Certificate of attendance", "body": typed,
                                         "signatories": [str(training.signatory.id), str(bare.id)]})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="signatories-error"' in page
    assert "every certificate issued prints with what you save: Add Ms Lan Anh’s signature image" in page
    assert typed in page  # what she typed is kept
    template = queries.get_template(training.forum)
    assert template.signatory_ids == [training.signatory.id]
    assert template.body != typed


def test_before_publishing_the_same_design_saves_with_a_hint(as_mai, training, create_signatory):
    bare = create_signatory(training.forum, name="Ms Lan Anh", signature=False)
    response = as_mai.post(DESIGN, data={"title": "Certificate of attendance", "body": "{name}",
                                         "signatories": [str(training.signatory.id), str(bare.id)]})
    assert response.status_code == 302
    assert "No signature image yet: Ms Lan Anh." in as_mai.get(DESIGN).get_data(as_text=True)


def test_the_design_page_warns_that_edits_change_issued_certificates(as_mai, training):
    assert "changes how the issued certificates print" not in as_mai.get(DESIGN).get_data(as_text=True)
    _published(training)
    page = as_mai.get(DESIGN).get_data(as_text=True)
    assert "2 certificates are issued, and each is drawn again from this design" in page
    assert "changes how the issued certificates print" in page


@pytest.mark.parametrize("action", ["remove-signature", "delete"])
def test_who_signs_the_published_certificate_keeps_their_signature(as_mai, training, action):
    _published(training)
    person = training.signatory
    response = as_mai.post(f"/forums/hanoi-training/signatories/{person.id}/{action}", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Dr Somchai Wongsa signs the published certificate" in page
    db.session.expire_all()
    kept = queries.get_signatory(training.forum, person.id)
    assert kept is not None
    assert kept.signature_file_id is not None


def test_once_unpublished_the_signature_can_go(as_mai, training):
    _published(training)
    operations.unpublish(training.forum)
    db.session.commit()
    as_mai.post(f"/forums/hanoi-training/signatories/{training.signatory.id}/remove-signature")
    db.session.expire_all()
    assert queries.get_signatory(training.forum, training.signatory.id).signature_file_id is None


@pytest.mark.parametrize("action", ["remove-signature", "delete"])
def test_who_signed_an_issued_letter_keeps_their_signature(app, client, login, training, create_signatory, action):
    from forumops.certificates.letters import operations as letters
    from forumops.certificates.letters.models import LetterRequest

    forum = training.forum
    director = create_signatory(forum, name="Dr Lan Pham")
    letters.save_settings(forum, letter_settings(director.id))
    registration = training.people["sopheak"].registration
    letters.submit_request(forum, registration, {**request_data(), "birth_date": date(1988, 3, 14)})
    request = db.session.query(LetterRequest).one()
    letters.approve(forum, request, training.organiser, letters.request_version(request))
    db.session.commit()
    login(training.organiser)
    page = client.post(f"/forums/hanoi-training/signatories/{director.id}/{action}",
                       follow_redirects=True).get_data(as_text=True)
    assert "Dr Lan Pham signed 1 invitation letter already issued" in page
    db.session.expire_all()
    assert queries.get_signatory(forum, director.id).signature_file_id is not None


def test_the_preview_finds_anyone_by_name_and_says_who_receives_none(as_mai, training, create_registration):
    for n in range(12):  # more people than the page lists at first
        create_registration(training.forum, name=f"Aaron Person {n:02d}", email=f"p{n}@example.org",
                            status="confirmed", notify=False)
    first = as_mai.get(DESIGN).get_data(as_text=True).split('id="preview"')[1]
    assert "The first 10 of 15 by name" in first
    assert "Dara Sok" not in first
    found = as_mai.get(f"{DESIGN}?who=dara").get_data(as_text=True).split('id="preview"')[1]
    assert "1 person found." in found
    assert "Dara Sok" in found
    assert "not eligible under the current rule: 1 of 3 days" in found
    dara = training.people["dara"].registration
    assert f"/forums/hanoi-training/certificates/preview.pdf?person={dara.id}" in found
    accented = as_mai.get(f"{DESIGN}?who=nguyen+linh").get_data(as_text=True).split('id="preview"')[1]
    assert "Nguyễn Phương Linh" in accented
    assert "receives one on publishing" in accented


def test_the_preview_of_someone_the_rule_leaves_out_says_so_on_the_paper(as_mai, training):
    from .test_certificate_pages import pdf_text

    dara = training.people["dara"].registration
    pdf = as_mai.get(f"{DESIGN}/preview.pdf?person={dara.id}").data
    text = " ".join(pdf_text(pdf).split())
    assert "Preview: not issued, not valid · not eligible under the current rule: 1 of 3 days" in text


def test_hours_attended_says_it_needs_a_programme_with_sessions(as_mai, training, create_item):
    from datetime import time

    from .conftest import DAYS

    page = as_mai.get(DESIGN).get_data(as_text=True)
    assert "Needs a programme with sessions: this forum’s has none yet." in page
    create_item(training.forum, "Opening", time(9), time(12), DAYS[0], type="plenary")
    assert "Needs a programme with sessions" not in as_mai.get(DESIGN).get_data(as_text=True)
