"""The "我的工作" page: what one signed-in person should look at in the current plan.

A few statements per list, whatever the size of the plan: the items and projects they own; their department's open
items due within DEPARTMENT_DUE_DAYS or overdue; the office's open requests awaiting their department's answer; the
reports awaiting their sign-off (leads: tracker.updates.sign_off), and their own reports that have not taken
effect (drafts, and those returned to them). Each list is capped at LIST_LIMIT rows, the most
urgent first, so that a page never grows with the data.
"""

from __future__ import annotations

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
from tracker.updates.models import StatusUpdate
from tracker.updates.sign_off import reports_awaiting_sign_off, unsettled_reports_of

DEPARTMENT_DUE_DAYS = 30
# A personal page lists what to act on first; the plan tree and the queue list everything (and render 30 rows fast).
LIST_LIMIT = 30


def reports_to_sign_off(user: User, plan_id: int, limit: int) -> list[StatusUpdate]:
    """The drafts awaiting `user`'s sign-off on this plan's items and projects, oldest first: two statements."""
    return in_plan(reports_awaiting_sign_off(user), plan_id, limit)


def in_plan(drafts: list[StatusUpdate], plan_id: int, limit: int) -> list[StatusUpdate]:
    """The reports about this plan's items and projects (the updates feature answers for every plan; a project's
    plan is its work item's, read here in one look-up when there is a project among them)."""
    if not drafts:
        return []
    project_items = {d.project.work_item_id for d in drafts if d.project is not None}
    query = select(WorkItem.id, WorkItem.plan_id).where(WorkItem.id.in_(project_items))
    item_plans: dict[int, int] = {item_id: item_plan for item_id, item_plan in db.session.execute(query)}

    def plan_of(draft: StatusUpdate) -> int | None:
        if draft.work_item is not None:
            return draft.work_item.plan_id
        return item_plans.get(draft.project.work_item_id) if draft.project is not None else None

    in_plan = [draft for draft in drafts if plan_of(draft) == plan_id]
    return in_plan[:limit]


@dataclass
class MyWork:
    plan: Plan | None
    today: date
    items: list[WorkItem] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    department_items: list[WorkItem] = field(default_factory=list)
    requests: list[OpenRequest] = field(default_factory=list)
    sign_offs: list[StatusUpdate] = field(default_factory=list)
    # Their own reports that have not taken effect: drafts awaiting the lead, and those returned to them.
    own_reports: list[StatusUpdate] = field(default_factory=list)
    shows_sign_offs: bool = False
    due_until: date | None = None

    def is_overdue(self, subject: WorkItem | Project) -> bool:
        return is_overdue(subject.due_date, subject.status, self.today)

    @staticmethod
    def is_full(rows: list) -> bool:
        """The list was cut at LIST_LIMIT: the page says only the most urgent are shown."""
        return len(rows) >= LIST_LIMIT


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
        # Awaiting the department: answered requests wait for the office, not for them.
        waiting = [r for r in open_requests(plan.id, user.department_id, today) if not r.answered]
        page.requests = waiting[:LIST_LIMIT]
    if signs_off:
        page.sign_offs = reports_to_sign_off(user, plan.id, LIST_LIMIT)
    page.own_reports = in_plan(unsettled_reports_of(user, LIST_LIMIT), plan.id, LIST_LIMIT)
    return page
