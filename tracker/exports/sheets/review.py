"""The review queue: overdue, behind-milestone and silent items and projects, in the queue's order, with the delay
reason."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.core.filters import status_label
from tracker.exports.rows import ExportMeta, local_time
from tracker.exports.sheets.common import write_table, write_title_block
from tracker.exports.sheets.formats import Formats
from tracker.exports.sheets.printing import set_print_layout
from tracker.review.labels import outcome_label

# (kind, width, header) of each column: all of them print, long names and reasons wrapped.
_COLUMNS = (
    ("text", 6, _l("类型")),
    ("text", 13, _l("编号")),
    ("text", 27, _l("名称")),
    ("text", 12, _l("部门")),
    ("text", 8, _l("责任人")),
    ("text", 8, _l("状态")),
    ("int", 7, _l("进度（%）")),
    ("date", 11, _l("完成期限")),
    ("int", 7, _l("逾期天数")),
    ("int", 7, _l("未更新天数")),
    ("text", 10, _l("落后年度目标")),
    ("datetime", 16, _l("最近更新")),
    ("text", 10, _l("最近督办")),
    ("text", 7, _l("待部门答复")),
    ("text", 26, _l("滞后原因")),
)
_WRAPPED = (2, 3, 10, 12, 14)


def write_review_sheet(workbook, formats: Formats, meta: ExportMeta, entries, name: str, scope: str) -> None:
    """`entries` are tracker.review.queue.QueueEntry rows, already in the queue's order."""
    worksheet = workbook.add_worksheet(name)
    meta_lines = ExportMeta(**{**vars(meta), "filters": [scope] if scope else [], "summary": ""})
    heading = _("督办清单（逾期、落后年度目标或久未更新）")
    header = write_title_block(worksheet, formats, meta_lines, heading, numbered=True)
    rows = (_row(entry) for entry in entries)
    last = write_table(worksheet, formats, header, _COLUMNS, rows, frozen=3, wrapped=_WRAPPED)
    widths = [width for _kind, width, _label in _COLUMNS]
    set_print_layout(
        worksheet,
        meta.plan_title,
        heading,
        header_rows=(header, header),
        widths=widths,
        filters=meta_lines.filters,
        last_row=last,
    )


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
        _behind(entry),
        local_time(entry.last_update_at),
        outcome_label(entry.review.outcome) if entry.review else "",
        _("是") if entry.awaiting else "",
        entry.delay_reason,
    )
    return values, "overdue" if entry.overdue else "normal"


def _behind(entry) -> str:
    """Why a work item behind its yearly milestone is on the list: what was expected by today, what it shows."""
    if not entry.behind:
        return ""
    actual = f"{entry.measured_progress:.1f}".removesuffix(".0")
    return _("应达 %(expected)d%%，实际 %(actual)s%%", expected=entry.milestone_expected, actual=actual)
