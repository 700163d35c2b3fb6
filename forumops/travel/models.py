"""Support (what the organisers fund for a registration, offered and then accepted or declined), the hotels the
organisers chose, and each person's travel details (the second form, for confirmed people).

Everything here is personal data of the registration's person: organisers and the person alone read it, it is in
their data export, and erasing the registration deletes it (privacy.operations).

Times: an arrival or departure is stored in UTC (core.models.UTCDateTime) and typed and shown in the forum's time
zone, so the lists group it by the forum's local day and hour (an arrival at 23:30 local is on that day, whatever
UTC says).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin, UTCDateTime, one_of, utcnow
from ..extensions import db

SUPPORT_KINDS = ("travel", "accommodation", "per_diem", "visa_fee")
SUPPORT_STATUSES = ("offered", "accepted", "declined")
ROOM_SHARING = ("single", "share", "share_with")  # a room of one's own; any roommate; a named one
# who the travel form concerns: the people offered travel or accommodation (not declined), or everyone confirmed
# to come in person
FORM_AUDIENCES = ("sponsored", "in_person")
CURRENCY_LENGTH = 3  # ISO 4217


class TravelSettings(db.Model):
    """A forum's travel arrangements. One row per forum, made on first use."""

    __tablename__ = "travel_settings"
    __table_args__ = (CheckConstraint(one_of("form_audience", FORM_AUDIENCES), name="form_audience_known"),
                      CheckConstraint("per_diem_rate IS NULL OR per_diem_rate >= 0", name="per_diem_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), unique=True)
    form_open: Mapped[bool] = mapped_column(default=False)  # the travel form takes details
    form_audience: Mapped[str] = mapped_column(String(12), default="sponsored")
    form_deadline: Mapped[date | None] = mapped_column(Date, nullable=True)  # said on the form and in reminders
    currency: Mapped[str] = mapped_column(String(CURRENCY_LENGTH), default="USD")  # the default for amounts
    per_diem_rate: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)  # a day, by default


class Hotel(db.Model):
    """A hotel the organisers booked for the forum."""

    __tablename__ = "travel_hotels"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")  # the hotel's, in international form
    position: Mapped[int] = mapped_column(default=0)


class Support(db.Model):
    """One thing the organisers fund for a registration: offered, then accepted or declined by the person (or
    set by the organisers at the desk). No row for a kind: not funded."""

    __tablename__ = "travel_support"
    __table_args__ = (
        UniqueConstraint("registration_id", "kind", name="uq_travel_support_registration_kind"),
        CheckConstraint(one_of("kind", SUPPORT_KINDS), name="kind_known"),
        CheckConstraint(one_of("status", SUPPORT_STATUSES), name="status_known"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12), default="offered")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)  # per_diem: a day's
    currency: Mapped[str] = mapped_column(String(CURRENCY_LENGTH), default="")
    note: Mapped[str] = mapped_column(String(300), default="")  # "economy return from Yangon"
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # accepted or declined


class TravelDetails(TimestampMixin, db.Model):
    """A person's arrival, departure and stay: what they sent on the travel form, and what the organisers
    arranged (who meets them, the hotel)."""

    __tablename__ = "travel_details"
    __table_args__ = (
        CheckConstraint(one_of("room_sharing", ("", *ROOM_SHARING)), name="room_sharing_known"),
        CheckConstraint("departure_at IS NULL OR arrival_at IS NULL OR departure_at >= arrival_at",
                        name="departs_after_arrival"),
        CheckConstraint("check_out IS NULL OR check_in IS NULL OR check_out > check_in", name="nights_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    arrival_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    arrival_from: Mapped[str] = mapped_column(String(200), default="")  # "Yangon (RGN)"
    arrival_transport: Mapped[str] = mapped_column(String(100), default="")  # "VN 956", "bus"
    arrival_meet: Mapped[str] = mapped_column(String(200), default="")  # who meets them (organisers write it)
    departure_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    departure_to: Mapped[str] = mapped_column(String(200), default="")
    departure_transport: Mapped[str] = mapped_column(String(100), default="")
    departure_meet: Mapped[str] = mapped_column(String(200), default="")  # who takes them (organisers write it)
    hotel_id: Mapped[int | None] = mapped_column(ForeignKey("travel_hotels.id", ondelete="SET NULL"), nullable=True,
                                                 index=True)
    check_in: Mapped[date | None] = mapped_column(Date, nullable=True)  # the first night
    check_out: Mapped[date | None] = mapped_column(Date, nullable=True)  # the morning they leave the room
    room_sharing: Mapped[str] = mapped_column(String(12), default="")
    share_with: Mapped[str] = mapped_column(String(200), default="")  # a named roommate
    room: Mapped[str] = mapped_column(String(40), default="")  # the room the organisers gave ("412")
    notes: Mapped[str] = mapped_column(Text, default="")  # the person's own words
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # they sent the form

    hotel: Mapped[Hotel | None] = relationship(lazy="joined")
