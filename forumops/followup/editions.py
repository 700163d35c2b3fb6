"""Forum series: the next edition made from the last one, and what became of the previous edition's
recommendations and action plans. Writes flush and never commit."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..agenda.models import AgendaItem, Cluster, Room
from ..agenda.operations import to_local, to_utc
from ..core.errors import FormError
from ..core.text import clean_line, clean_text
from ..extensions import db
from ..forums import operations as forum_ops
from ..forums.models import Forum
from ..registration import seats as registration_seats
from ..registration.models import Question
from . import queries
from .labels import OUTCOMES
from .models import EditionLink, FollowupNote, FollowupSettings
from .operations import MAX_TEXT, SETTINGS_FIELDS, settings_for

EARLIEST_EDITION, LATEST_EDITION = date(1990, 1, 1), date(2199, 12, 31)  # every shifted date stays valid
CONCEPT_FIELDS = ("timezone", "mode", "venue_name", "venue_address", "venue_city", "venue_country",
                  "background", "rationale", "expected_outputs", "target_participants", "programme_outline")


def suggested_start(previous: Forum, today: date) -> date:
    """The previous edition's first day a whole number of years later, the first such day after today."""
    years = max(1, today.year - previous.start_date.year)
    while True:
        try:
            start = previous.start_date.replace(year=previous.start_date.year + years)
        except ValueError:  # 29 February
            start = previous.start_date.replace(year=previous.start_date.year + years, day=28)
        if start > today:
            return start
        years += 1


def _with_year(text: str, old: int, new: int) -> str | None:
    pattern = re.compile(rf"(?<!\d){old}(?!\d)")
    return pattern.sub(str(new), text) if pattern.search(text) else None


def suggested_slug(previous: Forum, start: date) -> str:
    """The short name with the new year in place of the old ("forum-2017" -> "forum-2027"), else the year
    added; never the previous name with "-2" stuck on."""
    slug = _with_year(previous.slug, previous.start_date.year, start.year)
    if slug is None:
        base = re.sub(r"-\d+$", "", previous.slug) or previous.slug
        slug = f"{base[:59]}-{start.year}"
    return slug[:64]


def suggested_title(previous: Forum, start: date) -> str:
    """The previous edition's title with its year changed to the new one's, else the title as it was."""
    return _with_year(previous.title, previous.start_date.year, start.year) or previous.title


def _shift(forum_from: Forum, forum_to: Forum, instant: datetime, days: timedelta) -> datetime:
    """The same wall-clock time `days` later, in the new forum's zone."""
    local = to_local(forum_from, instant)
    return to_utc(forum_to, local.date() + days, time(local.hour, local.minute, local.second))


