"""Human labels for forum codes, marked for translation."""

from ..core.i18n import lazy_gettext as _l

MODE_LABELS = {"in_person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid (in person and online)")}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "registration_open": _l("Registration open"),
    "registration_closed": _l("Registration closed"),
    "concluded": _l("Concluded"),
    "archived": _l("Archived"),
}
STATUS_HELP = {
    "draft": _l("Only the forum's organisers can see it."),
    "published": _l("Anyone can read the concept note; registration is not open yet."),
    "registration_open": _l("Public, and people can register."),
    "registration_closed": _l("Public; registration is closed."),
    "concluded": _l("The forum has taken place; outcomes and follow-up continue."),
    "archived": _l("Kept for the record; read-only."),
}
PARTNER_ROLE_LABELS = {
    "organiser": _l("Organiser"),
    "co_organiser": _l("Co-organiser"),
    "funder": _l("Funder"),
    "partner": _l("Partner"),
    "host": _l("Host"),
}
MEMBER_ROLE_LABELS = {"organiser": _l("Organiser"), "facilitator": _l("Facilitator"), "participant": _l("Participant")}
# What each role lets someone do, said in the invitation email and on its accept page.
MEMBER_ROLE_MEANINGS = {
    "organiser": _l("Organisers edit everything about the forum: its concept note, programme, registration, "
                    "clusters, team and report."),
    "facilitator": _l("Facilitators lead the forum's clusters and record their findings; they also see what is "
                      "shared with participants, such as the online link."),
    "participant": _l("Participants see what is shared with the forum's participants, such as the online link "
                      "and their own calendar."),
}
