"""URL rules of the certificates stage's verification (public) and register of papers issued (organisers).

Endpoints: certificates.verify_form (GET /verify, ?code=...), certificates.verify (GET /verify/<code>: what a
paper's QR code holds; build it with verify.verify_url_of), certificates.issued (the register),
certificates.issued_csv, certificates.revoke."""

from flask import Blueprint

from . import register_views, verify_views

bp = Blueprint("certificates", __name__)
bp.add_url_rule("/verify", view_func=verify_views.VerifyFormView.as_view("verify_form"))
bp.add_url_rule("/verify/<code>", view_func=verify_views.VerifyView.as_view("verify"))
bp.add_url_rule("/forums/<slug>/papers", view_func=register_views.IssuedView.as_view("issued"))
bp.add_url_rule("/forums/<slug>/papers.csv", view_func=register_views.IssuedCsvView.as_view("issued_csv"))
bp.add_url_rule("/forums/<slug>/papers/<int:paper_id>/revoke",
                view_func=register_views.RevokeView.as_view("revoke"))
