"""Figures as the report prints them: counts, percentages, amounts (万元) and dates, the same in every section."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tracker.core.filters import format_amount, long_date

TENTH = Decimal("0.1")
# What a cell shows where there is no figure (nothing allocated, nothing due).
NONE = "—"


def percent(value: Decimal | int | float | None) -> str:
    """45.0%; NONE for no figure."""
    if value is None:
        return NONE
    return f"{Decimal(value).quantize(TENTH, ROUND_HALF_UP)}%"


def share(part: int, whole: int) -> str:
    """part of whole as a percentage; NONE when whole is zero."""
    return percent(Decimal(part) * 100 / whole) if whole else NONE


def amount(value: Decimal | None) -> str:
    """1,234.50 (万元)."""
    return format_amount(value) or NONE


def day(value: date | None) -> str:
    """2013年6月15日; empty for no date."""
    return long_date(value) if value is not None else ""
