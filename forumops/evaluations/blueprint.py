"""URL rules of the evaluations stage. Each part of the stage keeps its views, forms and hooks in its own modules
and adds its rules in its own section here."""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)

# --- building surveys: the organisers' list, settings, questions, starting templates (builder_*.py) ----------


# --- answering: a participant's surveys, drafts, sending (answer_*.py) --------------------------------------


# --- feedback on programme items: rating and comment, presenters' and organisers' reading (feedback_*.py) -----


# --- results: charts, breakdowns, free text, CSV (results_*.py) ---------------------------------------------


# --- before-and-after tests: the gain per question and per person (gain*.py) ---------------------------------


# --- the outcome report's evaluation chapter: chosen questions and quotes (chapter_*.py) --------------------
from . import chapter_views  # noqa: E402  (in this section, so the parts' imports merge without conflict)

bp.add_url_rule("/forums/<slug>/surveys/<int:survey_id>/report",
                view_func=chapter_views.ChapterView.as_view("chapter"))
