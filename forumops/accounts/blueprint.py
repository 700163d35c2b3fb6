"""URL rules of the accounts stage."""

from flask import Blueprint

from . import address_views, views

bp = Blueprint("accounts", __name__, url_prefix="/account")
bp.add_url_rule("/signup", view_func=views.SignUpView.as_view("signup"))
bp.add_url_rule("/check-email", view_func=views.CheckEmailView.as_view("check_email"))
bp.add_url_rule("/signin", view_func=views.SignInView.as_view("signin"))
bp.add_url_rule("/signout", view_func=views.SignOutView.as_view("signout"))
bp.add_url_rule("/forgot", view_func=views.ForgotPasswordView.as_view("forgot_password"))
bp.add_url_rule("/reset/<token>", view_func=views.ResetPasswordView.as_view("reset_password"))
bp.add_url_rule("/", view_func=views.AccountView.as_view("account"))
bp.add_url_rule("/language", view_func=views.SetLanguageView.as_view("set_language"))
bp.add_url_rule("/sessions/end-others", view_func=views.SignOutOthersView.as_view("end_other_sessions"))
bp.add_url_rule("/verify/<token>", view_func=address_views.VerifyEmailView.as_view("verify_email"))
bp.add_url_rule("/verify/<token>/resend",
                view_func=address_views.ResendExpiredLinkView.as_view("resend_expired_verification"))
bp.add_url_rule("/verify-again", view_func=address_views.ResendVerificationView.as_view("resend_verification"))
bp.add_url_rule("/email", view_func=address_views.ChangeEmailView.as_view("change_email"))
bp.add_url_rule("/email/cancel", view_func=address_views.CancelEmailChangeView.as_view("cancel_email_change"))
