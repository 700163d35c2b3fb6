"""URL rules of the evaluations stage. Each part of the stage keeps its views, forms and hooks in its own modules
and adds its rules in its own section here."""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)

# --- building surveys: the organisers' list, settings, questions, starting templates (builder_*.py) ----------


# --- answering: a participant's surveys, drafts, sending (answer_*.py) --------------------------------------
from . import answer_hooks, answer_views  # noqa: E402,F401  (answer_hooks registers the participant's panel)

bp.add_url_rule("/forums/<slug>/registration/<token>/surveys/<int:survey_id>",
                view_func=answer_views.AnswerView.as_view("answer"))
bp.add_url_rule("/forums/<slug>/my-registration/surveys/<int:survey_id>",
                view_func=answer_views.AnswerMineView.as_view("answer_mine"))


# --- feedback on programme items: rating and comment, presenters' and organisers' reading (feedback_*.py) -----


# --- results: charts, breakdowns, free text, CSV (results_*.py) ---------------------------------------------


# --- before-and-after tests: the gain per question and per person (gain*.py) ---------------------------------


# --- the outcome report's evaluation chapter: chosen questions and quotes (chapter_*.py) --------------------
