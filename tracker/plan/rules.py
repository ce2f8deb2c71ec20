"""Overdue and stale: the two clocks the office watches. `today` is always a parameter."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, or_

from tracker.core.statuses import CLOSED_STATUSES


def is_open(status: str) -> bool:
    """Not completed or suspended: the clocks run."""
    return status not in CLOSED_STATUSES


def is_overdue(due_date: date | None, status: str, today: date) -> bool:
    return due_date is not None and due_date < today and is_open(status)


def stale_cutoff(today: date, stale_days: int) -> datetime:
    """Reports older than this moment no longer count as recent."""
    return datetime.combine(today - timedelta(days=stale_days), time.min)


def is_stale(
    last_update_at: datetime | None,
    created_at: datetime,
    start_date: date | None,
    status: str,
    today: date,
    stale_days: int,
) -> bool:
    """Open, already started, and nothing reported for `stale_days` (never reported: counted from creation)."""
    if not is_open(status) or (start_date is not None and start_date > today):
        return False
    return (last_update_at or created_at) < stale_cutoff(today, stale_days)


def open_clause(model) -> ColumnElement[bool]:
    """The same rule as is_open, as SQL over a model with a status."""
    return model.status.not_in(CLOSED_STATUSES)


def overdue_clause(model, today: date) -> ColumnElement[bool]:
    """The same rule as is_overdue, as SQL over a model with due_date and status."""
    return and_(model.due_date.is_not(None), model.due_date < today, open_clause(model))


def on_time_clause(model, today: date) -> ColumnElement[bool]:
    """Open (not completed or suspended) and not overdue: the dashboard's 在办未逾期."""
    not_yet_due = or_(model.due_date.is_(None), model.due_date >= today)
    return and_(open_clause(model), not_yet_due)


def stale_clause(model, today: date, stale_days: int) -> ColumnElement[bool]:
    return and_(
        open_clause(model),
        or_(model.start_date.is_(None), model.start_date <= today),
        func.coalesce(model.last_update_at, model.created_at) < stale_cutoff(today, stale_days),
    )
