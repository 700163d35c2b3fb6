"""The files sent as answers to the forum's questions, downloaded: by the person, through their private link or
their account (never a file of the organisers' own questions), and by the organisers at the desk. Nobody else:
the link, the account or the desk's permission decides whose registration it is, never an id alone. And how
large a request sending them may be (AcceptsAnswerFiles)."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for

from ...core.files import file_response
from ...core.views import ForumView, or_404
from .. import queries
from ..kinds import answer_file_limit
from ..own import ByAccount, ByLink
from ..question_fields import answer_file_mb

READ_PER_FILE = 2  # times the largest file accepted, read per file question before the form refuses it


class AcceptsAnswerFiles(ForumView):
    """A form asking the forum's questions takes, in one POST, twice kinds.answer_file_limit() (10 MB) per file
    question it asks, beside its other fields: the participant's form their file questions, the desk's the
    organisers' own. Twice, so a file somewhat too large still reaches the form, which refuses it beside its
    question with everything else typed kept (a larger request is refused whole: too_large explains it). A forum
    asking none, or a person who may not send the form there, keeps a plain form's 4 MB, so nobody makes any
    other form or forum take large requests."""

    organisers_form = False
    takes_answer_files = True  # False: a button on the same page, sent as a plain form
    # its files are judged (seconds for a large scan) before the operation takes the forum lock: until then the
    # request reads without SQLite's write lock, which every writer of the site waits for (core.database)
    defers_write_lock = True

    @classmethod
    def files_accepted(cls, view_args) -> tuple[int, int | None]:
        forum = cls.forum_for_writer(view_args) if cls.takes_answer_files else None
        asked = queries.file_questions_asked(forum, cls.organisers_form) if forum is not None else 0
        return asked, READ_PER_FILE * answer_file_limit()


def sent_too_much():
    """The 413 of a form taking answer files (its request larger than AcceptsAnswerFiles allows: a file far over
    the limit, or a browser without the script that checks it first), said in words with a way back to the form,
    where the browser usually keeps what was typed; None for any other page."""
    view_class = getattr(current_app.view_functions.get(request.endpoint or ""), "view_class", None)
    if not (isinstance(view_class, type) and issubclass(view_class, AcceptsAnswerFiles)
            and view_class.files_accepted(request.view_args or {})[0]):
        return None  # a form asking for no file here: the plain 413 page
    return render_template("registration/too_large.html", mb=answer_file_mb(), back=request.path), 413


def answer_file_url(forum, token: str | None, question_id: int) -> str:
    """Where the person downloads a file they sent: through the private link they hold, or their account."""
    if token:
        return url_for("registration.answer_file", slug=forum.slug, token=token, question_id=question_id)
    return url_for("registration.answer_file_mine", slug=forum.slug, question_id=question_id)


def _download(registration, question_id: int, participant: bool):
    row = queries.answer_file(registration, question_id, participant=participant)
    if row is None:
        abort(404)
    return file_response(row.stored, row.filename, public=False)  # no-store, attachment, nosniff


class _MyAnswerFile(ForumView):
    for_participants = True  # core.languages: shown in Khmer, Lao and Burmese too

    def find(self, forum, token):
        raise NotImplementedError

    def get(self, forum, question_id: int, token=None):
        return _download(self.find(forum, token), question_id, participant=True)


class AnswerFileView(ByLink, _MyAnswerFile):
    """By the private link (registration.manage's): no account needed."""


class AnswerFileMineView(ByAccount, _MyAnswerFile):
    """The same through the participant's account."""


class AnswerFileDeskView(ForumView):
    """The organisers download any answer file of a registration of their forum."""

    permission = "registration.manage"

    def get(self, forum, registration_id: int, question_id: int):
        registration = or_404(queries.get_registration(forum, registration_id))
        return _download(registration, question_id, participant=False)
