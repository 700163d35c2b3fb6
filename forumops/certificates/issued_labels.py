"""What a paper is called, and whether it still holds, in the reader's language (verification page, register)."""

from __future__ import annotations

from ..core.i18n import lazy_gettext as _l

KIND_LABELS = {
    "certificate": _l("Certificate of attendance"),
    "letter": _l("Invitation letter"),
}
KIND_PLURAL_LABELS = {
    "certificate": _l("Certificates of attendance"),
    "letter": _l("Invitation letters"),
}
VALID, REVOKED = "valid", "revoked"
STATUS_LABELS = {
    VALID: _l("Valid"),
    REVOKED: _l("Revoked"),
}
