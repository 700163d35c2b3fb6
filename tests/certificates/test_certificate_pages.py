"""The certificate's pages (issue 21, item 2): what the organiser writes and is refused, previews, publishing from
the page, each person's download through their own link or account only, the organisers' one PDF and ZIP, a
Vietnamese version for a Vietnamese registration, and a constant number of queries per page."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from pypdf import PdfReader

from forumops.certificates import operations, queries
from forumops.certificates.models import IssuedDocument
from forumops.extensions import db
from forumops.forums.versions import CERTIFICATE, save_versions
from tests.conftest import count_queries

from .conftest import BODY, DAYS


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


@pytest.fixture
def as_mai(client, login, training):
    login(training.organiser)
    return client


def _publish(training):
    operations.publish(training.forum, training.organiser)
    db.session.commit()


def test_the_design_page_starts_from_a_draft_and_lists_the_placeholders(client, login, create_forum, mai):
    forum = create_forum(slug="new-forum", organiser=mai)
    login(mai)
    page = client.get(f"/forums/{forum.slug}/certificates").get_data(as_text=True)
    assert "This is to certify that {name} of {organisation}" in page
    for name in ("{days_attended}", "{days_total}", "{hours_attended}", "{country}"):
        assert name in page


def test_an_unknown_placeholder_is_shown_at_its_field_and_the_text_kept(as_mai, training):
    typed = "Dear {name}, thank you for {forrum}."
    response = as_mai.post("/forums/hanoi-training/certificates",
                           data={"title": "Certificate of attendance", "body": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="body-error"' in page
    assert "Unknown placeholder: {forrum}" in page
    assert "Dear {name}, thank you for {forrum}." in page
    assert queries.get_template(training.forum).body == BODY


def test_a_version_with_an_unknown_placeholder_is_refused_on_the_translation_page(as_mai, training):
    training.forum.languages = ["en", "vi"]
    db.session.commit()
    template = queries.get_template(training.forum)
    page = as_mai.get("/forums/hanoi-training/translations/vi").get_data(as_text=True)
    name = f"v_certificate_{template.id}_body"
    assert f'name="{name}"' in page
    response = as_mai.post("/forums/hanoi-training/translations/vi", data={name: "Chứng nhận {tên}"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Unknown placeholder: {tên}" in page
    assert "Chứng nhận {tên}" in page


def test_a_signatory_with_a_signature_image(as_mai, training):
    from tests.pdf_images import logo_png

    response = as_mai.post("/forums/hanoi-training/signatories", data={
        "name": "Ms Trần Thị Lan", "title": "Deputy Director", "position": "2",
        "signature": (io.BytesIO(logo_png((300, 100))), "signature.png")}, content_type="multipart/form-data")
    assert response.status_code == 302
    person = next(p for p in queries.list_signatories(training.forum) if p.name == "Ms Trần Thị Lan")
    assert person.signature_file is not None
    assert person.signature_file.kind == "png"
    image = as_mai.get(f"/forums/hanoi-training/signatories/{person.id}/signature.png")
    assert image.status_code == 200
    assert image.mimetype == "image/png"
    assert image.headers["Cache-Control"] == "no-store"
    as_mai.post(f"/forums/hanoi-training/signatories/{person.id}/remove-signature")
    db.session.refresh(person)
    assert person.signature_file_id is None


def test_a_signature_that_is_not_an_image_is_refused_at_its_field(as_mai, training):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = as_mai.post("/forums/hanoi-training/signatories", data={
        "name": "Mr Somsak", "signature": (io.BytesIO(svg), "sign.svg")}, content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="signature-error"' in page
    assert "“sign.svg” was refused: SVG images are not accepted" in page
    assert 'value="Mr Somsak"' in page
    assert [p.name for p in queries.list_signatories(training.forum)] == ["Dr Somchai Wongsa"]


def test_a_signatory_of_another_forum_is_not_found(as_mai, training, create_forum, create_signatory):
    other = create_forum(slug="other-forum")
    theirs = create_signatory(other, name="Someone Else")
    assert as_mai.get(f"/forums/hanoi-training/signatories/{theirs.id}").status_code == 404
    assert as_mai.get(f"/forums/hanoi-training/signatories/{theirs.id}/signature.png").status_code == 404


def test_the_preview_is_the_person_s_certificate_marked_as_a_preview(as_mai, training):
    sopheak = training.people["sopheak"].registration
    response = as_mai.get(f"/forums/hanoi-training/certificates/preview.pdf?person={sopheak.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline")
    text = " ".join(pdf_text(response.data).split())
    assert "Sopheak Chan" in text
    assert "attended 2 of the 3 days of Hanoi Training on Social Enterprise" in text
    assert "Preview: not issued, not valid" in text
    assert db.session.query(IssuedDocument).count() == 0
    assert as_mai.get("/forums/hanoi-training/certificates/preview.pdf?person=999999").status_code == 404


def test_each_person_downloads_their_own_certificate_by_their_link_only(client, training):
    _publish(training)
    people = training.people
    mine = client.get(f"/forums/hanoi-training/registration/{people['linh'].token}/certificate.pdf")
    assert mine.status_code == 200
    assert mine.mimetype == "application/pdf"
    assert mine.headers["Cache-Control"] == "no-store"
    text = pdf_text(mine.data)
    assert "Nguyễn Phương Linh" in text
    assert "Sopheak" not in text
    theirs = pdf_text(client.get(f"/forums/hanoi-training/registration/{people['sopheak'].token}/certificate.pdf")
                      .data)
    assert "Sopheak Chan" in theirs
    assert "Phương Linh" not in theirs
    # Dara attended one day: no certificate, whosever link she holds is hers alone
    assert client.get(f"/forums/hanoi-training/registration/{people['dara'].token}/certificate.pdf") \
        .status_code == 404
    assert client.get("/forums/hanoi-training/registration/not-a-token/certificate.pdf").status_code == 404


def test_nothing_downloads_before_publishing_or_after_unpublishing(client, as_mai, training):
    token = training.people["linh"].token
    url = f"/forums/hanoi-training/registration/{token}/certificate.pdf"
    assert client.get(url).status_code == 404
    _publish(training)
    assert client.get(url).status_code == 200
    as_mai.post("/forums/hanoi-training/certificates/unpublish")
    assert client.get(url).status_code == 404
    page = client.get(f"/forums/hanoi-training/registration/{token}").get_data(as_text=True)
    assert "Your certificate" not in page


def test_the_private_page_and_the_home_offer_the_download(client, login, create_user, training):
    linh_user = create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    registration = training.people["linh"].registration
    registration.user_id = linh_user.id
    db.session.commit()
    _publish(training)
    token = training.people["linh"].token
    page = client.get(f"/forums/hanoi-training/registration/{token}").get_data(as_text=True)
    assert "Your certificate" in page
    assert f"/forums/hanoi-training/registration/{token}/certificate.pdf" in page
    assert "3 of 3 days attended" in page
    login(linh_user)
    home = client.get("/").get_data(as_text=True)
    assert "/forums/hanoi-training/my-registration/certificate.pdf" in home
    assert token not in home
    mine = client.get("/forums/hanoi-training/my-registration/certificate.pdf")
    assert mine.status_code == 200
    assert "Nguyễn Phương Linh" in pdf_text(mine.data)


def test_organisers_download_all_in_one_pdf_and_a_zip(as_mai, training):
    assert as_mai.get("/forums/hanoi-training/certificates/certificates.pdf").status_code == 302  # none issued
    _publish(training)
    everything = as_mai.get("/forums/hanoi-training/certificates/certificates.pdf")
    assert everything.status_code == 200
    assert len(PdfReader(io.BytesIO(everything.data)).pages) == 2
    bundle = as_mai.get("/forums/hanoi-training/certificates/certificates.zip")
    assert bundle.status_code == 200
    assert bundle.mimetype == "application/zip"
    assert bundle.is_streamed
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        names = archive.namelist()
        assert names == ["certificate-Nguyễn Phương Linh.pdf", "certificate-Sopheak Chan.pdf"]
        for name in names:
            assert len(PdfReader(io.BytesIO(archive.read(name))).pages) == 1
        assert "Sopheak Chan" in pdf_text(archive.read("certificate-Sopheak Chan.pdf"))


def test_names_are_printed_as_written_never_read_as_markup_or_paths(as_mai, training, create_registration,
                                                                   create_day_attendance):
    name = "<b>Trần</b> & Co/../x"
    for email in ("a@example.org", "b@example.org"):
        registration, _token = create_registration(training.forum, name=name, email=email, status="confirmed",
                                                   notify=False)
        create_day_attendance(registration, *DAYS)
    _publish(training)
    bundle = as_mai.get("/forums/hanoi-training/certificates/certificates.zip")
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        names = archive.namelist()
        odd = [n for n in names if "Tr" in n and "Co" in n]
        assert len(odd) == 2
        assert len(set(names)) == len(names)
        assert not any("/" in n or "\\" in n for n in names)
        assert name in pdf_text(archive.read(odd[0]))


def test_a_vietnamese_registration_gets_the_vietnamese_version(client, training):
    forum = training.forum
    forum.languages = ["en", "vi"]
    template = queries.get_template(forum)
    save_versions(forum, "vi", {
        (CERTIFICATE, template.id, "title"): "Giấy chứng nhận tham dự",
        (CERTIFICATE, template.id, "body"): "Chứng nhận {name} đã tham dự {days_attended} trên {days_total} ngày.",
    }, {(CERTIFICATE, template.id, "title"): template.title, (CERTIFICATE, template.id, "body"): template.body})
    training.people["linh"].registration.language = "vi"
    db.session.commit()
    _publish(training)
    linh = db.session.query(IssuedDocument).filter_by(registration_id=training.people["linh"].registration.id).one()
    assert linh.language == "vi"
    text = " ".join(pdf_text(client.get(f"/forums/hanoi-training/registration/{training.people['linh'].token}"
                                        "/certificate.pdf").data).split())
    assert "Giấy chứng nhận tham dự" in text
    assert "Chứng nhận Nguyễn Phương Linh đã tham dự 3 trên 3 ngày." in text
    sopheak = " ".join(pdf_text(client.get(f"/forums/hanoi-training/registration/{training.people['sopheak'].token}"
                                           "/certificate.pdf").data).split())
    assert "attended 2 of the 3 days" in sopheak  # registered in English: the main version


@pytest.mark.parametrize("path", ["certificates?who=person+26", "certificates/recipients", "certificates/publish"])
def test_the_organisers_pages_cost_the_same_queries_for_3_people_or_30(as_mai, training, create_registration,
                                                                       create_day_attendance, path):
    url = f"/forums/hanoi-training/{path}"
    as_mai.get(url)  # the first request warms per-process caches
    few = count_queries(db, lambda: as_mai.get(url))
    for n in range(27):
        registration, _token = create_registration(training.forum, name=f"Person {n}", email=f"p{n}@example.org",
                                                   status="confirmed", notify=False)
        create_day_attendance(registration, *DAYS[: n % 3 + 1])  # Person 26: all three days
    if not path.endswith("publish"):  # the confirm page names those it would issue to: nobody, once published
        _publish(training)
    assert "Person 26" in as_mai.get(url).get_data(as_text=True)
    many = count_queries(db, lambda: as_mai.get(url))
    assert many == few
    assert many <= 20


def test_a_cancelled_registration_s_certificate_no_longer_downloads(client, login, create_user, training):
    linh_user = create_user(email="linh@example.org", name="Nguyễn Phương Linh")
    registration = training.people["linh"].registration
    registration.user_id = linh_user.id
    _publish(training)
    registration.status = "cancelled"
    db.session.commit()
    token = training.people["linh"].token
    assert client.get(f"/forums/hanoi-training/registration/{token}/certificate.pdf").status_code == 404
    login(linh_user)
    assert client.get("/forums/hanoi-training/my-registration/certificate.pdf").status_code == 404
    assert "/certificate.pdf" not in client.get("/").get_data(as_text=True)


def test_organisers_see_a_cancelled_registration_s_certificate_as_such(as_mai, training):
    _publish(training)
    training.people["linh"].registration.status = "cancelled"
    db.session.commit()
    page = as_mai.get("/forums/hanoi-training/certificates/recipients").get_data(as_text=True)
    section = page.split('id="cancelled-heading"')[1]
    assert "Nguyễn Phương Linh" in section
    assert "Cancelled" in section
    assert "valid, no longer downloads" in section
