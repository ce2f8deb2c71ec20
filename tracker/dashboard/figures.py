"""The dashboard's figures, each from a fixed number of statements whatever the size of the plan.

The plan's counts and the department rows (tracker.dashboard.services) are summed from the same grouped
statements (item_groups, project_groups), so a page reads the plan's items and projects once.

Rolled-up progress is the work items' maintained rollup column (the figure the plan tree shows; a test checks it
against tracker.plan.tree and against sums worked out independently). Overdue and stale use the plan's own SQL
rules, so every count here equals the number of rows the linked, filtered list shows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Case, ColumnElement, and_, case, distinct, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, contains_eager, joinedload

from tracker.core.money import BudgetTotals
from tracker.core.statuses import STATUS_VALUES
from tracker.extensions import db
from tracker.indicators.progress import Track
from tracker.indicators.services import IndicatorRow, count_statuses, indicator_rows
from tracker.plan import hierarchy
from tracker.plan.hierarchy import rolled_progress
from tracker.plan.milestones import behind_milestone_clause
from tracker.plan.models import ItemKind, WorkItem
from tracker.plan.outline import shown_chain, shown_number
from tracker.plan.rules import is_overdue, overdue_clause, stale_clause
from tracker.projects.models import BudgetLine, Project
from tracker.updates.models import StatusUpdate

TENTH = Decimal("0.1")
MAIN_KINDS = (ItemKind.TASK.value, ItemKind.GOAL.value)
LATEST_UPDATES = 10
INDICATOR_ROWS = 10


@dataclass
class MainItem:
    """A main task or a goal, with its rolled-up progress."""

    id: int
    kind: str
    outline: str
    title: str
    progress: Decimal
    overdue: bool
    short_name: str = ""


@dataclass
class PlanFigures:
    progress: Decimal | None  # the whole plan: the top-level items rolled up like a parent's children
    items: int = 0
    overdue: int = 0
    stale: int = 0
    behind: int = 0  # behind this year's milestone (tracker.plan.milestones)
    by_status: dict[str, int] = field(default_factory=dict)
    main_items: list[MainItem] = field(default_factory=list)


def _flag(condition: ColumnElement[bool]) -> Case[int]:
    return case((condition, 1), else_=0)


@dataclass
class ItemGroup:
    """The plan's live items of one lead department (None: no lead) and one status, counted."""

    department_id: int | None
    status: str
    items: int
    overdue: int
    stale: int
    last_update_at: datetime | None
    chapter_id: int | None = None  # with by_chapter: the top-level item the group's items sit under
    behind: int = 0  # behind this year's milestone


def chapter_segment() -> ColumnElement[str]:
    """The first segment of an item's path: its top-level item (the chapter), as SQL a GROUP BY can use."""
    return func.substr(WorkItem.path, 1, hierarchy.SEGMENT)


def _chapter_id(segment: str | None) -> int | None:
    ids = hierarchy.ids_on_path(segment or "")
    return ids[0] if ids else None


def item_groups(
    plan_id: int,
    today: date,
    stale_days: int,
    *,
    scope: ColumnElement[bool] | None = None,
    by_chapter: bool = False,
) -> list[ItemGroup]:
    """The live items counted per lead department and status, overdue and stale included: one statement.

    The groups follow the clocks index (plan, retired, department, status, then the clocks' columns), so the
    database reads that index alone, in order, without sorting; the plan's figures and every department's
    are summed from these few hundred groups. `scope` narrows the items (a department's, tracker.dashboard.summary);
    `by_chapter` splits the groups by top-level item as well (reading the path, so no longer the index alone).
    """
    keys: list[ColumnElement[Any] | InstrumentedAttribute[Any]] = [WorkItem.lead_department_id, WorkItem.status]
    if by_chapter:
        keys.append(chapter_segment())
    statement = select(
        *keys,
        func.count(),
        func.sum(_flag(overdue_clause(WorkItem, today))),
        func.sum(_flag(stale_clause(WorkItem, today, stale_days))),
        func.max(WorkItem.last_update_at),
        # An indexed look-up of the item's milestones per item: no longer the clocks index alone, still one statement.
        func.sum(_flag(behind_milestone_clause(WorkItem, today))),
    ).where(WorkItem.live_in(plan_id))
    if scope is not None:
        statement = statement.where(scope)
    groups = []
    for department_id, status, *rest in db.session.execute(statement.group_by(*keys)):
        chapter = _chapter_id(rest.pop(0)) if by_chapter else None
        count, overdue, stale, last, behind = rest
        groups.append(
            ItemGroup(department_id, status, count, int(overdue or 0), int(stale or 0), last, chapter, int(behind or 0))
        )
    return groups


def plan_progress(plan_id: int) -> Decimal | None:
    """The whole plan's progress: its top-level items rolled up like a parent's children (one statement); None for
    a plan with nothing to count."""
    roots = db.session.execute(
        select(WorkItem.weight, WorkItem.rollup_progress).where(WorkItem.live_in(plan_id), WorkItem.parent_id.is_(None))
    )
    return rolled_progress((weight, progress) for weight, progress in roots)


