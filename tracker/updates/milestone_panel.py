""" "年度目标 / Yearly milestones" on a work item's page: each year's target beside where the item stood at that
year's end (tracker.updates.year_ends), and whether it was reached, is behind, or is not yet due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_login import current_user
from sqlalchemy import select

from tracker.core.clock import today as business_today
from tracker.core.hooks import Panel, panel_provider
from tracker.core.subjects import SubjectType
from tracker.extensions import db
from tracker.plan.milestone_rules import out_of_bounds
from tracker.plan.milestones import MilestoneState, expected_progress
from tracker.plan.milestones import milestone_state as _state
from tracker.plan.models import ItemMilestone, WorkItem
from tracker.plan.permissions import can_edit_item
from tracker.updates.year_ends import year_end_progress

PANEL_ORDER = 15  # about the item itself: before its projects (20) and indicators (30)


@dataclass(frozen=True)
class MilestoneLine:
    milestone: ItemMilestone
    actual: Decimal | None  # at the year's end; this year: now
    current: bool  # this year: the actual is "as of today"
    state: MilestoneState
    expected: int | None = None  # this year: what is expected by today


def milestone_lines(item: WorkItem, today: date) -> list[MilestoneLine]:
    """The item's milestones with their actuals: one statement, plus year_end_progress's few when there are any."""
    milestones = list(
        db.session.scalars(
            select(ItemMilestone).where(ItemMilestone.work_item_id == item.id).order_by(ItemMilestone.year)
        )
    )
    if not milestones:
        return []
    actuals = year_end_progress([item.id], [m.year for m in milestones], today).get(item.id, {})
    targets = {m.year: m.target_progress for m in milestones}
    expectation = expected_progress(targets, today)
    lines = []
    for milestone in milestones:
        actual = actuals.get(milestone.year)
        # A year the item's dates moved away from is no longer held against it (its page offers to remove it).
        if out_of_bounds(item, milestone.year):
            state = MilestoneState.OUT_OF_SPAN
        else:
            state = _state(item, milestone, actual, targets, today)
        expected = expectation.expected if expectation and milestone.year == today.year else None
        lines.append(MilestoneLine(milestone, actual, milestone.year == today.year, state, expected))
    return lines


@panel_provider
def milestones_panel(subject_type: SubjectType | str, subject: Any) -> Panel | None:
    """On work items: the table when there are milestones; for those who may set them, an invitation otherwise."""
    if subject_type != SubjectType.WORK_ITEM or not getattr(current_user, "is_authenticated", False):
        return None
    lines = milestone_lines(subject, business_today())
    may_edit = can_edit_item(current_user, subject)
    if not lines and not may_edit:
        return None
    return Panel(PANEL_ORDER, "updates/_milestones_panel.html", {"item": subject, "lines": lines, "may_edit": may_edit})
