"""URL rules of the organisations directory."""

from flask import Blueprint

from . import views

bp = Blueprint("organisations", __name__, url_prefix="/organisations")
bp.add_url_rule("/", view_func=views.DirectoryView.as_view("directory"))
bp.add_url_rule("/<int:organisation_id>/logo", view_func=views.OrganisationLogoView.as_view("logo"))
