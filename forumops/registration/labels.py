"""Human labels for registration codes, marked for translation."""

from ..core.i18n import lazy_gettext as _l

CATEGORY_LABELS = {
    "civil_society": _l("Civil-society representative"),
    "government": _l("Government"),
    "resource_person": _l("Resource person"),
    "observer": _l("Observer"),
    "media": _l("Media"),
    "organiser_staff": _l("Organiser staff"),
}
MODE_LABELS = {"in_person": _l("In person"), "online": _l("Online")}
GENDER_LABELS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non_binary": _l("Non-binary"),
    "self_described": _l("Another gender"),
    "prefer_not_to_say": _l("Prefer not to say"),
}
STATUS_LABELS = {
    "pending": _l("Awaiting approval"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("On the waiting list"),
    "rejected": _l("Not accepted"),
    "cancelled": _l("Cancelled"),
}
QUESTION_KIND_LABELS = {
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
    "single_choice": _l("Single choice"),
    "multiple_choice": _l("Multiple choice"),
    "yes_no": _l("Yes / no"),
    "date": _l("Date"),
    "time": _l("Time of day"),
    "number": _l("Number"),
    "phone": _l("Phone number"),
    "country": _l("Country"),
    "email": _l("Email address"),
    "file": _l("File (a document or a picture)"),
    "heading": _l("Heading or explanation (no answer)"),
}
# The words a badge's band can carry, in the order the badge form offers them (badge_queries.band_word
# chooses one per person): (one, all of them).
BADGE_WORDS = ("PARTICIPANT", "SPEAKER", "FACILITATOR", "ORGANISER", "MEDIA", "STAFF")
BADGE_WORD_LABELS = {
    "PARTICIPANT": (_l("Participant"), _l("Participants")), "SPEAKER": (_l("Speaker"), _l("Speakers")),
    "FACILITATOR": (_l("Facilitator"), _l("Facilitators")), "ORGANISER": (_l("Organiser"), _l("Organisers")),
    "MEDIA": (_l("Media"), _l("Media")), "STAFF": (_l("Staff"), _l("Staff")),
}
