"""Account pages: HTTP only; the work is in operations."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..core.http import client_address, client_key, safe_next_url
from ..core.languages import known, remember_language
from ..core.logs import email_ref, security_log
from ..core.tokens import hash_token
from ..core.views import BaseView
from . import devices, operations, queries, verification
from .browser import count_signup_attempt, refuse_link_mail, refuse_signin, sign_in_browser, throttle
from .forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    ResetPasswordForm,
    SetLanguageForm,
    SignInForm,
    SignOutForm,
    SignOutOthersForm,
    SignUpForm,
)


class SignUpView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "site.view"

    def get(self):
        if current_user.is_authenticated:
            return redirect(url_for("forums.index"))
        return render_template("accounts/signup.html", form=SignUpForm())

    def post(self):
        """The same answer whether or not the address has an account: the difference is in the email."""
        form = SignUpForm()
        count_signup_attempt()
        if form.validate_on_submit():
            email = operations.normalise_email(form.email.data)
            refuse_link_mail([f"email:{email}"], verification.MAIL_SCOPE)
            verification.sign_up(form.name.data, email, form.password.data)
            flash(_("We have sent a message to %(email)s.", email=email), "success")
            return redirect(url_for("accounts.check_email"))
        return render_template("accounts/signup.html", form=form), 422


class CheckEmailView(BaseView):
    """Where sign-up leads, whatever the address: what to look for in the inbox."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "site.view"

    def get(self):
        return render_template("accounts/check_email.html", hours=verification.ttl_hours())


class SignInView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "site.view"

    def get(self):
        if current_user.is_authenticated:
            return redirect(safe_next_url(request.args.get("next"), "forums.home"))
        return render_template("accounts/signin.html", form=SignInForm())

    def post(self):
        form = SignInForm()
        refuse_signin(form.email.data or "")
        if form.validate_on_submit():
            user = operations.authenticate(form.email.data, form.password.data)
            if user is not None:
                sign_in_browser(user)
                flash(_("Signed in as %(name)s.", name=user.name), "success")
                return redirect(safe_next_url(request.args.get("next"), "forums.home"))
            operations.record_signin_failure(form.email.data)
            security_log.warning("sign-in failed: email=%s ip=%s", email_ref(form.email.data), client_address())
            form.add_error(None, _("The email address or the password is not right."))
        return render_template("accounts/signin.html", form=form), 422


class SetLanguageView(BaseView):
    """The switcher: GET (a link, signed out) keeps the choice in a cookie; POST (a button with the form's
    token, signed in) also saves it on the account, which the account's own mail follows."""

    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "site.view"

    def get(self):
        return self._switch(request.args)

    def post(self):
        if current_user.is_authenticated and SetLanguageForm().validate_on_submit():
            code = known(request.form.get("lang"))
            if code:
                operations.set_language(current_user, code)
        return self._switch(request.form)

    def _switch(self, values):
        response = redirect(safe_next_url(values.get("next")))
        code = known(values.get("lang"))
        return remember_language(response, code) if code else response


class SignOutView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "site.view"

    def post(self):
        if SignOutForm().validate_on_submit() and current_user.is_authenticated:
            operations.end_session(current_user.session_token)
        logout_user()
        session.clear()
        flash(_("You are signed out."), "success")
        return redirect(safe_next_url(request.args.get("next")))  # e.g. back to an invitation


class ForgotPasswordView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "site.view"

    def get(self):
        return render_template("accounts/forgot.html", form=ForgotPasswordForm())

    def post(self):
        form = ForgotPasswordForm()
        if form.validate_on_submit():
            keys = [f"ip:{client_key()}", f"email:{operations.normalise_email(form.email.data)}"]
            throttle("reset", keys)
            operations.record_attempt("reset", keys)
            operations.request_password_reset(form.email.data)
            flash(_("If an account uses %(email)s, a reset link is on its way. It works for one hour.",
                    email=form.email.data), "success")
            return redirect(url_for("accounts.signin"))
        return render_template("accounts/forgot.html", form=form), 422


class ResetPasswordView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "site.view"

    def get(self, token: str):
        if operations.find_valid_reset(token) is None:
            return render_template("accounts/reset_invalid.html"), 404
        return render_template("accounts/reset.html", form=ResetPasswordForm())

    def post(self, token: str):
        form = ResetPasswordForm()
        if operations.find_valid_reset(token) is None:
            return render_template("accounts/reset_invalid.html"), 404
        if form.validate_on_submit():
            operations.reset_password(token, form.password.data)
            logout_user()
            session.clear()
            flash(_("Your password is changed and every other session is signed out. Sign in with it now."),
                  "success")
            return redirect(url_for("accounts.signin"))
        return render_template("accounts/reset.html", form=form), 422


def account_page(form=None, email_form=None, status=200):
    """The account page: its address (and a change waiting for its link), password, sessions."""
    pending = verification.pending_link(current_user)
    return render_template(
        "accounts/account.html", form=form or ChangePasswordForm(), others_form=SignOutOthersForm(),
        email_form=email_form or ChangeEmailForm(prefix="address"),
        pending=pending if pending is not None and pending.changes_address else None,
        sessions=queries.list_sessions(current_user), current_hash=hash_token(current_user.session_token),
    ), status


class AccountView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "account.manage"

    def get(self):
        return account_page()

    def post(self):
        form = ChangePasswordForm()
        self.on_refusal(form, lambda: account_page(form, status=422))
        if form.validate_on_submit():
            operations.change_password(current_user, form.current_password.data, form.password.data)
            devices.remember_device(current_user)  # the other browsers are no longer known; this one is
            flash(_("Password changed. Your other sessions are signed out."), "success")
            return redirect(url_for("accounts.account"))
        return account_page(form, status=422)


class SignOutOthersView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "account.manage"

    def post(self):
        if SignOutOthersForm().validate_on_submit():
            count = operations.end_other_sessions(current_user, keep_token=current_user.session_token)
            devices.remember_device(current_user)
            flash(_("Signed out of %(count)d other browser(s).", count=count), "success")
        return redirect(url_for("accounts.account"))
