"""Each work item's (or project's) latest word: the note and delay explanation of its newest report that took
effect.

One query for every reader that prints it beside an item (the exports' 进展说明 column, the implementation
report's tables); drafts and returned reports never applied, so they never count.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, select

from tracker.core.subjects import SubjectType
from tracker.extensions import db
from tracker.updates.models import StatusUpdate


class LatestWord(NamedTuple):
    subject_id: int  # the work item's id, or the project's when the words are a project's
    note: str | None
    delay_reason: str | None
    remedy: str | None
    expected_completion: date | None


def latest_words(
    *where: ColumnElement[bool],
    join: tuple[Any, ColumnElement[bool]] | None = None,
    subject: SubjectType = SubjectType.WORK_ITEM,
) -> list[LatestWord]:
    """The newest report that took effect of each work item (or project: `subject`) the conditions select (a window
    function ranks each subject's reports: one statement). `join` is a (table, on clause) pair the conditions
    need."""
    subject_id = getattr(StatusUpdate, subject.key)
    ranked = select(
        subject_id.label("subject_id"),
        StatusUpdate.note,
        StatusUpdate.delay_reason,
        StatusUpdate.remedy,
        StatusUpdate.expected_completion,
        func.row_number()
        .over(
            partition_by=subject_id,
            order_by=(StatusUpdate.created_at.desc(), StatusUpdate.id.desc()),
        )
        .label("position"),
    )
    if join is not None:
        ranked = ranked.join(*join)
    newest = ranked.where(StatusUpdate.took_effect, subject_id.is_not(None), *where).subquery()
    rows = db.session.execute(
        select(
            newest.c.subject_id, newest.c.note, newest.c.delay_reason, newest.c.remedy, newest.c.expected_completion
        ).where(newest.c.position == 1)
    )
    return [LatestWord(*row) for row in rows]
