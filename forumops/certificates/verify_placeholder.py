"""A stand-in for the public verification page, so letters can print its address: replaced by the verify page
at merge (its endpoint is the same, certificates.verify, at /verify/<code>)."""

from flask import Blueprint, abort

from ..core.views import BaseView
from .issuing import find_by_code

bp = Blueprint("certificates", __name__)


class VerifyView(BaseView):
    permission = "site.view"

    def get(self, code: str):
        issued = find_by_code(code)
        if issued is None:
            abort(404)
        return {"holder_name": issued.holder_name, "kind": issued.kind, "revoked": issued.revoked}


bp.add_url_rule("/verify/<code>", view_func=VerifyView.as_view("verify"))
