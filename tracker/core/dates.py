"""The window every date in the tracker keeps to, one rule for forms, services and the Excel import.

A five-year plan's dates (start, due, expected completion, follow-up, an extension) fall within this century;
0001-01-01 or 9999-12-31 are typing mistakes that would sort every list and rollup wrongly. The window is fixed,
not a setting, and wide enough for any plan the tracker will hold.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from tracker.core.errors import ValidationError

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def in_date_window(value: date) -> bool:
    return EARLIEST <= value <= LATEST


def date_window_message() -> LazyString:
    return _l("日期须在 %(first)s 到 %(last)s 之间。", first=EARLIEST.isoformat(), last=LATEST.isoformat())


def check_date_window(value: date | None, field: str) -> date | None:
    """`value` unchanged, or ValidationError at `field` when it lies outside the window."""
    if value is not None and not in_date_window(value):
        raise ValidationError(str(date_window_message()), field=field)
    return value
