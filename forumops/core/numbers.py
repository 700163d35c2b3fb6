"""Rounding shares for people to read: one rule everywhere a percentage or a score is shown (the evaluations'
results page, the report's chapter on the web and in the PDF, the M&E dashboard, a test's gain), so the same
figure never reads 12% on one page and 13% on another. Sizes of files read alike too (human_size), and money
(money: the support page, the person's offers, the per-diem sheet on the web, in the PDF and the CSV).

The rule is half away from zero, as people round by hand: 12.5 -> 13, -16.5 -> -17 (Python's round() rounds
halves to even: 12.5 -> 12).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from babel.numbers import get_currency_precision, is_currency
from flask_babel import format_currency, format_decimal

from .i18n import lazy_gettext as _l


def whole(value: float) -> int:
    """`value` rounded to a whole number, halves away from zero."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def percent_of(part: int, of: int) -> int | None:
    """`part` as a whole percentage of `of`, counted exactly from the two counts (1 of 8 -> 13, 23 of 40 -> 58,
    where a float share 0.575 would give 57); None when `of` is 0 (no share to give)."""
    if not of:
        return None
    share = Fraction(100 * part, of)
    rounded = math.floor(abs(share) + Fraction(1, 2))
    return rounded if share >= 0 else -rounded


def tenths(value: float | None) -> float | None:
    """A mean or a median rounded to one decimal, halves up as people round (13/4 = 3.25 -> 3.3, where Python's
    round() gives 3.2); None stays None. Rounded from the number as written, so 2.675 -> 2.7."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def one_decimal(value: float | None) -> str:
    """A mean or a median as the reader's language writes it, rounded by `tenths`, always with one decimal
    ("3.3", "4.0": a column of means reads alike, and "4" would look like a count); "" for None."""
    rounded = tenths(value)
    return "" if rounded is None else format_decimal(rounded, "#,##0.0")


KB, MB, GB = 1024, 1024 * 1024, 1024 * 1024 * 1024


def human_size(size: int) -> str:
    """"340 KB", "2.4 MB", "1 GB", in the reader's number format (a file, a forum's room for files)."""
    if size >= GB - MB // 20:  # 1023.96 MB reads "1 GB", not "1,024 MB"
        return str(_l("%(n)s GB", n=format_decimal(round(size / GB, 1))))
    if size >= MB:
        return str(_l("%(n)s MB", n=format_decimal(round(size / MB, 1))))
    return str(_l("%(n)s KB", n=format_decimal(max(1, round(size / KB)))))


# "1,234.50 USD": the digits as the reader's language writes them, then the ISO code, which a regional forum's
# several currencies need ("$" is also Singapore's and Brunei's), always after the amount so a column reads alike
MONEY_PATTERN = "#,##0.00\u00a0¤¤"
CURRENCY_CODE_LENGTH = 3  # ISO 4217


def money(amount: Decimal | int | None, currency: str) -> str:
    """An amount with its currency's code and decimals, in the reader's language ("1,234.50 USD", "1,500,000
    VND", "40,00 EUR" in German); the digits alone without a currency; "" for None."""
    if amount is None:
        return ""
    if not currency:
        return format_decimal(Decimal(amount), "#,##0.00")
    return format_currency(Decimal(amount), currency, MONEY_PATTERN)


def is_currency_code(code: str | None) -> bool:
    """A currency's three-letter ISO 4217 code, in capitals or not ("USD", "vnd")."""
    code = (code or "").strip()
    return len(code) == CURRENCY_CODE_LENGTH and code.isalpha() and is_currency(code.upper())


def decimal_places(currency: str) -> int:
    """How many decimal places an amount in this currency may have (at most two: VND and JPY none)."""
    return min(2, get_currency_precision(currency.upper())) if is_currency_code(currency) else 2
