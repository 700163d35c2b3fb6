"""The programme's iCalendar feed (forumops.agenda.ical), read back by icalendar and by vobject, an independent one."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import dateutil.tz
import icalendar
import pytest
import vobject

from forumops.agenda.data import ItemData, PersonData, ProgrammeData
from forumops.agenda.ical import etag_for, render_calendar

NOW = datetime(2026, 4, 20, 8, 30, tzinfo=UTC)
DAY = datetime(2026, 5, 12, tzinfo=UTC)  # 12 May 2026, 00:00 UTC = 07:00 in Ho Chi Minh City

VIETNAMESE = "Phiên khai mạc – Nguyễn Phương Linh"
THAI = "พิธีเปิด"
KHMER = "ពិធីបើក – សុខ សុភា"
AWKWARD = 'Panel: "A; B, C"\r\nback\\slash; end,'


def item(n: int, **kw) -> ItemData:
    start = kw.pop("start", DAY + timedelta(hours=2 + n))
    values = dict(
        id=n, uid=f"item-{n}@forumops", title=f"Item {n}", type="panel", start=start, end=start + timedelta(hours=1),
        sequence=n, created_at=NOW - timedelta(days=30), updated_at=NOW - timedelta(days=n),
        url=f"https://forumops.example/f/asean-2026/programme#item-{n}",
    )
    values.update(kw)
    return ItemData(**values)


def programme(*items: ItemData, **kw) -> ProgrammeData:
    values = dict(
        forum_title="ASEAN Social Enterprise Forum 2026", forum_slug="asean-2026", timezone="Asia/Ho_Chi_Minh",
        url="https://forumops.example/f/asean-2026/programme", calendar_name="ASEAN SE Forum 2026",
        venue="Melia Hanoi", items=items,
    )
    values.update(kw)
    return ProgrammeData(**values)


def events(feed: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(feed).walk("VEVENT")


def vevents(feed: bytes) -> list:
    return vobject.readOne(feed.decode("utf-8")).contents["vevent"]


def unfolded(feed: bytes) -> str:
    return feed.decode("utf-8").replace("\r\n ", "")


@pytest.fixture
def sample() -> ProgrammeData:
    return programme(
        item(1, title="Registration", type="registration", room="Foyer"),
        item(2, title="Opening session", type="opening_session", room="Ballroom", online=True,
             people=(PersonData("Denison Jayasooria", "moderator", "Datuk Dr", "ASEC"),
                     PersonData("Nguyễn Phương Linh", "speaker", organisation="Vietnam Women's Union")),
             description="Welcome by the **hosts**.\n\n- one\n- two"),
        item(3, title="Cluster 1: finance", type="breakout", cluster="Finance", room="Room 3"),
        item(4, title="Dropped panel", cancelled=True, sequence=7),
    )


def test_round_trip_icalendar(sample):
    feed = render_calendar(sample, now=NOW)
    parsed = events(feed)
    assert [str(e["UID"]) for e in parsed] == [i.uid for i in sample.items]
    assert [e.decoded("SEQUENCE") for e in parsed] == [i.sequence for i in sample.items]
    assert [str(e["STATUS"]) for e in parsed] == ["CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED"]
    cal = icalendar.Calendar.from_ical(feed)
    assert str(cal["PRODID"]) == "-//ForumOps//Programme//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "ASEAN SE Forum 2026"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    text = unfolded(feed)
    assert "\r\nX-PUBLISHED-TTL:PT1H\r\n" in text
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text


def test_round_trip_vobject(sample):
    parsed = vevents(render_calendar(sample, now=NOW))
    assert [e.uid.value for e in parsed] == [i.uid for i in sample.items]
    assert [int(e.sequence.value) for e in parsed] == [i.sequence for i in sample.items]
    assert [e.status.value for e in parsed] == ["CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert [e.summary.value for e in parsed] == [i.title for i in sample.items]


def test_event_properties(sample):
    opening = events(render_calendar(sample, now=NOW))[1]
    assert opening.decoded("DTSTAMP") == NOW
    assert opening.decoded("CREATED") == NOW - timedelta(days=30)
    assert opening.decoded("LAST-MODIFIED") == NOW - timedelta(days=2)
    assert str(opening["LOCATION"]) == "Ballroom / online"
    assert str(opening["URL"]) == sample.items[1].url
    assert str(opening["TRANSP"]) == "OPAQUE"
    assert opening.categories == ["Opening session"]
    assert str(opening["DESCRIPTION"]) == (
        "Moderator: Datuk Dr Denison Jayasooria (ASEC)\n"
        "Speaker: Nguyễn Phương Linh (Vietnam Women's Union)\n"
        "\n"
        "Welcome by the **hosts**.\n\n- one\n- two\n"
        "\n"
        "https://forumops.example/f/asean-2026/programme#item-2"
    )
    assert "X-FORUMOPS-CLUSTER" not in opening
    breakout = events(render_calendar(sample, now=NOW))[2]
    assert str(breakout["X-FORUMOPS-CLUSTER"]) == "Finance"
    assert breakout.categories == ["Breakout"]


def test_location_falls_back_to_venue():
    feed = render_calendar(programme(item(1), item(2, online=True), item(3, room="Room 2")), now=NOW)
    assert [str(e["LOCATION"]) for e in events(feed)] == ["Melia Hanoi", "Melia Hanoi / online", "Room 2"]
    feed = render_calendar(programme(item(1), item(2, online=True), venue=""), now=NOW)
    parsed = events(feed)
    assert "LOCATION" not in parsed[0]
    assert str(parsed[1]["LOCATION"]) == "Online"


def test_special_characters_in_title_stay_in_one_event():
    feed = render_calendar(programme(item(1, title=AWKWARD), item(2)), now=NOW)
    # iCalendar TEXT carries a line break only as "\n": a CRLF in a title comes back as LF, the rest unchanged.
    expected = AWKWARD.replace("\r\n", "\n")
    parsed = events(feed)
    assert len(parsed) == 2
    assert str(parsed[0]["SUMMARY"]) == expected
    assert str(parsed[1]["SUMMARY"]) == "Item 2"
    v = vevents(feed)
    assert len(v) == 2
    assert v[0].summary.value == expected
    assert unfolded(feed).count("BEGIN:VEVENT") == 2


def test_control_characters_are_dropped():
    feed = render_calendar(programme(item(1, title="Tab\there\x00\x1b[0m\x7f")), now=NOW)
    assert str(events(feed)[0]["SUMMARY"]) == "Tab\there[0m"


def test_southeast_asian_scripts_survive():
    people = (PersonData("Nguyễn Phương Linh", "moderator"), PersonData("สมชาย ใจดี", "speaker"),
              PersonData("សុខ សុភា", "panellist", organisation="សមាគមសហគ្រិនស្ត្រីកម្ពុជា"))
    # Long enough that lines are folded, so folding must not cut a UTF-8 sequence in two.
    long_thai = THAI + " " + "การประชุมเชิงปฏิบัติการว่าด้วยเศรษฐกิจสังคม" * 4
    sample = programme(
        item(1, title=VIETNAMESE, people=people, description=KHMER * 5),
        item(2, title=THAI, description=long_thai),
        item(3, title=KHMER),
    )
    feed = render_calendar(sample, now=NOW)
    for line in feed.split(b"\r\n"):
        line.decode("utf-8")  # every physical line is whole UTF-8
    expected_description = (
        "Moderator: Nguyễn Phương Linh\nSpeaker: สมชาย ใจดี\nPanellist: សុខ សុភា (សមាគមសហគ្រិនស្ត្រីកម្ពុជា)\n\n"
        + KHMER * 5 + "\n\n" + sample.items[0].url
    )
    for summaries, descriptions in (
        ([str(e["SUMMARY"]) for e in events(feed)], [str(e["DESCRIPTION"]) for e in events(feed)]),
        ([e.summary.value for e in vevents(feed)], [e.description.value for e in vevents(feed)]),
    ):
        assert [s.encode() for s in summaries] == [VIETNAMESE.encode(), THAI.encode(), KHMER.encode()]
        assert descriptions[0].encode() == expected_description.encode()
        assert descriptions[1].encode() == (long_thai + "\n\n" + sample.items[1].url).encode()


def test_times_in_the_forum_zone_with_vtimezone():
    nine = datetime(2026, 5, 12, 2, 0, tzinfo=UTC)  # 09:00 in Ho Chi Minh City
    feed = render_calendar(programme(item(1, start=nine)), now=NOW)
    text = unfolded(feed)
    assert "\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20260512T090000\r\n" in text
    assert "\r\nDTEND;TZID=Asia/Ho_Chi_Minh:20260512T100000\r\n" in text

    cal = icalendar.Calendar.from_ical(feed)
    (vtimezone,) = cal.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Asia/Ho_Chi_Minh"
    assert timedelta(hours=7) in [s.decoded("TZOFFSETTO") for s in vtimezone.walk("STANDARD")]
    assert not vtimezone.walk("DAYLIGHT")
    block = text[text.index("BEGIN:VTIMEZONE"):text.index("END:VTIMEZONE")]
    assert "\r\nBEGIN:STANDARD\r\n" in block
    assert "\r\nTZOFFSETTO:+0700\r\n" in block

    start = cal.walk("VEVENT")[0].decoded("DTSTART")
    assert start.astimezone(UTC) == nine
    assert start.utcoffset() == timedelta(hours=7)
    # The independent parser builds the zone from the VTIMEZONE and lands on the same instant.
    vstart = vevents(feed)[0].dtstart.value
    assert vstart.astimezone(UTC) == nine


SOUTHEAST_ASIA = (
    "Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Kuala_Lumpur",
    "Asia/Kuching", "Asia/Manila", "Asia/Singapore", "Asia/Yangon", "Asia/Phnom_Penh", "Asia/Vientiane",
    "Asia/Brunei", "Asia/Dili",
)


@pytest.mark.parametrize("tzid", SOUTHEAST_ASIA)
def test_vtimezone_read_by_another_parser(tzid):
    """vobject resolves TZID through the feed's VTIMEZONE (not its own database): 09:00 local is the same instant."""
    nine = datetime(2026, 5, 12, 9, tzinfo=ZoneInfo(tzid)).astimezone(UTC)
    feed = render_calendar(programme(item(1, start=nine), timezone=tzid), now=NOW)
    assert f"DTSTART;TZID={tzid}:20260512T090000\r\n" in unfolded(feed)
    (event,) = vevents(feed)
    assert event.dtstart.value.astimezone(UTC) == nine
    assert event.dtend.value.astimezone(UTC) == nine + timedelta(hours=1)


