"""The one place that reads today's date, so that rules can take `today` as a parameter."""

from __future__ import annotations

from datetime import date

from flask import current_app

from tracker.core.localtime import local_today


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
