"""Pasting a programme as text: times, titles, types, details, people, errors, and never raising."""

from __future__ import annotations

import random
from datetime import time

import pytest

from forumops.agenda.data import ITEM_TYPES, PERSON_ROLES
from forumops.agenda.paste import ParsedLine, guess_people, guess_type, parse_programme

# The programme of the 2015 ASEC/GMM forum in Kuala Lumpur (seed 001), as pasted: note the
# non-breaking spaces between the times and the titles.
SEED_PROGRAMME = (
    "08.00-09.00\xa0\xa0\xa0 Registration/Coffee\n"
    "\n"
    "09.00-09.30\xa0\xa0\xa0 Opening Session\n"
    "\n"
    "Welcome remarks by Datuk Saifuddin Abdullah, CEO of GMM\n"
    "\n"
    "Brief Speech by Ms Elaine Tan (ASEAN Foundation)\n"
    "\n"
    "Address by the Chairman of ASEAN CPR, Dato Hasnudin Hamzah\n"
    "\n"
    "09.30-11.00\xa0\xa0\xa0\xa0 Panel: Solidarity-based Community Enterprises for ASEAN: Opportunities,"
    " possibilities & challenges\n"
    "\n"
    "Dr Benjamin Quinones, Jr. (ASEC Chair)\n"
    "\n"
    "Pak Bambang Ismawan (ASEC Indonesia)\n"
    "\n"
    "ILO Representative (Mr. Roberto di Meglio or Jurgen Schwettmann)\n"
    "\n"
    "Panel Moderator: Datuk Dr Denison Jayasooria (ASEC Deputy Chair)\n"
    "\n"
    "11.00-12.00\xa0\xa0\xa0 Open forum\n"
    "\n"
    "12.00\xa0\xa0\xa0\xa0Group photo\n"
    "\n"
    "12.00-13.00\xa0\xa0\xa0 Lunch\n"
    "\n"
    "13.00-14.30\xa0\xa0\xa0 Case Study presentations by:\n"
    "\n"
    "1) Mr. Rolly Victoria, Alalay Sa Kaunlaran Inc. (ASKI) Philippines\xa0(Mainstreaming financial inclusion"
    " thru scale up of microfinance);\n"
    "\n"
    "(2) Mr. Shigeru Tanaka, Deputy Secretary General, PARC, Japan (Inter-people cooperation in building"
    " solidarity in conflict-affected territories);\n"
    "\n"
    "3) Dr Jun E Tan, ISIS, Malaysia (Community Economy in Malaysia addressing poverty and low income (Social"
    " entrepreneurship, Social enterprise, solidarity economy )\n"
    "\n"
    "14.30-15.00\xa0\xa0 Open forum\n"
    "\n"
    "15.00-15.15\xa0\xa0\xa0 Coffee/tea break\n"
    "\n"
    "15.15-16.00\xa0\xa0\xa0 Proposal for ASEAN Community cooperation for the development of value chains of"
    " solidarity-based community enterprises, as a South-south & triangular cooperation of ASEC, ASEAN, GMM,"
    " and ILO in line with the Sustainable Development Goals agenda. (Included in the proposal is the ILO SSE"
    " Academy 2016 in Asia and the International Conference on Social & Solidarity Finance 2016 also in Asia)\n"
    "\n"
    "Panel & Discussion.\n"
    "\n"
    "16.00-17.00\xa0\xa0 Discussion/adoption of the proposal\n"
    "\n"
    "17.00-17.30\xa0\xa0 Closing session: Setting the agenda for 2015 and beyond for SSE in ASEAN\n"
    "\n"
    "Launch of ASEAN Solidarity Economy Council"
)


def t(hhmm: str) -> time:
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


def only(text: str) -> ParsedLine:
    lines = parse_programme(text)
    assert len(lines) == 1, lines
    return lines[0]


# --- the seed programme ------------------------------------------------------------------------


