"""The 规划原文 sheet: the plan as its document reads, for reading and printing (never imported: the import reads
only the task sheet its marker names)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.exports.cells import write_text
from tracker.exports.rows import DocumentPartRow, ExportMeta
from tracker.exports.sheets.common import write_header, write_title_block
from tracker.exports.sheets.formats import MAX_LEVEL, Formats
from tracker.exports.sheets.printing import row_height, set_print_layout

# (width, header, wrapped). Widths in Excel's units, about half a Chinese character each: the text column holds
# some 35 characters a line, the title about 15; all of it prints, landscape, one page wide.
_COLUMNS = (
    (9, _l("编号"), False),
    (30, _l("标题"), True),
    (70, _l("正文"), True),
    (11, _l("工作项类型"), False),
    (14, _l("任务清单编号"), False),
)
_TITLE = 1


def _row_height(values: tuple[str, ...]) -> float | None:
    return row_height((value, width) for (width, _label, wrap), value in zip(_COLUMNS, values, strict=True) if wrap)


def _values(row: DocumentPartRow) -> tuple[str, ...]:
    return (row.marker, row.title, row.text, row.kind, row.outline)


def write_document_sheet(workbook, formats: Formats, meta: ExportMeta, rows: list[DocumentPartRow], name: str) -> None:
    worksheet = workbook.add_worksheet(name)
    worksheet.outline_settings(True, False, False, False)  # a heading's row above the parts it folds
    header = write_title_block(worksheet, formats, meta, _("规划原文"), filtered=False, numbered=True)
    for col, (width, _label, _wrap) in enumerate(_COLUMNS):
        worksheet.set_column(col, col, width)
    write_header(worksheet, formats, header, [str(label) for _width, label, _wrap in _COLUMNS])
    worksheet.freeze_panes(header + 1, _TITLE + 1)
    current = header
    for row in rows:
        current += 1
        values = _values(row)
        worksheet.set_row(current, _row_height(values), None, {"level": min(row.depth, MAX_LEVEL)})
        for col, value in enumerate(values):
            wrap = _COLUMNS[col][2]
            cell_format = formats.cell("text", indent=row.depth if col == _TITLE else 0, wrap=wrap)
            if value:
                write_text(worksheet, current, col, value, cell_format)
            elif wrap:
                worksheet.write_blank(current, col, None, cell_format)
    widths = [width for width, _label, _wrap in _COLUMNS]
    set_print_layout(
        worksheet, meta.plan_title, _("规划原文"), header_rows=(header, header), widths=widths, last_row=current
    )
