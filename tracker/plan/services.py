"""Plan-level look-ups used by several pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tracker.auth.models import User
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.choice import shown_plan
from tracker.plan.models import Plan, WorkItem
from tracker.plan.permissions import can_change_structure
from tracker.plan.rules import overdue_clause, stale_clause
from tracker.plan.subtree import ancestors_of, subtree_node
from tracker.plan.tree import Node


def current_plan() -> Plan | None:
    """The plan this request is about, chosen explicitly (tracker.plan.choice); outside a request, the default plan.
    Every plan-scoped page, export and command reads its plan here."""
    return shown_plan()


def overdue_items(plan_id: int, today: date) -> list[WorkItem]:
    query = (
        select(WorkItem)
        .where(WorkItem.live_in(plan_id), overdue_clause(WorkItem, today))
        .order_by(WorkItem.due_date, WorkItem.id)
    )
    return list(db.session.scalars(query))


def stale_items(plan_id: int, today: date, stale_days: int) -> list[WorkItem]:
    query = (
        select(WorkItem)
        .where(WorkItem.live_in(plan_id), stale_clause(WorkItem, today, stale_days))
        .order_by(WorkItem.last_update_at, WorkItem.id)
    )
    return list(db.session.scalars(query))


def assignable_owners(actor: User, item: WorkItem) -> list[User]:
    """Active users the actor may make the item's owner (a lead: their own department's), with the current
    owner kept in the list so that saving other fields never drops them."""
    query = select(User).where(User.active.is_(True)).order_by(User.department_id, User.display_name, User.id)
    if not can_change_structure(actor):
        query = query.where(User.department_id == actor.department_id)
    users = list(db.session.scalars(query))
    if item.owner is not None and item.owner not in users:
        users.insert(0, item.owner)
    return users


def choosable_departments(*keep: Department | None) -> list[Department]:
    """Active departments in their display order, plus any switched-off one the item already names."""
    departments = list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.id)))
    kept = {d.id for d in keep if d is not None}
    return [d for d in departments if d.active or d.id in kept]


@dataclass
class ItemPage:
    """What the work-item page shows besides the item itself."""

    node: Node | None  # the item with its rollups and its children's
    ancestors: list[WorkItem]
    children: list[Node]
    outline: str


def item_page(item: WorkItem, today: date, stale_days: int) -> ItemPage:
    """The item's place in the tree with rollups, from its ancestors and its subtree only (a few queries)."""
    ancestors = ancestors_of(item)
    outline = "".join(a.shown_outline_no for a in ancestors) + item.shown_outline_no
    node = subtree_node(item, outline, today, stale_days)
    node.supporting = list(item.supporting_departments)
    return ItemPage(node=node, ancestors=ancestors, children=node.children, outline=outline)
