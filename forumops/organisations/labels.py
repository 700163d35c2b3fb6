"""Human labels for organisation types, marked for translation."""

from ..core.i18n import lazy_gettext as _l

ORGANISATION_TYPE_LABELS = {
    "cso": _l("Civil-society organisation"),
    "ngo": _l("NGO"),
    "coop_social_enterprise": _l("Cooperative or social enterprise"),
    "national_government": _l("National government"),
    "local_government": _l("Local government"),
    "intergovernmental": _l("Intergovernmental body"),
    "private_sector": _l("Private sector"),
    "academia": _l("Academia or research"),
    "donor": _l("Donor or foundation"),
    "media": _l("Media"),
    "other": _l("Other"),
}
