"""Registration settings, custom questions, invitation codes and registrations."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.filequota import register_forum_files
from ..core.files import StoredFile, register_file_reference
from ..core.models import TimestampMixin, UTCDateTime, one_of, utcnow
from ..extensions import db
from ..organisations.models import Organisation

STATUSES = ("pending", "confirmed", "waitlisted", "rejected", "cancelled")
CATEGORIES = ("civil_society", "government", "resource_person", "observer", "media", "organiser_staff")
# What the public form may offer (RegistrationSettings.public_categories says which of them it does). The
# others print SPEAKER or STAFF on a badge, so only organisers give them: at the desk, or by CSV import.
PUBLIC_CATEGORIES = ("civil_society", "government", "observer", "media")
MODES = ("in_person", "online")
GENDERS = ("woman", "man", "non_binary", "self_described", "prefer_not_to_say")
QUESTION_KINDS = ("short_text", "long_text", "single_choice", "multiple_choice", "yes_no", "date", "time", "number",
                  "phone", "country", "email", "file", "heading")
CHOICE_QUESTION_KINDS = ("single_choice", "multiple_choice", "yes_no")  # what a condition may look at
# a heading (or explanatory text) sits between questions and takes no answer
ANSWERLESS_KINDS = ("heading",)
# answers that are personal data beyond what registering needs: organiser-only, shown to the person themselves and
# in their data export, left out of CSV exports unless the organiser ticks them (so are organiser-only questions')
PRIVATE_QUESTION_KINDS = ("phone", "file")
# Check-in codes: no 0/O or 1/I/L, so a code read aloud or typed at the door cannot be mistaken.
CHECKIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECKIN_LENGTH = 12  # 31^12 ≈ 2^59: not guessable at a door, short enough to type



def new_checkin_code() -> str:
    """A random check-in code, without the characters that read alike (0 and O, 1, I and L)."""
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_LENGTH))


class RegistrationSettings(db.Model):
    """How a forum takes registrations. One row per forum, made on first use."""

    __tablename__ = "registration_settings"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
        CheckConstraint("capacity_in_person IS NULL OR capacity_in_person >= 0", name="in_person_positive"),
        CheckConstraint("capacity_online IS NULL OR capacity_online >= 0", name="online_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    capacity: Mapped[int | None] = mapped_column(nullable=True)  # None: no overall limit
    capacity_in_person: Mapped[int | None] = mapped_column(nullable=True)
    capacity_online: Mapped[int | None] = mapped_column(nullable=True)
    approval_required: Mapped[bool] = mapped_column(default=False)
    invitation_only: Mapped[bool] = mapped_column(default=False)
    privacy_notice: Mapped[str] = mapped_column(Text, default="")
    # the categories the public form offers, a subset of PUBLIC_CATEGORIES (None: all of them; see
    # queries.public_categories)
    public_categories: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)


class Question(db.Model):
    __tablename__ = "registration_questions"
    __table_args__ = (CheckConstraint(one_of("kind", QUESTION_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(300))
    help_text: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str] = mapped_column(String(20))
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    # a number question's bounds (either may be left open)
    min_value: Mapped[float | None] = mapped_column(nullable=True)
    max_value: Mapped[float | None] = mapped_column(nullable=True)
    # shown only when an earlier choice question's answer is one of `shown_if_values` (its stored values); when
    # the condition no longer holds, the answer is not asked, not required, and not kept
    shown_if_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration_questions.id", ondelete="SET NULL"), nullable=True)
    shown_if_values: Mapped[list[str]] = mapped_column(JSON, default=list)
    # organisers see and fill it (notes about a person, arrangements); never on the participant's form
    organisers_only: Mapped[bool] = mapped_column(default=False)


class AnswerFile(db.Model):
    """The file a registration sent as its answer to a "file" question (one per question; a new upload replaces
    it). Stored through core.files (judged by its content), personal data: organisers and the person only."""

    __tablename__ = "registration_answer_files"
    __table_args__ = (UniqueConstraint("registration_id", "question_id", name="uq_answer_files_registration_question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("registration_questions.id", ondelete="CASCADE"), index=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    stored: Mapped[StoredFile] = relationship(lazy="joined")


register_file_reference(AnswerFile.stored_file_id)  # core.files.forget_unused keeps what it points at


class InvitationCode(db.Model):
    __tablename__ = "invitation_codes"
    __table_args__ = (
        UniqueConstraint("forum_id", "code", name="uq_invitation_codes_forum_id_code"),
        CheckConstraint("max_uses >= 1", name="max_uses_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(200), default="")
    max_uses: Mapped[int] = mapped_column(default=1)
    used: Mapped[int] = mapped_column(default=0)


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("forum_id", "email", name="uq_registrations_forum_id_email"),
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint(one_of("category", CATEGORIES), name="category_known"),
        CheckConstraint(one_of("attendance_mode", MODES), name="mode_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"),
                                                        nullable=True)
    job_title: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    category: Mapped[str] = mapped_column(String(24), default="civil_society")
    attendance_mode: Mapped[str] = mapped_column(String(12), default="in_person")
    cluster_preferences: Mapped[list[int]] = mapped_column(JSON, default=list)
    dietary_needs: Mapped[str] = mapped_column(String(300), default="")
    accessibility_needs: Mapped[str] = mapped_column(String(500), default="")
    gender: Mapped[str] = mapped_column(String(20), default="")
    # the language the form was filled in; every email to this person is written in it (core.languages)
    language: Mapped[str] = mapped_column(String(8), default="en")
    consent_privacy: Mapped[bool] = mapped_column(default=False)
    consent_photos: Mapped[bool] = mapped_column(default=False)
    list_publicly: Mapped[bool] = mapped_column(default=False)  # may appear among participating organisations
    answers: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    checkin_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_checkin_code)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    invitation_code_id: Mapped[int | None] = mapped_column(ForeignKey("invitation_codes.id", ondelete="SET NULL"),
                                                           nullable=True)
    badge_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # see privacy.operations
    # the background import that wrote it (registration.imports): an import that fails is undone by this
    import_id: Mapped[int | None] = mapped_column(ForeignKey("registration_imports.id", ondelete="SET NULL"),
                                                  nullable=True, index=True)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship()

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation else ""


ANSWER_FILES_ROOM = "answers"  # the files sent as answers: a room of their own, apart from the documents'
register_forum_files(AnswerFile.stored_file_id, Registration.forum_id, room=ANSWER_FILES_ROOM)  # core.filequota


class DayAttendance(db.Model):
    """A person present on one day of the forum: the first scan of that day, in the forum's time zone. A
    second scan the same day changes nothing ("already in today"). `Registration.checked_in_at` stays the
    first arrival of all.

    An arrival taken offline by a desk's device (registration.offline_sync) names that device (a random id
    the desk made up), its own id (sent again, it records nothing twice) and the device's clock reading;
    `arrived_at` is that reading unless the device's clock was far off when it sent, then the server's."""

    __tablename__ = "attendance_days"
    __table_args__ = (UniqueConstraint("registration_id", "day", name="uq_attendance_days_registration_id_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    device: Mapped[str] = mapped_column(String(40), default="", server_default="")  # "": the desk's page online
    device_arrival_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    device_arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SessionAttendance(db.Model):
    """A person present at one programme item, scanned at its own door. A breakout cluster's attendance is
    not kept here: it is the facilitator's tick in the cluster's notes (clusters.notes), one record, not two."""

    __tablename__ = "attendance_sessions"
    __table_args__ = (UniqueConstraint("registration_id", "agenda_item_id",
                                       name="uq_attendance_sessions_registration_id_agenda_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class ManageLink(db.Model):
    """A private link issued after the first one (approval, promotion, "email me my link"), or one replaced.

    The first link's hash stays on the registration row, so registering is one INSERT; every later email
    adds a row here instead of replacing the link a person bookmarked. A link the person chose to replace
    keeps its row with `revoked_at`, so opening it says "replaced" and can send the current one.
    """

    __tablename__ = "registration_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


IMPORT_STATES = ("waiting", "running", "done", "failed")


class RegistrationImport(db.Model):
    """A CSV import too large for one request (registration.imports): its rows, every one checked already, are
    written by the background worker one committed row at a time, so other forums' registrations get the
    database between them. Its mail is held until the last row is written; an import that fails is undone
    (its registrations and held mail deleted), so people hear of an import only once it is all there. The rows
    are forgotten once it has finished."""

    __tablename__ = "registration_imports"
    __table_args__ = (
        CheckConstraint(one_of("state", IMPORT_STATES), name="state_known"),
        CheckConstraint("written >= 0 AND written <= total", name="written_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                      index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    state: Mapped[str] = mapped_column(String(12), default="waiting", index=True)
    total: Mapped[int] = mapped_column(default=0)
    written: Mapped[int] = mapped_column(default=0)
    rows: Mapped[list[dict]] = mapped_column(JSON, default=list)  # each invitee as register() takes it
    outcome: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # status -> count, "already" -> count
    error: Mapped[str] = mapped_column(String(500), default="")
    invitation_code_id: Mapped[int | None] = mapped_column(ForeignKey("invitation_codes.id", ondelete="SET NULL"),
                                                           nullable=True)
    claimed_by: Mapped[str] = mapped_column(String(80), default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # the organiser read it

    @property
    def hold(self) -> str:
        """What its registrations' mail is held under until the last row is written (core.outbox)."""
        return f"import:{self.id}"

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")
