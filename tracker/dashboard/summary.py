"""The plan's summary as an office files it (汇总): items counted by status per department and per chapter,
overdue and stale, budget execution, indicators attained; for the whole plan or one department.

Read by the printed outputs above the dashboard: the 汇总 sheet of the Excel exports (tracker.exports) and the
implementation report (tracker.reports). Like the dashboard's figures, a fixed number of statements whatever
the size of the plan.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tracker.core.money import BudgetTotals


@dataclass
class StatusCounts:
    items: int = 0
    by_status: dict[str, int] = field(default_factory=dict)  # every status of core.statuses, zeros included
    overdue: int = 0
    stale: int = 0


@dataclass
class SummaryGroup:
    """One department (by lead department) or one chapter (a top-level item and everything under it)."""

    key: int | None  # the department's or the top-level item's id; None: items without a lead department
    label: str  # 市经信委 / "一、推进两化深度融合" (outline and title, or the short name beside it)
    counts: StatusCounts
    progress: Decimal | None = None  # chapters: the rolled-up progress; departments: None


@dataclass
class BudgetGroup:
    key: int | None
    label: str
    budget: BudgetTotals  # approved / allocated / spent; .execution_rate


@dataclass
class PlanSummary:
    department_id: int | None  # the scope: None for the whole plan
    total: StatusCounts
    by_department: list[SummaryGroup]
    by_chapter: list[SummaryGroup]
    budget_by_department: list[BudgetGroup]
    budget_by_chapter: list[BudgetGroup]
    budget_total: BudgetTotals
    indicators: Counter  # tracker.indicators.services.count_statuses: on_track / off_track / no_data / reached / all


def plan_summary(plan_id: int, today: date, stale_days: int, department_id: int | None = None) -> PlanSummary:
    """The summary of the plan's live items, or of those a department leads or supports (the plan tree's
    department filter: the same rows a department's export holds)."""
    raise NotImplementedError