def test_vtimezone_with_daylight_saving():
    """A zone with daylight saving gets DAYLIGHT rules; dateutil reads them from the VTIMEZONE alone.

    (Not vobject here: 0.9.9 keeps only the first date of a multi-valued RDATE when it hands a VTIMEZONE to dateutil.
    None of the zones of Southeast Asia has more than one.)
    """
    summer, winter = datetime(2026, 1, 15, 0, tzinfo=UTC), datetime(2026, 7, 15, 0, tzinfo=UTC)
    feed = render_calendar(programme(item(1, start=summer), item(2, start=winter), timezone="Australia/Sydney"),
                           now=NOW)
    text = unfolded(feed)
    assert "DTSTART;TZID=Australia/Sydney:20260115T110000\r\n" in text
    assert "DTSTART;TZID=Australia/Sydney:20260715T100000\r\n" in text
    cal = icalendar.Calendar.from_ical(feed)
    assert cal.walk("DAYLIGHT")
    zone = dateutil.tz.tzical(io.StringIO(cal.walk("VTIMEZONE")[0].to_ical().decode())).get("Australia/Sydney")
    assert datetime(2026, 1, 15, 11, tzinfo=zone).astimezone(UTC) == summer
    assert datetime(2026, 7, 15, 10, tzinfo=zone).astimezone(UTC) == winter


