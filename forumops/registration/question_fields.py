"""The forum's own questions as form fields, one kind each: text, choices, yes/no, a date, a time of day, a number
within its bounds, a phone number (stored in international form), a country, an email address, a file, and a
heading between questions that takes no answer. Each field gives the value stored in Registration.answers
(`answer_of`); what a stored answer reads like is kinds.py's. The forms asking them, and which of their answers
are kept, are question_forms.py's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from flask_wtf.file import FileField
from markupsafe import Markup
from werkzeug.datastructures import FileStorage
from wtforms import (
    DateField,
    DecimalField,
    EmailField,
    Field,
    RadioField,
    SelectMultipleField,
    TimeField,
)
from wtforms.utils import unset_value
from wtforms.validators import Email, InputRequired, Length, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TelInput

from ..core.files import clean_filename
from ..core.filetypes import EXTENSIONS
from ..core.forms import CountryField, LineField, TextField
from ..core.i18n import lazy_gettext as _l
from ..core.reference import country_choices
from .kinds import (
    PHONE_MAX,
    answer_file_limit,
    is_finite_number,
    number_shown,
    number_value,
    parse_phone,
    phone_shown,
)

# what the file picker offers first (the server still decides by content: core.files)
FILE_ACCEPT = ",".join(sorted({f".{extension}" for extension in EXTENSIONS.values()} | {".jpeg"}))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@dataclass(frozen=True)
class QuestionText:
    """A question as the form asks it: its label, hint and choices' labels in the reader's language where the
    forum has them (registration.translations), the choices' values in the main language, so answers given in
    any language are stored, and counted, alike."""

    id: int
    kind: str
    required: bool
    label: str
    help_text: str = ""
    options: tuple[str, ...] = ()  # the stored values: the options in the forum's main language
    option_labels: tuple[str, ...] = ()  # what the reader reads, one per option
    language: str = ""  # the BCP 47 tag of the text's language when it is not the page's, for lang=
    marker: str = ""  # "Shown in English: no Thai version yet", when it fell back
    min_value: float | None = None  # a number's bounds
    max_value: float | None = None
    shown_if_question_id: int | None = None  # shown only when that earlier question's answer is one of these
    shown_if_values: tuple[str, ...] = ()
    organisers_only: bool = False


def question_text(question, label: str | None = None, help_text: str | None = None,
                  option_labels: tuple[str, ...] | None = None, **shown) -> QuestionText:
    """A question as the form asks it: as written, in the forum's main language, unless the reader's version of
    its words is given."""
    options = tuple(question.options or ())
    return QuestionText(
        question.id, question.kind, bool(question.required), question.label if label is None else label,
        (question.help_text or "") if help_text is None else help_text, options,
        options if option_labels is None else option_labels, min_value=question.min_value,
        max_value=question.max_value, shown_if_question_id=question.shown_if_question_id,
        shown_if_values=tuple(question.shown_if_values or ()), organisers_only=bool(question.organisers_only),
        **shown)


# --- the fields of the new kinds -------------------------------------------------------------------------------

class HeadingField(Field):
    """A heading, or a paragraph explaining what follows, between questions: drawn as text, takes no answer."""

    def __call__(self, **kwargs):
        return Markup("")

    def process_formdata(self, valuelist):
        self.data = None


class _StoredAsText:
    """A date or time field that is also given its stored answer as text ("2027-04-14", "14:30")."""

    format: list[str]
    data: object

    def process_data(self, value):
        if isinstance(value, str):
            try:
                value = self._parse(value)
            except ValueError:
                value = None
        self.data = value

    def _parse(self, text: str):
        raise NotImplementedError


class DateAnswerField(_StoredAsText, DateField):
    def __init__(self, label, validators, **kwargs):
        super().__init__(label, validators, invalid_value_message=_l("Enter a date like 2027-04-14."), **kwargs)

    def _parse(self, text):
        return date.fromisoformat(text)

    def answer(self) -> str | None:
        return self.data.isoformat() if isinstance(self.data, date) else None


class TimeAnswerField(_StoredAsText, TimeField):
    def __init__(self, label, validators, **kwargs):
        super().__init__(label, validators, format=["%H:%M", "%H:%M:%S"],
                         invalid_value_message=_l("Enter a time of day like 14:30."), **kwargs)

    def _parse(self, text):
        return datetime.strptime(text, "%H:%M").time()

    def answer(self) -> str | None:
        return self.data.strftime("%H:%M") if isinstance(self.data, time) else None


def plain(value: float) -> int | float:
    """A bound as people write it: 5, not 5.0."""
    return int(value) if float(value).is_integer() else value


def _within(low: float | None, high: float | None):
    """The bounds of a number question, said in the reader's language when a number falls outside them."""
    lowest = Decimal(str(low)) if low is not None else None
    highest = Decimal(str(high)) if high is not None else None

    def check(form, field):
        if field.data is None:
            return
        if (lowest is None or field.data >= lowest) and (highest is None or field.data <= highest):
            return
        said = {name: number_shown(plain(value)) for name, value in (("min", low), ("max", high)) if value is not None}
        if len(said) == 2:
            raise ValidationError(_l("Enter a number from %(min)s to %(max)s.", **said))
        if "min" in said:
            raise ValidationError(_l("Enter a number of at least %(min)s.", **said))
        raise ValidationError(_l("Enter a number of at most %(max)s.", **said))
    return check


