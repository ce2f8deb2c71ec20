"""The projects and budgets sheets' rows: the plan's live projects by department with their yearly budget lines,
and each work item's budgets with its descendants', read in a fixed number of statements."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from tracker.auth.models import User
from tracker.exports.rows import DepartmentGroup, ItemBudgetRow, Money3, ProjectRow
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_overdue
from tracker.plan.tree import PlanTree
from tracker.projects.models import BudgetLine, Project


def _budget_lines(plan_id: int) -> dict[int, dict[int, Money3]]:
    rows = db.session.execute(
        select(BudgetLine.project_id, BudgetLine.year, BudgetLine.approved, BudgetLine.allocated, BudgetLine.spent)
        .join(Project, Project.id == BudgetLine.project_id)
        .join(WorkItem, WorkItem.id == Project.work_item_id)
        .where(WorkItem.plan_id == plan_id, Project.live)
    )
    lines: dict[int, dict[int, Money3]] = defaultdict(dict)
    for project_id, year, approved, allocated, spent in rows:
        money = lines[project_id].setdefault(year, Money3())
        money.add(approved, allocated, spent)
    return lines


def project_groups(plan_id: int, tree: PlanTree, today: date) -> list[DepartmentGroup]:
    """The plan's live projects by department (in the departments' order): two statements."""
    projects = db.session.execute(
        select(Project, Department, User)
        .join(Department, Department.id == Project.department_id)
        .join(WorkItem, WorkItem.id == Project.work_item_id)
        .outerjoin(User, User.id == Project.owner_id)
        .where(WorkItem.plan_id == plan_id, Project.live)
        .order_by(Department.sort_order, Department.id, Project.name, Project.id)
    ).all()
    lines = _budget_lines(plan_id)
    groups: dict[int, DepartmentGroup] = {}
    for project, department, owner in projects:
        node = tree.by_id.get(project.work_item_id)
        item = f"{node.outline} {node.item.title}".strip() if node else ""
        groups.setdefault(department.id, DepartmentGroup(department.name)).projects.append(
            ProjectRow(
                name=project.name,
                item=item,
                status=project.status,
                progress=project.progress,
                start=project.start_date,
                due=project.due_date,
                fund_source=project.fund_source,
                owner=owner.display_name if owner else "",
                overdue=is_overdue(project.due_date, project.status, today),
                years=lines.get(project.id, {}),
            )
        )
    return list(groups.values())


def item_budget_rows(plan_id: int, tree: PlanTree) -> list[ItemBudgetRow]:
    """Per work item and year, the budgets of its projects and its descendants' (one statement), in plan order;
    items without any budget in their subtree are left out."""
    rows = db.session.execute(
        select(
            Project.work_item_id,
            BudgetLine.year,
            func.sum(BudgetLine.approved),
            func.sum(BudgetLine.allocated),
            func.sum(BudgetLine.spent),
        )
        .join(BudgetLine, BudgetLine.project_id == Project.id)
        .join(WorkItem, WorkItem.id == Project.work_item_id)
        .where(WorkItem.plan_id == plan_id, Project.live)
        .group_by(Project.work_item_id, BudgetLine.year)
    )
    own: dict[int, dict[int, Money3]] = defaultdict(dict)
    for item_id, year, approved, allocated, spent in rows:
        own[item_id].setdefault(year, Money3()).add(approved, allocated, spent)
    totals: dict[int, dict[int, Money3]] = {}

    def roll_up(node) -> dict[int, Money3]:
        years: dict[int, Money3] = defaultdict(Money3)
        for year, money in own.get(node.id, {}).items():
            years[year].add(money.approved, money.allocated, money.spent)
        for child in node.children:
            for year, money in roll_up(child).items():
                years[year].add(money.approved, money.allocated, money.spent)
        totals[node.id] = years
        return years

    for root in tree.roots:
        roll_up(root)
    return [
        ItemBudgetRow(
            node.depth,
            node.outline,
            node.item.title,
            node.item.lead_department.short_name if node.item.lead_department else "",
            totals[node.id],
        )
        for node in tree.walk()
        if totals.get(node.id)
    ]
