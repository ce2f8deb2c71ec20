"""Requests (督办): a follow-up or escalation review the responsible department must answer, and its thread, as
/review/requests and the request page show them (the thread's steps: tracker.api.routes.request_steps)."""

from __future__ import annotations

from typing import Any

from flask import abort, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from tracker.api.present import DEPARTMENT_REF, USER_REF, day, department_ref, moment, page_answer, user_ref
from tracker.api.query import PAGING, Param
from tracker.api.registry import operation
from tracker.api.routes.plans import PLAN_PARAM, plan_for
from tracker.api.routes.reviews import OUTCOME, SUBJECT_TYPE
from tracker.api.schemas import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    array,
    component,
    enum,
    nullable,
    obj,
    one,
    page_of,
)
from tracker.attachments.models import Attachment
from tracker.attachments.services import REQUEST_MESSAGE, files_for
from tracker.core import clock
from tracker.core.paging import Page
from tracker.core.permissions import authorize
from tracker.core.subjects import Subject
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.plan.outline import shown_number
from tracker.projects.models import Project
from tracker.review.models import MessageKind, RequestMessage, RequestState, Review
from tracker.review.permissions import can_read_all_requests, can_read_request
from tracker.review.requests import OpenRequest, open_requests
from tracker.review.rules import LIVE_STATES, is_answer_overdue
from tracker.review.threads import subject_of

SUBJECT_REF = component(
    "SubjectRef",
    obj(
        {"type": SUBJECT_TYPE, "id": INTEGER, "title": STRING, "outline_number": STRING},
        description="The work item or project a request is about",
    ),
)
_REQUEST_FIELDS = {
    "id": {**INTEGER, "description": "The review's id"},
    "subject": SUBJECT_REF,
    "department": nullable(DEPARTMENT_REF),
    "outcome": OUTCOME,
    "question": {**STRING, "description": "What the office asks (the review's comment)"},
    "reviewer": USER_REF,
    "created_at": DATETIME,
    "answer_due": {**nullable(DATE), "description": "The day the department's answer is due"},
    "state": enum(tuple(RequestState)),
    "answer_overdue": BOOLEAN,
    "answered_at": nullable(DATETIME),
    "closed_at": nullable(DATETIME),
}
REQUEST = component("Request", obj(_REQUEST_FIELDS, description="A request to the responsible department"))
FILE = component(
    "RequestFile",
    obj(
        {"id": INTEGER, "filename": STRING, "size": INTEGER, "content_type": STRING, "download_url": STRING},
        description="A file sent with an answer (downloaded by the signed-in pages, not through the API)",
    ),
)
MESSAGE = component(
    "RequestMessage",
    obj(
        {
            "id": INTEGER,
            "kind": enum(tuple(MessageKind), "answer (the department's), accept or ask_again (the office's)"),
            "text": STRING,
            "author": USER_REF,
            "created_at": DATETIME,
            "due_date": {**nullable(DATE), "description": "ask_again: when the new answer is due"},
            "files": array(FILE),
        }
    ),
)
REQUEST_DETAIL = component(
    "RequestDetail",
    obj(
        {**_REQUEST_FIELDS, "closed_by": nullable(USER_REF), "messages": array(MESSAGE)},
        description="A request with its thread, oldest message first",
    ),
)


def subject_ref(subject: Subject) -> dict[str, Any]:
    return {
        "type": subject.subject_type.value,
        "id": subject.id,
        "title": subject.display_title,
        # As the item's pages show it (a number the office added is marked so); a project has none.
        "outline_number": shown_number(subject.outline_no or "", bool(getattr(subject, "outline_added", False))),
    }


def request_json(review: Review, subject: Subject) -> dict[str, Any]:
    return {
        "id": review.id,
        "subject": subject_ref(subject),
        "department": department_ref(subject.responsible_department),
        "outcome": review.outcome,
        "question": review.comment,
        "reviewer": user_ref(review.reviewer),
        "created_at": moment(review.created_at),
        "answer_due": day(review.follow_up_date),
        "state": review.request_state,
        "answer_overdue": is_answer_overdue(review, clock.today()),
        "answered_at": moment(review.answered_at),
        "closed_at": moment(review.closed_at),
    }


def file_json(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.id,
        "filename": attachment.filename,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "download_url": url_for("attachments.download", attachment_id=attachment.id),
    }


def message_json(message: RequestMessage, files: list[Attachment]) -> dict[str, Any]:
    return {
        "id": message.id,
        "kind": message.kind,
        "text": message.body,
        "author": user_ref(message.author),
        "created_at": moment(message.created_at),
        "due_date": day(message.due_date),
        "files": [file_json(f) for f in files],
    }


REQUEST_FILTERS = (
    Param(
        "department",
        "id",
        "Only this department's requests (the office, admins and viewers; others always see their own department's)",
    ),
    Param("state", "choice", "open or answered; without it, both", choices=LIVE_STATES),
)


@operation(
    "/requests",
    summary="Requests not yet closed",
    tag="reviews",
    query=(PLAN_PARAM, *REQUEST_FILTERS, *PAGING),
    response=page_of(REQUEST),
    errors=(404,),
)
def list_requests(query: dict[str, Any]) -> ResponseReturnValue:
    """What /review/requests lists: open and answered requests, those waiting for the department first, the earliest
    answer date first. The office, admins and viewers see any department (or all); a lead or member sees their own
    department's, whatever `department` says."""
    plan = plan_for(query["plan"])
    department_id = query["department"] if can_read_all_requests(current_user) else current_user.department_id
    found: list[OpenRequest] = []
    if department_id is not None or can_read_all_requests(current_user):
        found = open_requests(plan.id, department_id, clock.today())
    if query["state"] is not None:
        found = [r for r in found if r.review.request_state == query["state"]]
    number, per_page = query["page"], query["per_page"]
    shown = found[(number - 1) * per_page : number * per_page]
    page = Page(rows=shown, number=number, per_page=per_page, total=len(found))
    return page_answer(page, [request_json(r.review, r.subject) for r in shown])


def load_request(review_id: int) -> Review:
    """The request with its subject, reviewer and thread (authors included): a fixed number of statements; 404
    unless the review is a request."""
    review = db.session.scalar(
        select(Review)
        .where(Review.id == review_id, Review.request_state.is_not(None))
        .options(
            joinedload(Review.reviewer),
            joinedload(Review.closed_by),
            joinedload(Review.work_item).joinedload(WorkItem.lead_department),
            joinedload(Review.project).joinedload(Project.department),
            selectinload(Review.messages).joinedload(RequestMessage.author),
        )
    )
    if review is None:
        abort(404)
    return review


def _detail(review: Review) -> dict[str, Any]:
    files = files_for(request_message_ids=[m.id for m in review.messages])[REQUEST_MESSAGE]
    return {
        **request_json(review, subject_of(review)),
        "closed_by": user_ref(review.closed_by),
        "messages": [message_json(m, files.get(m.id, [])) for m in review.messages],
    }


@operation(
    "/requests/<int:review_id>",
    summary="One request with its thread",
    tag="reviews",
    response=one(REQUEST_DETAIL),
    errors=(404,),
)
def get_request(review_id: int) -> ResponseReturnValue:
    """The request page's content: the office's question, the subject, and every answer, acceptance and renewed
    question, with the answers' files named (download them from the signed-in pages)."""
    review = load_request(review_id)
    authorize(can_read_request(current_user, review))
    return {"data": _detail(review)}
