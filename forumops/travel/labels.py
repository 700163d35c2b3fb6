"""What the travel stage's codes read as, translated."""

from __future__ import annotations

from ..core.i18n import lazy_gettext as _l

SUPPORT_KIND_LABELS = {
    "travel": _l("Travel"),
    "accommodation": _l("Accommodation"),
    "per_diem": _l("Per diem"),
    "visa_fee": _l("Visa fee"),
}
SUPPORT_STATUS_LABELS = {
    "offered": _l("Offered"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}
ROOM_SHARING_LABELS = {
    "single": _l("A room of my own"),
    "share": _l("I can share a room"),
    "share_with": _l("I would like to share with a named person"),
}
FORM_AUDIENCE_LABELS = {
    "sponsored": _l("People offered travel or accommodation"),
    "in_person": _l("Everyone confirmed to come in person"),
}
