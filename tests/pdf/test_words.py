"""The toolkit's canvas text (pdf/words.py), shared by badges and certificates: paragraphs wrapped to a width at
the largest size that fits a height, never spilling over; words too wide for a line (Thai is written without
spaces) broken between letters, never inside a stacked Khmer or Burmese cluster. Fitting names (``fit``) is
covered by the badge tests."""

from __future__ import annotations

import unicodedata

import pytest

from forumops.pdf import words
from forumops.pdf.words import word_runs, wrap

BODY = ("This is to certify that Nguyễn Phương Linh of Vietnam Women's Union attended the Regional Training on "
        "Gender-Responsive Budgeting held in Hanoi, Viet Nam, from 2 to 4 December 2026.")


def _within(block, width: float) -> bool:
    return all(w * block.size * block.scale <= width + 0.01 for w in block.widths)


def test_a_body_that_fits_keeps_its_size_and_its_paragraphs_and_line_breaks():
    block = wrap(BODY + "\n\nSecond paragraph.\nA line of its own.", False, 400, 13, 9, height=400)
    assert block.size == 13
    assert _within(block, 400)
    assert len(block.lines) >= 5  # the body wraps; the second paragraph keeps its forced line break
    assert block.gaps[-3] == 0.5  # room between the paragraphs, after the body's last line
    assert sum(block.gaps) == 0.5


def test_a_body_too_tall_shrinks_to_the_largest_size_that_fits_and_never_spills_over():
    sizes = []
    for height in (200, 120, 80, 40, 12):
        block = wrap("\n\n".join([BODY] * 3), False, 400, 13, 9, height=height)
        assert block.height <= height
        assert _within(block, 400)
        sizes.append(block.size)
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] == 13
    assert sizes[-1] < 9  # below the floor rather than over what is under it
    larger = wrap("\n\n".join([BODY] * 3), False, 400, 13, 9, height=120)
    assert wrap("\n\n".join([BODY] * 3), False, 400, larger.size + 0.25, 9, height=120).size == larger.size


def test_thai_written_without_spaces_breaks_between_letters_inside_the_width():
    sentence = "ขอรับรองว่าได้เข้าร่วมการฝึกอบรมระดับภูมิภาคว่าด้วยการจัดทำงบประมาณที่คำนึงถึงมิติหญิงชาย"
    block = wrap(sentence, False, 150, 12, 12, height=1000)
    assert len(block.lines) >= 3
    assert _within(block, 150)
    assert block.size == 12


def test_a_zero_width_space_is_where_a_line_breaks_and_draws_no_space():
    first, second = "ตัวอย่าง", "ข้อความ"
    width_first, width_second = word_runs(first, False)[1] * 12, word_runs(second, False)[1] * 12
    block = wrap(f"{first}\u200b{second}", False, max(width_first, width_second) + 2, 12, 12, height=1000)
    assert [w * 12 for w in block.widths] == pytest.approx([width_first, width_second])
    together = wrap(f"{first}\u200b{second}", False, 1000, 12, 12, height=1000)
    assert together.widths[0] * 12 == pytest.approx(width_first + width_second)  # no space drawn


@pytest.mark.parametrize(("word", "clusters"), [
    ("ស្ត្រី", ["ស្ត្រី"]),  # a Khmer consonant with two subscripts (coeng) and a vowel: one stack
    ("សុភ័ក្ត្រ", ["សុ", "ភ័", "ក្ត្រ"]),
    ("မြန်မာ", ["မြန်", "မာ"]),  # Burmese medial and asat stay with their consonant
    ("Nguyễn", ["N", "g", "u", "y", "ễ", "n"]),
])
def test_a_long_word_is_cut_only_between_stacks_never_inside_one(word, clusters):
    assert words._clusters(unicodedata.normalize("NFC", word)) == clusters
