"""Plain data the agenda's renderers and checkers take: no request, no session, no ORM objects.

queries.programme_items() reads these from the database in two queries of plain rows (item_data() makes one
from a loaded item) and queries.programme_data() wraps them with the forum; ical.py, pdf.py and
conflicts.py consume them, so each can be tested and benchmarked alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..core.i18n import lazy_gettext as _l
from ..pdf.logos import LogoData
from .labels import ITEM_TYPE_LABELS

ITEM_TYPES = (
    "registration", "opening_session", "welcome_remarks", "keynote", "panel", "open_forum",
    "case_study_presentations", "plenary", "breakout", "report_back", "discussion_and_adoption",
    "break", "meal", "group_photo", "side_event", "closing_session", "other",
)
# The labels printed on the PDF programme and in calendar CATEGORIES, in the language being written (str() them
# when rendering): the page's, except where the page's would be long for a calendar or a narrow column.
PLAIN_TYPE_LABELS = {**ITEM_TYPE_LABELS, "breakout": _l("Breakout"), "report_back": _l("Report back")}
BREAK_TYPES = frozenset({"break", "meal", "group_photo", "registration"})  # everyone's pauses and formalities
OPTIONAL_TYPES = frozenset({"side_event"})  # for those who choose to come: may run through a pause
# What people attend: each has a door to scan at (registration.views.session_checkin) and its time is the
# programme's; those for everyone (not optional) make the hours a certificate of attendance counts. One
# definition for the desk, the programme builder and the certificates.
SESSION_TYPES = frozenset(ITEM_TYPES) - BREAK_TYPES


def title_with_cluster(title: str, cluster: str) -> str:
    """A session's title with its cluster's name when the title does not say it ("Cluster breakout 1 — Women
    empowerment"): parallel breakouts are often all called the same, and a list of titles alone cannot tell them
    apart (the calendar's SUMMARY, the feedback pages and their CSV)."""
    cluster = cluster.strip()
    if cluster and cluster.casefold() not in title.casefold():
        return f"{title} \u2014 {cluster}"
    return title
HOURS_TYPES = SESSION_TYPES - OPTIONAL_TYPES
PERSON_ROLES = ("chair", "moderator", "speaker", "panellist", "discussant", "rapporteur", "resource_person")


@dataclass(frozen=True)
class PersonData:
    name: str
    role: str  # one of PERSON_ROLES
    title: str = ""
    organisation: str = ""
    key: str = ""  # the same person across items: "user:12" or "guest:<folded name>"


@dataclass(frozen=True)
class ItemData:
    id: int
    uid: str  # stable across edits, e.g. "7f3c...@forumops"
    title: str
    type: str  # one of ITEM_TYPES
    start: datetime  # timezone-aware, UTC
    end: datetime  # timezone-aware, UTC
    description: str = ""  # Markdown source
    room: str = ""  # room name, "" when none
    online: bool = False  # takes place at the forum's online link
    cluster: str = ""  # cluster name for a breakout's parallel item, "" for plenary items
    people: tuple[PersonData, ...] = ()
    sequence: int = 0  # grows with every change
    created_at: datetime | None = None
    updated_at: datetime | None = None
    cancelled: bool = False  # deleted or cancelled: stays in feeds as STATUS:CANCELLED
    # deleted: feeds say only its UID, SEQUENCE and STATUS (queries leave its title, people and the rest empty)
    deleted: bool = False
    url: str = ""  # absolute URL of the item on the public programme
    online_link: str = ""  # the session's own meeting link (shown only when the programme's links_allowed)
    # the language its title (and description) are shown in when the reader's has no version of them ("" when
    # they are in the reader's language): the page marks them (lang=, "Shown in English") (agenda.translations)
    language: str = ""
    description_language: str = ""
    # the item's public materials for the PDF programme: (title, absolute URL, "PDF document, 2.4 MB")
    materials: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class ProgrammeData:
    forum_title: str
    forum_slug: str
    timezone: str  # IANA name, e.g. "Asia/Ho_Chi_Minh"
    url: str  # absolute URL of the public programme
    calendar_name: str  # X-WR-CALNAME
    venue: str = ""  # default LOCATION for items without a room
    online_link: str = ""  # only filled for readers allowed to see it
    links_allowed: bool = False  # the reader may join online: sessions' own links are shown too
    all_online: bool = False  # an online forum: every session is joined at a link
    items: tuple[ItemData, ...] = field(default_factory=tuple)
    forum_logo: LogoData | None = None  # by the title on page 1
    partner_logos: tuple[LogoData, ...] = ()  # organisers' and partners' logos, under the title block
