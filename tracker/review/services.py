"""Recording the office's review of an overdue or stale work item or project.

A review is a record, not a status change: status moves only through status updates. The one outcome that
changes the subject is an extension, which sets a new due date (audited, and bumping the subject's version).
Everything is checked before anything is written; the caller commits once, so a failure part-way leaves
nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from tracker.auth.models import User
from tracker.core import audit, clock
from tracker.core.dates import check_date_window
from tracker.core.errors import ConflictError, PermissionDenied, Problems
from tracker.core.filters import status_label
from tracker.core.forms import MULTILINE_CONTROL
from tracker.core.localtime import format_datetime
from tracker.core.subjects import Subject, SubjectType, newest_about, owner_of
from tracker.core.transactions import flush
from tracker.extensions import db
from tracker.review import notices
from tracker.review.models import Outcome, RequestState, Review
from tracker.review.permissions import can_review
from tracker.review.rules import ASKING_OUTCOMES, LIVE_STATES

COMMENT_MAX = 4000
OUTCOMES = tuple(outcome.value for outcome in Outcome)
# Outcomes whose comment says what the office asks or why it escalates.
COMMENT_REQUIRED = ASKING_OUTCOMES
# Outcomes that need a follow-up date: the day the department's answer is due.
FOLLOW_UP_OUTCOMES = ASKING_OUTCOMES


@dataclass
class ReviewData:
    outcome: str
    version: int
    comment: str = ""
    follow_up_date: date | None = None
    new_due_date: date | None = None


def clean_text(raw: str | None, problems: Problems, field: str) -> str:
    """A comment or a thread message as stored: trimmed, at most COMMENT_MAX characters, no control characters."""
    text = (raw or "").strip().replace("\r\n", "\n")
    if len(text) > COMMENT_MAX:
        problems.add(_("不能超过 %(max)d 个字符。", max=COMMENT_MAX), field)
    elif MULTILINE_CONTROL.search(text):
        problems.add(_("不能包含控制字符（如 NUL）。"), field)
    return text


def _clean_comment(data: ReviewData, problems: Problems) -> str:
    comment = clean_text(data.comment, problems, "comment")
    if data.outcome in COMMENT_REQUIRED and not comment and not problems.has("comment"):
        problems.add(_("要求跟进或提请督办时，请写明要求。"), "comment")
    return comment


def _follow_up_date(data: ReviewData, today: date, problems: Problems) -> date | None:
    if data.outcome not in FOLLOW_UP_OUTCOMES:
        return None
    if data.follow_up_date is None:
        # Every request says when its answer is due, or it could never be "answer overdue" (an outside probe).
        problems.add(_("要求跟进或提请督办时须填写跟进日期（部门答复的期限）。"), "follow_up_date")
    elif data.follow_up_date < today:
        problems.add(_("跟进日期不能早于今天。"), "follow_up_date")
    else:
        problems.check(check_date_window, data.follow_up_date, "follow_up_date")
    return data.follow_up_date


def _new_due_date(subject: Subject, data: ReviewData, today: date, problems: Problems) -> date | None:
    if data.outcome != Outcome.EXTENSION.value:
        return None
    new_due = data.new_due_date
    if new_due is None:
        problems.add(_("同意延期时须填写新的完成期限。"), "new_due_date")
    elif new_due < today:
        problems.add(_("新的完成期限不能早于今天。"), "new_due_date")
    elif subject.due_date is not None and new_due <= subject.due_date:
        problems.add(_("新的完成期限须晚于当前期限 %(due)s。", due=subject.due_date.isoformat()), "new_due_date")
    elif subject.start_date is not None and new_due < subject.start_date:
        problems.add(
            _("新的完成期限不能早于开始日期 %(start)s。", start=subject.start_date.isoformat()), "new_due_date"
        )
    else:
        problems.check(check_date_window, new_due, "new_due_date")
    return new_due


def check_review(subject: Subject, data: ReviewData, today: date) -> tuple[str, date | None, date | None]:
    """(comment, follow-up date, new due date) as stored, or one ValidationError naming every field that is
    wrong. Writes nothing, so a view can run it on a submit the form already refused."""
    problems = Problems()
    if data.outcome not in OUTCOMES:
        problems.add(_("请选择有效的审核结论。"), "outcome")
    comment = _clean_comment(data, problems)
    follow_up = _follow_up_date(data, today, problems)
    new_due = _new_due_date(subject, data, today, problems)
    problems.raise_if_any()
    return comment, follow_up, new_due


def _check_version(subject: Subject, data: ReviewData) -> None:
    """The reviewer decided on what they saw; if the department reported or someone changed the subject
    since, they must look again."""
    if data.version == subject.version:
        return
    last_report = format_datetime(subject.last_update_at) if subject.last_update_at else _("尚无")
    raise ConflictError(
        _(
            "保存失败：在您打开页面之后，此事项已有变化（例如部门报送了进展）。请核对下面的当前内容后重新提交，您填写的内容已保留。"
        ),
        changes=[
            (_("状态"), None, status_label(subject.status)),
            (_("进度"), None, f"{subject.progress}%"),
            (_("完成期限"), None, subject.due_date.isoformat() if subject.due_date else "—"),
            (_("最近报告"), None, last_report),
        ],
    )


def record_review(subject: Subject, data: ReviewData, actor: User, today: date) -> Review:
    """Write the review (and, for an extension, the new due date); an asking outcome opens a request, and any
    review closes the subject's earlier requests. Tells the department. Flushes; the caller commits."""
    if not can_review(actor, subject):
        raise PermissionDenied(_("您没有审核此事项的权限。"))
    comment, follow_up, new_due = check_review(subject, data, today)
    _check_version(subject, data)

    now = clock.now()
    _close_requests(subject, actor, now)
    review = Review(
        **owner_of(subject),
        reviewer=actor,
        created_at=now,
        outcome=data.outcome,
        comment=comment,
        follow_up_date=follow_up,
        new_due_date=new_due,
        request_state=RequestState.OPEN.value if data.outcome in ASKING_OUTCOMES else None,
    )
    db.session.add(review)
    db.session.flush()
    if new_due is not None:
        audit.record_changes(actor.id, subject.subject_type, subject.id, {"due_date": (subject.due_date, new_due)})
        subject.due_date = new_due
        flush()
    notices.review_recorded(review, subject, actor)
    return review


def _close_requests(subject: Subject, actor: User, now: datetime) -> None:
    """The office decided again on the subject: what it asked before is settled by this review."""
    column = getattr(Review, subject.subject_type.key)
    db.session.execute(
        update(Review)
        .where(column == subject.id, Review.request_state.in_(LIVE_STATES))
        .values(request_state=RequestState.CLOSED.value, closed_at=now, closed_by_id=actor.id)
        .execution_options(synchronize_session="fetch")
    )


def reviews_for(subject_type: SubjectType | str, subject_id: int, limit: int | None = None) -> list[Review]:
    """Newest first, reviewers (and their departments) loaded in the same statement; none for an unknown type."""
    return newest_about(Review, subject_type, subject_id, joinedload(Review.reviewer), limit=limit)


def latest_review(subject: Subject) -> Review | None:
    reviews = reviews_for(subject.subject_type, subject.id, limit=1)
    return reviews[0] if reviews else None
