"""What building surveys adds to the forum stage's pages, which may not import it: every survey's title, intro
and items (text, help, choices, a rating's end labels) among the texts an organiser translates on the forum's
translation page (forums.translatable). builder_queries.texts_in reads those versions back."""

from __future__ import annotations

from ..core.i18n import lazy_gettext as _l
from ..forums.models import Forum
from ..forums.translatable import Block, Group, Translatable, register_texts
from ..forums.versions import SURVEY, SURVEY_ITEM
from .builder_queries import option_field
from .models import CHOICE_KINDS
from .queries import forum_surveys


def _item_texts(item) -> tuple[Translatable, ...]:
    heading = str(_l("Section heading")) if item.kind == "section" else str(_l("Question"))
    texts = [Translatable(SURVEY_ITEM, item.id, "text", heading, item.text, max_length=500)]
    if item.help:
        texts.append(Translatable(SURVEY_ITEM, item.id, "help", str(_l("Help under it")), item.help, long=True,
                                  max_length=2000))
    if item.kind in CHOICE_KINDS:
        texts.extend(Translatable(SURVEY_ITEM, item.id, option_field(index),
                                  str(_l("Choice %(number)d", number=index + 1)), option, max_length=300)
                     for index, option in enumerate(item.options or []))
    elif item.kind == "rating":
        ends = (str(_l("What 1 means")), str(_l("What 5 means")))
        texts.extend(Translatable(SURVEY_ITEM, item.id, option_field(index), ends[index], option, max_length=100)
                     for index, option in enumerate((item.options or [])[:2]) if option)
    return tuple(texts)


@register_texts
def _survey_texts(forum: Forum) -> list[Group]:
    """One group per survey: its title and intro, then a block per item (two queries for every survey)."""
    groups = []
    for survey in forum_surveys(forum, with_items=True):
        own = [Translatable(SURVEY, survey.id, "title", str(_l("Survey’s title")), survey.title, max_length=200)]
        if survey.intro:
            own.append(Translatable(SURVEY, survey.id, "intro", str(_l("Introduction")), survey.intro, long=True,
                                    max_length=5000))
        blocks = [Block("", tuple(own))] + [Block(item.text, _item_texts(item)) for item in survey.items]
        groups.append(Group(f"survey-{survey.id}", str(_l("Survey: %(title)s", title=survey.title)),
                            tuple(blocks), order=65))  # a stable sort keeps their order
    return groups
