"""The office's reviews of a work item or project, and the review queue (what /review lists).

Reading is everyone's; recording a review is the office's and admins' (tracker.review.permissions.can_review), through
the same service as the review form (record_review), with the version the reviewer saw: a stale one is 409.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.typing import ResponseReturnValue
from flask_login import current_user

from tracker.api.bodies import Body, Field
from tracker.api.present import USER_REF, day, moment, page_answer, user_ref
from tracker.api.query import PAGING, Param
from tracker.api.registry import operation
from tracker.api.routes.plans import PLAN_PARAM, plan_for
from tracker.api.schemas import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    PERCENT,
    STRING,
    component,
    enum,
    list_of,
    nullable,
    obj,
    one,
    page_of,
)
from tracker.core import clock
from tracker.core.permissions import authorize, get_or_404
from tracker.core.subjects import Subject, SubjectType
from tracker.plan.models import WorkItem
from tracker.projects.models import Project
from tracker.review import queue
from tracker.review.models import Outcome, RequestState, Review
from tracker.review.permissions import can_read_queue, can_review
from tracker.review.services import COMMENT_MAX, ReviewData, record_review, reviews_for

OUTCOME = enum(tuple(Outcome), "acknowledged, follow_up, extension (granted), escalated, closed")
# oneOf rather than schemas.nullable, which leaves null out of an enumeration's values.
REQUEST_STATE = {
    "oneOf": [
        enum(tuple(RequestState), "For follow_up and escalated: open, answered (waiting for the office) or closed"),
        {"type": "null"},
    ]
}
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


LATEST_REVIEW = component(
    "QueueLatestReview",
    obj(
        {
            "id": INTEGER,
            "outcome": OUTCOME,
            "created_at": DATETIME,
            "follow_up_date": nullable(DATE),
            "request_state": REQUEST_STATE,
        },
        description="The subject's newest review",
    ),
)
QUEUE_ENTRY = component(
    "ReviewQueueEntry",
    obj(
        {
            "subject_type": SUBJECT_TYPE,
            "subject_id": INTEGER,
            "title": STRING,
            "outline_no": {**STRING, "description": "The item's own outline number; empty for a project"},
            "department_id": nullable(INTEGER),
            "department_name": nullable(STRING),
            "owner_name": nullable(STRING),
            "due_date": nullable(DATE),
            "status": STRING,
            "progress": PERCENT,
            "last_update_at": nullable(DATETIME),
            "overdue": BOOLEAN,
            "stale": BOOLEAN,
            "days_overdue": nullable(INTEGER),
            "days_silent": INTEGER,
            "delay_reason": STRING,
            "latest_review": nullable(LATEST_REVIEW),
            "awaiting": {**BOOLEAN, "description": "The office asked; the department has not answered"},
            "answered": {**BOOLEAN, "description": "The department answered; the office has not settled it"},
            "answer_overdue": {**BOOLEAN, "description": "Not answered, and the answer's due date has passed"},
        },
        description="An overdue or stale work item or project, as the review queue lists it",
    ),
)
QUEUE_FILTERS = (
    Param("department", "id", "Only this department's rows"),
    Param("kind", "choice", "Only work items or only projects", choices=tuple(queue.KINDS)),
    *(
        Param(name, "boolean", f"Only rows that are {name.replace('_', ' ')}")
        for name in ("overdue", "stale", "awaiting", "answered", "answer_overdue")
    ),
)


def queue_entry_json(entry: queue.QueueEntry) -> dict[str, Any]:
    latest = entry.review
    return {
        "subject_type": entry.subject_type.value,
        "subject_id": entry.subject_id,
        "title": entry.title,
        "outline_no": entry.outline_no,
        "department_id": entry.department_id,
        "department_name": entry.department_name,
        "owner_name": entry.owner_name,
        "due_date": day(entry.due_date),
        "status": entry.status,
        "progress": entry.progress,
        "last_update_at": moment(entry.last_update_at),
        "overdue": entry.overdue,
        "stale": entry.stale,
        "days_overdue": entry.days_overdue,
        "days_silent": entry.days_silent,
        "delay_reason": entry.delay_reason,
        "latest_review": None
        if latest is None
        else {
            "id": latest.id,
            "outcome": latest.outcome,
            "created_at": moment(latest.at),
            "follow_up_date": day(latest.follow_up_date),
            "request_state": latest.request_state,
        },
        "awaiting": entry.awaiting,
        "answered": entry.answered,
        "answer_overdue": entry.answer_overdue,
    }


@operation(
    "/review-queue",
    summary="The review queue: overdue and stale work items and projects",
    tag="reviews",
    query=(PLAN_PARAM, *QUEUE_FILTERS, *PAGING),
    response=page_of(QUEUE_ENTRY),
    errors=(404,),
)
def review_queue(query: dict[str, Any]) -> ResponseReturnValue:
    """What /review lists, in its order: overdue first (the longest overdue at the top), then stale only (the
    longest silent first). The flags filter as the page's do; a page past the last answers the last page."""
    authorize(can_read_queue(current_user))
    plan = plan_for(query["plan"])
    filters = queue.QueueFilters(
        department_id=query["department"],
        kind=query["kind"],
        overdue=bool(query["overdue"]),
        stale=bool(query["stale"]),
        awaiting=bool(query["awaiting"]),
        answered=bool(query["answered"]),
        answer_overdue=bool(query["answer_overdue"]),
    )
    page, _counts = queue.queue_page(
        plan.id,
        filters,
        clock.today(),
        current_app.config["TRACKER_STALE_DAYS"],
        query["page"],
        per_page=query["per_page"],
    )
    return page_answer(page, [queue_entry_json(entry) for entry in page.rows])
