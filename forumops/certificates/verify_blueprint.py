"""URL rules of the certificates stage's public verification.

Endpoints: certificates.verify_form (GET /verify, ?code=...), certificates.verify (GET /verify/<code>: what a
paper's QR code holds; build it with verify.verify_url_of)."""

from flask import Blueprint

from . import verify_views

bp = Blueprint("certificates", __name__)
bp.add_url_rule("/verify", view_func=verify_views.VerifyFormView.as_view("verify_form"))
bp.add_url_rule("/verify/<code>", view_func=verify_views.VerifyView.as_view("verify"))
