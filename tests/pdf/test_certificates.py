"""Certificates of attendance (pdf/papers.py render_certificates), read back as their holders and verifiers
would: one page a person, the QR code scanning to the verification address, names in every script drawn in
their font and shaped (compared with reportlab's own shaped Paragraph), long names and bodies kept inside the
page, user text printed as typed, and the parts a design shares drawn once however many pages there are."""

from __future__ import annotations

import io
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from forumops.core import fonts
from tests.pdf.paper_samples import (
    SIGNATORIES,
    certificate,
    certificates_pdf,
    design,
    picture,
    scanned,
    text_of,
    words_of,
)

PAGE_W, PAGE_H = landscape(A4)
LONG_NAME = "Maria Clara Dela Cruz-Santos y Villanueva de los Reyes Bautista Macapagal Aquino"
NO_NAME_BODY = ("This person attended the Regional Training on Gender-Responsive Budgeting held in Hanoi, "
                "Viet Nam, from 2 to 4 December 2026.")


def test_three_people_get_three_landscape_pages_each_with_their_own_name_code_and_address():
    people = [certificate(name) for name in ("Ana Tan", "Budi Santoso", "Nguyễn Phương Linh")]
    pdf = certificates_pdf([(design(), page) for page in people])

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    for number, page in enumerate(people, start=1):
        size = reader.pages[number - 1].mediabox
        assert (float(size.width), float(size.height)) == pytest.approx((PAGE_W, PAGE_H), abs=0.01)
        text = unicodedata.normalize("NFC", text_of(pdf, number))
        for expected in ("Certificate of Attendance", page.holder_name, page.code, page.verify_url,
                         "Issued on 4 December 2026", "Check this certificate at", "Dr Nguyễn Thị Mai",
                         "Chair, Asian Solidarity Economy Council"):
            assert expected in text
        others = [p for p in people if p is not page]
        assert not any(other.code in text or other.holder_name in text for other in others)


def test_the_qr_code_of_each_certificate_scans_to_its_own_verification_address():
    people = [certificate("Ana Tan"), certificate("สมชาย ใจดี")]
    pdf = certificates_pdf([(design(), page) for page in people])
    assert [scanned(pdf, n) for n in (1, 2)] == [[people[0].verify_url], [people[1].verify_url]]


def _ink(image: Image.Image) -> Image.Image:
    """The image cropped to what is drawn on it (anything clearly darker than the paper)."""
    box = ImageChops.invert(image).point(lambda v: 255 if v > 60 else 0).getbbox()
    assert box, "nothing was drawn"
    return image.crop(box)


def _differing(ours: Image.Image, reference: Image.Image) -> float:
    """The share of pixels that differ clearly, the reference scaled to our size."""
    diff = ImageChops.difference(ours, reference.resize(ours.size))
    return diff.point(lambda v: 255 if v > 128 else 0).histogram()[255] / (ours.width * ours.height)


