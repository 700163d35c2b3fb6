"""Invitation letters (pdf/papers.py render_letters): a long letter flows onto further pages at the size it
was set (never shrunk to fit one), every page carries the letter's code, QR code and "Page N of M", each letter
starts on its own page, and what people typed prints as typed."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from tests.pdf.paper_samples import (
    SIGNATORIES,
    design,
    letter,
    letters_pdf,
    scanned,
    text_of,
    words_of,
)

PARAGRAPH = ("We are pleased to invite you to the Regional Training on Gender-Responsive Budgeting, held in Hanoi, "
             "Viet Nam, from 2 to 4 December 2026 by the Vietnam Women's Union with the Asian Solidarity Economy "
             "Council. The training brings together seventy provincial officers from seven countries.")
LETTERHEAD = "Regional Training on Gender-Responsive Budgeting\nVietnam Women's Union · 39 Hàng Chuối, Hanoi"


def _letterhead(signatories: int = 1):
    return design(2, signatories, title=LETTERHEAD, label="Check this letter at")


def test_a_long_letter_flows_onto_a_second_page_each_carrying_the_code_the_qr_code_and_its_number():
    page = letter("Dear Ms Sok Sopheak,\n\n" + "\n\n".join([PARAGRAPH] * 10) + "\n\nYours sincerely, the end.")
    pdf = letters_pdf([(_letterhead(), page)])

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert [float(v) for v in reader.pages[0].mediabox[2:]] == pytest.approx(A4, abs=0.01)
    for number in (1, 2):
        text = text_of(pdf, number)
        assert page.code in text
        assert page.verify_url in text
        assert "Check this letter at" in text
        assert f"Page {number} of 2" in text
        assert scanned(pdf, number) == [page.verify_url]
    first, second = text_of(pdf, 1), unicodedata.normalize("NFC", text_of(pdf, 2))
    assert "Dear Ms Sok Sopheak," in first
    assert "Vietnam Women's Union · 39 Hàng Chuối, Hanoi" in unicodedata.normalize("NFC", first)  # letterhead
    assert "Yours sincerely, the end." in second
    assert SIGNATORIES[0].name in second  # the signatory closes the letter, on its last page
    # set at the same size on both pages: the letter flowed rather than shrank
    heights = [{round(bottom - top, 1) for word, _l, top, _r, bottom in words_of(pdf, n) if word == "provincial"}
               for n in (1, 2)]
    assert heights[0] == heights[1]
    assert len(heights[0]) == 1


def test_each_letter_starts_on_its_own_page_and_a_short_one_has_no_page_numbers():
    short = letter("Dear Ms Nguyễn Phương Linh,\n\nWe invite you.", seed="short")
    long = letter("\n\n".join([PARAGRAPH] * 11), seed="long")
    pdf = letters_pdf([(_letterhead(3), short), (_letterhead(3), long)])

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    first = unicodedata.normalize("NFC", text_of(pdf, 1))
    assert "Dear Ms Nguyễn Phương Linh," in first
    assert short.code in first
    assert "Page 1 of" not in first
    for person in SIGNATORIES:  # three signatories side by side, each with their title
        assert person.name in first
        assert person.title in first
    for number in (2, 3):
        text = text_of(pdf, number)
        assert long.code in text
        assert short.code not in text
        assert f"Page {number - 1} of 2" in text


def test_what_people_and_organisers_typed_prints_literally_in_a_letter():
    page = letter('Dear <b>friend</b> &amp; <a href="javascript:alert(1)">colleague</a>,\n\n<img src="x"> &lt;',
                  subject="<i>Visa</i> & more")
    pdf = letters_pdf([(design(1, 1, title="<font color=red>Forum</font>"), page)])
    text = text_of(pdf, 1)
    for typed in ("Dear <b>friend</b> &amp; <a href=\"javascript:alert(1)\">colleague</a>,", '<img src="x"> &lt;',
                  "<i>Visa</i> & more", "<font color=red>Forum</font>"):
        assert typed in text
    for marker in (b"/URI", b"/JavaScript", b"/JS", b"/Launch", b"/Annots"):
        assert marker not in pdf


def test_no_letters_is_still_a_valid_pdf():
    assert len(PdfReader(io.BytesIO(letters_pdf([]))).pages) == 1
