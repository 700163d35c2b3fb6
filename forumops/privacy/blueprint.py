"""URL rules of the privacy package: a person's own data and erasure requests, the organisers' erase."""

from flask import Blueprint

from . import hooks, views  # noqa: F401  (hooks register with core)

bp = Blueprint("privacy", __name__)
bp.add_url_rule("/forums/<slug>/registration/<token>/my-data.json",
                view_func=views.ManageDataView.as_view("manage_data"))
bp.add_url_rule("/forums/<slug>/registration/<token>/erasure",
                view_func=views.ManageErasureView.as_view("manage_erasure"))
bp.add_url_rule("/account/my-data.json", view_func=views.AccountDataView.as_view("account_data"))
bp.add_url_rule("/account/erasure", view_func=views.AccountErasureView.as_view("account_erasure"))
bp.add_url_rule("/forums/<slug>/privacy/erase/<int:registration_id>", view_func=views.EraseView.as_view("erase"))
