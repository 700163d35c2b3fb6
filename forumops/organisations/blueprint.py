"""URL rules of the organisations directory."""

from flask import Blueprint

from . import views

bp = Blueprint("organisations", __name__, url_prefix="/organisations")
bp.add_url_rule("/", view_func=views.DirectoryView.as_view("directory"))
