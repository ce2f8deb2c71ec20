"""The office confirming the default departments of work items: one item, every item of a subtree, or every item
a filtered tree view matches (the tree's filters, tracker.plan.tree_filters).
The rules (what a default is, how a confirmation is audited) are tracker.org.assignment's, shared with indicators."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import ColumnExpressionArgument, func, select

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


def _count(conditions: Sequence[ColumnExpressionArgument[bool]]) -> int:
    return db.session.scalar(select(func.count()).where(*conditions)) or 0


def _confirm_where(conditions: Sequence[ColumnExpressionArgument[bool]], actor: User) -> int:
    """Confirm the default departments of every item meeting `conditions` (each audited); returns how many."""
    _require_right(actor)
    items = db.session.scalars(select(WorkItem).where(*conditions).order_by(WorkItem.path)).all()
    confirmed = confirm_default(items, actor.id, ENTITY)
    flush()
    return confirmed


def _live_defaults(*scope: ColumnExpressionArgument[bool]) -> list[ColumnExpressionArgument[bool]]:
    # Live items only, even where a view shows retired ones: a retired item's departments are history.
    return [*scope, WorkItem.live, WorkItem.assignment_source == AssignmentSource.DEFAULT]


def defaults_in_plan(plan_id: int) -> int:
    """How many live items of the plan still carry the office's default. One count."""
    return _count(_live_defaults(WorkItem.plan_id == plan_id))


def defaults_in_subtree(item: WorkItem) -> int:
    """How many live items of the item's subtree (the item included) still carry the office's default: what
    confirm_subtree would confirm. One count."""
    return _count(_live_defaults(WorkItem.in_subtree_of(item)))


def defaults_matching(plan_id: int, filters: TreeFilters, today: date, stale_days: int) -> int:
    """How many live items matching the tree's filters still carry the office's default: what confirm_matching
    would confirm. One count."""
    return _count(_live_defaults(WorkItem.plan_id == plan_id, match_clause(filters, today, stale_days)))


def confirm_item(item: WorkItem, actor: User) -> int:
    """Confirm the item's default departments as they stand; 0 when they were no default."""
    _require_right(actor)
    confirmed = confirm_default([item], actor.id, ENTITY)
    flush()
    return confirmed


def confirm_subtree(item: WorkItem, actor: User) -> int:
    """Confirm the default departments of every live item of the subtree (the item included); returns how many."""
    return _confirm_where(_live_defaults(WorkItem.in_subtree_of(item)), actor)


def confirm_matching(plan_id: int, filters: TreeFilters, today: date, stale_days: int, actor: User) -> int:
    """Confirm the default departments of every live item the tree's filters match; returns how many."""
    return _confirm_where(_live_defaults(WorkItem.plan_id == plan_id, match_clause(filters, today, stale_days)), actor)
