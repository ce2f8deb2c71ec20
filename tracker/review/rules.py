"""Where a request stands, in Python and as SQL (the two must agree).

The office asks (outcome follow-up or escalated): that review is a request, open until the department answers
in its thread (tracker.review.threads), answered until the office accepts the answer (closed) or asks again
(open once more). Status updates answer nothing. A later review of the same subject closes its earlier
requests, so at most a subject's newest review is a request that is not closed.
"""

from __future__ import annotations

from datetime import date
from typing import TypeGuard

from sqlalchemy import ColumnElement, Subquery, and_, func, select

from tracker.core.subjects import SubjectType
from tracker.review.models import Outcome, RequestState, Review

# Outcomes that ask the department for something.
ASKING_OUTCOMES = (Outcome.FOLLOW_UP.value, Outcome.ESCALATED.value)
# Requests still in their thread: waiting for the department or for the office.
LIVE_STATES = (RequestState.OPEN.value, RequestState.ANSWERED.value)


def is_request(review: Review | None) -> TypeGuard[Review]:
    return review is not None and review.request_state is not None


def is_awaiting(review: Review | None) -> TypeGuard[Review]:
    """The office waits for the department's answer."""
    return review is not None and review.request_state == RequestState.OPEN.value


def is_answered(review: Review | None) -> TypeGuard[Review]:
    """The department answered; the office has yet to accept the answer or ask again."""
    return review is not None and review.request_state == RequestState.ANSWERED.value


def is_live(review: Review | None) -> TypeGuard[Review]:
    return review is not None and review.request_state in LIVE_STATES


def is_answer_overdue(review: Review | None, today: date) -> bool:
    """Still waiting for the answer after the day it was due."""
    return is_awaiting(review) and review.follow_up_date is not None and review.follow_up_date < today


def latest_reviews(subject_type: SubjectType) -> Subquery:
    """Each subject's newest review (one row per subject, ranked by a window function).

    Columns: id, subject_id, outcome, follow_up_date, created_at, request_state.
    """
    column = getattr(Review, subject_type.key)
    ranked = (
        select(
            Review.id,
            column.label("subject_id"),
            Review.outcome,
            Review.follow_up_date,
            Review.created_at,
            Review.request_state,
            func.row_number()
            .over(partition_by=column, order_by=(Review.created_at.desc(), Review.id.desc()))
            .label("position"),
        )
        .where(column.is_not(None))
        .subquery()
    )
    c = ranked.c
    return (
        select(c.id, c.subject_id, c.outcome, c.follow_up_date, c.created_at, c.request_state)
        .where(c.position == 1)
        .subquery(f"latest_{subject_type.value}_reviews")
    )


def awaiting_clause(latest: Subquery) -> ColumnElement[bool]:
    """is_awaiting over `latest_reviews(...)`."""
    return latest.c.request_state == RequestState.OPEN.value


def answered_clause(latest: Subquery) -> ColumnElement[bool]:
    return latest.c.request_state == RequestState.ANSWERED.value


def answer_overdue_clause(latest: Subquery, today: date) -> ColumnElement[bool]:
    return and_(awaiting_clause(latest), latest.c.follow_up_date.is_not(None), latest.c.follow_up_date < today)
