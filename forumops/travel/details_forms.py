"""Forms of the travel details: the forum's travel settings and hotels (organisers), the travel form a person fills
in ("your travel details"), and the organisers' copy of it with the arrangements only they write. Validation and
defaults only: the checks that need the forum (dates near it, arrival before departure) are the operation's
(details_operations.travel_problems), shown beside the same fields."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, DateField, DecimalField, HiddenField, RadioField, SelectField, SubmitField, TimeField
from wtforms.validators import InputRequired, NumberRange, Optional, StopValidation, ValidationError

from ..core.forms import Form, LineField, TextField, currency_code
from ..core.i18n import lazy_gettext as _l
from ..core.phones import parse_phone
from ..registration.kinds import is_finite_number
from .details_merge import shown_token
from .labels import FORM_AUDIENCE_LABELS, ROOM_SHARING_LABELS
from .models import CURRENCY_LENGTH, Hotel, TravelDetails

# the fields of a stay at the hotel: asked only of people offered accommodation (or everyone, under the
# "in_person" audience); the organisers' copy always has them
STAY_FIELDS = ("check_in", "check_out", "room_sharing", "share_with")
ARRANGEMENT_FIELDS = ("arrival_meet", "departure_meet", "hotel_id", "room")
_LENGTHS = {column.name: column.type.length for column in TravelDetails.__table__.columns
            if getattr(column.type, "length", None)}
PER_DIEM_MAX = 10 ** 10 - 1  # Numeric(12, 2)


def _finite(form, field) -> None:
    """Before any comparison: Python reads "NaN", "sNaN" and "Infinity" as numbers, and a signalling NaN breaks
    the comparisons NumberRange makes."""
    if field.data is not None and not is_finite_number(field.data):
        raise StopValidation(_l("Enter an amount, such as 35 or 27.50."))


class SettingsForm(Form):
    """Whether the travel form is open, whom it concerns, its deadline; the default currency and per diem."""

    form_open = BooleanField(_l("The travel form is open"),
                             description=_l("People it concerns can send and change their travel details."))
    form_audience = RadioField(_l("Whom the travel form concerns"), choices=list(FORM_AUDIENCE_LABELS.items()),
                               default="sponsored")
    form_deadline = DateField(_l("Send by (deadline)"), [Optional()],
                              description=_l("Said on the form and in the reminder. Nothing closes by itself."))
    currency = LineField(_l("Default currency"), [InputRequired(_l("Enter a currency, such as USD.")), currency_code],
                         max_length=CURRENCY_LENGTH, filters=[lambda value: value.upper() if value else value],
                         description=_l("Such as USD, THB or VND."))
    per_diem_rate = DecimalField(_l("Per diem, a day"), [Optional(), _finite, NumberRange(
        min=0, max=PER_DIEM_MAX, message=_l("Enter an amount of 0 or more."))], places=2,
        description=_l("In the default currency. Leave empty if there is no per diem."))
    save_settings = SubmitField(_l("Save settings"))


def international_phone(region: str = ""):
    """A validator writing a phone number in E.164 (core.phones); a number without its country code is read as
    the forum's country's (`region`)."""

    def check(form, field) -> None:
        if not field.data:
            return
        e164 = parse_phone(field.data, region)
        if e164 is None:
            raise ValidationError(_l("Enter a phone number with its country code, such as +66 2 123 4567."))
        field.data = e164

    return check


class HotelForm(Form):
    name = LineField(_l("Hotel name"), [InputRequired(_l("Enter the hotel's name."))],
                     max_length=Hotel.__table__.c.name.type.length)
    address = LineField(_l("Address"), [Optional()], max_length=Hotel.__table__.c.address.type.length)
    phone = LineField(_l("Phone"), [Optional()], max_length=Hotel.__table__.c.phone.type.length,
                      render_kw={"type": "tel", "autocomplete": "off"},
                      description=_l("With the country code, such as +66 2 123 4567."))
    save_hotel = SubmitField(_l("Save hotel"))


def hotel_form(forum, *args, **kwargs) -> HotelForm:
    """The hotel form, its phone read in the forum's country when typed without a country code."""
    form = HotelForm(*args, **kwargs)
    form.phone.validators = [*form.phone.validators, international_phone(forum.venue_country)]
    return form


ORGANISER_SHARING_LABELS = {
    "single": _l("A room of their own"),
    "share": _l("Can share a room"),
    "share_with": _l("Shares with a named person"),
}


def _known_sharing(form, field) -> None:
    if field.data not in ROOM_SHARING_LABELS:
        raise ValidationError(_l("Choose one of the room options."))


def _line(label, name: str, description=None, **kwargs) -> LineField:
    return LineField(label, [Optional()], max_length=_LENGTHS[name], description=description, **kwargs)


