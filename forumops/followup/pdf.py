"""The follow-up PDF for an evaluation workshop: FollowupSummary in, PDF bytes out (reportlab Platypus).

A pure renderer: no request, no session, no ORM. Every piece of user text (plan titles, names, the
owners' words) goes through ``fonts.markup``, which escapes it and sets Thai, Lao, Khmer and Burmese
runs in their Noto fonts. Labels arrive translated in the summary; the few fixed words here are English
like the programme PDF's.

Page 1: the forum, key figures, plans by status, the challenges and support needs named most often,
the achievements, the evaluations (each survey's response rate against those it asks, each round of a
test, and a test's average gain, when the caller passes them). Then one block per plan: owner,
indicators against targets, what was achieved, what holds it back, the latest report's words. Every
page has the forum's name and "Page N" in its footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from ..core import fonts
from ..core.i18n import format_day, plural_category
from ..evaluations.gain_format import percent, points
from ..evaluations.labels import ROUND_LABELS
from ..evaluations.rates import RoundRate, SurveyRate
from ..pdf.document import Footer, HouseDocument, title_block
from ..pdf.style import ACCENT, INK, MUTED, RULE, STRIPE, band_styles, hex_colour, running_styles, title_styles
from ..pdf.tables import house_style
from ..pdf.text import Paragraph, shorten
from .data import FollowupSummary, PlanSummary

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
NARRATIVE_LIMIT = 700

BAR = colors.HexColor("#2f7f8f")
BAR_SUPPORT = colors.HexColor("#c06a2b")
STATUS_COLOURS = {
    "not_started": colors.HexColor("#8a94a3"),
    "on_track": colors.HexColor("#1e6b35"),
    "at_risk": colors.HexColor("#b35c00"),
    "done": colors.HexColor("#0f4c5c"),
    "dropped": colors.HexColor("#a61b1b"),
}


def _styles() -> dict:
    ps = fonts.paragraph_style
    return {
        **title_styles(18, 24, 3, subtitle=12, meta=9), **band_styles(), **running_styles(7.5),
        "h2": ps("h2", 13, bold=True, textColor=ACCENT, spaceBefore=10, spaceAfter=5),
        "figure": ps("figure", 17, bold=True, leading=21, textColor=INK),
        "figure_label": ps("figure_label", 8, textColor=MUTED),
        "cell": ps("cell", 8.5, textColor=INK),
        "cell_right": ps("cell_right", 8.5, textColor=INK, alignment=TA_RIGHT),
        "plan_title": ps("plan_title", 11, bold=True, textColor=INK, spaceAfter=1),
        "plan_meta": ps("plan_meta", 8.5, textColor=MUTED, spaceAfter=3),
        "body": ps("body", 8.5, textColor=INK, spaceAfter=2),
        "label": ps("label", 8.5, textColor=INK, spaceAfter=2, leftIndent=0),
        "quote": ps("quote", 8.5, textColor=INK, leftIndent=8, spaceBefore=2, spaceAfter=2),
        "empty": ps("empty", 10, textColor=MUTED, spaceBefore=8),
    }


class _Bar(Flowable):
    """A horizontal bar `fraction` of the cell wide (for counts in a table)."""

    def __init__(self, fraction: float, color, width: float, height: float = 7):
        super().__init__()
        self.fraction, self.color, self.width, self.height = max(0.0, min(1.0, fraction)), color, width, height

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        self.canv.setFillColor(STRIPE)
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.fraction:
            self.canv.setFillColor(self.color)
            self.canv.rect(0, 0, max(1.5, self.width * self.fraction), self.height, stroke=0, fill=1)


def _table(rows: list[list], widths: list[float], stripe: bool = True) -> Table:
    commands = house_style(5, row_pad=(3, 3), head_pad=(3, 3), valign="MIDDLE")
    if stripe:  # every second body row only, the others left unpainted
        commands += [("BACKGROUND", (0, row), (-1, row), STRIPE) for row in range(2, len(rows), 2)]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _figures(summary: FollowupSummary, styles: dict, width: float) -> Table:
    figures = [
        (str(summary.plans_total), ngettext("action plan", "action plans", summary.plans_total)),
        (f"{summary.plans_reporting} of {summary.plans_total}",
         ngettext("plan with a progress report", "plans with a progress report", summary.plans_total)),
        (f"{summary.indicators_reached} of {summary.indicators_with_target}",
         ngettext("indicator at its target", "indicators at their target", summary.indicators_with_target)),
        (str(summary.overdue_plans),
         ngettext("plan with a report overdue", "plans with a report overdue", summary.overdue_plans)),
        (f"{summary.reports_total}", ngettext("progress report (%(late)d late)", "progress reports (%(late)d late)",
                                              summary.reports_total, late=summary.late_reports)),
    ]
    cells = [[Paragraph(fonts.escape_text(value), styles["figure"]),
              Paragraph(fonts.escape_text(label), styles["figure_label"])] for value, label in figures]
    table = Table([cells], colWidths=[width / len(cells)] * len(cells), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LINEBEFORE", (1, 0), (-1, 0), 0.6, RULE),
        ("BACKGROUND", (0, 0), (-1, -1), STRIPE),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
    ]))
    return table


def _text(text: str, style) -> Paragraph:
    """A paragraph of plain (escaped) text."""
    return Paragraph(fonts.escape_text(text), style)


def _th(text: str) -> str:
    """A table's header cell text: upper case, escaped."""
    return fonts.escape_text(text.upper())


