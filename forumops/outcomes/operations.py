"""Outcome report writes: the organisers' own text, and publishing. They flush, never commit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.database import lock_forum
from ..core.errors import FormError
from ..core.i18n import day_in_zone
from ..core.models import utcnow
from ..core.text import clean_line, clean_lines, clean_text
from ..extensions import db
from ..forums.models import Forum
from .models import OutcomeReport

TEXT_FIELDS = ("executive_summary", "conclusions", "acknowledgements")
LIST_FIELDS = ("authors", "editors")
MAX_TEXT = 20_000
MAX_TITLE = 300
MAX_PEOPLE = 50


class ReportConflict(FormError):
    """Someone saved the report after this editor opened it; `report` holds what they saved."""

    def __init__(self, report: OutcomeReport):
        super().__init__(_("Someone else saved the report while you were editing it. Your text is kept in the "
                           "form; their version is shown beside it. Compare the two, then save again to keep "
                           "yours."))
        self.report = report


def report_for(forum: Forum) -> OutcomeReport:
    """The forum's report, made (unsaved text, unpublished) the first time it is needed for a write."""
    lock_forum(forum.id)  # one writer at a time per forum's report
    report = db.session.scalar(select(OutcomeReport).where(OutcomeReport.forum_id == forum.id))
    if report is None:
        report = OutcomeReport(forum_id=forum.id, title="", executive_summary="", conclusions="",
                               acknowledgements="", authors=[], editors=[], version=0)
        db.session.add(report)
        db.session.flush()
    return report


def _people(value: Any) -> list[str]:
    lines = clean_lines(value) if isinstance(value, str) else [clean_line(str(v)) for v in value or []]
    return [line for line in lines if line]


def save_report(forum: Forum, data: dict[str, Any], base_version: int, actor) -> OutcomeReport:
    """Save the organisers' parts of the report if nobody saved since `base_version`, else ReportConflict."""
    title = clean_line(data.get("title"))
    if len(title) > MAX_TITLE:
        raise FormError(_("Use at most %(max)d characters.", max=MAX_TITLE), field="title")
    texts = {}
    for name in TEXT_FIELDS:
        raw = data.get(name) or ""
        if len(raw) > MAX_TEXT:
            raise FormError(_("Use at most %(max)d characters.", max=MAX_TEXT), field=name)
        texts[name] = clean_text(raw)
    people = {}
    for name in LIST_FIELDS:
        people[name] = _people(data.get(name))
        if len(people[name]) > MAX_PEOPLE or any(len(line) > MAX_TITLE for line in people[name]):
            raise FormError(_("List at most %(count)d people, one a line, each under %(max)d characters.",
                              count=MAX_PEOPLE, max=MAX_TITLE), field=name)
    report = report_for(forum)
    if base_version != report.version:
        raise ReportConflict(report)
    report.title = title
    for name, value in texts.items():
        setattr(report, name, value)
    report.authors, report.editors = people["authors"], people["editors"]
    report.version += 1
    report.updated_by_id = actor.id if actor is not None else None
    db.session.flush()
    return report


def forum_today(forum: Forum, now: datetime | None = None) -> date:
    """Today where the forum takes place."""
    return day_in_zone(forum.timezone, now)


def publish_report(forum: Forum, actor, today: date | None = None) -> OutcomeReport:
    """Make the report public (with the forum: a draft forum's report stays with its organisers). Not before
    the forum's last day: a report of a forum that has not taken place would tell readers of outcomes no one
    has reached yet (the last day is allowed, for an outcome statement read at the closing)."""
    today = today or forum_today(forum)
    if forum.end_date and today < forum.end_date:
        raise FormError(_("The forum has not taken place yet: its report can be published from %(day)s, the "
                          "forum's last day.", day=format_date(forum.end_date, "long")), field="publish")
    report = report_for(forum)
    if report.published_at is None:
        report.published_at = utcnow()
        report.updated_by_id = actor.id if actor is not None else None
    db.session.flush()
    return report


def unpublish_report(forum: Forum, actor) -> OutcomeReport:
    """Back to a preview only organisers see. Its text is kept."""
    report = report_for(forum)
    report.published_at = None
    report.updated_by_id = actor.id if actor is not None else None
    db.session.flush()
    return report
