"""What the office asked of a department and is still waiting for: open follow-up and escalation reviews.

A request stays open until the department posts a status update on the subject (or the office records a
newer review that asks nothing). Two statements, one per subject type, whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.projects.models import Project
from tracker.review.models import Review
from tracker.review.rules import awaiting_clause, latest_reviews


@dataclass
class OpenRequest:
    subject_type: str
    subject: WorkItem | Project
    review: Review
    follow_up_due: bool

    @property
    def department_id(self) -> int | None:
        if isinstance(self.subject, WorkItem):
            return self.subject.lead_department_id
        return self.subject.department_id


def _requests(subject_type: str, plan_id: int, department_id: int | None) -> list[tuple]:
    model = WorkItem if subject_type == "work_item" else Project
    latest = latest_reviews(subject_type)
    department = model.lead_department if model is WorkItem else model.department
    query = (
        select(model, Review)
        .join(latest, latest.c.subject_id == model.id)
        .join(Review, Review.id == latest.c.id)
        .options(joinedload(department), joinedload(model.owner), joinedload(Review.reviewer))
        .where(model.retired.is_(False), awaiting_clause(model, latest))
    )
    if model is WorkItem:
        query = query.where(WorkItem.plan_id == plan_id)
        if department_id is not None:
            query = query.where(WorkItem.lead_department_id == department_id)
    else:
        query = query.where(Project.work_item_id.in_(select(WorkItem.id).where(WorkItem.plan_id == plan_id)))
        if department_id is not None:
            query = query.where(Project.department_id == department_id)
    return list(db.session.execute(query).unique())


def open_requests(plan_id: int, department_id: int | None, today: date) -> list[OpenRequest]:
    """Open requests of one department (None: every department), those with the earliest follow-up date first
    (no date last), then the oldest request first."""
    found = [
        OpenRequest(
            subject_type,
            subject,
            review,
            review.follow_up_date is not None and review.follow_up_date <= today,
        )
        for subject_type in ("work_item", "project")
        for subject, review in _requests(subject_type, plan_id, department_id)
    ]
    return sorted(
        found,
        key=lambda r: (r.review.follow_up_date is None, r.review.follow_up_date or today, r.review.created_at),
    )
