from flask import Blueprint

from . import edition_views, home, views  # noqa: F401  (home registers its core.home providers)

bp = Blueprint("followup", __name__, url_prefix="/forums/<slug>")
F = "/followup"
P = F + "/plans/<int:plan_id>"
# organisers of the forum ("forum.edit")
bp.add_url_rule(F, view_func=views.DashboardView.as_view("dashboard"))
bp.add_url_rule("/followup.csv", view_func=views.ExportCsvView.as_view("export_csv"))
bp.add_url_rule("/followup.pdf", view_func=views.ExportPdfView.as_view("export_pdf"))
bp.add_url_rule(F + "/settings", view_func=views.SettingsView.as_view("settings"))
bp.add_url_rule(F + "/plans/new", view_func=views.PlanNewView.as_view("new_plan"))
bp.add_url_rule(P, view_func=views.PlanView.as_view("plan"))
bp.add_url_rule(P + "/edit", view_func=views.PlanEditView.as_view("edit_plan"))
bp.add_url_rule(P + "/link", view_func=views.PlanLinkView.as_view("renew_link"))
bp.add_url_rule(F + "/previous", view_func=edition_views.PreviousView.as_view("previous"))
bp.add_url_rule("/new-edition", view_func=edition_views.NewEditionView.as_view("new_edition"))
# owners: by private link ("forum.view" + token) or through their account
bp.add_url_rule(F + "/report/<token>", view_func=views.ReportView.as_view("report"))
bp.add_url_rule(F + "/report/<token>/new-link", view_func=views.ReportNewLinkView.as_view("request_link"))
bp.add_url_rule(F + "/mine", view_func=views.MyPlansView.as_view("mine"))
bp.add_url_rule(F + "/mine/<int:plan_id>", view_func=views.MyReportView.as_view("report_mine"))


@bp.app_template_filter("plan_number")
def plan_number(value) -> str:
    """3.0 -> "3", 2.5 -> "2.5": indicator values and targets as people write them."""
    from .data import format_number

    return format_number(value)
