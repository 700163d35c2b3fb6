"""Human labels for communications codes, marked for translation."""

from ..core.i18n import lazy_gettext as _l

# where a message came from (Announcement.source); the composer's own messages carry no label
SOURCE_LABELS = {
    "programme_change": _l("Programme-change notice"),
    "auto_before": _l("Reminder before the forum"),
    "auto_after": _l("Message after the forum"),
}