def create_next_edition(previous: Forum, data: dict[str, Any], actor: User) -> Forum:
    """A draft forum copied from `previous`: concept note, clusters, the programme's shape (items without
    the people in them), rooms, registration questions and settings, and the follow-up schedule, with
    every date moved by the distance between the two start dates. Its creator becomes its organiser."""
    start = data.get("start_date")
    if start is None:
        raise FormError(_("Enter the new edition's first day."), field="start_date")
    if not EARLIEST_EDITION <= start <= LATEST_EDITION:
        raise FormError(_("Choose a first day between %(first)s and %(last)s.", first=EARLIEST_EDITION.year,
                          last=LATEST_EDITION.year), field="start_date")
    days = start - previous.start_date
    series_name = clean_line(data.get("series")) or (previous.series.name if previous.series else previous.title)
    if previous.series is None or previous.edition is None:
        forum_ops.update_forum(previous, {"series": series_name, "edition": previous.edition or 1})
    payload = {name: getattr(previous, name) for name in CONCEPT_FIELDS}
    payload.update(title=clean_line(data.get("title")), slug=data["slug"], start_date=start,
                   end_date=previous.end_date + days, online_link="", objectives=list(previous.objectives or []),
                   themes=list(previous.themes or []), series=series_name, edition=(previous.edition or 1) + 1)
    if not payload["title"]:
        raise FormError(_("Give the new edition a title."), field="title")
    forum = forum_ops.create_forum(payload, actor)

    clusters = {}
    for cluster in db.session.scalars(select(Cluster).where(Cluster.forum_id == previous.id)
                                      .order_by(Cluster.position, Cluster.id)):
        copy = Cluster(forum_id=forum.id, name=cluster.name, description=cluster.description,
                       guiding_questions=list(cluster.guiding_questions or []), capacity=cluster.capacity,
                       room=cluster.room, position=cluster.position)
        db.session.add(copy)
        clusters[cluster.id] = copy
    rooms = {}
    for room in db.session.scalars(select(Room).where(Room.forum_id == previous.id).order_by(Room.position)):
        rooms[room.id] = Room(forum_id=forum.id, name=room.name, position=room.position)
        db.session.add(rooms[room.id])
    db.session.flush()
    for item in db.session.scalars(select(AgendaItem).where(AgendaItem.forum_id == previous.id,
                                                            AgendaItem.status == "confirmed")
                                   .order_by(AgendaItem.start_at, AgendaItem.id)):
        db.session.add(AgendaItem(
            forum_id=forum.id, title=item.title, type=item.type, description=item.description,
            start_at=_shift(previous, forum, item.start_at, days), end_at=_shift(previous, forum, item.end_at, days),
            room_id=rooms[item.room_id].id if item.room_id in rooms else None, is_online=item.is_online,
            cluster_id=clusters[item.cluster_id].id if item.cluster_id in clusters else None))

    copies: dict[int, Question] = {}  # the previous edition's question id -> its copy
    questions = list(db.session.scalars(select(Question).where(Question.forum_id == previous.id)
                                        .order_by(Question.position, Question.id)))
    for question in questions:
        copies[question.id] = Question(
            forum_id=forum.id, label=question.label, help_text=question.help_text, kind=question.kind,
            required=question.required, options=list(question.options or []), position=question.position,
            min_value=question.min_value, max_value=question.max_value, organisers_only=question.organisers_only,
            shown_if_values=list(question.shown_if_values or []))
        db.session.add(copies[question.id])
    db.session.flush()  # the copies' ids, for the conditions to point at the new edition's own questions
    for question in questions:
        if question.shown_if_question_id in copies:
            copies[question.id].shown_if_question_id = copies[question.shown_if_question_id].id
        else:
            copies[question.id].shown_if_values = []
    old_settings = registration_seats.settings_for(previous)
    new_settings = registration_seats.settings_for(forum)
    for name in ("capacity", "capacity_in_person", "capacity_online", "approval_required", "invitation_only",
                 "privacy_notice"):
        setattr(new_settings, name, getattr(old_settings, name))
    new_settings.opens_at = old_settings.opens_at + days if old_settings.opens_at else None
    new_settings.closes_at = old_settings.closes_at + days if old_settings.closes_at else None

    old_followup = db.session.scalar(select(FollowupSettings).where(FollowupSettings.forum_id == previous.id))
    if old_followup is not None:
        copy = settings_for(forum)
        for name in SETTINGS_FIELDS:
            setattr(copy, name, getattr(old_followup, name))
        copy.challenge_categories = list(old_followup.challenge_categories or ())  # the series' own list
        copy.first_report_due = old_followup.first_report_due + days if old_followup.first_report_due else None
    db.session.add(EditionLink(forum_id=forum.id, previous_forum_id=previous.id,
                               created_by_id=actor.id if actor else None))
    db.session.flush()
    return forum


def save_followup_notes(forum: Forum, work: queries.PreviousWork, entries: dict[tuple[str, int], dict[str, str]],
                        actor: User | None) -> int:
    """What became of each previous recommendation and plan: {("rec" | "plan", id): {"outcome", "text"}}.
    Only the previous edition's own recommendations and listed plans are taken. Returns how many changed."""
    allowed = {("rec", r.id) for r in work.recommendations} | {("plan", p.id) for p in work.plans}
    changed = 0
    for key, entry in entries.items():
        if key not in allowed:
            continue
        outcome = entry.get("outcome") or "unknown"
        if outcome not in OUTCOMES:
            raise FormError(_("Choose one of the outcomes offered."), field=f"{key[0]}-{key[1]}-outcome")
        text = clean_text(entry.get("text"))
        if len(text) > MAX_TEXT:
            raise FormError(_("Use at most %(max)d characters.", max=MAX_TEXT), field=f"{key[0]}-{key[1]}-text")
        note = work.notes.get(key)
        if note is None:
            if outcome == "unknown" and not text:
                continue
            note = FollowupNote(forum_id=forum.id, recommendation_id=key[1] if key[0] == "rec" else None,
                                plan_id=key[1] if key[0] == "plan" else None)
            db.session.add(note)
            work.notes[key] = note
        elif note.outcome == outcome and note.text == text:
            continue
        note.outcome, note.text = outcome, text
        note.updated_by_id = actor.id if actor is not None else None
        changed += 1
    db.session.flush()
    return changed
