"""The review queue: overdue and silent items and projects, longest overdue first, with the delay reason."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.core.filters import status_label
from tracker.exports.rows import ExportMeta, local_time
from tracker.exports.sheets.common import write_table, write_title_block
from tracker.exports.sheets.formats import Formats
from tracker.review.labels import outcome_label

# (kind, width, header) of each column.
_COLUMNS = (
    ("text", 8, _l("类型")),
    ("text", 10, _l("编号")),
    ("text", 40, _l("名称")),
    ("text", 20, _l("部门")),
    ("text", 12, _l("责任人")),
    ("text", 10, _l("状态")),
    ("int", 9, _l("进度（%）")),
    ("date", 12, _l("完成期限")),
    ("int", 10, _l("逾期天数")),
    ("int", 10, _l("未更新天数")),
    ("datetime", 17, _l("最近更新")),
    ("text", 12, _l("最近督办")),
    ("text", 10, _l("待部门答复")),
    ("text", 40, _l("滞后原因")),
)


def write_review_sheet(workbook, formats: Formats, meta: ExportMeta, entries, name: str, scope: str) -> None:
    """`entries` are tracker.review.queue.QueueEntry rows, already in the queue's order."""
    worksheet = workbook.add_worksheet(name)
    meta_lines = ExportMeta(**{**vars(meta), "filters": [scope] if scope else [], "summary": ""})
    header = write_title_block(worksheet, formats, meta_lines, _("督办清单（逾期或久未更新）"), numbered=True)
    write_table(worksheet, formats, header, _COLUMNS, (_row(entry) for entry in entries), frozen=3)


def _row(entry) -> tuple[tuple, str]:
    values = (
        entry.subject_type.label,
        entry.outline_no,
        entry.title,
        entry.department_name or "",
        entry.owner_name or "",
        status_label(entry.status),
        entry.progress,
        entry.due_date,
        entry.days_overdue,
        entry.days_silent,
        local_time(entry.last_update_at),
        outcome_label(entry.review.outcome) if entry.review else "",
        _("是") if entry.awaiting else "",
        entry.delay_reason,
    )
    return values, "overdue" if entry.overdue else "normal"
