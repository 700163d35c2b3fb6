"""The registration form's questions and their choices in the forum's other languages: what the translation
page lists, and the questions as a reader reads them (forums.versions). A choice is stored as its
main-language value whatever language the form was read in, so answers count together."""

from __future__ import annotations

from ..agenda.models import Cluster
from ..core.i18n import lazy_gettext as _l
from ..core.languages import language_of
from ..forums.models import Forum
from ..forums.translatable import Block, Group, Translatable, register_texts
from ..forums.versions import CLUSTER, QUESTION, Versions
from .models import Question
from .queries import list_questions
from .question_fields import QuestionText, question_text


def option_field(index: int) -> str:
    """Where the version of a question's choice is kept: its place among the options ("option.0")."""
    return f"option.{index}"


@register_texts
def _question_texts(forum: Forum) -> list[Group]:
    blocks = []
    for question in list_questions(forum):
        texts = [Translatable(QUESTION, question.id, "label", str(_l("Question")), question.label)]
        if question.help_text:
            texts.append(Translatable(QUESTION, question.id, "help_text", str(_l("Hint")), question.help_text,
                                      max_length=500))
        for index, option in enumerate(question.options or []):
            texts.append(Translatable(QUESTION, question.id, option_field(index),
                                      str(_l("Choice %(number)d", number=index + 1)), option))
        blocks.append(Block(question.label, tuple(texts)))
    return [Group("questions", str(_l("Registration questions")), tuple(blocks), order=50)]


def localise_questions(questions: list[Question], versions: Versions) -> list[QuestionText]:
    """The questions as the reader reads them: label, hint and choices' labels in their language where the
    forum has a version, the choices' stored values always in the main language."""
    shown = []
    for question in questions:
        label = versions.pick(QUESTION, question.id, "label", question.label)
        hint = versions.pick(QUESTION, question.id, "help_text", question.help_text)
        options = tuple(question.options or ())
        labels = tuple(versions.pick(QUESTION, question.id, option_field(index), option).text
                       for index, option in enumerate(options))
        shown.append(question_text(question, label.text, hint.text, labels,
                                   language=language_of(label.language).tag if label.lang_attr else "",
                                   marker=label.marker))
    return shown


def localise_clusters(clusters: list[Cluster], versions: Versions) -> list[tuple[int, str]]:
    """Each cluster's (id, name) as the reader reads it."""
    return [(cluster.id, versions.pick(CLUSTER, cluster.id, "name", cluster.name).text) for cluster in clusters]


def answer_label(question: Question, value: object, versions: Versions) -> object:
    """A stored answer (main-language choice values) as the reader reads it: each choice's label."""
    options = list(question.options or [])
    def label(one):
        return versions.pick(QUESTION, question.id, option_field(options.index(one)), one).text \
            if one in options else one
    if isinstance(value, list):
        return [label(one) for one in value]
    return label(value)
