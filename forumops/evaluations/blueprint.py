"""URL rules of the evaluations stage. Each part of the stage keeps its views, forms and hooks in its own modules
and adds its rules in its own section here."""

from flask import Blueprint

from . import feedback_hooks, feedback_views  # noqa: F401  (feedback_hooks registers its panels and home section)

bp = Blueprint("evaluations", __name__)

# --- building surveys: the organisers' list, settings, questions, starting templates (builder_*.py) ----------


# --- answering: a participant's surveys, drafts, sending (answer_*.py) --------------------------------------


# --- feedback on programme items: rating and comment, presenters' and organisers' reading (feedback_*.py) -----
bp.add_url_rule("/forums/<slug>/agenda/items/<int:item_id>/feedback",
                view_func=feedback_views.RateView.as_view("rate"))
bp.add_url_rule("/forums/<slug>/registration/<token>/feedback/<int:item_id>",
                view_func=feedback_views.RateByLinkView.as_view("rate_by_link"))
bp.add_url_rule("/forums/<slug>/feedback", view_func=feedback_views.ForumFeedbackView.as_view("feedback"))
bp.add_url_rule("/forums/<slug>/feedback.csv", view_func=feedback_views.ForumFeedbackCsvView.as_view("feedback_csv"))


# --- results: charts, breakdowns, free text, CSV (results_*.py) ---------------------------------------------


# --- before-and-after tests: the gain per question and per person (gain*.py) ---------------------------------


# --- the outcome report's evaluation chapter: chosen questions and quotes (chapter_*.py) --------------------
