"""The country select: the same HTML as WTForms' own Select, from option tags rendered once per list."""

from __future__ import annotations

import pytest
from wtforms.validators import InputRequired
from wtforms.widgets import Select

from forumops.core.forms import CountryField, Form
from forumops.core.reference import country_choices


class CountryForm(Form):
    country = CountryField("Country", validators=[InputRequired("Choose your country.")])


def form(app, data):
    built = CountryForm(data={"country": data}, meta={"csrf": False})
    built.country.choices = country_choices(blank="— choose —")
    return built


@pytest.mark.parametrize("data", [None, "VN", "TH", "ZZ"])
def test_renders_exactly_what_wtforms_renders(app, data):
    with app.test_request_context():
        field = form(app, data).country
        assert str(field()) == str(Select()(field))


def test_a_blank_answer_shows_the_blank_choice_not_the_separator(app):
    with app.test_request_context():
        html = str(form(app, "").country())
    assert '<option selected value="">— choose —</option>' in html
    assert html.count("selected") == 1  # WTForms' own Select also marks the "──────────" separator


def test_the_chosen_country_is_marked_once_and_names_are_escaped(app):
    with app.test_request_context():
        html = str(form(app, "LA").country(class_="wide"))
    assert '<option selected value="LA">Lao People&#39;s Democratic Republic</option>' in html
    assert html.startswith('<select class="wide" id="country" name="country" required>')


@pytest.mark.parametrize(("code", "valid"), [("VN", True), ("MM", True), ("ZZ", False), ("vn", False), ("", False)])
def test_a_code_is_checked_without_walking_the_choices(app, code, valid):
    with app.test_request_context(method="POST", data={"country": code}):
        built = CountryForm(meta={"csrf": False})
        built.country.choices = []  # the check does not depend on the display list
        assert built.validate() is valid
        if not valid:
            assert built.country.errors[-1] in ("Not a valid choice.", "Choose your country.")
