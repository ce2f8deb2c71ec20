"""A request's thread through the API: the department answers, the office accepts the answer or asks again.

The department's leads and members answer; the office and admins accept the answer or ask again: the same
permission rules (tracker.review.permissions) and services (tracker.review.threads) as the request page.
"""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_login import current_user

from tracker.api.bodies import Body, Field
from tracker.api.registry import operation
from tracker.api.routes.requests import MESSAGE, load_request, message_json
from tracker.api.schemas import one
from tracker.core import clock
from tracker.core.errorpages import API_CONFLICT
from tracker.core.errors import ConflictError
from tracker.core.permissions import MAX_ID, authorize
from tracker.review import threads
from tracker.review.models import RequestMessage, Review
from tracker.review.permissions import may_answer_for, may_settle
from tracker.review.services import COMMENT_MAX
from tracker.review.threads import AnswerData, SettleData, subject_of

_SEEN = Field(
    "seen",
    "integer",
    "The number of messages the thread had when you read it: refused (422) when it changed since",
    minimum=0,
    maximum=MAX_ID,
)
ANSWER = Body(
    "RequestAnswer",
    (Field("text", "text", "The department's answer", required=True, max_length=COMMENT_MAX), _SEEN),
    description="Files cannot be sent through the API: attach evidence on the request's page.",
)
ACCEPT = Body(
    "RequestAccept",
    (Field("text", "text", "The office's closing remark (may be empty)", max_length=COMMENT_MAX), _SEEN),
)
ASK_AGAIN = Body(
    "RequestAskAgain",
    (
        Field("text", "text", "What the answer still lacks", required=True, max_length=COMMENT_MAX),
        Field("due_date", "date", "When the new answer is due", required=True),
        _SEEN,
    ),
)


def _created(message: RequestMessage) -> ResponseReturnValue:
    return {"data": message_json(message, [])}, 201


@operation(
    "/requests/<int:review_id>/answer",
    "POST",
    summary="The department answers a request",
    tag="reviews",
    body=ANSWER,
    status=201,
    response=one(MESSAGE),
    errors=(403, 404, 409),
)
def answer_request(review_id: int, body: dict[str, Any]) -> ResponseReturnValue:
    """A lead or member of the responsible department, while the request is open or answered; the office is told.
    Files are not uploaded through the API: attach evidence on the request's page."""
    review = load_request(review_id)
    authorize(may_answer_for(current_user, subject_of(review)))
    _check_seen(review, body.get("seen"))
    data = AnswerData(text=body["text"], seen=body.get("seen"))
    return _created(threads.answer_request(review, data, current_user._get_current_object()))


@operation(
    "/requests/<int:review_id>/accept",
    "POST",
    summary="The office accepts the answer and closes the request",
    tag="reviews",
    body=ACCEPT,
    status=201,
    response=one(MESSAGE),
    errors=(403, 404, 409),
)
def accept_request(review_id: int, body: dict[str, Any]) -> ResponseReturnValue:
    """The office and administrators, once the department has answered (else 422); the department is told."""
    review = load_request(review_id)
    authorize(may_settle(current_user))
    _check_seen(review, body.get("seen"))
    data = SettleData(text=body.get("text") or "", seen=body.get("seen"))
    return _created(threads.accept_answer(review, data, current_user._get_current_object()))


@operation(
    "/requests/<int:review_id>/ask-again",
    "POST",
    summary="The office asks again, with a new date for the answer",
    tag="reviews",
    body=ASK_AGAIN,
    status=201,
    response=one(MESSAGE),
    errors=(403, 404, 409),
)
def ask_again_request(review_id: int, body: dict[str, Any]) -> ResponseReturnValue:
    """The office and administrators, once the department has answered (else 422): the request is open again;
    the department is told."""
    review = load_request(review_id)
    authorize(may_settle(current_user))
    _check_seen(review, body.get("seen"))
    data = SettleData(text=body["text"], seen=body.get("seen"), due_date=body["due_date"])
    actor = current_user._get_current_object()
    return _created(threads.ask_again(review, data, actor, clock.today()))


def _check_seen(review: Review, seen: int | None) -> None:
    """A thread that grew since the client read it is a conflict, as a stale version is (409): the page's words
    for it (a 422 about the page) would not tell a program to read again."""
    if seen is not None and seen != threads.message_count(review):
        raise ConflictError(str(API_CONFLICT))
