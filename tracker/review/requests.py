"""What the office asked of a department and is still waiting for: open follow-up and escalation reviews.

A request stays open until the department posts a status update on the subject (or the office records a
newer review that asks nothing). Two statements, one per subject type, whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.core.subjects import Subject, SubjectType, model_for
from tracker.extensions import db
from tracker.review.models import Review
from tracker.review.rules import awaiting_clause, latest_reviews


@dataclass
class OpenRequest:
    subject: Subject
    review: Review
    follow_up_due: bool

    @property
    def subject_type(self) -> SubjectType:
        return self.subject.subject_type

    @property
    def department_id(self) -> int | None:
        return self.subject.responsible_department_id


def _requests(subject_type: SubjectType, plan_id: int, department_id: int | None) -> list[tuple]:
    model: Any = model_for(subject_type)
    latest = latest_reviews(subject_type)
    query = (
        select(model, Review)
        .join(latest, latest.c.subject_id == model.id)
        .join(Review, Review.id == latest.c.id)
        .options(joinedload(model.responsible_department), joinedload(model.owner), joinedload(Review.reviewer))
        .where(model.live, awaiting_clause(model, latest), model.in_plan(plan_id))
    )
    if department_id is not None:
        query = query.where(model.responsible_department_id == department_id)
    return list(db.session.execute(query).unique())


def open_requests(plan_id: int, department_id: int | None, today: date) -> list[OpenRequest]:
    """Open requests of one department (None: every department), those with the earliest follow-up date first
    (no date last), then the oldest request first."""
    found = [
        OpenRequest(subject, review, review.follow_up_date is not None and review.follow_up_date <= today)
        for subject_type in SubjectType
        for subject, review in _requests(subject_type, plan_id, department_id)
    ]
    return sorted(
        found,
        key=lambda r: (r.review.follow_up_date is None, r.review.follow_up_date or today, r.review.created_at),
    )
