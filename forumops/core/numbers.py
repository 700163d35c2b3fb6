"""Rounding shares for people to read: one rule everywhere a percentage or a score is shown (the evaluations'
results page, the report's chapter on the web and in the PDF, the M&E dashboard, a test's gain), so the same
figure never reads 12% on one page and 13% on another.

The rule is half away from zero, as people round by hand: 12.5 -> 13, -16.5 -> -17 (Python's round() rounds
halves to even: 12.5 -> 12).
"""

from __future__ import annotations

import math


def whole(value: float) -> int:
    """`value` rounded to a whole number, halves away from zero."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def percent_of(part: float, of: float) -> int | None:
    """`part` as a whole percentage of `of` (1 of 8 -> 13); None when `of` is 0 (no share to give)."""
    return whole(100 * part / of) if of else None


def share_percent(share: float | None) -> int | None:
    """A share from 0 to 1 as a whole percentage (0.125 -> 13); None stays None."""
    return None if share is None else whole(100 * share)
