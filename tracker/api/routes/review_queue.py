"""The review queue: every overdue or stale work item and project of a plan, as /review lists it
(tracker.review.queue.queue_page: a fixed number of statements whatever the size of the plan)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.typing import ResponseReturnValue
from flask_login import current_user

from tracker.api.present import day, moment, page_answer
from tracker.api.query import PAGING, Param
from tracker.api.registry import operation
from tracker.api.routes.plans import PLAN_PARAM, plan_for
from tracker.api.routes.reviews import OUTCOME, REQUEST_STATE, SUBJECT_TYPE
from tracker.api.schemas import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    PERCENT,
    STRING,
    component,
    nullable,
    obj,
    page_of,
)
from tracker.core import clock
from tracker.core.permissions import authorize
from tracker.review import queue
from tracker.review.permissions import can_read_queue

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
            "outline_number": {**STRING, "description": "The item's own outline number; empty for a project"},
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
            "behind": {
                **BOOLEAN,
                "description": "A work item below the progress its yearly milestones expect by today (projects: false)",
            },
        },
        description="An overdue, stale or behind work item, or an overdue or stale project, as the queue lists it",
    ),
)
QUEUE_FILTERS = (
    Param("department", "id", "Only this department's rows"),
    Param("kind", "choice", "Only work items or only projects", choices=tuple(queue.KINDS)),
    *(
        Param(name, "boolean", f"Only rows that are {name.replace('_', ' ')}")
        for name in ("overdue", "stale", "awaiting", "answered", "answer_overdue", "behind")
    ),
)


def queue_entry_json(entry: queue.QueueEntry) -> dict[str, Any]:
    latest = entry.review
    return {
        "subject_type": entry.subject_type.value,
        "subject_id": entry.subject_id,
        "title": entry.title,
        "outline_number": entry.outline_no,
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
        "behind": entry.behind,
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
    """What /review lists, in its order: overdue first (the longest overdue at the top), then behind this
    year's milestone, then stale only (the longest silent first). The flags filter as the page's do; a page past
    the last answers the last page."""
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
        behind=bool(query["behind"]),
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
