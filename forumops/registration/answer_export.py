"""The forum's questions in the registration CSV. Answers that are personal data beyond what registering needs
(phone numbers, files, and whatever organisers alone fill: kinds.is_private) leave only when the organiser ticks
"Include private answers" on the desk (core.hooks.ExportColumns, the tick box the letters' passport details use);
the others are columns of every export. Each question's heading keeps every version of it ("Your sector /
ภาคส่วนของคุณ"); answers are the choices' main-language values, so they count together whatever language the
form was read in."""

from __future__ import annotations

from sqlalchemy import select

from ..core import hooks
from ..core.i18n import lazy_gettext as _l
from ..extensions import db
from ..forums.models import Forum
from ..forums.versions import QUESTION, all_versions, other_languages
from .csvio import ExportQuestion
from .kinds import answer_cell, is_private, takes_answer
from .models import Question, Registration
from .queries import list_questions

PRIVATE_ANSWERS = "private_answers"  # the tick box's value in the export's address (?include=private_answers)


def export_questions(forum: Forum, questions: list[Question]) -> list[ExportQuestion]:
    """The questions as the CSV's columns: each heading with every version of its words, headings left out."""
    written = all_versions(forum) if other_languages(forum) else {}
    return [ExportQuestion(q.id, " / ".join([q.label, *(
        written[code][(QUESTION, q.id, "label")] for code in other_languages(forum)
        if (QUESTION, q.id, "label") in written.get(code, {}))]), q.kind) for q in questions if takes_answer(q)]


def public_questions(forum: Forum) -> list[ExportQuestion]:
    """The columns every export has: the answers that are not private."""
    return export_questions(forum, [q for q in list_questions(forum) if not is_private(q)])


def _private(forum: Forum) -> list[Question]:
    return [question for question in list_questions(forum) if is_private(question) and takes_answer(question)]


def _private_columns(forum: Forum, registration_ids: list[int]) -> tuple[list[str], dict[int, list[str]]]:
    questions = export_questions(forum, _private(forum))
    if not questions or not registration_ids:
        return [q.label for q in questions], {}
    answers = db.session.execute(select(Registration.id, Registration.answers)
                                 .where(Registration.id.in_(registration_ids))).all()
    return [q.label for q in questions], {
        registration_id: [answer_cell(q.kind, (given or {}).get(str(q.id))) for q in questions]
        for registration_id, given in answers}


hooks.export_columns(hooks.ExportColumns(
    PRIVATE_ANSWERS, _l("Include private answers (phone numbers, files, the organisers’ own questions)"),
    offered=lambda forum: bool(_private(forum)), columns=_private_columns))
