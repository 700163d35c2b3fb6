"""The administrator's page of new organisers (forums.approval): the setting, and those waiting. HTTP only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.views import BaseView
from . import approval
from .forms import DecisionForm, OrganiserApprovalSettingForm


class OrganisersView(BaseView):
    """/admin/organisers: "new organisers need approval", and the accounts waiting (or refused) with their drafts."""

    permission = "admin"

    def render(self, form, status=200):
        return render_template("forums/organisers.html", form=form, candidates=approval.list_candidates(),
                               decision_form=DecisionForm()), status

    def get(self):
        return self.render(OrganiserApprovalSettingForm(data={"required": approval.approval_required()}))

    def post(self):
        form = OrganiserApprovalSettingForm()
        if not form.validate_on_submit():
            return self.render(form, 422)
        approval.set_approval_required(form.required.data, current_user)
        flash(_("New organisers now need your approval before their forums are announced.") if form.required.data
              else _("New organisers no longer need approval: their drafts can be announced."), "success")
        return redirect(url_for("forums.organisers"))


class OrganiserDecisionView(BaseView):
    permission = "admin"

    def post(self, user_id: int, decision: str):
        if not DecisionForm().validate_on_submit():
            flash(_("Your session expired. Press the button again."), "error")
            return redirect(url_for("forums.organisers"))
        decided = approval.decide(user_id, decision == "approve", current_user)
        if decided is None:
            abort(404)
        flash(_("%(name)s is approved: their forums can be announced.", name=decided.user.name)
              if decision == "approve" else
              _("%(name)s is refused: their forums stay drafts and send nothing.", name=decided.user.name), "success")
        return redirect(url_for("forums.organisers"))
