"""Human labels for agenda codes, marked for translation."""

from ..core.i18n import lazy_gettext as _l

ITEM_TYPE_LABELS = {
    "registration": _l("Registration"),
    "opening_session": _l("Opening session"),
    "welcome_remarks": _l("Welcome remarks"),
    "keynote": _l("Keynote"),
    "panel": _l("Panel"),
    "open_forum": _l("Open forum"),
    "case_study_presentations": _l("Case study presentations"),
    "plenary": _l("Plenary"),
    "breakout": _l("Breakout / working group"),
    "report_back": _l("Report-back"),
    "discussion_and_adoption": _l("Discussion and adoption"),
    "break": _l("Break"),
    "meal": _l("Meal"),
    "group_photo": _l("Group photo"),
    "side_event": _l("Side event"),
    "closing_session": _l("Closing session"),
    "other": _l("Other"),
}
PERSON_ROLE_LABELS = {
    "chair": _l("Chair"),
    "moderator": _l("Moderator"),
    "speaker": _l("Speaker"),
    "panellist": _l("Panellist"),
    "discussant": _l("Discussant"),
    "rapporteur": _l("Rapporteur"),
    "resource_person": _l("Resource person"),
}
