"""URL rules of the accounts stage."""

from flask import Blueprint

from . import views

bp = Blueprint("accounts", __name__, url_prefix="/account")
bp.add_url_rule("/signup", view_func=views.SignUpView.as_view("signup"))
bp.add_url_rule("/signin", view_func=views.SignInView.as_view("signin"))
bp.add_url_rule("/signout", view_func=views.SignOutView.as_view("signout"))
bp.add_url_rule("/forgot", view_func=views.ForgotPasswordView.as_view("forgot_password"))
bp.add_url_rule("/reset/<token>", view_func=views.ResetPasswordView.as_view("reset_password"))
bp.add_url_rule("/", view_func=views.AccountView.as_view("account"))
bp.add_url_rule("/sessions/end-others", view_func=views.SignOutOthersView.as_view("end_other_sessions"))
