"""An item's rollups and its children's, from its subtree alone (the work-item page).

The subtree is one indexed range of paths (tracker.plan.hierarchy). One query groups it by child (the first
segment below the item) for overdue and stale counts and the date span; the budget provider (projects, through
tracker.core.hooks) sums the budgets with the same grouping; rolled-up progress is the maintained column. The
page therefore costs the same few queries for a leaf and for the plan's largest section.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, select

from tracker.core.hooks import budgets_grouped
from tracker.core.money import BudgetTotals
from tracker.extensions import db
from tracker.plan.hierarchy import SEGMENT, ancestor_ids
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_overdue, is_stale, overdue_clause, stale_clause
from tracker.plan.tree import Node
from tracker.plan.tree_page import shown_progress


def _budget(sums) -> BudgetTotals:
    return BudgetTotals.of(*sums) if sums else BudgetTotals()


def _node(item: WorkItem, depth: int, outline: str, today: date, stale_days: int) -> Node:
    return Node(
        item=item,
        depth=depth,
        outline=outline,
        overdue=is_overdue(item.due_date, item.status, today),
        stale=is_stale(item.last_update_at, item.created_at, item.start_date, item.status, today, stale_days),
        progress=shown_progress(item.rollup_progress),
    )


def ancestors_of(item: WorkItem) -> list[WorkItem]:
    """Root first, one query."""
    ids = ancestor_ids(item.path)
    if not ids:
        return []
    found = {a.id: a for a in db.session.scalars(select(WorkItem).where(WorkItem.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def subtree_node(item: WorkItem, outline: str, today: date, stale_days: int) -> Node:
    """The item as a Node with its children (in plan order) and every rollup of both. Retired descendants count
    only on a retired item's page, as the tree shows them."""
    include_retired = bool(item.retired)
    live = [] if include_retired else [WorkItem.live]
    children = list(
        db.session.scalars(
            select(WorkItem).where(WorkItem.parent_id == item.id, *live).order_by(WorkItem.sort_order, WorkItem.id)
        )
    )
    below = WorkItem.in_subtree_of(item)
    # The item's own rows group under its own (shorter) path, each descendant under its child's path.
    key = func.substr(WorkItem.path, 1, len(item.path) + SEGMENT)
    rows = db.session.execute(
        select(
            key,
            func.sum(case((overdue_clause(WorkItem, today), 1), else_=0)),
            func.sum(case((stale_clause(WorkItem, today, stale_days), 1), else_=0)),
            func.min(WorkItem.start_date),
            func.max(WorkItem.due_date),
        )
        .where(below, *live)
        .group_by(key)
    ).all()
    groups = {row[0]: row for row in rows}
    budgets = budgets_grouped(key, and_(below, *live))

    node = _node(item, item.depth, outline, today, stale_days)
    node.own_budget = _budget(budgets.get(item.path))
    node.budget = node.own_budget
    for child in children:
        child_node = _node(child, child.depth, child.shown_outline_no, today, stale_days)
        overdue, stale, start, due = groups.get(child.path, (None, 0, 0, None, None))[1:]
        child_node.overdue_count, child_node.stale_count = int(overdue or 0), int(stale or 0)
        child_node.span_start, child_node.span_due = start, due
        child_node.budget = _budget(budgets.get(child.path))
        node.children.append(child_node)
        node.budget += child_node.budget
    node.overdue_count = int(node.overdue) + sum(child.overdue_count for child in node.children)
    node.stale_count = int(node.stale) + sum(child.stale_count for child in node.children)
    starts = [d for d in (item.start_date, *(c.span_start for c in node.children)) if d]
    dues = [d for d in (item.due_date, *(c.span_due for c in node.children)) if d]
    node.span_start, node.span_due = min(starts, default=None), max(dues, default=None)
    return node
