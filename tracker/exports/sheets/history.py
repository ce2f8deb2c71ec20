"""The 进展记录 sheet: every status update that took effect in the export's scope, oldest first, written as the rows
arrive (the bench plan holds about 100,000)."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import closing

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.exports.cells import write_text
from tracker.exports.rows import ExportMeta, HistoryRow
from tracker.exports.sheets.common import write_table, write_title_block
from tracker.exports.sheets.formats import Formats
from tracker.exports.sheets.printing import set_print_layout

# (kind, width, header) of each column: every one prints, landscape, one page wide. Before and after share a
# cell ("进行中 → 滞后"): on the bench plan's 200,000 reports each cell less saves seconds.
COLUMNS = (
    ("datetime", 16, _l("报送时间")),
    ("text", 36, _l("事项")),
    ("text", 10, _l("报送人")),
    ("text", 14, _l("状态变化")),
    ("text", 10, _l("进度变化（%）")),
    ("text", 34, _l("进展说明")),
    ("text", 22, _l("滞后原因")),
    ("text", 22, _l("整改措施")),
    ("date", 12, _l("预计完成日期")),
)
WRAPPED = (1, 5, 6, 7)


def write_history_sheet(
    workbook, formats: Formats, meta: ExportMeta, rows: Generator[HistoryRow], scope: str, name: str
) -> None:
    worksheet = workbook.add_worksheet(name)
    heading = _("进展记录")
    header = write_title_block(worksheet, formats, meta, heading, filtered=False)
    # The title block's blank line before the table says what the sheet holds.
    scope_line = _("范围：%(scope)s；已生效的进展报告（不含待审核和退回的），按报送先后排列。", scope=scope)
    write_text(worksheet, header - 1, 0, scope_line, formats.meta)
    # Closed however the writing ends: the rows hold a server-side cursor, which must be gone before the failed
    # export's transaction ends.
    with closing(rows):
        values = ((_values(row), "normal") for row in rows)
        last = write_table(worksheet, formats, header, COLUMNS, values, frozen=2, wrapped=WRAPPED)
    widths = [width for _kind, width, _label in COLUMNS]
    set_print_layout(
        worksheet, meta.plan_title, heading, header_rows=(header, header), widths=widths, filters=[scope], last_row=last
    )


def _values(row: HistoryRow) -> tuple:
    return (
        row.posted_at,
        row.subject,
        row.author,
        f"{row.status_before} → {row.status_after}",
        f"{row.progress_before} → {row.progress_after}",
        row.note,
        row.delay_reason,
        row.remedy,
        row.expected_completion,
    )