def _drawn_alone(draw) -> Image.Image:
    """What draw(canvas) puts on a page of its own, at the test's resolution, cropped to its ink."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(800, 120))
    draw(canvas)
    canvas.save()
    return _ink(picture(out.getvalue()))


def _name_on_the_page(pdf: bytes) -> tuple[Image.Image, tuple[int, int, int, int], float]:
    """The holder's name as drawn: the band between the title (and the rule under it) and the body's first
    line, cropped to its ink; its box on the page in pixels; pixels per point."""
    words = words_of(pdf)
    title_bottom = max(bottom for word, _l, _t, _r, bottom in words if word == "Attendance")
    body_top = min(top for word, _l, top, _r, _b in words if word == "This")
    page = picture(pdf)
    scale = page.width / PAGE_W
    band = (round(20 * mm * scale), round((title_bottom + 6 * mm) * scale), round((PAGE_W - 20 * mm) * scale),
            round((body_top - 1) * scale))  # inside the border's rules
    ink = ImageChops.invert(page.crop(band)).point(lambda v: 255 if v > 60 else 0).getbbox()
    assert ink, "no name drawn"
    box = (band[0] + ink[0], band[1] + ink[1], band[0] + ink[2], band[1] + ink[3])
    return page.crop(box), box, scale


@pytest.mark.parametrize(("name", "font"), [("សុខ សុភ័ក្ត្រ", "NotoSansKhmer-Bold"),
                                            ("Nguyễn Phương Linh", "NotoSans-Bold")])
def test_khmer_and_vietnamese_names_are_drawn_large_centred_in_their_font_and_shaped(name, font):
    pdf = certificates_pdf([(design(), certificate(name, NO_NAME_BODY))])

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "c.pdf").write_bytes(pdf)
        listed = subprocess.run(["pdffonts", "c.pdf"], cwd=tmp, capture_output=True, text=True, check=True).stdout
    assert f"+{font} " in listed  # embedded (subset): the name is drawn with glyphs of its script
    assert "Helvetica" not in listed  # which has no Vietnamese, let alone Khmer
    if font == "NotoSans-Bold":
        assert name in unicodedata.normalize("NFC", text_of(pdf, 1))  # stacked marks copied back intact

    drawn, (left, top, right, bottom), scale = _name_on_the_page(pdf)
    assert abs((left + right) / 2 / scale - PAGE_W / 2) < 3  # centred
    assert (bottom - top) / scale > 20  # large: a 34 pt name is more than 20 pt of ink tall

    # what reportlab's own shaped Paragraph draws (the programme's path, checked by eye in five scripts)
    from reportlab.platypus import Paragraph

    style = fonts.paragraph_style("certificate-reference", 34, bold=True, leading=60)

    def reference(canvas):
        para = Paragraph(fonts.markup(name, bold=True), style)
        para.wrap(780, 120)
        para.drawOn(canvas, 10, 20)

    expected = _drawn_alone(reference)
    assert abs(drawn.width / drawn.height - expected.width / expected.height) < 0.05
    assert _differing(drawn, expected) < 0.03
    if font == "NotoSansKhmer-Bold":  # the comparison can fail: unshaped Khmer (stored order) looks different
        def unshaped(canvas):
            canvas.setFont(font, 34)
            canvas.drawString(10, 40, name)

        wrong = _drawn_alone(unshaped)
        assert _differing(drawn, wrong) > 0.06


def _inside(words, left: float, right: float) -> bool:
    return all(left <= w_left and w_right <= right for _w, w_left, _t, w_right, _b in words)


@pytest.mark.parametrize("name", [LONG_NAME, LONG_NAME + ", Jr.", "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2])
def test_a_very_long_name_stays_inside_the_border_on_at_most_two_lines_above_the_body(name):
    pdf = certificates_pdf([(design(), certificate(name, NO_NAME_BODY))])
    words = words_of(pdf)
    name_words = [w for w in words if w[0] in name.split()]
    assert " ".join(w[0] for w in name_words) == name  # drawn whole, nothing cut
    assert _inside(name_words, 20 * mm, PAGE_W - 20 * mm)  # within the margins, well inside the border
    assert len({round(top) for _w, _l, top, _r, _b in name_words}) <= 2
    body_top = min(top for word, _l, top, _r, _b in words if word == "This")
    assert max(bottom for *_rest, bottom in name_words) <= body_top
    height = name_words[0][4] - name_words[0][2]
    assert height > 16  # still a name: not shrunk below 16 pt (letters narrowed instead, for one long word)


def test_a_long_body_shrinks_to_stay_above_the_signatures_and_is_printed_whole():
    sentence = ("The participant took part in every session of the three days, the field visit to the provincial "
                "women's union and the drafting of the regional recommendations.")
    body = "\n\n".join([NO_NAME_BODY] + [sentence] * 4) + " Last words here."
    pdf = certificates_pdf([(design(signatories=3), certificate("Ana Tan", body))])
    words = words_of(pdf)
    text = " ".join(w[0] for w in words)
    assert "Last words here." in text
    assert text.count("provincial") == 4
    lowest = max(bottom for word, _l, _t, _r, bottom in words if word == "here.")
    signatory_top = min(top for word, _l, top, _r, _b in words if word in ("Benjamin", "Sok", "Dr"))
    assert lowest < signatory_top - 10 * mm  # the signatures' room stays free (their images sit above the names)
    assert _inside(words, 10.5 * mm, PAGE_W - 10.5 * mm)
    assert min(bottom - top for word, _l, top, _r, bottom in words if word == "provincial") > 9  # readable


def test_markup_in_what_people_and_organisers_typed_prints_literally_and_opens_nothing():
    nasty_design = design()
    page = certificate('<b>&amp; Ana</b>', 'Body <img src="x"> <a href="javascript:alert(1)">click</a> &lt;i&gt;',
                       issued="</para> Issued")
    pdf = certificates_pdf([(nasty_design, page)])
    text = text_of(pdf, 1)
    for typed in ("<b>&amp; Ana</b>", '<img src="x">', '<a href="javascript:alert(1)">click</a>', "&lt;i&gt;",
                  "</para> Issued"):
        assert typed in text
    for marker in (b"/URI", b"/JavaScript", b"/JS", b"/Launch", b"/Annots"):
        assert marker not in pdf


def test_what_a_design_shares_is_drawn_once_however_many_certificates():
    english, vietnamese = design(), design(title="Giấy chứng nhận tham dự", label="Kiểm tra tại")

    def pdf_of(count: int) -> bytes:
        return certificates_pdf([(english if n % 4 else vietnamese, certificate(f"Person {n}")) for n in range(count)])

    small, large = pdf_of(8), pdf_of(48)
    for pdf in (small, large):
        assert pdf.count(b"/Subtype /Form") == 2  # one form a design
        assert pdf.count(b"/Subtype /Image") == 6  # 2 logos, 2 signatures and their transparency, shared by both
    assert (len(large) - len(small)) / 40 < 4_000  # a certificate adds its text and QR code, not its pictures
    reader = PdfReader(io.BytesIO(large))
    assert len(reader.pages) == 48
    assert "Giấy chứng nhận tham dự" in unicodedata.normalize("NFC", reader.pages[0].extract_text())
    assert "Certificate of Attendance" in reader.pages[1].extract_text()


@pytest.mark.parametrize(("logos", "signatories"), [(0, 0), (0, 1), (4, 3), (1, 0)])
def test_designs_with_no_four_logos_and_none_one_or_three_signatories_print_everything(logos, signatories):
    page = certificate("Nguyễn Phương Linh")
    pdf = certificates_pdf([(design(logos, signatories), page)])
    text = unicodedata.normalize("NFC", text_of(pdf, 1))
    for person in SIGNATORIES[:signatories]:
        assert person.name in text
        assert person.title in text
    assert "Nguyễn Phương Linh" in text
    assert page.code in text
    assert pdf.count(b"/Subtype /Image") == logos + 2 * signatories  # a signature brings its transparency
    assert _inside(words_of(pdf), 10.5 * mm, PAGE_W - 10.5 * mm)
    assert scanned(pdf) == [page.verify_url]


def test_no_certificates_is_still_a_valid_pdf():
    assert len(PdfReader(io.BytesIO(certificates_pdf([]))).pages) == 1
