"""Plan-level look-ups used by several pages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.plan.models import Plan, WorkItem
from tracker.plan.rules import overdue_clause, stale_clause


def current_plan() -> Plan | None:
    """The plan the app shows: the first one loaded (the product tracks one plan at a time)."""
    return db.session.scalar(select(Plan).order_by(Plan.id).limit(1))


def overdue_items(plan_id: int, today: date) -> list[WorkItem]:
    query = (
        select(WorkItem)
        .where(WorkItem.plan_id == plan_id, WorkItem.retired.is_(False), overdue_clause(WorkItem, today))
        .order_by(WorkItem.due_date, WorkItem.id)
    )
    return list(db.session.scalars(query))


def stale_items(plan_id: int, today: date, stale_days: int) -> list[WorkItem]:
    query = (
        select(WorkItem)
        .where(WorkItem.plan_id == plan_id, WorkItem.retired.is_(False), stale_clause(WorkItem, today, stale_days))
        .order_by(WorkItem.last_update_at, WorkItem.id)
    )
    return list(db.session.scalars(query))
