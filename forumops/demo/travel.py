"""Getting people to the Hanoi training (issue 23) in the demo: the registration questions of the new kinds (a
phone number for the pickup, a passport's expiry date, a visa question shown only to those who need a letter,
a heading with a word about travel, the organisers' own arrangements), two hotels, the travel settings, and what
Mai funded for fifteen participants from Cambodia, Laos, Myanmar and Vietnam, with the travel details a dozen of
them sent: arrivals from the morning before the training to its first morning, one at 23:30 and one after
midnight.

For the browser journeys: Sopheak (sopheak@example.org) is confirmed, offered travel and accommodation, and has
not answered nor sent his details yet; the participants from Thailand, Indonesia and the Philippines have nothing
funded, so Mai can offer travel and accommodation to five of them at once.

The questions and registrations go through the registration operations. The travel stage's rows (settings,
hotels, support, travel details) and the organisers-only answers are written as rows for now: their operations
are being written beside this (issue 23) and the demo will use them once they are merged.
What is there already is left alone, so loading twice adds nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from ..core.i18n import utc_of_wall_clock
from ..extensions import db
from ..forums.models import Forum
from ..registration import seats as registration_seats
from ..registration import setup as registration_setup
from ..registration.models import Question, Registration
from ..travel.models import Hotel, Support, TravelDetails, TravelSettings
from .people import account, registration_data

PHONE = "Mobile phone (for the pickup)"
VISA_LETTER = "Do you need a visa letter?"
VISA_KIND = "Which visa do you need?"
PASSPORT_EXPIRY = "Passport expiry date"
ARRANGEMENTS = "Arrangements (organisers only)"
QUESTIONS: list[dict[str, Any]] = [
    {"label": PHONE, "kind": "phone",
     "help_text": "With the country code. The driver who meets you at the airport calls this number."},
    {"label": "Travel", "kind": "heading",
     "help_text": "If the organisers fund your travel, they book your flight and meet you at Noi Bai airport; "
                  "after registration they will ask for your flight in a second form."},
    {"label": VISA_LETTER, "kind": "yes_no"},
    {"label": VISA_KIND, "kind": "single_choice", "shown_if": (VISA_LETTER, ["yes"]),
     "options": ["Visa on arrival (approval letter)", "Visa from a Vietnamese embassy"]},
    {"label": PASSPORT_EXPIRY, "kind": "date",
     "help_text": "Your passport must be valid six months after the training."},
    {"label": ARRANGEMENTS, "kind": "long_text", "organisers_only": True},
]
SETTINGS = {"form_open": True, "form_audience": "sponsored", "form_deadline": date(2014, 11, 28), "currency": "USD",
            "per_diem_rate": Decimal(30)}
HOTELS = [{"name": "Hanoi Daewoo Hotel", "address": "360 Kim Mã, Ba Đình, Hà Nội", "phone": "+842438315000"},
          {"name": "Thắng Lợi Hotel", "address": "200 Yên Phụ, Tây Hồ, Hà Nội", "phone": "+842438294211"}]
SOPHEAK: dict[str, Any] = {
    "name": "សុខ សុភ័ក្ត្រ (Sok Sopheak)", "email": "sopheak@example.org", "gender": "man",
    "organisation": "Cambodia Women Entrepreneur Association", "country": "KH", "job_title": "Representative",
    "category": "civil_society", "answers": {PHONE: "+85577123456", VISA_LETTER: "no", PASSPORT_EXPIRY: "2019-08-21"}}
# What the others answered on the form (Linh lives in Hanoi: a phone number, nothing else)
OTHER_ANSWERS = {"linh@example.org": {PHONE: "+84912345678"}}

_KH_FLIGHT = "Economy return, Phnom Penh–Hanoi"
_MM_FLIGHT = "Economy return, Yangon–Hanoi via Bangkok"
_LA_FLIGHT = "Economy return, Vientiane–Hanoi"
_QUANG, _TUNG, _HOA = "Mr Quang (driver), UCLG ASPAC sign", "Mr Tùng (driver)", "Ms Hoa (UCLG ASPAC)"
_FULL = {"accommodation": ("accepted", None, ""), "per_diem": ("accepted", 30, "")}


def _sponsored(email: str, phone: str, passport: str, travel: tuple, visa: bool = False, details=None, **support):
    return {"email": email, "answers": {PHONE: phone, VISA_LETTER: "yes" if visa else "no", PASSPORT_EXPIRY: passport,
                                        **({VISA_KIND: "Visa on arrival (approval letter)"} if visa else {})},
            "support": {"travel": travel, **_FULL, **support}, "details": details}


def _trip(arrive: str, origin: str, flight: str, leave: str = "2014-12-12 09:40", back: str = "",
          hotel: int | None = 0, nights: tuple[str, str] = ("2014-12-08", "2014-12-12"), **fields):
    """Travel details: local times in Hanoi ("YYYY-MM-DD HH:MM"), the hotel's index in HOTELS."""
    return {"arrive": arrive, "arrival_from": origin, "arrival_transport": flight, "leave": leave,
            "departure_to": back or origin, "hotel": hotel, "nights": nights if hotel is not None else None, **fields}


