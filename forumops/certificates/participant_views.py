"""A participant's own certificate, by the private link from their email or through their account: drawn on
demand from what was issued and the design as it is now. Nobody else's link opens it, and a certificate not
issued, revoked or not published (yet, or any more), or of a registration no longer confirmed, is not found."""

from __future__ import annotations

from flask import abort

from ..core.views import ForumView
from ..registration.own import ByAccount, ByLink
from . import downloads, queries
from .printing import Designs, printed_of


def _certificate_response(forum, registration):
    if registration.status != "confirmed":
        abort(404)  # a cancelled registration's certificate is the organisers' to revoke or keep, not to hand out
    issued = queries.published_certificate_of(forum, registration.id)
    template = queries.get_template(forum)
    if issued is None or issued.revoked or template is None:
        abort(404)
    designs = Designs(forum, template, queries.chosen_signatories(forum, template))
    return downloads.pdf_response(designs, [printed_of(issued)], f"{forum.slug}-certificate")


class _MyCertificate(ForumView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    def find(self, forum, token):
        raise NotImplementedError

    def get(self, forum, token=None):
        return _certificate_response(forum, self.find(forum, token))


class MyCertificateView(ByLink, _MyCertificate):
    """By the private link (registration.manage's): no account needed."""


class MyCertificateMineView(ByAccount, _MyCertificate):
    """The same through the participant's account."""
