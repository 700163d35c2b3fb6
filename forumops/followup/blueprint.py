"""URL rules of the follow-up stage and the template filters its pages use."""

from datetime import date, datetime

from flask import Blueprint
from flask_babel import gettext as _

from ..core.i18n import day_in_zone, plural_category
from . import dashboard_views, edition_views, home, views  # noqa: F401  (home registers its core.home providers)
from .data import format_number, format_quantity

bp = Blueprint("followup", __name__, url_prefix="/forums/<slug>")
F = "/followup"
P = F + "/plans/<int:plan_id>"
# organisers of the forum ("forum.edit")
bp.add_url_rule(F, view_func=dashboard_views.DashboardView.as_view("dashboard"))
bp.add_url_rule("/followup.csv", view_func=dashboard_views.ExportCsvView.as_view("export_csv"))
bp.add_url_rule("/followup.pdf", view_func=dashboard_views.ExportPdfView.as_view("export_pdf"))
bp.add_url_rule(F + "/settings", view_func=views.SettingsView.as_view("settings"))
bp.add_url_rule(F + "/plans/new", view_func=views.PlanNewView.as_view("new_plan"))
bp.add_url_rule(P, view_func=views.PlanView.as_view("plan"))
bp.add_url_rule(P + "/edit", view_func=views.PlanEditView.as_view("edit_plan"))
bp.add_url_rule(P + "/link", view_func=views.PlanLinkView.as_view("renew_link"))
bp.add_url_rule(P + "/reports/<int:report_id>/review", view_func=views.ReviewReportView.as_view("review_report"))
bp.add_url_rule(F + "/previous", view_func=edition_views.PreviousView.as_view("previous"))
bp.add_url_rule("/new-edition", view_func=edition_views.NewEditionView.as_view("new_edition"))
# owners: by private link ("forum.view" + token) or through their account
bp.add_url_rule(F + "/report/<token>", view_func=views.ReportView.as_view("report"))
bp.add_url_rule(F + "/report/<token>/new-link", view_func=views.ReportNewLinkView.as_view("request_link"))
bp.add_url_rule(F + "/report/<token>/reports/<int:report_id>", view_func=views.ReportView.as_view("correct"))
bp.add_url_rule(F + "/mine", view_func=views.MyPlansView.as_view("mine"))
bp.add_url_rule(F + "/mine/<int:plan_id>", view_func=views.MyReportView.as_view("report_mine"))
bp.add_url_rule(F + "/mine/<int:plan_id>/reports/<int:report_id>", view_func=views.MyReportView.as_view("correct_mine"))


@bp.app_template_filter("plan_number")
def plan_number(value) -> str:
    """3.0 -> "3", 2.5 -> "2.5": indicator values and targets as people write them."""
    return format_number(value)


@bp.app_template_filter("quantity")
def quantity(value, indicator) -> str:
    """A number with its indicator's unit, singular after one in the current language ("1 briefing")."""
    return format_quantity(value, indicator.unit, indicator.unit_one,
                           plural_category(value) if value is not None else "other")


@bp.app_template_filter("forum_day")
def forum_day(value, forum):
    """The day of an instant in the forum's zone (a date or an ISO day passes through), for the `date` filter:
    every date on the follow-up pages and in its emails goes through core.i18n.format_day."""
    if isinstance(value, datetime):
        return day_in_zone(forum.timezone, value)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return value


@bp.app_template_filter("followup_value")
def followup_value(value) -> tuple[str, str]:
    """(indicator label, value as text) of a reported value, or of one kept in an earlier version (a dict)."""
    if isinstance(value, dict):
        label, kind, number, yes = value.get("label", ""), value.get("kind"), value.get("number"), value.get("yes")
        unit, unit_one = value.get("unit", ""), value.get("unit_one", "")
    else:
        indicator = value.indicator
        label, kind, number, yes, unit, unit_one = (indicator.label, indicator.kind, value.number, value.yes,
                                                    indicator.unit, indicator.unit_one)
    if kind == "yes_no":
        return label, _("yes") if yes else _("no")
    return label, format_quantity(number, unit, unit_one, plural_category(number) if number is not None else "other")
