"""The report PDF's parts drawn from approved notes, a cluster's or a session's alike (one notes engine, one
rendering): summaries, key findings, challenges, recommendations and action items; and the chapter of the
sessions' findings (plenaries, panels, keynotes), in the programme's order. pdfsections.py composes them.

The builder is pdfsections' own (chapter and section headings, tables, cells, styles): passed in, not imported,
so the two modules do not import each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..core import fonts
from ..core.i18n import format_list
from ..pdf.dates import format_date_range, format_day, local_time_range, utc, zone
from ..pdf.text import Paragraph
from .data import ClusterFindingsData, SessionFindingsData

Builder = Any  # pdfsections._Builder: chapter(), section(), sub(), table(), cell(), markdown(), st, md, width


def bullet_list(b: Builder, items: Sequence[str], numbered: bool) -> list[Flowable]:
    """User text as a numbered or bulleted list."""
    style = b.md.list_item(1)
    return [Paragraph(fonts.markup(text), style, bulletText=f"{n}." if numbered else "\u2022")
            for n, text in enumerate(items, 1)]


def findings_body(b: Builder, f: ClusterFindingsData | SessionFindingsData,
                  recommendations_title: str) -> list[Flowable]:
    """Summaries, key findings, challenges, recommendations and action items, each saying when none is recorded."""
    out: list[Flowable] = []
    for summary in f.summaries:
        out.extend(b.markdown(summary))
    for title, items, numbered in ((_("Key findings"), f.findings, True), (_("Challenges"), f.challenges, False)):
        out.append(b.sub(title))
        out.extend(bullet_list(b, items, numbered) if items else [b.none_recorded()])
    out.append(b.sub(recommendations_title))
    if f.recommendations:
        rows = [[Paragraph(str(n), b.st["td_bold"]), b.cell(r.text), b.cell(r.addressee or "\u2013"),
                 b.cell(r.priority_label or "\u2013")] for n, r in enumerate(f.recommendations, 1)]
        out.append(b.table((_("No."), _("Recommendation"), _("Addressed to"), _("Priority")), rows,
                           (10 * mm, b.width - 72 * mm, 42 * mm, 20 * mm)))
    else:
        out.append(b.none_recorded())
    out.append(b.sub(_("Action items")))
    if f.actions:
        rows = [[b.cell(a.what), b.cell(a.who or "\u2013"),
                 b.cell(format_date_range(a.due, a.due) if a.due else "\u2013"), b.cell(a.status_label)]
                for a in f.actions]
        out.append(b.table((_("What"), _("Who"), _("By when"), _("Status")), rows,
                           (b.width - 94 * mm, 42 * mm, 28 * mm, 24 * mm)))
    else:
        out.append(b.none_recorded())
    return out


def _when(s: SessionFindingsData, timezone: str) -> str:
    """"Thursday 9 March 2017, 09:00–10:30" in the forum's zone."""
    if s.start is None:
        return ""
    tz, _name = zone(timezone)
    day = format_day(utc(s.start).astimezone(tz).date())
    return f"{day}, {local_time_range(s.start, s.end or s.start, tz)}"


def _session(b: Builder, s: SessionFindingsData) -> list[Flowable]:
    meta = [part for part in (s.type_label, _when(s, b.data.timezone)) if part]
    if s.rapporteurs:
        meta.append(ngettext("Rapporteur: %(names)s", "Rapporteurs: %(names)s", len(s.rapporteurs),
                             names=format_list([fonts.clean(name) for name in s.rapporteurs])))
    if s.present:
        meta.append(ngettext("%(count)s person present", "%(count)s people present", s.present,
                             count=format_number(s.present)))
    return [b.section(s.title, user_text=True), Paragraph(fonts.markup(" \u00b7 ".join(meta)), b.st["muted"]),
            *findings_body(b, s, _("Recommendations of the session"))]


def sessions_chapter(b: Builder) -> list[Flowable]:
    """The sessions' findings, in the programme's order; no chapter when no session's notes are approved."""
    if not b.data.sessions:
        return []
    out = b.chapter(_("Findings of the sessions"))
    out.append(Paragraph(fonts.escape_text(_("What the plenary sessions, panels and keynotes brought out, from the "
                                             "approved notes of their rapporteurs.")), b.st["body"]))
    for session in b.data.sessions:
        out.extend(_session(b, session))
    return out
