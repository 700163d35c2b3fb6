"""Confirming an address: the emailed link's page, sending a link again, and changing the account's address
(HTTP only; the work is in verification)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.http import safe_next_url
from ..core.views import BaseView
from . import operations, verification
from .browser import link_mail_refused
from .forms import CancelEmailChangeForm, ChangeEmailForm, ConfirmEmailForm, VerificationMailForm
from .views import account_page

LINK_STATUS = {"pending": 200, "unknown": 404, "used": 410, "replaced": 410, "expired": 410, "confirmed": 410,
               "taken": 409}


class VerifyEmailView(BaseView):
    """/account/verify/<token>: what the link confirms, and a button to confirm it. Opening the link changes
    nothing (mail scanners open links); the page names the account, so someone whose address a stranger
    typed sees it is not theirs."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "site.view"

    def get(self, token: str):
        return self.render(token, verification.find_by_token(token))

    def post(self, token: str):
        row = verification.find_by_token(token)
        if row is None or row.state != "pending" or not ConfirmEmailForm().validate_on_submit():
            return self.render(token, row)
        try:
            state = verification.confirm(row)
        except verification.AddressTaken:
            return self.render(token, row, state="taken")
        if state != "pending":  # a second tab was first
            return self.render(token, row)
        flash(_("Thank you: %(email)s is confirmed. You can create forums and accept the roles you are invited "
                "to (open the invitation email again).", email=row.email), "success")
        if current_user.is_authenticated:
            return redirect(url_for("forums.home"))
        return redirect(url_for("accounts.signin"))

    def render(self, token, row, state=None):
        if state is None:
            state = row.state if row is not None else "unknown"
        if state == "expired" and verification.address_to_confirm(row.user) is None:
            state = "confirmed"  # confirmed since, through a newer link or a password reset
        return render_template("accounts/verify.html", state=state, row=row, token=token,
                               form=ConfirmEmailForm(),
                               hours=verification.ttl_hours()), LINK_STATUS[state]


class ResendExpiredLinkView(BaseView):
    """The expired link's page offers a new one: it goes to the address the link was sent to."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "site.view"

    def post(self, token: str):
        row = verification.find_by_token(token)
        if row is None or row.state != "expired" or not VerificationMailForm().validate_on_submit():
            return redirect(url_for("accounts.verify_email", token=token))
        email = verification.address_to_confirm(row.user)
        if email is None or link_mail_refused([f"email:{email}"], scope=verification.MAIL_SCOPE):
            return redirect(url_for("accounts.verify_email", token=token))
        verification.send_again(row.user)
        flash(_("A new link is on its way to %(email)s.", email=email), "success")
        return redirect(url_for("accounts.check_email"))


class ResendVerificationView(BaseView):
    """The banner's and the account page's button: a new link to the address waiting for confirmation."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "account.manage"

    def post(self):
        form = VerificationMailForm()
        back = safe_next_url(form.next.data, "accounts.account")
        if not form.validate_on_submit():
            return redirect(back)
        email = verification.address_to_confirm(current_user)
        if email is None:
            flash(_("Your address is confirmed already: nothing to do."), "success")
        elif not link_mail_refused([f"email:{email}"], scope=verification.MAIL_SCOPE):
            verification.send_again(current_user)
            flash(_("A new link is on its way to %(email)s: open it within %(hours)d hours. The link sent before "
                    "no longer works.", email=email, hours=verification.ttl_hours()), "success")
        return redirect(back)


class ChangeEmailView(BaseView):
    """The account page's "change address": a link to the new address; the old one holds until it is opened."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "account.manage"

    def post(self):
        form = ChangeEmailForm(prefix="address")
        self.on_refusal(form, lambda: account_page(email_form=form, status=422))
        if not form.validate_on_submit():
            return account_page(email_form=form, status=422)
        new_email = operations.normalise_email(form.email.data)
        if not link_mail_refused([f"email:{new_email}"], scope=verification.MAIL_SCOPE):
            verification.request_address_change(current_user, new_email, form.current_password.data)
            flash(_("A link is on its way to %(new)s: open it within %(hours)d hours to make it your address. Until "
                    "then your address stays %(old)s.", new=new_email, hours=verification.ttl_hours(),
                    old=current_user.email), "success")
        return redirect(url_for("accounts.account", _anchor="address-h"))


class CancelEmailChangeView(BaseView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too
    permission = "account.manage"

    def post(self):
        if CancelEmailChangeForm().validate_on_submit():
            cancelled = verification.cancel_address_change(current_user)
            if cancelled:
                flash(_("The change to %(new)s is cancelled: its link no longer works. Your address stays "
                        "%(old)s.", new=cancelled, old=current_user.email), "success")
        return redirect(url_for("accounts.account", _anchor="address-h"))

