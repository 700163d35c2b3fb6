"""URL rules of the documents stage."""

from flask import Blueprint

from . import hooks, views  # noqa: F401  (hooks register with core and the forum stage)

bp = Blueprint("documents", __name__)
bp.add_url_rule("/forums/<slug>/documents", view_func=views.ManageView.as_view("manage"))
bp.add_url_rule("/forums/<slug>/documents/new", view_func=views.UploadView.as_view("new"))
bp.add_url_rule("/forums/<slug>/documents/<int:document_id>", view_func=views.OpenView.as_view("open"))
# a participant's private link (registration.manage) opens what is kept for participants
bp.add_url_rule("/forums/<slug>/registration/<token>/documents/<int:document_id>",
                view_func=views.LinkOpenView.as_view("open_by_link"))
bp.add_url_rule("/forums/<slug>/documents/<int:document_id>/edit", view_func=views.EditView.as_view("edit"))
bp.add_url_rule("/forums/<slug>/documents/<int:document_id>/delete", view_func=views.DeleteView.as_view("delete"))
bp.add_url_rule("/forums/<slug>/documents/<int:document_id>/versions/<int:version_id>",
                view_func=views.VersionView.as_view("version"))
