"""What invitation letters add to earlier stages' pages, which may not import them: the person's letter under
their registration (private page and home), the letter on one registration at the desk, the organisers'
to-do, the letter's texts among those an organiser translates, and the letter columns of the registration
CSV (only when ticked)."""

from __future__ import annotations

from flask import url_for
from flask_babel import ngettext

from ...core import home, hooks
from ...core.i18n import lazy_gettext as _l
from ...forums.models import Forum
from ...forums.translatable import Block, Group, Translatable, register_texts
from . import queries
from .labels import EXPORT_LABEL, STATUS_LABELS
from .text import LETTER


@home.participant_panel
def _my_letter(forum: Forum, registration, signed_in: bool) -> home.HomePanel | None:
    """The person's letter request and its state, or the offer to ask for one."""
    settings = queries.get_settings(forum)
    request = queries.request_of(registration)
    if request is None and not queries.can_request(forum, registration, settings):
        return None
    return home.HomePanel("letter", "certificates/letters/_participant_panel.html", {
        "request": request, "can_request": queries.can_request(forum, registration, settings),
        "signed_in": signed_in, "LETTER_STATUS_LABELS": STATUS_LABELS})


@hooks.panel("registration.detail")
def _letter_at_the_desk(forum: Forum, registration) -> hooks.Panel | None:
    request = queries.request_of(registration)
    if request is None:
        return None
    return hooks.Panel("certificates/letters/_desk_panel.html", {"request": request,
                                                                  "LETTER_STATUS_LABELS": STATUS_LABELS}, order=40)


@home.todo
def _letters_waiting(forum: Forum) -> list[home.Todo]:
    waiting = queries.status_counts(forum)["requested"]
    if not waiting:
        return []
    return [home.Todo(ngettext("%(num)d invitation letter request waits for your decision",
                               "%(num)d invitation letter requests wait for your decision", waiting), waiting,
                      url_for("letters.queue", slug=forum.slug, status="requested"))]


@register_texts
def _letter_texts(forum: Forum) -> list[Group]:
    settings = queries.get_settings(forum)
    texts = []
    if settings.subject:
        texts.append(Translatable(LETTER, forum.id, "subject", str(_l("Subject")), settings.subject))
    if settings.body:
        texts.append(Translatable(LETTER, forum.id, "body", str(_l("Letter")), settings.body, long=True,
                                  max_length=8000))
    return [Group("letters", str(_l("Invitation letter")), (Block("", tuple(texts)),) if texts else (), order=70)]


hooks.export_columns(hooks.ExportColumns(
    "letters", EXPORT_LABEL,
    offered=queries.has_requests, columns=queries.export_columns))
