"""The public page that checks a certificate or letter by its printed code (/verify/<code>).

A stand-in so the papers can print their address (printing.verify_url) before the verification page is merged:
it finds nothing. The verification page's own view replaces this one, under the same endpoint and rule.
"""

from __future__ import annotations

from flask import abort

from ..core.views import BaseView


class VerifyView(BaseView):
    """Replaced by the verification page (same endpoint, certificates.verify); until then every code is unknown."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "site.view"

    def get(self, code: str):
        abort(404)
