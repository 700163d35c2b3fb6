"""Field types that clean user text the same way everywhere, with clear messages."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select, html_params

from .i18n import lazy_gettext as _l
from .numbers import is_currency_code
from .reference import is_country_code
from .text import clean_line, clean_text, has_control_characters


class NoControlCharacters:
    """Refuse invisible control or text-direction characters instead of dropping them silently."""

    def __call__(self, form, field):
        raw = field.raw_data[0] if field.raw_data else ""
        if isinstance(raw, str) and has_control_characters(raw):
            raise ValidationError(
                _l("This contains invisible control characters. Please retype it rather than pasting.")
            )


class _VisibleWhenRequired:
    """A required text field needs something visible: spaces or invisible characters alone are refused with
    the field's own "required" message (InputRequired alone looks at the raw input, so "   " would pass
    and be saved empty)."""

    # given by the WTForms field this is mixed into
    raw_data: list | None
    data: Any
    flags: Any
    validators: list

    def pre_validate(self, form):
        raw = self.raw_data[0] if self.raw_data else ""
        if self.flags.required and raw and not self.data and not has_control_characters(raw):
            messages = [v.message for v in self.validators
                        if isinstance(v, (InputRequired, DataRequired)) and v.message]
            raise StopValidation(messages[0] if messages else _l("This field is required."))


class LineField(_VisibleWhenRequired, StringField):
    """One line of text: NFC, white space collapsed, control characters refused, length capped."""

    def __init__(self, label=None, validators=None, max_length: int = 200, **kwargs):
        validators = list(validators or []) + [
            NoControlCharacters(),
            Length(max=max_length, message=_l("Use at most %(max)d characters.", max=max_length)),
        ]
        kwargs.setdefault("filters", []).append(clean_line)
        kwargs.setdefault("render_kw", {}).setdefault("maxlength", max_length)
        super().__init__(label, validators, **kwargs)


class TextField(_VisibleWhenRequired, TextAreaField):
    """Multi-line text (Markdown where the template says so): NFC, LF line ends, length capped."""

    def __init__(self, label=None, validators=None, max_length: int = 20000, **kwargs):
        validators = list(validators or []) + [
            NoControlCharacters(),
            Length(max=max_length, message=_l("Use at most %(max)d characters.", max=max_length)),
        ]
        kwargs.setdefault("filters", []).append(clean_text)
        super().__init__(label, validators, **kwargs)


@lru_cache(maxsize=32)
def _option_tags(choices: tuple[tuple[str, str], ...]) -> tuple[list[str], dict[str, tuple[int, str]]]:
    """Every choice's <option> tag in order, and for each value the first position with its selected tag."""
    tags: list[str] = []
    selected: dict[str, tuple[int, str]] = {}
    for position, (value, label) in enumerate(choices):
        tag = f'<option value="{escape(value)}">{escape(label)}</option>'
        tags.append(tag)
        selected.setdefault(value, (position, tag.replace("<option ", "<option selected ", 1)))
    return tags, selected


class CountrySelect(Select):
    """WTForms' Select with the ~250 <option> tags rendered once per language: rendering them one by one
    was half the time of the registration page. The same HTML, attributes from the field as Select does,
    except that only the first option with the chosen value is marked (the list's separator has the
    blank value too)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag, False):
                kwargs[flag] = True
        tags, selected = _option_tags(tuple((str(value), str(label)) for value, label in field.choices))
        options = list(tags)
        if field.data is not None and str(field.data) in selected:
            position, tag = selected[str(field.data)]
            options[position] = tag
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>" + "".join(options) + "</select>")


class CountryField(SelectField):
    """A country by ISO code. Its ~250 choices are only for display (set by the form); the check is one
    set lookup rather than WTForms' walk through every choice."""

    widget = CountrySelect()

    def pre_validate(self, form):
        if self.data and not is_country_code(self.data):
            raise ValidationError(self.gettext("Not a valid choice."))


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class Form(FlaskForm):
    """Base form: CSRF from Flask-WTF; errors an operation raises can be attached to a field."""

    # The field names in the order the page shows them, where the class's order differs (a field declared late
    # but drawn first, fields a form adds per forum): "q_*" stands for every field whose name begins "q_".
    # Unnamed fields follow, in the class's order. The error summary lists errors in this order.
    page_order: ClassVar[tuple[str, ...]] = ()

    def errors_in_page_order(self) -> list[tuple[Any, list]]:
        """(field, its errors) for every field with errors but the CSRF token, as the page shows the fields."""
        def place(indexed: tuple[int, Any]) -> tuple[int, int]:
            index, field = indexed
            for position, name in enumerate(self.page_order):
                if field.name == name or (name.endswith("*") and field.name.startswith(name[:-1])):
                    return position, index
            return len(self.page_order), index

        wrong = [(index, field) for index, field in enumerate(self) if field.errors and field.name != "csrf_token"]
        return [(field, field.errors) for _index, field in sorted(wrong, key=place)]

    def add_error(self, field_name: str | None, message: str) -> None:
        field = getattr(self, field_name, None) if field_name else None
        if field is not None:
            field.errors = list(field.errors) + [message]
        else:
            self.form_errors.append(message)


class ConfirmForm(Form):
    """A form for something that cannot be undone: its `confirm` box must be ticked, or `unticked` is
    shown beside it. Checked on the server (the box carries no `required`, so the message is ours)."""

    unticked: ClassVar[str]

    def validate_confirm(self, field):
        if not field.data:
            raise ValidationError(self.unticked)


def web_link(form, field) -> None:
    """A validator: an http(s) address with a host (a meeting link, a web site)."""
    if field.data and not re.match(r"^https?://[^\s/]+\.[^\s]+$", field.data):
        raise ValidationError(_l("Enter a full web address starting with https://"))


def currency_code(form, field) -> None:
    """A validator: a currency's three-letter ISO 4217 code (core.numbers.is_currency_code), when one is given;
    its message alone (the length check after it would only repeat it)."""
    if field.data and not is_currency_code(field.data):
        raise StopValidation(_l("Unknown currency: write its three-letter ISO 4217 code, such as USD, THB or VND."))
