"""Sign-off by the department's lead (issue 10): a member's report in a department whose reports need sign-off is a
draft (`SignOff.PENDING`) until a lead of the author's department approves it, which applies it to the subject as
the subject is then, or returns it with a comment, which leaves the subject alone.

Each decision claims the draft with a guarded UPDATE (pending → decided): of two clicks, or two leads deciding at
once, the second finds it decided and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, and_, exists, or_, select, update
from sqlalchemy.orm import aliased, contains_eager, joinedload

from tracker.auth.models import Role, User
from tracker.core import clock
from tracker.core.errors import ValidationError
from tracker.core.subjects import Subject, SubjectType
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.projects.models import Project
from tracker.updates import notices
from tracker.updates.models import SignOff, StatusUpdate
from tracker.updates.services import (
    NOTE_MAX,
    UpdateData,
    apply_report,
    latest_approved_report,
    needs_delay_explanation,
    validate_update,
)


def reports_awaiting_sign_off(user: User, subject: Subject | None = None) -> list[StatusUpdate]:
    """Drafts that `user` may sign off, oldest first, with author and subject loaded: one statement (none for
    anyone but a lead). With `subject`, only the drafts on it. Who qualifies is updates.permissions.can_sign_off:
    a lead of the author's department, on the department's own live items and projects."""
    department_id = user.department_id
    if user.role != Role.LEAD.value or department_id is None:
        return []
    author = aliased(User)
    query = (
        select(StatusUpdate)
        .join(author, author.id == StatusUpdate.author_id)
        .outerjoin(WorkItem, WorkItem.id == StatusUpdate.work_item_id)
        .outerjoin(Project, Project.id == StatusUpdate.project_id)
        .where(
            StatusUpdate.sign_off == SignOff.PENDING.value,
            author.department_id == department_id,
            or_(
                and_(WorkItem.lead_department_id == department_id, WorkItem.live),
                and_(Project.department_id == department_id, Project.live),
            ),
        )
        .options(
            contains_eager(StatusUpdate.author.of_type(author)),
            contains_eager(StatusUpdate.work_item),
            contains_eager(StatusUpdate.project),
        )
        .order_by(StatusUpdate.created_at, StatusUpdate.id)
    )
    if subject is not None:
        column = StatusUpdate.work_item_id if subject.subject_type == SubjectType.WORK_ITEM else StatusUpdate.project_id
        query = query.where(column == subject.id)
    return list(db.session.scalars(query))


def unsettled_reports_of(author: User, limit: int) -> list[StatusUpdate]:
    """The author's drafts still awaiting sign-off and the reports returned to them that they have not reported on
    again since (the same subject, a later report of theirs), newest first, subject and deciding lead loaded: one
    statement."""
    later = aliased(StatusUpdate)
    reported_again = exists().where(
        later.author_id == StatusUpdate.author_id,
        later.id > StatusUpdate.id,
        or_(later.work_item_id == StatusUpdate.work_item_id, later.project_id == StatusUpdate.project_id),
    )
    query = (
        select(StatusUpdate)
        .options(
            joinedload(StatusUpdate.work_item), joinedload(StatusUpdate.project), joinedload(StatusUpdate.signed_off_by)
        )
        .where(
            StatusUpdate.author_id == author.id,
            or_(
                StatusUpdate.sign_off == SignOff.PENDING.value,
                and_(StatusUpdate.sign_off == SignOff.RETURNED.value, ~reported_again),
            ),
        )
        .order_by(StatusUpdate.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def _subject_of(report: StatusUpdate) -> WorkItem | Project:
    subject = report.work_item or report.project
    assert subject is not None  # a status update has exactly one subject (a check constraint)
    return subject


def _already_decided() -> ValidationError:
    return ValidationError(_("这份进展报告已经审核过，没有重复处理。"))


def _claim(report: StatusUpdate, decision: SignOff, lead: User, comment: str, **values: object) -> None:
    """pending → `decision`, only if it is still pending (refused otherwise: nothing changes)."""
    result = db.session.execute(
        update(StatusUpdate)
        .where(StatusUpdate.id == report.id, StatusUpdate.sign_off == SignOff.PENDING.value)
        .values(
            sign_off=decision.value,
            signed_off_by_id=lead.id,
            signed_off_at=clock.now(),
            sign_off_comment=comment,
            **values,
        )
        .execution_options(synchronize_session=False)
    )
    if cast("CursorResult[Any]", result).rowcount != 1:
        raise _already_decided()
    db.session.refresh(report)  # the decision as stored, for the subject and the author's notification


def _as_reported(report: StatusUpdate, subject: Subject) -> UpdateData:
    return UpdateData(
        status=report.status_after,
        progress=report.progress_after,
        version=subject.version,
        note=report.note,
        delay_reason=report.delay_reason,
        remedy=report.remedy,
        expected_completion=report.expected_completion,
    )


def approve_report(report: StatusUpdate, lead: User, today: date) -> StatusUpdate:
    """Apply a draft to its subject as the subject is now: the report's rules are checked again against `today` and
    the current status and progress (a failure says why and changes nothing), its "before" values are refreshed,
    and the subject counts as reported at the approval. Flushes; the caller commits."""
    if report.sign_off != SignOff.PENDING.value:
        raise _already_decided()
    subject = _subject_of(report)
    try:
        validate_update(subject, _as_reported(report, subject), today)
    except ValidationError as error:
        problems = "".join(str(message) for messages in error.errors.values() for message in messages)
        raise ValidationError(
            _(
                "这份进展按事项的现状已不能通过：%(problems)s 请退回，由填报人按现状重新填写。",
                problems=problems or error.message,
            )
        ) from error
    late = needs_delay_explanation(subject, report.status_after, today)
    previous = latest_approved_report(subject)
    _claim(
        report,
        SignOff.APPROVED,
        lead,
        "",
        status_before=subject.status,
        progress_before=subject.progress,
        # What the form keeps for work that is late when the report takes effect, as posting would.
        delay_reason=report.delay_reason if late else "",
        remedy=report.remedy if late else "",
        expected_completion=report.expected_completion if late else None,
    )
    apply_report(subject, report, previous, lead, report.signed_off_at or clock.now())
    notices.signed_off(subject, report, lead)
    return report


def check_return_comment(comment: str | None) -> str:
    """The comment as stored, or a ValidationError at the field: a return must say what to change."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("退回时请填写退回意见，告诉填报人需要修改什么。"), field="comment")
    if len(comment) > NOTE_MAX:
        raise ValidationError(_("内容不能超过 %(n)d 个字符。", n=NOTE_MAX), field="comment")
    return comment


def return_report(report: StatusUpdate, lead: User, comment: str | None) -> StatusUpdate:
    """Send a draft back to its author with the lead's comment (required); the subject stays as it is."""
    if report.sign_off != SignOff.PENDING.value:
        raise _already_decided()
    _claim(report, SignOff.RETURNED, lead, check_return_comment(comment))
    notices.signed_off(_subject_of(report), report, lead)
    return report
