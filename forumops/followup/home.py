"""What follow-up adds to a participant's registration (see core.home): the action plans they own."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..core import home
from ..extensions import db
from .labels import PLAN_STATUS_LABELS
from .models import ActionPlan


@home.participant_link
def _my_plans(forum, registration, signed_in: bool) -> list[home.HomeLink]:
    plans = db.session.execute(select(ActionPlan.id, ActionPlan.title, ActionPlan.status).where(
        ActionPlan.forum_id == forum.id, ActionPlan.registration_id == registration.id)
        .order_by(ActionPlan.id)).all()
    if signed_in:  # through the account each plan has its page; a private link only leads to the report link
        return [home.HomeLink(_("Action plan: %(title)s", title=plan.title),
                              url_for("followup.report_mine", slug=forum.slug, plan_id=plan.id),
                              str(PLAN_STATUS_LABELS.get(plan.status, plan.status))) for plan in plans]
    return [home.HomeLink(_("Action plan: %(title)s", title=plan.title), "",
                          _("report from the link in your reminder emails")) for plan in plans]
