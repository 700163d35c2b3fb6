"""What getting people there (issue 23) holds about a person, for their data export: their answers to every
question (the organisers-only ones and phone numbers too), the files they sent as answers, the support offered to
them and their travel details; and, for the erase section, where other people's arrangements name them.

The person has a right to all of it, organiser-only or not: what organisers wrote about them (arrangements, who
meets them, their room) is data about them. Times of arrival and departure are given in the forum's time zone,
named, as the person typed them and as the lists show them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.i18n import in_zone
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import ANSWERLESS_KINDS, AnswerFile, Question, Registration
from ..travel.models import SUPPORT_KINDS, Support, TravelDetails


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def answers_data(forum: Forum, registration: Registration) -> list[dict[str, Any]]:
    """Every answer the registration holds, in the form's order: the question as written, its kind, whether only
    organisers see it, and the answer as stored (a phone number in international form, a date as YYYY-MM-DD).
    An answer to a question removed since is kept, under "Removed question"."""
    questions = list(db.session.scalars(select(Question).where(Question.forum_id == forum.id)
                                        .order_by(Question.position, Question.id)))
    answers = dict(registration.answers or {})
    rows = [{"question": question.label, "kind": question.kind, "organisers_only": bool(question.organisers_only),
             "answer": answers.pop(str(question.id))}
            for question in questions if question.kind not in ANSWERLESS_KINDS and str(question.id) in answers]
    rows += [{"question": f"Removed question ({key})", "kind": "", "organisers_only": False, "answer": value}
             for key, value in answers.items()]
    return rows


def answer_files_data(registration: Registration) -> list[dict[str, Any]]:
    """The files the person sent as answers. The export is one JSON file, so each is described, not included:
    its name, kind, size and SHA-256 (which tells a copy of it from any other file)."""
    rows = db.session.execute(
        select(AnswerFile, Question.label).join(Question, Question.id == AnswerFile.question_id)
        .where(AnswerFile.registration_id == registration.id).order_by(Question.position, AnswerFile.id)).all()
    note = _("The file itself is not in this download: the organisers keep it as you sent it and can send you "
             "a copy.")
    return [{"question": label, "filename": row.filename, "kind": row.stored.label, "size_bytes": row.stored.size,
             "sha256": row.stored.sha256, "sent_at": _when(row.uploaded_at), "note": note}
            for row, label in rows]


def support_data(registration: Registration) -> list[dict[str, Any]]:
    """What the organisers offered to fund for the person, and what became of each offer."""
    rows = {row.kind: row for row in db.session.scalars(
        select(Support).where(Support.registration_id == registration.id))}
    return [{"kind": row.kind, "status": row.status,
             "amount": str(row.amount) if row.amount is not None else None, "currency": row.currency,
             "note": row.note, "offered_at": _when(row.offered_at), "answered_at": _when(row.answered_at)}
            for row in (rows[kind] for kind in SUPPORT_KINDS if kind in rows)]


def _local(value: datetime | None, zone: str) -> str | None:
    return in_zone(value, zone).isoformat() if value is not None else None


def travel_data(forum: Forum, registration: Registration) -> dict[str, Any] | None:
    """The person's travel details as they and the organisers wrote them; None when there are none."""
    details = db.session.scalar(select(TravelDetails).where(TravelDetails.registration_id == registration.id))
    if details is None:
        return None
    zone = forum.timezone
    nights = (details.check_out - details.check_in).days if details.check_in and details.check_out else None
    hotel = details.hotel
    return {
        "time_zone": zone,  # of every arrival and departure below
        "arrival": {"at": _local(details.arrival_at, zone), "from": details.arrival_from,
                    "transport": details.arrival_transport, "met_by": details.arrival_meet},
        "departure": {"at": _local(details.departure_at, zone), "to": details.departure_to,
                      "transport": details.departure_transport, "taken_by": details.departure_meet},
        "hotel": {"name": hotel.name, "address": hotel.address, "phone": hotel.phone} if hotel else None,
        "check_in": _when(details.check_in), "check_out": _when(details.check_out), "nights": nights,
        "room_sharing": details.room_sharing, "share_with": details.share_with, "room": details.room,
        "notes": details.notes, "sent_at": _when(details.submitted_at),
        "created_at": _when(details.created_at), "updated_at": _when(details.updated_at),
    }


def travel_mentions(forum: Forum, registration: Registration) -> Iterator[tuple[str, str, list[str]]]:
    """Where other people's travel arrangements may name this person: their travel details (a roommate asked
    for, who meets them, their notes), the notes on what is funded for them, and the organisers-only answers
    about them. Each as (what an organiser calls the place, where to edit it, its texts); erasing this person
    cannot rewrite them. Three queries, whatever the number of people."""
    def detail(registration_id: int) -> str:
        return url_for("registration.detail", slug=forum.slug, registration_id=registration_id)

    others = (Registration.forum_id == forum.id, Registration.id != registration.id, Registration.erased_at.is_(None))
    for other_id, name, *texts in db.session.execute(
            select(Registration.id, Registration.name, TravelDetails.share_with, TravelDetails.arrival_meet,
                   TravelDetails.departure_meet, TravelDetails.notes)
            .join(TravelDetails, TravelDetails.registration_id == Registration.id).where(*others)
            .order_by(Registration.id)):
        yield _("Travel details of %(name)s", name=name), detail(other_id), texts
    notes: dict[int, tuple[str, list[str]]] = {}
    for other_id, name, note in db.session.execute(
            select(Registration.id, Registration.name, Support.note)
            .join(Support, Support.registration_id == Registration.id).where(*others, Support.note != "")
            .order_by(Registration.id)):
        notes.setdefault(other_id, (name, []))[1].append(note)
    for other_id, (name, texts) in notes.items():
        yield _("Support offered to %(name)s", name=name), detail(other_id), texts
    private = [str(key) for key in db.session.scalars(select(Question.id).where(
        Question.forum_id == forum.id, Question.organisers_only.is_(True)))]
    if private:
        for other_id, name, answers in db.session.execute(
                select(Registration.id, Registration.name, Registration.answers).where(*others)
                .order_by(Registration.id)):
            texts = [str(answers[key]) for key in private if (answers or {}).get(key)]
            if texts:
                yield _("Organisers' answers about %(name)s", name=name), detail(other_id), texts
