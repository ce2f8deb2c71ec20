"""The review queue: overdue and silent items and projects, longest overdue first, with the delay reason."""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.core.filters import status_label
from tracker.exports.rows import ExportMeta, local_time
from tracker.exports.sheets.common import write_header, write_title_block, write_value
from tracker.exports.sheets.formats import Formats
from tracker.review.labels import outcome_label

_COLUMNS = (
    ("text", 8),  # kind
    ("text", 10),  # outline number
    ("text", 40),  # title
    ("text", 20),  # department
    ("text", 12),  # owner
    ("text", 10),  # status
    ("int", 9),  # progress
    ("date", 12),  # due
    ("int", 10),  # days overdue
    ("int", 10),  # days silent
    ("datetime", 17),  # last update
    ("text", 12),  # latest review
    ("text", 10),  # awaiting the department's answer
    ("text", 40),  # delay reason
)


def write_review_sheet(workbook, formats: Formats, meta: ExportMeta, entries, name: str, scope: str) -> None:
    """`entries` are tracker.review.queue.QueueEntry rows, already in the queue's order."""
    worksheet = workbook.add_worksheet(name)
    meta_lines = ExportMeta(**{**vars(meta), "filters": [scope] if scope else [], "summary": ""})
    header = write_title_block(worksheet, formats, meta_lines, _("督办清单（逾期或久未更新）"))
    labels = [
        _("类型"),
        _("编号"),
        _("名称"),
        _("部门"),
        _("责任人"),
        _("状态"),
        _("进度（%）"),
        _("完成期限"),
        _("逾期天数"),
        _("未更新天数"),
        _("最近更新"),
        _("最近督办"),
        _("待部门答复"),
        _("滞后原因"),
    ]
    for col, (_kind, width) in enumerate(_COLUMNS):
        worksheet.set_column(col, col, width)
    write_header(worksheet, formats, header, labels)
    worksheet.freeze_panes(header + 1, 3)
    row = header
    for entry in entries:
        row += 1
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
        style = "overdue" if entry.overdue else "normal"
        for col, ((kind, _width), value) in enumerate(zip(_COLUMNS, values, strict=True)):
            write_value(worksheet, row, col, kind, value, formats.cell(kind, style))
    worksheet.autofilter(header, 0, row, len(labels) - 1)
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)
