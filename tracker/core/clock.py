"""The one place that reads today's date and the time business records are stamped with.

Rules take `today` as a parameter. With TRACKER_TODAY set (the demo, the tests) the whole app lives on that day:
`today()` is it, and `now()` is that day at the current time of day, so a report posted "today" counts for the
current period and shows beside the pinned date. Security clocks stay real whatever is pinned (session timeouts
in tracker/auth/sessions.py, sign-in throttle windows in tracker/auth/throttle.py, export slot expiry in
tracker/exports/slots.py, CSRF token ages in Flask-WTF): they read tracker.db.utcnow, never `now()`, since a
pinned clock would freeze them (a session would never time out, a lock never end).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app, has_app_context

from tracker import db as base
from tracker.core.localtime import local_today, zone


def pinned_today() -> date | None:
    """The fixed date tests and the demo run with (TRACKER_TODAY=YYYY-MM-DD), or None on the real clock."""
    pinned = current_app.config.get("TRACKER_TODAY")
    if not pinned:
        return None
    return date.fromisoformat(pinned) if isinstance(pinned, str) else pinned


def today() -> date:
    """The date in the configured zone (TRACKER_TIMEZONE), not the server's: at 02:00 in Beijing it is already
    tomorrow there while UTC still says yesterday."""
    return pinned_today() or local_today()


def now() -> datetime:
    """Naive UTC for stamping business records (reports, reviews, audit rows, exports, import batches, created_at
    and updated_at): the real time, or with a pinned today, that date at the current local time of day (in
    TRACKER_TIMEZONE) converted to UTC. Outside an app (no configuration to read) the real time."""
    real = base.utcnow()
    pinned = pinned_today() if has_app_context() else None
    if pinned is None:
        return real
    local = datetime.combine(pinned, real.replace(tzinfo=UTC).astimezone(zone()).timetz())
    return local.astimezone(UTC).replace(tzinfo=None)


# TimestampMixin's created_at/updated_at defaults live in tracker.db, which sits below core: installed from here.
base.use_business_clock(now)