class TravelForm(Form):
    """The person's travel details. Dates and times are the forum's local ones; each time needs its day."""

    page_order = ("arrival_date", "arrival_time", "arrival_from", "arrival_transport", "departure_date",
                  "departure_time", "departure_to", "departure_transport", "check_in", "check_out", "room_sharing",
                  "share_with", "dietary_needs", "accessibility_needs", "notes", "arrival_meet", "departure_meet",
                  "hotel_id", "room")

    arrival_date = DateField(_l("Arrival date"), [Optional()])
    arrival_time = TimeField(_l("Arrival time"), [Optional()])
    arrival_from = _line(_l("Arriving from"), "arrival_from", _l("The city or airport, such as Yangon (RGN)."))
    arrival_transport = _line(_l("Flight or transport"), "arrival_transport",
                              _l("A flight number, such as VN 956, or the bus, train or car."))
    departure_date = DateField(_l("Departure date"), [Optional()])
    departure_time = TimeField(_l("Departure time"), [Optional()])
    departure_to = _line(_l("Leaving for"), "departure_to", _l("The city or airport."))
    departure_transport = _line(_l("Flight or transport"), "departure_transport",
                                _l("A flight number, such as VN 957, or the bus, train or car."))
    check_in = DateField(_l("First night at the hotel"), [Optional()],
                         description=_l("The evening you check in."))
    check_out = DateField(_l("Check-out day"), [Optional()], description=_l("The morning you leave the room."))
    # no choice is an answer too (a person who has not decided): checked here rather than by WTForms, whose radio
    # buttons refuse an empty answer even when optional
    room_sharing = RadioField(_l("Room sharing"), [Optional(), _known_sharing],
                              choices=list(ROOM_SHARING_LABELS.items()), validate_choice=False)
    share_with = _line(_l("The person you would like to share with"), "share_with",
                       _l("Their name as they registered."))
    dietary_needs = LineField(_l("Dietary needs"), [Optional()], max_length=300,
                              description=_l("For example: vegetarian, halal, no nuts."))
    accessibility_needs = LineField(_l("Accessibility needs"), [Optional()], max_length=500,
                                    description=_l("Anything that helps you travel and take part fully."))
    notes = TextField(_l("Anything else the organisers should know"), [Optional()], max_length=2000)
    submit = SubmitField(_l("Send my travel details"))

    def data_for_operations(self) -> dict[str, Any]:
        """What the operation takes: the fields this form has (a stay's only when asked)."""
        return {field.short_name: field.data for field in self
                if field.short_name not in ("csrf_token", "submit", "shown")}


class OrganiserTravelForm(TravelForm):
    """The organisers' copy: the person's details, and what only organisers arrange."""

    # the person's own answers, named as the organisers read them
    room_sharing = RadioField(_l("Room sharing"), [Optional(), _known_sharing], validate_choice=False, choices=[
        (code, label) for code, label in ORGANISER_SHARING_LABELS.items()])
    share_with = _line(_l("Shares with"), "share_with", _l("The named person, when they asked for one."))
    notes = TextField(_l("Their notes"), [Optional()], max_length=2000)
    arrival_meet = _line(_l("Who meets them at arrival"), "arrival_meet",
                         _l("A name and phone, such as “Minh, +84 90 123 4567”."))
    departure_meet = _line(_l("Who takes them at departure"), "departure_meet")
    hotel_id = SelectField(_l("Hotel"), [Optional()], coerce=lambda value: int(value) if value else None)
    room = _line(_l("Hotel room"), "room")
    shown = HiddenField()  # the details as the page showed them (details_merge.shown_token)
    submit = SubmitField(_l("Save travel details"))


def travel_form(asks_stay: bool, *args, **kwargs) -> TravelForm:
    """The person's form; without the stay's fields when accommodation is not theirs to ask for."""
    form = TravelForm(*args, **kwargs)
    if not asks_stay:
        for name in STAY_FIELDS:
            delattr(form, name)
    return form


ORGANISER_PREFIX = "travel"  # the desk's page of a registration holds other stages' forms: its fields named apart


def organiser_travel_form(hotels: list[Hotel], *args, **kwargs) -> OrganiserTravelForm:
    """The organisers' form, its hotels those of the forum; drawn from saved `data`, it carries what it shows, so
    a save writes only what the organiser changed (details_merge)."""
    form = OrganiserTravelForm(*args, prefix=ORGANISER_PREFIX, **kwargs)
    if kwargs.get("formdata", ...) is None and "data" in kwargs:
        form.shown.data = shown_token(kwargs["data"])
    form.hotel_id.choices = [("", _l("— none yet —"))] + [(hotel.id, hotel.name) for hotel in hotels]
    return form
