"""The plan's summary as an office files it (汇总): items counted by status per department and per chapter,
overdue and stale, budget execution, indicators attained; for the whole plan or one department.

Read by the printed outputs above the dashboard: the 汇总 sheet of the Excel exports (tracker.exports) and the
implementation report (tracker.reports). Like the dashboard's figures, a fixed number of statements whatever
the size of the plan (seven), summed from the dashboard's own grouped statements (tracker.dashboard.figures), so
the sheet, the report and the dashboard count alike.

A department's scope is the plan tree's department filter (the items it leads or supports: the rows of its
tasks.xlsx) and its own projects (the department page's budget). Chapters are the plan's top-level items, each
with everything under it; a chapter's budget is that of the projects attached to an item in it. On request
(by_task), the budget by main task as well (ItemKind.TASK, as the implementation report's 二、主要任务进展 lists them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import SQLColumnExpression, and_, select

from tracker.core.money import BudgetTotals
from tracker.core.statuses import STATUS_VALUES
from tracker.dashboard.figures import ItemGroup, chapter_segment, item_groups, project_groups
from tracker.extensions import db
from tracker.indicators.services import count_statuses, indicator_rows
from tracker.org.models import Department
from tracker.plan.hierarchy import ids_on_path
from tracker.plan.models import ItemKind, WorkItem
from tracker.plan.outline import numbered, shown_number
from tracker.plan.outline_paths import full_outlines
from tracker.plan.tree_filters import involves_department
from tracker.projects.models import BudgetLine, Project

TENTH = Decimal("0.1")


@dataclass
class StatusCounts:
    items: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_VALUES, 0))  # zeros included
    overdue: int = 0
    stale: int = 0

    def add(self, group: ItemGroup) -> None:
        self.items += group.items
        self.by_status[group.status] = self.by_status.get(group.status, 0) + group.items
        self.overdue += group.overdue
        self.stale += group.stale


@dataclass
class SummaryGroup:
    """One department (by lead department) or one chapter (a top-level item and everything under it)."""

    key: int | None  # the department's or the top-level item's id; None: items without a lead department
    label: str  # 市经信委 / "一、推进两化深度融合" (the shown outline number and the title)
    counts: StatusCounts
    progress: Decimal | None = None  # chapters: the rolled-up progress; departments: None
    short_label: str = ""  # for a chart's axis: the short name people use (两化融合), else the label


@dataclass
class BudgetGroup:
    key: int | None
    label: str
    budget: BudgetTotals  # approved / allocated / spent; .execution_rate


@dataclass
class PlanSummary:
    department_id: int | None  # the scope: None for the whole plan
    total: StatusCounts
    by_department: list[SummaryGroup]  # lead departments in department order; no lead last
    by_chapter: list[SummaryGroup]  # in plan order; only chapters holding an item in scope
    budget_by_department: list[BudgetGroup]  # departments with live projects in scope
    budget_by_chapter: list[BudgetGroup]  # chapters with a project attached in scope
    budget_total: BudgetTotals
    indicators: Counter  # tracker.indicators.services.count_statuses: on_track / off_track / no_data / reached / all
    budget_years: tuple[int, ...] | None = None  # the years the budget figures sum (None: all)
    # by_task only: main tasks with a project attached in scope, in plan order, named by their full outline; last,
    # key None, 其他: projects attached to no main task (to an item above or beside them)
    budget_by_task: list[BudgetGroup] = field(default_factory=list)


def plan_summary(
    plan_id: int,
    today: date,
    stale_days: int,
    department_id: int | None = None,
    *,
    budget_years: tuple[int, ...] | None = None,
    by_task: bool = False,
) -> PlanSummary:
    """The summary of the plan's live items, or of those a department leads or supports (the plan tree's
    department filter: the same rows a department's export holds), with the budget lines of `budget_years`
    only (None: every year). Seven statements; `by_task` adds the budget by main task (three more)."""
    departments = {d.id: d for d in db.session.scalars(select(Department))}
    scope = None if department_id is None else involves_department(department_id)
    groups = item_groups(plan_id, today, stale_days, scope=scope, by_chapter=True)
    chapters = _chapters(plan_id)

    total = StatusCounts()
    by_department: dict[int | None, StatusCounts] = {}
    by_chapter: dict[int | None, StatusCounts] = {}
    for group in groups:
        total.add(group)
        by_department.setdefault(group.department_id, StatusCounts()).add(group)
        by_chapter.setdefault(group.chapter_id, StatusCounts()).add(group)

    budgets = [
        group
        for group in project_groups(plan_id, budget_years)
        if department_id is None or group.department_id == department_id
    ]
    budget_by_department = [
        BudgetGroup(group.department_id, _department_label(departments.get(group.department_id)), group.budget)
        for group in sorted(budgets, key=lambda group: _department_order(departments.get(group.department_id)))
    ]
    chapter_budgets = {
        _top_id(path): money for path, money in _budgets_by(chapter_segment(), plan_id, department_id, budget_years)
    }

    indicators = indicator_rows(plan_id)
    if department_id is not None:
        indicators = [row for row in indicators if row.indicator.responsible_department_id == department_id]

    return PlanSummary(
        department_id=department_id,
        total=total,
        by_department=[
            SummaryGroup(key, _department_label(departments.get(key) if key is not None else None), counts)
            for key, counts in sorted(
                by_department.items(),
                key=lambda entry: _department_order(departments.get(entry[0]) if entry[0] is not None else None),
            )
        ],
        by_chapter=[
            SummaryGroup(chapter.id, chapter.label, by_chapter[chapter.id], chapter.progress, chapter.short_label)
            for chapter in chapters
            if chapter.id in by_chapter
        ],
        budget_by_department=budget_by_department,
        budget_by_chapter=[
            BudgetGroup(chapter.id, chapter.label, chapter_budgets[chapter.id])
            for chapter in chapters
            if chapter.id in chapter_budgets
        ],
        budget_total=sum((group.budget for group in budget_by_department), BudgetTotals()),
        indicators=count_statuses(indicators),
        budget_years=budget_years,
        budget_by_task=_task_budgets(plan_id, department_id, budget_years) if by_task else [],
    )


def _department_label(department: Department | None) -> str:
    if department is None:
        return _("未指定部门")
    return department.short_name or department.name


def _department_order(department: Department | None) -> tuple:
    """Department order as every page lists them; items without a lead department last."""
    if department is None:
        return (1, 0, "")
    return (0, department.sort_order, department.code)


@dataclass
class _Chapter:
    id: int
    label: str
    short_label: str
    progress: Decimal


def _chapters(plan_id: int) -> list[_Chapter]:
    """The plan's top-level items in plan order: one statement."""
    rows = db.session.execute(
        select(
            WorkItem.id,
            WorkItem.outline_no,
            WorkItem.outline_added,
            WorkItem.title,
            WorkItem.short_name,
            WorkItem.rollup_progress,
        )
        .where(WorkItem.live_in(plan_id), WorkItem.parent_id.is_(None))
        .order_by(WorkItem.path)
    )
    chapters = []
    for item_id, outline_no, added, title, short_name, progress in rows:
        label = numbered(shown_number(outline_no, added), title)
        chapters.append(_Chapter(item_id, label, short_name or label, Decimal(progress).quantize(TENTH)))
    return chapters


