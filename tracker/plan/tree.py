"""Loading a plan's work-item tree with rollups in a fixed number of queries.

One query reads the plan's items, one the supporting departments, one the
departments, one the owners, and the budget provider (registered by the
projects feature through tracker.core.hooks) one for the budget sums; the tree and every rollup are then
computed in a single pass in Python. The statement count does not depend on
the size of the tree (asserted in tests).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from tracker.auth.models import User
from tracker.core.hooks import budgets_for_plan
from tracker.core.money import BudgetTotals
from tracker.db import ZERO
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.hierarchy import rolled_progress
from tracker.plan.models import WorkItem, work_item_supporting_departments
from tracker.plan.rules import is_overdue, is_stale


@dataclass
class Node:
    item: WorkItem
    depth: int
    outline: str
    children: list[Node] = field(default_factory=list)
    supporting: list[Department] = field(default_factory=list)
    overdue: bool = False
    stale: bool = False
    progress: Decimal = ZERO  # rolled up
    own_budget: BudgetTotals = field(default_factory=BudgetTotals)
    budget: BudgetTotals = field(default_factory=BudgetTotals)  # own + descendants'
    overdue_count: int = 0  # in this subtree, self included
    stale_count: int = 0
    span_start: date | None = None
    span_due: date | None = None

    @property
    def id(self) -> int:
        return self.item.id


@dataclass
class PlanTree:
    roots: list[Node]
    by_id: dict[int, Node]
    # Held so the session's (weak) identity map keeps them: item.lead_department and
    # item.owner then resolve without a query per row.
    departments: dict[int, Department] = field(default_factory=dict)
    owners: dict[int, User] = field(default_factory=dict)

    def walk(self):
        """Nodes in plan order (depth first)."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def ancestors(self, item_id: int) -> list[Node]:
        chain = []
        node = self.by_id.get(item_id)
        while node is not None and node.item.parent_id is not None:
            node = self.by_id.get(node.item.parent_id)
            if node is not None:
                chain.append(node)
        return list(reversed(chain))


def _budget_by_item(plan_id: int) -> dict[int, BudgetTotals]:
    return {item_id: BudgetTotals.of(a, b, c) for item_id, (a, b, c) in budgets_for_plan(plan_id).items()}


def _supporting_by_item(plan_id: int) -> dict[int, list[Department]]:
    rows = db.session.execute(
        select(work_item_supporting_departments.c.work_item_id, Department)
        .join(Department, Department.id == work_item_supporting_departments.c.department_id)
        .join(WorkItem, WorkItem.id == work_item_supporting_departments.c.work_item_id)
        .where(WorkItem.plan_id == plan_id)
        .order_by(Department.sort_order, Department.id)
    )
    result: dict[int, list[Department]] = defaultdict(list)
    for item_id, department in rows:
        result[item_id].append(department)
    return result


def load_tree(plan_id: int, today: date, stale_days: int, include_retired: bool = False) -> PlanTree:
    query = select(WorkItem).where(WorkItem.plan_id == plan_id).order_by(WorkItem.sort_order, WorkItem.id)
    if not include_retired:
        query = query.where(WorkItem.live)
    items = list(db.session.scalars(query))
    # Departments and owners are few; one query each fills the identity map so that
    # item.lead_department / item.owner never trigger a query per row.
    departments = {d.id: d for d in db.session.scalars(select(Department))}
    owner_ids = {i.owner_id for i in items if i.owner_id}
    owners = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(owner_ids)))} if owner_ids else {}
    budgets = _budget_by_item(plan_id)
    supporting = _supporting_by_item(plan_id)

    children_of: dict[int | None, list[WorkItem]] = defaultdict(list)
    ids = {i.id for i in items}
    for item in items:
        # A child whose parent is retired (hidden) is hidden with it.
        parent = item.parent_id if item.parent_id in ids else None
        if item.parent_id is not None and parent is None:
            continue
        children_of[parent].append(item)

    by_id: dict[int, Node] = {}

    def build(item: WorkItem, depth: int, prefix: str) -> Node:
        outline = prefix + item.shown_outline_no
        node = Node(item=item, depth=depth, outline=outline, supporting=supporting.get(item.id, []))
        node.own_budget = budgets.get(item.id, BudgetTotals())
        node.overdue = is_overdue(item.due_date, item.status, today)
        node.stale = is_stale(item.last_update_at, item.created_at, item.start_date, item.status, today, stale_days)
        by_id[item.id] = node
        node.children = [build(child, depth + 1, outline) for child in children_of.get(item.id, [])]
        _roll_up(node)
        return node

    roots = [build(item, 0, "") for item in children_of.get(None, [])]
    return PlanTree(roots=roots, by_id=by_id, departments=departments, owners=owners)


def _roll_up(node: Node) -> None:
    item = node.item
    node.budget = node.own_budget
    node.overdue_count = int(node.overdue)
    node.stale_count = int(node.stale)
    starts = [item.start_date] if item.start_date else []
    dues = [item.due_date] if item.due_date else []
    # Retired children shown with a live parent (include_retired) no longer count toward its progress: the same
    # rule as the maintained rollup_progress column (tracker.plan.hierarchy).
    counted = node.children if item.retired else [c for c in node.children if not c.item.retired]
    rolled = rolled_progress((c.item.weight, c.progress) for c in counted)
    node.progress = Decimal(item.progress) if rolled is None else rolled
    for child in node.children:
        node.budget += child.budget
        node.overdue_count += child.overdue_count
        node.stale_count += child.stale_count
        if child.span_start:
            starts.append(child.span_start)
        if child.span_due:
            dues.append(child.span_due)
    node.span_start = min(starts) if starts else None
    node.span_due = max(dues) if dues else None