def test_seed_programme_items_times_titles_and_types():
    lines = parse_programme(SEED_PROGRAMME)
    assert [line.error for line in lines] == [""] * 12
    got = [(line.start, line.end, line.title[:30], line.type) for line in lines]
    assert got == [
        (t("08:00"), t("09:00"), "Registration/Coffee", "registration"),
        (t("09:00"), t("09:30"), "Opening Session", "opening_session"),
        (t("09:30"), t("11:00"), "Panel: Solidarity-based Commun", "panel"),
        (t("11:00"), t("12:00"), "Open forum", "open_forum"),
        (t("12:00"), None, "Group photo", "group_photo"),
        (t("12:00"), t("13:00"), "Lunch", "meal"),
        (t("13:00"), t("14:30"), "Case Study presentations by:", "case_study_presentations"),
        (t("14:30"), t("15:00"), "Open forum", "open_forum"),
        (t("15:00"), t("15:15"), "Coffee/tea break", "break"),
        (t("15:15"), t("16:00"), "Proposal for ASEAN Community c", "other"),
        (t("16:00"), t("17:00"), "Discussion/adoption of the pro", "discussion_and_adoption"),
        (t("17:00"), t("17:30"), "Closing session: Setting the a", "closing_session"),
    ]
    assert lines[2].title == (
        "Panel: Solidarity-based Community Enterprises for ASEAN: Opportunities, possibilities & challenges"
    )
    assert [line.line_no for line in lines][:5] == [1, 3, 11, 21, 23]
    assert lines[0].raw == "08.00-09.00\xa0\xa0\xa0 Registration/Coffee"


def test_seed_group_photo_is_a_point_in_time():
    photo = [line for line in parse_programme(SEED_PROGRAMME) if line.type == "group_photo"]
    assert len(photo) == 1
    assert (photo[0].start, photo[0].end, photo[0].title) == (t("12:00"), None, "Group photo")


def test_seed_details_are_attached_to_the_item_above():
    lines = {line.title[:20]: line for line in parse_programme(SEED_PROGRAMME)}
    assert lines["Registration/Coffee"].details == []
    assert lines["Opening Session"].details == [
        "Welcome remarks by Datuk Saifuddin Abdullah, CEO of GMM",
        "Brief Speech by Ms Elaine Tan (ASEAN Foundation)",
        "Address by the Chairman of ASEAN CPR, Dato Hasnudin Hamzah",
    ]
    assert lines["Panel: Solidarity-ba"].details == [
        "Dr Benjamin Quinones, Jr. (ASEC Chair)",
        "Pak Bambang Ismawan (ASEC Indonesia)",
        "ILO Representative (Mr. Roberto di Meglio or Jurgen Schwettmann)",
        "Panel Moderator: Datuk Dr Denison Jayasooria (ASEC Deputy Chair)",
    ]
    assert len(lines["Case Study presentat"].details) == 3
    assert lines["Case Study presentat"].details[0].startswith("1) Mr. Rolly Victoria, Alalay")
    assert "Philippines (Mainstreaming" in lines["Case Study presentat"].details[0]  # the nbsp is a space now
    assert lines["Proposal for ASEAN C"].details == ["Panel & Discussion."]
    assert lines["Closing session: Set"].details == ["Launch of ASEAN Solidarity Economy Council"]


def test_seed_panel_people_and_moderator():
    panel = parse_programme(SEED_PROGRAMME)[2]
    assert guess_people(panel.details, panel.type) == [
        ("panellist", "Dr Benjamin Quinones, Jr.", "ASEC Chair"),
        ("panellist", "Pak Bambang Ismawan", "ASEC Indonesia"),
        ("panellist", "Mr. Roberto di Meglio or Jurgen Schwettmann", "ILO Representative"),
        ("moderator", "Datuk Dr Denison Jayasooria", "ASEC Deputy Chair"),
    ]


