"""When a review waits for the department's answer, in Python and as SQL (the two must agree).

The office asks (outcome follow-up or escalated); the department answers by posting a status update. So a
subject awaits an answer while its newest review asks and nothing was reported after that review. A later
review of another kind (acknowledged, closed, …) settles the question.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeGuard

from sqlalchemy import ColumnElement, Subquery, and_, func, or_, select

from tracker.core.subjects import SubjectType
from tracker.review.models import Outcome, Review

# Outcomes that ask the department for something.
ASKING_OUTCOMES = (Outcome.FOLLOW_UP.value, Outcome.ESCALATED.value)


def is_awaiting(review: Review | None, last_update_at: datetime | None) -> TypeGuard[Review]:
    if review is None or review.outcome not in ASKING_OUTCOMES:
        return False
    return last_update_at is None or last_update_at < review.created_at


def is_follow_up_due(review: Review | None, last_update_at: datetime | None, today: date) -> bool:
    return is_awaiting(review, last_update_at) and review.follow_up_date is not None and review.follow_up_date <= today


def latest_reviews(subject_type: SubjectType) -> Subquery:
    """Each subject's newest review (one row per subject, ranked by a window function).

    Columns: id, subject_id, outcome, follow_up_date, created_at.
    """
    column = getattr(Review, subject_type.key)
    ranked = (
        select(
            Review.id,
            column.label("subject_id"),
            Review.outcome,
            Review.follow_up_date,
            Review.created_at,
            func.row_number()
            .over(partition_by=column, order_by=(Review.created_at.desc(), Review.id.desc()))
            .label("position"),
        )
        .where(column.is_not(None))
        .subquery()
    )
    return (
        select(ranked.c.id, ranked.c.subject_id, ranked.c.outcome, ranked.c.follow_up_date, ranked.c.created_at)
        .where(ranked.c.position == 1)
        .subquery(f"latest_{subject_type.value}_reviews")
    )


def awaiting_clause(model, latest: Subquery) -> ColumnElement[bool]:
    """is_awaiting over `model` outer-joined to `latest_reviews(...)`."""
    return and_(
        latest.c.outcome.in_(ASKING_OUTCOMES),
        or_(model.last_update_at.is_(None), model.last_update_at < latest.c.created_at),
    )


def follow_up_due_clause(model, latest: Subquery, today: date) -> ColumnElement[bool]:
    return and_(awaiting_clause(model, latest), latest.c.follow_up_date.is_not(None), latest.c.follow_up_date <= today)
