"""Read-side queries for project pages: the filtered list, the item panel, choices for forms.

Every function here runs a fixed number of statements whatever the number of
projects, budget lines or links (asserted by tests at two data sizes).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import ColumnElement, ColumnExpressionArgument, Select, false, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from tracker.auth.models import User
from tracker.core.money import BudgetTotals
from tracker.core.params import parse_id
from tracker.core.statuses import STATUS_VALUES
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.hierarchy import search_fold
from tracker.plan.models import WorkItem, WorkItemSearchText, work_item_supporting_departments
from tracker.plan.outline import shown_number
from tracker.plan.rules import is_overdue, overdue_clause
from tracker.projects.models import BudgetLine, Project, project_work_items

PAGE_SIZE = 25
SEARCH_MAX = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ProjectFilters:
    """The list's filters, read from and written back to the URL so a view can be bookmarked."""

    department_id: int | None = None
    status: str | None = None
    item_id: int | None = None
    overdue: bool = False
    q: str = ""
    year: int | None = None
    page: int = 1
    query_ignored: bool = False  # the query held only punctuation or spaces: it was dropped, with a notice

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ProjectFilters:
        status = args.get("status") or None
        year = parse_id(args.get("year"))
        q = _CONTROL.sub("", args.get("q") or "").strip()[:SEARCH_MAX]
        query_ignored = bool(q) and not search_fold(q)
        return cls(
            department_id=parse_id(args.get("department")),
            status=status if status in STATUS_VALUES else None,
            item_id=parse_id(args.get("item")),
            overdue=args.get("overdue") == "1",
            q="" if query_ignored else q,
            query_ignored=query_ignored,
            year=year if year is not None and 2000 <= year <= 2100 else None,
            page=parse_id(args.get("page")) or 1,
        )

    def to_args(self, **changes) -> dict[str, object]:
        """URL arguments for these filters (with `changes`), leaving out the empty ones."""
        current = replace(self, **changes)
        args = {
            "department": current.department_id,
            "status": current.status,
            "item": current.item_id,
            "overdue": 1 if current.overdue else None,
            "q": current.q or None,
            "year": current.year,
            "page": current.page if current.page > 1 else None,
        }
        return {key: value for key, value in args.items() if value is not None}

    @property
    def active(self) -> bool:
        return any(self.to_args(page=1).values())


@dataclass
class ProjectRow:
    project: Project
    budget: BudgetTotals
    overdue: bool


