"""Role invitations: the organisers' resend and withdraw buttons, and the accept page the emailed link
opens (HTTP only; the work is in forums.invitations)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.browser import count_signup_attempt, sign_in_browser
from ..accounts.operations import normalise_email
from ..core import permissions
from ..core.views import BaseView, ForumView, or_404
from ..extensions import db
from . import invitations
from .forms import AcceptInvitationForm, InvitationAccountForm, RemoveForm

UNUSABLE_STATUS = {"unknown": 404, "revoked": 410, "expired": 410}


class TeamInvitationView(ForumView):
    permission = "forum.manage_team"

    def post(self, forum, invitation_id: int, change: str):
        invitation = or_404(invitations.get_invitation(forum, invitation_id))
        self.on_refusal(None, lambda: redirect(url_for("forums.team", slug=forum.slug)))
        if RemoveForm().validate_on_submit():
            flash(invitations.apply_change(invitation, change, current_user), "success")
        return redirect(url_for("forums.team", slug=forum.slug))


class InvitationView(BaseView):
    """/invitations/<token>: what is offered, and the one step that fits who opens it."""

    permission = "site.view"

    def get(self, token: str):
        return self.render(token, invitations.find_by_token(token))

    def post(self, token: str):
        invitation = invitations.find_by_token(token)
        if invitation is None or invitation.state != "pending":
            return self.render(token, invitation)
        if current_user.is_authenticated:
            form = AcceptInvitationForm()
            if not form.validate_on_submit():
                return self.render(token, invitation, status=422)
            return self.accept(invitation, lambda: invitations.accept(invitation, current_user))
        if invitations.account_exists(invitation.email):
            return self.render(token, invitation)  # made meanwhile: the page now asks them to sign in
        count_signup_attempt()  # the same limit as the sign-up page
        form = InvitationAccountForm()
        self.on_refusal(form, lambda: self.render(token, invitation, account_form=form, status=422))
        if form.validate_on_submit():
            return self.accept(invitation, lambda: sign_in_browser(invitations.accept_with_new_account(
                invitation, form.name.data, form.password.data)))
        return self.render(token, invitation, account_form=form, status=422)

    def accept(self, invitation, do):
        try:
            do()
        except invitations.InvitationUnusable:
            db.session.rollback()  # nothing of this attempt is kept (an account made for it included)
            return self.render(request.view_args["token"], invitation)  # type: ignore[index]  # the URL has <token>
        words = invitations.describe(invitation)
        flash(_("You are now %(role)s of %(where)s.", **words), "success")
        if not permissions.can_see_forum(current_user, invitation.forum):
            flash(_("The forum is still a draft: you will find it here once its organisers publish it."), "success")
            return redirect(url_for("forums.index"))
        endpoint, values = invitations.kind_of(invitation).landing(invitation)
        return redirect(url_for(endpoint, **values))

    def render(self, token, invitation, account_form=None, status=None):
        if invitation is None or invitation.state in ("revoked", "expired"):
            reason = invitation.state if invitation is not None else "unknown"
            forum = invitation.forum if invitation is not None else None
            return render_template("forums/invitation_unusable.html", reason=reason, forum=forum), \
                UNUSABLE_STATUS[reason]
        words = invitations.describe(invitation)
        context = {"invitation": invitation, "words": words, "token": token}
        if invitation.state == "accepted":
            mine = current_user.is_authenticated and current_user.id == invitation.accepted_by_id
            endpoint, values = invitations.kind_of(invitation).landing(invitation)
            return render_template("forums/invitation.html", step="accepted", landing=url_for(endpoint, **values)
                                   if mine else None, **context), status or 200
        if current_user.is_authenticated:
            if normalise_email(current_user.email) != invitation.email:
                return render_template("forums/invitation.html", step="wrong_account", **context), status or 403
            if not current_user.is_verified:
                return render_template("forums/invitation.html", step="confirm_address", **context), status or 403
            return render_template("forums/invitation.html", step="accept", form=AcceptInvitationForm(),
                                   **context), status or 200
        if invitations.account_exists(invitation.email):
            return render_template("forums/invitation.html", step="sign_in", **context), status or 200
        form = account_form or InvitationAccountForm(data={"name": invitation.name})
        return render_template("forums/invitation.html", step="new_account", form=form, **context), status or 200
