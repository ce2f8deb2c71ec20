"""Department figures for the department pages, each a fixed number of SQL aggregates whatever the data size.

Items count in the plan the app shows (plan.services.current_plan); retired items and
projects are left out everywhere. Overdue and stale use the plan's own SQL rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Case, ColumnElement, Select, and_, case, or_, select
from sqlalchemy.orm import joinedload

from tracker.auth.models import User
from tracker.core.money import BudgetTotals
from tracker.dashboard import figures
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.milestones import behind_milestone_clause
from tracker.plan.models import WorkItem, work_item_supporting_departments
from tracker.plan.rules import is_open, overdue_clause, stale_clause
from tracker.plan.services import current_plan
from tracker.projects.models import BudgetLine, Project
from tracker.projects.queries import budget_sums


@dataclass
class DepartmentSummary:
    department: Department
    items_led: int = 0
    open_items: int = 0  # led items not completed or suspended: the ones the overdue clock runs for
    overdue: int = 0
    stale: int = 0
    behind: int = 0  # led items behind this year's milestone
    projects: int = 0
    budget: BudgetTotals = field(default_factory=BudgetTotals)
    last_update_at: datetime | None = None

    @property
    def involved(self) -> bool:
        """Leads an item or owns a project: worth a row on the dashboard."""
        return bool(self.items_led or self.projects)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Open led items that are not overdue, as a percentage of open led items (half up to 0.1); None when
        nothing is open."""
        if not self.open_items:
            return None
        on_time = Decimal(self.open_items - self.overdue)
        return (on_time * 100 / self.open_items).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _flag(condition: ColumnElement[bool]) -> Case[int]:
    """1/0 for a condition, so every database can sum it."""
    return case((condition, 1), else_=0)


def _latest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def department_summaries(
    today: date,
    stale_days: int,
    item_groups: list[figures.ItemGroup] | None = None,
    project_groups: list[figures.ProjectGroup] | None = None,
) -> list[DepartmentSummary]:
    """Every active department with its counts, in department order: three statements, one when the dashboard
    passes the groups it has already read for its own figures."""
    departments = db.session.scalars(
        select(Department).where(Department.active.is_(True)).order_by(Department.sort_order, Department.code)
    )
    # Keyed by int | None so that a group without a department (None) simply finds no summary.
    summaries: dict[int | None, DepartmentSummary] = {d.id: DepartmentSummary(d) for d in departments}
    plan = current_plan()
    if item_groups is None:
        item_groups = [] if plan is None else figures.item_groups(plan.id, today, stale_days)
    if project_groups is None:
        project_groups = [] if plan is None else figures.project_groups(plan.id)
    for group in item_groups:
        if (summary := summaries.get(group.department_id)) is not None:
            summary.items_led += group.items
            if is_open(group.status):
                summary.open_items += group.items
            summary.overdue += group.overdue
            summary.stale += group.stale
            summary.behind += group.behind
            summary.last_update_at = _latest(summary.last_update_at, group.last_update_at)
    for project_group in project_groups:
        if (summary := summaries.get(project_group.department_id)) is not None:
            summary.projects = project_group.projects
            summary.budget = project_group.budget
            summary.last_update_at = _latest(summary.last_update_at, project_group.last_update_at)
    return list(summaries.values())


@dataclass
class ItemRow:
    item: WorkItem
    overdue: bool
    stale: bool
    behind: bool = False  # behind this year's milestone


@dataclass
class ProjectRow:
    project: Project
    overdue: bool
    stale: bool
    budget: BudgetTotals


