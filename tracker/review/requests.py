"""What the office asked of a department and has not closed: requests open (waiting for the department's
answer) or answered (waiting for the office). Two statements, one per subject type, whatever the data size.
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
from tracker.review.rules import LIVE_STATES, is_answer_overdue, is_answered


@dataclass
class OpenRequest:
    subject: Subject
    review: Review
    answer_overdue: bool

    @property
    def subject_type(self) -> SubjectType:
        return self.subject.subject_type

    @property
    def department_id(self) -> int | None:
        return self.subject.responsible_department_id

    @property
    def answered(self) -> bool:
        return is_answered(self.review)


def _requests(subject_type: SubjectType, plan_id: int, department_id: int | None) -> list[tuple]:
    model: Any = model_for(subject_type)
    query = (
        select(model, Review)
        .join(Review, getattr(Review, subject_type.key) == model.id)
        .options(joinedload(model.responsible_department), joinedload(model.owner), joinedload(Review.reviewer))
        .where(Review.request_state.in_(LIVE_STATES), model.live, model.in_plan(plan_id))
    )
    if department_id is not None:
        query = query.where(model.responsible_department_id == department_id)
    return list(db.session.execute(query).unique())


def open_requests(plan_id: int, department_id: int | None, today: date) -> list[OpenRequest]:
    """Open and answered requests of one department (None: every department): those waiting for the department
    first, the earliest answer date first (no date last), then the oldest request first."""
    found = [
        OpenRequest(subject, review, is_answer_overdue(review, today))
        for subject_type in SubjectType
        for subject, review in _requests(subject_type, plan_id, department_id)
    ]
    return sorted(
        found,
        key=lambda r: (
            r.answered,
            r.review.follow_up_date is None,
            r.review.follow_up_date or today,
            r.review.created_at,
        ),
    )