def test_line_lengths_line_ends_and_no_invitations(sample):
    long_people = tuple(PersonData(f"Speaker number {n} with a long name", "panellist", "Prof Dr", "ISIS Malaysia")
                        for n in range(6))
    feed = render_calendar(programme(*sample.items, item(9, title=VIETNAMESE * 4, people=long_people,
                                                         description="x" * 500)), now=NOW)
    assert feed.endswith(b"\r\n")
    lines = feed.split(b"\r\n")[:-1]
    assert b"\n" not in feed.replace(b"\r\n", b"")
    assert b"\r" not in feed.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    assert b"ORGANIZER" not in feed
    assert b"ATTENDEE" not in feed


def test_cancelled_item_stays_with_its_sequence():
    feed = render_calendar(programme(item(1), item(2, cancelled=True, sequence=5)), now=NOW)
    text = unfolded(feed)
    assert "\r\nSTATUS:CANCELLED\r\n" in text
    assert "\r\nSEQUENCE:5\r\n" in text
    cancelled = events(feed)[1]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.decoded("SEQUENCE") == 5


def test_single_item_and_empty_feeds():
    one = render_calendar(programme(item(1)), now=NOW)
    assert len(events(one)) == 1
    empty = render_calendar(programme(), now=NOW)
    cal = icalendar.Calendar.from_ical(empty)
    assert cal.walk("VEVENT") == []
    assert len(cal.walk("VTIMEZONE")) == 1


