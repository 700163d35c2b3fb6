"""URL rules of the registration stage."""

from flask import Blueprint

from . import views

bp = Blueprint("registration", __name__, url_prefix="/forums/<slug>")
bp.add_url_rule("/register", view_func=views.RegisterView.as_view("register"))
bp.add_url_rule("/register/resend-link", view_func=views.ResendLinkView.as_view("resend_link"))
bp.add_url_rule("/registration/<token>", view_func=views.ManageView.as_view("manage"))
bp.add_url_rule("/registration/<token>/cancel", view_func=views.CancelView.as_view("cancel"))
bp.add_url_rule("/my-registration", view_func=views.MyRegistrationView.as_view("mine"))
bp.add_url_rule("/my-registration/cancel", view_func=views.CancelMineView.as_view("cancel_mine"))
