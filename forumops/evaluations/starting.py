"""The starting templates an organiser builds a survey from: plain data, every text translatable.

A survey made from one is written in the forum's main language (builder_operations.create_survey wraps
`written_out` in core.languages.written_in), so a Vietnamese forum starts with Vietnamese questions wherever the
catalogue has them; the organiser then edits them like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class StartingItem:
    """One item of a starting template, as builder_operations adds it (texts still lazy)."""

    kind: str
    text: object  # a lazy string
    help: object = ""
    options: tuple = ()
    required: bool = False
    correct: int | None = None  # a test's right choice (its index)


@dataclass(frozen=True)
class StartingTemplate:
    key: str
    name: object
    description: object
    kind: str  # evaluation | test
    title: object
    intro: object
    audience: str
    items: tuple[StartingItem, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class WrittenItem:
    """A starting item with its texts written out in the language being written (plain strings)."""

    kind: str
    text: str
    help: str
    options: list[str]
    required: bool
    correct: int | None


_USEFUL_ENDS = (_l("Not useful"), _l("Very useful"))
_POOR_ENDS = (_l("Poor"), _l("Excellent"))
_RELEVANT_ENDS = (_l("Not relevant"), _l("Very relevant"))

END_OF_FORUM = StartingTemplate(
    key="end_of_forum", name=_l("End-of-forum evaluation"),
    description=_l("Overall rating, relevance, organisation, what was most useful, what to change, and whether "
                   "they would recommend the forum."),
    kind="evaluation", title=_l("End-of-forum evaluation"),
    intro=_l("Thank you for taking part. Your answers help us improve the next forum; they take about five "
             "minutes."),
    audience="attended",
    items=(
        StartingItem("rating", _l("Overall, how would you rate the forum?"), options=_POOR_ENDS, required=True),
        StartingItem("rating", _l("How relevant was the forum to your work?"), options=_RELEVANT_ENDS,
                     required=True),
        StartingItem("rating", _l("How well was the forum organised?"), options=_POOR_ENDS),
        StartingItem("long", _l("What was most useful to you?")),
        StartingItem("long", _l("What should we change next time?")),
        StartingItem("nps", _l("How likely are you to recommend this forum to a colleague?"),
                     help=_l("0 means not at all likely, 10 extremely likely.")),
    ),
)

TRAINING = StartingTemplate(
    key="training", name=_l("Training evaluation"),
    description=_l("Sections on relevance, content, facilitation, logistics and what to change."),
    kind="evaluation", title=_l("Training evaluation"),
    intro=_l("Please tell us how the training went for you. Your answers help the trainers improve it."),
    audience="attended",
    items=(
        StartingItem("section", _l("Relevance")),
        StartingItem("rating", _l("How relevant was the training to your work?"), options=_RELEVANT_ENDS,
                     required=True),
        StartingItem("agreement", _l("I will use what I learned in my work.")),
        StartingItem("section", _l("Content")),
        StartingItem("rating", _l("How useful was the content?"), options=_USEFUL_ENDS, required=True),
        StartingItem("agreement", _l("The content was at the right level for me.")),
        StartingItem("multiple", _l("Which parts helped you most?"),
                     options=(_l("Presentations"), _l("Group work"), _l("Case studies"), _l("Field visits"),
                              _l("Discussions with other participants"))),
        StartingItem("section", _l("Facilitation")),
        StartingItem("rating", _l("How would you rate the trainers?"), options=_POOR_ENDS),
        StartingItem("agreement", _l("I had enough time to ask questions and take part.")),
        StartingItem("section", _l("Logistics")),
        StartingItem("rating", _l("How would you rate the venue, meals and travel arrangements?"),
                     options=_POOR_ENDS),
        StartingItem("single", _l("How was the length of the training?"),
                     options=(_l("Too short"), _l("About right"), _l("Too long"))),
        StartingItem("section", _l("What to change")),
        StartingItem("long", _l("What should we change in this training?")),
        StartingItem("short", _l("Which topic would you like a further training on?")),
    ),
)

KNOWLEDGE_TEST = StartingTemplate(
    key="knowledge_test", name=_l("Before-and-after knowledge test"),
    description=_l("The same questions at the start and at the end of a training, to measure what was learned. "
                   "Replace the example questions with your own."),
    kind="test", title=_l("Knowledge test"),
    intro=_l("Answer as well as you can: this is not an exam. You answer the same questions again at the end of "
             "the training, so we can see what it taught."),
    audience="confirmed",
    items=(
        StartingItem("single", _l("Example question: which of these is a renewable source of energy?"),
                     help=_l("Replace this example with a question about your training."),
                     options=(_l("Coal"), _l("Solar power"), _l("Natural gas")), required=True, correct=1),
        StartingItem("single", _l("Example question: what does a value chain describe?"),
                     help=_l("Replace this example with a question about your training."),
                     options=(_l("The steps a product goes through from producer to buyer"),
                              _l("A company's bank accounts"), _l("A list of prices")),
                     required=True, correct=0),
        StartingItem("single", _l("Example question: how many member states does ASEAN have?"),
                     help=_l("Replace this example with a question about your training."),
                     options=("8", "10", "12"), required=True, correct=1),
    ),
)

STARTING_TEMPLATES = {template.key: template for template in (END_OF_FORUM, TRAINING, KNOWLEDGE_TEST)}
BLANK = "blank"


def written_out(template: StartingTemplate) -> tuple[str, str, list[WrittenItem]]:
    """The template's title, intro and items in the language being written (call inside written_in)."""
    items = [WrittenItem(item.kind, str(item.text), str(item.help), [str(option) for option in item.options],
                         item.required, item.correct) for item in template.items]
    return str(template.title), str(template.intro), items
