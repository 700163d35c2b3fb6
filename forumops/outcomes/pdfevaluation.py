"""The report PDF's evaluation chapter: for each survey with questions or quotes chosen for the report, how many
were asked and answered, each chosen question as a bar chart (pdf.charts) with its numbers in a table under it,
and the chosen quotes, without names. Everyone's answers are counted together, never by group.

Question texts, answer labels and quotes are user text: every one goes through fonts.markup (escaped; Khmer, Thai,
Lao and Burmese runs in their fonts and shaped by HarfBuzz), so "<script>" prints as it was typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import format_number, format_percent, ngettext
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..core import fonts
from ..core.numbers import one_decimal, percent_of
from ..evaluations.labels import score_bands
from ..pdf.charts import BarChartFlowable
from ..pdf.style import ACCENT
from ..pdf.text import Paragraph
from .data import EvaluationQuestionData, SurveyChapterData

QUOTE_BAR = 2.5  # points: the bar beside a quote (the web page's blockquote border)
QUOTE_INDENT = 10  # points from the bar to the words, and of "Answering: ..." under them

if TYPE_CHECKING:  # the chapter builder that calls this module; typing only
    from .pdfsections import _Builder


def question_figures(q: EvaluationQuestionData) -> str:
    """"Rating from 1 to 5 · 12 answers · mean 4.2 · median 4", as the web report's line under the question."""
    answers = ngettext("%(count)s answer", "%(count)s answers", q.answered, count=format_number(q.answered))
    parts = [q.kind_label, answers]
    if q.mean is not None:
        parts.append(_("Mean %(mean)s", mean=one_decimal(q.mean)))
    if q.median is not None:
        parts.append(_("Median %(median)s", median=one_decimal(q.median)))
    if q.score is not None:
        parts.append(_("Recommendation score %(score)s", score=format_number(q.score)))
    return " \u00b7 ".join(part for part in parts if part)


def _share(part: int, of: int) -> str:
    """A whole percentage as the reader's language writes it (core.numbers' rounding), a dash of nobody."""
    shown = percent_of(part, of)
    return "\u2013" if shown is None else format_percent(shown / 100)


def _question(b: _Builder, q: EvaluationQuestionData) -> Flowable:
    chart = BarChartFlowable(q.rows, b.width, [_("Answers")], _("Others"),
                             bands=score_bands() if q.kind == "nps" else ())  # as the web page draws it
    chart.spaceAfter = 6
    rows = [[b.cell(row.label), Paragraph(format_number(row.values[0]), b.st["td_right"]),
             Paragraph(_share(row.values[0], q.answered), b.st["td_right"])]
            for row in q.rows]
    numbers = (22 * mm, 20 * mm)
    table = b.table((_("Answer"), _("People"), _("Share")), rows, (b.width - sum(numbers), *numbers), right=(1, 2))
    table.spaceAfter = 10
    head = [Paragraph(fonts.markup(q.text, bold=True), b.st["subsection"]),
            Paragraph(fonts.escape_text(question_figures(q)), b.st["muted"])]
    if q.score is not None:  # the web report's line that says what the score is
        head.append(Paragraph(fonts.escape_text(_(
            "Recommendation score: the percentage of promoters (9–10) minus that of detractors (0–6), from −100 to "
            "100.")), b.st["muted"]))
    return KeepTogether([*head, chart, table])


def _quote(b: _Builder, text: str, question: str) -> Flowable:
    """A participant's words beside a bar in the report's accent, as the web page draws its blockquote, and what
    they were answering indented under them, so each quote reads as one piece, apart from the next."""
    words = Paragraph("<br/>".join(fonts.markup(line) for line in text.split("\n")), b.st["quoted"])
    source = Paragraph(fonts.markup(_("Answering: %(question)s", question=question)), b.st["quoted_source"])
    table = Table([[words], [source]], colWidths=[b.width], splitInRow=1)  # a page-long answer still breaks
    table.setStyle(TableStyle([
        ("LINEBEFORE", (0, 0), (0, 0), QUOTE_BAR, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), QUOTE_INDENT), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (0, 0), 2), ("BOTTOMPADDING", (0, 0), (0, 0), 3),
        ("TOPPADDING", (0, 1), (0, 1), 3), ("BOTTOMPADDING", (0, 1), (0, 1), 0),
    ]))
    table.spaceAfter = 12
    return KeepTogether([table])


def _survey(b: _Builder, s: SurveyChapterData) -> list[Flowable]:
    answered = ngettext("%(count)s answered", "%(count)s answered", s.responded, count=format_number(s.responded))
    if s.rate is not None:
        answered += f" ({format_percent(s.rate / 100)})"
    meta = [ngettext("%(count)s person asked", "%(count)s people asked", s.asked, count=format_number(s.asked)),
            answered, _("Anonymous") if s.anonymous else _("Named, quoted without names")]
    out: list[Flowable] = [b.section(s.title, user_text=True),
                           Paragraph(fonts.escape_text(" \u00b7 ".join(meta)), b.st["muted"])]
    out.extend(_question(b, q) for q in s.questions)
    if s.quotes:
        out.append(b.sub(_("In their own words")))
        out.extend(_quote(b, quote.text, quote.question) for quote in s.quotes)
    return out


def evaluation_chapter(b: _Builder) -> list[Flowable]:
    """The chapter, or nothing when no survey has a question or a quote chosen for the report (as the sessions'
    chapter is left out when no session has approved notes)."""
    if not b.data.evaluations:
        return []
    out = b.chapter(_("Evaluation"))
    out.append(Paragraph(fonts.escape_text(_(
        "What participants said in the forum’s evaluations: the questions the organisers chose, with everyone’s "
        "answers counted together, and some of their own words, quoted without names.")), b.st["body"]))
    for survey in b.data.evaluations:
        out.extend(_survey(b, survey))
    out.append(Spacer(1, 4))
    out.append(Paragraph(fonts.escape_text(_(
        "Answers are counted together, never by gender, country, category or cluster, so no small group can be "
        "recognised.")), b.st["muted"]))
    return out
