"""Budget sums per work item, offered to the plan tree through tracker.core.hooks."""

from __future__ import annotations

from sqlalchemy import select

from tracker.core.hooks import budget_group_provider, budget_provider
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.projects.models import BudgetLine, Project


@budget_provider
def budget_sums_by_item(plan_id: int) -> dict[int, tuple]:
    """One query: approved/allocated/spent summed over each item's (primary) projects."""
    rows = db.session.execute(
        select(Project.work_item_id, *BudgetLine.sums())
        .join(BudgetLine, BudgetLine.project_id == Project.id)
        .join(WorkItem, WorkItem.id == Project.work_item_id)
        .where(WorkItem.plan_id == plan_id, Project.live)
        .group_by(Project.work_item_id)
    )
    return {item_id: (a, b, c) for item_id, a, b, c in rows}


@budget_group_provider
def budget_sums_grouped(key, condition) -> dict:
    """One query: approved/allocated/spent of the (primary) projects of the work items meeting `condition`,
    grouped by `key` (an expression over work_items, e.g. the path prefix of a child's subtree)."""
    rows = db.session.execute(
        select(key, *BudgetLine.sums())
        .select_from(Project)
        .join(WorkItem, WorkItem.id == Project.work_item_id)
        .join(BudgetLine, BudgetLine.project_id == Project.id)
        .where(condition, Project.live)
        .group_by(key)
    )
    return {group: (a, b, c) for group, a, b, c in rows}
