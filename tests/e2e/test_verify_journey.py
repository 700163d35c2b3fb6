"""The verification journey, through the browser (issue 21, item 4): an employer who was handed Phương Linh's
certificate scans its QR code on a phone, signed in nowhere, and sees that it is valid and whose it is; Mai finds
it in the forum's register on her desktop and revokes it with a reason; the same address then says revoked, with
that reason; a code mistyped from the paper gets a clear answer.

The certificate is rendered by pdf.papers and its QR code decoded by zbarimg from pdftoppm's render, so the
address the phone opens is the one printed."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from forumops.certificates.verify import verify_url_of
from forumops.pdf.papers import CertificatePage, PaperDesign, render_certificates

from .conftest import PHONE_VIEWPORT, VIEWPORT, sign_in

SLUG = "hanoi-training-2027"
ORGANISER = ("Mai Tran", "mai@example.org")
REASON = "Issued in error: she attended one day of three."


@pytest.fixture
def certificate(app, live_server, create_user, create_forum, issue_paper, tmp_path):
    """Phương Linh's certificate as printed: the address its QR code holds, decoded from the rendered page."""
    mai = create_user(name=ORGANISER[0], email=ORGANISER[1])
    forum = create_forum(SLUG, title="Hanoi Training on Gender-Responsive Budgeting", organiser=mai,
                         start_date=date(2027, 3, 2), end_date=date(2027, 3, 4), venue_city="Hanoi",
                         venue_country="VN", timezone="Asia/Ho_Chi_Minh")
    issue_paper(forum, holder_name="Siti Nurhaliza", by=mai)  # another paper in the register
    paper, code = issue_paper(forum, holder_name="Nguyễn Phương Linh", language="vi", by=mai,
                              details={"organisation": "Vietnam Women's Union"})
    old = app.config["BASE_URL"]
    app.config["BASE_URL"] = live_server.url  # the printed address points at the server the phone reaches
    try:
        url = verify_url_of(paper)
    finally:
        app.config["BASE_URL"] = old
    pdf = io.BytesIO()
    render_certificates([(PaperDesign(title="Certificate of attendance", verify_label="Check this certificate at"),
                          CertificatePage(holder_name=paper.holder_name, body="attended all three days.",
                                          code=code, verify_url=url))], pdf)
    (tmp_path / "certificate.pdf").write_bytes(pdf.getvalue())
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "certificate.pdf"),
                    str(tmp_path / "certificate")], check=True)
    scanned = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "certificate.png")], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert scanned == url
    return scanned, code


