"""The task list sheet: the plan's items as the tree page lists them, foldable by outline level, plus the
hidden columns that let a department's edited copy be imported back.

This sheet can hold tens of thousands of rows, so its loop writes cells directly with one writer per column
kind (the other sheets use common.write_value, which also checks each value's type).
"""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.core.filters import STATUS_LABELS
from tracker.exports.cells import safe_text, unneutralise
from tracker.exports.columns import PRINTED_COLUMNS, TASK_COLUMNS, check_cell, identity_digest, values_digest
from tracker.exports.rows import TaskExport, TaskRow
from tracker.exports.sheets.common import write_header, write_title_block
from tracker.exports.sheets.formats import MAX_LEVEL, Formats
from tracker.exports.sheets.printing import INDENT_WIDTH, row_height, set_print_layout

_KINDS = [column.kind for column in TASK_COLUMNS]
_KEYS = [column.key for column in TASK_COLUMNS]
_TITLE = _KEYS.index("title")
_STYLES = ("normal", "overdue", "context")
_PRINTED_WIDTHS = [column.width for column in TASK_COLUMNS[:PRINTED_COLUMNS]]
# The wrapped columns other than the title (whose indent narrows it row by row), with their widths.
_WRAPPED = [(col, column.width) for col, column in enumerate(TASK_COLUMNS) if column.wrap and col != _TITLE]
_TITLE_WIDTH = TASK_COLUMNS[_TITLE].width
# Rows whose empty cells must still be written, to carry the row's fill.
_FILLED = ("overdue",)


def _row_style(row: TaskRow) -> str:
    if not row.matched:
        return "context"
    return "overdue" if row.overdue else "normal"


def _as_read(text: str) -> str:
    """A text as the import will read it back from its cell (cells.cell_text of what XlsxWriter stores)."""
    return unneutralise(safe_text(text))


def _values(row: TaskRow, status_labels: dict[str, str]) -> tuple:
    """The row's cells in TASK_COLUMNS order."""
    report = row.report
    # The check cell digests the row's item and editable values as the import will read them back
    # (columns.check_cell).
    check = check_cell(
        identity_digest(row.id, row.version, _as_read(row.outline), _as_read(row.title)),
        values_digest(
            (
                row.status,
                row.progress,
                _as_read(report.note),
                _as_read(report.delay_reason),
                _as_read(report.remedy),
                report.expected_completion,
            )
        ),
    )
    return (
        row.outline,
        row.title,
        status_labels.get(row.status, row.status),
        row.progress,
        row.rollup,
        row.lead,
        row.owner,
        row.due,
        row.days_overdue,
        report.note,  # the newest report's, as the item page shows it: edit it, or leave it for no new report
        report.delay_reason,
        report.remedy,
        report.expected_completion,
        row.short_name,
        row.kind,
        row.supporting,
        row.assignment,
        row.start,
        row.flags,
        row.last_update,
        row.approved,
        row.allocated,
        row.spent,
        row.own_approved,
        row.own_allocated,
        row.own_spent,
        row.id,
        row.version,
        check,
    )


def _height(values: tuple, depth: int) -> float | None:
    """The row's height when a wrapped cell needs more than one line."""
    title = (values[_TITLE], max(_TITLE_WIDTH - INDENT_WIDTH * min(depth, MAX_LEVEL), 1))
    return row_height([title, *((values[col], width) for col, width in _WRAPPED)])


def _writers(worksheet) -> list:
    """One function per column that writes a non-empty value as a cell of the column's kind."""
    write_string, write_number, write_datetime = (
        worksheet.write_string,
        worksheet.write_number,
        worksheet.write_datetime,
    )

    def text(row, col, value, cell_format):
        write_string(row, col, safe_text(value), cell_format)

    def number(row, col, value, cell_format):
        write_number(row, col, float(value), cell_format)

    by_kind = {"text": text, "title": text, "date": write_datetime, "datetime": write_datetime}
    return [by_kind.get(kind, number) for kind in _KINDS]


def _validations(worksheet, first: int, last: int) -> None:
    """Drop-downs and ranges that guide the editor (a paste can bypass them: the import checks again)."""
    status_col, progress_col = _KEYS.index("status"), _KEYS.index("progress")
    worksheet.data_validation(
        first,
        status_col,
        last,
        status_col,
        {
            "validate": "list",
            "source": [str(label) for label in STATUS_LABELS.values()],
            "error_title": _("状态"),
            "error_message": _("请从列表中选择状态。"),
        },
    )
    worksheet.data_validation(
        first,
        progress_col,
        last,
        progress_col,
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "error_title": _("进度（%）"),
            "error_message": _("请输入 0 到 100 之间的整数。"),
        },
    )


def write_task_sheet(workbook, formats: Formats, export: TaskExport, name: str, *, filtered: bool = True) -> None:
    """Rows must come in order (the workbook is written in constant-memory mode, row after row)."""
    worksheet = workbook.add_worksheet(name)
    # Summary rows above their details, so that a folded item keeps its own row visible.
    worksheet.outline_settings(True, False, False, False)
    heading = _("任务清单")
    header_row = write_title_block(worksheet, formats, export.meta, heading, filtered=filtered, numbered=True)
    for col, column in enumerate(TASK_COLUMNS):
        # A text column's own format is text too: what is typed into its empty cells stays as typed.
        column_format = formats.column(column.kind, wrap=column.wrap) if column.kind in ("text", "title") else None
        worksheet.set_column(col, col, column.width, column_format, {"hidden": column.hidden})
    labels = [str(c.label) for c in TASK_COLUMNS]
    worksheet.set_row(header_row, row_height(zip(labels[:PRINTED_COLUMNS], _PRINTED_WIDTHS, strict=True)))
    write_header(worksheet, formats, header_row, labels, [c.editable for c in TASK_COLUMNS])
    worksheet.freeze_panes(header_row + 1, _TITLE + 1)
    status_labels = {code: str(label) for code, label in STATUS_LABELS.items()}
    row_formats = {style: [formats.cell(c.kind, style, wrap=c.wrap) for c in TASK_COLUMNS] for style in _STYLES}
    writers = _writers(worksheet)
    write_blank, set_row = worksheet.write_blank, worksheet.set_row
    current = header_row
    for row in export.rows:
        current += 1
        style = _row_style(row)
        cell_formats = row_formats[style]
        # Empty cells are written where they carry something: the printed ones their borders, an overdue row's
        # all of them its fill.
        blanks = len(TASK_COLUMNS) if style in _FILLED else PRINTED_COLUMNS
        values = _values(row, status_labels)
        set_row(current, _height(values, row.depth), None, {"level": min(row.depth, MAX_LEVEL), "hidden": False})
        for col, value in enumerate(values):
            cell_format = formats.cell("title", style, row.depth, wrap=True) if col == _TITLE else cell_formats[col]
            if value is None or value == "":
                if col < blanks:
                    write_blank(current, col, None, cell_format)
            else:
                writers[col](current, col, value, cell_format)
    worksheet.autofilter(header_row, 0, current, len(TASK_COLUMNS) - 1)
    if current > header_row:
        _validations(worksheet, header_row + 1, current)
    filters = export.meta.filters if filtered else ()
    set_print_layout(
        worksheet,
        export.meta.plan_title,
        heading,
        header_rows=(header_row, header_row),
        widths=_PRINTED_WIDTHS,
        filters=filters,
        last_row=current,
    )
