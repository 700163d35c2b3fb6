"""A participant's own certificate, by the private link from their email or through their account: drawn on
demand from what was issued and the design as it is now. Nobody else's link opens it, and a certificate not
issued, revoked or not published (yet, or any more), or of a registration no longer confirmed, is not found."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from ..core.views import ForumView
from ..registration import queries as registration_queries
from . import downloads, queries
from .printing import Designs, printed_of


def _certificate_response(forum, registration):
    if registration is None or registration.erased_at is not None or registration.status != "confirmed":
        abort(404)  # a cancelled registration's certificate is the organisers' to revoke or keep, not to hand out
    issued = queries.published_certificate_of(forum, registration.id)
    template = queries.get_template(forum)
    if issued is None or issued.revoked or template is None:
        abort(404)
    designs = Designs(forum, template, queries.chosen_signatories(forum, template))
    return downloads.pdf_response(designs, [printed_of(issued)], f"{forum.slug}-certificate")


class MyCertificateView(ForumView):
    """By the private link (registration.manage's): no account needed."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "forum.view"

    def get(self, forum, token):
        return _certificate_response(forum, registration_queries.find_by_token(forum, token))


class MyCertificateMineView(ForumView):
    """The same through the participant's account."""
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    permission = "account.manage"

    def get(self, forum):
        return _certificate_response(forum, registration_queries.registration_of_user(forum, current_user))