@dataclass
class ProjectPage:
    rows: list[ProjectRow]
    total: int
    totals: BudgetTotals
    page: int
    pages: int
    filters: ProjectFilters

    @property
    def first_index(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * PAGE_SIZE + len(self.rows)


def budget_sums(year: int | None = None):
    """Per project: approved/allocated/spent summed over its budget lines (one year, or all)."""
    query = select(BudgetLine.project_id.label("project_id"), *BudgetLine.sums()).group_by(BudgetLine.project_id)
    if year is not None:
        query = query.where(BudgetLine.year == year)
    return query.subquery("budget_sums")


def item_and_descendants(item_id: int) -> Select:
    """Ids of the item and everything below it: the paths that begin with the item's (tracker.plan.hierarchy),
    read from the plan-and-path index onwards."""
    root = aliased(WorkItem)
    return select(WorkItem.id).where(
        root.id == item_id,
        WorkItem.plan_id == root.plan_id,
        WorkItem.path >= root.path,
        func.substr(WorkItem.path, 1, func.length(root.path)) == root.path,
    )


def _serving(item_ids) -> ColumnElement[bool]:
    """Projects whose primary item is among `item_ids` or that link to one of them."""
    linked = select(project_work_items.c.project_id).where(project_work_items.c.work_item_id.in_(item_ids))
    return or_(Project.work_item_id.in_(item_ids), Project.id.in_(linked))


def _conditions(filters: ProjectFilters, plan_id: int | None, today: date) -> list[ColumnExpressionArgument[bool]]:
    in_plan = Project.in_plan(plan_id) if plan_id is not None else false()  # no plan loaded: no projects either
    conditions: list[ColumnExpressionArgument[bool]] = [Project.live, in_plan]
    if filters.department_id is not None:
        conditions.append(Project.department_id == filters.department_id)
    if filters.status is not None:
        conditions.append(Project.status == filters.status)
    if filters.item_id is not None:
        conditions.append(_serving(item_and_descendants(filters.item_id)))
    if filters.overdue:
        conditions.append(overdue_clause(Project, today))
    needle = search_fold(filters.q)
    if needle:
        conditions.append(or_(Project.id.in_(_texts_matching(needle, in_plan)), _serving(_items_named(needle))))
    return conditions


def _texts_matching(needle: str, in_plan: ColumnElement[bool]) -> list[int]:
    """The plan's live projects whose name, description or fund source holds `needle` once folded as the tree
    search folds (without quotation marks, punctuation or spaces: “两化”融合 is 两化融合). Projects keep no folded
    copy of their texts, so they are folded here: one statement, whatever the number of projects."""
    rows = db.session.execute(
        select(Project.id, Project.name, Project.description, Project.fund_source).where(Project.live, in_plan)
    )
    return [
        row.id
        for row in rows
        if any(needle in search_fold(text or "") for text in (row.name, row.description, row.fund_source))
    ]


def _items_named(needle: str) -> Select:
    """Items whose short name or title holds `needle` (their folded names, kept by tracker.plan.hierarchy_sync):
    a project is found by the names of the items it serves."""
    return select(WorkItemSearchText.work_item_id).where(WorkItemSearchText.names.contains(needle, autoescape=True))


def list_projects(filters: ProjectFilters, plan_id: int | None, today: date, per_page: int = PAGE_SIZE) -> ProjectPage:
    """The plan's projects (those whose primary item is in it): one statement for the count and budget totals over
    every match, one for the page's rows. The page shows PAGE_SIZE rows; the API asks for its own `per_page`."""
    sums = budget_sums(filters.year)
    conditions = _conditions(filters, plan_id, today)
    total, approved, allocated, spent = db.session.execute(
        select(func.count(Project.id), func.sum(sums.c.approved), func.sum(sums.c.allocated), func.sum(sums.c.spent))
        .select_from(Project)
        .outerjoin(sums, sums.c.project_id == Project.id)
        .where(*conditions)
    ).one()
    pages = max(1, -(-total // per_page))
    page = min(filters.page, pages)
    rows = db.session.execute(
        select(Project, sums.c.approved, sums.c.allocated, sums.c.spent)
        .join(Department, Department.id == Project.department_id)
        .outerjoin(sums, sums.c.project_id == Project.id)
        .where(*conditions)
        .options(contains_eager(Project.department), joinedload(Project.owner), joinedload(Project.work_item))
        .order_by(Department.sort_order, Department.id, Project.name, Project.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return ProjectPage(
        rows=[
            ProjectRow(project, BudgetTotals.of(a, b, c), is_overdue(project.due_date, project.status, today))
            for project, a, b, c in rows
        ],
        total=total,
        totals=BudgetTotals.of(approved, allocated, spent),
        page=page,
        pages=pages,
        filters=replace(filters, page=page),
    )


def projects_for_item(item_id: int, today: date) -> list[ProjectRow]:
    """The projects serving one work item (as primary or linked), with all-year budget totals: one statement."""
    sums = budget_sums()
    rows = db.session.execute(
        select(Project, sums.c.approved, sums.c.allocated, sums.c.spent)
        .outerjoin(sums, sums.c.project_id == Project.id)
        .where(Project.live, _serving([item_id]))
        .options(joinedload(Project.department), joinedload(Project.owner))
        .order_by(Project.name, Project.id)
    ).all()
    return [
        ProjectRow(project, BudgetTotals.of(a, b, c), is_overdue(project.due_date, project.status, today))
        for project, a, b, c in rows
    ]


@dataclass
class OutlineEntry:
    id: int
    outline: str
    title: str
    depth: int
    retired: bool

    @property
    def label(self) -> str:
        return f"{'　' * self.depth}{self.outline} {self.title}".rstrip()


def department_item_ids(plan_id: int | None, department_id: int | None) -> set[int]:
    """The plan's items that this department leads or supports (projects.permissions.can_attach_to_item)."""
    if plan_id is None or department_id is None:
        return set()
    supported = select(work_item_supporting_departments.c.work_item_id).where(
        work_item_supporting_departments.c.department_id == department_id
    )
    query = select(WorkItem.id).where(
        WorkItem.plan_id == plan_id, or_(WorkItem.lead_department_id == department_id, WorkItem.id.in_(supported))
    )
    return set(db.session.scalars(query))


def plan_outline(
    plan_id: int | None, keep_ids: Iterable[int] = (), only_ids: set[int] | None = None
) -> list[OutlineEntry]:
    """The plan's items in outline order (one query), without retired ones unless listed in `keep_ids`, and
    only those in `only_ids` (plus `keep_ids`) when it is given.

    Items already chosen by a project stay offered even if retired (or out of the user's scope) since, so
    that saving an unrelated change does not fail on them.
    """
    if plan_id is None:
        return []
    keep = set(keep_ids)
    rows = db.session.execute(
        select(
            WorkItem.id,
            WorkItem.parent_id,
            WorkItem.outline_no,
            WorkItem.outline_added,
            WorkItem.title,
            WorkItem.retired,
        )
        .where(WorkItem.plan_id == plan_id)
        .order_by(WorkItem.sort_order, WorkItem.id)
    ).all()
    children: dict[int | None, list] = defaultdict(list)
    ids = {row.id for row in rows}
    for row in rows:
        children[row.parent_id if row.parent_id in ids else None].append(row)
    entries: list[OutlineEntry] = []

    def walk(parent_id: int | None, depth: int, prefix: str, hidden: bool) -> None:
        for row in children.get(parent_id, []):
            outline = prefix + shown_number(row.outline_no, row.outline_added)
            row_hidden = hidden or row.retired
            offered = only_ids is None or row.id in only_ids
            if (not row_hidden and offered) or row.id in keep:
                entries.append(OutlineEntry(row.id, outline, row.title, depth, row.retired))
            walk(row.id, depth + 1, outline, row_hidden)

    walk(None, 0, "", False)
    return entries


def department_choices(keep_id: int | None = None) -> list[Department]:
    """Active departments in their usual order (plus `keep_id`, a project's current one, even if inactive)."""
    condition: ColumnElement[bool] = Department.active.is_(True)
    if keep_id is not None:
        condition = or_(condition, Department.id == keep_id)
    return list(db.session.scalars(select(Department).where(condition).order_by(Department.sort_order, Department.id)))


@dataclass
class OwnerGroup:
    department: Department
    users: list[User] = field(default_factory=list)


def owner_choices(department_ids: Iterable[int], keep_id: int | None = None) -> list[OwnerGroup]:
    """Active users of these departments, grouped by department (plus `keep_id`, the current owner)."""
    wanted = list(department_ids)
    if not wanted:
        return []
    condition: ColumnElement[bool] = User.active.is_(True)
    if keep_id is not None:
        condition = or_(condition, User.id == keep_id)
    users = db.session.scalars(
        select(User)
        .where(condition, User.department_id.in_(wanted))
        .order_by(User.department_id, User.display_name, User.id)
    )
    groups: dict[int, OwnerGroup] = {}
    for user in users:
        if user.department is not None:  # always: the query asked for these departments' people
            groups.setdefault(user.department.id, OwnerGroup(user.department)).users.append(user)
    return sorted(groups.values(), key=lambda g: (g.department.sort_order, g.department.id))