def test_seed_opening_speakers_and_case_study_speakers():
    lines = parse_programme(SEED_PROGRAMME)
    assert guess_people(lines[1].details, lines[1].type) == [
        ("speaker", "Datuk Saifuddin Abdullah", "GMM"),
        ("speaker", "Ms Elaine Tan", "ASEAN Foundation"),
        ("speaker", "Dato Hasnudin Hamzah", "ASEAN CPR"),
    ]
    assert guess_people(lines[6].details, lines[6].type) == [
        ("speaker", "Mr. Rolly Victoria", "Alalay Sa Kaunlaran Inc. (ASKI) Philippines"),
        ("speaker", "Mr. Shigeru Tanaka", "Deputy Secretary General, PARC, Japan"),
        ("speaker", "Dr Jun E Tan", "ISIS, Malaysia"),
    ]
    # lines under an item of another type name nobody unless they say so
    assert guess_people(lines[9].details, lines[9].type) == []
    assert guess_people(lines[11].details, lines[11].type) == []


# --- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "title"),
    [
        ("09.00-09.30 Opening Session", "09:00", "09:30", "Opening Session"),
        ("15.00-15.15 Coffee/tea break", "15:00", "15:15", "Coffee/tea break"),
        ("09:00-09:30 Opening Session", "09:00", "09:30", "Opening Session"),
        ("9.00am - 9.30am Opening Session", "09:00", "09:30", "Opening Session"),
        ("9am\u201310.30am Keynote", "09:00", "10:30", "Keynote"),
        ("1.30pm-2pm Lunch", "13:30", "14:00", "Lunch"),
        ("09.00\u201309.30 En dash", "09:00", "09:30", "En dash"),
        ("09.00 \u2014 09.30 Em dash", "09:00", "09:30", "Em dash"),
        ("09.00 to 09.30 The word to", "09:00", "09:30", "The word to"),
        ("12.00 Group photo", "12:00", None, "Group photo"),
        ("12.00 - Group photo", "12:00", None, "Group photo"),
        ("13.00-14.30 Case studies", "13:00", "14:30", "Case studies"),
        ("\t 08.00-09.00 \t\t  Registration   /  Coffee  ", "08:00", "09:00", "Registration / Coffee"),
        ("08.00-09.00\xa0\xa0\xa0 Registration", "08:00", "09:00", "Registration"),
        ("9.00 a.m. - 10.00 a.m. Dotted", "09:00", "10:00", "Dotted"),
        ("9 AM - 10 AM Capitals", "09:00", "10:00", "Capitals"),
        ("12pm-1pm Noon is 12pm", "12:00", "13:00", "Noon is 12pm"),
        ("12am-1am Midnight", "00:00", "01:00", "Midnight"),
        ("12 noon - 1.30pm Lunch", "12:00", "13:30", "Lunch"),
        ("11-1pm Shared suffix", "11:00", "13:00", "Shared suffix"),
        ("9-10.30am Start takes the suffix", "09:00", "10:30", "Start takes the suffix"),
        ("1pm-2.30 End takes the suffix", "13:00", "14:30", "End takes the suffix"),
        ("11am-1.00 End takes the other suffix", "11:00", "13:00", "End takes the other suffix"),
        ("13.00pm-14.00 Twenty-four hours win", "13:00", "14:00", "Twenty-four hours win"),
        ("8h00-8h30 \u0110\u0103ng k\u00fd", "08:00", "08:30", "\u0110\u0103ng k\u00fd"),
        ("8h - 9h Hours only", "08:00", "09:00", "Hours only"),
        ("09.00-09.30: Colon after the time", "09:00", "09:30", "Colon after the time"),
        ("\ufeff09.00-09.30 After a byte-order mark", "09:00", "09:30", "After a byte-order mark"),
    ],
)
def test_accepted_formats(text, start, end, title):
    line = only(text)
    assert line.error == ""
    assert line.start == t(start)
    assert line.end == (t(end) if end else None)
    assert line.title == title


@pytest.mark.parametrize("text", ["1) Mr. Rolly Victoria", "(2) Mr. Shigeru Tanaka", "2015 and beyond",
                                  "3-4 people per table", "Panel & Discussion.", "10 participants"])
