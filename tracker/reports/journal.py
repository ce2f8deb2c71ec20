"""What the journal of status updates says about a period: how much was reported, and each item's latest word.

Only updates that took effect count (StatusUpdate.took_effect: a draft awaiting its lead, or a returned one, never
changed the item), as everywhere else that reads "the latest report".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, distinct, func, or_, select

from tracker.core.localtime import utc_day_bounds
from tracker.core.statuses import Status
from tracker.core.subjects import SubjectType
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.reports.scope import ReportScope
from tracker.updates.latest import LatestWord
from tracker.updates.latest import latest_words as newest_words
from tracker.updates.models import StatusUpdate


@dataclass(frozen=True)
class Activity:
    reports: int  # status updates on items in scope posted in the period
    changed: int  # items whose status or progress one of them changed
    completed: int  # items one of them marked completed


def period_activity(scope: ReportScope) -> Activity:
    """The period's reports on the items in scope: one statement."""
    begin, after = utc_day_bounds(scope.period.start, scope.period.end)
    changed = or_(
        StatusUpdate.status_after != StatusUpdate.status_before,
        StatusUpdate.progress_after != StatusUpdate.progress_before,
    )
    completed = and_(
        StatusUpdate.status_after == Status.COMPLETED.value, StatusUpdate.status_before != Status.COMPLETED.value
    )
    reports, changed_items, completed_items = db.session.execute(
        select(
            func.count(StatusUpdate.id),
            func.count(distinct(case((changed, StatusUpdate.work_item_id)))),
            func.count(distinct(case((completed, StatusUpdate.work_item_id)))),
        )
        .join(WorkItem, WorkItem.id == StatusUpdate.work_item_id)
        .where(
            scope.items(), StatusUpdate.took_effect, StatusUpdate.created_at >= begin, StatusUpdate.created_at < after
        )
    ).one()
    return Activity(int(reports or 0), int(changed_items or 0), int(completed_items or 0))


def latest_words(
    subject_ids: Collection[int], by: date, subject: SubjectType = SubjectType.WORK_ITEM
) -> dict[int, LatestWord]:
    """Each item's (or project's: `subject`) newest update that took effect by the end of the day `by` (local),
    keyed by its id: one statement, none for no ids."""
    if not subject_ids:
        return {}
    words = newest_words(
        getattr(StatusUpdate, subject.key).in_(list(subject_ids)),
        StatusUpdate.created_at < utc_day_bounds(by, by)[1],
        subject=subject,
    )
    return {word.subject_id: word for word in words}
