"""Forms of the certificates stage: validation and defaults only (the choices that depend on the forum are set
by the view)."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ..core.forms import Form, LineField, MultiCheckboxField, TextField
from ..core.i18n import lazy_gettext as _l
from . import texts


class SignatoryForm(Form):
    name = LineField(_l("Name"), [InputRequired(_l("Write the signatory's name."))], max_length=200,
                     render_kw={"autocomplete": "off", "dir": "auto"})
    title = LineField(_l("Title and organisation"), [Optional()], max_length=300, render_kw={"dir": "auto"},
                      description=_l("Printed under the name, e.g. “Director, Mekong Institute”."))
    position = IntegerField(_l("Order"), [Optional(), NumberRange(min=1, max=99, message=_l(
        "Enter a number from 1 to 99."))], description=_l("1 signs first (on the left); left empty, after the others."))
    signature = FileField(_l("Signature image"), render_kw={"accept": "image/png,image/jpeg,image/webp"},
                          description=_l("PNG, JPEG or WebP, at most 5 MB; a scan on white or transparent "
                                         "background prints best. Location and camera details are removed."))
    save = SubmitField(_l("Save"))

    page_order = ("name", "title", "position", "signature")

    def upload(self):
        """The uploaded file as (stream, name), or None when none was chosen."""
        data = self.signature.data
        return (data.stream, data.filename or "") if data and getattr(data, "filename", "") else None


class ButtonForm(Form):
    """A button that changes something (remove an image, delete, publish): only its CSRF token is checked."""


def _known_placeholders(form, field) -> None:
    problem = texts.unknown_problem(field.data)
    if problem:
        raise ValidationError(problem)


class DesignForm(Form):
    title = LineField(_l("Title"), [InputRequired(_l("Write the certificate's title.")), _known_placeholders],
                      max_length=200, render_kw={"dir": "auto"},
                      description=_l("Printed large at the top, e.g. “Certificate of attendance”."))
    body = TextField(_l("Text"), [InputRequired(_l("Write the certificate's text.")), _known_placeholders],
                     max_length=5000, render_kw={"dir": "auto"},
                     description=_l("Printed under the person's name. Plain text; a blank line starts a new "
                                    "paragraph. The placeholders listed below are filled in for each person."))
    signatories = MultiCheckboxField(_l("Signed by"), coerce=int, validate_choice=False)
    logos = MultiCheckboxField(_l("Logos printed at the top"), validate_choice=False)
    save = SubmitField(_l("Save the certificate"))

    page_order = ("title", "body", "signatories", "logos")


RULES = [("days", _l("Everyone who attended at least this many days")),
         ("picked", _l("Only the people ticked in the list below"))]


class RecipientsForm(Form):
    rule = RadioField(_l("Who receives a certificate"), choices=RULES, default="days")
    min_days = SelectField(_l("Days attended, at least"), [Optional()], coerce=int, validate_choice=False)
    picked = MultiCheckboxField(_l("Give a certificate"), coerce=int, validate_choice=False)
    excluded = MultiCheckboxField(_l("Leave out"), coerce=int, validate_choice=False)
    save = SubmitField(_l("Save who receives it"))
    publish = SubmitField(_l("Save and publish…"))  # saves the rule on screen, then the confirm page

    page_order = ("rule", "min_days", "picked", "excluded")


class PublishForm(Form):
    """The confirm page's button: it carries what the organiser saw (how many certificates, and whose:
    operations.batch_of), so publishing refuses when that changed meanwhile."""

    expected = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    batch = HiddenField(validators=[InputRequired()])


class PreviewForm(Form):
    """Whose certificate to preview: a registration's id (a GET form: the PDF opens in the browser)."""

    class Meta:
        csrf = False

    person = IntegerField(validators=[InputRequired()])


class FindPersonForm(Form):
    """Find anyone confirmed by name, to preview their certificate (a GET form on the design page)."""

    class Meta:
        csrf = False

    who = LineField(_l("Find a person by name"), [Optional()], max_length=200,
                    render_kw={"autocomplete": "off", "dir": "auto", "type": "search"})
