"""Translation helpers. Use `lazy_gettext` from here, never Flask-Babel's own.

Flask-Babel's LazyString defines __html__, which tells Jinja and MarkupSafe the text is already
safe HTML: a translated message naming "<short name>", or one interpolating what a user typed
(a form error quoting their input), would reach the page unescaped. Ours is escaped like any str.
"""

from __future__ import annotations

from flask_babel import gettext
from flask_babel.speaklater import LazyString


class EscapedLazyString(LazyString):
    @property
    def __html__(self):  # hasattr(obj, "__html__") is False, so markupsafe escapes it
        raise AttributeError("__html__")


def lazy_gettext(string: str, **variables) -> EscapedLazyString:
    return EscapedLazyString(gettext, string, **variables)