def _top_id(path: str | None) -> int | None:
    ids = ids_on_path(path or "")
    return ids[0] if ids else None


def _budgets_by(
    key: SQLColumnExpression[str], plan_id: int, department_id: int | None, years: tuple[int, ...] | None
) -> list[tuple[str | None, BudgetTotals]]:
    """The budget lines of the live projects attached to a live item, summed per `key` of the item's path (a
    chapter's segment, or the whole path): one statement."""
    statement = (
        select(key, *BudgetLine.sums())
        .join(Project, Project.id == BudgetLine.project_id)
        .join(WorkItem, and_(WorkItem.id == Project.work_item_id, WorkItem.live_in(plan_id)))
        .where(Project.live)
        .group_by(key)
    )
    if department_id is not None:
        statement = statement.where(Project.department_id == department_id)
    if years is not None:
        statement = statement.where(BudgetLine.year.in_(years))
    return [
        (path, BudgetTotals.of(approved, allocated, spent))
        for path, approved, allocated, spent in db.session.execute(statement)
    ]


def _task_budgets(plan_id: int, department_id: int | None, years: tuple[int, ...] | None) -> list[BudgetGroup]:
    """The budget per main task: each project counts under the nearest main task at or above the item it is
    attached to (so a task nested in another counts apart from it), or under 其他 when there is none. Three
    statements whatever the budgets hold (a report's count must not depend on them): the budget per item, the
    plan's main tasks, their full outlines."""
    per_item = [
        (ids_on_path(path or ""), money) for path, money in _budgets_by(WorkItem.path, plan_id, department_id, years)
    ]
    tasks = db.session.execute(
        select(WorkItem.id, WorkItem.path, WorkItem.title)
        .where(WorkItem.live_in(plan_id), WorkItem.kind == ItemKind.TASK.value)
        .order_by(WorkItem.path)
    ).all()
    task_ids = {task.id for task in tasks}
    totals: dict[int | None, BudgetTotals] = {}
    for ids, money in per_item:
        task_id = next((item_id for item_id in reversed(ids) if item_id in task_ids), None)
        totals[task_id] = totals.get(task_id, BudgetTotals()) + money
    funded = [task for task in tasks if task.id in totals]
    # Every main task's outline, not only the funded ones': the statement is sent whatever the budgets hold.
    outlines = full_outlines(plan_id, {task.id: task.path for task in tasks})
    groups = [BudgetGroup(task.id, numbered(outlines.get(task.id, ""), task.title), totals[task.id]) for task in funded]
    if None in totals:
        groups.append(BudgetGroup(None, _("其他"), totals[None]))
    return groups
