"""Reads of the travel details: where one person stands with the travel form (does it concern them, do they give
their stay, what they sent and what the organisers arranged), and how many it concerns and have sent it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select

from ..core.i18n import in_zone
from ..extensions import db
from ..forums.models import Forum
from ..registration.models import Registration
from .models import Support, TravelDetails, TravelSettings
from .queries import concerned_condition, travel_details_of, travel_settings

OFFERED = ("offered", "accepted")  # support not declined


@dataclass(frozen=True)
class FormState:
    """One person and the travel form."""

    settings: TravelSettings
    concerned: bool  # the form is theirs to fill (queries.concerned_condition)
    asks_stay: bool  # it asks their nights at the hotel: accommodation offered or accepted, or everyone in person
    details: TravelDetails | None

    @property
    def is_open(self) -> bool:
        """They may send it now."""
        return self.concerned and self.settings.form_open

    @property
    def sent(self) -> bool:
        return self.details is not None and self.details.submitted_at is not None

    @property
    def arranged(self) -> bool:
        """The organisers arranged something to show them (who meets them, the hotel, the room)."""
        details = self.details
        return details is not None and bool(details.arrival_meet or details.departure_meet or details.hotel_id
                                            or details.room)


def form_state(forum: Forum, registration: Registration) -> FormState:
    """Where the person stands with the travel form (three queries, whoever they are)."""
    settings = travel_settings(forum)
    concerned, accommodation = db.session.execute(select(
        exists().where(Registration.id == registration.id, concerned_condition(settings)),
        exists().where(Support.registration_id == registration.id, Support.kind == "accommodation",
                       Support.status.in_(OFFERED)))).one()
    return FormState(settings, bool(concerned), bool(accommodation) or settings.form_audience == "in_person",
                     travel_details_of(registration))


@dataclass(frozen=True)
class FormCounts:
    concerned: int
    sent: int

    @property
    def not_sent(self) -> int:
        return self.concerned - self.sent


def form_counts(forum: Forum, settings: TravelSettings) -> FormCounts:
    """How many the travel form concerns, and how many of them have sent it (one query)."""
    concerned, sent = db.session.execute(
        select(func.count(Registration.id), func.count(TravelDetails.submitted_at))
        .select_from(Registration).outerjoin(TravelDetails, TravelDetails.registration_id == Registration.id)
        .where(Registration.forum_id == forum.id, concerned_condition(settings))).one()
    return FormCounts(concerned or 0, sent or 0)


def form_values(forum: Forum, registration: Registration, details: TravelDetails | None) -> dict:
    """The travel form's fields from what is saved (the organisers' copy's too): times back on the forum's wall
    clock, the needs the registration's."""
    data: dict = {"dietary_needs": registration.dietary_needs, "accessibility_needs": registration.accessibility_needs}
    if details is None:
        return data
    for way, instant in (("arrival", details.arrival_at), ("departure", details.departure_at)):
        if instant is not None:
            local = in_zone(instant, forum.timezone)
            data[f"{way}_date"], data[f"{way}_time"] = local.date(), local.time().replace(tzinfo=None)
    for name in ("arrival_from", "arrival_transport", "departure_to", "departure_transport", "check_in", "check_out",
                 "share_with", "notes", "arrival_meet", "departure_meet", "hotel_id", "room"):
        data[name] = getattr(details, name)
    data["room_sharing"] = details.room_sharing or None
    return data
