"""Forms of support and sponsorship: the terms of an offer (kinds, amount, currency, note) for one registration or
many, an offer's status set by the organisers, and the person's answer. Validation only: the operations save."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from wtforms import BooleanField, HiddenField, SelectField, SubmitField
from wtforms.validators import ValidationError

from ..core.forms import Form, LineField, MultiCheckboxField, currency_code
from ..core.i18n import lazy_gettext as _l
from ..core.numbers import decimal_places
from .labels import SUPPORT_KIND_LABELS, SUPPORT_STATUS_LABELS
from .models import SUPPORT_KINDS, SUPPORT_STATUSES
from .queries import travel_settings
from .support_operations import Terms

AMOUNT_LIMIT = Decimal("10000000000")  # the column's Numeric(12, 2)
# a plain number: digits, then a point or a comma and the decimals; spaces (and thin spaces) between thousands
_AMOUNT = re.compile(r"^(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?$")
# the currencies of the region first in the suggestions (the field takes any ISO 4217 code)
SUGGESTED_CURRENCIES = ("USD", "EUR", "THB", "VND", "KHR", "LAK", "MMK", "MYR", "IDR", "PHP", "SGD", "BND")


def parse_amount(text: str) -> Decimal | None:
    """An amount as typed ("450", "27.50", "27,50", "1 500 000"), or None when empty; ValueError when it is not
    a number of this kind (a negative one included: the message says so)."""
    text = (text or "").strip()
    if not text:
        return None
    if text.startswith("-"):
        raise ValueError("negative")
    match = _AMOUNT.match(text)
    if not match:
        raise ValueError("not a number")
    whole, decimals = match.group(1), match.group(2) or ""
    try:
        return Decimal(re.sub(r"\D", "", whole) + ("." + decimals if decimals else ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits digits only
        raise ValueError("not a number") from error


def _upper(value):
    return value.upper() if isinstance(value, str) else value


class AmountOf:
    """The amount typed for one kind: a plain number, not negative, within the column, with no more decimals than
    its currency has, and only beside a ticked kind (an amount typed for a kind not ticked is a forgotten tick)."""

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, form, field):
        try:
            amount = parse_amount(field.data)
        except ValueError as error:
            if str(error) == "negative":
                raise ValidationError(_l("The amount cannot be negative.")) from error
            raise ValidationError(_l("Write the amount as a number, such as 450 or 27.50.")) from error
        if amount is None:
            return
        if self.kind not in (form.kinds.data or []):
            raise ValidationError(_l("Tick %(kind)s to offer it at this amount, or clear the amount.",
                                     kind=SUPPORT_KIND_LABELS[self.kind]))
        if amount >= AMOUNT_LIMIT:
            raise ValidationError(_l("Write an amount below 10,000,000,000."))
        # the currency it is saved in: the one typed beside it, else the forum's (terms() does the same)
        currency = ((form[f"currency_{self.kind}"].data or "").strip() or form.default_currency).upper()
        places = decimal_places(currency)
        if -amount.as_tuple().exponent > places:  # type: ignore[operator]  # a finite Decimal's exponent is an int
            if places == 0:
                raise ValidationError(_l("Write a whole amount: %(currency)s has no decimal places.",
                                         currency=currency))
            raise ValidationError(_l("Use at most two decimal places."))


def _amount(kind: str, label) -> LineField:
    return LineField(label, [AmountOf(kind)], max_length=20, render_kw={"inputmode": "decimal", "autocomplete": "off"})


def _currency(label) -> LineField:
    return LineField(label, [currency_code], max_length=12, filters=[_upper], render_kw={
        "autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})


class SupportTermsForm(Form):
    """What is offered: the kinds ticked, each with its own amount and currency (travel's fare is never a per diem),
    one note, and whether the people are told by email. The labels name the kind (the error summary, screen
    readers); the page shows the short words beside each kind's tick box (_terms_fields.html)."""

    kinds = MultiCheckboxField(_l("What is funded"), choices=[(k, SUPPORT_KIND_LABELS[k]) for k in SUPPORT_KINDS],
                               validate_choice=False, description=_l(
                                   "Tick each kind funded, with its own amount and currency. Leave an amount empty "
                                   "when you pay directly (a ticket, a room). A currency is its three-letter code "
                                   "(ISO 4217), such as USD, THB or VND."))
    amount_travel = _amount("travel", _l("Travel: amount"))
    currency_travel = _currency(_l("Travel: currency"))
    amount_accommodation = _amount("accommodation", _l("Accommodation: amount"))
    currency_accommodation = _currency(_l("Accommodation: currency"))
    amount_per_diem = _amount("per_diem", _l("Per diem: amount a day"))
    currency_per_diem = _currency(_l("Per diem: currency"))
    amount_visa_fee = _amount("visa_fee", _l("Visa fee: amount"))
    currency_visa_fee = _currency(_l("Visa fee: currency"))
    note = LineField(_l("Note for the person"), max_length=300, description=_l(
        "They read it with the offer, such as “economy return from Yangon”."))
    tell = BooleanField(_l("Tell them by email"), default=True, description=_l(
        "Each in their own language, with their private link to accept or decline."))
    submit = SubmitField(_l("Offer support"))
    default_currency = ""  # what an empty currency field means: the forum's (terms_form sets it)

    def validate_kinds(self, field):
        if not [kind for kind in field.data or [] if kind in SUPPORT_KINDS]:
            raise ValidationError(_l("Tick at least one kind of support."))

    @property
    def telling(self) -> bool:
        """Whether the people offered something are told by email."""
        return bool(self.tell.data)

    def terms(self, default_currency: str) -> Terms:
        """The validated input as the operations take it."""
        kinds = tuple(kind for kind in SUPPORT_KINDS if kind in (self.kinds.data or []))
        return Terms(kinds=kinds, amounts={kind: parse_amount(self[f"amount_{kind}"].data) for kind in kinds},
                     currencies={kind: self[f"currency_{kind}"].data or default_currency for kind in kinds},
                     note=self.note.data or "")


def forums_currency(form: SupportTermsForm, forum) -> None:
    """Fill in the forum's currency beside every kind (a form nobody typed in yet)."""
    currency = travel_settings(forum).currency
    for kind in SUPPORT_KINDS:
        form[f"currency_{kind}"].data = currency


def terms_form(forum, form_class: type[SupportTermsForm] | None = None, **kwargs) -> SupportTermsForm:
    """A terms form (or `form_class`, such as BulkOfferForm) that knows the forum's currency, which an empty
    currency field means: an amount is checked in the currency it is saved in."""
    form = (form_class or SupportTermsForm)(**kwargs)
    form.default_currency = travel_settings(forum).currency
    return form


def fresh_terms_form(forum) -> SupportTermsForm:
    """A terms form nobody typed in yet: nothing ticked, the forum's currency filled in beside each kind."""
    form = terms_form(forum, formdata=None)
    forums_currency(form, forum)
    return form


class BulkOfferForm(SupportTermsForm):
    """The same terms for every registration ticked at the desk (their ids are posted as `ids`)."""

    step = HiddenField()  # "confirm" once the organisers chose the terms; absent when the desk sent the ids
    back = HiddenField()  # the desk's filters, to go back to the same list


class SupportStatusForm(Form):
    status = SelectField(_l("Status"), choices=[(s, SUPPORT_STATUS_LABELS[s]) for s in SUPPORT_STATUSES])
    submit = SubmitField(_l("Set status"))


class AnswerForm(Form):
    """The person's Accept or Decline; `shown` is the offer's terms as their page showed them."""

    shown = HiddenField()
