"""URL rules of the evaluations stage. Each part of the stage keeps its views, forms and hooks in its own modules
and adds its rules in its own section here."""

from flask import Blueprint

from . import feedback_hooks, feedback_views  # noqa: F401  (feedback_hooks registers its panels and home section)

bp = Blueprint("evaluations", __name__)

# --- building surveys: the organisers' list, settings, questions, starting templates (builder_*.py) ----------
from . import builder_hooks, builder_item_views, builder_views  # noqa: E402, F401  (builder_hooks: translatable texts)

_SURVEY = "/forums/<slug>/surveys/<int:survey_id>"
bp.add_url_rule("/forums/<slug>/surveys", view_func=builder_views.SurveysView.as_view("surveys"))
bp.add_url_rule(_SURVEY, view_func=builder_views.SurveySettingsView.as_view("survey_settings"))
bp.add_url_rule(f"{_SURVEY}/open", view_func=builder_views.OpenSurveyView.as_view("open_survey"))
bp.add_url_rule(f"{_SURVEY}/close", view_func=builder_views.CloseSurveyView.as_view("close_survey"))
bp.add_url_rule(f"{_SURVEY}/start-after-round", view_func=builder_views.StartAfterRoundView.as_view("start_after"))
bp.add_url_rule(f"{_SURVEY}/questions", view_func=builder_item_views.QuestionsView.as_view("survey_questions"))
bp.add_url_rule(f"{_SURVEY}/questions/<int:survey_item_id>",
                view_func=builder_item_views.QuestionView.as_view("survey_question"))
bp.add_url_rule(f"{_SURVEY}/questions/<int:survey_item_id>/delete",
                view_func=builder_item_views.DeleteQuestionView.as_view("delete_question"))
bp.add_url_rule(f"{_SURVEY}/questions/<int:survey_item_id>/move/<direction>",
                view_func=builder_item_views.MoveQuestionView.as_view("move_question"))


# --- answering: a participant's surveys, drafts, sending (answer_*.py) --------------------------------------
from . import answer_hooks, answer_views  # noqa: E402,F401  (answer_hooks registers the participant's panel)

bp.add_url_rule("/forums/<slug>/registration/<token>/surveys/<int:survey_id>",
                view_func=answer_views.AnswerView.as_view("answer"))
bp.add_url_rule("/forums/<slug>/my-registration/surveys/<int:survey_id>",
                view_func=answer_views.AnswerMineView.as_view("answer_mine"))


# --- feedback on programme items: rating and comment, presenters' and organisers' reading (feedback_*.py) -----
bp.add_url_rule("/forums/<slug>/agenda/items/<int:item_id>/feedback",
                view_func=feedback_views.RateView.as_view("rate_mine"))
bp.add_url_rule("/forums/<slug>/registration/<token>/feedback/<int:item_id>",
                view_func=feedback_views.RateByLinkView.as_view("rate"))
bp.add_url_rule("/forums/<slug>/feedback", view_func=feedback_views.ForumFeedbackView.as_view("feedback"))
bp.add_url_rule("/forums/<slug>/feedback.csv", view_func=feedback_views.ForumFeedbackCsvView.as_view("feedback_csv"))


# --- results: charts, breakdowns, free text, CSV (results_*.py) ---------------------------------------------
from . import results_views  # noqa: E402

bp.add_url_rule("/forums/<slug>/surveys/<int:survey_id>/results",
                view_func=results_views.ResultsView.as_view("results"))
bp.add_url_rule("/forums/<slug>/surveys/<int:survey_id>/results.csv",
                view_func=results_views.ResultsCsvView.as_view("results_csv"))


# --- before-and-after tests: the gain per question and per person (gain*.py) ---------------------------------
from . import gain_views  # noqa: E402  (in this section, so each part's lines merge apart)

GAIN = "/forums/<slug>/surveys/<int:survey_id>/gain"
bp.add_url_rule(GAIN, view_func=gain_views.GainView.as_view("gain"))
bp.add_url_rule(GAIN + ".csv", view_func=gain_views.GainCsvView.as_view("gain_csv"))


# --- the outcome report's evaluation chapter: chosen questions and quotes (chapter_*.py) --------------------
from . import chapter_views  # noqa: E402  (in this section, so the parts' imports merge without conflict)

bp.add_url_rule("/forums/<slug>/surveys/<int:survey_id>/report",
                view_func=chapter_views.ChapterView.as_view("chapter"))
