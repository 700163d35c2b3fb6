"""The forum's venue written as one line ("Melia Hotel, 44B Ly Thuong Kiet, Hanoi, Viet Nam") for letters and
messages: the city and the country are left out when the address already names them, as organisers often type
the whole postal address ("…Kebayoran Baru, Jakarta 12110, Indonesia"), so nothing is said twice."""

from __future__ import annotations

import re

from babel import Locale

from ..core.reference import country_name
from ..core.text import search_key
from .models import Forum


def _words(text: str) -> list[str]:
    """The text's words, folded (case, accents, tone marks ignored) and without punctuation."""
    return re.sub(r"[^\w]+", " ", search_key(text)).split()


def names_in(address: str, name: str) -> bool:
    """Whether the address names this place, whatever its case, accents and spaces ("Hanoi, Vietnam" names both
    "Ha Noi" and "Viet Nam"), as whole words: "Hue" is not found in "Huerta Street"."""
    wanted = "".join(_words(name))
    words = _words(address)
    if not wanted:
        return False
    for start in range(len(words)):
        joined = ""
        for word in words[start:]:
            joined += word
            if joined == wanted:
                return True
            if len(joined) >= len(wanted):
                break
    return False


def _country_names(code: str) -> list[str]:
    """The names a typed address may give a country: in the language being written, ISO's and CLDR's English."""
    return [name for name in (country_name(code), country_name(code, "en"), Locale("en").territories.get(code))
            if name]


def venue_line(forum: Forum) -> str:
    """The venue as one line: name, address, city and country (in the language being written), the city and the
    country left out when the address names them already; "" when the forum has no venue."""
    address = forum.venue_address or ""
    city = forum.venue_city or ""
    if city and names_in(address, city):
        city = ""
    country = country_name(forum.venue_country) if forum.venue_country else ""
    if country and any(names_in(address, name) for name in _country_names(forum.venue_country)):
        country = ""
    return ", ".join(part for part in (forum.venue_name, address, city, country) if part)
