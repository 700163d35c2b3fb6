"""What follow-up adds to a participant's registration (see core.home): the action plans they own, each with
its next due report, on their home (`/` after sign-in), the forum's page and their private registration page."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..core import home
from ..core.i18n import format_day
from ..extensions import db
from .labels import CLOSED_STATUSES, PLAN_STATUS_LABELS
from .models import ActionPlan
from .queries import local_today


def _note(forum, plan, today) -> str:
    status = str(PLAN_STATUS_LABELS.get(plan.status, plan.status))
    if plan.status in CLOSED_STATUSES or plan.next_report_due is None:
        return status
    if plan.next_report_due < today:
        return _("%(status)s · report overdue since %(day)s", status=status, day=format_day(plan.next_report_due))
    return _("%(status)s · next report due %(day)s", status=status, day=format_day(plan.next_report_due))


@home.participant_link
def _my_plans(forum, registration, signed_in: bool) -> list[home.HomeLink]:
    plans = db.session.execute(select(
        ActionPlan.id, ActionPlan.title, ActionPlan.status, ActionPlan.next_report_due).where(
        ActionPlan.forum_id == forum.id, ActionPlan.registration_id == registration.id)
        .order_by(ActionPlan.id)).all()
    if not plans:
        return []
    today = local_today(forum)
    if signed_in:  # through the account each plan has its page; a private link only leads to the report link
        links = [home.HomeLink(_("Action plan: %(title)s", title=plan.title),
                               url_for("followup.report_mine", slug=forum.slug, plan_id=plan.id),
                               _note(forum, plan, today)) for plan in plans]
        return [*links, home.HomeLink(_("All my action plans"), url_for("followup.mine", slug=forum.slug))]
    return [home.HomeLink(_("Action plan: %(title)s", title=plan.title), "",
                          _("%(state)s; report from the link in your emails, or sign in",
                            state=_note(forum, plan, today))) for plan in plans]