def test_a_stranger_verifies_a_certificate_that_mai_then_revokes(page: Page, new_page, shot, certificate):
    scanned, code = certificate
    errors: list[str] = []

    # 1. The employer scans the QR code on a phone: valid, whose, for what.
    phone = new_page(viewport=PHONE_VIEWPORT)
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(scanned)
    expect(phone.get_by_role("heading", name="Valid", level=1)).to_be_visible()
    result = phone.locator(".verify-result")
    expect(result).to_contain_text("Certificate of attendance")
    expect(result).to_contain_text("Nguyễn Phương Linh")
    expect(result).to_contain_text("Vietnam Women's Union")
    expect(result).to_contain_text("Hanoi Training on Gender-Responsive Budgeting")
    expect(result).to_contain_text(code)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]  # no sideways scroll
    shot("verify-01-valid-phone", phone)

    # 2. Mai, on her desktop, finds it in the register and revokes it: first without a reason, then with one.
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, *ORGANISER)
    page.goto(f"/forums/{SLUG}/")
    page.get_by_role("navigation", name="Manage this forum").get_by_role("link", name="Certificates and letters") \
        .click()
    page.get_by_role("navigation", name="Certificates and letters").get_by_role("link", name="Issued and revoked") \
        .click()
    expect(page.get_by_role("heading", name="Certificates and letters issued", level=1)).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(3)  # the heading row and two papers
    shot("verify-02-register-desktop")
    page.get_by_label("Name").fill("phuong linh")  # no accents typed: still found
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("row")).to_have_count(2)
    page.get_by_role("link", name="Revoke… the paper of Nguyễn Phương Linh").click()
    expect(page.get_by_role("heading", name="Revoke a paper", level=1)).to_be_visible()
    page.get_by_role("button", name="Revoke", exact=True).click()
    expect(page.get_by_text("Say why it is revoked: the verification page shows the reason.").first).to_be_visible()
    shot("verify-10-revoke-without-reason-desktop")
    page.get_by_label("Reason for revoking").fill(REASON)
    page.get_by_role("button", name="Revoke", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Certificate of attendance of Nguyễn Phương Linh revoked: its verification page now says so")
    # back on the register as she left it: her search kept, the confirmation on top, the row marked
    expect(page.get_by_label("Name")).to_have_value("phuong linh")
    expect(page.get_by_role("row")).to_have_count(2)
    revoked_row = page.get_by_role("row").filter(has_text="Nguyễn Phương Linh")
    expect(revoked_row).to_contain_text("Revoked")
    expect(revoked_row).to_contain_text(REASON)
    expect(revoked_row).to_contain_text("by Mai Tran")
    expect(revoked_row).to_have_class(re.compile(r"\bissued-just-revoked\b"))
    assert page.evaluate("window.scrollY") == 0  # nothing scrolled the confirmation away
    shot("verify-11-revoked-filters-kept-desktop")
    page.set_viewport_size(PHONE_VIEWPORT)
    shot("verify-12-revoked-filters-kept-phone")
    page.set_viewport_size(VIEWPORT)
    page.goto(f"/forums/{SLUG}/papers")
    shot("verify-03-register-revoked-desktop")
    page.set_viewport_size(PHONE_VIEWPORT)
    shot("verify-04-register-phone")
    page.set_viewport_size(VIEWPORT)

    # 3. The same address, opened again on the phone, now says revoked, when and why.
    phone.goto(scanned)
    expect(phone.get_by_role("heading", name="Revoked", level=1)).to_be_visible()
    expect(phone.locator(".verify-result")).to_contain_text(REASON)
    expect(phone.locator(".verify-result")).to_contain_text("Nguyễn Phương Linh")
    shot("verify-05-revoked-phone", phone)
    desktop = new_page()
    desktop.goto(scanned)
    expect(desktop.get_by_role("heading", name="Revoked", level=1)).to_be_visible()
    shot("verify-06-revoked-desktop", desktop)

    # 4. A code typed from the paper with one character wrong: not found, said next to the field, kept.
    mistyped = code[:-1] + ("X" if code[-1] != "X" else "Y")
    phone.get_by_role("textbox", name="Code").fill(mistyped.lower())
    phone.get_by_role("button", name="Check").click()
    expect(phone.get_by_text("No certificate or letter was issued with this code.")).to_be_visible()
    expect(phone.get_by_role("textbox", name="Code")).to_have_value(mistyped.lower())
    shot("verify-07-unknown-phone", phone)
    desktop.goto(f"/verify?code={mistyped}")
    expect(desktop.get_by_text("No certificate or letter was issued with this code.")).to_be_visible()
    shot("verify-08-unknown-desktop", desktop)
    desktop.set_viewport_size(PHONE_VIEWPORT)
    desktop.goto(scanned.replace("/verify/" + code, "/verify"))
    shot("verify-09-form-phone", desktop)
    assert errors == []


def test_a_stranger_checking_code_after_code_is_asked_to_wait(new_page, shot, certificate):
    """Over 30 lookups a minute from one address, the page says to wait, keeps the code typed, and shows nothing."""
    scanned, code = certificate
    phone = new_page(viewport=PHONE_VIEWPORT)
    for n in range(30):
        assert phone.request.get(f"/verify/GUESS-{n:04d}-0000-0000-0000-0000-0000").status == 404
    response = phone.goto(scanned)
    assert response is not None
    assert response.status == 429
    expect(phone.get_by_role("alert")).to_contain_text("Many codes were checked from this connection")
    expect(phone.get_by_role("textbox", name="Code")).to_have_value(code)
    expect(phone.get_by_text("Nguyễn Phương Linh")).to_have_count(0)
    shot("verify-11-too-many-phone", phone)