def _count_table(heading: str, counts: list[tuple[str, int, colors.Color]], label_width: float, styles: dict,
                 width: float) -> Table:
    """Label | plans | a bar as long as the count against the largest, one row per (label, count, colour)."""
    bar_width = width - label_width - 20 * mm - 20
    top = max((count for _label, count, _colour in counts), default=0) or 1
    rows: list[list] = [[Paragraph(heading, styles["th"]), Paragraph(_th(_("Plans")), styles["th_right"]), ""]]
    for label, count, colour in counts:
        rows.append([Paragraph(fonts.markup(label), styles["cell"]), Paragraph(str(count), styles["cell_right"]),
                     _Bar(count / top, colour, bar_width)])
    return _table(rows, [label_width, 20 * mm, bar_width + 10])


def _status_table(summary: FollowupSummary, styles: dict, width: float) -> Table:
    counts = [(s.label, s.count, STATUS_COLOURS.get(s.status, BAR)) for s in summary.by_status]
    return _count_table(_th(_("Status")), counts, 60 * mm, styles, width)


def _challenge_table(summary: FollowupSummary, styles: dict, width: float) -> Table:
    name_width, number_width = 62 * mm, 22 * mm
    bar_width = (width - name_width - 2 * number_width) / 2 - 10
    top = max([c.challenge_plans for c in summary.challenges] + [c.support_plans for c in summary.challenges]) or 1
    rows: list[list] = [[Paragraph(_th(_("Category")), styles["th"]),
                         Paragraph(_th(_("Named as a challenge")), styles["th"]), "",
                         Paragraph(_th(_("Support asked for")), styles["th"]), ""]]
    for category in summary.challenges:
        rows.append([Paragraph(fonts.markup(category.label), styles["cell"]),
                     Paragraph(str(category.challenge_plans), styles["cell_right"]),
                     _Bar(category.challenge_plans / top, BAR, bar_width),
                     Paragraph(str(category.support_plans), styles["cell_right"]),
                     _Bar(category.support_plans / top, BAR_SUPPORT, bar_width)])
    table = _table(rows, [name_width, number_width, bar_width + 10, number_width, bar_width + 10])
    table.setStyle(TableStyle([("SPAN", (1, 0), (2, 0)), ("SPAN", (3, 0), (4, 0))]))
    return table


def _achievement_table(summary: FollowupSummary, styles: dict, width: float) -> Table:
    counts = [(a.label, a.plans, STATUS_COLOURS["on_track"]) for a in summary.achievements]
    return _count_table(_th(_("Achievement")), counts, 80 * mm, styles, width)


def _round_text(round_: RoundRate) -> str:
    """"Before (first round): 3 of 5 (60%)": of the people a round asks, how many sent their answers; escaped."""
    label = f"{ROUND_LABELS[round_.phase]}:" if round_.phase else ""
    counted = _("%(responded)d of %(asked)d", responded=round_.responded, asked=round_.asked)
    return fonts.escape_text(f"{label} {counted}".strip()) + f' <font color="{hex_colour(MUTED)}">' \
        + fonts.escape_text(f"({percent(round_.responded, round_.asked)})") + "</font>"


