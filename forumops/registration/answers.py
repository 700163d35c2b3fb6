"""Writes of a registration's answers to the forum's own questions. They flush, never commit.

* A participant's own submission (the public form, their registration page) never touches what organisers alone
  fill (Question.organisers_only), and a question its condition no longer shows loses its answer, and its file.
* Organisers fill their own questions on the registration's desk page, and only those, under the forum lock and
  on the answers as they stand then (the person may have saved theirs since the page was read).
* Nothing is written onto an erased registration: its answers and files went with the person's data.
* A file sent as an answer is judged by its content first (judged_answer_files: seconds for a large scan, so the
  caller does it before any lock and whatever the address typed; a refusal comes back beside its field as
  FileRefused), then stored through core.files under the forum lock, one per registration and question: a new one
  replaces it and the old one is forgotten where nothing else holds it. Registration.answers keeps the file's
  name. Answers' files have a room of their own in the forum (AnswerRoom), apart from its documents', so strangers
  registering cannot use up what the organisers' documents need.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.filequota import ForumRoom
from ..core.files import FileRefused, forget_unused, forum_quota_bytes
from ..core.i18n import lazy_gettext as _l
from ..core.models import utcnow
from ..core.uploads import JudgedUpload, judge_upload
from ..extensions import db
from ..forums.models import Forum
from .kinds import answer_file_limit, is_blank, shown_ids, takes_answer
from .models import ANSWER_FILES_ROOM, AnswerFile, Question, Registration
from .queries import answer_files_of, list_questions

JudgedFiles = Mapping[int, JudgedUpload]  # by question id


class AnswerRoom(ForumRoom):
    """The room the files sent as answers take in a forum (FORUMOPS_ANSWER_FILES_QUOTA_MB, by default as large as
    its documents' FORUMOPS_FORUM_QUOTA_MB), counted apart from its documents'. Full, it refuses a file in words
    for the person sending it, naming no sizes."""

    room = ANSWER_FILES_ROOM

    def quota_bytes(self) -> int:
        return int(current_app.config.get("ANSWER_FILES_QUOTA_BYTES", forum_quota_bytes()))

    def why_full(self) -> str:
        return _l("the forum can take no more files sent with answers for now; please write to its organisers")


@contextmanager
def judged_answer_files(uploads: Mapping[int, FileStorage]) -> Iterator[dict[int, JudgedUpload]]:
    """The files sent for these questions, each judged by its content (core.uploads.judge_upload, at most
    kinds.answer_file_limit()) without touching the database: the caller does it before any lock, and for any
    address typed, so a refusal says nothing of the address. A refusal is FileRefused beside its question. The
    temporary files go when the block ends."""
    judged: dict[int, JudgedUpload] = {}
    try:
        for question_id, upload in uploads.items():
            try:
                judged[question_id] = judge_upload(upload.stream, upload.filename or "",
                                                   max_bytes=answer_file_limit())
            except FileRefused as refused:
                refused.field = f"q_{question_id}"
                raise
        yield judged
    finally:
        for checked in judged.values():
            checked.close()


def refuse_unless_room(forum: Forum, judged: JudgedFiles) -> None:
    """Under the forum lock, before anything about the address is decided: refuse beside its question a file that
    would not fit in the answers' room, registered address or not."""
    AnswerRoom(forum.id).refuse_unless_fits({f"q_{question_id}": upload for question_id, upload in judged.items()})


def participant_answers(forum: Forum, old: Mapping[str, Any] | None, submitted: Mapping[Any, Any] | None) -> dict:
    """The answers after the participant sent theirs: organisers' answers as they were, answers to questions
    removed since as they were, each of the participant's questions as sent, and none for a question whose
    condition the answers sent no longer meet."""
    old = {str(key): value for key, value in (old or {}).items()}
    submitted = {str(key): value for key, value in (submitted or {}).items()}
    if not old and not submitted:
        return {}
    questions = list_questions(forum)
    by_key = {str(question.id): question for question in questions}
    answers = {key: value for key, value in old.items() if key not in by_key or by_key[key].organisers_only}
    for key, value in submitted.items():
        question = by_key.get(key)
        if question is None or (not question.organisers_only and takes_answer(question)):
            answers[key] = value
    asked = [question for question in questions if not question.organisers_only]
    shown = shown_ids(asked, answers)
    return {key: value for key, value in answers.items()
            if key not in by_key or by_key[key].organisers_only or by_key[key].id in shown}


def save_organiser_answers(forum: Forum, registration: Registration, submitted: Mapping[Any, Any],
                           uploads: JudgedFiles) -> None:
    """Organisers' answers to their own questions about this person (an empty one removes it); the participant's
    answers are left as they are, as committed now: the registration is read again under the forum lock, which
    the person's own changes take too (seats.update_registration)."""
    _refuse_erased(registration)
    submitted = {str(key): value for key, value in submitted.items()}
    lock_forum(forum.id)
    db.session.refresh(registration)
    _refuse_erased(registration)  # erased while the page was open
    answers = dict(registration.answers or {})
    for question in list_questions(forum):
        if not question.organisers_only or not takes_answer(question):
            continue
        key = str(question.id)
        if is_blank(submitted.get(key)):
            answers.pop(key, None)
        else:
            answers[key] = submitted[key]
    registration.answers = answers
    store_answer_files(forum, registration, uploads)


def store_answer_files(forum: Forum, registration: Registration, uploads: JudgedFiles) -> None:
    """Bring the registration's files in line with its answers: store each file sent for a question it answers
    (replacing the one it had), delete those of questions it no longer answers (a condition that no longer
    holds), and name each kept file in the answers. Each new file, judged already (judged_answer_files), must fit
    in the answers' room (AnswerRoom), counted under the forum lock without the files it replaces; else
    FileRefused beside its question, and the caller's request rolls back."""
    _refuse_erased(registration)
    questions = {question.id for question in list_questions(forum) if question.kind == "file"}
    rows = answer_files_of(registration)
    answers = dict(registration.answers or {})
    # a question removed meanwhile, or not shown: nothing of it is kept
    sent = {question_id: upload for question_id, upload in uploads.items()
            if question_id in questions and str(question_id) in answers}
    gone = [rows.pop(question_id) for question_id in list(rows)
            if question_id in sent or str(question_id) not in answers]
    for row in gone:
        db.session.delete(row)
    db.session.flush()  # the files replaced take no room now
    if sent:
        lock_forum(forum.id)  # the callers hold it already: two uploads at once cannot both fit
        room = AnswerRoom(forum.id)
        for question_id, upload in sent.items():
            stored = room.keep(upload, field=f"q_{question_id}")
            rows[question_id] = AnswerFile(registration_id=registration.id, question_id=question_id, stored=stored,
                                           filename=upload.name, uploaded_at=utcnow())
            db.session.add(rows[question_id])
    for question_id in questions:
        if question_id in rows:
            answers[str(question_id)] = rows[question_id].filename
        else:
            answers.pop(str(question_id), None)
    registration.answers = answers
    db.session.flush()
    forget_unused(row.stored_file_id for row in gone)  # unless another answer, or a document, holds the same content


def _refuse_erased(registration: Registration) -> None:
    if registration.erased_at is not None:
        raise FormError(_("This registration was erased: nothing more is kept about this person."))


def forget_answer_files(question: Question) -> None:
    """Delete the files sent as answers to a question being removed."""
    _forget(AnswerFile.question_id == question.id)


def forget_files_of(registration: Registration) -> None:
    """Delete every file a registration sent as an answer (its erasure: privacy.operations may call this)."""
    _forget(AnswerFile.registration_id == registration.id)


def forget_files_of_import(import_id: int) -> None:
    """Delete the files sent as answers by an import's registrations, before they are deleted themselves: the
    database's cascade would take the rows and leave the files' contents stored, downloadable by nobody."""
    _forget(AnswerFile.registration_id.in_(select(Registration.id).where(Registration.import_id == import_id)))


def _forget(which) -> None:
    rows = list(db.session.scalars(select(AnswerFile).where(which)))
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    forget_unused(row.stored_file_id for row in rows)  # unless another answer, or a document, holds the same content
