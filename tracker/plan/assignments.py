"""The office confirming the default departments of work items: one item, every item of a subtree, or every item
a filtered tree view matches (the tree's filters, tracker.plan.tree_filters).
The rules (what a default is, how a confirmation is audited) are tracker.org.assignment's, shared with indicators."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, select

from tracker.auth.models import User
from tracker.core import audit
from tracker.core.errors import PermissionDenied
from tracker.core.transactions import flush
from tracker.extensions import db
from tracker.org.assignment import AssignmentSource, confirm_default
from tracker.org.permissions import can_confirm_assignments
from tracker.plan.models import WorkItem
from tracker.plan.tree_filters import TreeFilters, match_clause

ENTITY = audit.AuditEntity.WORK_ITEM


def _require_right(actor: User) -> None:
    if not can_confirm_assignments(actor):
        raise PermissionDenied(_("只有信息化办公室和系统管理员可以确认分工。"))


def _defaults_in_subtree(item: WorkItem):
    return WorkItem.in_subtree_of(item), WorkItem.live, WorkItem.assignment_source == AssignmentSource.DEFAULT


def defaults_in_subtree(item: WorkItem) -> int:
    """How many live items of the item's subtree (the item included) still carry the office's default: what the
    subtree confirmation would confirm. One count."""
    return db.session.scalar(select(func.count()).where(*_defaults_in_subtree(item))) or 0


def defaults_in_plan(plan_id: int) -> int:
    """How many live items of the plan still carry the office's default. One count."""
    condition = WorkItem.assignment_source == AssignmentSource.DEFAULT
    return db.session.scalar(select(func.count()).where(WorkItem.live_in(plan_id), condition)) or 0


def confirm_item(item: WorkItem, actor: User) -> int:
    """Confirm the item's default departments as they stand; 0 when they were no default."""
    _require_right(actor)
    confirmed = confirm_default([item], actor.id, ENTITY)
    flush()
    return confirmed


def confirm_subtree(item: WorkItem, actor: User) -> int:
    """Confirm the default departments of every live item of the subtree (the item included); returns how many."""
    _require_right(actor)
    items = db.session.scalars(select(WorkItem).where(*_defaults_in_subtree(item)).order_by(WorkItem.path)).all()
    confirmed = confirm_default(items, actor.id, ENTITY)
    flush()
    return confirmed


def _defaults_matching(plan_id: int, filters: TreeFilters, today: date, stale_days: int) -> list[ColumnElement[bool]]:
    # Live items only, even when the view shows retired ones: a retired item's departments are history.
    return [
        WorkItem.live_in(plan_id),
        match_clause(filters, today, stale_days),
        WorkItem.assignment_source == AssignmentSource.DEFAULT,
    ]


def defaults_matching(plan_id: int, filters: TreeFilters, today: date, stale_days: int) -> int:
    """How many live items matching the tree's filters still carry the office's default. One count."""
    return db.session.scalar(select(func.count()).where(*_defaults_matching(plan_id, filters, today, stale_days))) or 0


def confirm_matching(plan_id: int, filters: TreeFilters, today: date, stale_days: int, actor: User) -> int:
    """Confirm the default departments of every live item the filters match; returns how many."""
    _require_right(actor)
    query = select(WorkItem).where(*_defaults_matching(plan_id, filters, today, stale_days)).order_by(WorkItem.path)
    confirmed = confirm_default(db.session.scalars(query).all(), actor.id, ENTITY)
    flush()
    return confirmed
