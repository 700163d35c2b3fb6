from flask import Blueprint

from . import views

bp = Blueprint("clusters", __name__, url_prefix="/forums/<slug>")
bp.add_url_rule("/clusters", view_func=views.ClustersView.as_view("index"))
