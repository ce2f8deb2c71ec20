"""The one time zone people see: every page, export and report shows stored times through this module.

Times are stored as naive UTC (tracker.db.utcnow). TRACKER_TIMEZONE (an IANA name, Asia/Shanghai by default,
checked at start-up) is the zone they are shown in, and the zone whose calendar date is "today".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import gettext as _

# One UTC+8 zone for the whole country; the IANA database keeps the old regional names as aliases.
CHINA_ZONES = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "PRC"})


@lru_cache(maxsize=8)
def zone_named(name: str) -> ZoneInfo:
    """The zone for an IANA name; ValueError for anything zoneinfo does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def zone() -> ZoneInfo:
    return zone_named(current_app.config["TRACKER_TIMEZONE"])


def in_zone(moment: datetime, tz: ZoneInfo | None = None) -> datetime:
    """A stored time (naive UTC, or aware in any zone) as an aware time in the configured zone (or `tz`)."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.astimezone(tz or zone())


def to_local(moment: datetime, tz: ZoneInfo | None = None) -> datetime:
    """The same as naive wall-clock time, as pages and Excel cells show it. Pass `tz` (zone()) in a loop over
    many rows to look the zone up once."""
    return in_zone(moment, tz).replace(tzinfo=None)


def local_date(moment: datetime) -> date:
    """The calendar day a stored time falls on in the configured zone."""
    return to_local(moment).date()


def utc_start_of(day: date) -> datetime:
    """Local midnight at the start of `day`, as naive UTC: the bound to compare stored times with."""
    try:
        return datetime.combine(day, time.min, tzinfo=zone()).astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # the first or last representable day: nothing is stored beyond it anyway
        return datetime.min if day.year == date.min.year else datetime.max


def utc_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Stored-time bounds [begin, after) of the local calendar days first..last, both inclusive."""
    return utc_start_of(first), utc_start_of(last + timedelta(days=1))


def zone_label() -> str:
    """The zone's name as people say it: 北京时间 for China's zone, else the IANA name."""
    key = zone().key
    return _("北京时间") if key in CHINA_ZONES else key


def local_today() -> date:
    return datetime.now(zone()).date()


def format_datetime(value: date | datetime | None, *, with_time: bool = True) -> str:
    """YYYY-MM-DD HH:MM in the configured zone for a stored time, YYYY-MM-DD for a date (or without the time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
        if with_time:
            return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")
