"""The 进展记录 sheet's rows: every status update that took effect on the exported scope's items and projects, in
posting order, read as they are written.

The bench plan holds about 100,000 updates, so they come from one cursor (tracker.exports.task_stream.streamed)
and become rows one at a time; what each row needs besides its own columns is the item's full outline, read
once for the scope's items (tracker.plan.outline_paths: two statements), so the export's statement count does
not grow with the plan. Drafts and returned reports never changed their subject and are left out, as on every
other list of reports.
"""

from __future__ import annotations

from collections.abc import Generator

from sqlalchemy import ColumnElement, and_, or_, select

from tracker.auth.models import User
from tracker.core.filters import status_label
from tracker.core.localtime import to_local
from tracker.core.statuses import STATUS_VALUES
from tracker.exports.rows import HistoryRow, Words
from tracker.exports.task_stream import streamed
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.plan.outline import numbered
from tracker.plan.outline_paths import full_outlines
from tracker.plan.tree_filters import involves_department
from tracker.projects.models import Project
from tracker.updates.models import StatusUpdate


def _item_scope(plan_id: int, department_id: int | None) -> ColumnElement[bool]:
    """The plan's live items, or those the department leads or supports (the plan tree's department filter)."""
    live = WorkItem.live_in(plan_id)
    if department_id is None:
        return live
    return and_(live, involves_department(department_id))


def _project_scope(plan_id: int, department_id: int | None) -> ColumnElement[bool]:
    """The plan's live projects, or the department's own (as its page lists them)."""
    scope = and_(Project.live, Project.in_plan(plan_id))
    return scope if department_id is None else and_(scope, Project.department_id == department_id)


def history_rows(plan_id: int, department_id: int | None, words: Words) -> Generator[HistoryRow]:
    """The scope's updates that took effect, oldest first (ties in posting order by id): three statements."""
    items = _item_scope(plan_id, department_id)
    paths = {item_id: path for item_id, path in db.session.execute(select(WorkItem.id, WorkItem.path).where(items))}
    outlines = full_outlines(plan_id, paths)
    statuses = {status: status_label(status) for status in STATUS_VALUES}
    statement = (
        select(
            StatusUpdate.created_at,
            StatusUpdate.work_item_id,
            WorkItem.title,
            Project.name,
            User.display_name,
            StatusUpdate.status_before,
            StatusUpdate.status_after,
            StatusUpdate.progress_before,
            StatusUpdate.progress_after,
            StatusUpdate.note,
            StatusUpdate.delay_reason,
            StatusUpdate.remedy,
            StatusUpdate.expected_completion,
        )
        .join(User, User.id == StatusUpdate.author_id)
        .outerjoin(WorkItem, WorkItem.id == StatusUpdate.work_item_id)
        .outerjoin(Project, Project.id == StatusUpdate.project_id)
        .where(
            StatusUpdate.took_effect,
            or_(
                and_(StatusUpdate.work_item_id.is_not(None), items),
                StatusUpdate.project_id.in_(select(Project.id).where(_project_scope(plan_id, department_id))),
            ),
        )
        .order_by(StatusUpdate.created_at, StatusUpdate.id)
    )
    # Alone on the connection while the sheet is written: MySQL streams it too instead of buffering 200,000 rows.
    rows = streamed(statement, alone=True)
    try:
        for (
            created_at,
            item_id,
            title,
            project_name,
            author,
            status_before,
            status_after,
            progress_before,
            progress_after,
            note,
            reason,
            remedy,
            expected,
        ) in rows:
            yield HistoryRow(
                posted_at=to_local(created_at, words.zone),
                subject=numbered(outlines.get(item_id, ""), title) if item_id is not None else project_name,
                author=author,
                status_before=statuses.get(status_before, status_before),
                status_after=statuses.get(status_after, status_after),
                progress_before=progress_before,
                progress_after=progress_after,
                note=note or "",
                delay_reason=reason or "",
                remedy=remedy or "",
                expected_completion=expected,
            )
    finally:
        # A server-side cursor left open would break the transaction's end on PostgreSQL (as in task_stream).
        rows.close()