def plan_figures(plan_id: int, today: date, groups: list[ItemGroup]) -> PlanFigures:
    """Progress of the plan and of each task and goal, counts by status, overdue and stale (from `groups`,
    item_groups of the same plan): three statements.

    Rolled-up progress is the maintained `rollup_progress` column (tracker.plan.hierarchy_sync), the figure the
    plan tree shows; the plan's own progress rolls the top-level items up by the same rule.
    """
    figures = PlanFigures(progress=None, by_status=dict.fromkeys(STATUS_VALUES, 0))
    for group in groups:
        figures.by_status[group.status] += group.items
        figures.items += group.items
        figures.overdue += group.overdue
        figures.stale += group.stale
        figures.behind += group.behind

    figures.progress = plan_progress(plan_id)

    main = db.session.execute(
        select(
            WorkItem.id,
            WorkItem.kind,
            WorkItem.outline_no,
            WorkItem.outline_added,
            WorkItem.title,
            WorkItem.short_name,
            WorkItem.rollup_progress,
            WorkItem.path,
            WorkItem.due_date,
            WorkItem.status,
        )
        .where(WorkItem.live_in(plan_id), WorkItem.kind.in_(MAIN_KINDS))
        .order_by(WorkItem.path)
    ).all()
    # The outline the tree shows is the chain of outline numbers from the root ("三、(一)1."): one look-up for
    # the ancestors of every main item together.
    ancestor_ids = {ancestor for row in main for ancestor in hierarchy.ancestor_ids(row.path)}
    numbers: dict[int, tuple[str, bool]] = {}
    if ancestor_ids:
        rows = db.session.execute(
            select(WorkItem.id, WorkItem.outline_no, WorkItem.outline_added).where(WorkItem.id.in_(ancestor_ids))
        )
        numbers = {item_id: (outline_no, added) for item_id, outline_no, added in rows}
    for row in main:
        prefix = shown_chain(numbers[ancestor] for ancestor in hierarchy.ancestor_ids(row.path) if ancestor in numbers)
        figures.main_items.append(
            MainItem(
                id=row.id,
                kind=row.kind,
                outline=prefix + shown_number(row.outline_no, row.outline_added),
                title=row.title,
                short_name=row.short_name or "",
                progress=Decimal(row.rollup_progress).quantize(TENTH),
                overdue=is_overdue(row.due_date, row.status, today),
            )
        )
    return figures


@dataclass
class ProjectGroup:
    """One department's live projects: how many, the newest report on them, their budget lines summed."""

    department_id: int
    projects: int
    last_update_at: datetime | None
    budget: BudgetTotals


def project_groups(plan_id: int, years: tuple[int, ...] | None = None) -> list[ProjectGroup]:
    """Every department's live projects in the plan and their budgets (active departments or not): one statement.
    `years` sums only those years' budget lines (None: every year); the projects are counted all the same."""
    lines = BudgetLine.project_id == Project.id
    if years is not None:
        lines = and_(lines, BudgetLine.year.in_(years))
    rows = db.session.execute(
        select(
            Project.department_id,
            func.count(distinct(Project.id)),
            func.max(Project.last_update_at),
            *BudgetLine.sums(),
        )
        .outerjoin(BudgetLine, lines)
        .where(Project.live, Project.in_plan(plan_id))
        .group_by(Project.department_id)
    )
    return [
        ProjectGroup(department_id, count, last, BudgetTotals.of(approved, allocated, spent))
        for department_id, count, last, approved, allocated, spent in rows
    ]


@dataclass
class ProjectTotals:
    projects: int
    budget: BudgetTotals


def project_totals(groups: list[ProjectGroup]) -> ProjectTotals:
    """Every live project and its budget lines summed, as the unfiltered project list totals them (from
    project_groups)."""
    return ProjectTotals(
        sum(group.projects for group in groups), sum((group.budget for group in groups), BudgetTotals())
    )


@dataclass
class IndicatorFigures:
    counts: Counter  # on_track / off_track / no_data / reached / all
    rows: list[IndicatorRow]  # the few the dashboard lists: furthest behind first


_TRACK_ORDER = {Track.OFF_TRACK: 0, Track.ON_TRACK: 1, Track.NO_DATA: 2}


def indicator_figures(plan_id: int) -> IndicatorFigures:
    """The register's status counts and the indicators most behind: two statements."""
    rows = indicator_rows(plan_id)
    ranked = sorted(
        rows,
        key=lambda row: (
            _TRACK_ORDER[row.assessment.track],
            row.assessment.percent if row.assessment.percent is not None else Decimal(0),
        ),
    )
    return IndicatorFigures(counts=count_statuses(rows), rows=ranked[:INDICATOR_ROWS])


def latest_updates(plan_id: int, limit: int = LATEST_UPDATES) -> list[StatusUpdate]:
    """The newest approved status updates on the plan's items and on its projects (drafts wait for their lead),
    with author and subject: one statement."""
    projects = select(Project.id).where(Project.in_plan(plan_id))
    return list(
        db.session.scalars(
            select(StatusUpdate)
            .outerjoin(WorkItem, WorkItem.id == StatusUpdate.work_item_id)
            .where(or_(WorkItem.plan_id == plan_id, StatusUpdate.project_id.in_(projects)), StatusUpdate.took_effect)
            .options(
                joinedload(StatusUpdate.author),
                contains_eager(StatusUpdate.work_item),
                joinedload(StatusUpdate.project),
            )
            .order_by(StatusUpdate.created_at.desc(), StatusUpdate.id.desc())
            .limit(limit)
        )
    )
