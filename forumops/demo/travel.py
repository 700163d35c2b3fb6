"""Getting people to the ASEAN Community Forum 2027 in Jakarta (issue 23) in the demo, where its organisers are
arranging travel now: the registration questions of the new kinds (a heading, a phone number for the pickup, a
visa question and the visa asked only of those who need a letter, a passport's expiry date, the organisers' own
arrangements), two hotels near the ASEAN Secretariat, the travel settings, what the ASEAN Foundation funds for
sixteen participants from Cambodia, Laos, Myanmar and Vietnam, and the travel details twelve of them sent:
arrivals at Soekarno-Hatta (CGK) on 13 and 14 April 2027, one at 23:30 and one after midnight.

For the browser journeys: Sopheak (sopheak@example.org) comes in person, is offered travel and accommodation, and
has neither answered nor sent his flight; eight confirmed participants (from Viet Nam, Thailand, Indonesia,
Malaysia, the Philippines, Brunei, Timor-Leste and Singapore) have nothing funded, so Mai can offer travel and
accommodation to five of them at once.

Everything goes through the operations: the questions and the organisers' answers through registration's, the
people register with data.py's list (demo.loader, answering these questions), the settings, hotels, offers, the
people's answers to them and the travel details through the travel stage's. What is there already is left alone,
so loading twice adds nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from ..core.models import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..registration import setup as registration_setup
from ..registration.answers import save_organiser_answers
from ..registration.models import Question, Registration
from ..travel import details_operations as travel_details
from ..travel import support_operations as support
from ..travel.models import TravelSettings
from ..travel.support_answers import answer_offer

COMMUNITY_FORUM = "asean-community-forum-2027"

PHONE = "Mobile phone (for the pickup)"
VISA_LETTER = "Do you need a letter for a visa?"
VISA_KIND = "Which visa do you need?"
PASSPORT_EXPIRY = "Passport expiry date"
ARRANGEMENTS = "Arrangements (organisers only)"
QUESTIONS: list[dict[str, Any]] = [
    {"label": "Travel", "kind": "heading",
     "help_text": "If the ASEAN Foundation funds your travel, it books your flight and meets you at Soekarno-Hatta "
                  "airport (CGK); once you are confirmed, it asks for your flight in a second form."},
    {"label": PHONE, "kind": "phone",
     "help_text": "With the country code. The driver who meets you at the airport calls this number."},
    {"label": VISA_LETTER, "kind": "yes_no",
     "help_text": "Citizens of the ASEAN member states need no visa for Indonesia for a stay of up to 30 days."},
    {"label": VISA_KIND, "kind": "single_choice", "shown_if": (VISA_LETTER, ["yes"]),
     "options": ["Visa on arrival", "Visa from an Indonesian embassy"]},
    {"label": PASSPORT_EXPIRY, "kind": "date",
     "help_text": "Your passport must be valid for six months after the forum."},
    {"label": ARRANGEMENTS, "kind": "long_text", "organisers_only": True},
]
SETTINGS = {"form_open": True, "form_audience": "sponsored", "form_deadline": date(2027, 3, 31),
            "currency": "USD", "per_diem_rate": Decimal(30)}
HOTELS = [{"name": "Hotel Ambhara", "address": "Jl. Iskandarsyah Raya No. 1, Kebayoran Baru, Jakarta 12160",
           "phone": "+62217250888"},
          {"name": "Grand Mahakam Hotel", "address": "Jl. Mahakam I No. 6, Blok M, Kebayoran Baru, Jakarta 12130",
           "phone": "+62217397777"}]

_AGUS, _RUDI, _DEWI = "Mr Agus (driver), ASEAN Foundation sign", "Mr Rudi (driver)", "Ms Dewi (ASEAN Foundation)"
_KH, _MM, _LA = ("Economy return, Phnom Penh–Jakarta via Singapore", "Economy return, Yangon–Jakarta via Bangkok",
                 "Economy return, Vientiane–Jakarta via Bangkok")
_FULL = {"accommodation": ("accepted", None), "per_diem": ("accepted", None)}  # the hotel paid, per diem at the rate


def _trip(arrive: str, origin: str, flight: str, leave: str, back: str, hotel: int | None = 0,
          nights: tuple[str, str] | None = ("2027-04-13", "2027-04-16"), **fields) -> dict[str, Any]:
    """What a person sends on the travel form (local times in Jakarta, "YYYY-MM-DD HH:MM"; their nights at the
    hotel) and what the organisers arrange (`hotel`: its index in HOTELS; arrival_meet, departure_meet, room)."""
    arrival, departure = datetime.fromisoformat(arrive), datetime.fromisoformat(leave)
    trip = {"arrival_date": arrival.date(), "arrival_time": arrival.time(), "arrival_from": origin,
            "arrival_transport": flight, "departure_date": departure.date(), "departure_time": departure.time(),
            "departure_to": fields.pop("to", "") or origin.split(" via ")[0], "departure_transport": back,
            "hotel": hotel, "room_sharing": "single", **fields}
    if nights is not None:
        trip["check_in"], trip["check_out"] = (datetime.fromisoformat(day).date() for day in nights)
    else:
        trip.pop("room_sharing")
    return trip


def _sponsored(email: str, phone: str, passport: str, travel: tuple[str, int | None, str] | None = None,
               details: dict[str, Any] | None = None, **support_kinds) -> dict[str, Any]:
    """A funded participant: their answers on the registration form, what is offered (kind: (status, amount) and
    travel's note) and their travel details, if they sent them."""
    funded: dict[str, tuple] = {**_FULL, **support_kinds}
    if travel is not None:
        funded["travel"] = travel
    return {"email": email, "answers": {PHONE: phone, VISA_LETTER: "no", PASSPORT_EXPIRY: passport},
            "support": funded, "details": details}


# Sixteen people funded by the ASEAN Foundation; twelve sent their travel details.
SPONSORED = [
    _sponsored("sopheak@example.org", "+85577123456", "2029-08-21", ("offered", None, _KH),
               accommodation=("offered", None), per_diem=None),
    _sponsored("chan.sophal@example.org", "+85515998877", "2030-03-02", ("accepted", 480, _KH),
               details=_trip("2027-04-13 11:40", "Phnom Penh (PNH) via Singapore", "SQ 956", "2027-04-16 09:20",
                             "SQ 953", arrival_meet=_AGUS, room="306")),
    _sponsored("sok.chantha@example.org", "+85512345678", "2031-02-11", ("accepted", 480, _KH),
               details=_trip("2027-04-13 11:40", "Phnom Penh (PNH) via Singapore", "SQ 956", "2027-04-16 09:20",
                             "SQ 953", arrival_meet=_AGUS, room_sharing="share_with", share_with="ជា សុភាព",
                             room="412")),
    _sponsored("chea.sopheap@example.org", "+85517234567", "2030-06-30", ("accepted", 480, _KH),
               details=_trip("2027-04-13 11:40", "Phnom Penh (PNH) via Singapore", "SQ 956", "2027-04-16 09:20",
                             "SQ 953", arrival_meet=_AGUS, room_sharing="share_with", share_with="សុខ ចាន់ថា",
                             room="412")),
    _sponsored("mao.samnang@example.org", "+85511456789", "2032-01-15",
               ("accepted", 455, "Economy return, Phnom Penh–Jakarta via Kuala Lumpur"),
               details=_trip("2027-04-13 23:30", "Phnom Penh (PNH) via Kuala Lumpur", "AK 388", "2027-04-16 07:15",
                             "AK 381", arrival_meet=_AGUS, room="307", notes="Arriving late: please keep the room.")),
    _sponsored("keo.sokha@example.org", "+85516778899", "2030-09-09", ("offered", 480, _KH),
               accommodation=("offered", None), per_diem=("offered", None)),
    _sponsored("aung.kyaw@example.org", "+959421234567", "2029-03-22",
               ("accepted", 620, "Economy return, Yangon–Jakarta via Kuala Lumpur"),
               details=_trip("2027-04-14 00:40", "Yangon (RGN) via Kuala Lumpur", "MH 727", "2027-04-16 15:05",
                             "MH 720", arrival_meet=_DEWI, room="310",
                             notes="Landing after midnight: I need the room from the evening before.")),
    _sponsored("khin.marlar@example.org", "+959791234567", "2027-09-30", ("accepted", 610, _MM),
               details=_trip("2027-04-13 18:05", "Yangon (RGN) via Bangkok", "TG 433", "2027-04-16 08:10",
                             "TG 434", hotel=1, arrival_meet=_RUDI, room_sharing="share_with",
                             share_with="စန္ဒာမြင့်", room="221")),
    _sponsored("sandar.myint@example.org", "+959972345678", "2031-04-27", ("accepted", 610, _MM),
               details=_trip("2027-04-13 18:05", "Yangon (RGN) via Bangkok", "TG 433", "2027-04-16 08:10",
                             "TG 434", hotel=1, arrival_meet=_RUDI, room_sharing="share_with",
                             share_with="ခင်မာလာ", room="221")),
    _sponsored("thida.win@example.org", "+959254321098", "2029-05-18", ("accepted", 610, _MM),
               details=_trip("2027-04-14 06:20", "Yangon (RGN) via Bangkok", "GA 867", "2027-04-15 22:40",
                             "GA 866", hotel=1, nights=("2027-04-14", "2027-04-16"), room_sharing="share",
                             accessibility_needs="I walk with a stick: a room near the lift, please.",
                             notes="My flight lands early: can I leave my bag at the hotel before check-in?")),
    _sponsored("zaw.min.htun@example.org", "+959450987654", "2030-12-02", ("declined", 610, _MM),
               details=_trip("2027-04-13 21:10", "Yangon (RGN) via Bangkok", "TG 435", "2027-04-16 08:10",
                             "TG 434", hotel=1, notes="I take the airport train to the city.")),
    _sponsored("somphone.k@example.org", "+8562055512345", "2030-10-10", ("accepted", 560, _LA),
               details=_trip("2027-04-13 16:50", "Vientiane (VTE) via Bangkok", "TG 437", "2027-04-16 13:25",
                             "TG 436", hotel=1, arrival_meet=_RUDI, room="225")),
    _sponsored("bouaphanh.s@example.org", "+8562099887766", "2029-01-31", ("accepted", 575,
               "Economy return, Vientiane–Jakarta via Kuala Lumpur"), accommodation=("declined", None),
               details=_trip("2027-04-14 07:05", "Vientiane (VTE) via Kuala Lumpur", "AK 380", "2027-04-15 19:40",
                             "AK 383", hotel=None, nights=None, notes="I stay with my cousin in Menteng; she "
                             "meets me at the airport.")),
    _sponsored("khamla.p@example.org", "+8562022334455", "2031-06-12", ("accepted", 560, _LA)),
    _sponsored("noy.vongsa@example.org", "+8562077665544", "2030-02-14", ("accepted", 560, _LA)),
    _sponsored("tran.minh.duc@example.org", "+84983456789", "2032-07-19",
               ("accepted", 450, "Economy return, Hanoi–Jakarta via Ho Chi Minh City"),
               details=_trip("2027-04-13 14:25", "Hanoi (HAN) via Ho Chi Minh City", "VN 631", "2027-04-16 15:35",
                             "VN 630", arrival_meet=_AGUS, departure_meet="Mr Agus (driver), from the hotel at 12:30",
                             room="305")),
]
# What the others answered on the form: those nobody funds yet, and Joana, who needs a visa
OTHER_ANSWERS: dict[str, dict[str, str]] = {
    "linh@example.org": {PHONE: "+84912345678", VISA_LETTER: "no", PASSPORT_EXPIRY: "2030-05-04"},
    "somsri.jaidee@example.org": {PHONE: "+66812345678", VISA_LETTER: "no", PASSPORT_EXPIRY: "2029-11-20"},
    "siti.rahayu@example.org": {PHONE: "+6281234567890"},
    "nurul.izzah@example.org": {PHONE: "+60123456789", VISA_LETTER: "no", PASSPORT_EXPIRY: "2031-01-08"},
    "cristina.reyes@example.org": {PHONE: "+639171234567", VISA_LETTER: "no", PASSPORT_EXPIRY: "2033-07-14"},
    "norhayati.omar@example.org": {PHONE: "+6737123456", VISA_LETTER: "no", PASSPORT_EXPIRY: "2028-12-01"},
    "joana.amaral@example.org": {PHONE: "+67077234567", VISA_LETTER: "yes", VISA_KIND: "Visa on arrival",
                                 PASSPORT_EXPIRY: "2030-08-25"},
    "ong.siewlan@example.org": {PHONE: "+6591234567", VISA_LETTER: "no", PASSPORT_EXPIRY: "2032-03-17"},
}
ARRANGEMENT_NOTES = {
    "mao.samnang@example.org": "Late arrival: Mr Agus waits at Terminal 3; the Ambhara holds room 307 until 01:00.",
    "aung.kyaw@example.org": "Lands at 00:40 on the 14th: room 310 is booked from the night of the 13th.",
    "zaw.min.htun@example.org": "Declined the flight: his cooperative books it. We pay his room and per diem.",
    "khin.marlar@example.org": "Passport expires on 30 September 2027, under six months after the forum: asked "
                               "her to renew it before she flies.",
    "joana.amaral@example.org": "Invitation letter for her visa on arrival sent with her confirmation.",
}


def add_travel_questions(forum: Forum) -> dict[str, str]:
    """The forum's travel questions, added at the end of its form before its participants register (so they answer
    them); their ids by label, as registration_data takes them. The condition names an earlier question's label
    here and its id and answers to registration ("12:yes")."""
    made: dict[str, str] = {}
    for spec in QUESTIONS:
        data = dict(spec)
        if "shown_if" in data:
            label, values = data.pop("shown_if")
            data["shown_if"] = [f"{made[label]}:{value}" for value in values]
        made[spec["label"]] = str(registration_setup.add_question(forum, data).id)
    return made


def travel_answers(email: str) -> dict[str, str]:
    """What this person answered to the travel questions, by question label."""
    given = next((spec["answers"] for spec in SPONSORED if spec["email"] == email), None)
    return dict(given if given is not None else OTHER_ANSWERS.get(email, {}))


def _offer(forum: Forum, registration: Registration, funded: dict[str, tuple], offered: datetime,
           answered: datetime) -> None:
    """Mai's offers, then the person's answers to them."""
    for kind, terms in funded.items():
        if terms is None:
            continue
        status, amount, *note = terms
        support.offer_support(forum, registration, support.Terms(
            (kind,), amounts={kind: Decimal(amount) if amount is not None else None}, note=note[0] if note else ""),
            now=offered)
        if status != "offered":
            answer_offer(forum, registration, kind, accept=status == "accepted", now=answered)


def _send_details(forum: Forum, registration: Registration, trip: dict[str, Any], hotel_ids: list[int]) -> None:
    """The person sends the travel form (their needs as they gave them, unless they wrote new ones); then the
    organisers write who meets them, their hotel and room."""
    data = {"dietary_needs": registration.dietary_needs, "accessibility_needs": registration.accessibility_needs,
            **{key: value for key, value in trip.items() if key != "hotel"}}
    travel_details.send_travel_details(forum, registration, data)
    hotel = trip["hotel"]
    travel_details.write_travel_details(forum, registration, {
        **data, "hotel_id": hotel_ids[hotel] if hotel is not None else None})


def load_forum_travel(forum: Forum) -> None:
    """The forum's travel settings, hotels, what is funded and answered, the travel details sent and the organisers'
    arrangements. A forum with travel settings already is left alone."""
    if db.session.scalar(select(TravelSettings.id).where(TravelSettings.forum_id == forum.id)):
        return
    travel_details.save_settings(forum, SETTINGS)
    hotel_ids = [travel_details.add_hotel(forum, hotel).id for hotel in HOTELS]
    people = {r.email: r for r in db.session.scalars(select(Registration).where(Registration.forum_id == forum.id))}
    offered = utcnow().replace(microsecond=0) - timedelta(days=21)  # Mai offered them all three weeks ago
    for index, spec in enumerate(SPONSORED):
        registration = people.get(spec["email"])
        if registration is None or registration.status != "confirmed":
            continue
        _offer(forum, registration, spec["support"], offered, offered + timedelta(days=1 + index % 6, hours=index))
        if spec["details"]:
            _send_details(forum, registration, spec["details"], hotel_ids)
    arrangements = db.session.scalar(select(Question.id).where(Question.forum_id == forum.id,
                                                               Question.label == ARRANGEMENTS))
    for email, note in ARRANGEMENT_NOTES.items():
        if arrangements is not None and email in people:
            save_organiser_answers(forum, people[email], {arrangements: note}, {})
    db.session.flush()
