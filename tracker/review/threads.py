"""A request's thread: the department answers, the office accepts the answer or asks again.

    open ──answer──▶ answered ──accept──▶ closed
      ▲                 │  └──answer (a second one adds to the thread)
      └───ask again─────┘
A later review of the subject closes its open and answered requests too (tracker.review.services).

Each step locks the review's row (SELECT … FOR UPDATE; SQLite writes one at a time anyway) and then checks the
state and how many messages the thread has against what the person saw (`seen`): a second click of the same
button, or a form left open while someone else acted, is refused with a message instead of acting twice.
Services flush; the request commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.attachments.services import CheckedFile, check_uploads, store_files
from tracker.auth.models import User
from tracker.core import clock
from tracker.core.dates import check_date_window
from tracker.core.errors import PermissionDenied, Problems
from tracker.core.subjects import Subject
from tracker.extensions import db
from tracker.review import notices
from tracker.review.models import MessageKind, RequestMessage, RequestState, Review
from tracker.review.permissions import may_answer_for, may_settle
from tracker.review.services import clean_text


@dataclass
class AnswerData:
    text: str
    # The evidence files sent with the answer: uploads (werkzeug FileStorage) until check_answer has read them,
    # then the files as checked (attachments.services.CheckedFile), so that the save after the check reads no
    # stream twice.
    files: Sequence[Any] = ()
    seen: int | None = None  # the number of messages in the thread when the page was drawn


@dataclass
class SettleData:
    text: str = ""
    seen: int | None = None
    due_date: date | None = None  # asking again: when the new answer is due


def subject_of(review: Review) -> Subject:
    subject = review.work_item or review.project
    assert subject is not None  # exactly one subject (check constraint one_subject)
    return subject


def message_count(review: Review) -> int:
    return db.session.scalar(select(func.count()).where(RequestMessage.review_id == review.id)) or 0


def _lock(review: Review) -> None:
    """Read the review's row again under a row lock, so that two steps at once take turns and the second sees
    what the first did."""
    query = select(Review).where(Review.id == review.id).with_for_update().execution_options(populate_existing=True)
    db.session.execute(query)


def _check_turn(review: Review, seen: int | None, wanted: tuple[str, ...], problems: Problems) -> None:
    """The request is in a state that allows the step, and nothing happened in its thread since the page was
    drawn."""
    if review.request_state == RequestState.CLOSED.value:
        problems.add(_("此督办事项已办结。"))
    elif seen is not None and seen != message_count(review):
        problems.add(_("在您打开页面之后，此督办事项已有新的答复或处理，请查看后再提交。"))
    elif review.request_state not in wanted:
        problems.add(_("部门答复之后，办公室才能确认办结或再次要求。"))


def check_answer(review: Review, data: AnswerData) -> str:
    """The answer's text as stored, or a ValidationError naming every problem (the files' included). Writes
    nothing; leaves the checked files in `data.files`."""
    problems = Problems()
    _check_turn(review, data.seen, (RequestState.OPEN.value, RequestState.ANSWERED.value), problems)
    text = clean_text(data.text, problems, "text")
    uploads = [f for f in data.files if not isinstance(f, CheckedFile)]
    data.files = [*(f for f in data.files if isinstance(f, CheckedFile)), *check_uploads(uploads, problems)]
    if not text and not problems.has("text") and not problems.has("files") and not data.files:
        problems.add(_("请填写答复内容，或附上佐证材料。"), "text")
    problems.raise_if_any()
    return text


def answer_request(review: Review, data: AnswerData, actor: User) -> RequestMessage:
    """The department's answer: the request becomes answered (again, for a second answer)."""
    subject = subject_of(review)
    if not may_answer_for(actor, subject):
        raise PermissionDenied(_("只有责任部门的负责人或成员可以答复此督办事项。"))
    _lock(review)
    text = check_answer(review, data)
    now = clock.now()
    message = _add_message(review, MessageKind.ANSWER, text, actor, now)
    store_files(data.files, subject, actor, request_message_id=message.id)
    review.request_state = RequestState.ANSWERED.value
    review.answered_at = now
    db.session.flush()
    notices.request_answered(review, subject, text, actor)
    return message


def check_accept(review: Review, data: SettleData) -> str:
    problems = Problems()
    _check_turn(review, data.seen, (RequestState.ANSWERED.value,), problems)
    text = clean_text(data.text, problems, "text")
    problems.raise_if_any()
    return text


def accept_answer(review: Review, data: SettleData, actor: User) -> RequestMessage:
    """The office accepts the department's answer: the request is closed."""
    if not may_settle(actor):
        raise PermissionDenied(_("只有办公室可以确认办结督办事项。"))
    _lock(review)
    text = check_accept(review, data)
    now = clock.now()
    message = _add_message(review, MessageKind.ACCEPT, text, actor, now)
    review.request_state = RequestState.CLOSED.value
    review.closed_at = now
    review.closed_by = actor
    db.session.flush()
    notices.answer_accepted(review, subject_of(review), text, actor)
    return message


def check_ask_again(review: Review, data: SettleData, today: date) -> str:
    problems = Problems()
    _check_turn(review, data.seen, (RequestState.ANSWERED.value,), problems)
    text = clean_text(data.text, problems, "text")
    if not text and not problems.has("text"):
        problems.add(_("请写明还需要部门说明或完成什么。"), "text")
    if data.due_date is None:
        problems.add(_("请填写新的答复期限。"), "due_date")
    elif data.due_date < today:
        problems.add(_("答复期限不能早于今天。"), "due_date")
    else:
        problems.check(check_date_window, data.due_date, "due_date")
    problems.raise_if_any()
    return text


def ask_again(review: Review, data: SettleData, actor: User, today: date) -> RequestMessage:
    """The office finds the answer wanting: the request is open again, the answer due on the new date."""
    if not may_settle(actor):
        raise PermissionDenied(_("只有办公室可以再次要求部门答复。"))
    _lock(review)
    text = check_ask_again(review, data, today)
    message = _add_message(review, MessageKind.ASK_AGAIN, text, actor, clock.now(), due_date=data.due_date)
    review.request_state = RequestState.OPEN.value
    review.follow_up_date = data.due_date
    db.session.flush()
    notices.asked_again(review, subject_of(review), text, actor)
    return message


def _add_message(review: Review, kind: MessageKind, text: str, actor: User, at, **extra) -> RequestMessage:
    message = RequestMessage(review=review, author=actor, kind=kind.value, body=text, created_at=at, **extra)
    db.session.add(message)
    db.session.flush()
    return message
