"""The QR code printed on a certificate holds its verification address: rendered by pdf.papers, rasterised by
pdftoppm and decoded by zbarimg as a phone's camera would, the address opens the page that names the holder."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from forumops.certificates.verify import verify_url_of
from forumops.pdf.papers import CertificatePage, PaperDesign, render_certificates
from tests.certificates.test_verify import text_of


def scanned(pdf: bytes, folder: Path) -> list[str]:
    """What zbarimg decodes from the PDF's first page, rendered at 150 dpi."""
    (folder / "paper.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(folder / "paper.pdf"),
                    str(folder / "page")], check=True)
    image = next(folder.glob("page*.png"))
    found = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)
    return found.stdout.split()


def test_the_qr_code_on_a_certificate_opens_its_verification_page(app, client, create_forum, issue_paper,
                                                                   tmp_path):
    forum = create_forum(slug="hanoi-training", title="Hanoi Training on Gender-Responsive Budgeting",
                         start_date=date(2027, 3, 2), end_date=date(2027, 3, 4), venue_city="Hanoi")
    paper, code = issue_paper(forum, holder_name="Nguyễn Phương Linh")
    url = verify_url_of(paper)
    out = io.BytesIO()
    render_certificates([(PaperDesign(title="Certificate of attendance", verify_label="Check this certificate at"),
                          CertificatePage(holder_name=paper.holder_name, body="attended the training.", code=code,
                                          verify_url=url))], out)

    decoded = scanned(out.getvalue(), tmp_path)

    assert decoded == [url]
    address = urlsplit(decoded[0])
    assert f"{address.scheme}://{address.netloc}" == app.config["BASE_URL"].rstrip("/")
    assert address.path == f"/verify/{code}"
    page = client.get(address.path)
    assert page.status_code == 200
    words = text_of(page)
    assert "Nguyễn Phương Linh" in words
    assert "Valid" in words
    assert "Hanoi Training on Gender-Responsive Budgeting" in words
