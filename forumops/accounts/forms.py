"""Account forms: validation only."""

from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from ..core.forms import Form, LineField
from ..core.i18n import lazy_gettext as _l

PASSWORD_MIN, PASSWORD_MAX = 8, 128


def password_field(label):
    """A new-password field with the house's length rule; any characters, so passphrases work."""
    return PasswordField(label, validators=[
        InputRequired(_l("Enter a password.")),
        Length(min=PASSWORD_MIN, max=PASSWORD_MAX,
               message=_l("Use between %(min)d and %(max)d characters. Any characters are fine; a "
                          "few words together make a strong password.", min=PASSWORD_MIN, max=PASSWORD_MAX)),
    ], render_kw={"autocomplete": "new-password", "maxlength": PASSWORD_MAX})


def _email_field(label=None, missing=None):
    return EmailField(label or _l("Email address"), validators=[
        InputRequired(missing or _l("Enter your email address.")),
        Email(_l("Enter an email address like name@example.org."), check_deliverability=False),
        Length(max=254),
    ], filters=[lambda v: v.strip() if isinstance(v, str) else v],
        render_kw={"autocomplete": "email", "maxlength": 254})


class SignUpForm(Form):
    name = LineField(_l("Full name"), [InputRequired(_l("Enter your name."))], max_length=200,
                     description=_l("As it should appear on badges and lists, in your own script if you like."),
                     render_kw={"autocomplete": "name"})
    email = _email_field()
    password = password_field(_l("Password"))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        InputRequired(_l("Repeat the password.")), EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Create account"))


class SignInForm(Form):
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Sign in"))


class ForgotPasswordForm(Form):
    email = _email_field()
    submit = SubmitField(_l("Email me a reset link"))


class ResetPasswordForm(Form):
    password = password_field(_l("New password"))
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        InputRequired(_l("Repeat the password.")), EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[
        InputRequired(_l("Enter your current password."))], render_kw={"autocomplete": "current-password"})
    password = password_field(_l("New password"))
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        InputRequired(_l("Repeat the password.")), EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Change password"))


class SignOutOthersForm(Form):
    submit = SubmitField(_l("Sign out all other browsers"))


class SignOutForm(Form):
    submit = SubmitField(_l("Sign out"))


class SetLanguageForm(Form):
    """The switcher's buttons for a signed-in reader: only the form's token is checked here (the language
    and the page to go back to are read as they are, and a code not shipped changes nothing)."""


class ChangeEmailForm(Form):
    """Shown with the password form on the account page, so it is made with prefix="address"."""

    email = _email_field(_l("New email address"), _l("Enter the new email address."))
    current_password = PasswordField(_l("Current password"), validators=[
        InputRequired(_l("Enter your current password."))], render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Send a confirmation link"))


class VerificationMailForm(Form):
    """Email a new link that confirms an address; `next` is the page to come back to."""

    next = HiddenField()
    submit = SubmitField(_l("Email me a new link"))


class ConfirmEmailForm(Form):
    submit = SubmitField(_l("Confirm my address"))


class CancelEmailChangeForm(Form):
    submit = SubmitField(_l("Cancel the change"))
