"""Behind this year's milestone: the yearly clock beside overdue and stale (tracker.plan.rules).

A work item's milestones (ItemMilestone) say what progress it should have reached by the end of each year. Between
two year ends the expected progress rises on a straight line: from the latest earlier milestone's target (0 before
the first) on the last day of the year before, to this year's target on 31 December. A year without a milestone
expects what the latest earlier one did. Where no milestone of this year or earlier has a target progress, nothing
is expected yet (a deliverable alone cannot be measured).

The expected figure is a whole percentage, rounded down (in the department's favour), and an open item is behind
when its (rolled-up) progress is below it. The Python and the SQL forms below compute the same number from the same
integers, so a page's flag and a queue's filter never disagree. `today` is always a parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from sqlalchemy import ColumnElement, Integer, case, func, literal, select
from sqlalchemy.orm import aliased

from tracker.plan.models import ItemMilestone, WorkItem
from tracker.plan.rules import is_open, open_clause


def _days_into(today: date) -> tuple[int, int]:
    """(days of today's year that have passed, today included; days in the year)."""
    days_in_year = (date(today.year + 1, 1, 1) - date(today.year, 1, 1)).days
    return today.timetuple().tm_yday, days_in_year


@dataclass(frozen=True)
class Expectation:
    """What an item should have reached by `today`, and the milestone that sets it."""

    expected: int  # whole percent, rounded down
    year_target: int | None  # this year's target progress, where this year has one


def expected_progress(targets: Mapping[int, int | None], today: date) -> Expectation | None:
    """The progress expected of an item by `today`, from its target progress by year (None: a deliverable only)."""
    earlier = [target for year, target in targets.items() if year < today.year and target is not None]
    current = targets.get(today.year)
    if not earlier and current is None:
        return None
    before = max(earlier, default=0)
    if current is None:
        return Expectation(before, None)
    elapsed, days = _days_into(today)
    return Expectation((before * days + (current - before) * elapsed) // days, current)


def is_behind_milestone(progress: Decimal | int, status: str, targets: Mapping[int, int | None], today: date) -> bool:
    """Whether an item with this (rolled-up) progress and status is behind the progress its milestones expect."""
    expectation = expected_progress(targets, today)
    return expectation is not None and is_open(status) and progress < expectation.expected


class MilestoneState(StrEnum):
    REACHED = "reached"  # 达成
    MISSED = "missed"  # 未达成: a past year ended below its target
    BEHIND = "behind"  # 落后: this year, below the progress expected by today
    NOT_DUE = "not_due"  # 未到期
    UNMEASURED = "unmeasured"  # a deliverable alone: nothing to compare
    OUT_OF_SPAN = "out_of_span"  # 不在事项期限内: the item's dates (or the plan's period) no longer include the year


class _Progressing(Protocol):
    @property
    def rollup_progress(self) -> Decimal: ...
    @property
    def status(self) -> str: ...


class _Yearly(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def target_progress(self) -> int | None: ...


def milestone_state(
    item: _Progressing, milestone: _Yearly, actual: Decimal | None, targets: Mapping[int, int | None], today: date
) -> MilestoneState:
    """Where one milestone stands: `actual` is the item's progress at that year's end (this year: now). One
    decision for the item page's panel and the timeline's diamonds."""
    target = milestone.target_progress
    if milestone.year > today.year:
        return MilestoneState.NOT_DUE
    if target is None:
        return MilestoneState.UNMEASURED
    reached = actual is not None and actual >= target
    if milestone.year < today.year:
        return MilestoneState.REACHED if reached else MilestoneState.MISSED
    if reached:
        return MilestoneState.REACHED
    if is_behind_milestone(item.rollup_progress, item.status, targets, today):
        return MilestoneState.BEHIND
    return MilestoneState.NOT_DUE


def _expected_from(before, current, today: date) -> ColumnElement[int | None]:
    """The expected whole percent from the latest earlier target and this year's (either may be NULL)."""
    elapsed, days = _days_into(today)
    start = func.coalesce(before, 0)
    # Integers on both sides of //, so every database divides whole numbers (SQLite and PostgreSQL with "/",
    # MariaDB with FLOOR(a / b)): the same rounding down as the Python form.
    rising = (start * literal(days, Integer) + (current - start) * literal(elapsed, Integer)) // literal(days, Integer)
    return case((current.is_not(None), rising), else_=before)


def expected_progress_sql(model, today: date) -> ColumnElement[int | None]:
    """expected_progress as SQL over a work item model (NULL where nothing is expected yet): for the rows a page
    shows; to pick rows out of a whole plan, behind_milestone_clause reads the milestones table once instead."""
    year = ItemMilestone.year
    mine = ItemMilestone.work_item_id == model.id
    before = (
        select(func.max(ItemMilestone.target_progress))
        .where(mine, year < today.year, ItemMilestone.target_progress.is_not(None))
        .scalar_subquery()
    )
    current = select(ItemMilestone.target_progress).where(mine, year == today.year).scalar_subquery()
    return _expected_from(before, current, today)


def behind_milestone_clause(model, today: date) -> ColumnElement[bool]:
    """The same rule as is_behind_milestone, as SQL over a work item model: its id among the items behind.

    Those are found from the milestones table grouped by item (the latest earlier target, this year's) joined to
    their items: one uncorrelated subquery the database runs once, over the items that have milestones, rather
    than two lookups for every item of the plan (the dashboard counts over all of them)."""
    year, target = ItemMilestone.year, ItemMilestone.target_progress
    line = (
        select(
            ItemMilestone.work_item_id.label("item_id"),
            func.max(case((year < today.year, target))).label("before"),
            func.max(case((year == today.year, target))).label("current"),
        )
        .group_by(ItemMilestone.work_item_id)
        .subquery("milestone_line")
    )
    item = aliased(WorkItem, name="behind_item")
    expected = _expected_from(line.c.before, line.c.current, today)
    behind = (
        select(line.c.item_id)
        .join(item, item.id == line.c.item_id)
        .where(open_clause(item), expected.is_not(None), item.rollup_progress < expected)
    )
    return model.id.in_(behind)
