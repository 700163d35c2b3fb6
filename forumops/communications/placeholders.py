"""The placeholders organisers may write in a message: a fixed list, `{name}`-style, filled by one regex pass
(core.placeholders, which letters and certificates use too). The filled text is a plain-text email.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from ..core import placeholders as core_placeholders
from ..core.i18n import format_day
from ..core.i18n import lazy_gettext as _l
from ..core.placeholders import fill, used  # noqa: F401  (this stage's callers use them from here)
from ..forums.models import Forum
from ..forums.venue import venue_line
from ..forums.versions import title_in
from ..registration.labels import CATEGORY_LABELS
from ..registration.models import CHECKIN_LENGTH, Registration

# name -> what it becomes, for the composer's help (in this order)
PLACEHOLDERS: dict[str, object] = {
    "name": _l("the person's name as they registered it"),
    "forum": _l("the forum's title"),
    "dates": _l("the forum's dates"),
    "venue": _l("the venue: name, address and city"),
    "online_link": _l("the meeting link, for people confirmed online only; others get a note that it is not "
                      "for them"),
    "private_link": _l("the person's private link to see or change their registration (a new one; earlier "
                       "links keep working)"),
    "cluster": _l("the person's cluster and its room, or “not assigned yet”"),
    "category": _l("the person's category (civil society, government, ...)"),
    "checkin_code": _l("the person's check-in code for the registration desk; people without a confirmed place "
                       "read that it comes with one"),
    "certificate_link": _l("the person's private page, where their certificate of attendance downloads (a new "
                           "private link); people without a published certificate read that they have none"),
    "survey_link": _l("the person's own private link to the survey chosen under “Has not yet answered the "
                      "survey” (a message with this link must choose one: it then goes to those the survey asks "
                      "who have not answered)"),
    "travel_link": _l("the person's own private link to the travel form, where they send their arrival, departure "
                      "and stay and see what the organisers arranged (a message with this link must choose “Travel "
                      "form” among the filters)"),
}


def unknown(text: str) -> list[str]:
    """The names written in braces that are not placeholders (`{nmae}`), to be refused by name."""
    return core_placeholders.unknown(text, PLACEHOLDERS)


def unknown_message(names: list[str]) -> str:
    """The refusal shown next to the field."""
    return core_placeholders.unknown_message(names, PLACEHOLDERS)


@dataclass(frozen=True)
class ForumValues:
    """What is the same for everyone, translated and formatted once per message rather than per recipient."""

    forum: str
    dates: str
    venue: str
    online_link: str  # what {online_link} says to those entitled: the forum's link, or that it is not set yet
    not_entitled: str  # what it says to everyone else
    categories: dict[str, str]
    # what a person's own placeholder says when it has no value yet (never an empty "Your cluster: .")
    no_cluster: str = ""
    no_checkin_code: str = ""
    no_certificate: str = ""
    no_survey: str = ""
    no_travel: str = ""


def forum_values(forum: Forum) -> ForumValues:
    """The values every recipient shares (forum, dates, venue), worked out once per message."""
    if forum.start_date == forum.end_date:
        dates = format_day(forum.start_date, "long")
    else:
        dates = f"{format_day(forum.start_date, 'long')} – {format_day(forum.end_date, 'long')}"
    venue = venue_line(forum)  # the city and country once, even when the address names them
    if forum.mode == "online":
        venue = venue or _("online")
    return ForumValues(forum=title_in(forum), dates=dates, venue=venue or _("(the venue is not set yet)"),
                       online_link=forum.online_link or _("(the meeting link is not set yet)"),
                       # to someone who may not have the link: in person, waiting, pending...
                       not_entitled=_("(the meeting link is sent to people confirmed to take part online)"),
                       categories={code: str(label) for code, label in CATEGORY_LABELS.items()},
                       no_cluster=_("not assigned yet"),
                       # waiting, pending or not accepted: the code comes with a confirmed place
                       no_checkin_code=_("(given once your place is confirmed)"),
                       no_certificate=_("(no certificate of attendance has been issued to you)"),
                       no_survey=_("(no survey is open for you)"),
                       no_travel=_("(the travel form does not concern you)"))


FORUM_LEVEL = ("forum", "dates", "venue")  # the same for every recipient, so fillable before anyone is chosen


def fill_forum_level(text: str, shared: ForumValues) -> str:
    """The text as organisers see it in lists and headings: {forum}, {dates} and {venue} filled in, the
    person's own placeholders ({name}, {cluster}, ...) left as written."""
    return fill(text, {name: getattr(shared, name) for name in FORUM_LEVEL})


def values_for(shared: ForumValues, registration: Registration, *, joins_online: bool, private_link: str = "",
               cluster: str = "", certificate_link: str = "", survey_link: str = "",
               travel_link: str = "") -> dict[str, str]:
    """Every placeholder's value for one registration. `joins_online` is registration.queries.joins_online's
    answer (the only people the meeting link is for); `cluster` is its name (and room), "" when none;
    `certificate_link` their private page at their certificate, "" when they hold none; `survey_link` their
    private link to the open survey, "" when none asks them; `travel_link` their private link to the travel form,
    "" when it does not concern them."""
    return {"name": registration.name, "forum": shared.forum, "dates": shared.dates, "venue": shared.venue,
            "online_link": shared.online_link if joins_online else shared.not_entitled,
            "private_link": private_link, "cluster": cluster or shared.no_cluster,
            "category": shared.categories.get(registration.category, registration.category),
            "checkin_code": (registration.checkin_code if registration.status == "confirmed" else "")
            or shared.no_checkin_code,
            "certificate_link": certificate_link or shared.no_certificate,
            "survey_link": survey_link or shared.no_survey,
            "travel_link": travel_link or shared.no_travel}


def widest_values(shared: ForumValues, *, name: str, cluster: str, private_link: str,
                  certificate_link: str = "", survey_link: str = "", travel_link: str = "") -> dict[str, str]:
    """Each placeholder at its longest for a group of recipients: the longest `name` among them, the longest
    `cluster` label, a `private_link` as long as a real one, and the longer of the online link's two texts.
    A text filled with these is as long as it can get for anyone in the group."""
    return {"name": name, "forum": shared.forum, "dates": shared.dates, "venue": shared.venue,
            "online_link": max(shared.online_link, shared.not_entitled, key=len),
            "private_link": private_link, "cluster": max(cluster, shared.no_cluster, key=len),
            "category": max(shared.categories.values(), key=len, default=""),
            "checkin_code": max("W" * CHECKIN_LENGTH, shared.no_checkin_code, key=len),
            "certificate_link": max(certificate_link, shared.no_certificate, key=len),
            "survey_link": max(survey_link, shared.no_survey, key=len),
            "travel_link": max(travel_link, shared.no_travel, key=len)}
