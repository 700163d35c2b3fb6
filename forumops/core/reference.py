"""Reference lists: countries (ISO 3166-1, ASEAN first) and IANA time zones."""

from __future__ import annotations

import os
import zoneinfo
from functools import cache, lru_cache
from importlib import resources

import pycountry
from babel import Locale
from babel.dates import get_timezone_location
from flask_babel import get_locale

# ASEAN member states, then Timor-Leste, listed first in every country choice.
ASEAN_FIRST = ("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL")


@cache
def _iso_codes() -> tuple[str, ...]:
    return tuple(sorted(c.alpha_2 for c in pycountry.countries))


@cache
def _iso_code_set() -> frozenset[str]:
    return frozenset(_iso_codes())


def _current_locale(locale: str | None) -> str:
    if locale:
        return locale
    try:
        return str(get_locale() or "en")
    except RuntimeError:  # outside a request
        return "en"


def country_name(code: str | None, locale: str | None = None) -> str:
    """ISO 3166 English short name ("Viet Nam", "Lao People's Democratic Republic"); in other
    languages the CLDR translation Babel ships."""
    if not code:
        return ""
    loc = _current_locale(locale)
    if not loc.startswith("en"):
        try:
            translated = Locale.parse(loc).territories.get(code)
        except (ValueError, TypeError):
            translated = None
        if translated:
            return translated
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def country_choices(locale: str | None = None, blank: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs: ASEAN member states and Timor-Leste first, then the world alphabetically."""
    return list(_country_choices(_current_locale(locale), blank))


@cache
def _country_choices(locale: str, blank: str | None) -> tuple[tuple[str, str], ...]:
    first = [(c, country_name(c, locale)) for c in ASEAN_FIRST]
    rest = sorted(
        ((c, country_name(c, locale)) for c in _iso_codes() if c not in ASEAN_FIRST),
        key=lambda pair: pair[1].casefold(),
    )
    choices = first + [("", "──────────")] + rest
    return tuple(([("", blank)] if blank is not None else []) + choices)


def is_country_code(code: str) -> bool:
    """True for an ISO 3166 code the country list offers."""
    return code in _iso_code_set()


@cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone the system's tz database knows, Asia first since most forums are there."""
    names = sorted(zoneinfo.available_timezones())
    asia = [n for n in names if n.startswith("Asia/")]
    return tuple(asia + [n for n in names if not n.startswith("Asia/")])


def _zone_table() -> str:
    """The tz database's zone.tab (one zone per country and region, no old aliases): the system's, else the
    tzdata package's."""
    for path in ("/usr/share/zoneinfo/zone.tab",):
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                return handle.read()
    return resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")


@cache
def _readers_zones() -> tuple[str, ...]:
    names = {line.split("\t")[2] for line in _zone_table().splitlines() if line and not line.startswith("#")}
    return tuple(sorted(name for name in names if name in _timezone_set()))


@lru_cache(maxsize=16)
def zone_choices(locale: str) -> tuple[tuple[str, str], ...]:
    """(zone, "Cambodia Time" in the reader's language) for every zone a reader may pick for the programme,
    sorted by that name: one per country and region, without the database's old aliases and oddities."""
    named = [(zone, get_timezone_location(zone, locale=locale)) for zone in _readers_zones()]
    return tuple(sorted(named, key=lambda pair: pair[1].casefold()))


@cache
def _timezone_set() -> frozenset[str]:
    return frozenset(timezone_names())


def is_timezone(name: str) -> bool:
    """True for an IANA zone name the system's tz database knows."""
    return name in _timezone_set()
