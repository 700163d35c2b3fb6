"""URL rules of the evaluations stage. Each part of the stage keeps its views, forms and hooks in its own modules
and adds its rules in its own section here."""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)

# --- building surveys: the organisers' list, settings, questions, starting templates (builder_*.py) ----------


# --- answering: a participant's surveys, drafts, sending (answer_*.py) --------------------------------------


# --- feedback on programme items: rating and comment, presenters' and organisers' reading (feedback_*.py) -----


# --- results: charts, breakdowns, free text, CSV (results_*.py) ---------------------------------------------
from . import results_views  # noqa: E402

bp.add_url_rule("/forums/<slug>/surveys/<int:survey_id>/results",
                view_func=results_views.ResultsView.as_view("results"))
bp.add_url_rule("/forums/<slug>/surveys/<int:survey_id>/results.csv",
                view_func=results_views.ResultsCsvView.as_view("results_csv"))


# --- before-and-after tests: the gain per question and per person (gain*.py) ---------------------------------


# --- the outcome report's evaluation chapter: chosen questions and quotes (chapter_*.py) --------------------
