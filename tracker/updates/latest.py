"""Each work item's latest word: the note and delay explanation of its newest report that took effect.

One query for every reader that prints it beside an item (the exports' 进展说明 column, the implementation
report's tables); drafts and returned reports never applied, so they never count.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, select

from tracker.extensions import db
from tracker.updates.models import StatusUpdate


class LatestWord(NamedTuple):
    work_item_id: int
    note: str | None
    delay_reason: str | None
    remedy: str | None
    expected_completion: date | None


def latest_words(*where: ColumnElement[bool], join: tuple[Any, ColumnElement[bool]] | None = None) -> list[LatestWord]:
    """The newest report that took effect of each work item the conditions select (a window function ranks each
    item's reports: one statement). `join` is a (table, on clause) pair the conditions need."""
    ranked = select(
        StatusUpdate.work_item_id,
        StatusUpdate.note,
        StatusUpdate.delay_reason,
        StatusUpdate.remedy,
        StatusUpdate.expected_completion,
        func.row_number()
        .over(
            partition_by=StatusUpdate.work_item_id,
            order_by=(StatusUpdate.created_at.desc(), StatusUpdate.id.desc()),
        )
        .label("position"),
    )
    if join is not None:
        ranked = ranked.join(*join)
    newest = ranked.where(StatusUpdate.took_effect, *where).subquery()
    rows = db.session.execute(
        select(
            newest.c.work_item_id, newest.c.note, newest.c.delay_reason, newest.c.remedy, newest.c.expected_completion
        ).where(newest.c.position == 1)
    )
    return [LatestWord(*row) for row in rows]
