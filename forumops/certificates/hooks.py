"""What certificates add to earlier stages' pages, which may not import it: a participant's certificate under
their registration (their private page and their home, a core.home panel), and the certificate's title and
text among the texts an organiser translates (forums.translatable), each version checked for unknown
placeholders as the design page checks the original."""

from __future__ import annotations

from ..core import home
from ..core.i18n import lazy_gettext as _l
from ..forums.models import Forum
from ..forums.translatable import Block, Group, Translatable, register_texts
from ..forums.versions import CERTIFICATE
from . import queries, texts


@home.participant_panel
def _certificate(forum: Forum, registration, signed_in: bool) -> home.HomePanel | None:
    """Their certificate, once issued and published, while their registration is confirmed: a download (or,
    revoked, that it was withdrawn)."""
    if registration.status != "confirmed":
        return None
    issued = queries.published_certificate_of(forum, registration.id)
    if issued is None:
        return None
    return home.HomePanel("certificate", "certificates/_participant_panel.html",
                          {"issued": issued, "signed_in": signed_in})


@register_texts
def _certificate_texts(forum: Forum) -> list[Group]:
    template = queries.get_template(forum)
    if template is None or not (template.title or template.body):
        return []
    found = (Translatable(CERTIFICATE, template.id, "title", str(_l("Certificate’s title")), template.title,
                          max_length=200, check=texts.unknown_problem),
             Translatable(CERTIFICATE, template.id, "body", str(_l("Certificate’s text")), template.body, long=True,
                          max_length=5000, check=texts.unknown_problem))
    return [Group("certificate", str(_l("Certificate of attendance")), (Block("", found),), order=70)]
