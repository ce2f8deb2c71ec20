"""The "我的工作" page: what one signed-in person should look at in the current plan.

Four lists, each one statement (the requests two, one per subject type), whatever the size of the plan: the items
and projects they own; their department's open items due within DEPARTMENT_DUE_DAYS or overdue; the office's open
requests awaiting their department's answer; the reports awaiting their sign-off (leads). Each list is capped at
LIST_LIMIT rows, the most urgent first, so that a page never grows with the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.auth.models import User
from tracker.extensions import db
from tracker.plan.models import Plan, WorkItem
from tracker.plan.rules import is_overdue, open_clause
from tracker.projects.models import Project
from tracker.review.requests import OpenRequest, open_requests

DEPARTMENT_DUE_DAYS = 30
LIST_LIMIT = 100

# The lead's sign-off queue comes from the updates feature (helper "signoff"); until it exists this adapter answers
# with nothing, and the page hides the section. (user, plan_id, limit) -> the reports awaiting that person.
SignOffSource = Callable[[User, int, int], list[Any]]


def _no_sign_off_queue(_user: User, _plan_id: int, _limit: int) -> list[Any]:
    return []


sign_off_source: SignOffSource = _no_sign_off_queue


@dataclass
class MyWork:
    plan: Plan | None
    today: date
    items: list[WorkItem] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    department_items: list[WorkItem] = field(default_factory=list)
    requests: list[OpenRequest] = field(default_factory=list)
    sign_offs: list[Any] = field(default_factory=list)
    shows_sign_offs: bool = False
    due_until: date | None = None

    def is_overdue(self, subject: WorkItem | Project) -> bool:
        return is_overdue(subject.due_date, subject.status, self.today)

    @property
    def empty(self) -> bool:
        return not (self.items or self.projects or self.department_items or self.requests or self.sign_offs)


def _urgent_first(model: Any) -> tuple:
    """Due date first (undated last), then the plan's own order."""
    return (model.due_date.is_(None), model.due_date, model.id)


def owned_items(user: User, plan_id: int) -> list[WorkItem]:
    query = (
        select(WorkItem)
        .options(joinedload(WorkItem.lead_department))
        .where(WorkItem.live_in(plan_id), WorkItem.owner_id == user.id)
        .order_by(open_clause(WorkItem).desc(), *_urgent_first(WorkItem))
        .limit(LIST_LIMIT)
    )
    return list(db.session.scalars(query))


def owned_projects(user: User, plan_id: int) -> list[Project]:
    query = (
        select(Project)
        .options(joinedload(Project.department))
        .where(Project.live, Project.in_plan(plan_id), Project.owner_id == user.id)
        .order_by(open_clause(Project).desc(), *_urgent_first(Project))
        .limit(LIST_LIMIT)
    )
    return list(db.session.scalars(query))


def department_due_items(department_id: int, plan_id: int, until: date) -> list[WorkItem]:
    """The department's open items (it leads) due by `until`, the overdue ones included, earliest first."""
    query = (
        select(WorkItem)
        .options(joinedload(WorkItem.owner))
        .where(
            WorkItem.live_in(plan_id),
            WorkItem.lead_department_id == department_id,
            open_clause(WorkItem),
            WorkItem.due_date.is_not(None),
            WorkItem.due_date <= until,
        )
        .order_by(WorkItem.due_date, WorkItem.id)
        .limit(LIST_LIMIT)
    )
    return list(db.session.scalars(query))


def my_work(user: User, plan: Plan | None, today: date, *, signs_off: bool) -> MyWork:
    """Everything the page shows for `user`; `signs_off` says whether they sign reports off (a lead)."""
    page = MyWork(plan, today, shows_sign_offs=signs_off)
    if plan is None:
        return page
    page.items = owned_items(user, plan.id)
    page.projects = owned_projects(user, plan.id)
    if user.department_id is not None:
        page.due_until = today + timedelta(days=DEPARTMENT_DUE_DAYS)
        page.department_items = department_due_items(user.department_id, plan.id, page.due_until)
        page.requests = open_requests(plan.id, user.department_id, today)[:LIST_LIMIT]
    if signs_off:
        page.sign_offs = sign_off_source(user, plan.id, LIST_LIMIT)
    return page
