"""Property-based tests (hypothesis) of the text cleaning in core/text.py and the programme-paste parser.

The cleaning functions must hold for *any* string a browser can send, not only the ones we thought
of: idempotent, NFC out, no control or text-direction characters left, bounded length, line ends as
documented. The paste parser must never raise, and what a programme line says must come back out.
"""

from __future__ import annotations

import unicodedata
from datetime import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from forumops.agenda.paste import ParsedLine, guess_people, guess_type, parse_programme
from forumops.core.text import clean_line, clean_lines, clean_text, drop_invisible, fold_key

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any text, weighted towards the characters that cause trouble: controls, CR/LF, bidi overrides,
# zero-width characters, combining marks (NFD), white space of every kind.
TRICKY = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\r\n\t \u00a0\u2028\u2029\u202a\u202e\u2066\u2069" \
         "\u200b\u200c\u200d\ufeff\u0301\u0323\u0303\u0306e\u01b0"
any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(TRICKY), max_size=40),
    st.lists(st.one_of(st.text(max_size=5), st.sampled_from(list(TRICKY))), max_size=30).map("".join),
)
CONTROL = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]} | \
          {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def is_nfc(value: str) -> bool:
    return unicodedata.normalize("NFC", value) == value


# --- clean_text -------------------------------------------------------------------------------------


@SETTINGS
@given(any_text)
@example("e\x00\u0301")  # a control character between a letter and its accent
@example(unicodedata.normalize("NFD", "Nguyễn Thị Hương"))
@example("\u0958\U0001d15e")  # composition exclusions: NFC makes them two characters each
def test_clean_text_is_idempotent_nfc_and_free_of_controls(value):
    cleaned = clean_text(value)
    assert clean_text(cleaned) == cleaned
    assert is_nfc(cleaned)
    assert not set(cleaned) & CONTROL
    assert "\r" not in cleaned  # CRLF and lone CR become LF
    assert cleaned == cleaned.strip()
    assert len(cleaned) <= 3 * len(value)  # NFC can lengthen a few characters (U+0958), never past 3x


@SETTINGS
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20),
                min_size=1, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]))
def test_clean_text_keeps_lines_with_lf(lines, newline):
    cleaned = clean_text(newline.join(lines))
    expected = "\n".join(unicodedata.normalize("NFC", line) for line in lines).strip()
    if not drop_invisible(expected).strip():
        expected = ""  # nothing visible (only soft hyphens, zero-width spaces...): empty, as a required field sees it
    assert cleaned == expected


def test_clean_text_of_nothing_is_empty():
    assert clean_text(None) == ""
    assert clean_text("") == ""
    assert clean_text(" \r\n\t ") == ""


# --- clean_line -------------------------------------------------------------------------------------


@SETTINGS
@given(any_text)
@example("a\r\nBCC: x@evil")
def test_clean_line_is_one_idempotent_nfc_line(value):
    cleaned = clean_line(value)
    assert clean_line(cleaned) == cleaned
    assert is_nfc(cleaned)
    assert not set(cleaned) & CONTROL
    assert not any(ch.isspace() and ch != " " for ch in cleaned), "one line, plain spaces only"
    assert "  " not in cleaned
    assert cleaned == cleaned.strip()
    assert len(cleaned) <= 3 * len(value)
    assert clean_line(clean_text(value)) == cleaned  # a line is cleaned text, flattened


# --- clean_lines ------------------------------------------------------------------------------------


@SETTINGS
@given(any_text)
def test_clean_lines_gives_clean_non_empty_lines(value):
    lines = clean_lines(value)
    for line in lines:
        assert line
        assert line == clean_line(line)
        assert is_nfc(line)
        assert not set(line) & CONTROL
    assert len(lines) <= clean_text(value).count("\n") + 1


@SETTINGS
@given(st.lists(st.text(alphabet=st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=15),
                min_size=1, max_size=8), st.sampled_from(["", "- ", "* ", "\u2022 ", "1. ", "2) "]))
def test_clean_lines_reads_one_item_per_line_without_its_bullet(items, bullet):
    text = "\r\n".join(f"{bullet}{item}" for item in items) + "\n\n"
    expected = [unicodedata.normalize("NFC", item) for item in items]
    if bullet == "":  # a bare "1. " typed by the person is a bullet too; only check when none was added
        expected = [clean_line(item) for item in items]
    assert clean_lines(text) == expected


# --- fold_key ---------------------------------------------------------------------------------------


@SETTINGS
@given(any_text)
def test_fold_key_is_idempotent_and_nfc(value):
    key = fold_key(value)
    assert fold_key(key) == key
    assert is_nfc(key)
    assert not set(key) & CONTROL