class NumberAnswerField(DecimalField):
    """A number as typed (a dot for decimals, as every browser's number input sends it), within its bounds."""

    data: Decimal | None

    def __init__(self, label, validators, low: float | None = None, high: float | None = None, **kwargs):
        render_kw = kwargs.setdefault("render_kw", {})
        render_kw.update({"inputmode": "decimal"})
        if low is not None:
            render_kw["min"] = plain(low)
        if high is not None:
            render_kw["max"] = plain(high)
        super().__init__(label, list(validators) + [_within(low, high)], places=None,
                         invalid_value_message=_l("Enter a number, like 12 or 2.5."), **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not is_finite_number(self.data):  # "NaN", "Infinity", "1e999"
            self.data = None
            raise ValueError(self.invalid_value_message)

    def answer(self) -> int | float | None:
        return number_value(self.data) if self.data is not None else None


def _phone_region(form) -> str:
    """The country a number without "+" is read in: the desk's registration's, else the country on the form."""
    return getattr(form, "phone_region", "") or getattr(getattr(form, "country", None), "data", "") or ""


class PhoneField(LineField):
    """A phone number as the person writes it; stored in international form (E.164), shown as anyone dials it."""

    def __init__(self, label, validators, **kwargs):
        kwargs.setdefault("render_kw", {}).update({"autocomplete": "tel", "inputmode": "tel"})
        super().__init__(label, list(validators) + [self._check], max_length=PHONE_MAX, widget=TelInput(),
                         **kwargs)
        self.e164: str | None = None

    @staticmethod
    def _check(form, field):
        if not field.data:
            return
        field.e164 = parse_phone(field.data, _phone_region(form))
        if field.e164 is None:
            raise ValidationError(_l("This is not a phone number. Check the digits, or write it with its country "
                                     "code, like +66 2 123 4567."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data and str(self.data).startswith("+"):
            return phone_shown(str(self.data))
        return self.data or ""

    def answer(self) -> str | None:
        return self.e164


class CountryAnswerField(CountryField):
    def answer(self) -> str | None:
        return (self.data or "").upper() or None


def answer_file_mb() -> str:
    """The largest file accepted as an answer, in MB as people write it ("10")."""
    return f"{answer_file_limit() / (1024 * 1024):g}"


class FileAnswerField(FileField):
    """A file sent as the answer; a file sent before is kept when no new one is chosen (`form.stored_files`, by
    question id), unless its "remove" tick (`<name>-remove`, offered where no file is required) is sent. Its
    content is judged when it is stored (core.uploads): a refusal comes back beside it."""

    remove = False  # the person ticked "Remove" for the file they sent before

    def __init__(self, label, question_id: int, required: bool, **kwargs):
        # what the browser checks before sending (static/js/uploads.js): a file over the limit is named at the field
        # and never sent, since the whole request, everything typed with it, would be refused
        kwargs.setdefault("render_kw", {}).update({
            "accept": FILE_ACCEPT, "data-max-bytes": answer_file_limit(),
            "data-msg-too-large": _l("“%(name)s” is larger than %(mb)s MB, the most a file sent here may be, so it "
                                     "was not chosen. Choose a smaller one: a scan at a lower resolution usually "
                                     "fits.", name="{name}", mb=answer_file_mb())})
        super().__init__(label, [self._check], **kwargs)
        self.question_id, self.answer_required = question_id, required

    def _check(self, form, field):
        if self.answer_required and not self.upload() and not self.stored_name(form):
            raise StopValidation(_l("Choose a file to send."))

    @property
    def limit_mb(self) -> str:
        """The largest file accepted, in MB, for the page to say before anyone chooses one."""
        return answer_file_mb()

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        self.remove = bool(formdata is not None and not self.answer_required and formdata.get(self.remove_name))

    @property
    def remove_name(self) -> str:
        """The name of the tick removing the file sent before."""
        return f"{self.name}-remove"

    def upload(self) -> FileStorage | None:
        return self.data if isinstance(self.data, FileStorage) and self.data.filename else None

    def stored_name(self, form) -> str | None:
        return (getattr(form, "stored_files", None) or {}).get(self.question_id)

    def answer_in(self, form) -> str | None:
        """The name of the file chosen now, else of the one sent before unless it is removed (no answer then)."""
        upload = self.upload()
        if upload:
            return clean_filename(upload.filename or "")
        return None if self.remove else self.stored_name(form)


# --- one field per question ----------------------------------------------------------------------------------

def _choice_validator(kind: str, options: tuple[str, ...]):
    """Plain values, not the Question row: the check lives on in a cached form class after the request."""
    allowed = set(options)

    def check(form, field):
        if kind == "multiple_choice":
            bad = [v for v in field.data or [] if v not in allowed]
        else:
            bad = [field.data] if field.data and field.data not in allowed | {"yes", "no"} else []
        if bad:
            raise ValidationError(_l("Choose one of the options offered."))
    return check


def question_field(question: QuestionText) -> Field:
    """The form field asking this question (unbound: the form class is built once and cached)."""
    required = question.required and question.kind != "heading"
    validators = [InputRequired(_l("Please answer this question."))] if required else [Optional()]
    kwargs = {"description": question.help_text or None}
    kind, label = question.kind, question.label
    if kind == "heading":
        return HeadingField(label, **kwargs)
    if kind == "short_text":
        return LineField(label, validators, max_length=300, **kwargs)
    if kind == "long_text":
        return TextField(label, validators, max_length=4000, **kwargs)
    if kind == "yes_no":
        return RadioField(label, choices=[("yes", _l("Yes")), ("no", _l("No"))], validators=validators,
                           validate_choice=False, **kwargs)
    if kind == "single_choice":
        return RadioField(label, choices=list(zip(question.options, question.option_labels, strict=True)),
                           validators=validators + [_choice_validator(kind, question.options)],
                           validate_choice=False, **kwargs)
    if kind == "multiple_choice":
        return MultiCheckboxField(label, choices=list(zip(question.options, question.option_labels, strict=True)),
                                   validate_choice=False,
                                   validators=validators + [_choice_validator(kind, question.options)], **kwargs)
    if kind == "date":
        return DateAnswerField(label, validators, **kwargs)
    if kind == "time":
        return TimeAnswerField(label, validators, **kwargs)
    if kind == "number":
        return NumberAnswerField(label, validators, low=question.min_value, high=question.max_value, **kwargs)
    if kind == "phone":
        return PhoneField(label, validators, **kwargs)
    if kind == "country":
        return CountryAnswerField(label, validators, choices=country_choices(blank=str(_l("— choose —"))),
                                   **kwargs)
    if kind == "email":
        return EmailField(label, validators + [
            Email(_l("Enter an email address like name@example.org."), check_deliverability=False),
            Length(max=254, message=_l("Use at most %(max)d characters.", max=254))],
            filters=[lambda v: v.strip() if isinstance(v, str) else v], render_kw={"maxlength": 254}, **kwargs)
    return FileAnswerField(label, question.id, required, **kwargs)


def answer_of(field, form) -> object:
    """The value stored for a field's answer: ISO dates, HH:MM times, numbers, E.164 phones, country codes, the
    name of the file sent (or kept); text and choices as typed."""
    if isinstance(field, FileAnswerField):
        return field.answer_in(form)
    if hasattr(field, "answer"):
        return field.answer()
    return field.data