def test_dtstamp_defaults_to_the_items_last_change_and_naive_times_are_utc():
    changed = datetime(2026, 4, 1, 8, 30, tzinfo=UTC)
    data = programme(item(1, start=datetime(2026, 5, 12, 2), end=datetime(2026, 5, 12, 3), updated_at=changed))
    feed = render_calendar(data)
    parsed = events(feed)[0]
    assert parsed.decoded("DTSTAMP") == changed
    assert parsed.decoded("DTSTART").astimezone(UTC) == datetime(2026, 5, 12, 2, tzinfo=UTC)
    assert render_calendar(data) == feed  # same data, same bytes: the strong ETag is honest


def test_other_zone_for_the_same_instant():
    feed = render_calendar(programme(item(1, start=datetime(2026, 5, 12, 2, tzinfo=ZoneInfo("UTC"))),
                                     timezone="Asia/Bangkok"), now=NOW)
    assert "DTSTART;TZID=Asia/Bangkok:20260512T090000" in unfolded(feed)


def test_rendering_is_deterministic_for_the_same_now(sample):
    assert render_calendar(sample, now=NOW) == render_calendar(sample, now=NOW)


def test_etag(sample):
    tag = etag_for(sample)
    assert tag.startswith('"')
    assert tag.endswith('"')
    int(tag.strip('"'), 16)
    assert etag_for(programme(*sample.items)) == tag  # equal data, new objects
    bumped = programme(*sample.items[:2], item(3, title="Cluster 1: finance", type="breakout", cluster="Finance",
                                               room="Room 3", sequence=4), sample.items[3])
    assert etag_for(bumped) != tag
    assert etag_for(programme(*sample.items[:3], item(4, title="Dropped panel", sequence=7))) != tag
    assert etag_for(programme(*sample.items, calendar_name="Other")) != tag
    assert etag_for(programme(*sample.items, timezone="Asia/Bangkok")) != tag
    assert etag_for(programme(*sample.items[:3])) != tag


def test_parallel_breakouts_are_told_apart_by_their_cluster_in_the_summary():
    """Calendar apps show SUMMARY and LOCATION, never X-FORUMOPS-CLUSTER: three parallel breakouts all called
    "Breakout session 1" must say which cluster each is (issue 14 #9)."""
    start = DAY + timedelta(hours=7)
    breakouts = [item(n, title="Breakout session 1", type="breakout", start=start, cluster=cluster, room=room)
                 for n, (cluster, room) in enumerate((("MSME", "Room 1"), ("Agriculture", "Room 2"),
                                                      ("Finance", "Room 3")), start=1)]
    named = item(4, title="Finance cluster: access to credit", type="breakout", cluster="Finance", room="Room 3")
    for parsed in (events(render_calendar(programme(*breakouts, named), now=NOW)),
                   vevents(render_calendar(programme(*breakouts, named), now=NOW))):
        summaries = [str(e["SUMMARY"]) if isinstance(e, icalendar.Event) else e.summary.value for e in parsed]
        assert summaries == ["Breakout session 1 — MSME", "Breakout session 1 — Agriculture",
                             "Breakout session 1 — Finance", "Finance cluster: access to credit"]
    parsed = events(render_calendar(programme(*breakouts), now=NOW))
    assert [str(e["LOCATION"]) for e in parsed] == ["Room 1", "Room 2", "Room 3"]