def _gain_text(survey: SurveyRate) -> str:
    """A test's average gain with how many people it is of; a dash for an evaluation."""
    if not survey.is_test:
        return "\u2013"
    muted = hex_colour(MUTED)
    if survey.average_gain is None:
        return f'<font color="{muted}">{fonts.escape_text(_("nobody answered both rounds yet"))}</font>'
    signed = points(survey.average_gain).replace("\u2212", "-")  # Debian's Noto Sans has no U+2212 minus sign
    return (fonts.escape_text(_("%(points)s points", points=signed))
            + f' <font color="{muted}">'
            + fonts.escape_text(ngettext("(%(num)d person)", "(%(num)d people)", survey.paired)) + "</font>")


def _evaluations(evaluations: Sequence[SurveyRate], styles: dict, width: float) -> list[Flowable]:
    """The Evaluations section: a table of the surveys, or a line saying there is none yet."""
    heading = [CondPageBreak(35 * mm), _text(_("Evaluations"), styles["h2"])]
    if not evaluations:
        return [*heading, _text(_("No surveys yet."), styles["meta"])]
    rows: list[list] = [[Paragraph(_th(_("Survey")), styles["th"]), Paragraph(_th(_("Response rate")), styles["th"]),
                         Paragraph(_th(_("Average gain")), styles["th"])]]
    for survey in evaluations:
        kind = _("Before-and-after test") if survey.is_test else _("Evaluation")
        if survey.anonymous:
            kind += " \u00b7 " + _("anonymous")
        rows.append([[Paragraph(fonts.markup(survey.title), styles["cell"]), _text(kind, styles["plan_meta"])],
                     Paragraph("<br/>".join(_round_text(round_) for round_ in survey.rounds), styles["cell"]),
                     Paragraph(_gain_text(survey), styles["cell"])])
    return [*heading, _text(_("Response rate: how many of the people each survey asks have answered it. A test’s "
                              "average gain is of the people who answered it before and after."), styles["meta"]),
            Spacer(1, 2 * mm), _table(rows, [width - 100 * mm - 10, 50 * mm, 50 * mm])]  # as wide as the others


def _plan_block(plan: PlanSummary, styles: dict, width: float) -> list[Flowable]:
    colour = hex_colour(STATUS_COLOURS.get(plan.status, MUTED))
    title = (f'{fonts.markup(plan.title, bold=True)} <font color="{colour}" size="8.5">'
             f'\u00a0\u00a0{fonts.markup(plan.status_label.upper(), bold=True)}</font>')
    meta = [fonts.markup(plan.owner_name)]
    for part in (plan.organisation if plan.organisation != plan.owner_name else "", plan.country_name,
                 plan.cluster and _("Cluster: %(cluster)s", cluster=plan.cluster)):
        if part:
            meta.append(fonts.markup(part))
    state = []
    if plan.reports:
        state.append(ngettext("%(num)d report, last on %(day)s", "%(num)d reports, last on %(day)s", plan.reports,
                              day=format_day(plan.last_reported_at) if plan.last_reported_at else ""))
    else:
        state.append(fonts.escape_text(_("no report yet")))
    if plan.is_overdue:
        overdue = ngettext("report overdue by %(num)d day", "report overdue by %(num)d days", plan.overdue_days)
        state.append(f'<font color="{hex_colour(STATUS_COLOURS["dropped"])}">{fonts.escape_text(overdue)}</font>')
    elif plan.next_report_due:
        state.append(fonts.escape_text(_("next report due %(day)s", day=format_day(plan.next_report_due))))
    block: list[Flowable] = [Paragraph(title, styles["plan_title"]),
                             Paragraph(" \u00b7 ".join(meta), styles["plan_meta"]),
                             Paragraph(" \u00b7 ".join(state), styles["plan_meta"])]
    if plan.objective.strip():
        block.append(Paragraph(fonts.markup(shorten(plan.objective, 400)), styles["body"]))
    if plan.indicators:
        rows: list[list] = [[Paragraph(_th(_("Indicator")), styles["th"]), Paragraph(_th(_("Target")), styles["th"]),
                             Paragraph(_th(_("Latest")), styles["th"]), Paragraph(_th(_("Reached")), styles["th"])]]
        for indicator in plan.indicators:
            reached = fonts.escape_text({True: _("yes"), False: _("not yet"), None: "\u2013"}[indicator.reached])
            rows.append([Paragraph(fonts.markup(indicator.label), styles["cell"]),
                         Paragraph(fonts.markup(indicator.target_text(_("yes"), "\u2013", plural_category)),
                                   styles["cell"]),
                         Paragraph(fonts.markup(indicator.latest_text(_("yes"), _("no"), "\u2013", plural_category)),
                                   styles["cell"]),
                         Paragraph(reached, styles["cell"])])
        block.append(Spacer(1, 1.5 * mm))
        block.append(_table(rows, [width - 84 * mm, 30 * mm, 30 * mm, 24 * mm]))
        block.append(Spacer(1, 1.5 * mm))
    bold = fonts.font_name(bold=True)
    for label, values in ((_("Achievements:"), plan.achievements), (_("Challenges:"), plan.challenges),
                          (_("Support needed in:"), plan.support_areas)):
        if values:
            block.append(Paragraph(f'<font name="{bold}">{fonts.escape_text(label)}</font> '
                                   + "; ".join(fonts.markup(v) for v in values), styles["label"]))
    if plan.support_needed.strip():
        block.append(Paragraph(f'<font name="{bold}">{fonts.escape_text(_("Support that would help:"))}</font> '
                               + fonts.markup(shorten(plan.support_needed, 400)), styles["label"]))
    if plan.latest_narrative.strip():
        block.append(Paragraph(f'<font name="{bold}">{fonts.escape_text(_("Latest report:"))}</font> '
                               + fonts.markup(shorten(plan.latest_narrative, NARRATIVE_LIMIT)), styles["quote"]))
    return block


