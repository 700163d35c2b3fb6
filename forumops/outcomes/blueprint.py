"""URL rules of the outcomes stage."""

from flask import Blueprint

from . import annexes, home, views  # noqa: F401  (annexes and home register with documents and core)

bp = Blueprint("outcomes", __name__, url_prefix="/forums/<slug>")
bp.add_url_rule("/report", view_func=views.ReportView.as_view("report"))
bp.add_url_rule("/report.pdf", view_func=views.ReportPdfView.as_view("report_pdf"))
bp.add_url_rule("/report/recommendations.csv", view_func=views.RecommendationsCsvView.as_view("recommendations_csv"))
bp.add_url_rule("/report/edit", view_func=views.EditView.as_view("edit"))
bp.add_url_rule("/report/publish", view_func=views.PublishView.as_view("publish"))