# Fifteen people funded by Mai's foundation; twelve sent their travel details.
SPONSORED = [
    _sponsored("sok.chantha@example.org", "+85512345678", "2018-02-11", ("accepted", 420, _KH_FLIGHT),
               details=_trip("2014-12-08 11:05", "Phnom Penh (PNH)", "VN 840", arrival_meet=_QUANG,
                             departure_transport="VN 841", room_sharing="share_with", share_with="ជា សុភាព",
                             room="412")),
    _sponsored("chea.sopheap@example.org", "+85517234567", "2017-06-30", ("accepted", 420, _KH_FLIGHT),
               details=_trip("2014-12-08 11:05", "Phnom Penh (PNH)", "VN 840", arrival_meet=_QUANG,
                             departure_transport="VN 841", room_sharing="share_with", share_with="សុខ ចាន់ថា",
                             room="412")),
    _sponsored("heng.vichet@example.org", "+85592345671", "2016-11-04", ("accepted", 390, "Economy return, "
               "Siem Reap–Hanoi"), details=_trip("2014-12-08 16:20", "Siem Reap (REP)", "VN 838",
                                                 leave="2014-12-11 20:10", departure_transport="VN 837",
                                                 arrival_meet=_QUANG, room_sharing="single", room="305",
                                                 nights=("2014-12-08", "2014-12-11"))),
    _sponsored("mao.samnang@example.org", "+85511456789", "2020-01-15", ("accepted", 420, _KH_FLIGHT),
               details=_trip("2014-12-08 23:30", "Phnom Penh (PNH)", "VN 920", arrival_meet=_QUANG,
                             departure_transport="VN 921", room_sharing="single", room="307",
                             notes="Arriving late: please keep the room. Vegetarian meals.")),
    _sponsored("keo.sokha@example.org", "+85516778899", "2019-09-09", ("offered", 420, _KH_FLIGHT),
               accommodation=("offered", None, ""), per_diem=("offered", 30, "")),
    _sponsored("aung.kyaw@example.org", "+959421234567", "2017-03-22", ("accepted", 560, _MM_FLIGHT), visa=True,
               visa_fee=("accepted", 25, "Visa on arrival stamping fee"),
               details=_trip("2014-12-09 00:40", "Yangon (RGN) via Bangkok", "TG 560", arrival_meet=_HOA,
                             departure_transport="TG 565", room_sharing="single", room="310",
                             notes="Landing after midnight; the room is held from the evening before.")),
    _sponsored("khin.marlar@example.org", "+959791234567", "2018-07-01", ("accepted", 560, _MM_FLIGHT),
               details=_trip("2014-12-08 14:50", "Yangon (RGN)", "VN 956", departure_transport="VN 957", hotel=1,
                             arrival_meet=_TUNG, room_sharing="share_with", share_with="စန္ဒာမြင့်", room="221")),
    _sponsored("thida.win@example.org", "+959254321098", "2016-05-18", ("accepted", 560, _MM_FLIGHT), visa=True,
               visa_fee=("accepted", 25, "Visa on arrival stamping fee"),
               details=_trip("2014-12-08 19:15", "Yangon (RGN) via Bangkok", "TG 564", departure_transport="TG 565",
                             hotel=1, room_sharing="share")),
    _sponsored("zaw.min.htun@example.org", "+959450987654", "2017-12-02",
               ("declined", None, "His cooperative pays his flight")),
    _sponsored("sandar.myint@example.org", "+959972345678", "2019-04-27", ("accepted", 560, _MM_FLIGHT),
               details=_trip("2014-12-08 14:50", "Yangon (RGN)", "VN 956", departure_transport="VN 957", hotel=1,
                             arrival_meet=_TUNG, room_sharing="share_with", share_with="ခင်မာလာ", room="221")),
    _sponsored("somphone.k@example.org", "+8562055512345", "2018-10-10", ("accepted", 380, _LA_FLIGHT),
               details=_trip("2014-12-08 17:45", "Vientiane (VTE)", "QV 311", departure_transport="QV 312", hotel=1,
                             arrival_meet=_TUNG, room_sharing="single", room="225")),
    _sponsored("bouaphanh.s@example.org", "+8562099887766", "2017-01-31", ("accepted", 60, "Overnight bus, "
               "Vientiane–Hanoi, both ways"),
               details=_trip("2014-12-09 07:30", "Vientiane, overnight bus", "Bus, Giáp Bát bus station",
                             leave="2014-12-11 19:00", departure_transport="Overnight bus", hotel=1,
                             nights=("2014-12-09", "2014-12-11"), arrival_meet=f"{_TUNG} at Giáp Bát",
                             room_sharing="share")),
    _sponsored("khamla.p@example.org", "+8562022334455", "2020-06-12", ("accepted", 380, _LA_FLIGHT),
               details=_trip("2014-12-09 08:10", "Vientiane (VTE)", "QV 313", departure_transport="QV 312",
                             nights=("2014-12-09", "2014-12-12"), room_sharing="share",
                             notes="I take a taxi from the airport.")),
    _sponsored("noy.vongsa@example.org", "+8562077665544", "2019-02-14", ("accepted", 380, _LA_FLIGHT)),
    _sponsored("le.thu.ha@example.org", "+84905123456", "", ("accepted", 150, "Economy return, Da Nang–Hanoi"),
               accommodation=("declined", None, "Stays with her sister in Cầu Giấy"),
               details=_trip("2014-12-09 07:05", "Da Nang (DAD)", "VN 1514", leave="2014-12-11 19:30",
                             departure_transport="VN 1527", hotel=None, notes="I stay with my sister.")),
]
ARRANGEMENT_NOTES = {
    "mao.samnang@example.org": "Late arrival: Mr Quang waits; the Daewoo holds room 307 until 01:00.",
    "aung.kyaw@example.org": "Visa approval letter sent to the Immigration Department on 14 November.",
    "thida.win@example.org": "Visa approval letter sent to the Immigration Department on 14 November.",
    "zaw.min.htun@example.org": "His cooperative books his flight; we keep his room and per diem.",
}