def _document(buffer, summary: FollowupSummary, styles: dict) -> HouseDocument:
    """The house's pages: no running header, the forum in the footer with "Page N"."""
    width = PAGE_SIZE[0] - 2 * MARGIN_X
    bottom = MARGIN_BOTTOM - 11 * mm
    return HouseDocument(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=_("Follow-up: %(forum)s", forum=fonts.clean(summary.forum_title)),
        author="ForumOps",
        footer=Footer(bottom, bottom + 5 * mm, width - 30 * mm, styles["running"], styles["running_right"]),
        footer_text=_("Follow-up · %(forum)s", forum=summary.forum_title),
    )


def render_followup(summary: FollowupSummary, url: str = "",
                    evaluations: Sequence[SurveyRate] | None = None) -> bytes:
    """The follow-up of a forum's action plans as an A4 PDF; with `evaluations` (evaluations.rates'
    survey_rates), its Evaluations section too."""
    fonts.register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    doc = _document(buffer, summary, styles)
    width = doc.width
    story = title_block(summary.forum_title, _("Follow-up of action plans · as of %(day)s",
                                               day=format_day(summary.as_of)),
                        [fonts.markup(url)] if url else [], styles, width, gap=2 * mm, after=4 * mm, before=1)
    if not summary.plans:
        story.append(_text(_("No action plans have been recorded for this forum yet."), styles["empty"]))
        if evaluations is not None:
            story += _evaluations(evaluations, styles, width)
        doc.build(story)
        return buffer.getvalue()
    story += [_figures(summary, styles, width),
              _text(_("Plans by status"), styles["h2"]), _status_table(summary, styles, width)]
    if summary.challenges:
        story += [CondPageBreak(40 * mm), _text(_("Challenges and support needs"), styles["h2"]),
                  _text(_("Each plan is counted once per category, however many of its reports name it."),
                        styles["meta"]), Spacer(1, 2 * mm), _challenge_table(summary, styles, width)]
    if summary.achievements:  # a short table: kept whole with its heading, on the next page if need be
        story += [KeepTogether([_text(_("Achievements reported"), styles["h2"]),
                                _achievement_table(summary, styles, width)])]
    if evaluations is not None:
        story += _evaluations(evaluations, styles, width)
    story += [CondPageBreak(60 * mm), _text(_("The plans"), styles["h2"])]
    for number, plan in enumerate(summary.plans):
        if number:
            story.append(HRFlowable(width=width, thickness=0.5, color=RULE, spaceBefore=3 * mm, spaceAfter=3 * mm))
        story.append(KeepTogether(_plan_block(plan, styles, width)))
    doc.build(story)
    return buffer.getvalue()
