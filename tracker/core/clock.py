"""The one place that reads today's date, so that rules can take `today` as a parameter."""

from __future__ import annotations

from datetime import date

from flask import current_app


def today() -> date:
    # Tests and demos may pin the date (TRACKER_TODAY=YYYY-MM-DD); otherwise the real date.
    pinned = current_app.config.get("TRACKER_TODAY")
    if pinned:
        return date.fromisoformat(pinned) if isinstance(pinned, str) else pinned
    return date.today()
