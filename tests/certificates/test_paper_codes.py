"""Printed codes and the key they are derived under: FORUMOPS_PAPER_CODE_SECRET keeps every paper's code when
SECRET_KEY is rotated, and a paper whose code no longer derives from the key in use is never printed with a code
that does not verify: its download is refused with a message and an error is logged, its code still verifies,
and the register says it cannot be printed."""

from __future__ import annotations

import logging
import subprocess

import pytest

from forumops.certificates import operations
from forumops.certificates.issuing import code_of
from forumops.certificates.models import IssuedDocument
from forumops.extensions import db
from tests.certificates.letter_fixtures import SLUG, letters_fixture, request_data, version_of  # noqa: F401
from tests.certificates.test_verify import text_of
from tests.conftest import sign_in

OLD_KEY = "testing-secret-not-for-production"  # TestingConfig.SECRET_KEY: what the papers are issued under
NEW_KEY = "a-rotated-secret-key-of-at-least-32-characters"


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.fixture
def published(training):
    operations.publish(training.forum, training.organiser)
    db.session.commit()
    return training


def test_the_paper_code_secret_keeps_every_code_when_the_secret_key_is_rotated(app, client, published,
                                                                                monkeypatch):
    url = f"/forums/hanoi-training/registration/{published.people['linh'].token}/certificate.pdf"
    assert app.config["SECRET_KEY"] == OLD_KEY
    printed = _pdf_text(client.get(url).data)
    linh = db.session.query(IssuedDocument).filter_by(registration_id=published.people["linh"].registration.id).one()
    with app.test_request_context():
        code = code_of(linh)
    assert code in printed

    # the administrator rotates SECRET_KEY, keeping the old one as the paper code secret, as the README says
    monkeypatch.setitem(app.config, "SECRET_KEY", NEW_KEY)
    monkeypatch.setitem(app.config, "PAPER_CODE_SECRET", OLD_KEY)
    again = client.get(url)
    assert again.status_code == 200
    assert code in _pdf_text(again.data)  # the same code as on the paper printed before
    assert client.get(f"/verify/{code}").status_code == 200


def test_a_download_after_the_key_changed_is_refused_and_logged_never_printed_with_a_wrong_code(
        app, client, login, published, monkeypatch, caplog):
    linh = published.people["linh"]
    paper = db.session.query(IssuedDocument).filter_by(registration_id=linh.registration.id).one()
    with app.test_request_context():
        code = code_of(paper)
    monkeypatch.setitem(app.config, "SECRET_KEY", NEW_KEY)  # rotated without keeping the old key for the codes

    with caplog.at_level(logging.ERROR, logger="forumops.certificates.issuing"):
        mine = client.get(f"/forums/hanoi-training/registration/{linh.token}/certificate.pdf")
    assert mine.status_code == 503
    assert mine.mimetype == "text/html"
    page = text_of(mine)
    assert "Your paper cannot be downloaded right now" in page
    assert "Please write to the organisers of Hanoi Training on Social Enterprise" in page
    assert any("FORUMOPS_PAPER_CODE_SECRET" in record.getMessage() and record.levelno == logging.ERROR
               for record in caplog.records)

    # the code on the paper printed before still verifies, and the page shows that code
    verified = client.get(f"/verify/{code}")
    assert verified.status_code == 200
    assert code in text_of(verified)

    login(published.organiser)
    refused = client.get("/forums/hanoi-training/certificates/certificates.pdf")
    assert refused.status_code == 503
    page = text_of(refused)
    assert "This paper cannot be printed" in page
    assert "set FORUMOPS_PAPER_CODE_SECRET to the key in use when the paper was issued" in page
    assert client.get("/forums/hanoi-training/certificates/certificates.zip").status_code == 503
    register = client.get("/forums/hanoi-training/papers")
    assert register.status_code == 200
    assert text_of(register).count("Code cannot be printed (key changed)") == 2
    assert "/verify/" not in register.get_data(as_text=True)
    revoke = client.get(f"/forums/hanoi-training/papers/{paper.id}/revoke")
    assert "Code cannot be printed (key changed)" in text_of(revoke)


def test_a_letter_whose_code_cannot_be_printed_is_refused_to_the_person_and_the_organisers(
        app, client, letters, monkeypatch):
    from forumops.certificates.letters.models import LetterRequest

    assert client.post(f"/forums/{SLUG}/registration/{letters.token}/letter", data=request_data()).status_code == 302
    request = db.session.query(LetterRequest).one()
    organiser = app.test_client()
    sign_in(organiser, letters.mai)
    assert organiser.post(f"/forums/{SLUG}/letters/{request.id}/approve",
                          data={"version": version_of(request)}).status_code == 302
    monkeypatch.setitem(app.config, "SECRET_KEY", NEW_KEY)
    mine = client.get(f"/forums/{SLUG}/registration/{letters.token}/letter.pdf")
    assert mine.status_code == 503
    assert "Your paper cannot be downloaded right now" in text_of(mine)
    sign_in(organiser, letters.mai)  # the rotated key signs sessions anew
    theirs = organiser.get(f"/forums/{SLUG}/letters/{request.id}/letter.pdf")
    assert theirs.status_code == 503
    assert "This paper cannot be printed" in text_of(theirs)