@SETTINGS
@given(st.text(max_size=30))
def test_fold_key_ignores_case_spacing_and_normal_form(value):
    assert fold_key(value.upper()) == fold_key(value.lower()) or value.upper().lower() != value.lower()
    assert fold_key(f"  {value}  ") == fold_key(value)
    assert fold_key(unicodedata.normalize("NFD", value)) == fold_key(unicodedata.normalize("NFC", value))


@SETTINGS
@given(st.text(max_size=30), st.lists(st.tuples(st.integers(0, 30), st.sampled_from(
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"])), max_size=5))
def test_fold_key_ignores_invisible_characters(value, insertions):
    """Zero-width spaces and joiners, soft hyphens, BOMs and direction marks, wherever they fall."""
    sprinkled = value
    for position, character in insertions:
        sprinkled = sprinkled[:position] + character + sprinkled[position:]
    assert fold_key(sprinkled) == fold_key(value)


def test_fold_key_examples():
    assert fold_key("  Mekong   INSTITUTE ") == fold_key("mekong institute")
    assert fold_key(unicodedata.normalize("NFD", "Hương")) == fold_key("HƯƠNG")


# --- the programme-paste parser -----------------------------------------------------------------------


@SETTINGS
@given(any_text)
def test_parse_programme_never_raises_and_numbers_lines(text):
    lines = parse_programme(text)
    assert all(isinstance(line, ParsedLine) for line in lines)
    numbers = [line.line_no for line in lines]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(numbers)
    for line in lines:
        assert line.error or line.start is not None
        assert "\n" not in line.title
        assert "\r" not in line.title


def _clock(value: time, style: str) -> str:
    if style == "colon":
        return f"{value.hour:02d}:{value.minute:02d}"
    if style == "dot":
        return f"{value.hour}.{value.minute:02d}"
    if style == "h":  # as in Vietnamese programmes: 8h30
        return f"{value.hour}h{value.minute:02d}"
    hour12 = value.hour % 12 or 12  # am/pm
    return f"{hour12}.{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
titles = st.text(alphabet=st.characters(whitelist_categories=("L",), max_codepoint=0x2FFF), min_size=1,
                 max_size=30).map(lambda t: unicodedata.normalize("NFC", t)).filter(
    lambda t: t.strip() and not t[0].isdigit() and t.lower() not in ("am", "pm", "h", "to", "noon")
    and not t.lower().startswith(("am", "pm", "a.m", "p.m", "noon", "h", "to ")))
item = st.tuples(times, st.one_of(st.none(), st.integers(1, 180)), titles,
                 st.sampled_from(["colon", "dot", "h", "ampm"]), st.sampled_from(["-", "\u2013", " to ", "~"]))


@SETTINGS
@given(st.lists(item, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_parsed_programme_lines_give_back_their_times_and_titles(items, newline):
    text_lines, expected = [], []
    for start, minutes, title, style, dash in items:
        end = None
        if minutes is not None:
            end_minutes = start.hour * 60 + start.minute + minutes
            if end_minutes < 24 * 60:
                end = time(end_minutes // 60, end_minutes % 60)
        clock = _clock(start, style) + (f"{dash}{_clock(end, style)}" if end else "")
        text_lines.append(f"{clock} {title}")
        expected.append((start, end, title.strip()))
    parsed = parse_programme(newline.join(text_lines))
    assert [(p.start, p.end, p.title) for p in parsed] == expected
    assert all(p.error == "" for p in parsed)


@SETTINGS
@given(st.lists(any_text, max_size=5), st.sampled_from(["", "panel", "keynote", "other", "case_study_presentations"]))
def test_guessing_people_and_types_never_raises(details, item_type):
    for role, name, organisation in guess_people(details, item_type):
        assert role
        assert name
        assert isinstance(organisation, str)
    for text in details:
        assert isinstance(guess_type(text), str)


@SETTINGS
@given(st.lists(item, min_size=1, max_size=4), st.lists(st.sampled_from([
    "Moderator: Ms. Mai Anh Trần (Mekong Institute)", "Speakers: Dr. Sokha Chan; Aung Myo, Dawei Chamber",
    "Welcome remarks by H.E. Nguyễn Văn A, Minister of Trade", "Room 2", "\u200bCoffee served"]), max_size=3))
def test_details_lines_stay_with_the_item_above_them(items, details):
    text = "\n".join(f"{_clock(start, style)} {title}\n" + "\n".join(details)
                     for start, _minutes, title, style, _dash in items)
    parsed = parse_programme(text)
    assert len(parsed) == len(items)
    for line in parsed:
        assert line.details == [d.replace("\u200b", "") for d in details]
