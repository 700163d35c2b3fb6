"""Human labels for invitation letters' codes, marked for translation."""

from ...core.i18n import lazy_gettext as _l

PURPOSE_LABELS = {
    "visa": _l("A visa"),
    "employer": _l("An employer's approval"),
    "other": _l("Something else"),
}
STATUS_LABELS = {
    "requested": _l("Requested"),
    "approved": _l("Approved"),
    "declined": _l("Declined"),
}
# the tick that lets a letter's private details into a CSV (the registration CSV, the register of papers)
EXPORT_LABEL = _l("Include invitation letter details (passport name, nationality, passport number, date of birth)")
