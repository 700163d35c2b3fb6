"""Phone numbers: read with Google's libphonenumber data (the `phonenumbers` library), stored in E.164
("+84912345678"), written internationally for people ("+84 912 345 678"). One way for every stage: registration
answers, the hotels' numbers, the arrivals list."""

from __future__ import annotations

import phonenumbers


def parse_phone(text: str, region: str | None) -> str | None:
    """The number in E.164, read as a number of `region` (an ISO country code: the person's or the forum's
    country) when it has no "+" country code; None when it is not a valid phone number."""
    try:
        number = phonenumbers.parse(text or "", (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_shown(e164: object) -> str:
    """A stored number written internationally, as anyone dials it; what cannot be read, as it was stored."""
    text = str(e164 or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
