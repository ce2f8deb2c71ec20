"""What 三、逾期和滞后事项 lists: the work items and projects in a report's scope that are overdue or have gone
without a report for too long, as one list in the review queue's order (tracker.review.queue: the same clocks,
tracker.plan.rules, for both subject types), each with its newest review joined in.

A department's scope is its items (the plan tree's department filter, ReportScope.items) and its own projects (the
department the project belongs to, as the queue's department filter and the 汇总 sheet's budget read them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    String,
    case,
    func,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy import Row as SqlRow

from tracker.core.subjects import SubjectType
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem
from tracker.plan.rules import overdue_clause, stale_clause
from tracker.projects.models import Project
from tracker.reports.scope import ReportScope
from tracker.review.models import Review
from tracker.review.rules import latest_reviews


@dataclass(frozen=True)
class ProjectTally:
    """One department's late projects."""

    department_id: int
    label: str
    late: int
    overdue: int


def late_item_count(scope: ReportScope) -> int:
    """How many work items in scope are overdue or stale: one statement."""
    late = or_(overdue_clause(WorkItem, scope.today), stale_clause(WorkItem, scope.today, scope.stale_days))
    return db.session.scalar(select(func.count()).select_from(WorkItem).where(scope.items(), late)) or 0


def late_project_tallies(scope: ReportScope) -> list[ProjectTally]:
    """The late projects in scope counted per department, in department order: one statement."""
    overdue = overdue_clause(Project, scope.today)
    rows = db.session.execute(
        select(
            Department.id,
            _department_label(),
            func.count(),
            func.sum(case((overdue, 1), else_=0)),
        )
        .join(Department, Department.id == Project.department_id)
        .where(*_project_scope(scope))
        .group_by(Department.id, Department.short_name, Department.name, Department.sort_order, Department.code)
        .order_by(Department.sort_order, Department.code)
    )
    return [ProjectTally(d, label, int(late), int(over or 0)) for d, label, late, over in rows]


def late_rows(scope: ReportScope, limit: int) -> list[SqlRow[Any]]:
    """The first `limit` late items and projects in the review queue's order: overdue first, the longest overdue at
    the top; then the stale-only, the longest silent first; work items before projects when all else is equal. One
    statement. Columns: subject_type, id, path (a project's is empty), title, due_date, last_update_at, created_at,
    overdue (1/0), department, and the newest review's outcome, reviewed_at, comment, new_due_date,
    follow_up_date."""
    late = union_all(_item_arm(scope), _project_arm(scope)).subquery("late")
    statement = (
        select(late)
        .order_by(
            late.c.overdue.desc(),
            case((late.c.overdue == 1, late.c.due_date), else_=None),
            func.coalesce(late.c.last_update_at, late.c.created_at),
            late.c.subject_type.desc(),
            late.c.id,
        )
        .limit(limit)
    )
    return list(db.session.execute(statement))


def _department_label() -> ColumnElement[str]:
    return func.coalesce(func.nullif(Department.short_name, ""), Department.name)


def _project_scope(scope: ReportScope) -> list[SQLColumnExpression[bool]]:
    late = or_(overdue_clause(Project, scope.today), stale_clause(Project, scope.today, scope.stale_days))
    conditions = [Project.in_plan(scope.plan.id), Project.live, late]
    if scope.department is not None:
        conditions.append(Project.department_id == scope.department.id)
    return conditions


def _item_arm(scope: ReportScope) -> Select[Any]:
    late = or_(overdue_clause(WorkItem, scope.today), stale_clause(WorkItem, scope.today, scope.stale_days))
    arm = _arm(SubjectType.WORK_ITEM, WorkItem, scope, WorkItem.path, WorkItem.title, WorkItem.lead_department_id)
    return arm.where(scope.items(), late)


def _project_arm(scope: ReportScope) -> Select[Any]:
    no_path = literal_column("''", String)  # a project has no place in the plan's tree
    arm = _arm(SubjectType.PROJECT, Project, scope, no_path, Project.name, Project.department_id)
    return arm.where(*_project_scope(scope))


def _arm(
    subject_type: SubjectType,
    model: Any,
    scope: ReportScope,
    path: SQLColumnExpression[str],
    title: SQLColumnExpression[str],
    department_id: SQLColumnExpression[int | None],
) -> Select[Any]:
    """One subject type's rows with the department and the newest review joined in; conditions are the caller's."""
    latest = latest_reviews(subject_type)
    return (
        select(
            literal_column(f"'{subject_type.value}'", String).label("subject_type"),
            model.id.label("id"),
            path.label("path"),
            title.label("title"),
            model.due_date.label("due_date"),
            model.last_update_at.label("last_update_at"),
            model.created_at.label("created_at"),
            case((overdue_clause(model, scope.today), 1), else_=0).label("overdue"),
            _department_label().label("department"),
            Review.outcome.label("outcome"),
            Review.created_at.label("reviewed_at"),
            Review.comment.label("comment"),
            Review.new_due_date.label("new_due_date"),
            Review.follow_up_date.label("follow_up_date"),
        )
        .outerjoin(Department, Department.id == department_id)
        .outerjoin(latest, latest.c.subject_id == model.id)
        .outerjoin(Review, Review.id == latest.c.id)
    )