def _local(forum: Forum, value: str) -> datetime:
    stamp = datetime.fromisoformat(value)
    return utc_of_wall_clock(forum.timezone, stamp.date(), stamp.time())


def load_training_questions(forum: Forum) -> None:
    """The training's registration questions, before its participants register (so they answer them). The
    condition and the organisers-only flag are set on the rows: registration's add_question takes them once
    the question kinds of issue 23 are merged. A forum with questions already is left alone."""
    if db.session.scalar(select(Question.id).where(Question.forum_id == forum.id).limit(1)):
        return
    made: dict[str, Question] = {}
    for spec in QUESTIONS:
        question = registration_setup.add_question(forum, spec)
        question.organisers_only = spec.get("organisers_only", False)
        if "shown_if" in spec:
            label, values = spec["shown_if"]
            question.shown_if_question_id, question.shown_if_values = made[label].id, values
        made[spec["label"]] = question
    db.session.flush()


def training_questions(forum: Forum) -> dict[str, str]:
    """The training's question ids by label, as registration_data takes them (none before they are loaded)."""
    return {label: str(question_id) for label, question_id in db.session.execute(
        select(Question.label, Question.id).where(Question.forum_id == forum.id))}


def training_answers(email: str, questions: dict[str, str]) -> dict[str, str]:
    """What this person answered on the training's form, by question label."""
    given = next((s["answers"] for s in SPONSORED if s["email"] == email), None) or OTHER_ANSWERS.get(email, {})
    return {label: answer for label, answer in given.items() if label in questions and answer}


