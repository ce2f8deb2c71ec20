"""Posting status updates on work items and projects.

A status update is the only way status and progress change: the journal and
the current values can never disagree. Posting refuses a stale version (the
poster saw an older state than the one stored) instead of overwriting. Only an
approved report is applied: a member's report in a department whose reports
need sign-off waits as a draft until the lead approves it (tracker.updates.sign_off).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from tracker.auth.models import User
from tracker.core import audit, clock
from tracker.core.dates import check_date_window
from tracker.core.errors import ConflictError, Problems
from tracker.core.filters import status_label
from tracker.core.statuses import LATE_STATUSES, STATUS_VALUES, Status
from tracker.core.subjects import Subject, owner_of
from tracker.extensions import db
from tracker.plan.rules import is_overdue
from tracker.updates import notices
from tracker.updates.models import SignOff, StatusUpdate
from tracker.updates.permissions import needs_sign_off

NOTE_MAX = 4000


@dataclass
class UpdateData:
    # None where a form or an import row had no usable value: the rules below answer it at the field.
    status: str | None
    progress: int | None
    version: int | None
    note: str = ""
    delay_reason: str = ""
    remedy: str = ""
    expected_completion: date | None = None


def needs_delay_explanation(subject: Subject, new_status: str, today: date) -> bool:
    """Late work must say why, what is being done, and when it will be finished."""
    if new_status in LATE_STATUSES:
        return True
    return new_status != Status.COMPLETED.value and is_overdue(subject.due_date, new_status, today)


def validate_update(subject: Subject, data: UpdateData, today: date) -> str:
    """Every rule on the report, all broken ones raised together (one ValidationError, each at its field); returns
    the report's status, then known to be one of the statuses.

    Writes nothing. A value the form could not read arrives as None; its own rules are then skipped (the form
    says what is wrong with it) and the rest still run, so one response names every problem.
    """
    problems = Problems()
    status = data.status if data.status in STATUS_VALUES else None
    if status is None:
        problems.add(_("无效的状态。"), "status")
    progress = data.progress if isinstance(data.progress, int) and 0 <= data.progress <= 100 else None
    if progress is None:
        problems.add(_("进度必须是 0 到 100 之间的整数。"), "progress")
    elif data.status == Status.COMPLETED.value and progress != 100:
        problems.add(_("状态为“已完成”时进度必须为 100%。"), "progress")
    elif data.status == Status.NOT_STARTED.value and progress != 0:
        problems.add(_("状态为“未启动”时进度必须为 0。"), "progress")
    if progress is not None and progress < subject.progress and not data.note.strip():
        problems.add(_("进度比上次低时，请在说明中写明原因。"), "note")
    for name in ("note", "delay_reason", "remedy"):
        if len(getattr(data, name)) > NOTE_MAX:
            problems.add(_("内容不能超过 %(n)d 个字符。", n=NOTE_MAX), name)
    if status is not None and needs_delay_explanation(subject, status, today):
        if not data.delay_reason.strip():
            problems.add(_("滞后、有风险或已逾期的事项须填写滞后原因。"), "delay_reason")
        if not data.remedy.strip():
            problems.add(_("滞后、有风险或已逾期的事项须填写整改措施。"), "remedy")
        if data.expected_completion is None:
            problems.add(_("滞后、有风险或已逾期的事项须填写预计完成日期。"), "expected_completion")
        elif data.expected_completion < today:
            problems.add(_("预计完成日期不能早于今天。"), "expected_completion")
        else:
            problems.check(check_date_window, data.expected_completion, "expected_completion")
    problems.raise_if_any()
    assert status is not None  # raise_if_any raised otherwise
    return status


def _check_version(subject: Subject, data: UpdateData) -> None:
    if data.version == subject.version:
        return
    raise ConflictError(
        _(
            "保存失败：在您打开页面之后，其他人已更新了此事项（当前状态：%(s)s，进度：%(p)d%%）。"
            "请核对后重新提交，您填写的内容已保留。",
            s=status_label(subject.status),
            p=subject.progress,
        ),
        changes=[("status", None, subject.status), ("progress", None, subject.progress)],
    )


def check_status_update(subject: Subject, data: UpdateData, today: date) -> str:
    """Raise the error post_status_update would raise, writing nothing (the Excel import's preview); returns the
    report's status, known then to be one of the statuses."""
    _check_version(subject, data)
    return validate_update(subject, data, today)


# What a report says besides its note, audited when it changes; the late-report fields compare with the latest report.
# Values before the first report: what a report that leaves them out stores.
REPORTED_FIELDS = {"delay_reason": "", "remedy": "", "expected_completion": None}


def latest_approved_report(subject: Subject) -> StatusUpdate | None:
    """The subject's newest report that took effect. By id, the order reports were posted in (the subject's version
    admits one at a time): with a pinned today, a demo running for days stamps every report on the same date, so
    times of day do not say which came last. Drafts and returned reports never took effect."""
    query = select(StatusUpdate).filter_by(**owner_of(subject)).where(StatusUpdate.took_effect)
    return db.session.scalars(query.order_by(StatusUpdate.id.desc()).limit(1)).first()


def _audit_report(actor: User, subject: Subject, previous: StatusUpdate | None, update: StatusUpdate) -> None:
    """An audit row per changed field, or, when only the note changed, one row saying a report was posted (its
    new value the update's id): every accepted report is in the audit log."""
    changes = {"status": (subject.status, update.status_after), "progress": (subject.progress, update.progress_after)}
    for name, empty in REPORTED_FIELDS.items():
        changes[name] = (getattr(previous, name) if previous else empty, getattr(update, name))
    recorded = audit.record_changes(actor.id, subject.subject_type, subject.id, changes)
    if not recorded:
        audit.record(actor.id, subject.subject_type, subject.id, audit.AuditAction.REPORT, new=update.id)


# The same report by the same person again within this window is the web form sent twice (Back after saving, then
# submit: the refetched form carries the new version and the browser refills what was typed), not news. The form
# checks it before posting; the import has its own "nothing changed" rule.
RESUBMIT_WINDOW = timedelta(minutes=10)


def _latest_said_by(subject: Subject, actor: User) -> StatusUpdate | None:
    """The newest report that counts for resubmission: an approved one, or the actor's own draft (a draft posted
    twice is the same button pressed twice). A returned report is not news the form could repeat."""
    counts = or_(
        StatusUpdate.took_effect,
        and_(StatusUpdate.sign_off == SignOff.PENDING.value, StatusUpdate.author_id == actor.id),
    )
    query = select(StatusUpdate).filter_by(**owner_of(subject)).where(counts)
    return db.session.scalars(query.order_by(StatusUpdate.id.desc()).limit(1)).first()


def resubmitted_report(subject: Subject, data: UpdateData, actor: User) -> StatusUpdate | None:
    """The subject's latest report if `data` repeats it word for word, by `actor`, within RESUBMIT_WINDOW."""
    latest = _latest_said_by(subject, actor)
    if latest is None or latest.author_id != actor.id or clock.now() - latest.created_at > RESUBMIT_WINDOW:
        return None
    said = (data.status, data.progress, data.note.strip(), data.delay_reason.strip(), data.remedy.strip())
    if said != (latest.status_after, latest.progress_after, latest.note, latest.delay_reason, latest.remedy):
        return None
    return latest if data.expected_completion in (latest.expected_completion, None) else None


def post_status_update(subject: Subject, data: UpdateData, actor: User, today: date) -> StatusUpdate:
    """Record a report and apply it to the subject; a report by a member whose department's reports need sign-off
    is kept as a draft instead (the subject unchanged) and its leads are told. Flushes; the caller commits."""
    _check_version(subject, data)
    status = validate_update(subject, data, today)
    late = needs_delay_explanation(subject, status, today)
    draft = needs_sign_off(actor)
    now = clock.now()
    update = StatusUpdate(
        **owner_of(subject),
        author=actor,
        created_at=now,
        status_before=subject.status,
        status_after=data.status,
        progress_before=subject.progress,
        progress_after=data.progress,
        note=data.note.strip(),
        delay_reason=data.delay_reason.strip() if late else "",
        remedy=data.remedy.strip() if late else "",
        expected_completion=data.expected_completion if late else None,
        sign_off=(SignOff.PENDING if draft else SignOff.APPROVED).value,
    )
    if draft:
        db.session.add(update)
        db.session.flush()
        notices.sign_off_requested(subject, update)
        return update
    previous = latest_approved_report(subject)
    db.session.add(update)
    db.session.flush()  # the update's id, for the audit row of a report that changes nothing else
    apply_report(subject, update, previous, actor, now)
    return update


def apply_report(
    subject: Subject, update: StatusUpdate, previous: StatusUpdate | None, actor: User, at: datetime
) -> None:
    """Make an approved report the subject's state: audit rows (by `actor`, who made it take effect), status,
    progress, and the last report time `at`. `previous` is the report that took effect before this one."""
    _audit_report(actor, subject, previous, update)
    subject.status = update.status_after
    subject.progress = update.progress_after
    # Posting always counts as a report, even with unchanged values, so the version moves too.
    subject.last_update_at = at
    db.session.flush()
