"""URL rules of the certificates stage: the organisers' certificate and signatories pages, a participant's own
certificate, the public verification of a printed code (certificates.verify: what a paper's QR code holds; build
it with verify.verify_url_of) and the organisers' register of every paper issued. Invitation letters have their
own blueprint (letters_blueprint.py)."""

from flask import Blueprint

# hooks: registers the participant's panel and the translatable texts
from . import (  # noqa: F401
    hooks,
    participant_views,
    publish_views,
    register_views,
    signatory_views,
    verify_views,
    views,
)
from .code_lost import code_lost_page
from .issuing import PaperCodeLost

bp = Blueprint("certificates", __name__)
bp.register_error_handler(PaperCodeLost, code_lost_page)  # a download whose code cannot be printed refuses

# the organisers' certificate (views.py)
bp.add_url_rule("/forums/<slug>/certificates", view_func=views.DesignView.as_view("design"))
bp.add_url_rule("/forums/<slug>/certificates/preview.pdf", view_func=views.PreviewView.as_view("preview"))
bp.add_url_rule("/forums/<slug>/certificates/certificates.pdf", view_func=views.AllPdfView.as_view("all_pdf"))
bp.add_url_rule("/forums/<slug>/certificates/certificates.zip", view_func=views.AllZipView.as_view("all_zip"))

# who receives it, publishing it, a new certificate for someone whose was revoked (publish_views.py)
bp.add_url_rule("/forums/<slug>/certificates/recipients",
                view_func=publish_views.RecipientsView.as_view("recipients"))
bp.add_url_rule("/forums/<slug>/certificates/recipients/<int:registration_id>/reissue",
                view_func=publish_views.ReissueView.as_view("reissue"))
bp.add_url_rule("/forums/<slug>/certificates/publish", view_func=publish_views.PublishView.as_view("publish"))
bp.add_url_rule("/forums/<slug>/certificates/unpublish", view_func=publish_views.UnpublishView.as_view("unpublish"))

# the signatories of the forum's certificates and letters (signatory_views.py)
bp.add_url_rule("/forums/<slug>/signatories", view_func=signatory_views.SignatoriesView.as_view("signatories"))
bp.add_url_rule("/forums/<slug>/signatories/<int:signatory_id>",
                view_func=signatory_views.SignatoryView.as_view("signatory"))
bp.add_url_rule("/forums/<slug>/signatories/<int:signatory_id>/remove-signature",
                view_func=signatory_views.RemoveSignatureView.as_view("remove_signature"))
bp.add_url_rule("/forums/<slug>/signatories/<int:signatory_id>/delete",
                view_func=signatory_views.DeleteSignatoryView.as_view("delete_signatory"))
bp.add_url_rule("/forums/<slug>/signatories/<int:signatory_id>/signature.png",
                view_func=signatory_views.SignatureImageView.as_view("signature_image"))

# a participant's own certificate, by private link or account (participant_views.py)
bp.add_url_rule("/forums/<slug>/registration/<token>/certificate.pdf",
                view_func=participant_views.MyCertificateView.as_view("my_certificate"))
bp.add_url_rule("/forums/<slug>/my-registration/certificate.pdf",
                view_func=participant_views.MyCertificateMineView.as_view("my_certificate_mine"))

# anyone checks a paper by its printed code (verify_views.py); organisers see and revoke what was issued
bp.add_url_rule("/verify", view_func=verify_views.VerifyFormView.as_view("verify_form"))
bp.add_url_rule("/verify/<code>", view_func=verify_views.VerifyView.as_view("verify"))
bp.add_url_rule("/forums/<slug>/papers", view_func=register_views.IssuedView.as_view("issued"))
bp.add_url_rule("/forums/<slug>/papers.csv", view_func=register_views.IssuedCsvView.as_view("issued_csv"))
bp.add_url_rule("/forums/<slug>/papers/<int:paper_id>/revoke",
                view_func=register_views.RevokeView.as_view("revoke"))
