"""Human labels for the outcome report, marked for translation."""

from ..core.i18n import lazy_gettext as _l

ADOPTION_LABELS = {"proposed": _l("Proposed"), "adopted": _l("Adopted"), "noted": _l("Noted"),
                   "rejected": _l("Rejected")}
BREAKDOWN_TITLES = {
    "country": _l("By country"),
    "organisation_type": _l("By organisation type"),
    "category": _l("By participant category"),
    "gender": _l("By gender"),
    "mode": _l("By attendance mode"),
    "cluster": _l("By cluster"),
}
NOT_STATED = _l("Not stated")
NO_ORGANISATION = _l("No organisation given")
NO_CLUSTER = _l("Not in a cluster")