@dataclass
class DepartmentDetail:
    department: Department
    led_items: list[ItemRow]
    supporting_items: list[ItemRow]
    projects: list[ProjectRow]
    budget_by_year: list[tuple[int, BudgetTotals]]
    users: list[User]

    @property
    def budget_total(self) -> BudgetTotals:
        return sum((money for _year, money in self.budget_by_year), BudgetTotals())

    @property
    def overdue_items(self) -> int:
        return sum(row.overdue for row in self.led_items)

    @property
    def stale_items(self) -> int:
        return sum(row.stale for row in self.led_items)

    @property
    def behind_items(self) -> int:
        return sum(row.behind for row in self.led_items)

    @property
    def overdue_projects(self) -> int:
        return sum(row.overdue for row in self.projects)

    @property
    def last_update_at(self) -> datetime | None:
        return _latest(
            *(row.item.last_update_at for row in self.led_items),
            *(row.project.last_update_at for row in self.projects),
        )


def _items_query(plan_id: int, department_id: int, today: date, stale_days: int) -> Select[WorkItem, int, int, int]:
    supported = select(work_item_supporting_departments.c.work_item_id).where(
        work_item_supporting_departments.c.department_id == department_id
    )
    return (
        select(
            WorkItem,
            _flag(overdue_clause(WorkItem, today)),
            _flag(stale_clause(WorkItem, today, stale_days)),
            _flag(behind_milestone_clause(WorkItem, today)),
        )
        .options(joinedload(WorkItem.owner), joinedload(WorkItem.parent), joinedload(WorkItem.lead_department))
        .where(
            WorkItem.live_in(plan_id),
            or_(WorkItem.lead_department_id == department_id, WorkItem.id.in_(supported)),
        )
        .order_by(WorkItem.due_date.is_(None), WorkItem.due_date, WorkItem.id)
    )


def _projects_query(
    plan_id: int, department_id: int, today: date, stale_days: int
) -> Select[Project, int, int, Decimal, Decimal, Decimal]:
    sums = budget_sums()
    return (
        select(
            Project,
            _flag(overdue_clause(Project, today)),
            _flag(stale_clause(Project, today, stale_days)),
            sums.c.approved,
            sums.c.allocated,
            sums.c.spent,
        )
        .outerjoin(sums, sums.c.project_id == Project.id)
        .options(joinedload(Project.owner), joinedload(Project.work_item))
        .where(Project.department_id == department_id, Project.live, Project.in_plan(plan_id))
        .order_by(Project.due_date.is_(None), Project.due_date, Project.id)
    )


def department_detail(department: Department, today: date, stale_days: int) -> DepartmentDetail:
    """Everything the department page shows, in six statements."""
    led: list[ItemRow] = []
    supporting: list[ItemRow] = []
    projects: list[ProjectRow] = []
    by_year: list[tuple[int, BudgetTotals]] = []
    plan = current_plan()
    if plan is not None:
        for item, overdue, stale, behind in db.session.execute(_items_query(plan.id, department.id, today, stale_days)):
            row = ItemRow(item, bool(overdue), bool(stale), bool(behind))
            (led if item.lead_department_id == department.id else supporting).append(row)
        projects = [
            ProjectRow(project, bool(overdue), bool(stale), BudgetTotals.of(a, b, c))
            for project, overdue, stale, a, b, c in db.session.execute(
                _projects_query(plan.id, department.id, today, stale_days)
            )
        ]
        by_year = [
            (year, BudgetTotals.of(*sums))
            for year, *sums in db.session.execute(
                select(BudgetLine.year, *BudgetLine.sums())
                .join(Project, Project.id == BudgetLine.project_id)
                .where(and_(Project.department_id == department.id, Project.live, Project.in_plan(plan.id)))
                .group_by(BudgetLine.year)
                .order_by(BudgetLine.year)
            )
        ]
    users = db.session.scalars(
        select(User)
        .where(User.department_id == department.id, User.active.is_(True))
        .order_by(case({"lead": 0, "member": 1}, value=User.role, else_=2), User.display_name)
    )
    return DepartmentDetail(
        department=department,
        led_items=led,
        supporting_items=supporting,
        projects=projects,
        budget_by_year=by_year,
        users=list(users),
    )
