"""What a certificate prints and how its files are dated (issue 21, review of item 2): the issue date in the
forum's time zone as the verification page shows it, the forum's dates as one range in the certificate's
language, the ZIP's entries dated when each certificate was issued, and the preview marked across the page."""

from __future__ import annotations

import io
import subprocess
import zipfile
from datetime import UTC, date, datetime

from pypdf import PdfReader

from forumops.certificates import operations, queries
from forumops.certificates.models import IssuedDocument
from forumops.extensions import db
from forumops.forums.versions import CERTIFICATE, save_versions

from .test_certificate_pages import pdf_text


def _publish(training):
    operations.publish(training.forum, training.organiser)
    db.session.commit()


def _paper(training, key: str) -> IssuedDocument:
    return db.session.query(IssuedDocument).filter_by(
        registration_id=training.people[key].registration.id).one()


def _download(client, training, key: str) -> str:
    token = training.people[key].token
    return " ".join(pdf_text(client.get(f"/forums/hanoi-training/registration/{token}/certificate.pdf").data).split())


def test_the_issue_date_is_the_forum_s_day_as_the_verification_page_says(client, training):
    _publish(training)
    paper = _paper(training, "linh")
    paper.issued_at = datetime(2027, 4, 16, 23, 30, tzinfo=UTC)  # 06:30 on 17 April in Hanoi
    db.session.commit()
    assert "Issued on 17 April 2027" in _download(client, training, "linh")


def test_the_forum_s_dates_print_as_one_range(client, training):
    _publish(training)
    assert _paper(training, "linh").details["dates"] == "14–16 April 2027"
    assert "held 14–16 April 2027." in _download(client, training, "linh")


def test_the_dates_range_is_written_in_the_certificate_s_language(training):
    forum = training.forum
    forum.languages = ["en", "vi"]
    template = queries.get_template(forum)
    save_versions(forum, "vi", {(CERTIFICATE, template.id, "title"): "Giấy chứng nhận",
                                (CERTIFICATE, template.id, "body"): "{name} đã tham dự {forum}, {dates}."},
                  {(CERTIFICATE, template.id, "title"): template.title,
                   (CERTIFICATE, template.id, "body"): template.body})
    training.people["linh"].registration.language = "vi"
    db.session.commit()
    _publish(training)
    dates = _paper(training, "linh").details["dates"]
    assert "April" not in dates  # in Vietnamese
    assert dates.count("2027") == 1  # one range, not two full dates


def test_zip_entries_are_dated_when_each_certificate_was_issued(client, login, training):
    _publish(training)
    paper = _paper(training, "sopheak")
    paper.issued_at = datetime(2027, 4, 16, 9, 15, 20, tzinfo=UTC)  # 16:15 in Hanoi
    db.session.commit()
    login(training.organiser)
    bundle = client.get("/forums/hanoi-training/certificates/certificates.zip")
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        dated = {info.filename: info.date_time for info in archive.infolist()}
    assert dated["certificate-Sopheak Chan.pdf"] == (2027, 4, 16, 16, 15, 20)
    assert all(when[0] >= date.today().year - 1 for when in dated.values())  # none from 1980


def test_the_preview_is_marked_not_valid_across_the_page(client, login, training, tmp_path):
    login(training.organiser)
    sopheak = training.people["sopheak"].registration
    preview = client.get(f"/forums/hanoi-training/certificates/preview.pdf?person={sopheak.id}").data
    assert "PREVIEW – NOT VALID" in PdfReader(io.BytesIO(preview)).pages[0].extract_text()  # slanted: pypdf reads it
    assert "Preview: not issued, not valid" in " ".join(pdf_text(preview).split())
    # drawn large and slanted: a band of ink crosses the middle of the page where an issued one is blank there
    path = tmp_path / "preview.pdf"
    path.write_bytes(preview)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    _publish(training)
    issued = client.get(f"/forums/hanoi-training/registration/{training.people['sopheak'].token}/certificate.pdf")
    (tmp_path / "issued.pdf").write_bytes(issued.data)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-singlefile", str(tmp_path / "issued.pdf"),
                    str(tmp_path / "issued")], check=True)
    assert "PREVIEW" not in pdf_text(issued.data)
    assert _ink_off_centre(tmp_path / "page.pgm") > 2 * _ink_off_centre(tmp_path / "issued.pgm")


def _ink_off_centre(path) -> int:
    """Dark pixels in the page's lower left and upper right quarters' inner parts, where a diagonal mark runs
    and a certificate's own lines (centred name and text, signatures, code) mostly do not."""
    from PIL import Image

    image = Image.open(path)
    w, h = image.size
    boxes = ((int(w * 0.12), int(h * 0.55), int(w * 0.3), int(h * 0.75)),
             (int(w * 0.7), int(h * 0.22), int(w * 0.88), int(h * 0.4)))
    return sum(sum(image.crop(box).histogram()[:235]) for box in boxes)
