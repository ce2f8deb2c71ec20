"""The office's reviews of a work item or project (the review queue is tracker.api.routes.review_queue).

Reading is everyone's; recording a review is the office's and admins' (tracker.review.permissions.can_review), through
the same service as the review form (record_review), with the version the reviewer saw: a stale one is 409.
"""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_login import current_user

from tracker.api.bodies import Body, Field
from tracker.api.present import USER_REF, day, moment, user_ref
from tracker.api.registry import operation
from tracker.api.schemas import (
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    component,
    enum,
    list_of,
    nullable,
    obj,
    one,
)
from tracker.core import clock
from tracker.core.permissions import authorize, get_or_404
from tracker.core.subjects import Subject, SubjectType
from tracker.plan.models import WorkItem
from tracker.projects.models import Project
from tracker.review.models import Outcome, RequestState, Review
from tracker.review.permissions import can_review
from tracker.review.services import COMMENT_MAX, ReviewData, record_review, reviews_for

OUTCOME = enum(tuple(Outcome), "acknowledged, follow_up, extension (granted), escalated, closed")
REQUEST_STATE = nullable(
    enum(tuple(RequestState), "For follow_up and escalated: open, answered (waiting for the office) or closed")
)
SUBJECT_TYPE = enum(tuple(SubjectType), "What the row is about: a work item or a project")

REVIEW = component(
    "Review",
    obj(
        {
            "id": INTEGER,
            "outcome": OUTCOME,
            "comment": STRING,
            "reviewer": USER_REF,
            "created_at": DATETIME,
            "follow_up_date": {**nullable(DATE), "description": "For a request: the day the answer is due"},
            "new_due_date": {**nullable(DATE), "description": "For an extension: the subject's new due date"},
            "request_state": REQUEST_STATE,
        },
        description="The office's decision on one overdue or stale work item or project",
    ),
)

NEW_REVIEW = Body(
    "NewReview",
    (
        Field("outcome", "string", "The decision", required=True, choices=tuple(Outcome)),
        Field("version", "integer", "The subject's version as read (409 if it changed)", required=True),
        Field("comment", "text", "Required for follow_up and escalated: what the office asks", max_length=COMMENT_MAX),
        Field("follow_up_date", "date", "Required for follow_up and escalated: when the answer is due", nullable=True),
        Field("new_due_date", "date", "Required for extension: later than the current due date", nullable=True),
    ),
    description="The review form's fields. A follow_up or escalated review opens a request to the department.",
)


def review_json(review: Review) -> dict[str, Any]:
    return {
        "id": review.id,
        "outcome": review.outcome,
        "comment": review.comment,
        "reviewer": user_ref(review.reviewer),
        "created_at": moment(review.created_at),
        "follow_up_date": day(review.follow_up_date),
        "new_due_date": day(review.new_due_date),
        "request_state": review.request_state,
    }


def _reviews_of(subject: Subject) -> ResponseReturnValue:
    return {"data": [review_json(review) for review in reviews_for(subject.subject_type, subject.id)]}


def _review(subject: Subject, body: dict[str, Any]) -> ResponseReturnValue:
    authorize(can_review(current_user, subject))
    data = ReviewData(
        outcome=body["outcome"],
        version=body["version"],
        comment=body.get("comment") or "",
        follow_up_date=body.get("follow_up_date"),
        new_due_date=body.get("new_due_date"),
    )
    review = record_review(subject, data, current_user._get_current_object(), clock.today())
    return {"data": review_json(review)}, 201


@operation(
    "/items/<int:item_id>/reviews",
    summary="The office's reviews of a work item",
    tag="reviews",
    response=list_of(REVIEW),
    errors=(404,),
)
def list_item_reviews(item_id: int) -> ResponseReturnValue:
    """Newest first."""
    return _reviews_of(get_or_404(WorkItem, item_id))


@operation(
    "/projects/<int:project_id>/reviews",
    summary="The office's reviews of a project",
    tag="reviews",
    response=list_of(REVIEW),
    errors=(404,),
)
def list_project_reviews(project_id: int) -> ResponseReturnValue:
    """Newest first."""
    return _reviews_of(get_or_404(Project, project_id))


@operation(
    "/items/<int:item_id>/reviews",
    "POST",
    summary="Record the office's review of a work item",
    tag="reviews",
    body=NEW_REVIEW,
    status=201,
    response=one(REVIEW),
    errors=(403, 404, 409),
)
def create_item_review(item_id: int, body: dict[str, Any]) -> ResponseReturnValue:
    """The office and administrators, as on the review form; not on a retired item. An extension moves the due
    date; every review closes the item's earlier requests; the department is told, as from the page."""
    return _review(get_or_404(WorkItem, item_id), body)


@operation(
    "/projects/<int:project_id>/reviews",
    "POST",
    summary="Record the office's review of a project",
    tag="reviews",
    body=NEW_REVIEW,
    status=201,
    response=one(REVIEW),
    errors=(403, 404, 409),
)
def create_project_review(project_id: int, body: dict[str, Any]) -> ResponseReturnValue:
    """The office and administrators, as on the review form; not on a retired project. An extension moves the due
    date; every review closes the project's earlier requests; the department is told, as from the page."""
    return _review(get_or_404(Project, project_id), body)
