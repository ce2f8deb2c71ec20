"""The /plans page's rows: every plan with its live and overdue item counts, in one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from tracker.extensions import db
from tracker.plan.models import Plan, WorkItem
from tracker.plan.rules import overdue_clause


@dataclass
class PlanRow:
    plan: Plan
    items: int  # live work items
    overdue: int  # live work items past their due date and not closed


def plan_rows(today: date) -> list[PlanRow]:
    """Plans in the order they were loaded, each with its counts: one grouped read, whatever the number of plans."""
    counts = (
        select(
            WorkItem.plan_id.label("plan_id"),
            func.count(WorkItem.id).label("live_items"),
            func.sum(case((overdue_clause(WorkItem, today), 1), else_=0)).label("overdue_items"),
        )
        .where(WorkItem.live)
        .group_by(WorkItem.plan_id)
        .subquery("plan_counts")
    )
    query = select(Plan, counts.c.live_items, counts.c.overdue_items).outerjoin(counts, counts.c.plan_id == Plan.id)
    rows = db.session.execute(query.order_by(Plan.id))
    return [PlanRow(plan, int(items or 0), int(overdue or 0)) for plan, items, overdue in rows]
