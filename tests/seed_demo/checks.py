"""Checks that hold for any demo data set, on any plan: shared by the small-plan and the real-seed tests."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import select

from seed.demo_accounts import TASK_KINDS
from tracker.auth.models import Role, User
from tracker.core.statuses import CLOSED_STATUSES, LATE_STATUSES, Status
from tracker.extensions import db
from tracker.models import BudgetLine, Plan, Project, WorkItem
from tracker.plan.services import overdue_items, stale_items
from tracker.plan.tree import load_tree
from tracker.review.models import Review
from tracker.updates.models import SignOff, StatusUpdate


def plan_items(plan: Plan) -> list[WorkItem]:
    return list(db.session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id).order_by(WorkItem.id)))


def project_items(plan: Plan) -> list[WorkItem]:
    items = plan_items(plan)
    parents = {i.parent_id for i in items}
    return [i for i in items if i.kind in TASK_KINDS and i.id not in parents]


def check_accounts() -> None:
    users = list(db.session.scalars(select(User)))
    assert {u.role for u in users} == {r.value for r in Role}
    assert all(u.username.isascii() and u.username == u.username.lower() for u in users)
    office = next(u for u in users if u.role == Role.OFFICE.value)
    assert office.department is not None and office.department.name.endswith("信息化办公室")
    leads = {u.department_id for u in users if u.role == Role.LEAD.value}
    members = {u.department_id for u in users if u.role == Role.MEMBER.value}
    assert len(leads) == 4 and leads == members


def check_projects(plan: Plan) -> None:
    targets = project_items(plan)
    projects = list(db.session.scalars(select(Project)))
    per_item: dict[int, int] = defaultdict(int)
    for project in projects:
        per_item[project.work_item_id] += 1
    assert set(per_item) == {i.id for i in targets}, "projects exactly on the task-level leaves"
    assert all(2 <= count <= 4 for count in per_item.values())
    for project in projects:
        assert project.name and project.fund_source and project.description
        assert date(plan.start_year, 1, 1) <= project.start_date <= date(plan.end_year, 12, 31)
        assert project.due_date >= project.start_date
        if project.owner is not None:
            assert project.owner.role in (Role.LEAD.value, Role.OFFICE.value)
            assert project.owner.department_id == project.department_id
        assert [line.year for line in project.budget_lines] == list(range(plan.start_year, plan.end_year + 1))
    lines = list(db.session.scalars(select(BudgetLine)))
    for line in lines:
        for amount in (line.approved, line.allocated, line.spent):
            assert amount >= 0 and amount == amount.quantize(Decimal("0.01"))
        assert line.approved >= line.allocated
        assert line.approved == 0 or Decimal(10) <= line.approved <= Decimal(2000)
    assert sum(1 for line in lines if line.spent <= line.allocated) >= 0.9 * len(lines)
    assert sum(line.approved for line in lines) > 0


def _subjects():
    for item in db.session.scalars(select(WorkItem)):
        yield item, StatusUpdate.work_item_id == item.id
    for project in db.session.scalars(select(Project)):
        yield project, StatusUpdate.project_id == project.id


def check_journals(today: date) -> None:
    """Every subject's updates that took effect chain from its initial state to its current one and obey the
    posting rules (a draft awaiting its lead's sign-off has not moved the subject)."""
    end_of_today = datetime.combine(today, time.max)
    for subject, clause in _subjects():
        took_effect = StatusUpdate.sign_off == SignOff.APPROVED.value
        query = select(StatusUpdate).where(clause, took_effect).order_by(StatusUpdate.created_at)
        updates = list(db.session.scalars(query))
        status, progress = Status.NOT_STARTED.value, 0
        for update in updates:
            assert (update.status_before, update.progress_before) == (status, progress), subject
            assert update.progress_after >= update.progress_before or update.note.strip()
            assert update.created_at <= end_of_today
            if update.status_after == Status.COMPLETED.value:
                assert update.progress_after == 100
            if update.status_after in LATE_STATUSES:
                assert update.delay_reason and update.remedy
                assert update.expected_completion and update.expected_completion >= update.created_at.date()
            # Due dates only move later, so work reported after its current due date was late then too.
            if (
                subject.due_date
                and update.created_at.date() > subject.due_date
                and update.status_after not in CLOSED_STATUSES
            ):
                assert update.delay_reason and update.remedy and update.expected_completion, subject
            status, progress = update.status_after, update.progress_after
        assert (subject.status, subject.progress) == (status, progress)
        assert subject.last_update_at == (updates[-1].created_at if updates else None)


def check_extensions() -> None:
    """The office's extensions moved the due dates (its follow-ups are tests/seed_demo/test_demo_supervision.py's)."""
    for review in db.session.scalars(select(Review).where(Review.request_state.is_(None))):
        assert review.outcome == "extension" and review.reviewer.role == Role.OFFICE.value
        assert review.work_item.due_date == review.new_due_date
        assert review.new_due_date > review.created_at.date()


def check_clocks(plan: Plan, today: date, stale_days: int = 30) -> tuple[int, int, int, int]:
    """(overdue, stale, on time, completed) work items relative to today: some of each."""
    items = plan_items(plan)
    overdue = overdue_items(plan.id, today)
    stale = stale_items(plan.id, today, stale_days)
    on_time = [i for i in items if i.status not in CLOSED_STATUSES and i.due_date and i.due_date >= today]
    completed = [i for i in items if i.status == Status.COMPLETED.value]
    assert overdue and stale and on_time and completed
    return len(overdue), len(stale), len(on_time), len(completed)


def check_rollups(plan: Plan, today: date) -> None:
    """A parent's own progress and status agree with its children's rolled-up ones."""
    tree = load_tree(plan.id, today, 30)
    for node in tree.walk():
        if not node.children:
            continue
        done = all(child.item.status == Status.COMPLETED.value for child in node.children)
        assert (node.item.status == Status.COMPLETED.value) == done, node.item.title
        # Own progress is rounded to whole percent at every level; the tree keeps one decimal.
        assert abs(node.item.progress - node.progress) <= 2, node.item.title


def fingerprint() -> str:
    """Everything the demo wrote, by natural keys (no ids, no creation times stamped by the clock)."""
    rows: list[tuple] = []
    for user in db.session.scalars(select(User).order_by(User.username)):
        rows.append(("user", user.username, user.role, user.department and user.department.code, user.display_name))
    for item in db.session.scalars(select(WorkItem).order_by(WorkItem.title)):
        owner = item.owner.username if item.owner else None
        rows.append(("item", item.title, item.status, item.progress, item.start_date, item.due_date, owner))
    for project in db.session.scalars(select(Project).order_by(Project.name)):
        budget = [(b.year, b.approved, b.allocated, b.spent) for b in project.budget_lines]
        when = (project.start_date, project.due_date, project.created_at)
        state = (project.status, project.progress, project.fund_source, budget)
        rows.append(("project", project.work_item.title, project.name, project.department.code, when, state))
    for update in db.session.scalars(select(StatusUpdate)):
        subject = update.work_item.title if update.work_item else update.project.name
        state = (update.status_after, update.progress_after, update.expected_completion)
        texts = (update.note, update.delay_reason, update.remedy)
        rows.append(("update", subject, update.created_at, update.author.username, state, texts))
    for review in db.session.scalars(select(Review)):
        rows.append(("review", review.work_item.title, review.created_at, review.new_due_date, review.comment))
    return hashlib.sha256(repr(sorted(rows, key=repr)).encode()).hexdigest()
