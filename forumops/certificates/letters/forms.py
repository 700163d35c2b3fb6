"""A participant's invitation-letter forms: the request, and withdrawing it (the organisers' are in
organiser_forms.py, which a participant never meets)."""

from __future__ import annotations

import re
from datetime import date

from wtforms import DateField, RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired, Optional, ValidationError

from ...core.forms import CountryField, Form, LineField, TextField
from ...core.i18n import lazy_gettext as _l
from ...core.reference import country_choices
from .labels import PURPOSE_LABELS
from .models import PURPOSES

PASSPORT_NUMBER = re.compile(r"[A-Za-z0-9]{6,9}")


def passport_number(typed: str | None) -> str:
    """A passport number as kept: spaces removed, letters in capitals ("" when none was given)."""
    return re.sub(r"\s+", "", typed or "").upper()


class LetterRequestForm(Form):
    page_order = ("purpose", "passport_name", "nationality", "passport_number", "birth_date", "authority_name",
                  "authority_address", "language")

    purpose = RadioField(_l("What do you need the letter for?"), choices=list(PURPOSE_LABELS.items()),
                         default="visa", validators=[InputRequired(_l("Choose what the letter is for."))])
    passport_name = LineField(_l("Your name as written in your passport"),
                              [InputRequired(_l("Enter your name as your passport writes it."))], max_length=200,
                              description=_l("Exactly as your passport writes it: the letter names you like this."))
    nationality = CountryField(_l("Nationality"), validators=[InputRequired(_l("Choose your nationality."))])
    passport_number = LineField(_l("Passport number (optional)"), [Optional()], max_length=30,
                                description=_l("Only if you choose to give it: some embassies ask for it on the "
                                               "letter. Only you and the organisers see it."),
                                render_kw={"autocomplete": "off", "spellcheck": "false"})
    birth_date = DateField(_l("Date of birth (optional)"), [Optional()],
                           description=_l("Only if the letter must show it."))
    authority_name = LineField(_l("Address the letter to (optional)"), [Optional()], max_length=300,
                               description=_l("An office, such as “Embassy of Viet Nam, Phnom Penh”. Without it, "
                                              "the letter is addressed to whom it may concern."))
    authority_address = TextField(_l("Its address (optional)"), [Optional()], max_length=1000)
    language = SelectField(_l("Language of the letter"), validate_choice=False)
    submit = SubmitField(_l("Request the letter"))

    def __init__(self, *args, languages: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.nationality.choices = country_choices(blank=str(_l("— choose —")))
        self.language.choices = languages or []

    def validate_purpose(self, field):
        if field.data not in PURPOSES:
            raise ValidationError(_l("Choose what the letter is for."))

    def validate_passport_number(self, field):
        if field.data and not PASSPORT_NUMBER.fullmatch(passport_number(field.data)):
            raise ValidationError(_l("A passport number has 6 to 9 letters and digits (spaces do not count). "
                                     "Check it against your passport, or leave it empty: it is optional."))

    def validate_birth_date(self, field):
        if field.data and not date(1900, 1, 1) <= field.data < date.today():
            raise ValidationError(_l("Enter your date of birth: a day in the past."))

    def validate_authority_address(self, field):
        if field.data and not self.authority_name.data:
            raise ValidationError(_l("Name the office this address belongs to, above."))

    def validate_language(self, field):
        if not field.data and len(field.choices) == 1:  # one language: the page does not ask
            field.data = field.choices[0][0]
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose one of the languages offered."))

    def data_for_operations(self) -> dict:
        return {"purpose": self.purpose.data, "passport_name": self.passport_name.data,
                "nationality": self.nationality.data, "passport_number": passport_number(self.passport_number.data),
                "birth_date": self.birth_date.data, "authority_name": self.authority_name.data or "",
                "authority_address": self.authority_address.data or "", "language": self.language.data}


class WithdrawForm(Form):
    submit = SubmitField(_l("Withdraw my request"))