def test_numbers_that_are_not_times_are_details(text):
    lines = parse_programme("09.00-10.00 Panel\n" + text)
    assert len(lines) == 1
    assert lines[0].details == [text]


def test_blank_lines_and_crlf_keep_line_numbers():
    lines = parse_programme("\r\n09.00-09.30 A\r\n\r\n  \t\r\nspeaker\r\n10.00 B\r11.00-12.00 C\n")
    assert [(line.line_no, line.title, line.details) for line in lines] == [
        (2, "A", ["speaker"]), (6, "B", []), (7, "C", []),
    ]


def test_nothing_pasted():
    assert parse_programme("") == []
    assert parse_programme("  \n\n\t\n") == []


# --- errors ------------------------------------------------------------------------------------


def test_hour_above_23_is_an_error_on_the_line():
    line = only("25.00 Late night")
    assert line.start is None
    assert line.end is None
    assert line.title == "Late night"
    assert "25.00" in line.error
    assert "23" in line.error


def test_minute_above_59_is_an_error_on_the_line():
    line = only("09.00-09.75 Long minute")
    assert line.start == t("09:00")
    assert line.end is None
    assert "09.75" in line.error
    assert "59" in line.error


def test_end_before_start_is_an_error():
    line = only("09.30-09.00 Backwards")
    assert (line.start, line.end) == (t("09:30"), t("09:00"))
    assert "ends before it starts" in line.error


def test_touching_start_and_end_is_not_an_error():
    assert only("09.00-09.00 Zero minutes").error == ""


def test_empty_title_is_an_error():
    line = only("09.00-09.30")
    assert (line.start, line.end, line.title) == (t("09:00"), t("09:30"), "")
    assert "title" in line.error


def test_details_line_before_any_item_is_an_error_line():
    lines = parse_programme("Programme of the day\n09.00-09.30 Opening\nWelcome remarks by X")
    assert len(lines) == 2
    first = lines[0]
    assert (first.line_no, first.start, first.end, first.title) == (1, None, None, "")
    assert first.details == ["Programme of the day"]
    assert "no time" in first.error
    assert lines[1].title == "Opening"
    assert lines[1].details == ["Welcome remarks by X"]
    assert lines[1].error == ""


def test_lines_after_an_error_are_still_read_and_details_attach_to_the_bad_item():
    lines = parse_programme("25.00 Bad\nsomeone\n10.00-11.00 Good")
    assert [(bool(line.error), line.title, line.details) for line in lines] == [
        (True, "Bad", ["someone"]), (False, "Good", []),
    ]


# --- types -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Registration/Coffee", "registration"),
        ("Opening Session", "opening_session"),
        ("Welcome remarks", "welcome_remarks"),
        ("Keynote address", "keynote"),
        ("Panel: Opportunities", "panel"),
        ("Open forum", "open_forum"),
        ("Case Study presentations by:", "case_study_presentations"),
        ("Plenary", "plenary"),
        ("Breakout sessions", "breakout"),
        ("Break-out groups", "breakout"),
        ("Working group 2: finance", "breakout"),
        ("Cluster meetings", "breakout"),
        ("Report back from the breakouts", "report_back"),
        ("Discussion/adoption of the proposal", "discussion_and_adoption"),
        ("Adoption of the declaration", "discussion_and_adoption"),
        ("Coffee/tea break", "break"),
        ("Tea break", "break"),
        ("Lunch", "meal"),
        ("Dinner hosted by GMM", "meal"),
        ("Group photo", "group_photo"),
        ("Side event: youth network", "side_event"),
        ("Closing session: Setting the agenda", "closing_session"),
        ("Proposal for ASEAN Community cooperation", "other"),
        ("Teamwork", "other"),  # whole words only: no "tea"
        ("", "other"),
    ],
)
def test_guess_type(title, expected):
    assert guess_type(title) == expected


def test_guess_type_gives_item_types_only():
    words = ["registration", "opening", "welcome", "keynote", "panel", "open forum", "case study", "plenary",
             "breakout", "working group", "cluster", "report back", "discussion", "adoption", "break", "coffee",
             "tea", "lunch", "dinner", "meal", "group photo", "side event", "closing", "nothing"]
    assert {guess_type(w) for w in words} <= set(ITEM_TYPES)


