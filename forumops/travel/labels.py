"""What the travel stage's codes read as, translated."""

from __future__ import annotations

from ..core.i18n import lazy_gettext as _l

SUPPORT_KIND_LABELS = {
    "travel": _l("Travel"),
    "accommodation": _l("Accommodation"),
    "per_diem": _l("Per diem"),
    "visa_fee": _l("Visa fee"),
}
# the same kinds named inside a sentence ("Offered to 5 registrations: travel and accommodation.", "Thank you: you
# accepted travel."), where the language writes them in lower case
SUPPORT_KIND_WORDS = {
    "travel": _l("travel"),
    "accommodation": _l("accommodation"),
    "per_diem": _l("per diem"),
    "visa_fee": _l("visa fee"),
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
# a group of the organisers' travel fields (details_merge.GROUPS, by its first field) named in a sentence, when a
# save kept someone's newer change to it
DETAILS_GROUP_LABELS = {
    "arrival_date": _l("arrival day and time"),
    "arrival_from": _l("where they arrive from"),
    "arrival_transport": _l("arrival flight or transport"),
    "departure_date": _l("departure day and time"),
    "departure_to": _l("where they leave for"),
    "departure_transport": _l("departure flight or transport"),
    "check_in": _l("nights at the hotel"),
    "room_sharing": _l("room sharing"),
    "dietary_needs": _l("dietary needs"),
    "accessibility_needs": _l("accessibility needs"),
    "notes": _l("notes"),
    "arrival_meet": _l("who meets them"),
    "departure_meet": _l("who takes them at departure"),
    "hotel_id": _l("hotel"),
    "room": _l("hotel room"),
}