def _support(registration: Registration, kind: str, status: str, amount, note: str, day: int) -> Support:
    offered = datetime(2014, 10, 20, 3, 0, tzinfo=UTC)  # Mai offered them all on 20 October
    answered = datetime(2014, 10, 21 + day % 10, 4, 30, tzinfo=UTC) if status != "offered" else None
    return Support(registration_id=registration.id, kind=kind, status=status, note=note, currency="USD",
                   amount=Decimal(amount) if amount is not None else None, offered_at=offered, answered_at=answered)


def _details(forum: Forum, registration: Registration, trip: dict, hotels: list[Hotel], day: int) -> TravelDetails:
    hotel = hotels[trip["hotel"]] if trip["hotel"] is not None else None
    check_in, check_out = (date.fromisoformat(d) for d in trip["nights"]) if trip["nights"] else (None, None)
    fields = {key: value for key, value in trip.items() if key not in ("arrive", "leave", "hotel", "nights")}
    return TravelDetails(registration_id=registration.id, arrival_at=_local(forum, trip["arrive"]),
                         departure_at=_local(forum, trip["leave"]), hotel_id=hotel.id if hotel else None,
                         check_in=check_in, check_out=check_out,
                         submitted_at=datetime(2014, 11, 10 + day % 15, 2, 15, tzinfo=UTC), **fields)


def load_training_travel(forum: Forum) -> None:
    """Sopheak's registration, the settings, hotels, support and travel details of the training. Written as rows
    (see the module's docstring); a training with travel settings already is left alone."""
    if db.session.scalar(select(TravelSettings.id).where(TravelSettings.forum_id == forum.id)):
        return
    questions = training_questions(forum)
    people = {r.email: r for r in db.session.scalars(select(Registration).where(Registration.forum_id == forum.id))}
    if SOPHEAK["email"] not in people:
        people[SOPHEAK["email"]], _token = registration_seats.register(
            forum, registration_data(SOPHEAK, {}, questions), account(SOPHEAK["email"]), notify=False)
    db.session.add(TravelSettings(forum_id=forum.id, **SETTINGS))
    hotels = [Hotel(forum_id=forum.id, position=n, **spec) for n, spec in enumerate(HOTELS)]
    db.session.add_all(hotels)
    db.session.flush()
    rows: list[Any] = [_support(people[SOPHEAK["email"]], kind, "offered", None, "", 0)
                       for kind in ("travel", "accommodation")]
    for day, spec in enumerate(SPONSORED):
        registration = people.get(spec["email"])
        if registration is None:
            continue
        rows += [_support(registration, kind, status, amount, note, day)
                 for kind, (status, amount, note) in spec["support"].items()]
        if spec["details"]:
            rows.append(_details(forum, registration, spec["details"], hotels, day))
    db.session.add_all(rows)
    arrangements = questions.get(ARRANGEMENTS)
    for email, note in ARRANGEMENT_NOTES.items():
        if arrangements and email in people:
            people[email].answers = {**people[email].answers, arrangements: note}  # the organisers' own answer
    db.session.flush()