# --- people ------------------------------------------------------------------------------------


def test_guess_people_labels_and_by():
    assert guess_people([
        "Chair: Prof Aminah (Universiti Malaya)",
        "Rapporteur: Ms Linh Nguyen",
        "Moderated by Mr Somchai (GMM)",
        "Speakers: Dr A (ISIS); Mr B, Director of ASLI",
        "Discussant: Ms C, University of the Philippines",
        "Welcome remarks by Datuk Saifuddin Abdullah, CEO of GMM",
        "Theme: not a person",
        "Notes without anybody",
    ]) == [
        ("chair", "Prof Aminah", "Universiti Malaya"),
        ("rapporteur", "Ms Linh Nguyen", ""),
        ("moderator", "Mr Somchai", "GMM"),
        ("speaker", "Dr A", "ISIS"),
        ("speaker", "Mr B", "ASLI"),
        ("discussant", "Ms C", "University of the Philippines"),
        ("speaker", "Datuk Saifuddin Abdullah", "GMM"),
    ]


def test_guess_people_by_item_type():
    lines = ["- Dr Jun E Tan, ISIS", "Pak Bambang Ismawan (ASEC Indonesia)"]
    assert guess_people(lines, "panel") == [
        ("panellist", "Dr Jun E Tan", "ISIS"), ("panellist", "Pak Bambang Ismawan", "ASEC Indonesia"),
    ]
    assert [role for role, _, _ in guess_people(lines, "case_study_presentations")] == ["speaker", "speaker"]
    assert guess_people(lines, "open_forum") == []
    assert guess_people(lines) == []
    assert guess_people([]) == []


def test_guess_people_roles_are_person_roles():
    lines = ["Chair: A", "Moderator: B", "Speaker: C", "Panellist: D", "Discussant: E", "Rapporteur: F",
             "Resource person: G", "Facilitator: H"]
    assert {role for role, _, _ in guess_people(lines)} <= set(PERSON_ROLES)
    assert len(guess_people(lines)) == 8


# --- robustness --------------------------------------------------------------------------------

_PIECES = ["09", "9", "12", "25", "99", "00", "30", "75", ".", ":", "h", "-", "\u2013", "\u2014", " to ", "am",
           "pm", "a.m.", "noon", " ", "\xa0", "\t", "\n", "\r", "(", ")", ",", ";", "by ", "Chair: ", "Panel",
           "Dr ", "\u0110\u0103ng", "\U0001f600", "\ud800", "\u200b", "\ufeff", "1)", "of ", "the "]


def _check(text: str) -> None:
    lines = parse_programme(text)
    for line in lines:
        assert isinstance(line, ParsedLine)
        assert line.type in ITEM_TYPES
        assert line.start is None or isinstance(line.start, time)
        assert line.end is None or isinstance(line.end, time)
        assert line.error or (line.start is not None and line.title)
        for role, name, organisation in guess_people(line.details, line.type):
            assert role in PERSON_ROLES
            assert name
            assert isinstance(organisation, str)


def test_random_time_like_input_never_raises():
    rng = random.Random(20150425)
    for _ in range(3000):
        _check("".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30))))
    for _ in range(300):
        _check("".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 80))))


def test_odd_inputs_never_raise():
    for text in [None, b"09.00-10.00 Bytes", 42, "(" * 5000, "9" * 5000, "09.00-" * 2000, "\n" * 10000]:
        assert isinstance(parse_programme(text), list)  # type: ignore[arg-type]
    assert guess_type(None) == "other"  # type: ignore[arg-type]
    assert guess_people(None) == []  # type: ignore[arg-type]


try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is optional: the stdlib fuzz above still runs
    pass
else:

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.one_of(st.text(), st.lists(st.sampled_from(_PIECES)).map("".join)))
    def test_hypothesis_never_raises(text):
        _check(text)
